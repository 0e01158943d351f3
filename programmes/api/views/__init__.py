"""Programmes API: parse input, check who may act, call a service, render the result.

Visibility: rows a user may not see answer 404 (another organisation's venues, people,
programmes, and draft events with everything under them); rows they may see but not
change answer 403 (a published event of another organisation, or any change by a
reviewer or staff member). Published and cancelled events, their legs, quotas and
sessions, the agenda and its .ics are public.

One module per part of the API:

- ``base``: documented error shapes, pagination, the viewset that calls the services
- ``organisations``: organisations and members; programmes, venues and people
- ``event_rows``: legs, country quotas and sessions
- ``events``: events, their agenda and .ics, conflicts, the cached anonymous event list

``urls.py`` imports from ``programmes.api.views``; the names below are the public ones.
"""

from .base import (
    E400,
    E403,
    E404,
    E409,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorSerializer,
    Pagination,
    WriteViewSet,
    crud_schema,
)
from .event_rows import (
    EventOwnedViewSet,
    GenderQuotaViewSet,
    LegViewSet,
    QuotaViewSet,
    SessionViewSet,
)
from .events import (
    EVENT_LIST_CACHE_SECONDS,
    EventAgendaICalView,
    EventViewSet,
)
from .organisations import (
    OrganisationOwnedViewSet,
    OrganisationViewSet,
    PersonViewSet,
    ProgrammeViewSet,
    VenueViewSet,
)

__all__ = [
    "E400",
    "E403",
    "E404",
    "E409",
    "EVENT_LIST_CACHE_SECONDS",
    "ErrorSerializer",
    "EventAgendaICalView",
    "EventOwnedViewSet",
    "EventViewSet",
    "LIST_ERRORS",
    "LegViewSet",
    "OrganisationOwnedViewSet",
    "OrganisationViewSet",
    "Pagination",
    "PersonViewSet",
    "ProgrammeViewSet",
    "GenderQuotaViewSet",
    "QuotaViewSet",
    "READ_ERRORS",
    "SessionViewSet",
    "VenueViewSet",
    "WRITE_ERRORS",
    "WriteViewSet",
    "crud_schema",
]
