"""The organisers' list of an event's applications, narrowed by ApplicationFilter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.enums import ApplicationStatus as S
from participants.enums import Gender
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _application(event, name, email, **kwargs):
    # No random account names: the search reads them too (Faker's "Dylan" holds "lan").
    unnamed = {"user__first_name": "", "user__last_name": ""}
    user = ProfileFactory(full_name=name, user__email=email, **unnamed).user
    return ApplicationFactory(event=event, applicant=user, **kwargs)


@pytest.fixture
def rows(event):
    lan = _application(event, "Nguyễn Thị Lan", "lan@example.org", status=S.SUBMITTED)
    jun = _application(
        event,
        "Kim Min-jun",
        "jun@example.org",
        status=S.ACCEPTED,
        country="KR",
        gender=Gender.MALE,
    )
    ApplicationFactory(event=event, status=S.DRAFT)  # an applicant's private work
    _application(EventFactory(), "Nguyễn Văn Nam", "nam@example.org", status=S.SUBMITTED)
    return {"lan": lan, "jun": jun}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["lan", "jun"]),
        ("q=nguyen", ["lan"]),  # without regard to accents; the other event's Nguyễn stays out
        ("q=JUN@EXAMPLE", ["jun"]),
        ("gender=male", ["jun"]),
        ("gender=male,female", ["lan", "jun"]),
        ("country=kr", ["jun"]),
        ("status=draft", []),  # filters narrow: drafts stay private
        ("status=accepted&q=lan", []),
    ],
)
def test_filters_narrow_the_list(organiser_client, event, rows, query, expected):
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/?{query}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [rows[n].pk for n in expected]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("gender=robot", "gender"),
        ("status=submitted,maybe", "status"),
        ("age_max=151", "age_max"),
        ("age_min=-1", "age_min"),
        (f"q={'x' * 101}", "q"),
    ],
)
def test_bad_filter_is_a_400_naming_it(organiser_client, event, query, parameter):
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_filters_do_not_open_another_organisers_event(other_organiser_client, event, rows):
    response = other_organiser_client.get(f"/api/v1/events/{event.slug}/applications/?q=lan")
    assert response.status_code == 403 and "results" not in response.json()


def test_filtered_list_query_count_is_constant(organiser_client, event, django_assert_num_queries):
    url = f"/api/v1/events/{event.slug}/applications/?status=submitted&q=example&age_min=18"
    _application(event, "First", "first@example.org", status=S.SUBMITTED)
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    for i in range(6):
        _application(event, f"More {i}", f"more{i}@example.org", status=S.SUBMITTED)
    with django_assert_num_queries(len(one.captured_queries)):
        response = organiser_client.get(url)
    assert response.json()["count"] == 7


def test_filters_are_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/events/{slug}/applications/"]["get"]
    assert {"status", "country", "gender", "age_min", "age_max", "q", "page"} <= {
        p["name"] for p in operation["parameters"]
    }


def test_my_applications_filters(applicant_client, event):
    me = applicant_client.user
    mine = ApplicationFactory(event=event, applicant=me, status=S.SUBMITTED)
    other_event = ApplicationFactory(event=EventFactory(), applicant=me, status=S.ACCEPTED)
    ApplicationFactory(event=event, status=S.SUBMITTED)  # someone else's

    def ids(query):
        response = applicant_client.get(f"/api/v1/me/applications/?{query}")
        assert response.status_code == 200
        return {a["id"] for a in response.json()["results"]}

    assert ids("") == {mine.pk, other_event.pk}
    assert ids("status=accepted") == {other_event.pk}
    assert ids(f"event={event.slug}") == {mine.pk}
    bad = applicant_client.get("/api/v1/me/applications/?status=lost")
    assert bad.status_code == 400 and list(bad.json()) == ["status"]
