"""Project-level views: the API root, the API's answer for an unknown address and the
private files behind signed links."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from backend import files

# The API's top-level resources (URL names); per-event resources are linked from events.
API_ROOT_RESOURCES = {
    "organisations": "organisation-list",
    "programmes": "programme-list",
    "events": "event-list",
    "venues": "venue-list",
    "people": "person-list",
    "sessions": "session-list",
    "legs": "leg-list",
    "quotas": "quota-list",
    "me": "me",
    "my_profile": "me-profile",
    "my_applications": "me-applications",
    "my_review_assignments": "review-my-assignments",
    "my_inbox": "api-inbox",
    "my_notification_preferences": "api-notification-preferences",
    "schema": "schema",
    "docs": "swagger-ui",
}


class APIRootView(APIView):
    """The API's front door: a link to each top-level resource, the schema and the docs."""

    permission_classes = [AllowAny]  # public on purpose: it lists addresses, no data

    @extend_schema(
        responses=inline_serializer(
            "APIRoot", {name: serializers.URLField() for name in API_ROOT_RESOURCES}
        )
    )
    def get(self, request):
        return Response(
            {
                name: reverse(url_name, request=request)
                for name, url_name in API_ROOT_RESOURCES.items()
            }
        )


def page_not_found(request, exception):
    """Unknown addresses under /api/ answer JSON like every other API error; pages keep
    the site's 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def private_file(request, token: str):
    """A private file behind a short-lived signed link (backend.files.signed_url): whoever
    holds the link gets the file until it expires; an altered or expired link gets 404."""
    name = files.signed_name(token)
    if name is None:
        raise Http404
    return files.private_file_response(name, as_attachment=True)
