"""The organisers' list of an event's applications (filtered) and its CSV and XLSX
exports.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.views import APIView

from programmes.models import Event

from ... import exports, selectors
from ...enums import ApplicationStatus, Gender
from ...models import Application
from .. import serializers as s
from .common import (
    ERRORS,
    _managed_event,
)


def _csv_param(request, name: str) -> list[str] | None:
    raw = request.query_params.getlist(name)
    values = [v for item in raw for v in item.split(",") if v.strip()]
    return [v.strip() for v in values] or None


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [_("Enter a whole number.")]}) from None
    if value < 0 or value > 150:
        raise ValidationError({name: [_("Enter an age between 0 and 150.")]})
    return value


def _known_values_param(
    request, name: str, known, message: str, *, normalise=str
) -> list[str] | None:
    """A comma-separated filter whose every value must be one of ``known`` (400 otherwise:
    an unknown value would silently match nothing, or reach the database unchecked)."""
    values = _csv_param(request, name)
    if values and any(normalise(v) not in known for v in values):
        raise ValidationError({name: [message]})
    return values


def _filtered_applications(request, event: Event):
    statuses = _known_values_param(
        request, "status", ApplicationStatus.values, _("Unknown status.")
    )
    genders = _known_values_param(request, "gender", Gender.values, _("Unknown gender."))
    # Codes are matched in upper case (the selector upper-cases them too).
    country_codes = _known_values_param(
        request, "country", countries, _("Unknown country code."), normalise=str.upper
    )
    return selectors.event_applications(
        event,
        status=statuses,
        country=country_codes,
        gender=genders,
        age_min=_int_param(request, "age_min"),
        age_max=_int_param(request, "age_max"),
    ).select_related("event")


_LIST_PARAMS = [
    OpenApiParameter("status", str, description="Comma-separated statuses."),
    OpenApiParameter("country", str, description="Comma-separated ISO codes (quota country)."),
    OpenApiParameter("gender", str, description="Comma-separated genders."),
    OpenApiParameter("age_min", int, description="Minimum age on the event's first day."),
    OpenApiParameter("age_max", int, description="Maximum age on the event's first day."),
]


class EventApplicationsView(ListAPIView):
    serializer_class = s.OrganiserApplicationListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        event = _managed_event(self.request, self.kwargs["slug"])
        return _filtered_applications(self.request, event)

    @extend_schema(parameters=_LIST_PARAMS, tags=["organisers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EventApplicationsCSVView(APIView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS}, tags=["organisers"]
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_csv(event), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.csv"'
        return response


class EventApplicationsXLSXView(APIView):
    @extend_schema(
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            **ERRORS,
        },
        tags=["organisers"],
    )
    def get(self, request, slug: str):
        event = _managed_event(request, slug)
        response = HttpResponse(
            exports.applications_xlsx(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-applications.xlsx"'
        return response
