"""The selection page's ranking narrowed by the applications' FilterSet (query string)."""

import pytest

from tests.factories.participants import ProfileFactory
from tests.factories.programmes import UserFactory
from tests.pages import browser, field_container
from tests.review.conftest import make_application


@pytest.fixture
def applicants(event):
    kr = make_application(
        event,
        country="KR",
        gender="male",
        # Account names fixed too: the search also reads them, and random ones can hold "Lan".
        applicant=ProfileFactory(
            full_name="Kim Min-jun", user=UserFactory(first_name="Min-jun", last_name="Kim")
        ).user,
    )
    vn = make_application(
        event,
        country="VN",
        gender="female",
        applicant=ProfileFactory(
            full_name="Nguyễn Thị Lan", user=UserFactory(first_name="Lan", last_name="Nguyễn")
        ).user,
    )
    return kr, vn


def _rows(client, event, query: str = "") -> tuple[int, str, set[int]]:
    response = client.get(f"/review/events/{event.slug}/{query}")
    html = response.content.decode()
    return (
        response.status_code,
        html,
        {int(part.split('"')[0]) for part in html.split('name="decision-')[1:]},
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"kr", "vn"}),
        ("?country=KR", {"kr"}),
        ("?country=vn", {"vn"}),
        ("?gender=female", {"vn"}),
        ("?q=min-jun", {"kr"}),
        ("?q=Lan&country=KR", set()),
        ("?status=under_review", {"kr", "vn"}),
        ("?status=accepted", set()),
    ],
)
def test_selection_filters_narrow_the_ranking(
    event, rubric, applicants, organiser_client, query, expected
):
    kr, vn = applicants
    status, _html, shown = _rows(browser(organiser_client.user), event, query)
    assert status == 200
    assert shown == {{"kr": kr.pk, "vn": vn.pk}[name] for name in expected}


def test_selection_filter_bad_value_shows_beside_the_field(
    event, rubric, applicants, organiser_client
):
    status, html, shown = _rows(browser(organiser_client.user), event, "?country=XX")
    assert status == 400
    assert "Unknown country code." in field_container(html, "id_country")
    assert len(shown) == 2  # an invalid filter narrows nothing


def test_selection_filters_cannot_reach_another_events_applications(
    event, rubric, applicants, organiser_client
):
    from tests.factories.programmes import EventFactory

    other = make_application(EventFactory(organisation=event.organisation), country="KR")
    _status, html, shown = _rows(browser(organiser_client.user), event, "?country=KR")
    assert other.pk not in shown
    assert shown == {applicants[0].pk}


# --- API ---------------------------------------------------------------------------------


def test_ranking_api_filters_keep_the_ranks(event, rubric, applicants, organiser_client):
    kr, vn = applicants
    url = f"/api/v1/review/events/{event.slug}/ranking/"
    everyone = organiser_client.get(url).json()
    assert {r["application"] for r in everyone} == {kr.pk, vn.pk}
    response = organiser_client.get(f"{url}?country=vn")
    assert response.status_code == 200
    assert response.json() == [r for r in everyone if r["application"] == vn.pk]
    assert [r["application"] for r in organiser_client.get(f"{url}?q=nguyen").json()] == [vn.pk]
    bad = organiser_client.get(f"{url}?gender=robot")
    assert bad.status_code == 400 and list(bad.json()) == ["gender"]


def test_ranking_api_filters_answer_after_the_permission_check(
    event, rubric, applicants, other_organiser_client
):
    response = other_organiser_client.get(f"/api/v1/review/events/{event.slug}/ranking/?q=x")
    assert response.status_code == 404


def test_my_assignments_api_filters(event, rubric, applicants, reviewer_client):
    from review import services
    from tests.factories.programmes import EventFactory
    from tests.factories.review import ReviewAssignmentFactory

    kr, vn = applicants
    done = ReviewAssignmentFactory(application=kr, reviewer=reviewer_client.user)
    services.review_submit(
        assignment=done,
        by=reviewer_client.user,
        scores={str(rubric[0].pk): 4, str(rubric[1].pk): 7},
    )
    open_ = ReviewAssignmentFactory(application=vn, reviewer=reviewer_client.user)
    other_event = EventFactory(organisation=event.organisation)
    elsewhere = ReviewAssignmentFactory(
        application=make_application(other_event), reviewer=reviewer_client.user
    )
    url = "/api/v1/review/me/assignments/"

    def ids(query):
        response = reviewer_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return {a["id"] for a in response.json()}

    assert ids("") == {done.pk, open_.pk, elsewhere.pk}
    assert ids(f"event={event.slug}") == {done.pk, open_.pk}
    assert ids("submitted=false") == {open_.pk, elsewhere.pk}
    assert ids(f"event={event.slug}&submitted=true") == {done.pk}
    bad = reviewer_client.get(f"{url}?submitted=yes")
    assert bad.status_code == 400 and list(bad.json()) == ["submitted"]


def test_review_list_filters_are_in_the_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    ranking = paths["/api/v1/review/events/{slug}/ranking/"]["get"]
    assert {"status", "country", "gender", "q"} <= {p["name"] for p in ranking["parameters"]}
    mine = paths["/api/v1/review/me/assignments/"]["get"]
    assert {"event", "submitted"} <= {p["name"] for p in mine["parameters"]}
