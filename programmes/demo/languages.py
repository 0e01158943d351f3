"""The seed events in their working languages (issue 17): UNESCO's Bangkok meeting in
English and French, the ASEAN-Korea Youth Network Workshop in English, Korean and
Vietnamese (ASEM works in English only). Titles, themes, summaries, descriptions, the
programme, the legs' cities and the sessions' titles; the questions are in
participants/demo.py and the message templates in notifications/demo.py.

Run after the events and agendas exist; every write sets fixed texts, so a second
``load_demo`` changes nothing.
"""

from __future__ import annotations

from backend.content_language import column, set_translations

from ..caching import agenda_bump_version, event_list_bump_version
from ..models import Event, Leg, Programme, Session
from .base import Demo

UNESCO_SLUG = "unesco-2005-convention-focal-points-2014"
UNESCO = {
    "title": {
        "fr": "Première réunion des points de contact pour la Convention de 2005 "
        "dans la région Asie-Pacifique"
    },
    "theme": {
        "fr": "La diversité des expressions culturelles en Asie : défis et perspectives de la "
        "mise en œuvre de la Convention de 2005"
    },
    "summary": {
        "fr": "Trois jours sur les principes clés et les rapports périodiques de la Convention "
        "sur la protection et la promotion de la diversité des expressions culturelles."
    },
    "description": {
        "fr": "La toute première réunion des points de contact pour la Convention de 2005 en "
        "Asie-Pacifique, co-organisée avec la FICAAC : neuf Parties de la région, avec la "
        "Thaïlande et le Népal, qui envisageaient la ratification, comme observateurs. La "
        "point de contact du Brésil a partagé son expérience avec les délégués."
    },
}
UNESCO_SESSIONS = {
    "Registration": "Inscription",
    "Opening remarks": "Allocutions d’ouverture",
    "The 2005 Convention: key principles": "La Convention de 2005 : principes clés",
    "Lunch": "Déjeuner",
    "Periodic reporting: how it works": "Les rapports périodiques : mode d’emploi",
    "Country presentations (I)": "Présentations des pays (I)",
    "Country presentations (II)": "Présentations des pays (II)",
    "Sharing experience: the focal point of Brazil": "Partage d’expérience : "
    "la point de contact du Brésil",
    "Observers' perspectives: Thailand and Nepal": "Le regard des observateurs : "
    "Thaïlande et Népal",
    "Working groups: implementing the Convention at the national level": "Groupes de travail : "
    "mettre en œuvre la Convention au niveau national",
    "A network of focal points in Asia-Pacific: next steps": "Un réseau des points de contact "
    "en Asie-Pacifique : prochaines étapes",
    "Farewell lunch": "Déjeuner d’adieu",
    "Closing": "Clôture",
}

