from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend import health, i18n
from backend import schema as _openapi  # noqa: F401 - registers our OpenAPI extensions
from backend.views import APIRootView, private_file

handler404 = "backend.views.page_not_found"

api_v1 = [
    # Attendance first: its check-in endpoint is the busiest, and Django tries patterns
    # in order (no app's pattern overlaps another's, so the order changes nothing else).
    path("", include("attendance.api.urls")),
    path("", include("programmes.api.urls")),
    path("", include("participants.api.urls")),
    path("", include("review.api.urls")),
    path("", include("scheduling.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("delegations.api_urls")),
    path("", include("logistics.api_urls")),
    path("", include("surveys.api_urls")),
    path("", include("reports.api_urls")),
    path("", include("backoffice.api_urls")),
    path("", APIRootView.as_view(), name="api-root"),
]

# Machine addresses and the language switch itself carry no language.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    # Private files by signed link only (backend/files.py); nothing serves MEDIA_ROOT.
    path("files/<str:token>", private_file, name="private-file"),
]

# Pages carry their language in the address (/ko/events/x/), so a link in a mail opens
# in its recipient's language. English keeps the unprefixed addresses, so every link
# printed or mailed before stays valid; backend.i18n.LanguageRedirectMiddleware
# sends a visitor who asked for another language to that language's address.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("participants.urls")),
    path("", include("review.urls")),
    path("", include("scheduling.urls")),
    path("", include("attendance.urls")),
    path("", include("notifications.urls")),
    path("", include("audit.urls")),
    path("", include("delegations.urls")),
    path("", include("logistics.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("backoffice.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)
