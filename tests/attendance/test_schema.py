"""The attendance API alone builds a valid OpenAPI schema, with no warnings."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from backend import schema as _openapi  # noqa: F401 - our extensions, as backend/urls.py loads them

ATTENDANCE_PATHS = {
    "/api/v1/sessions/{session_id}/check-ins/": {"get", "post"},
    "/api/v1/sessions/{session_id}/check-ins/{id}/check-out/": {"post"},
    "/api/v1/sessions/{session_id}/check-outs/": {"post"},
    "/api/v1/events/{slug}/check-in-roster/": {"get"},
    "/api/v1/events/{slug}/attendance/": {"get"},
    "/api/v1/events/{slug}/attendance/no-shows/": {"get"},
    "/api/v1/events/{slug}/attendance/policy/": {"get", "post"},
    "/api/v1/events/{slug}/certificate-texts/": {"get", "patch"},
    "/api/v1/events/{slug}/certificates/issue/": {"post"},
    "/api/v1/events/{slug}/my-pass/": {"get"},
    "/api/v1/passes/{id}/": {"get"},
    "/api/v1/passes/{id}/revoke/": {"post"},
    "/api/v1/passes/{id}/reissue/": {"post"},
    "/api/v1/certificates/{code}/": {"get"},
}


def test_attendance_schema_has_no_warnings():
    GENERATOR_STATS.reset()
    patterns = [path("api/v1/", include("attendance.api.urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}
    validate_schema(schema)
    assert {
        url: set(ops) - {"parameters"} for url, ops in schema["paths"].items()
    } == ATTENDANCE_PATHS
    check_in = schema["paths"]["/api/v1/sessions/{session_id}/check-ins/"]["post"]
    assert {"200", "201", "400", "403", "404", "409"} <= set(check_in["responses"])
