import datetime as dt

import pytest
import time_machine

from backend.errors import BridgesError, ConflictError
from participants import services as participant_services
from participants.enums import ApplicationStatus as S
from participants.models import Application
from review import services
from review.models import ReviewAssignment, SelectionDecision
from review.tasks import expire_offers
from tests.factories.programmes import CountryQuotaFactory, OrganisationFactory
from tests.factories.review import ConflictDeclarationFactory, ReviewAssignmentFactory
from tests.review.conftest import make_application, make_reviewer


def test_auto_assignment_keeps_exclusions_and_even_loads(event, rubric):
    other_org = OrganisationFactory()
    reviewers = [make_reviewer(event.organisation) for _ in range(4)]
    # Reviewer 0 also belongs to the organisation one applicant comes from.
    from tests.factories.programmes import MembershipFactory

    MembershipFactory(organisation=other_org, user=reviewers[0])
    apps = [make_application(event) for _ in range(9)]
    from participants.models import Profile

    Profile.objects.filter(user=apps[0].applicant).update(organisation=other_org)
    ConflictDeclarationFactory(reviewer=reviewers[1], application=apps[1])
    plan = services.assignments_auto(event=event, by=None)
    assert len(plan.new) == 18
    pairs = set(ReviewAssignment.objects.values_list("application_id", "reviewer_id"))
    assert (apps[0].pk, reviewers[0].pk) not in pairs
    assert (apps[1].pk, reviewers[1].pk) not in pairs
    assert all(sum(1 for a, _r in pairs if a == app.pk) == 2 for app in apps)
    loads = [sum(1 for _a, r in pairs if r == reviewer.pk) for reviewer in reviewers]
    assert max(loads) - min(loads) <= 1
    # Idempotent: a second run has nothing to add.
    assert services.assignments_auto(event=event, by=None).new == []


def test_auto_assignment_impossible_says_which_and_saves_nothing(event, rubric):
    make_reviewer(event.organisation)
    apps = [make_application(event) for _ in range(2)]
    with pytest.raises(ConflictError) as exc:
        services.assignments_auto(event=event, by=None)
    assert exc.value.code == "not_enough_reviewers"
    assert exc.value.message == (
        f"Not enough eligible reviewers for 2 reviews each: #{apps[0].pk} (1 eligible), #{apps[1].pk} (1 eligible)."
    )
    assert not ReviewAssignment.objects.exists()


