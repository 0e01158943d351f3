"""Project-level views: the API root and the API's answer for an unknown address."""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

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
