"""An event's review settings and its rubric (criteria); a changed rubric recomputes
the weighted scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.errors import BridgesError, ConflictError
from programmes.models import Event

from ..models import (
    Criterion,
    Review,
    ReviewSettings,
    Score,
)
from ..scoring import CriterionSpec, weighted_score


def review_settings_for(event: Event) -> ReviewSettings:
    """The event's review settings, created with defaults on first use."""
    settings_row, _created = ReviewSettings.objects.get_or_create(event=event)
    return settings_row


def _decimal(
    data: Mapping[str, Any], key: str, *, low: Decimal, high: Decimal, allow_null: bool = False
):
    value = data[key]
    if value is None or value == "":
        if allow_null:
            return None
        raise BridgesError(_("This field is required."), code="required", field=key)
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BridgesError(_("Enter a number."), code="invalid", field=key) from None
    if not (low <= number <= high):
        raise BridgesError(
            _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high},
            code="out_of_range",
            field=key,
        )
    return number.quantize(Decimal("0.01"))


def _int(data: Mapping[str, Any], key: str, *, low: int, high: int) -> int:
    value = data[key]
    if isinstance(value, bool):
        raise BridgesError(_("Enter a whole number."), code="invalid", field=key)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise BridgesError(_("Enter a whole number."), code="invalid", field=key) from None
    if not (low <= number <= high):
        raise BridgesError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            code="out_of_range",
            field=key,
        )
    return number


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data[key]
    if isinstance(value, bool):
        return value
    if str(value).lower() in {"true", "1", "on", "yes"}:
        return True
    if str(value).lower() in {"false", "0", "off", "no", ""}:
        return False
    raise BridgesError(_("Enter true or false."), code="invalid", field=key)


@transaction.atomic
def review_settings_update(*, event: Event, data: Mapping[str, Any]) -> ReviewSettings:
    """Change the fields present in ``data``; unknown keys are ignored."""
    row = ReviewSettings.objects.select_for_update().get(pk=review_settings_for(event).pk)
    before = snapshot(row, data.keys() & SETTINGS_FIELDS)
    fields = []
    if "reviews_needed" in data:
        row.reviews_needed = _int(data, "reviews_needed", low=1, high=20)
        fields.append("reviews_needed")
    for key in ("blind", "avoid_same_nationality"):
        if key in data:
            setattr(row, key, _bool(data, key))
            fields.append(key)
    if "disagreement_threshold" in data:
        row.disagreement_threshold = _decimal(
            data, "disagreement_threshold", low=Decimal("0.1"), high=Decimal("10")
        )
        fields.append("disagreement_threshold")
    if "gender_max_share" in data:
        row.gender_max_share = _decimal(
            data, "gender_max_share", low=Decimal("0.1"), high=Decimal("1"), allow_null=True
        )
        fields.append("gender_max_share")
    if fields:
        row.save(update_fields=fields)
        log_action(row, "review.settings.changed", before=before)
    return row


# What review_settings_update may change, as the audit log records it.
SETTINGS_FIELDS = frozenset(
    {
        "reviews_needed",
        "blind",
        "avoid_same_nationality",
        "disagreement_threshold",
        "gender_max_share",
    }
)
CRITERION_FIELDS = ("name", "guidance", "weight", "scale_min", "scale_max", "order")


def _criterion_apply(criterion: Criterion, data: Mapping[str, Any], *, creating: bool) -> None:
    if creating or "name" in data:
        name = str(data.get("name") or "").strip()
        if not name:
            raise BridgesError(_("Give the criterion a name."), code="required", field="name")
        if len(name) > 120:
            raise BridgesError(_("Use at most 120 characters."), code="too_long", field="name")
        criterion.name = name
    if "guidance" in data:
        criterion.guidance = str(data["guidance"] or "")[:5000]
    if "weight" in data:
        criterion.weight = _int(data, "weight", low=1, high=100)
    if "scale_min" in data:
        criterion.scale_min = _int(data, "scale_min", low=-100, high=100)
    if "scale_max" in data:
        criterion.scale_max = _int(data, "scale_max", low=-100, high=100)
    if "order" in data:
        criterion.order = _int(data, "order", low=0, high=10_000)
    if criterion.scale_max <= criterion.scale_min:
        raise BridgesError(
            _("The highest score must be above the lowest."), code="invalid", field="scale_max"
        )


def _criteria_locked_by_reviews(criterion: Criterion) -> bool:
    return Score.objects.filter(criterion=criterion).exists()


@transaction.atomic
def criterion_create(*, event: Event, data: Mapping[str, Any]) -> Criterion:
    criterion = Criterion(event=event)
    _criterion_apply(criterion, data, creating=True)
    if Criterion.objects.filter(event=event, name=criterion.name).exists():
        raise BridgesError(
            _("This event already has a criterion with that name."), code="duplicate", field="name"
        )
    if Review.objects.filter(application__event=event, submitted_at__isnull=False).exists():
        raise ConflictError(
            _("Reviews have been submitted; a new criterion would leave them incomplete."),
            code="rubric_in_use",
        )
    criterion.save()
    log_action(criterion, "review.criterion.created", before=dict.fromkeys(CRITERION_FIELDS))
    return criterion


@transaction.atomic
def criterion_update(*, criterion: Criterion, data: Mapping[str, Any]) -> Criterion:
    before = snapshot(criterion, CRITERION_FIELDS)
    scale_before = (criterion.scale_min, criterion.scale_max)
    _criterion_apply(criterion, data, creating=False)
    if (criterion.scale_min, criterion.scale_max) != scale_before and _criteria_locked_by_reviews(
        criterion
    ):
        raise ConflictError(
            _("Scores were given on this scale; it can no longer change."), code="rubric_in_use"
        )
    if (
        Criterion.objects.filter(event_id=criterion.event_id, name=criterion.name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise BridgesError(
            _("This event already has a criterion with that name."), code="duplicate", field="name"
        )
    criterion.save()
    log_action(criterion, "review.criterion.changed", before=before)
    if "weight" in data:
        _recompute_weighted_scores(criterion.event_id)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    if _criteria_locked_by_reviews(criterion):
        raise ConflictError(
            _("Scores were given on this criterion; it can no longer be deleted."),
            code="rubric_in_use",
        )
    changes = removed(criterion, ("name", "weight"))
    log_action(criterion, "review.criterion.deleted", data={"changes": changes})
    criterion.delete()


def _criterion_specs(event_id: int) -> list[CriterionSpec]:
    return [
        CriterionSpec(id=c.pk, weight=c.weight, scale_min=c.scale_min, scale_max=c.scale_max)
        for c in Criterion.objects.filter(event_id=event_id)
    ]


def _recompute_weighted_scores(event_id: int) -> None:
    specs = _criterion_specs(event_id)
    reviews = list(
        Review.objects.filter(
            application__event_id=event_id, submitted_at__isnull=False
        ).prefetch_related("scores")
    )
    for review in reviews:
        review.weighted_score = weighted_score(
            {s.criterion_id: s.value for s in review.scores.all()}, specs
        )
    Review.objects.bulk_update(reviews, ["weighted_score"])
