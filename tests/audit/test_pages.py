"""Where the log is shown: the event's history page, an object's history, the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType

from audit.context import acting_request
from audit.models import LogEntry
from audit.selectors import actor_name
from scheduling import services as scheduling_services
from scheduling.models import SchedulingRules
from tests.factories.programmes import EventFactory


def _rules_changed(event, user, **data):
    """A change made by ``user`` through the service, as a request of theirs would."""

    class Request:
        pass

    request = Request()
    request.user = user
    with acting_request(request):
        return scheduling_services.rules_update(event=event, data=data)


def test_organiser_sees_the_event_history_with_words_and_fields(event, organiser_browser):
    _rules_changed(event, organiser_browser.user, time_limit_seconds=30)
    page = organiser_browser.get(f"/events/{event.slug}/history/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Scheduling rules changed" in text
    assert "solver time limit (seconds): 20 → 30" in text
    assert actor_name(organiser_browser.user) in text


def test_object_history_lists_only_that_object(event, organiser_browser):
    rules = _rules_changed(event, organiser_browser.user, time_limit_seconds=30)
    _rules_changed(EventFactory(organisation=event.organisation), None, time_limit_seconds=45)
    url = f"/events/{event.slug}/history/scheduling.schedulingrules/{rules.pk}/"
    page = organiser_browser.get(url)
    assert page.status_code == 200
    # "→ 45", not "45": factory sequence numbers in slugs and ids may contain 45.
    assert "20 → 30" in page.content.decode() and "→ 45" not in page.content.decode()
    # Another event's object through this event's URL: none of its entries.
    other = SchedulingRules.objects.exclude(pk=rules.pk).get()
    url = f"/events/{event.slug}/history/scheduling.schedulingrules/{other.pk}/"
    page = organiser_browser.get(url).content.decode()
    assert "Nothing has been logged yet." in page and "→ 45" not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organiser_browser", 200),
        ("admin_browser", 200),
        ("other_organiser_browser", 404),
        ("reviewer_browser", 404),
    ],
)
def test_only_the_events_organisers_see_its_history(request, event, who, status):
    _rules_changed(event, None, time_limit_seconds=30)
    rules = SchedulingRules.objects.get()
    browser = request.getfixturevalue(who)
    assert browser.get(f"/events/{event.slug}/history/").status_code == status
    url = f"/events/{event.slug}/history/scheduling.schedulingrules/{rules.pk}/"
    assert browser.get(url).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    assert client.get(f"/events/{event.slug}/history/").status_code == 302


def test_event_history_page_makes_the_same_queries_for_1_and_30_entries(
    event, organiser_browser, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _rules_changed(event, organiser_browser.user, time_limit_seconds=25)
    url = f"/events/{event.slug}/history/"
    with CaptureQueriesContext(connection) as one:
        organiser_browser.get(url)
    for minutes in range(31, 60):
        _rules_changed(event, organiser_browser.user, time_limit_seconds=minutes)
    with CaptureQueriesContext(connection) as many:
        page = organiser_browser.get(url)
    assert page.content.decode().count("Scheduling rules changed") >= 30
    assert len(many) == len(one), "\n".join(
        q["sql"][:120] for q in [*one.captured_queries, {"sql": "----"}, *many.captured_queries]
    )


def test_admin_lists_entries_of_managed_organisations_only(
    event, staff_organiser_browser, admin_browser
):
    _rules_changed(event, staff_organiser_browser.user, time_limit_seconds=30)
    _rules_changed(EventFactory(), None, time_limit_seconds=45)
    page = staff_organiser_browser.get("/admin/audit/logentry/")
    assert page.status_code == 200
    assert page.content.decode().count("Scheduling rules changed") == 1
    everything = admin_browser.get("/admin/audit/logentry/").content.decode()
    assert everything.count("Scheduling rules changed") == 2
    entry = LogEntry.objects.get(event=event)
    assert (
        staff_organiser_browser.get(f"/admin/audit/logentry/{entry.pk}/change/").status_code == 200
    )
    other = LogEntry.objects.exclude(pk=entry.pk).get()
    assert staff_organiser_browser.get(f"/admin/audit/logentry/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )


def test_the_log_cannot_be_changed_in_the_admin(event, admin_browser):
    _rules_changed(event, None, time_limit_seconds=30)
    entry = LogEntry.objects.get()
    assert (
        admin_browser.post(f"/admin/audit/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert ContentType.objects.get_for_model(LogEntry)  # and no add page either
    assert admin_browser.get("/admin/audit/logentry/add/").status_code == 403


def test_admin_history_of_an_event_shows_its_audit_entries(
    event, staff_organiser_browser, reviewer_browser
):
    from programmes import services as programme_services

    programme_services.event_update(event=event, data={"title": "Renamed in the API"})
    page = staff_organiser_browser.get(f"/admin/programmes/event/{event.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Event changed" in html and "Renamed in the API" in html
    # A reviewer may look at the event in the admin, but not at its audit log.
    reviewer = reviewer_browser.user
    reviewer.is_staff = True
    reviewer.save(update_fields=["is_staff"])
    page = reviewer_browser.get(f"/admin/programmes/event/{event.pk}/history/")
    assert page.status_code == 200 and "Event changed" not in page.content.decode()