YOUTH_PROGRAMME_SLUG = "asean-korea-youth-network-workshop"
YOUTH_PROGRAMME = {
    "title": {
        "ko": "한-아세안 청년 네트워크 워크숍",
        "vi": "Hội thảo Mạng lưới Thanh niên ASEAN-Hàn Quốc",
    },
    "description": {
        "ko": "아세안 10개국과 한국의 청년들이 강연, 현장 방문, 팀 미션과 문화 교류를 통해 "
        "아세안과 한국의 역사와 문화를 배우고 상호 이해에 바탕을 둔 네트워크를 만듭니다.",
        "vi": "Thanh niên mười nước thành viên ASEAN và Hàn Quốc tìm hiểu lịch sử và văn hóa "
        "ASEAN và Hàn Quốc qua các bài giảng, chuyến tham quan, nhiệm vụ nhóm và giao lưu văn "
        "hóa, và xây dựng một mạng lưới dựa trên sự hiểu biết lẫn nhau.",
    },
}
YOUTH_EVENTS = {
    "asean-korea-youth-network-workshop-2023": {
        "title": {
            "ko": "2023 한-아세안 청년 네트워크 워크숍",
            "vi": "Hội thảo Mạng lưới Thanh niên ASEAN-Hàn Quốc 2023",
        },
        "summary": {
            "ko": "아세안 10개국과 한국의 청년 48명이 한국과 베트남에서 보내는 9일.",
            "vi": "Chín ngày ở Hàn Quốc và Việt Nam cho 48 thanh niên từ mười nước thành viên "
            "ASEAN và Hàn Quốc.",
        },
    },
}
YOUTH_NEXT = {
    "title": {
        "ko": "{year} 한-아세안 청년 네트워크 워크숍",
        "vi": "Hội thảo Mạng lưới Thanh niên ASEAN-Hàn Quốc {year}",
    },
    "theme": {
        "ko": "미래를 만드는 청년: 아세안과 한국을 잇는 유산, 관광, 우정",
        "vi": "Thanh niên kiến tạo tương lai: di sản, du lịch và tình hữu nghị ASEAN-Hàn Quốc",
    },
    "summary": {
        "ko": "아세안 10개국과 한국의 19-29세 청년 48명이 서울과 하노이에서 보내는 9일: "
        "강연, 현장 방문, 팀 미션과 문화 교류.",
        "vi": "Chín ngày ở Seoul và Hà Nội cho 48 thanh niên 19-29 tuổi từ mười nước thành viên "
        "ASEAN và Hàn Quốc: bài giảng, tham quan, nhiệm vụ nhóm và giao lưu văn hóa.",
    },
    "description": {
        "ko": "항공, 숙식이 지원됩니다. 참가자는 모든 세션에 참여하고, 도시마다 혼성 팀으로 "
        "관광 미션을 수행하며, 마지막 날 제안을 발표합니다.",
        "vi": "Chi phí đi lại, ăn ở được tài trợ. Học viên tham gia mọi phiên, làm việc theo "
        "nhóm hỗn hợp trong một nhiệm vụ du lịch ở mỗi thành phố và trình bày đề xuất vào "
        "ngày cuối.",
    },
}
YOUTH_CITIES = {"Seoul": {"ko": "서울", "vi": "Seoul"}, "Hanoi": {"ko": "하노이", "vi": "Hà Nội"}}
YOUTH_SESSIONS = {
    "Arrival, registration and welcome kit": (
        "도착, 등록, 웰컴 키트",
        "Đến nơi, đăng ký và nhận quà",
    ),
    "Welcome lunch": ("환영 오찬", "Bữa trưa chào mừng"),
    "Opening ceremony": ("개회식", "Lễ khai mạc"),
    "Lecture: 35 years of ASEAN-Korea dialogue relations": (
        "강연: 한-아세안 대화 관계 35년",
        "Bài giảng: 35 năm quan hệ đối thoại ASEAN-Hàn Quốc",
    ),
    "Welcome dinner and team building": (
        "환영 만찬과 팀 빌딩",
        "Tiệc tối chào mừng và gắn kết nhóm",
    ),
    "Lecture: Mutual perceptions of ASEAN and Korean youth": (
        "강연: 아세안과 한국 청년의 상호 인식",
        "Bài giảng: Nhận thức lẫn nhau của thanh niên ASEAN và Hàn Quốc",
    ),
    "Site visit: Gyeongbokgung Palace": ("현장 방문: 경복궁", "Tham quan: Cung Gyeongbok"),
    "Lunch": ("점심", "Bữa trưa"),
    "Dinner": ("저녁", "Bữa tối"),
    "Team mission briefing: Seoul through visitors' eyes": (
        "팀 미션 안내: 방문자의 눈으로 본 서울",
        "Giới thiệu nhiệm vụ nhóm: Seoul qua con mắt du khách",
    ),
    "Lecture: Innovating changes in tourism": (
        "강연: 관광의 혁신적 변화",
        "Bài giảng: Đổi mới trong du lịch",
    ),
    "Team mission: Bukchon field research": (
        "팀 미션: 북촌 현장 조사",
        "Nhiệm vụ nhóm: Khảo sát thực địa Bukchon",
    ),
    "Cultural exchange night: traditions of ASEAN and Korea": (
        "문화 교류의 밤: 아세안과 한국의 전통",
        "Đêm giao lưu văn hóa: truyền thống ASEAN và Hàn Quốc",
    ),
    "Site visit: HiKR Ground and Cheonggyecheon": (
        "현장 방문: 하이커 그라운드와 청계천",
        "Tham quan: HiKR Ground và suối Cheonggye",
    ),
    "Lecture: Heritage and community-based tourism": (
        "강연: 유산과 지역 공동체 기반 관광",
        "Bài giảng: Di sản và du lịch cộng đồng",
    ),
    "Free afternoon in Seoul": ("서울 자유 시간", "Buổi chiều tự do ở Seoul"),
    "Team mission presentations (Korea leg)": (
        "팀 미션 발표 (한국 일정)",
        "Trình bày nhiệm vụ nhóm (chặng Hàn Quốc)",
    ),
    "Farewell dinner, Korea leg": ("한국 일정 환송 만찬", "Tiệc chia tay chặng Hàn Quốc"),
    "Breakfast and check-out": ("조식과 체크아웃", "Bữa sáng và trả phòng"),
    "Travel day: Incheon (ICN) to Hanoi (HAN)": (
        "이동일: 인천(ICN)에서 하노이(HAN)로",
        "Ngày di chuyển: Incheon (ICN) đến Hà Nội (HAN)",
    ),
    "Arrival briefing in Hanoi": ("하노이 도착 안내", "Giới thiệu khi đến Hà Nội"),
    "Lecture: Tourism and youth in Viet Nam": (
        "강연: 베트남의 관광과 청년",
        "Bài giảng: Du lịch và thanh niên Việt Nam",
    ),
    "Workshop: Designing a sustainable tour": (
        "워크숍: 지속 가능한 여행 설계",
        "Hội thảo: Thiết kế một tour du lịch bền vững",
    ),
    "Site visit: Temple of Literature": ("현장 방문: 문묘", "Tham quan: Văn Miếu - Quốc Tử Giám"),
    "Cultural exchange with Vietnamese students": (
        "베트남 대학생과의 문화 교류",
        "Giao lưu văn hóa với sinh viên Việt Nam",
    ),
    "Team mission: Hanoi Old Quarter": ("팀 미션: 하노이 구시가지", "Nhiệm vụ nhóm: Phố cổ Hà Nội"),
    "Site visit: Bat Trang ceramic village": (
        "현장 방문: 밧짱 도자기 마을",
        "Tham quan: Làng gốm Bát Tràng",
    ),
    "Team mission: proposals for youth tourism": (
        "팀 미션: 청년 관광 제안",
        "Nhiệm vụ nhóm: đề xuất cho du lịch thanh niên",
    ),
    "Final presentations: innovating changes in tourism": (
        "최종 발표: 관광의 혁신적 변화",
        "Trình bày cuối khóa: đổi mới trong du lịch",
    ),
    "Closing ceremony and certificates": ("폐회식과 수료증 수여", "Lễ bế mạc và trao chứng nhận"),
    "Farewell lunch": ("환송 오찬", "Bữa trưa chia tay"),
    "Check-out and airport transfers": ("체크아웃과 공항 이동", "Trả phòng và đưa ra sân bay"),
    "Panel: Youth shaping the future of ASEAN-Korea tourism": (
        "패널: 한-아세안 관광의 미래를 만드는 청년",
        "Tọa đàm: Thanh niên kiến tạo tương lai du lịch ASEAN-Hàn Quốc",
    ),
}


