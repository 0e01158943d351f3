"""Demo data for participants, run by ``manage.py load_demo`` after programmes/demo/.

Profiles for the demo applicant, the demo minor and a group of young people from the ten
ASEAN member states and Korea, and their applications, each brought to its state through
the services (draft, submit, the one status service, confirm), so that history rows,
signals and outbox mail are what a real applicant would have caused.

Idempotent: a person's application to an event is built only when they have none yet.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.contrib.auth import get_user_model

from programmes.demo import Demo
from programmes.services import event_update

from . import services
from .enums import ApplicationStatus as S
from .models import Application, age_on

# The minor's guardian has no account: the consent request is mailed to this address,
# which under ``make run`` means a file in var/mail/.
GUARDIAN = {
    "guardian_name": "Tran Van Hung",
    "guardian_email": "guardian@bridges.demo",
    "guardian_relation": "Father",
}

# key: (full name, first name, family name, nationality, gender, age on the open call's first day)
YOUTH = {
    "aisyah": ("Nur Aisyah Hamid", "Aisyah", "Hamid", "BN", "female", 23),
    "sokha": ("Chea Sokha", "Sokha", "Chea", "KH", "female", 21),
    "dara": ("Sok Dara", "Dara", "Sok", "KH", "male", 26),
    "rizky": ("Rizky Pratama", "Rizky", "Pratama", "ID", "male", 24),
    "ayu": ("Ayu Wulandari", "Ayu", "Wulandari", "ID", "female", 20),
    "khamla": ("Khamla Phommachanh", "Khamla", "Phommachanh", "LA", "female", 25),
    "amir": ("Amir Hakim bin Yusof", "Amir", "Yusof", "MY", "male", 27),
    "meiling": ("Tan Mei Ling", "Mei Ling", "Tan", "MY", "female", 22),
    "thiri": ("Thiri Aung", "Thiri", "Aung", "MM", "female", 24),
    "kyaw": ("Kyaw Zin Htet", "Kyaw", "Htet", "MM", "male", 28),
    "maria": ("Maria Clara Santos", "Maria", "Santos", "PH", "female", 22),
    "joshua": ("Joshua Reyes", "Joshua", "Reyes", "PH", "male", 25),
    "weijie": ("Lim Wei Jie", "Wei Jie", "Lim", "SG", "male", 23),
    "ploy": ("Ploy Srisuk", "Ploy", "Srisuk", "TH", "female", 21),
    "nattapong": ("Nattapong Chaiyaporn", "Nattapong", "Chaiyaporn", "TH", "male", 26),
    "minhanh": ("Nguyen Minh Anh", "Minh Anh", "Nguyen", "VN", "female", 20),
    "nam": ("Le Hoang Nam", "Nam", "Le", "VN", "male", 24),
    "jiwoo": ("Kim Ji-woo", "Ji-woo", "Kim", "KR", "female", 22),
    "minjun": ("Park Min-jun", "Min-jun", "Park", "KR", "male", 25),
    "seoyeon": ("Lee Seo-yeon", "Seo-yeon", "Lee", "KR", "female", 27),
    "hyunwoo": ("Choi Hyun-woo", "Hyun-woo", "Choi", "KR", "male", 19),
}

# The open Youth Network call: under review once reviewed (review/demo.py), else submitted.
NETWORK_APPLICANTS = [
    "aisyah", "sokha", "dara", "rizky", "ayu", "khamla", "amir", "meiling", "thiri",
    "kyaw", "maria", "joshua", "weijie", "ploy", "minhanh", "jiwoo", "minjun", "seoyeon",
]  # fmt: skip
# The ESG forum (call closed, selection made): who got which answer.
ESG_DECISIONS = {
    "applicant": S.ACCEPTED,  # the offer waits for the applicant's answer
    "rizky": S.CONFIRMED,
    "meiling": S.CONFIRMED,
    "thiri": S.CONFIRMED,
    "nam": S.CONFIRMED,
    "seoyeon": S.ACCEPTED,
    "joshua": S.WAITLISTED,
    "kyaw": S.REJECTED,
    "ploy": S.SUBMITTED,
}
DIALOGUE_PARTICIPANTS = [
    "applicant", "sokha", "ayu", "amir", "thiri", "maria", "weijie", "nattapong", "minhanh",
    "jiwoo", "hyunwoo",
]  # fmt: skip
ALUMNI_PARTICIPANTS = ["applicant", "aisyah", "dara", "khamla", "kyaw", "ploy", "nam", "minjun"]
CAMP_APPLICANTS = ["hyunwoo", "minhanh", "ayu"]

MOTIVATION = (
    "I study {field} and I want to understand how young people in ASEAN and Korea see each "
    "other. In my city I volunteer with a youth group that guides visitors through our old "
    "neighbourhoods, and I would like to learn how heritage and tourism can support local "
    "communities instead of pushing them out. I hope to bring my experience of {skill} to a "
    "mixed team, to build friendships that last beyond the programme, and to share what I learn "
    "with the students and volunteers at home."
)
FIELDS = ["tourism management", "cultural studies", "architecture", "economics", "media"]
SKILLS = ["community projects", "photography", "event planning", "translation", "research"]


def _motivation(index: int) -> str:
    return MOTIVATION.format(field=FIELDS[index % 5], skill=SKILLS[(index * 2) % 5])


def _user(key: str, first: str, last: str):
    User = get_user_model()
    username = f"demo.{key}"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{key}@bridges.demo", "first_name": first, "last_name": last},
    )
    if created:
        # These applicants exist for the organisers' lists; only the role logins sign in.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _birthday(age: int, on: dt.date, index: int) -> dt.date:
    """A date of birth that makes the person ``age`` on ``on``."""
    born = dt.date(on.year - age, 1 + index % 12, 1 + (index * 7) % 28)
    if age_on(born, on) != age:
        born = born.replace(year=born.year - 1)
    return born


def _profile(user, *, full_name, nationality, gender, date_of_birth, **extra) -> None:
    services.profile_update(
        user=user,
        data={
            "full_name": full_name,
            "date_of_birth": date_of_birth,
            "gender": gender,
            "nationalities": [nationality],
            "country_of_residence": nationality,
            "languages": ["English"],
            **extra,
        },
    )


def _existing(demo: Demo, person: str, event_key: str, user) -> Application | None:
    application = (
        Application.objects.filter(event=demo.events[event_key], applicant=user)
        .exclude(status=S.WITHDRAWN)
        .first()
    )
    if application is not None:
        demo.applications[(person, event_key)] = application
    return application


def _answers(event, index: int) -> dict[int, str]:
    question = services.event_default_questions(event)[0]
    return {question.pk: _motivation(index)}


def apply_and_submit(demo: Demo, person: str, event_key: str, user, index: int, **guardian):
    """A complete application, submitted while the call is open (all of submit's checks)."""
    if (existing := _existing(demo, person, event_key, user)) is not None:
        return existing
    event = demo.events[event_key]
    draft = services.application_save_draft(
        event=event, applicant=user, answers=_answers(event, index), guardian=guardian or None
    )
    application = services.application_submit(application=draft, by=user)
    demo.applications[(person, event_key)] = application
    return application


@contextmanager
def call_replayed(demo: Demo, event_key: str):
    """Open the call of an event whose call is history for the moment of the load.

    Drafts and submit check the call against the clock, as they must; the demo replays
    such a call by opening it now, submitting, and closing it again (``event_update``
    both times), all inside load_demo's transaction, so nobody sees it open.
    """
    event = demo.events[event_key]
    history = {
        "applications_open_at": event.applications_open_at,
        "applications_close_at": event.applications_close_at,
    }
    event_update(
        event=event,
        data={
            "applications_open_at": demo.now - dt.timedelta(days=1),
            "applications_close_at": demo.now + dt.timedelta(hours=1),
        },
    )
    event.refresh_from_db()
    try:
        yield
    finally:
        event_update(event=event, data=history)
        event.refresh_from_db()


def closed_call(demo: Demo, event_key: str, plan: dict[str, str], people: dict) -> None:
    """Applications submitted to a call that has closed, then taken on to the status in
    ``plan`` by the organiser's decision (and the applicant's confirmation)."""
    todo = {k: to for k, to in plan.items() if _existing(demo, k, event_key, people[k]) is None}
    if not todo:
        return
    with call_replayed(demo, event_key):
        submitted = {
            k: apply_and_submit(demo, k, event_key, people[k], index)
            for index, k in enumerate(todo)
        }
    for key, to in todo.items():
        application = submitted[key]
        if to != S.SUBMITTED:
            application = services.application_transition(
                application=application,
                to_status=S.ACCEPTED if to == S.CONFIRMED else to,
                by=demo.users["organiser"],
                note="Selected by the organisers.",
            )
        if to == S.CONFIRMED:
            application = services.application_confirm(application=application, by=people[key])
        demo.applications[(key, event_key)] = application


def load(demo: Demo) -> None:
    network = demo.events["akynw-next"]
    camp = demo.events["culture-camp"]
    people = {}
    for index, (key, (full, first, last, country, gender, age)) in enumerate(YOUTH.items()):
        user = _user(key, first, last)
        _profile(
            user,
            full_name=full,
            nationality=country,
            gender=gender,
            date_of_birth=_birthday(age, network.start_date, index),
        )
        people[key] = user

    applicant = demo.users["applicant"]
    people["applicant"] = applicant
    _profile(
        applicant,
        full_name="Dewi Lestari",
        preferred_name="Dewi",
        nationality="ID",
        gender="female",
        date_of_birth=_birthday(24, network.start_date, 3),
        affiliation="Universitas Gadjah Mada, Tourism Studies",
        languages=["Indonesian", "English", "Korean (basic)"],
        phone="+62 812 3456 7890",
        dietary_needs="Halal",
        emergency_contact_name="Sri Lestari",
        emergency_contact_phone="+62 812 9876 5432",
        emergency_contact_relation="Mother",
        time_zone="Asia/Jakarta",
    )
    minor = demo.users["minor"]
    _profile(
        minor,
        full_name="Tran Thi Mai",
        preferred_name="Mai",
        nationality="VN",
        gender="female",
        date_of_birth=_birthday(16, camp.start_date, 5),
        languages=["Vietnamese", "English"],
        time_zone="Asia/Ho_Chi_Minh",
    )

    # The open call under review: the applicant and eighteen others.
    apply_and_submit(demo, "applicant", "akynw-next", applicant, 0)
    for index, key in enumerate(NETWORK_APPLICANTS, start=1):
        apply_and_submit(demo, key, "akynw-next", people[key], index)

    # The call for ages 15-29: the minor waits for her father's consent (the request is
    # mailed through the outbox); the applicant has a draft; three others submitted.
    apply_and_submit(demo, "minor", "culture-camp", minor, 0, **GUARDIAN)
    for index, key in enumerate(CAMP_APPLICANTS, start=1):
        apply_and_submit(demo, key, "culture-camp", people[key], index)
    if _existing(demo, "applicant", "culture-camp", applicant) is None:
        demo.applications[("applicant", "culture-camp")] = services.application_save_draft(
            event=camp, applicant=applicant
        )

    closed_call(demo, "esg-forum", ESG_DECISIONS, people)
    closed_call(demo, "dialogue-today", dict.fromkeys(DIALOGUE_PARTICIPANTS, S.CONFIRMED), people)
    closed_call(demo, "alumni-yesterday", dict.fromkeys(ALUMNI_PARTICIPANTS, S.CONFIRMED), people)
