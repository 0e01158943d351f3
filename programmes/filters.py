"""Query-string filters for the programmes API (django-filter), built on the selectors."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from backend.names import name_order

from .enums import EventKind, EventStatus, OrganisationKind, SessionStatus, SessionType
from .models import (
    CountryQuota,
    Event,
    GenderQuota,
    Leg,
    Organisation,
    Person,
    Programme,
    Session,
    Venue,
)
from .selectors import filter_events, not_over


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    status = django_filters.ChoiceFilter(choices=EventStatus.choices)
    country = django_filters.CharFilter(
        method="filter_country",
        label=_("Host country or the country of any leg (ISO 3166 code)."),
    )
    open_now = django_filters.BooleanFilter(
        method="filter_open_now", label=_("Only events taking applications now.")
    )
    starts_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("First day on or after.")
    )
    starts_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("First day on or before.")
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Words in the title, theme, summary or organiser.")
    )
    organisation = django_filters.CharFilter(
        field_name="organisation__slug", label=_("Organisation slug.")
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "status",
            "country",
            "open_now",
            "starts_after",
            "starts_before",
            "q",
            "organisation",
        ]

    def filter_country(self, queryset, name, value):
        return filter_events(queryset, country=value)

    def filter_open_now(self, queryset, name, value):
        return filter_events(queryset, open_now=True) if value else queryset

    def filter_q(self, queryset, name, value):
        return filter_events(queryset, q=value)


# A ticked box sends "1"; any other value is refused beside the boxes, not ignored.
TICKED = [("1", "1")]


class EventListFilter(django_filters.FilterSet):
    """The public event list's two boxes: calls open now, and past events (left out unless
    asked for). The other fields are EventFilterForm's, shared with the home page; pass
    the events they leave, past ones included (``published_events(include_past=True)``)."""

    open = django_filters.ChoiceFilter(
        choices=TICKED, method="filter_open", label=_("Open for applications now")
    )
    past = django_filters.ChoiceFilter(
        choices=TICKED, method="keep", label=_("Include past events")
    )

    class Meta:
        model = Event
        fields = ["open", "past"]

    def __init__(self, data=None, queryset=None, *, now, **kwargs):
        self.now = now
        super().__init__(data, queryset, **kwargs)

    def _ticked(self, name: str) -> bool:
        # Each box on its own: a refused value of one leaves the other in use.
        return (
            self.is_bound and not self.errors.get(name) and self.form.cleaned_data.get(name) == "1"
        )

    @property
    def open_only(self) -> bool:
        return self._ticked("open")

    @property
    def include_past(self) -> bool:
        return self._ticked("past")

    def filter_open(self, queryset, name, value):
        return filter_events(queryset, open_now=True, now=self.now)

    def keep(self, queryset, name, value):
        return queryset  # applied in filter_queryset: the box widens the list

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.include_past else not_over(queryset, self.now)


class SessionFilter(django_filters.FilterSet):
    event = django_filters.CharFilter(field_name="event__slug", label=_("Event slug."))
    venue = django_filters.NumberFilter(field_name="venue_id")
    kind = django_filters.ChoiceFilter(choices=SessionType.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)

    class Meta:
        model = Session
        fields = ["event", "venue", "kind", "status"]


class EventChildFilter(django_filters.FilterSet):
    event = django_filters.CharFilter(field_name="event__slug", label=_("Event slug."))


class LegFilter(EventChildFilter):
    class Meta:
        model = Leg
        fields = ["event"]


class QuotaFilter(EventChildFilter):
    class Meta:
        model = CountryQuota
        fields = ["event"]


class GenderQuotaFilter(EventChildFilter):
    class Meta:
        model = GenderQuota
        fields = ["event"]


class OrganisationChildFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(
        field_name="organisation__slug", label=_("Organisation slug.")
    )


class VenueFilter(OrganisationChildFilter):
    class Meta:
        model = Venue
        fields = ["organisation", "country"]


class PersonFilter(OrganisationChildFilter):
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="unaccent__icontains", label=_("Part of the name.")
    )

    class Meta:
        model = Person
        fields = ["organisation", "q"]

    def filter_queryset(self, queryset):
        # Names in the order of the reader's language (an ICU collation on PostgreSQL).
        return super().filter_queryset(queryset).order_by(name_order("name"), "pk")


class ProgrammeFilter(OrganisationChildFilter):
    class Meta:
        model = Programme
        fields = ["organisation"]


class OrganisationFilter(django_filters.FilterSet):
    """Narrows the organisations the user belongs to."""

    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label=_("Part of the name."), max_length=100
    )

    class Meta:
        model = Organisation
        fields = ["kind", "q"]
