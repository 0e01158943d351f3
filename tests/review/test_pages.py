from django.test import Client

from participants.enums import ApplicationStatus as S
from participants.models import Application, Profile
from review import services
from review.models import Criterion, Review, ReviewAssignment, ReviewSettings
from tests.factories.review import CriterionFactory, ReviewAssignmentFactory
from tests.review.conftest import make_application


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_selection_page_shows_ranking_quotas_and_explanations(
    event, rubric, quotas, organiser_client
):
    la = make_application(event, country="LA")
    page = _browser(organiser_client.user).get(f"/review/events/{event.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "accepted: 1st in Laos" in html
    assert "Laos&#x27;s minimum of 2 can&#x27;t be met: it has only 1 candidate." in html
    assert f'name="decision-{la.pk}"' in html
    assert 'name="viewport"' in html


def test_bulk_decision_form_applies_and_reports_errors(event, rubric, organiser_client):
    event.capacity = 1
    event.save()
    first, second = make_application(event), make_application(event)
    browser = _browser(organiser_client.user)
    response = browser.post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "accept", f"decision-{second.pk}": "accept"},
        follow=True,
    )
    assert "All 1 places are taken." in response.content.decode()
    assert set(Application.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW}
    browser.post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "accept", f"decision-{second.pk}": "waitlist"},
    )
    assert Application.objects.get(pk=first.pk).status == S.ACCEPTED
    assert Application.objects.get(pk=second.pk).status == S.WAITLISTED


def test_other_organisation_and_reviewers_get_404_on_selection(
    event, other_organiser_client, reviewer_client
):
    assert (
        _browser(other_organiser_client.user).get(f"/review/events/{event.slug}/").status_code
        == 404
    )
    assert _browser(reviewer_client.user).get(f"/review/events/{event.slug}/").status_code == 404


def test_reviewer_scores_through_the_form_with_errors_beside_fields(event, rubric, reviewer_client):
    app = make_application(event)
    assignment = ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    browser = _browser(reviewer_client.user)
    listing = browser.get("/review/assignments/").content.decode()
    assert f"/review/assignments/{assignment.pk}/" in listing
    page = browser.get(f"/review/assignments/{assignment.pk}/").content.decode()
    assert Profile.objects.get(user=app.applicant).full_name not in page
    response = browser.post(
        f"/review/assignments/{assignment.pk}/", {f"score-{rubric[0].pk}": "4", "comment": "Good"}
    )
    assert response.status_code == 400
    assert f'id="score-{rubric[1].pk}_error"' in response.content.decode()
    assert "Score “Experience”." in response.content.decode()
    assert not Review.objects.exists()
    browser.post(
        f"/review/assignments/{assignment.pk}/",
        {f"score-{rubric[0].pk}": "4", f"score-{rubric[1].pk}": "7", "comment": "Good"},
    )
    review = Review.objects.get()
    assert (review.comment, sorted(review.scores.values_list("value", flat=True))) == (
        "Good",
        [4, 7],
    )


def test_reviewer_cannot_open_someone_elses_assignment_and_can_declare_conflict(
    event, rubric, reviewer_client, organiser_client
):
    app = make_application(event)
    theirs = ReviewAssignmentFactory(application=app, reviewer=organiser_client.user)
    browser = _browser(reviewer_client.user)
    assert browser.get(f"/review/assignments/{theirs.pk}/").status_code == 404
    mine = ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    browser.post(f"/review/applications/{app.pk}/conflict/", {"reason": "Neighbour"})
    assert not ReviewAssignment.objects.filter(pk=mine.pk).exists()


def test_manual_assignment_from_the_selection_page(
    event, rubric, organiser_client, reviewer_client
):
    app = make_application(event)
    browser = _browser(organiser_client.user)
    page = browser.get(f"/review/events/{event.slug}/").content.decode()
    assert f'<option value="{reviewer_client.user.pk}">' in page
    response = browser.post(
        f"/review/events/{event.slug}/assign/manual/",
        {"application": app.pk, "reviewer": reviewer_client.user.pk},
        follow=True,
    )
    assert "Reviewer assigned." in response.content.decode()
    assert ReviewAssignment.objects.filter(application=app, reviewer=reviewer_client.user).exists()
    again = browser.post(
        f"/review/events/{event.slug}/assign/manual/",
        {"application": app.pk, "reviewer": reviewer_client.user.pk},
        follow=True,
    )
    assert "This reviewer is already assigned." in again.content.decode()
    # Reviewer loads: one assigned, none submitted.
    assert ReviewAssignment.objects.count() == 1


