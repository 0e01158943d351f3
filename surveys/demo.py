"""Demo data for surveys/, loaded by ``manage.py load_demo`` after the apps it builds on.

- The 2023 Youth Network Workshop (nine days in Seoul and Hanoi, 48 youth: four from
  each ASEAN member state and eight from Korea, the seed article's cohort) asked its
  perception survey before arrival and on the last day. Most answered both times, three
  only before, two only after and one never; the answers move on the items the
  workshop worked on (knowing each other's history, trust, wanting to work abroad) and
  hardly on the others, as such exchanges report.
- Yesterday's alumni day and today's youth dialogue ask for feedback on their sessions
  that have ended: most of yesterday's participants answered; today's is open, so the
  demo applicant (Dewi) finds "Give feedback" on her agenda.

Everything goes through the services: the participants through participants' demo
(submitted, selected and confirmed), the questions through participants' form
services, the surveys, invitations and responses through surveys' services. A second
load finds what the first made (surveys by title, responses by pair key) and changes
nothing; the feedback invitations' mails have idempotency keys.
"""

from __future__ import annotations

import datetime as dt
import random

from backend.content_language import column, set_translations
from participants.demo import _profile, _user, closed_call
from participants.enums import ApplicationStatus, QuestionKind, QuestionnairePurpose
from participants.models import Questionnaire
from participants.services import question_create, questionnaire_create
from programmes.demo import Demo
from programmes.enums import SessionStatus

from . import services
from .enums import SurveyKind, WaveNumber
from .models import Survey

FIRST = {
    "BN": ["Hazirah", "Aiman", "Nadiah", "Hakeem"],
    "KH": ["Sreymom", "Vannak", "Bopha", "Rithy"],
    "ID": ["Putri", "Bagus", "Siti", "Arief"],
    "LA": ["Noy", "Souk", "Phet", "Vilay"],
    "MY": ["Aina", "Faris", "Jia Hui", "Arvind"],
    "MM": ["Hnin", "Zaw", "Su", "Min"],
    "PH": ["Andrea", "Miguel", "Bea", "Paolo"],
    "SG": ["Hui Min", "Ravi", "Shu Ting", "Darren"],
    "TH": ["Pim", "Krit", "Nok", "Tanawat"],
    "VN": ["Thu Trang", "Duc Minh", "Lan Anh", "Quang Huy"],
    "KR": ["Seo-jin", "Do-yun", "Ha-eun", "Ji-ho", "Soo-ah", "Tae-min", "Yu-na", "Jun-seo"],
}
FAMILY = {
    "BN": "Abdullah", "KH": "Sok", "ID": "Santoso", "LA": "Sivongsa", "MY": "Lim",
    "MM": "Oo", "PH": "Dela Cruz", "SG": "Tan", "TH": "Wongsa", "VN": "Pham", "KR": "Kang",
}  # fmt: skip

ITEMS = [
    # (statement, mean before, mean shift): the workshop worked on the first three.
    ("I know the history and cultures of the other countries", 2.7, 1.0),
    ("I trust young people from the other countries", 3.3, 0.6),
    ("I would like to study or work in another of these countries", 3.2, 0.5),
    ("ASEAN and Korea are equal partners", 3.4, 0.1),
    ("I follow news about ASEAN-Korea cooperation", 2.5, 0.2),
]
ONLY_BEFORE, ONLY_AFTER, NEITHER = {5, 22, 39}, {14, 31}, {46}
SEED = 2023


def _cohort(demo: Demo) -> dict[str, object]:
    people = {}
    index = 0
    for country, firsts in FIRST.items():
        for number, first in enumerate(firsts):
            key = f"ynw23-{country.lower()}{number + 1}"
            user = _user(key, first, FAMILY[country])
            _profile(
                user,
                full_name=f"{first} {FAMILY[country]}",
                nationality=country,
                gender="female" if number % 2 == 0 else "male",
                date_of_birth=dt.date(1996 + index % 8, 1 + index % 12, 1 + index % 27),
            )
            people[key] = user
            index += 1
    return people


def _questionnaire(event, title: str, questions: list[dict]) -> Questionnaire:
    existing = Questionnaire.objects.filter(
        event=event, purpose=QuestionnairePurpose.SURVEY, title=title
    ).first()
    if existing is not None:
        return existing
    form = questionnaire_create(event=event, purpose=QuestionnairePurpose.SURVEY, title=title)
    for data in questions:
        question_create(event=event, questionnaire=form, data=data)
    return form


