"""Reads for review: rankings, proposals, quota panels, reviewer worklists.

Every list here runs a fixed number of queries whatever the number of applications
(the ranking: settings, criteria-free weighted scores, applications, quotas).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from participants.enums import SEAT_HOLDING_STATUSES, ApplicationStatus
from participants.models import Answer, Application, Profile
from participants.selectors import application_form_answers
from programmes.models import CountryQuota, Event, GenderQuota, Membership
from programmes.selectors import event_reviewer_ids

from .assignment import ApplicantInfo, ReviewerInfo
from .enums import PROPOSABLE_STATUSES, REVIEWABLE_STATUSES
from .models import Review, ReviewAssignment, ReviewSettings
from .scoring import ApplicationScore, rank_weighted
from .selection import Candidate, Proposal, QuotaSpec, propose_selection

S = ApplicationStatus


def _settings(event: Event) -> ReviewSettings:
    # Read-only: no row is created by a GET (the defaults are the model's).
    return ReviewSettings.objects.filter(event=event).first() or ReviewSettings(event=event)


def reviewable_applications(event: Event) -> list[Application]:
    return list(
        Application.objects.filter(event=event, status__in=REVIEWABLE_STATUSES).order_by("pk")
    )


def _profile_organisation_and_nationalities(
    user_ids: Iterable[int],
) -> dict[int, tuple[int | None, frozenset[str]]]:
    rows = Profile.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "organisation_id", "nationalities"
    )
    result = {}
    for user_id, organisation_id, nationalities in rows:
        codes = (
            nationalities
            if isinstance(nationalities, list | tuple)
            else str(nationalities or "").split(",")
        )
        result[user_id] = (organisation_id, frozenset(str(c) for c in codes if c))
    return result


def applicant_infos(applications: Sequence[Application]) -> list[ApplicantInfo]:
    profiles = _profile_organisation_and_nationalities(a.applicant_id for a in applications)
    infos = []
    for application in applications:
        organisation_id, nationalities = profiles.get(application.applicant_id, (None, frozenset()))
        if application.country:
            nationalities = nationalities | {str(application.country)}
        infos.append(ApplicantInfo(application.pk, organisation_id, nationalities))
    return infos


def applicant_info(application: Application) -> ApplicantInfo:
    return applicant_infos([application])[0]


def reviewer_infos(event: Event, *, user_ids: Sequence[int] | None = None) -> list[ReviewerInfo]:
    """The event's reviewers (``programmes.selectors.event_reviewer_ids``: the organisation's
    owners, organisers and reviewers and those of the event alone), with what excludes them."""
    reviewers = get_user_model().objects.filter(pk__in=event_reviewer_ids(event))
    if user_ids is not None:
        reviewers = reviewers.filter(pk__in=user_ids)
    ids = sorted(reviewers.values_list("pk", flat=True))
    organisations: dict[int, set[int]] = {uid: set() for uid in ids}
    for user_id, organisation_id in Membership.objects.filter(user_id__in=ids).values_list(
        "user_id", "organisation_id"
    ):
        organisations[user_id].add(organisation_id)
    profiles = _profile_organisation_and_nationalities(ids)
    infos = []
    for user_id in ids:
        organisation_id, nationalities = profiles.get(user_id, (None, frozenset()))
        # Every membership counts: an applicant from the organising organisation itself
        # can't be reviewed by its members (the assignment then says it's impossible).
        orgs = set(organisations[user_id])
        if organisation_id is not None:
            orgs.add(organisation_id)
        infos.append(ReviewerInfo(user_id, frozenset(orgs), nationalities))
    return infos


def quota_specs(event: Event) -> list[QuotaSpec]:
    return [
        QuotaSpec(str(q.country), q.minimum, q.maximum)
        for q in CountryQuota.objects.filter(event=event).order_by("country")
    ]


def gender_maximums(event: Event) -> dict[str, int]:
    """The event's seats per gender (``GenderQuota``): {gender: at most}, for the genders
    with a maximum."""
    return dict(
        GenderQuota.objects.filter(event=event, maximum__isnull=False).values_list(
            "gender", "maximum"
        )
    )


def gender_minimums(event: Event) -> dict[str, int]:
    """The event's seats per gender (``GenderQuota``): {gender: at least}."""
    return dict(
        GenderQuota.objects.filter(event=event, minimum__gt=0).values_list("gender", "minimum")
    )


