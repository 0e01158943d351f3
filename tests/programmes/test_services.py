import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from backend.errors import BridgesError, ConflictError
from programmes import services
from programmes.enums import EventStatus, MemberRole
from programmes.models import CountryQuota, Event, Leg, Membership, Organisation, Session, Venue
from tests.concurrency import run_concurrently
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    MembershipFactory,
    ProgrammeFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)


def _fields(exc_info) -> set[str]:
    exc = exc_info.value
    if isinstance(exc, BridgesError):
        return {exc.field}
    return set(exc.message_dict)


def test_organisation_create_makes_owner_and_unique_slug(db):
    user = UserFactory()
    first = services.organisation_create(
        name="ASEAN-Korea Centre", country="KR", kind="centre", owner=user
    )
    second = services.organisation_create(
        name="ASEAN-Korea Centre", country="KR", kind="centre", owner=user
    )

    assert (first.slug, second.slug) == ("asean-korea-centre", "asean-korea-centre-2")
    assert Membership.objects.get(organisation=first).role == MemberRole.OWNER


def test_organisation_create_unknown_country_saves_nothing(db):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(name="X", country="XX", kind="ngo", owner=UserFactory())
    assert _fields(exc) == {"country"}
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_membership_add_requires_owner(organisation):
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    with pytest.raises(BridgesError) as exc:
        services.membership_add(
            organisation=organisation, user=UserFactory(), role="staff", by=organiser
        )
    assert exc.value.status == 403


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"time_zone": "Europe/Gotham"}, "time_zone"),
        ({"country": "XX"}, "country"),
        ({"opens_at": dt.time(20), "closes_at": dt.time(8)}, "closes_at"),
    ],
)
def test_venue_create_validation(organisation, fields, bad):
    base = {
        "name": "Hall",
        "city": "Seoul",
        "country": "KR",
        "time_zone": "Asia/Seoul",
        "capacity": 10,
    }
    with pytest.raises(ValidationError) as exc:
        services.venue_create(organisation=organisation, **{**base, **fields})
    assert bad in _fields(exc)
    assert not Venue.objects.exists()


def test_venue_capacity_cannot_drop_below_its_sessions(event):
    venue = VenueFactory(organisation=event.organisation, capacity=100)
    SessionFactory(event=event, venue=venue, capacity=80)

    with pytest.raises(BridgesError) as exc:
        services.venue_update(venue=venue, data={"capacity": 50})

    assert exc.value.field == "capacity"
    venue.refresh_from_db()
    assert venue.capacity == 100


def test_venue_in_use_cannot_be_deleted(event):
    venue = VenueFactory(organisation=event.organisation)
    SessionFactory(event=event, venue=venue)
    with pytest.raises(ConflictError):
        services.venue_delete(venue=venue)


def test_event_create_draft_with_programme_and_unique_slug(organisation):
    programme = ProgrammeFactory(organisation=organisation)
    kwargs = dict(
        organisation=organisation,
        title="ASEM Culture Ministers' Meeting",
        kind="ministerial_meeting",
        host_country="BG",
        start_date=dt.date(2018, 3, 1),
        end_date=dt.date(2018, 3, 2),
        time_zone="Europe/Sofia",
        programme=programme,
        applications_open_at=dt.datetime(2017, 12, 1, 9, 0),
    )
    first = services.event_create(**kwargs)
    second = services.event_create(**kwargs)

    assert first.status == EventStatus.DRAFT
    assert (first.slug, second.slug) == (
        "asem-culture-ministers-meeting-2018",
        "asem-culture-ministers-meeting-2018-2",
    )
    # Naive window times are wall-clock time in Sofia (UTC+2 in December).
    assert first.applications_open_at == dt.datetime(2017, 12, 1, 7, 0, tzinfo=dt.UTC)


def test_event_create_rejects_unknown_field(organisation):
    with pytest.raises(BridgesError) as exc:
        services.event_create(
            organisation=organisation,
            title="T",
            kind="forum",
            host_country="KR",
            start_date=dt.date(2027, 1, 1),
            end_date=dt.date(2027, 1, 2),
            time_zone="Asia/Seoul",
            status="published",
        )
    assert exc.value.field == "status"
    assert not Event.objects.exists()


def test_event_update_keeps_sessions_and_legs_inside(event):
    SessionFactory(
        event=event,
        starts_at=dt.datetime(2027, 7, 12, 0, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 7, 12, 1, 0, tzinfo=dt.UTC),
    )
    with pytest.raises(BridgesError) as exc:
        services.event_update(event=event, data={"end_date": dt.date(2027, 7, 10)})
    assert exc.value.field == "end_date"
    event.refresh_from_db()
    assert event.end_date == dt.date(2027, 7, 13)

    Session.objects.all().delete()
    LegFactory(event=event, start_date=dt.date(2027, 7, 5), end_date=dt.date(2027, 7, 6))
    with pytest.raises(BridgesError) as exc:
        services.event_update(event=event, data={"start_date": dt.date(2027, 7, 6)})
    assert exc.value.field == "start_date"


