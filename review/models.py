"""Rubrics, reviewer assignments, reviews, conflicts and the waiting list.

Scores are aggregated in ``review.scoring`` and selections proposed in
``review.selection``; both work on plain data built by ``review.selectors``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participants.models import Application
from programmes.models import Event

from .enums import AssignmentSource, DecisionOutcome


class ReviewSettings(models.Model):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="review_settings")
    reviews_needed = models.PositiveSmallIntegerField(
        _("reviews per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    blind = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Hide name, photo, organisation and email from reviewers."),
    )
    avoid_same_nationality = models.BooleanField(
        _("avoid reviewers of the same nationality"), default=False
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(Decimal("0.10"))],
        help_text=_(
            "Flag an application when its reviewers' standardised scores differ by more than this many standard deviations."
        ),
    )
    gender_max_share = models.DecimalField(
        _("gender balance target"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.10")), MaxValueValidator(Decimal("1.00"))],
        help_text=_(
            "At most this share of the seats for any one gender (e.g. 0.60); empty for no target."
        ),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_needed__gte=1), name="review_settings_reviews_needed_positive"
            ),
            models.CheckConstraint(
                condition=Q(gender_max_share__isnull=True)
                | Q(gender_max_share__gt=0, gender_max_share__lte=1),
                name="review_settings_gender_share_range",
            ),
        ]
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return f"{self.event} · review settings"


class Criterion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)]
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_ordered"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            models.UniqueConstraint(
                fields=["event", "name"], name="criterion_unique_name_per_event"
            ),
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    source = models.CharField(_("assigned"), max_length=20, choices=AssignmentSource.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="assignment_unique_reviewer"
            ),
        ]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")

    def __str__(self) -> str:
        return f"{self.reviewer} ← {self.application_id}"


class Review(models.Model):
    """One reviewer's scores for one application; editable until submitted."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    # Copied from the assignment so the ranking reads reviews without a join.
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.FloatField(_("weighted score"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_unique_reviewer"
            ),
        ]
        indexes = [models.Index(fields=["application", "submitted_at"])]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_unique_per_criterion"
            ),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ConflictDeclaration(models.Model):
    """A reviewer says they should not review this applicant (friend, colleague, relative)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="review_conflicts"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "application"], name="conflict_unique_per_application"
            ),
        ]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.application_id}"


class SelectionDecision(models.Model):
    """The organiser's decision for an application, with the proposal's explanation.

    ``waitlist_position`` orders the waiting list that promotions walk; it is kept
    after promotion so the history of how someone got in stays readable.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="selection_decision"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="selection_decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    explanation = models.CharField(_("explanation"), max_length=300, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    waitlist_position = models.PositiveIntegerField(
        _("place on the waiting list"), null=True, blank=True
    )
    promoted_at = models.DateTimeField(_("offered a freed seat at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "waitlist_position", "rank", "application_id"]
        indexes = [models.Index(fields=["event", "outcome", "waitlist_position"])]
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"
