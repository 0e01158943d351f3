"""One event with every state the dashboard counts, built once per module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from attendance.models import CheckIn
from notifications.enums import MessageKind, MessageStatus
from notifications.models import Message
from participants.enums import ApplicationStatus as S
from participants.enums import Gender
from participants.models import StatusChange
from programmes.enums import MemberRole
from review.models import Review
from tests.factories.clock import FROZEN_NOW
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SessionFactory,
    UserFactory,
)
from tests.factories.review import ReviewAssignmentFactory, ReviewSettingsFactory

# (status, country, gender, days before the deadline it was sent (None: a draft), the
# statuses it went through (history), minor)
APPLICATIONS = [
    (S.DRAFT, "VN", Gender.FEMALE, None, [], False),
    (S.AWAITING_GUARDIAN_CONSENT, "VN", Gender.FEMALE, 5, [], True),
    (S.SUBMITTED, "TH", Gender.MALE, 5, [], False),
    (S.UNDER_REVIEW, "TH", Gender.FEMALE, 3, [], False),
    (S.REJECTED, "KH", Gender.MALE, 3, [], False),
    (S.ACCEPTED, "VN", Gender.MALE, 2, [S.ACCEPTED], False),
    (S.DECLINED, "TH", Gender.FEMALE, 2, [S.ACCEPTED, S.DECLINED], False),
    (S.CONFIRMED, "VN", Gender.FEMALE, 1, [S.ACCEPTED, S.CONFIRMED], False),
    (S.CONFIRMED, "VN", Gender.NON_BINARY, 1, [S.ACCEPTED, S.CONFIRMED], True),
    (S.CONFIRMED, "TH", Gender.MALE, 1, [S.ACCEPTED, S.CONFIRMED], False),
    (S.WITHDRAWN, "KH", Gender.FEMALE, 1, [S.ACCEPTED, S.CONFIRMED, S.WITHDRAWN], False),
]


@pytest.fixture(scope="module")
def fixture_event(django_db_setup, django_db_blocker):
    """The event with its applications, reviews, sessions, check-ins and messages; the
    organisation's people by role; a second event of the same programme. Rolled back
    after the module's tests (each runs in its own savepoint inside)."""
    traveller = time_machine.travel(FROZEN_NOW, tick=True)
    traveller.start()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield _build()
            transaction.set_rollback(True)
    finally:
        traveller.stop()


def _build() -> dict:
    organisation = OrganisationFactory()
    programme = ProgrammeFactory(organisation=organisation)
    event = EventFactory(organisation=organisation, programme=programme)
    CountryQuotaFactory(event=event, country="VN", minimum=2, maximum=4)
    CountryQuotaFactory(event=event, country="TH", minimum=3, maximum=None)
    ReviewSettingsFactory(event=event, gender_max_share=Decimal("0.60"))
    close = event.applications_close_at or dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC)
    event.applications_close_at = close
    event.save(update_fields=["applications_close_at"])
    people = {
        role: MembershipFactory(organisation=organisation, role=role).user
        for role in (
            MemberRole.OWNER,
            MemberRole.ORGANISER,
            MemberRole.REVIEWER,
            MemberRole.STAFF,
        )
    }
    reviewers = [people[MemberRole.REVIEWER], UserFactory()]
    applications = []
    for index, (status, country, gender, days, history, minor) in enumerate(APPLICATIONS):
        applicant = ProfileFactory(full_name=f"Applicant {index}").user
        application = ApplicationFactory(
            event=event,
            applicant=applicant,
            status=status,
            country=country,
            gender=gender,
            is_minor=minor,
            submitted_at=None if days is None else close - dt.timedelta(days=days),
        )
        previous = S.SUBMITTED
        for step in history:
            StatusChange.objects.create(
                application=application, from_status=previous, to_status=step
            )
            previous = step
        applications.append(application)
    # Reviews: reviewer 0 has 3 assignments and submitted 2; reviewer 1 one, not done.
    for application, reviewer, done in [
        (applications[3], reviewers[0], True),
        (applications[4], reviewers[0], True),
        (applications[5], reviewers[0], False),
        (applications[6], reviewers[1], False),
    ]:
        assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer)
        Review.objects.create(
            assignment=assignment,
            application=application,
            reviewer=reviewer,
            submitted_at=close if done else None,
        )
    day_one = SessionFactory(event=event, title="Opening")
    SessionFactory(
        event=event,
        title="Workshop",
        starts_at=day_one.starts_at + dt.timedelta(hours=2),
        ends_at=day_one.starts_at + dt.timedelta(hours=3),
    )
    day_two = SessionFactory(
        event=event,
        title="Site visit",
        starts_at=day_one.starts_at + dt.timedelta(days=1),
        ends_at=day_one.starts_at + dt.timedelta(days=1, hours=2),
    )
    confirmed = [a for a in applications if a.status == S.CONFIRMED]
    for n, (session, application) in enumerate(
        [
            (day_one, confirmed[0]),
            (day_one, confirmed[1]),
            (day_two, confirmed[0]),
            (day_one, applications[10]),
        ]
    ):
        CheckIn.objects.create(
            session=session,
            application=application,
            nonce=f"reports-{n}",
            method="search",
            scanned_at=session.starts_at,
        )
    for n, status in enumerate(
        [MessageStatus.SENT] * 3 + [MessageStatus.FAILED, MessageStatus.QUEUED]
    ):
        Message.objects.create(
            to_email=f"m{n}@example.org",
            kind=MessageKind.DECISION_ACCEPTED,
            template="decision_accepted",
            idempotency_key=f"reports-fixture-{n}",
            status=status,
            sent_at=close if status == MessageStatus.SENT else None,
            event=event,
        )
    earlier = EventFactory(
        organisation=organisation,
        programme=programme,
        start_date=event.start_date - dt.timedelta(days=365),
        end_date=event.end_date - dt.timedelta(days=365),
    )
    # Two of this year's confirmed took part the year before too.
    for application in confirmed[:2]:
        ApplicationFactory(
            event=earlier,
            applicant=application.applicant,
            status=S.CONFIRMED,
            country=application.country,
            gender=application.gender,
        )
    ApplicationFactory(
        event=earlier,
        applicant=UserFactory(),
        status=S.CONFIRMED,
        country="KH",
        gender=Gender.MALE,
    )
    _surveys_and_delegations(event, applications, close)
    return {
        "event": event,
        "programme": programme,
        "earlier": earlier,
        "people": people,
        "applications": applications,
    }