def _perception_form(event) -> Questionnaire:
    agree = {"scale_points": 5, "low_label": "Strongly disagree", "high_label": "Strongly agree"}
    return _questionnaire(
        event,
        "Youth perceptions of ASEAN and Korea",
        [
            {"kind": QuestionKind.SECTION, "label": "How you see each other"},
            {**agree, "kind": QuestionKind.LIKERT_MATRIX, "label": "How far do you agree?",
             "choices": [s for s, _m, _d in ITEMS], "required": True},
            {"kind": QuestionKind.LONG_TEXT, "label": "What, if anything, changed how you see the other countries?"},
        ],
    )  # fmt: skip


def _feedback_form(event) -> Questionnaire:
    return _questionnaire(
        event,
        "Session feedback",
        [
            {"kind": QuestionKind.RATING, "scale_points": 5, "label": "How useful was this session?",
             "required": True},
            {"kind": QuestionKind.NPS, "label": "Would you recommend it to a friend?",
             "low_label": "Not at all", "high_label": "Certainly"},
            {"kind": QuestionKind.LONG_TEXT, "label": "What should we keep or change?"},
        ],
    )  # fmt: skip


def _point(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.85))))


COMMENTS = [
    "Living with my team showed me how much we share.",
    "I did not know Korea and Vietnam had so much history together.",
    "The team mission in Hanoi made me want to work in tourism abroad.",
    "Meeting people from every ASEAN country changed my picture of the region.",
    "I want to learn Korean now.",
    "Talking about our food and festivals every evening was the best part.",
]


# The perception survey in the youth workshop's other working languages (ko, vi): set on
# every load, so a database seeded before they were added gets them too.
PERCEPTION_TEXTS = {
    "title": {
        "ko": "청년 인식 조사: 워크숍 전과 후",
        "vi": "Nhận thức của thanh niên: trước và sau hội thảo",
    },
    "intro": {
        "ko": "도착 전과 마지막 날에 같은 질문을 드립니다. 워크숍이 무엇을 바꾸었는지 알아봅니다.",
        "vi": "Cùng những câu hỏi trước khi bạn đến và vào ngày cuối: hội thảo đã thay đổi điều gì.",
    },
}
PERCEPTION_FORM_TITLE = {
    "ko": "아세안과 한국에 대한 청년 인식",
    "vi": "Nhận thức của thanh niên về ASEAN và Hàn Quốc",
}
PERCEPTION_QUESTIONS = {
    # The questions in order (the section, the matrix, the comment): label_ko/vi and, for
    # the matrix, its statements (in ITEMS' order) and its scale's end labels.
    "How you see each other": {"label_ko": "서로를 어떻게 보는가", "label_vi": "Cách các bạn nhìn nhau"},
    "How far do you agree?": {
        "label_ko": "얼마나 동의하십니까?",
        "label_vi": "Bạn đồng ý đến mức nào?",
        "low_label_ko": "전혀 동의하지 않음",
        "low_label_vi": "Hoàn toàn không đồng ý",
        "high_label_ko": "매우 동의함",
        "high_label_vi": "Hoàn toàn đồng ý",
        "choice_labels_ko": [
            "나는 다른 나라들의 역사와 문화를 안다",
            "나는 다른 나라의 청년들을 신뢰한다",
            "나는 이 나라들 중 다른 나라에서 공부하거나 일하고 싶다",
            "아세안과 한국은 대등한 동반자이다",
            "나는 아세안-한국 협력 소식을 챙겨 본다",
        ],
        "choice_labels_vi": [
            "Tôi biết lịch sử và văn hóa của các nước khác",
            "Tôi tin tưởng thanh niên từ các nước khác",
            "Tôi muốn học tập hoặc làm việc ở một nước khác trong số này",
            "ASEAN và Hàn Quốc là những đối tác bình đẳng",
            "Tôi theo dõi tin tức về hợp tác ASEAN - Hàn Quốc",
        ],
    },
    "What, if anything, changed how you see the other countries?": {
        "label_ko": "다른 나라들을 보는 시각을 바꾼 것이 있다면 무엇입니까?",
        "label_vi": "Điều gì, nếu có, đã thay đổi cách bạn nhìn các nước khác?",
    },
}  # fmt: skip


def _perception_texts(survey: Survey) -> None:
    """The survey's, its form's and its questions' Korean and Vietnamese texts."""
    for field, values in PERCEPTION_TEXTS.items():
        set_translations(survey, field, values)
    survey.save(update_fields=[column(f, code) for f in PERCEPTION_TEXTS for code in ("ko", "vi")])
    form = survey.questionnaire
    set_translations(form, "title", PERCEPTION_FORM_TITLE)
    form.save(update_fields=[column("title", code) for code in PERCEPTION_FORM_TITLE])
    for question in form.questions.all():
        texts = PERCEPTION_QUESTIONS.get(getattr(question, column("label", "en")), {})
        for name, value in texts.items():
            field, code = name.rsplit("_", 1)
            set_translations(question, field, {code: value})
        if texts:
            question.save(update_fields=list(texts))


