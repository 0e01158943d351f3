"""The review and selection pages through their Django forms: a valid POST does the thing,
an invalid one shows the page again with the error beside the field and changes nothing."""

from participants.enums import ApplicationStatus as S
from participants.models import Application
from review.models import ConflictDeclaration, Criterion, Review, ReviewAssignment, ReviewSettings
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.factories.review import ReviewAssignmentFactory
from tests.pages import browser, field_container
from tests.review.conftest import make_application


def test_review_form_refuses_a_score_off_the_scale_beside_it(event, rubric, reviewer_client):
    assignment = ReviewAssignmentFactory(
        application=make_application(event), reviewer=reviewer_client.user
    )
    url = f"/review/assignments/{assignment.pk}/"
    motivation, experience = rubric
    response = browser(reviewer_client.user).post(
        url, {f"score-{motivation.pk}": "9", f"score-{experience.pk}": "7", "comment": "Kind"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice." in field_container(html, f"score-{motivation.pk}")
    assert "errorlist" not in field_container(html, f"score-{experience.pk}")
    # The other answers are kept for the reviewer to correct the one.
    assert f'value="7" id="score-{experience.pk}_7" checked' in html
    assert "Kind</textarea>" in field_container(html, "comment")
    assert not Review.objects.exists()


def test_review_form_saves_and_shows_the_saved_scores(event, rubric, reviewer_client):
    assignment = ReviewAssignmentFactory(
        application=make_application(event), reviewer=reviewer_client.user
    )
    url = f"/review/assignments/{assignment.pk}/"
    client = browser(reviewer_client.user)
    motivation, experience = rubric
    response = client.post(
        url, {f"score-{motivation.pk}": "5", f"score-{experience.pk}": "0", "comment": "Fine"}
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert {s.criterion_id: s.value for s in review.scores.all()} == {
        motivation.pk: 5,
        experience.pk: 0,
    }
    page = client.get(url).content.decode()
    assert f'value="5" id="score-{motivation.pk}_4" checked' in page
    assert "Fine</textarea>" in page


def test_conflict_reason_too_long_is_refused_beside_the_field(event, rubric, reviewer_client):
    application = make_application(event)
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer_client.user)
    client = browser(reviewer_client.user)
    url = f"/review/applications/{application.pk}/conflict/"
    response = client.post(url, {"reason": "x" * 301})
    assert response.status_code == 400
    assert "at most 300 characters" in field_container(response.content.decode(), "conflict-reason")
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert not ConflictDeclaration.objects.exists()
    assert client.post(url, {"reason": "My cousin"}).status_code == 302
    assert ConflictDeclaration.objects.get().reason == "My cousin"
    assert not ReviewAssignment.objects.filter(pk=assignment.pk).exists()


def test_settings_form_type_error_beside_the_field_saves_nothing(event, rubric, organiser_client):
    url = f"/review/events/{event.slug}/rubric/"
    response = browser(organiser_client.user).post(
        url,
        {"action": "settings", "reviews_needed": "many", "disagreement_threshold": "1.5"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a whole number." in field_container(html, "settings-reviews_needed")
    assert "errorlist" not in field_container(html, "settings-disagreement_threshold")
    assert ReviewSettings.objects.get(event=event).reviews_needed == 2


def test_settings_range_is_the_services_and_shows_beside_the_field(event, rubric, organiser_client):
    url = f"/review/events/{event.slug}/rubric/"
    response = browser(organiser_client.user).post(
        url, {"action": "settings", "reviews_needed": "21", "disagreement_threshold": "1.5"}
    )
    assert response.status_code == 400
    assert "Enter a whole number from 1 to 20." in field_container(
        response.content.decode(), "settings-reviews_needed"
    )
    assert ReviewSettings.objects.get(event=event).reviews_needed == 2


def test_new_criterion_form_requires_its_numbers(event, rubric, organiser_client):
    url = f"/review/events/{event.slug}/rubric/"
    response = browser(organiser_client.user).post(
        url, {"action": "add", "name": "Teamwork", "weight": "2", "scale_min": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in field_container(html, "new-scale_max")
    assert 'value="Teamwork" id="new-name"' in html
    assert Criterion.objects.filter(event=event).count() == 2


def test_manual_assignment_refusal_shows_beside_the_reviewer(
    event, rubric, organiser_client, reviewer_client
):
    application = make_application(event)
    outsider = MembershipFactory().user  # a reviewer of another organisation
    client = browser(organiser_client.user)
    url = f"/review/events/{event.slug}/assign/manual/"
    response = client.post(url, {"application": application.pk, "reviewer": outsider.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This person is not a reviewer of the organisation." in field_container(
        html, "assign-reviewer"
    )
    assert "errorlist" not in field_container(html, "assign-application")
    assert not ReviewAssignment.objects.exists()
    response = client.post(
        url, {"application": application.pk, "reviewer": reviewer_client.user.pk}
    )
    assert response.status_code == 302
    assert ReviewAssignment.objects.get().reviewer == reviewer_client.user


def test_manual_assignment_cannot_reach_another_events_application(
    event, rubric, organiser_client, reviewer_client
):
    elsewhere = make_application(EventFactory(organisation=event.organisation))
    response = browser(organiser_client.user).post(
        f"/review/events/{event.slug}/assign/manual/",
        {"application": elsewhere.pk, "reviewer": reviewer_client.user.pk},
    )
    assert response.status_code == 400
    assert "Choose an application of this event." in field_container(
        response.content.decode(), "assign-application"
    )
    assert not ReviewAssignment.objects.exists()


def test_decision_with_an_unknown_outcome_shows_on_its_row(event, rubric, organiser_client):
    first, second = make_application(event), make_application(event)
    response = browser(organiser_client.user).post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "promote", f"decision-{second.pk}": "accept"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice." in field_container(html, f"decision-{first.pk}")
    assert "errorlist" not in field_container(html, f"decision-{second.pk}")
    assert set(Application.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW}


def test_decision_refused_by_the_service_keeps_the_choices(event, rubric, organiser_client):
    event.capacity = 1
    event.save()
    first, second = make_application(event), make_application(event)
    response = browser(organiser_client.user).post(
        f"/review/events/{event.slug}/decisions/",
        {f"decision-{first.pk}": "accept", f"decision-{second.pk}": "accept"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "All 1 places are taken." in html
    # The organiser's choices stay as posted, not reset to the proposal.
    assert '<option value="accept" selected>' in field_container(html, f"decision-{second.pk}")
    assert set(Application.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW}