def test_leg_and_quota_validation(event):
    with pytest.raises(ValidationError) as exc:
        services.leg_create(
            event=event,
            city="Hanoi",
            country="VN",
            start_date=dt.date(2027, 7, 10),
            end_date=dt.date(2027, 7, 20),
        )
    assert _fields(exc) == {"end_date"}
    with pytest.raises(ValidationError) as exc:
        services.leg_create(
            event=event,
            city="Hanoi",
            country="VN",
            start_date=dt.date(2027, 7, 12),
            end_date=dt.date(2027, 7, 10),
        )
    assert _fields(exc) == {"end_date"}
    assert not Leg.objects.exists()

    CountryQuotaFactory(event=event, country="VN")
    with pytest.raises(ConflictError) as exc:
        services.quota_create(event=event, country="VN")
    with pytest.raises(ValidationError) as exc:
        services.quota_create(event=event, country="TH", minimum=5, maximum=2)
    assert _fields(exc) == {"maximum"}
    with pytest.raises(ValidationError) as exc:
        services.quota_create(event=event, country="TH", minimum=49)
    assert _fields(exc) == {"minimum"}
    assert CountryQuota.objects.count() == 1


def test_session_create_outside_event_and_over_venue_capacity(event):
    venue = VenueFactory(organisation=event.organisation, capacity=30)
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            event=event,
            title="Late",
            kind="lecture",
            starts_at=dt.datetime(2027, 7, 14, 9),
            ends_at=dt.datetime(2027, 7, 14, 10),
        )
    assert _fields(exc) == {"starts_at"}
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            event=event,
            title="Big",
            kind="lecture",
            venue=venue,
            capacity=31,
            starts_at=dt.datetime(2027, 7, 6, 9),
            ends_at=dt.datetime(2027, 7, 6, 10),
        )
    assert _fields(exc) == {"capacity"}
    assert not Session.objects.exists()


def test_event_publish_and_cancel_transitions(organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert services.event_publish(event=draft).status == EventStatus.PUBLISHED
    with pytest.raises(ConflictError):
        services.event_publish(event=draft)
    assert services.event_cancel(event=draft).status == EventStatus.CANCELLED
    with pytest.raises(ConflictError):
        services.event_publish(event=draft)


def test_wall_clock_time_skipped_by_dst_is_refused(organisation):
    # Sofia moves clocks from 03:00 to 04:00 on 2018-03-25: 03:30 never happens there.
    with pytest.raises(BridgesError) as exc:
        services.event_create(
            organisation=organisation,
            title="ASEM follow-up",
            kind="forum",
            host_country="BG",
            start_date=dt.date(2018, 4, 1),
            end_date=dt.date(2018, 4, 2),
            time_zone="Europe/Sofia",
            applications_open_at=dt.datetime(2018, 3, 25, 3, 30),
        )
    assert exc.value.field == "applications_open_at"
    assert not Event.objects.exists()
    # The hour after the jump is fine and lands on the right instant (UTC+3 in summer).
    event = services.event_create(
        organisation=organisation,
        title="ASEM follow-up",
        kind="forum",
        host_country="BG",
        start_date=dt.date(2018, 4, 1),
        end_date=dt.date(2018, 4, 2),
        time_zone="Europe/Sofia",
        applications_open_at=dt.datetime(2018, 3, 25, 4, 30),
    )
    assert event.applications_open_at == dt.datetime(2018, 3, 25, 1, 30, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner():
    """Real threads on PostgreSQL: the owner rows are locked, so one demotion must lose."""
    import threading

    from django.db import connection as main_connection

    organisation = services.organisation_create(
        name="Daegu Centre", country="KR", kind="centre", owner=UserFactory()
    )
    first = Membership.objects.get(organisation=organisation)
    second = MembershipFactory(organisation=organisation, role=MemberRole.OWNER)
    barrier = threading.Barrier(2)
    pairs = ((first.pk, second.user_id), (second.pk, first.user_id))

    def demote(index):
        membership_id, by_id = pairs[index]
        membership = Membership.objects.select_related("organisation", "user").get(pk=membership_id)
        by = type(membership.user).objects.get(pk=by_id)
        barrier.wait(timeout=10)
        try:
            services.membership_change(membership=membership, role=MemberRole.STAFF, by=by)
        except ConflictError:
            return "refused"
        return "demoted"

    outcomes = run_concurrently(2, demote, timeout=30)
    assert sorted(outcomes) == ["demoted", "refused"]
    assert Membership.objects.filter(organisation=organisation, role=MemberRole.OWNER).count() == 1
    assert main_connection.is_usable()


def test_factory_users_sign_in_with_the_shared_password(db, settings, client):
    from tests.factories.programmes import PASSWORD

    # tests/conftest.py makes MD5 the hasher for speed; the shared hash follows the setting.
    md5 = UserFactory()
    assert md5.password.startswith("md5$")
    assert client.login(username=md5.username, password=PASSWORD)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    slow = UserFactory()
    assert slow.password.startswith("pbkdf2_sha256$")
    assert slow.check_password(PASSWORD)
    assert UserFactory(password="another-secret").check_password("another-secret")