def candidate(application: Application) -> Candidate:
    return Candidate(application.pk, str(application.country or ""), application.gender or "")


@dataclass
class RankingRow:
    application: Application
    score: ApplicationScore

    @property
    def application_id(self) -> int:
        return self.application.pk

    @property
    def rank(self) -> int:
        return self.score.rank


@dataclass
class Ranking:
    event: Event
    settings: ReviewSettings
    rows: list[RankingRow]


RANKING_FIELDS = (
    "pk",
    "event_id",
    "applicant_id",
    "status",
    "country",
    "gender",
    "applicant__username",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
    "applicant__profile__full_name",
)


def event_ranking(*, event: Event) -> Ranking:
    """Every application in the running, scored and ranked (4 queries)."""
    settings_row = _settings(event)
    applications = list(
        Application.objects.filter(event=event, status__in=REVIEWABLE_STATUSES)
        .select_related("applicant", "applicant__profile")
        # Only what the ranking, the proposal and their tables show: a thousand rows
        # of full applications, users and profiles cost more to build than to rank.
        .only(*RANKING_FIELDS)
        .order_by("pk")
    )
    reviews = Review.objects.filter(
        application__event=event, submitted_at__isnull=False, weighted_score__isnull=False
    ).values_list("application_id", "reviewer_id", "weighted_score")
    scores = rank_weighted(
        application_ids=[a.pk for a in applications],
        weighted_reviews=reviews,
        disagreement_threshold=float(settings_row.disagreement_threshold),
    )
    by_id = {a.pk: a for a in applications}
    return Ranking(
        event=event,
        settings=settings_row,
        rows=[RankingRow(by_id[s.application_id], s) for s in scores],
    )


@dataclass
class ProposalView:
    ranking: Ranking
    proposal: Proposal
    seated: list[Application]


def event_proposal(*, event: Event, ranking: Ranking | None = None) -> ProposalView:
    """A fresh proposal for the applications still undecided or waiting."""
    ranking = ranking or event_ranking(event=event)
    candidates = [
        candidate(r.application)
        for r in ranking.rows
        if r.application.status in PROPOSABLE_STATUSES
    ]
    seated = [r.application for r in ranking.rows if r.application.status in SEAT_HOLDING_STATUSES]
    share = ranking.settings.gender_max_share
    proposal = propose_selection(
        ranked=candidates,
        capacity=event.capacity or len(candidates) + len(seated),
        quotas=quota_specs(event),
        gender_max_share=float(share) if share is not None else None,
        seated=[candidate(a) for a in seated],
        gender_maximums=gender_maximums(event),
        gender_minimums=gender_minimums(event),
    )
    return ProposalView(ranking=ranking, proposal=proposal, seated=seated)


@dataclass
class QuotaRow:
    country: str
    minimum: int
    maximum: int | None
    applicants: int
    holding: int
    confirmed: int
    waitlisted: int

    @property
    def below_minimum(self) -> bool:
        return self.holding < self.minimum

    @property
    def at_maximum(self) -> bool:
        return self.maximum is not None and self.holding >= self.maximum


def quota_panel(*, event: Event) -> list[QuotaRow]:
    """Per country: applicants in the running, seats held, confirmed, waiting; against quotas."""
    counts = Counter()
    for country, status in Application.objects.filter(
        event=event, status__in=REVIEWABLE_STATUSES
    ).values_list("country", "status"):
        code = str(country or "")
        counts[(code, "applicants")] += 1
        if status in SEAT_HOLDING_STATUSES:
            counts[(code, "holding")] += 1
        if status == S.CONFIRMED:
            counts[(code, "confirmed")] += 1
        if status == S.WAITLISTED:
            counts[(code, "waitlisted")] += 1
    quotas = {q.country: q for q in quota_specs(event)}
    codes = sorted({code for code, _kind in counts} | set(quotas))
    return [
        QuotaRow(
            country=code,
            minimum=quotas[code].minimum if code in quotas else 0,
            maximum=quotas[code].maximum if code in quotas else None,
            applicants=counts[(code, "applicants")],
            holding=counts[(code, "holding")],
            confirmed=counts[(code, "confirmed")],
            waitlisted=counts[(code, "waitlisted")],
        )
        for code in codes
    ]