def _perception_survey(demo: Demo) -> None:
    event = demo.events["akynw-2023"]
    people = _cohort(demo)
    closed_call(demo, "akynw-2023", dict.fromkeys(people, ApplicationStatus.CONFIRMED), people)
    survey = Survey.objects.filter(event=event, title="Youth perceptions, before and after").first()
    start = dt.datetime.combine(event.start_date, dt.time(0, 0), tzinfo=event.zone)
    end = dt.datetime.combine(event.end_date, dt.time(0, 0), tzinfo=event.zone)
    if survey is None:
        survey = services.survey_create(
            event=event,
            kind=SurveyKind.BEFORE_AFTER,
            title="Youth perceptions, before and after",
            intro="The same questions before you arrive and on the last day: what the workshop changed.",
            questionnaire=_perception_form(event),
            opens_at=start - dt.timedelta(days=14),
            closes_at=start,
            second_opens_at=end,
            second_closes_at=end + dt.timedelta(days=14),
            by=demo.users["organiser"],
        )
        services.survey_publish_summary(survey=survey, published=True, by=demo.users["organiser"])
    _perception_texts(survey)
    matrix, comment = (
        q
        for q in survey.questionnaire.questions.order_by("order")
        if q.kind != QuestionKind.SECTION
    )
    before_wave, after_wave = survey.waves.order_by("number")
    invitations = {i.application.applicant_id: i for i in services.invitations_ensure(survey)}
    rng = random.Random(SEED)
    for index, user in enumerate(people.values()):
        invitation = invitations.get(user.pk)
        lift = rng.gauss(1.0, 0.35)  # some people move more than others
        before = {str(r): _point(rng, mean) for r, (_s, mean, _d) in enumerate(ITEMS)}
        after = {
            str(r): _point(rng, mean + shift * lift) for r, (_s, mean, shift) in enumerate(ITEMS)
        }
        if invitation is None:
            continue
        for wave, answers, skip in (
            (before_wave, {str(matrix.pk): before}, ONLY_AFTER | NEITHER),
            (after_wave, {str(matrix.pk): after, str(comment.pk): COMMENTS[index % len(COMMENTS)]}, ONLY_BEFORE | NEITHER),
        ):  # fmt: skip
            if index in skip or services.response_of(invitation, wave) is not None:
                continue
            services.response_save(
                invitation=invitation,
                wave=wave,
                answers=answers,
                submit=True,
                now=wave.opens_at + dt.timedelta(days=1 + index % 7, hours=index % 9),
            )


def _session_feedback(demo: Demo, event_key: str, *, answered_share: float) -> None:
    event = demo.events[event_key]
    form = _feedback_form(event)
    ended = [
        s
        for s in event.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
        if s.ends_at <= demo.now
    ]
    rng = random.Random(f"{SEED}-{event_key}")
    for session in ended:
        survey = Survey.objects.filter(event=event, session=session).first()
        if survey is None:
            survey = services.survey_create(
                event=event,
                kind=SurveyKind.SESSION_FEEDBACK,
                title=f"Feedback: {session.title}",
                session=session,
                questionnaire=form,
                opens_at=session.ends_at,
                closes_at=session.ends_at + dt.timedelta(days=7),
                by=demo.users["organiser"],
            )
        wave = survey.waves.get(number=WaveNumber.FIRST)
        services.wave_invite(wave=wave, now=demo.now)
        useful, nps, comment = form.questions.order_by("order")
        for invitation in survey.invitations.select_related("application__applicant").order_by(
            "pk"
        ):
            if invitation.application.applicant_id == demo.users["applicant"].pk:
                continue  # Dewi's feedback is hers to give
            # Every draw is made whether or not the answer exists, so a second load
            # takes the same decisions for everyone.
            answers_now = rng.random() <= answered_share
            answers = {
                str(useful.pk): rng.choice([3, 4, 4, 5, 5]),
                str(nps.pk): rng.choice([6, 7, 8, 9, 9, 10, 10]),
                str(comment.pk): rng.choice(
                    ["More time for questions.", "Great speakers.", "Keep the group work."]
                ),
            }
            if not answers_now or services.response_of(invitation, wave):
                continue
            services.response_save(
                invitation=invitation,
                wave=wave,
                answers=answers,
                submit=True,
                now=min(demo.now, wave.closes_at - dt.timedelta(minutes=1)),
            )


def load(demo: Demo) -> None:
    _perception_survey(demo)
    _session_feedback(demo, "alumni-yesterday", answered_share=0.8)
    _session_feedback(demo, "dialogue-today", answered_share=0.5)
