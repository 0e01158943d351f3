"""What every applications endpoint shares: the error responses it documents, the
look-ups that turn an id or slug into a row the user may see (404 otherwise), and the
rendering of an application for the applicant or the organisers.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import NotFound, PermissionDenied

from programmes.models import Event
from programmes.selectors import visible_events

from ... import selectors
from ...models import Application
from ...rules import is_applicant
from .. import serializers as s

ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names each field at fault."),
    403: OpenApiResponse(description="Not allowed."),
    404: OpenApiResponse(description="Not found (or not yours)."),
    409: OpenApiResponse(description="Conflicts with the current state (code says which)."),
}


def _event(request, slug: str) -> Event:
    return get_object_or_404(visible_events(request.user, Event.objects.all()), slug=slug)


def _managed_event(request, slug: str) -> Event:
    event = _event(request, slug)
    if not request.user.has_perm("participants.manage_applications", event):
        raise PermissionDenied(_("Only the event's organisers can do this."))
    return event


def _application(request, pk: int) -> Application:
    application = selectors.application_detail_queryset().filter(pk=pk).first()
    if application is None or not request.user.has_perm(
        "participants.view_application", application
    ):
        raise NotFound()
    return application


def _own_application(request, pk: int) -> Application:
    # The applicant's own actions: the predicate, not a permission (no one else holds it).
    application = Application.objects.select_related("event").filter(pk=pk).first()
    if application is None or not is_applicant(request.user, application):
        raise NotFound()
    return application


def _render_application(request, application: Application) -> dict:
    if is_applicant(request.user, application):
        # The applicant's view has no history or consent records: a lighter read.
        fresh = selectors.applicant_application_queryset().get(pk=application.pk)
        return s.ApplicationSerializer(fresh).data
    fresh = selectors.application_detail_queryset().get(pk=application.pk)
    return s.OrganiserApplicationSerializer(fresh).data
