"""Query-string filters for organisers' lists of applications (django-filter).

They narrow a queryset the view has already scoped to one event the organiser manages;
they never widen it. The API answers a bad value with a 400 naming the parameter; a
page shows the FilterSet's form with the error beside the field.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from backend.names import name_contains

from .enums import ApplicationStatus, Gender
from .models import Application
from .selectors import years_before


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """One value or several, comma-separated, each one of ``choices`` (else a 400)."""


class _UpperChoiceField(django_filters.fields.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).upper()


class CountryInFilter(ChoiceInFilter):
    """ISO country codes in either case; the quota country is stored upper-case."""

    field_class = _UpperChoiceField


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.Filter):
    field_class = forms.IntegerField


class ApplicationFilter(django_filters.FilterSet):
    status = ChoiceInFilter(
        choices=ApplicationStatus.choices,
        label=_("Status"),
        help_text=_("Comma-separated statuses."),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Unknown status.")},
    )
    country = CountryInFilter(
        choices=lambda: list(countries),
        label=_("Country"),
        help_text=_("Comma-separated ISO codes (quota country)."),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Unknown country code.")},
    )
    gender = ChoiceInFilter(
        choices=Gender.choices,
        label=_("Gender"),
        help_text=_("Comma-separated genders."),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Unknown gender.")},
    )
    age_min = WholeNumberFilter(
        method="filter_age",
        label=_("Minimum age"),
        help_text=_("Minimum age on the event's first day."),
        min_value=0,
        max_value=150,
    )
    age_max = WholeNumberFilter(
        method="filter_age",
        label=_("Maximum age"),
        help_text=_("Maximum age on the event's first day."),
        min_value=0,
        max_value=150,
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Name or email"),
        help_text=_("Part of the applicant's name or email address."),
        max_length=100,
    )

    class Meta:
        model = Application
        fields = ["status", "country", "gender", "age_min", "age_max", "q"]

    def filter_age(self, queryset, name, value):
        # The queryset is one event's applications: ages are on that event's first day.
        first_day = queryset.values_list("event__start_date", flat=True).first()
        if first_day is None:
            return queryset
        if name == "age_min":
            # Age >= n on the first day <=> born on or before the first day n years earlier.
            return queryset.filter(date_of_birth__lte=years_before(first_day, value))
        # Age <= n <=> born after the first day n+1 years earlier.
        return queryset.filter(date_of_birth__gt=years_before(first_day, value + 1))

    def filter_search(self, queryset, name, value):
        return queryset.filter(person_matches("applicant", value)) if value.strip() else queryset


def person_matches(user: str, text: str) -> Q:
    """The rows whose person (the user at the lookup path ``user``) has ``text`` in a name,
    without regard to accents and case, or in the email address: one rule for every list's
    name search."""
    text = text.strip()
    return (
        name_contains(f"{user}__profile__full_name", text)
        | name_contains(f"{user}__profile__latin_name", text)
        | name_contains(f"{user}__first_name", text)
        | name_contains(f"{user}__last_name", text)
        | Q(**{f"{user}__email__icontains": text})
    )


class MyApplicationFilter(django_filters.FilterSet):
    """Narrows the signed-in applicant's own applications."""

    status = ChoiceInFilter(
        choices=ApplicationStatus.choices,
        help_text=_("Comma-separated statuses."),
        error_messages={"invalid_choice": _("Unknown status.")},
    )
    event = django_filters.CharFilter(
        field_name="event__slug", label=_("Only this event's (its slug)."), max_length=100
    )

    class Meta:
        model = Application
        fields = ["status", "event"]


# The applications desk's extra filters: guardian consent, review score and reviewer.
CONSENT_CHOICES = [
    ("given", _("Consent given")),
    ("awaiting", _("Awaiting consent")),
    ("not_needed", _("Not needed (adult)")),
]


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Sorts with empty values (no score yet, no date of birth) last either way, then
    by submission, so a page never shuffles between requests."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param.lstrip("-")])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(p) for p in value], "submitted_at", "pk")


class ApplicationDeskFilter(ApplicationFilter):
    """The applications desk: ApplicationFilter plus consent, score, reviewer and the
    sort. The queryset comes from ``selectors.desk_applications`` (``score`` and
    ``consent_given`` annotated)."""

    consent = django_filters.ChoiceFilter(
        choices=CONSENT_CHOICES,
        method="filter_consent",
        label=_("Guardian consent"),
        empty_label=_("Any"),
    )
    score_min = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", label=_("Score at least")
    )
    score_max = django_filters.NumberFilter(
        field_name="score", lookup_expr="lte", label=_("Score at most")
    )
    reviewer = django_filters.ChoiceFilter(
        choices=[], method="filter_reviewer", label=_("Reviewer"), empty_label=_("Any")
    )
    sort = NullsLastOrderingFilter(
        label=_("Sort by"),
        empty_label=_("Submitted first"),
        fields=(
            ("submitted_at", "submitted"),
            ("applicant__profile__full_name", "name"),
            ("country", "country"),
            ("date_of_birth", "born"),
            ("status", "status"),
            ("score", "score"),
        ),
        field_labels={
            "submitted": _("Submitted"),
            "name": _("Name"),
            "country": _("Country"),
            "born": _("Date of birth"),
            "status": _("Status"),
            "score": _("Score"),
        },
    )

    class Meta(ApplicationFilter.Meta):
        fields = [
            *ApplicationFilter.Meta.fields,
            "consent",
            "score_min",
            "score_max",
            "reviewer",
        ]

    def __init__(self, *args, reviewers: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reviewer"].extra["choices"] = [(str(pk), name) for pk, name in reviewers]

    def filter_consent(self, queryset, name, value):
        if value == "given":
            return queryset.filter(consent_given=True)
        if value == "awaiting":
            return queryset.filter(is_minor=True, consent_given=False)
        return queryset.filter(is_minor=False)

    def filter_reviewer(self, queryset, name, value):
        # review_assignments: the review app's reverse relation (no import: it is downstream).
        return queryset.filter(review_assignments__reviewer_id=value)
