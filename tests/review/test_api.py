import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.enums import ApplicationStatus as S
from participants.models import Application, Profile
from programmes.enums import MemberRole
from review.models import Criterion, Review, ReviewAssignment
from tests.factories.programmes import CountryQuotaFactory, MembershipFactory
from tests.factories.review import ReviewAssignmentFactory
from tests.review.conftest import make_application, make_reviewer


def _score(client, assignment, rubric, motivation, experience, comment=""):
    return client.post(
        f"/api/v1/review/me/assignments/{assignment.pk}/review/",
        {
            "scores": {str(rubric[0].pk): motivation, str(rubric[1].pk): experience},
            "comment": comment,
        },
        format="json",
    )


def test_rubric_crud_and_field_errors(organiser_client, event):
    url = f"/api/v1/review/events/{event.slug}/criteria/"
    response = organiser_client.post(
        url, {"name": "Motivation", "weight": 3, "scale_min": 1, "scale_max": 5}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Motivation",
        "guidance": "",
        "weight": 3,
        "scale_min": 1,
        "scale_max": 5,
        "order": 0,
    }
    bad = organiser_client.post(
        url, {"name": "Range", "scale_min": 5, "scale_max": 5}, format="json"
    )
    assert bad.status_code == 400 and bad.json() == {
        "scale_max": ["The highest score must be above the lowest."],
        "code": "invalid",
    }
    duplicate = organiser_client.post(url, {"name": "Motivation"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    patched = organiser_client.patch(
        f"/api/v1/review/criteria/{body['id']}/", {"weight": 0}, format="json"
    )
    assert patched.status_code == 400 and "weight" in patched.json()
    assert Criterion.objects.get().weight == 3
    settings = organiser_client.patch(
        f"/api/v1/review/events/{event.slug}/settings/",
        {"reviews_needed": 3, "gender_max_share": "0.60"},
        format="json",
    )
    assert settings.status_code == 200
    assert settings.json() == {
        "reviews_needed": 3,
        "blind": True,
        "avoid_same_nationality": False,
        "disagreement_threshold": "1.50",
        "gender_max_share": "0.60",
    }


def test_reviewer_sees_blinded_assignment_and_others_only_after_submitting(
    event, rubric, reviewer_client
):
    applicant = Profile.objects.none()
    app = make_application(event)
    applicant = Profile.objects.get(user=app.applicant)
    mine = ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    other = make_reviewer(event.organisation)
    other_assignment = ReviewAssignmentFactory(application=app, reviewer=other)
    from review import services

    services.review_submit(
        assignment=other_assignment, by=other, scores={str(rubric[0].pk): 2, str(rubric[1].pk): 3}
    )

    listing = reviewer_client.get("/api/v1/review/me/assignments/")
    assert [row["id"] for row in listing.json()] == [mine.pk]
    detail = reviewer_client.get(f"/api/v1/review/me/assignments/{mine.pk}/").json()
    assert detail["application"]["name"] is None
    assert detail["application"]["email"] is None
    assert detail["application"]["organisation"] is None
    assert applicant.full_name not in str(detail)
    assert detail["other_reviews"] is None and detail["my_review"] is None
    assert reviewer_client.get(f"/api/v1/review/applications/{app.pk}/reviews/").status_code == 404

    bad = _score(reviewer_client, mine, rubric, 9, 3)
    assert bad.status_code == 400
    assert bad.json() == {
        f"scores.{rubric[0].pk}": ["Enter a whole number from 1 to 5."],
        "code": "out_of_range",
    }
    ok = _score(reviewer_client, mine, rubric, 4, 10, "Clear plan.")
    assert ok.status_code == 200
    assert ok.json()["weighted_score"] == pytest.approx(100 * (2 * 0.75 + 1.0) / 3)
    detail = reviewer_client.get(f"/api/v1/review/me/assignments/{mine.pk}/").json()
    assert [r["reviewer"] for r in detail["other_reviews"]] == [other.pk]
    reviews = reviewer_client.get(f"/api/v1/review/applications/{app.pk}/reviews/")
    assert reviews.status_code == 200 and len(reviews.json()) == 2


def test_unblinded_review_shows_identity(event, rubric, reviewer_client, organiser_client):
    organiser_client.patch(
        f"/api/v1/review/events/{event.slug}/settings/", {"blind": False}, format="json"
    )
    app = make_application(event)
    mine = ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    detail = reviewer_client.get(f"/api/v1/review/me/assignments/{mine.pk}/").json()
    assert detail["application"]["name"] == Profile.objects.get(user=app.applicant).full_name
    assert detail["application"]["email"] == app.applicant.email


def test_conflict_declaration_through_the_api(event, rubric, reviewer_client):
    app = make_application(event)
    ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    response = reviewer_client.post(
        f"/api/v1/review/applications/{app.pk}/conflict/", {"reason": "Colleague"}, format="json"
    )
    assert response.status_code == 201
    assert not ReviewAssignment.objects.exists()
    again = reviewer_client.post(
        f"/api/v1/review/applications/{app.pk}/conflict/", {}, format="json"
    )
    assert again.status_code == 404


def _reviewed(event, rubric, scores_by_app, reviewers):
    from review import services

    for app, scores in scores_by_app:
        for reviewer, (m, e) in zip(reviewers, scores, strict=False):
            assignment = ReviewAssignmentFactory(application=app, reviewer=reviewer)
            services.review_submit(
                assignment=assignment,
                by=reviewer,
                scores={str(rubric[0].pk): m, str(rubric[1].pk): e},
            )


def test_ranking_quota_panel_proposal_and_bulk_decisions(event, rubric, quotas, organiser_client):
    event.capacity = 4
    event.save()
    reviewers = [make_reviewer(event.organisation) for _ in range(2)]
    kr = [make_application(event, country="KR") for _ in range(4)]
    la = [make_application(event, country="LA") for _ in range(2)]
    vn = make_application(event, country="VN")
    # Korea scores highest, then Vietnam, then Laos.
    plan = [
        (kr[0], [(5, 10), (5, 10)]),
        (kr[1], [(5, 9), (5, 9)]),
        (kr[2], [(5, 8), (5, 8)]),
        (kr[3], [(5, 7), (4, 7)]),
        (vn, [(4, 5), (4, 5)]),
        (la[0], [(2, 2), (2, 3)]),
        (la[1], [(1, 2), (1, 1)]),
    ]
    _reviewed(event, rubric, plan, reviewers)

    ranking = organiser_client.get(f"/api/v1/review/events/{event.slug}/ranking/").json()
    assert [row["application"] for row in ranking] == [
        kr[0].pk,
        kr[1].pk,
        kr[2].pk,
        kr[3].pk,
        vn.pk,
        la[0].pk,
        la[1].pk,
    ]
    assert ranking[0]["reviews"] == 2 and ranking[0]["raw_mean"] == 100.0
    assert set(ranking[0]) == {
        "rank",
        "application",
        "name",
        "country",
        "gender",
        "status",
        "reviews",
        "raw_mean",
        "corrected",
        "corrected_z",
        "spread",
        "disagreement",
    }

    proposal = organiser_client.get(f"/api/v1/review/events/{event.slug}/proposal/").json()
    assert [(d["application"], d["outcome"], d["explanation"]) for d in proposal["decisions"]] == [
        (kr[0].pk, "accept", "accepted: 1st in South Korea"),
        (kr[1].pk, "accept", "accepted: 2nd in South Korea"),
        (
            kr[2].pk,
            "waitlist",
            "waitlisted: the remaining seats are held to meet other countries' minimums",
        ),
        (
            kr[3].pk,
            "waitlist",
            "waitlisted: the remaining seats are held to meet other countries' minimums",
        ),
        (
            vn.pk,
            "waitlist",
            "waitlisted: the remaining seats are held to meet other countries' minimums",
        ),
        (la[0].pk, "accept", "accepted to meet Laos's minimum of 2"),
        (la[1].pk, "accept", "accepted to meet Laos's minimum of 2"),
    ]
    assert proposal["issues"] == []

    # The organiser follows the proposal but swaps Vietnam in for the second Korean.
    decisions = [
        {"application": d["application"], "outcome": d["outcome"]} for d in proposal["decisions"]
    ]
    decisions[1]["outcome"], decisions[4]["outcome"] = "waitlist", "accept"
    applied = organiser_client.post(
        f"/api/v1/review/events/{event.slug}/decisions/", {"decisions": decisions}, format="json"
    )
    assert applied.status_code == 200, applied.json()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in (kr[0], kr[1], kr[2], kr[3], vn, la[0], la[1])] == [
        S.ACCEPTED,
        S.WAITLISTED,
        S.WAITLISTED,
        S.WAITLISTED,
        S.ACCEPTED,
        S.ACCEPTED,
        S.ACCEPTED,
    ]
    first = Application.objects.get(pk=kr[0].pk)
    assert first.history.last().note == "accepted: 1st in South Korea"
    assert Application.objects.get(pk=vn.pk).history.last().note == "decided by the organiser"

    panel = {
        row["country"]: row
        for row in organiser_client.get(f"/api/v1/review/events/{event.slug}/quotas/").json()
    }
    assert panel["KR"] == {
        "country": "KR",
        "country_name": "South Korea",
        "minimum": 0,
        "maximum": 3,
        "applicants": 4,
        "holding": 1,
        "confirmed": 0,
        "waitlisted": 3,
        "below_minimum": False,
        "at_maximum": False,
    }
    assert panel["LA"]["holding"] == 2 and not panel["LA"]["below_minimum"]


def test_bad_decision_input_names_the_field(event, organiser_client):
    url = f"/api/v1/review/events/{event.slug}/decisions/"
    response = organiser_client.post(
        url, {"decisions": [{"application": 1, "outcome": "maybe"}]}, format="json"
    )
    assert response.status_code == 400 and "decisions" in response.json()
    response = organiser_client.post(url, {"decisions": []}, format="json")
    assert response.status_code == 400 and "decisions" in response.json()


def test_ranking_query_count_is_constant(
    event, rubric, organiser_client, django_assert_num_queries
):
    reviewers = [make_reviewer(event.organisation) for _ in range(2)]
    url = f"/api/v1/review/events/{event.slug}/ranking/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert organiser_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _reviewed(event, rubric, [(make_application(event), [(3, 3), (4, 4)])], reviewers)
    count()  # warms the per-user role cache, which a real request starts without
    one = count()
    _reviewed(
        event,
        rubric,
        [(make_application(event), [(m % 5 + 1, m % 10), (2, 2)]) for m in range(15)],
        reviewers,
    )
    with django_assert_num_queries(one):
        response = organiser_client.get(url)
    assert len(response.json()) == 16


@pytest.mark.parametrize(
    "client_name, expected",
    [
        (
            "anonymous_client",
            {"ranking": 401, "proposal": 401, "reviews": 401, "assignment": 401, "criteria": 401},
        ),
        (
            "applicant_client",
            {"ranking": 404, "proposal": 404, "reviews": 404, "assignment": 404, "criteria": 404},
        ),
        (
            "other_organiser_client",
            {"ranking": 404, "proposal": 404, "reviews": 404, "assignment": 404, "criteria": 404},
        ),
        (
            "staff_client",
            {"ranking": 403, "proposal": 403, "reviews": 404, "assignment": 404, "criteria": 403},
        ),
        (
            "reviewer_client",
            {"ranking": 403, "proposal": 403, "reviews": 404, "assignment": 404, "criteria": 200},
        ),
        (
            "organiser_client",
            {"ranking": 200, "proposal": 200, "reviews": 200, "assignment": 404, "criteria": 200},
        ),
    ],
)
def test_permission_matrix(request, event, rubric, client_name, expected):
    client = request.getfixturevalue(client_name)
    app = make_application(event)
    someone = make_reviewer(event.organisation)
    # Assigned to someone else: nobody but them reads it.
    assignment = ReviewAssignmentFactory(application=app, reviewer=someone)
    urls = {
        "ranking": f"/api/v1/review/events/{event.slug}/ranking/",
        "proposal": f"/api/v1/review/events/{event.slug}/proposal/",
        "reviews": f"/api/v1/review/applications/{app.pk}/reviews/",
        "assignment": f"/api/v1/review/me/assignments/{assignment.pk}/",
        "criteria": f"/api/v1/review/events/{event.slug}/criteria/",
    }
    got = {name: client.get(url).status_code for name, url in urls.items()}
    assert got == expected
    # Writes: only the organiser may apply decisions or promote.
    decide = client.post(
        urls["ranking"].replace("ranking", "decisions"),
        {"decisions": [{"application": app.pk, "outcome": "reject"}]},
        format="json",
    )
    assert decide.status_code == (200 if client_name == "organiser_client" else expected["ranking"])
    score = client.post(
        f"/api/v1/review/me/assignments/{assignment.pk}/review/",
        {"scores": {"1": 1}},
        format="json",
    )
    assert score.status_code == (401 if client_name == "anonymous_client" else 404)
    assert not Review.objects.exists()


def test_applicant_cannot_read_reviews_of_own_application(event, rubric, applicant_client):
    app = make_application(event, applicant=applicant_client.user)
    reviewer = make_reviewer(event.organisation)
    _reviewed(event, rubric, [(app, [(3, 3)])], [reviewer])
    assert applicant_client.get(f"/api/v1/review/applications/{app.pk}/reviews/").status_code == 404


def test_other_organisation_gets_404_on_every_organiser_endpoint(event, other_organiser_client):
    MembershipFactory(organisation=event.organisation, role=MemberRole.STAFF)
    CountryQuotaFactory(event=event, country="KR")
    for suffix in ("settings/", "criteria/", "assignments/", "ranking/", "quotas/", "proposal/"):
        assert (
            other_organiser_client.get(f"/api/v1/review/events/{event.slug}/{suffix}").status_code
            == 404
        )
    for suffix in ("assignments/auto/", "decisions/", "promote/"):
        assert (
            other_organiser_client.post(
                f"/api/v1/review/events/{event.slug}/{suffix}", {}, format="json"
            ).status_code
            == 404
        )


def test_schema_lists_review_endpoints(organiser_client):
    response = organiser_client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/review/events/{slug}/ranking/",
        "/api/v1/review/events/{slug}/proposal/",
        "/api/v1/review/events/{slug}/decisions/",
        "/api/v1/review/me/assignments/{id}/review/",
    ):
        assert path in text