def load_content_languages(demo: Demo) -> None:
    """Give the seed events their working languages and texts in them."""
    unesco = Event.objects.filter(slug=UNESCO_SLUG).first()
    if unesco is not None:
        _translate(unesco, UNESCO, working_languages=["en", "fr"])
        _translate_sessions(unesco, {title: {"fr": fr} for title, fr in UNESCO_SESSIONS.items()})
        for leg in Leg.objects.filter(event=unesco, city_en="Bangkok"):
            _translate(leg, {"city": {"fr": "Bangkok"}})
    programme = Programme.objects.filter(slug=YOUTH_PROGRAMME_SLUG).first()
    if programme is not None:
        _translate(programme, YOUTH_PROGRAMME)
    youth_sessions = {title: {"ko": ko, "vi": vi} for title, (ko, vi) in YOUTH_SESSIONS.items()}
    for event in Event.objects.filter(programme__slug=YOUTH_PROGRAMME_SLUG):
        year = event.start_date.year
        texts = YOUTH_EVENTS.get(event.slug) or {
            field: {code: text.format(year=year) for code, text in by_language.items()}
            for field, by_language in YOUTH_NEXT.items()
        }
        _translate(event, texts, working_languages=["en", "ko", "vi"])
        _translate_sessions(event, youth_sessions)
        for leg in Leg.objects.filter(event=event):
            _translate(leg, {"city": YOUTH_CITIES.get(leg.city_en or "", {})})


def _translate(instance, texts: dict[str, dict[str, str]], **fields) -> None:
    """Set the texts (and ``fields``) and write only what differs, so a second run
    writes nothing."""
    before = {name: getattr(instance, name) for name in fields}
    columns_before = {
        column(field, code): getattr(instance, column(field, code))
        for field, by_language in texts.items()
        for code in by_language
    }
    for field, by_language in texts.items():
        set_translations(instance, field, by_language)
    for name, value in fields.items():
        setattr(instance, name, value)
    changed = [name for name, value in fields.items() if before[name] != value] + [
        name for name, value in columns_before.items() if getattr(instance, name) != value
    ]
    if changed:
        instance.save(update_fields=changed)
        event_id = (
            instance.pk if isinstance(instance, Event) else getattr(instance, "event_id", None)
        )
        event_list_bump_version()
        agenda_bump_version(event_ids=[event_id] if event_id else [])


def _translate_sessions(event: Event, titles: dict[str, dict[str, str]]) -> None:
    for session in Session.objects.filter(event=event, title_en__in=list(titles)):
        _translate(session, {"title": titles[session.title_en]})