@dataclass
class GenderRow:
    gender: str
    label: str
    maximum: int | None
    holding: int
    minimum: int = 0

    @property
    def at_maximum(self) -> bool:
        return self.maximum is not None and self.holding >= self.maximum

    @property
    def below_minimum(self) -> bool:
        return self.holding < self.minimum


def gender_panel(*, event: Event) -> list[GenderRow]:
    """Per gender with a quota: seats held against its minimum and maximum (two queries)."""
    from participants.enums import Gender

    quotas = {
        gender: (low, high)
        for gender, low, high in GenderQuota.objects.filter(event=event).values_list(
            "gender", "minimum", "maximum"
        )
    }
    if not quotas:
        return []
    holding = Counter(
        Application.objects.filter(
            event=event, status__in=SEAT_HOLDING_STATUSES, gender__in=list(quotas)
        ).values_list("gender", flat=True)
    )
    return [
        GenderRow(code, str(Gender(code).label), high, holding[code], low)
        for code, (low, high) in sorted(quotas.items())
        if code in Gender.values
    ]


def reviewer_assignments(*, user, event: Event | None = None) -> QuerySet[ReviewAssignment]:
    """The applications assigned to ``user``, with their own review (if any)."""
    qs = (
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("application", "application__event")
        .prefetch_related(Prefetch("review", queryset=Review.objects.all()))
        .order_by("application__event__start_date", "application_id")
    )
    if event is not None:
        qs = qs.filter(application__event=event)
    return qs


def assignment_for(*, user, application_id: int) -> ReviewAssignment | None:
    return (
        ReviewAssignment.objects.filter(reviewer=user, application_id=application_id)
        .select_related("application", "application__event", "application__applicant")
        .first()
    )


def application_answers(application: Application) -> list[Answer]:
    """What reviewers read: the application form's answers, never the follow-up form's."""
    return list(
        application_form_answers()
        .filter(application=application)
        .select_related("question", "file")
        .order_by("question__order", "question_id")
    )


def has_submitted_review(*, user, application: Application) -> bool:
    return Review.objects.filter(
        application=application, reviewer=user, submitted_at__isnull=False
    ).exists()