def test_auto_assign_and_remove_assignment_through_the_api(event, rubric, organiser_client):
    reviewers = [make_reviewer(event.organisation) for _ in range(3)]
    apps = [make_application(event) for _ in range(3)]
    response = organiser_client.post(f"/api/v1/review/events/{event.slug}/assignments/auto/")
    assert response.status_code == 200
    # The organiser is a reviewer too (organisers may review): 4 reviewers, 6 assignments.
    body = response.json()
    assert body["created"] == 6 and body["balanced"] is True
    assert sorted(body["loads"].values()) == [1, 1, 2, 2]
    listing = organiser_client.get(f"/api/v1/review/events/{event.slug}/assignments/").json()
    assert {row["application"] for row in listing} == {a.pk for a in apps}
    first = listing[0]["id"]
    assert organiser_client.delete(f"/api/v1/review/assignments/{first}/").status_code == 204
    assert not ReviewAssignment.objects.filter(pk=first).exists()
    assert len(reviewers) == 3


def test_submitted_review_keeps_its_assignment_and_weights_rescore(
    event, rubric, organiser_client, reviewer_client
):
    app = make_application(event)
    assignment = ReviewAssignmentFactory(application=app, reviewer=reviewer_client.user)
    _score(reviewer_client, assignment, rubric, 5, 0)
    assert Review.objects.get().weighted_score == pytest.approx(100 * 2 / 3)
    assert (
        organiser_client.delete(f"/api/v1/review/assignments/{assignment.pk}/").status_code == 409
    )
    response = organiser_client.patch(
        f"/api/v1/review/criteria/{rubric[0].pk}/", {"weight": 1}, format="json"
    )
    assert response.status_code == 200
    assert Review.objects.get().weighted_score == pytest.approx(50.0)
    scale = organiser_client.patch(
        f"/api/v1/review/criteria/{rubric[0].pk}/", {"scale_max": 7}, format="json"
    )
    assert scale.status_code == 409 and scale.json()["code"] == "rubric_in_use"


