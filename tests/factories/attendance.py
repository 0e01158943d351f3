"""Participants as attendance sees them (confirmed applications with a profile), passes,
check-ins, policies and certificates."""

import datetime as dt

import factory

from attendance import qr
from attendance.models import AttendancePolicy, Certificate, CheckIn, Pass
from participants.enums import ApplicationStatus
from participants.models import Application, Profile
from tests.factories.programmes import EventFactory, SessionFactory, UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda p: f"{p.user.first_name} {p.user.last_name}")
    country_of_residence = "VN"


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A confirmed application: a participant of the event."""

    class Meta:
        model = Application

    event = factory.SubFactory(EventFactory)
    applicant = factory.SubFactory(UserFactory)
    status = ApplicationStatus.CONFIRMED
    country = "VN"
    profile = factory.RelatedFactory(ProfileFactory, user=factory.SelfAttribute("..applicant"))


class PassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pass

    application = factory.SubFactory(ParticipantFactory)
    event = factory.SelfAttribute("application.event")
    nonce = factory.LazyFunction(qr.new_nonce)
    feed_token = factory.Sequence(lambda n: f"feed-token-{n}-abcdefghijklmnopqrstuvwxyz")


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    session = factory.SubFactory(SessionFactory)
    application = factory.SubFactory(
        ParticipantFactory, event=factory.SelfAttribute("..session.event")
    )
    nonce = factory.Sequence(lambda n: f"factory-nonce-{n:06d}")
    method = "search"
    scanned_at = factory.LazyAttribute(lambda c: c.session.starts_at + dt.timedelta(minutes=1))


class AttendancePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendancePolicy
        django_get_or_create = ("event",)

    event = factory.SubFactory(EventFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    """An issued certificate without its PDF yet (certificate_render writes it)."""

    class Meta:
        model = Certificate

    application = factory.SubFactory(ParticipantFactory)
    event = factory.SelfAttribute("application.event")
    code = factory.Sequence(lambda n: f"TEST-CODE-{n:04d}")
    participant_name = "Anh Test"
    attendance_percent = 90
    sessions_attended = 9
    sessions_total = 10
