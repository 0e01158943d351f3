import factory

from participants.enums import ApplicationStatus, Gender, QuestionKind
from participants.models import (
    Answer,
    Application,
    GuardianConsent,
    Profile,
    Question,
    StatusChange,
)
from tests.factories import clock
from tests.factories.programmes import EventFactory, UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    preferred_name = factory.LazyAttribute(lambda p: p.full_name.split()[0])
    # 25 today, 26 before the factories' event starts (14 March 2001 under the pinned clock).
    date_of_birth = factory.LazyFunction(lambda: clock.birthday(age=25, in_days=69))
    gender = Gender.FEMALE
    nationalities = ["VN"]
    country_of_residence = "VN"
    affiliation = "Vietnam National University"
    languages = ["Vietnamese", "English"]
    phone = "+84 90 123 4567"
    emergency_contact_name = "Nguyen Van An"
    emergency_contact_phone = "+84 90 765 4321"
    emergency_contact_relation = "father"
    time_zone = "Asia/Ho_Chi_Minh"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    kind = QuestionKind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"Question {n}")
    order = factory.Sequence(lambda n: n + 1)
    required = False


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A sent application with its snapshots filled from the applicant's profile."""

    class Meta:
        model = Application

    event = factory.SubFactory(EventFactory)
    applicant = factory.LazyAttribute(lambda a: ProfileFactory().user)
    status = ApplicationStatus.SUBMITTED
    country = "VN"
    gender = Gender.FEMALE
    date_of_birth = factory.LazyFunction(lambda: clock.birthday(age=25, in_days=69))
    # Yesterday at 03:00 UTC: one instant for every application of a test, as before.
    submitted_at = factory.LazyFunction(lambda: clock.at(days=-1, hour=3))

    class Params:
        # A minor's application sent and waiting for the guardian (ask with
        # services.guardian_consent_request).
        awaiting_consent = factory.Trait(
            status=ApplicationStatus.AWAITING_GUARDIAN_CONSENT,
            is_minor=True,
            guardian_name="Le Van Nam",
            guardian_email="nam@example.org",
            guardian_relation="father",
        )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(
        QuestionFactory, event=factory.SelfAttribute("..application.event")
    )
    value = "An answer"


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    application = factory.SubFactory(ApplicationFactory)
    from_status = ApplicationStatus.DRAFT
    to_status = ApplicationStatus.SUBMITTED


class GuardianConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianConsent

    application = factory.SubFactory(
        ApplicationFactory, status=ApplicationStatus.AWAITING_GUARDIAN_CONSENT
    )
    guardian_name = "Tran Thi Mai"
    guardian_email = "mai@example.org"
    guardian_relation = "mother"
    nonce = factory.Sequence(lambda n: f"nonce{n:027d}")
    consent_text_version = "2026-11-v1"
    consent_text = "I agree."
    # Valid past the factories' event; tests of expiry set their own.
    expires_at = factory.LazyFunction(lambda: clock.at(days=365))