def test_promote_endpoint_fills_free_seats(event, rubric, organiser_client):
    from review import services

    event.capacity = 2
    event.save()
    make_application(event, status=S.CONFIRMED)
    waiting = [make_application(event) for _ in range(2)]
    services.selection_apply(
        event=event,
        decisions=[{"application": a.pk, "outcome": "waitlist"} for a in waiting],
        by=None,
    )
    response = organiser_client.post(f"/api/v1/review/events/{event.slug}/promote/")
    assert response.json() == {"promoted": [waiting[0].pk]}
    assert organiser_client.post(f"/api/v1/review/events/{event.slug}/promote/").json() == {
        "promoted": []
    }


def test_out_of_range_ids_and_scores_are_400_not_500(
    event, rubric, organiser_client, reviewer_client
):
    huge = 10**20
    response = organiser_client.post(
        f"/api/v1/review/events/{event.slug}/decisions/",
        {"decisions": [{"application": huge, "outcome": "accept"}]},
        format="json",
    )
    assert response.status_code == 400 and "decisions" in response.json()
    response = organiser_client.post(
        f"/api/v1/review/events/{event.slug}/assignments/",
        {"application": huge, "reviewer": 1},
        format="json",
    )
    assert response.status_code == 400 and "application" in response.json()
    assignment = ReviewAssignmentFactory(
        application=make_application(event), reviewer=reviewer_client.user
    )
    response = reviewer_client.post(
        f"/api/v1/review/me/assignments/{assignment.pk}/review/",
        {"scores": {str(rubric[0].pk): huge}},
        format="json",
    )
    assert response.status_code == 400 and "scores" in response.json()
    assert reviewer_client.get(f"/api/v1/review/me/assignments/{huge}/").status_code == 404