def reviews_of(application: Application) -> list[Review]:
    return list(
        Review.objects.filter(application=application, submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )


def display_name(application: Application) -> str:
    user = application.applicant
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile = None
    return (
        (profile.full_name if profile and profile.full_name else "")
        or user.get_full_name()
        or user.get_username()
    )


def ranking_rows(ranking: Ranking) -> list[dict]:
    return [
        {
            "rank": row.rank,
            "application": row.application_id,
            "name": display_name(row.application),
            "country": str(row.application.country or ""),
            "gender": row.application.gender or "",
            "status": row.application.status,
            "reviews": row.score.review_count,
            "raw_mean": _round(row.score.raw_mean),
            "corrected": _round(row.score.corrected),
            "corrected_z": _round(row.score.corrected_z, 4),
            "spread": _round(row.score.spread, 4),
            "disagreement": row.score.disagreement,
        }
        for row in ranking.rows
    ]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def proposal_rows(view: ProposalView) -> dict:
    by_id = {row.application_id: row for row in view.ranking.rows}
    decisions = [
        {
            "application": d.application_id,
            "name": display_name(by_id[d.application_id].application),
            "country": d.country,
            "rank": by_id[d.application_id].rank,
            "outcome": d.outcome,
            "reason": d.reason,
            "explanation": d.message,
            "waitlist_position": d.waitlist_position,
        }
        for d in view.proposal.decisions
    ]
    return {
        "capacity": view.proposal.capacity,
        "seated": len(view.seated),
        "accepted": sum(1 for d in view.proposal.decisions if d.outcome == "accept"),
        "waitlisted": sum(1 for d in view.proposal.decisions if d.outcome == "waitlist"),
        "issues": [
            {"code": i.code, "country": i.country, "message": i.message}
            for i in view.proposal.issues
        ],
        "decisions": decisions,
    }


def blinded_application(application: Application, *, blind: bool) -> dict:
    """A reviewer's view of an application: identity left out when the review is blind."""
    organisation = None
    if not blind:
        try:
            profile = application.applicant.profile
        except Profile.DoesNotExist:
            profile = None
        if profile is not None:
            organisation = (
                profile.organisation.name if profile.organisation_id else ""
            ) or profile.affiliation
    return {
        "pk": application.pk,
        "event": application.event,
        "status": application.status,
        "country": str(application.country or ""),
        "gender": application.gender or "",
        "age_on_first_day": application.age_on_first_day(),
        "name": None if blind else display_name(application),
        "email": None if blind else application.applicant.email,
        "organisation": None if blind else organisation,
        "blind": blind,
        "answers": [
            a for a in application_answers(application) if a.question.kind != "file" or not blind
        ],
    }


def review_detail(pk: int) -> Review:
    return (
        Review.objects.select_related("reviewer").prefetch_related("scores__criterion").get(pk=pk)
    )


def assignment_detail(assignment: ReviewAssignment) -> dict:
    application = Application.objects.select_related(
        "event", "applicant", "applicant__profile", "applicant__profile__organisation"
    ).get(pk=assignment.application_id)
    settings_row = _settings(application.event)
    my_review = (
        Review.objects.filter(assignment=assignment)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .first()
    )
    submitted = bool(my_review and my_review.submitted_at)
    from .api.serializers import CriterionSerializer, ReviewSerializer

    others = (
        [r for r in reviews_of(application) if r.reviewer_id != assignment.reviewer_id]
        if submitted
        else None
    )
    return {
        "assignment": assignment.pk,
        "application": _serialise_application(
            blinded_application(application, blind=settings_row.blind)
        ),
        "criteria": CriterionSerializer(application.event.criteria.all(), many=True).data,
        "my_review": ReviewSerializer(my_review).data if my_review else None,
        # Other reviews only once this reviewer has committed to their own judgement.
        "other_reviews": ReviewSerializer(others, many=True).data if others is not None else None,
    }


def _serialise_application(data: dict) -> dict:
    from .api.serializers import ReviewerApplicationSerializer

    return ReviewerApplicationSerializer(data).data


def explanations_for(*, proposal: Proposal, decisions) -> dict[int, str]:
    """The proposal's explanation for each decision that follows it; a note otherwise."""
    from django.utils.translation import gettext as _

    proposed = proposal.by_application()
    notes = {}
    for item in decisions:
        app_id = int(item["application"])
        decision = proposed.get(app_id)
        if decision is not None and decision.outcome == item["outcome"]:
            notes[app_id] = decision.message
        else:
            notes[app_id] = _("decided by the organiser")
    return notes


@dataclass
class ReviewerLoad:
    user_id: int
    name: str
    assigned: int
    submitted: int


def reviewer_loads(*, event: Event) -> list[ReviewerLoad]:
    """The event's reviewers (``event_reviewer_ids``) with how many of this event's
    applications each has (one query)."""
    from django.db.models import Count, Q

    ids = event_reviewer_ids(event)
    users = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .annotate(
            assigned=Count(
                "review_assignments",
                filter=Q(review_assignments__application__event=event),
                distinct=True,
            ),
            submitted=Count(
                "reviews",
                filter=Q(reviews__application__event=event, reviews__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("pk")
    )
    return [
        ReviewerLoad(u.pk, u.get_full_name() or u.get_username(), u.assigned, u.submitted)
        for u in users
    ]