def test_manual_assignment_with_garbage_ids_is_an_error_beside_the_field(event, organiser_client):
    response = _browser(organiser_client.user).post(
        f"/review/events/{event.slug}/assign/manual/",
        {"application": "abc", "reviewer": "99999999999999999999"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an application of this event." in html
    assert "Choose a reviewer." in html
    assert not ReviewAssignment.objects.exists()


def test_decision_form_with_garbage_keys_decides_nothing(event, organiser_client):
    browser = _browser(organiser_client.user)
    for key in ("decision-abc", "decision-99999999999999999999"):
        response = browser.post(f"/review/events/{event.slug}/decisions/", {key: "accept"})
        assert response.status_code == 400
        assert "Choose at least one decision." in response.content.decode()


# --- review settings and rubric page --------------------------------------------------


def test_rubric_page_changes_settings_and_criteria(event, rubric, organiser_client):
    browser = _browser(organiser_client.user)
    url = f"/review/events/{event.slug}/rubric/"
    assert f'href="{url}"' in browser.get(f"/review/events/{event.slug}/").content.decode()
    page = browser.get(url).content.decode()
    assert f'name="name" value="Motivation" id="criterion-{rubric[0].pk}-name"' in page
    assert 'id="settings-blind" checked' in page

    # Unticking "blind" (absent from the form) turns it off; an empty share removes the target.
    response = browser.post(
        url,
        {
            "action": "settings",
            "reviews_needed": "3",
            "disagreement_threshold": "2.25",
            "gender_max_share": "",
            "avoid_same_nationality": "on",
        },
        follow=True,
    )
    assert "Review settings saved." in response.content.decode()
    row = ReviewSettings.objects.get(event=event)
    assert (row.reviews_needed, row.blind, row.avoid_same_nationality) == (3, False, True)
    assert (str(row.disagreement_threshold), row.gender_max_share) == ("2.25", None)

    browser.post(
        url,
        {
            "action": "add",
            "name": "Team spirit",
            "guidance": "Works with others",
            "weight": "3",
            "scale_min": "1",
            "scale_max": "4",
            "order": "3",
        },
    )
    added = Criterion.objects.get(event=event, name="Team spirit")
    assert (added.weight, added.scale_min, added.scale_max, added.guidance) == (
        3,
        1,
        4,
        "Works with others",
    )
    browser.post(
        url,
        {
            "action": "change",
            "criterion": rubric[1].pk,
            "name": "Experience",
            "weight": "5",
            "scale_min": "0",
            "scale_max": "10",
            "order": "2",
            "guidance": "",
        },
    )
    assert Criterion.objects.get(pk=rubric[1].pk).weight == 5
    browser.post(url, {"action": "delete", "criterion": added.pk})
    assert not Criterion.objects.filter(pk=added.pk).exists()


def test_rubric_page_refusals_show_beside_the_field_and_save_nothing(
    event, rubric, organiser_client
):
    browser = _browser(organiser_client.user)
    url = f"/review/events/{event.slug}/rubric/"
    response = browser.post(
        url,
        {
            "action": "settings",
            "reviews_needed": "3",
            "disagreement_threshold": "lots",
            "gender_max_share": "0.5",
            "blind": "on",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="settings-disagreement_threshold_error"><li>Enter a number.</li>'
        in html
    )
    assert 'name="disagreement_threshold" value="lots"' in html
    assert ReviewSettings.objects.get(event=event).reviews_needed == 2  # nothing half-saved

    response = browser.post(
        url,
        {
            "action": "change",
            "criterion": rubric[0].pk,
            "name": "Motivation",
            "weight": "2",
            "scale_min": "5",
            "scale_max": "3",
            "order": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="criterion-{rubric[0].pk}-scale_max_error"' in html
    assert "The highest score must be above the lowest." in html
    assert f'id="criterion-{rubric[1].pk}-scale_max_error"' not in html
    assert Criterion.objects.get(pk=rubric[0].pk).scale_min == 1

    response = browser.post(
        url,
        {
            "action": "add",
            "name": "Experience",
            "weight": "1",
            "scale_min": "1",
            "scale_max": "5",
            "order": "3",
        },
    )
    assert response.status_code == 400
    assert 'id="new-name_error"' in response.content.decode()
    assert "This event already has a criterion with that name." in response.content.decode()
    assert Criterion.objects.filter(event=event).count() == 2

    # Once a reviewer has scored, the scale is fixed and criteria stay: a 409 atop the form.
    app = make_application(event)
    assignment = ReviewAssignmentFactory(application=app, reviewer=organiser_client.user)
    services.review_submit(
        assignment=assignment,
        by=organiser_client.user,
        scores={str(rubric[0].pk): 4, str(rubric[1].pk): 7},
    )
    response = browser.post(url, {"action": "delete", "criterion": rubric[0].pk})
    assert response.status_code == 409
    assert "Scores were given on this criterion; it can no longer be deleted." in (
        response.content.decode()
    )
    assert Criterion.objects.filter(pk=rubric[0].pk).exists()
    assert browser.post(url, {"action": "unknown"}).status_code == 400


def test_rubric_page_is_the_organisers_own(
    event, rubric, other_organiser_client, reviewer_client, organiser_client
):
    url = f"/review/events/{event.slug}/rubric/"
    for client in (other_organiser_client, reviewer_client):
        browser = _browser(client.user)
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"action": "delete", "criterion": rubric[0].pk}).status_code == 404
    # A criterion of another event can't be reached through this event's page.
    elsewhere = CriterionFactory(name="Elsewhere")
    response = _browser(organiser_client.user).post(
        url, {"action": "delete", "criterion": elsewhere.pk}
    )
    assert response.status_code == 404
    assert Criterion.objects.filter(pk=elsewhere.pk).exists()
    assert Criterion.objects.filter(event=event).count() == 2
    assert Client().get(url).status_code == 302  # to the login page