def test_avoid_same_nationality(event, rubric):
    services.review_settings_update(
        event=event, data={"avoid_same_nationality": True, "reviews_needed": 1}
    )
    vietnamese = make_reviewer(event.organisation, nationalities=["VN"])
    korean = make_reviewer(event.organisation, nationalities=["KR"])
    app = make_application(event, country="VN")
    services.assignments_auto(event=event, by=None)
    assert list(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == [korean.pk]
    with pytest.raises(BridgesError) as exc:
        services.assignment_create(application=app, reviewer=vietnamese, by=None)
    assert (exc.value.field, exc.value.code) == ("reviewer", "same_nationality")


def test_review_submit_validates_every_criterion_and_moves_application_into_review(event, rubric):
    reviewer = make_reviewer(event.organisation)
    app = make_application(event, status=S.SUBMITTED)
    assignment = ReviewAssignmentFactory(application=app, reviewer=reviewer)
    motivation, experience = rubric
    with pytest.raises(BridgesError) as exc:
        services.review_submit(
            assignment=assignment,
            by=reviewer,
            scores={str(motivation.pk): 6, str(experience.pk): 5},
        )
    assert exc.value.field == f"scores.{motivation.pk}"
    assert exc.value.message == "Enter a whole number from 1 to 5."
    with pytest.raises(BridgesError) as exc:
        services.review_submit(assignment=assignment, by=reviewer, scores={str(motivation.pk): 3})
    assert exc.value.field == f"scores.{experience.pk}"
    review = services.review_submit(
        assignment=assignment,
        by=reviewer,
        scores={str(motivation.pk): 5, str(experience.pk): 5},
        comment="Strong.",
    )
    # (2 * 1.0 + 1 * 0.5) / 3
    assert review.weighted_score == pytest.approx(100 * 2.5 / 3)
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW
    with pytest.raises(BridgesError) as exc:
        services.review_submit(
            assignment=assignment, by=make_reviewer(event.organisation), scores={}
        )
    assert exc.value.status == 403


def test_conflict_declaration_drops_the_assignment(event, rubric):
    reviewer = make_reviewer(event.organisation)
    app = make_application(event)
    ReviewAssignmentFactory(application=app, reviewer=reviewer)
    services.conflict_declare(application=app, reviewer=reviewer, reason="My cousin.")
    assert not ReviewAssignment.objects.filter(reviewer=reviewer).exists()
    with pytest.raises(BridgesError) as exc:
        services.assignment_create(application=app, reviewer=reviewer, by=None)
    assert exc.value.code == "conflict"


def test_selection_apply_is_all_or_nothing_when_capacity_runs_out(event, rubric):
    event.capacity = 2
    event.save()
    apps = [make_application(event) for _ in range(3)]
    with pytest.raises(ConflictError) as exc:
        services.selection_apply(
            event=event,
            decisions=[{"application": a.pk, "outcome": "accept"} for a in apps],
            by=None,
        )
    assert exc.value.code == "capacity_reached"
    assert exc.value.message == f"Application #{apps[2].pk}: All 2 places are taken."
    assert set(Application.objects.values_list("status", flat=True)) == {S.UNDER_REVIEW}
    assert not SelectionDecision.objects.exists()


def test_selection_apply_swaps_seat_in_one_batch(event, rubric):
    event.capacity = 1
    event.save()
    seated = make_application(event, status=S.ACCEPTED)
    newcomer = make_application(event)
    services.selection_apply(
        event=event,
        decisions=[
            {"application": newcomer.pk, "outcome": "accept"},
            {"application": seated.pk, "outcome": "waitlist"},
        ],
        by=None,
    )
    assert Application.objects.get(pk=newcomer.pk).status == S.ACCEPTED
    assert Application.objects.get(pk=seated.pk).status == S.WAITLISTED
    assert SelectionDecision.objects.get(application=seated).waitlist_position == 1


def _waitlist(event, *apps):
    services.selection_apply(
        event=event, decisions=[{"application": a.pk, "outcome": "waitlist"} for a in apps], by=None
    )


def test_promotion_skips_a_country_at_its_maximum_and_is_idempotent(event, rubric):
    event.capacity = 3
    event.save()
    CountryQuotaFactory(event=event, country="KR", minimum=0, maximum=1)
    make_application(event, country="KR", status=S.CONFIRMED)
    make_application(event, country="VN", status=S.CONFIRMED)
    korean, lao = make_application(event, country="KR"), make_application(event, country="LA")
    _waitlist(event, korean, lao)
    promoted = services.waitlist_promote(event=event)
    assert [a.pk for a in promoted] == [lao.pk]
    assert services.waitlist_promote(event=event) == []
    lao.refresh_from_db()
    assert lao.status == S.ACCEPTED and lao.offer_expires_at is not None


def test_withdrawal_promotes_at_once(event, rubric, django_capture_on_commit_callbacks):
    event.capacity = 1
    event.save()
    seated = make_application(event, status=S.CONFIRMED)
    waiting = make_application(event)
    _waitlist(event, waiting)
    with django_capture_on_commit_callbacks(execute=True):
        participant_services.application_withdraw(application=seated, by=seated.applicant)
    waiting.refresh_from_db()
    assert waiting.status == S.ACCEPTED


def test_offer_expiry_task_declines_and_refills(event, rubric):
    event.capacity = 1
    event.save()
    offered = make_application(event)
    waiting = make_application(event)
    with time_machine.travel(dt.datetime(2027, 5, 1, tzinfo=dt.UTC), tick=False):
        services.selection_apply(
            event=event,
            decisions=[
                {"application": offered.pk, "outcome": "accept"},
                {"application": waiting.pk, "outcome": "waitlist"},
            ],
            by=None,
        )
    offered.refresh_from_db()
    assert offered.offer_expires_at == dt.datetime(2027, 5, 8, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2027, 5, 7, 23, 59, tzinfo=dt.UTC), tick=False):
        assert expire_offers() == {}
    with time_machine.travel(dt.datetime(2027, 5, 8, 0, 1, tzinfo=dt.UTC), tick=False):
        assert expire_offers() == {event.pk: 1}
        assert expire_offers() == {}
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert offered.status == S.DECLINED
    assert offered.history.last().note == "The offer expired unconfirmed."
    assert waiting.status == S.ACCEPTED


def test_decline_promotes_at_once_skipping_a_minor_without_consent(
    event, rubric, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    offered = make_application(event, status=S.ACCEPTED)
    minor = make_application(event, is_minor=True)
    adult = make_application(event)
    _waitlist(event, minor, adult)
    with django_capture_on_commit_callbacks(execute=True):
        participant_services.application_decline(application=offered, by=offered.applicant)
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {offered.pk: S.DECLINED, minor.pk: S.WAITLISTED, adult.pk: S.ACCEPTED}
    decision = SelectionDecision.objects.get(application=adult)
    assert (decision.outcome, decision.promoted_at is not None) == ("accept", True)


def test_organiser_taking_back_an_offer_does_not_promote(
    event, rubric, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    offered = make_application(event, status=S.ACCEPTED)
    waiting = make_application(event)
    _waitlist(event, waiting)
    with django_capture_on_commit_callbacks(execute=True):
        services.selection_apply(
            event=event, decisions=[{"application": offered.pk, "outcome": "reject"}], by=None
        )
    assert Application.objects.get(pk=waiting.pk).status == S.WAITLISTED


def test_expiry_is_scheduled_in_beat():
    from backend.celery import collect_beat_schedule

    assert collect_beat_schedule()["review-expire-offers"] == {
        "task": "review.expire_offers",
        "schedule": 300.0,
    }
