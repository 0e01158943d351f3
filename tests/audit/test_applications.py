"""An application's history: submit through the API, a decision on the page, refusals."""

import time_machine
from django.test import Client

from audit.models import LogEntry
from participants.enums import ApplicationStatus as S
from participants.models import Application
from tests.factories.participants import ProfileFactory
from tests.participants.apply_helpers import DURING, MOTIVATION, open_call
from tests.review.conftest import make_application


@time_machine.travel(DURING, tick=False)
def test_submitting_through_the_api_logs_who_and_the_status_before_and_after(
    event, applicant_client, organiser_browser
):
    open_call(event)
    ProfileFactory(user=applicant_client.user)
    qid = applicant_client.get(f"/api/v1/events/{event.slug}/questions/").json()[0]["id"]
    draft = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {"answers": {str(qid): "Half written"}},
        format="json",
    ).json()
    # A refused submit (too few words) writes nothing.
    assert applicant_client.post(f"/api/v1/applications/{draft['id']}/submit/").status_code == 400
    assert list(LogEntry.objects.values_list("action_type", flat=True)) == [
        "participants.application.created"
    ]
    applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {"answers": {str(qid): MOTIVATION}},
        format="json",
    )
    assert applicant_client.post(f"/api/v1/applications/{draft['id']}/submit/").status_code == 200
    entry = LogEntry.objects.get(action_type="participants.application.submitted")
    application = Application.objects.get(pk=draft["id"])
    assert (entry.actor, entry.content_object, entry.event) == (
        applicant_client.user,
        application,
        event,
    )
    assert entry.data["changes"] == {"status": {"before": "draft", "after": "submitted"}}
    # The organiser reads it on the application's history, in words.
    page = organiser_browser.get(
        f"/events/{event.slug}/history/participants.application/{application.pk}/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Application submitted" in html and "Draft → Submitted" in html


def test_a_decision_on_the_selection_page_logs_one_entry_per_application(event, organiser_browser):
    first, second = make_application(event), make_application(event)
    response = organiser_browser.post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "accept", f"decision-{second.pk}": "waitlist"},
    )
    assert response.status_code in (200, 302)
    entries = {
        e.object_id: e for e in LogEntry.objects.filter(action_type__startswith="participants.")
    }
    assert entries[first.pk].action_type == "participants.application.accepted"
    assert entries[second.pk].action_type == "participants.application.waitlisted"
    assert entries[first.pk].actor == organiser_browser.user
    assert entries[first.pk].data["changes"]["status"] == {
        "before": S.UNDER_REVIEW,
        "after": S.ACCEPTED,
    }
    page = organiser_browser.get(
        f"/events/{event.slug}/history/participants.application/{first.pk}/"
    )
    assert "Decision: accepted" in page.content.decode()


def test_a_refused_decision_logs_nothing(event, organiser_browser):
    event.capacity = 1
    event.save()
    first, second = make_application(event), make_application(event)
    organiser_browser.post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "accept", f"decision-{second.pk}": "accept"},
    )
    assert set(Application.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW}
    assert not LogEntry.objects.filter(action_type__startswith="participants.").exists()


def test_an_organiser_of_another_organisation_cannot_read_an_application_history(
    event, other_organiser_browser
):
    application = make_application(event)
    from participants import services

    services.application_withdraw(application=application, by=application.applicant)
    url = f"/events/{event.slug}/history/participants.application/{application.pk}/"
    assert other_organiser_browser.get(url).status_code == 404
    assert isinstance(other_organiser_browser, Client)


def test_a_review_on_the_page_shows_on_the_application_history(
    event, reviewer_browser, organiser_browser
):
    from tests.factories.review import (
        CriterionFactory,
        ReviewAssignmentFactory,
        ReviewSettingsFactory,
    )

    ReviewSettingsFactory(event=event, reviews_needed=1)
    criterion = CriterionFactory(event=event, name="Motivation", scale_min=1, scale_max=5)
    application = make_application(event, status=S.SUBMITTED)
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer_browser.user)
    reviewer_browser.post(f"/review/assignments/{assignment.pk}/", {f"score-{criterion.pk}": "4"})
    actions = list(
        LogEntry.objects.filter(object_id=application.pk)
        .order_by("pk")
        .values_list("action_type", "actor")
    )
    # The first review moves the application into review: two entries, both the reviewer's.
    assert actions == [
        ("review.review.submitted", reviewer_browser.user.pk),
        ("participants.application.under_review", reviewer_browser.user.pk),
    ]
    page = organiser_browser.get(
        f"/events/{event.slug}/history/participants.application/{application.pk}/"
    ).content.decode()
    assert "Review submitted" in page and "Review started" in page


def test_the_selection_page_links_each_application_to_its_history(event, organiser_browser):
    application = make_application(event)
    page = organiser_browser.get(f"/review/events/{event.slug}/").content.decode()
    url = f"/events/{event.slug}/history/participants.application/{application.pk}/"
    assert f'href="{url}"' in page
    assert organiser_browser.get(url).status_code == 200


def test_a_deleted_account_leaves_statuses_but_no_guardian_details_in_the_log(
    event, organiser_client
):
    from participants import services

    application = make_application(
        event,
        status=S.AWAITING_GUARDIAN_CONSENT,
        is_minor=True,
        guardian_name="Tran Van Binh",
        guardian_email="binh@example.org",
        guardian_relation="father",
    )
    services.application_guardian_change(
        application=application,
        by=organiser_client.user,
        guardian={
            "guardian_name": "Tran Thi Hoa",
            "guardian_email": "hoa@example.org",
            "guardian_relation": "mother",
        },
    )
    assert "hoa@example.org" in str(LogEntry.objects.values_list("data", flat=True))
    services.account_delete(user=application.applicant, require_password=False)
    entries = LogEntry.objects.filter(object_id=application.pk)
    kept = str(list(entries.values_list("data", "object_repr")))
    assert "example.org" not in kept and "Tran" not in kept
    assert entries.filter(action_type="participants.application.withdrawn").get().data == {
        "changes": {"status": {"before": "awaiting_guardian_consent", "after": "withdrawn"}}
    }