def test_assignments_list_filters_by_reviewer_and_submitted(event, rubric, organiser_client):
    first, second = make_reviewer(event.organisation), make_reviewer(event.organisation)
    app_a, app_b = make_application(event), make_application(event)
    _reviewed(event, rubric, [(app_a, [(3, 3)])], [first])
    done = ReviewAssignment.objects.get(application=app_a, reviewer=first)
    open_first = ReviewAssignmentFactory(application=app_b, reviewer=first)
    open_second = ReviewAssignmentFactory(application=app_a, reviewer=second)
    url = f"/api/v1/review/events/{event.slug}/assignments/"

    def ids(query):
        response = organiser_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return sorted(row["id"] for row in response.json())

    assert ids("") == sorted([done.pk, open_first.pk, open_second.pk])
    assert ids(f"reviewer={first.pk}") == sorted([done.pk, open_first.pk])
    assert ids("submitted=true") == [done.pk]
    assert ids("submitted=false") == sorted([open_first.pk, open_second.pk])
    assert ids(f"reviewer={first.pk}&submitted=false") == [open_first.pk]


@pytest.mark.parametrize(
    ("query", "parameter"), [("submitted=yes", "submitted"), ("reviewer=abc", "reviewer")]
)
def test_assignments_list_unknown_filter_value_is_a_400_naming_it(
    event, organiser_client, query, parameter
):
    response = organiser_client.get(f"/api/v1/review/events/{event.slug}/assignments/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_assignments_list_filters_come_after_the_permission_check(event, reviewer_client):
    url = f"/api/v1/review/events/{event.slug}/assignments/?submitted=yes"
    assert reviewer_client.get(url).status_code == 403


def test_assignments_list_filters_are_in_the_schema(organiser_client):
    schema = organiser_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/review/events/{slug}/assignments/"]["get"]
    assert {"reviewer", "submitted"} <= {p["name"] for p in operation["parameters"]}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["type"] == (
        "array"
    )


def test_assignments_list_query_count_is_constant(
    event, rubric, organiser_client, django_assert_num_queries
):
    reviewer = make_reviewer(event.organisation)
    url = f"/api/v1/review/events/{event.slug}/assignments/?submitted=false&reviewer={reviewer.pk}"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert organiser_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    ReviewAssignmentFactory(application=make_application(event), reviewer=reviewer)
    count()  # warms the per-user role cache, which a real request starts without
    one = count()
    for _ in range(10):
        ReviewAssignmentFactory(application=make_application(event), reviewer=reviewer)
    with django_assert_num_queries(one):
        response = organiser_client.get(url)
    assert len(response.json()) == 11