def _surveys_and_delegations(event, applications, close) -> None:
    """A before/after survey (4 invited; wave 1: 3 sent and a draft, wave 2: 1 sent), an
    evaluation nobody was invited to yet; four partners (not sent, invited,
    acknowledged, declined) and the acknowledged one's nominees (2 accredited, 1
    nominated, 1 refused)."""
    from delegations.enums import InvitationStatus, NomineeStatus, Participation, PartnerKind
    from delegations.models import EventPartner, Nominee, Partner
    from surveys.enums import SurveyKind
    from surveys.models import Invitation, Response, Survey, Wave

    pair = Survey.objects.create(event=event, kind=SurveyKind.BEFORE_AFTER, title="Perceptions")
    first = Wave.objects.create(
        survey=pair, number=1, opens_at=close, closes_at=close + dt.timedelta(days=2)
    )
    second = Wave.objects.create(
        survey=pair,
        number=2,
        opens_at=close + dt.timedelta(days=20),
        closes_at=close + dt.timedelta(days=22),
    )
    invited = [a for a in applications if a.status in (S.CONFIRMED, S.WITHDRAWN)]
    for n, application in enumerate(invited):
        Invitation.objects.create(survey=pair, application=application, nonce=f"rep-{n}")
    for wave, sent, drafts in ((first, 3, 1), (second, 1, 0)):
        for n in range(sent + drafts):
            Response.objects.create(
                wave=wave, pair_key=f"k{n}", submitted_at=close if n < sent else None
            )
    evaluation = Survey.objects.create(event=event, kind=SurveyKind.EVALUATION, title="Evaluation")
    Wave.objects.create(
        survey=evaluation, number=1, opens_at=close, closes_at=close + dt.timedelta(days=5)
    )

    statuses = [
        InvitationStatus.NOT_SENT,
        InvitationStatus.INVITED,
        InvitationStatus.ACKNOWLEDGED,
        InvitationStatus.DECLINED,
    ]
    for n, status in enumerate(statuses):
        partner = Partner.objects.create(
            organisation=event.organisation,
            key=f"p{n}",
            kind=PartnerKind.COUNTRY,
            official_name=f"Partner {n}",
        )
        delegation = EventPartner.objects.create(
            event=event,
            partner=partner,
            participation=Participation.MEMBER,
            invitation_status=status,
        )
        if status != InvitationStatus.ACKNOWLEDGED:
            continue
        for m, nominee_status in enumerate(
            [
                NomineeStatus.ACCREDITED,
                NomineeStatus.ACCREDITED,
                NomineeStatus.NOMINATED,
                NomineeStatus.REFUSED,
            ]
        ):
            Nominee.objects.create(
                delegation=delegation,
                event=event,
                full_name=f"Delegate {m}",
                email=f"delegate{m}@example.org",
                is_head=m == 0,
                status=nominee_status,
            )
