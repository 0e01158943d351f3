"""Copying an event of a series: sessions keep their local time across a daylight-saving
change (a Sofia venue, whose clocks go forward between the two editions, next to a Seoul
one, whose do not), and the questions, templates, quotas and review settings come along;
the page's preview and the API say the same as what is made."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from audit.models import LogEntry
from notifications.models import TemplateOverride
from participants.models import Question
from programmes.enums import EventStatus, MemberRole
from programmes.models import Event
from review.models import Criterion, ReviewSettings
from tests.factories.participants import QuestionFactory
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    MembershipFactory,
    SessionFactory,
    VenueFactory,
)
from tests.pages import browser

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# Sofia's clocks go forward on Sunday 28 March 2027: the source is before, the copy after.
SOURCE_START = dt.date(2027, 3, 22)
COPY_START = dt.date(2027, 4, 5)


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user


@pytest.fixture
def source(organisation):
    event = EventFactory(
        organisation=organisation,
        title="Culture Ministers' Meeting",
        start_date=SOURCE_START,
        end_date=SOURCE_START + dt.timedelta(days=4),
        time_zone="Europe/Sofia",
        status=EventStatus.PUBLISHED,
        applications_open_at=dt.datetime(2027, 1, 10, 9, 0, tzinfo=SOFIA),
        applications_close_at=dt.datetime(2027, 2, 10, 17, 0, tzinfo=SOFIA),
        eligible_countries=["BG", "KR"],
        eligible_residence_countries=["BG"],
    )
    LegFactory(event=event, city="Sofia", country="BG", end_date=SOURCE_START + dt.timedelta(2))
    LegFactory(event=event, city="Seoul", start_date=SOURCE_START + dt.timedelta(3))
    sofia = VenueFactory(organisation=organisation, city="Sofia", time_zone="Europe/Sofia")
    seoul = VenueFactory(organisation=organisation, city="Seoul", time_zone="Asia/Seoul")
    for day in range(3):
        start = dt.datetime.combine(SOURCE_START + dt.timedelta(day), dt.time(10), tzinfo=SOFIA)
        SessionFactory(
            event=event,
            venue=sofia,
            title=f"Sofia {day}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
        )
    start = dt.datetime.combine(SOURCE_START + dt.timedelta(3), dt.time(9), tzinfo=SEOUL)
    SessionFactory(
        event=event,
        venue=seoul,
        title="Seoul 3",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    CountryQuotaFactory(event=event, country="VN", minimum=2, maximum=4)
    event.gender_quotas.create(gender="female", minimum=12, maximum=30)
    event.gender_quotas.create(gender="male", minimum=10)
    first = QuestionFactory(
        event=event,
        label="Which art form?",
        kind="single_choice",
        choices=["Music", "Dance"],
        order=1,
    )
    QuestionFactory(
        event=event, label="Which instrument?", order=2, depends_on=first, condition_value="Music"
    )
    TemplateOverride.objects.create(
        event=event, kind="decision_accepted", language="", subject="Welcome", body="Hello"
    )
    ReviewSettings.objects.create(event=event, reviews_needed=3, blind=False)
    Criterion.objects.create(event=event, name="Motivation", weight=2)
    return event


def _check_copy(copy: Event, source: Event) -> None:
    assert copy.status == EventStatus.DRAFT and copy.start_date == COPY_START
    assert copy.end_date == COPY_START + dt.timedelta(days=4)
    assert [(leg.city, leg.start_date) for leg in copy.legs.all()] == [
        ("Sofia", COPY_START),
        ("Seoul", COPY_START + dt.timedelta(3)),
    ]
    before = {s.title: s for s in source.sessions.select_related("venue")}
    after = {s.title: s for s in copy.sessions.select_related("venue")}
    assert after.keys() == before.keys()
    for title, old in before.items():
        new = after[title]
        zone = old.zone
        # Same local wall-clock time, 14 calendar days later, same venue and length.
        assert new.local_starts_at.replace(tzinfo=None) == (
            old.local_starts_at.replace(tzinfo=None) + dt.timedelta(days=14)
        ), title
        assert new.venue == old.venue and new.zone == zone
        assert new.ends_at - new.starts_at == old.ends_at - old.starts_at
    # Across the change Sofia's 10:00 is an hour earlier in UTC; Seoul's is not.
    assert after["Sofia 0"].starts_at - before["Sofia 0"].starts_at == dt.timedelta(
        days=14, hours=-1
    )
    assert after["Seoul 3"].starts_at - before["Seoul 3"].starts_at == dt.timedelta(days=14)
    # The call's window moves too, at the same local times in the event's zone.
    assert copy.applications_open_at.astimezone(SOFIA).replace(tzinfo=None) == dt.datetime(
        2027, 1, 24, 9, 0
    )
    assert list(copy.quotas.values_list("country", "minimum", "maximum")) == [("VN", 2, 4)]
    assert [c.code for c in copy.eligible_countries] == ["BG", "KR"]
    assert [c.code for c in copy.eligible_residence_countries] == ["BG"]
    assert list(copy.gender_quotas.values_list("gender", "minimum", "maximum")) == [
        ("female", 12, 30),
        ("male", 10, None),
    ]
    questions = list(Question.objects.filter(event=copy).exclude(key="motivation"))
    assert [q.label for q in questions] == ["Which art form?", "Which instrument?"]
    assert questions[1].depends_on == questions[0] and questions[1].condition_value == "Music"
    assert TemplateOverride.objects.get(event=copy).subject == "Welcome"
    settings = ReviewSettings.objects.get(event=copy)
    assert (settings.reviews_needed, settings.blind) == (3, False)
    assert list(Criterion.objects.filter(event=copy).values_list("name", "weight")) == [
        ("Motivation", 2)
    ]
    entry = LogEntry.objects.get(action_type="backoffice.event.copied", object_id=copy.pk)
    assert entry.data["source"] == source.pk


def test_copy_through_the_page_previews_then_copies(owner, organisation, source):
    url = reverse("backoffice:event-copy", args=[organisation.slug])
    form = {
        "source": source.pk,
        "title": "Culture Ministers' Meeting 2027",
        "start_date": COPY_START,
    }
    preview = browser(owner).post(url, {**form, "preview": "1"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Mon 5 Apr, 10:00" in html and "Europe/Sofia" in html  # Sofia 0, in the copy
    assert "Female 12–30" in html and "Male ≥ 10" in html  # the seats per gender come along
    assert not Event.objects.filter(title=form["title"]).exists()  # a preview writes nothing
    response = browser(owner).post(url, {**form, "confirm": "1"})
    copy = Event.objects.get(title=form["title"])
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:event-overview", args=[copy.slug])
    _check_copy(copy, source)


def test_copy_through_the_api_same_service(owner, source, organiser_client, reviewer_client):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(owner)
    url = f"/api/v1/events/{source.slug}/copy/"
    body = {"title": "Next edition", "start_date": COPY_START.isoformat()}
    preview = client.post(url, {**body, "preview": True}, format="json")
    assert preview.status_code == 200
    assert preview.json()["sessions"][0] == {
        "title": "Sofia 0",
        "time_zone": "Europe/Sofia",
        "starts_at": "2027-04-05T10:00:00+03:00",
        "ends_at": "2027-04-05T11:30:00+03:00",
    }
    assert not Event.objects.filter(title="Next edition").exists()
    response = client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    _check_copy(Event.objects.get(slug=response.json()["slug"]), source)
    # A reviewer of the organisation may not; a bad date names its field.
    assert reviewer_client.post(url, body, format="json").status_code == 403
    bad = client.post(url, {"title": "x", "start_date": "soon"}, format="json")
    assert bad.status_code == 400 and "start_date" in bad.json()
    same = client.post(url, {"title": "x", "start_date": SOURCE_START.isoformat()}, format="json")
    assert same.status_code == 400 and "start_date" in same.json()
