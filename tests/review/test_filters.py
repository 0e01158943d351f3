"""The selection page's ranking narrowed by the applications' FilterSet (query string)."""

import pytest

from tests.factories.participants import ProfileFactory
from tests.pages import browser, field_container
from tests.review.conftest import make_application


@pytest.fixture
def applicants(event):
    kr = make_application(
        event,
        country="KR",
        gender="male",
        applicant=ProfileFactory(full_name="Kim Min-jun").user,
    )
    vn = make_application(
        event,
        country="VN",
        gender="female",
        applicant=ProfileFactory(full_name="Nguyễn Thị Lan").user,
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
