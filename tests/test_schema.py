"""The OpenAPI schema builds cleanly and documents the programmes API."""

import yaml
from django.core.management import call_command
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PROGRAMMES_PATHS = {
    "/api/v1/organisations/": {"get", "post"},
    "/api/v1/organisations/{slug}/": {"get", "patch"},
    "/api/v1/organisations/{slug}/members/": {"get", "post"},
    "/api/v1/organisations/{slug}/members/{membership_id}/": {"patch", "delete"},
    "/api/v1/programmes/": {"get", "post"},
    "/api/v1/programmes/{id}/": {"get", "patch", "delete"},
    "/api/v1/events/": {"get", "post"},
    "/api/v1/events/{slug}/": {"get", "patch", "delete"},
    "/api/v1/events/{slug}/publish/": {"post"},
    "/api/v1/events/{slug}/cancel/": {"post"},
    "/api/v1/events/{slug}/agenda/": {"get"},
    "/api/v1/events/{slug}/agenda.ics": {"get"},
    "/api/v1/events/{slug}/conflicts/": {"get"},
    "/api/v1/venues/": {"get", "post"},
    "/api/v1/venues/{id}/": {"get", "patch", "delete"},
    "/api/v1/people/": {"get", "post"},
    "/api/v1/people/{id}/": {"get", "patch", "delete"},
    "/api/v1/sessions/": {"get", "post"},
    "/api/v1/sessions/{id}/": {"get", "patch", "delete"},
    "/api/v1/sessions/{id}/cancel/": {"post"},
    "/api/v1/sessions/{id}/confirm/": {"post"},
    "/api/v1/legs/": {"get", "post"},
    "/api/v1/legs/{id}/": {"get", "patch", "delete"},
    "/api/v1/quotas/": {"get", "post"},
    "/api/v1/quotas/{id}/": {"get", "patch", "delete"},
    "/api/v1/gender-quotas/": {"get", "post"},
    "/api/v1/gender-quotas/{id}/": {"get", "patch", "delete"},
}


def test_programmes_schema_has_no_warnings():
    """The programmes API alone generates a valid schema with no warnings or errors."""
    patterns = [path("api/v1/", include("programmes.api.urls"))]
    GENERATOR_STATS.reset()

    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}
    validate_schema(schema)
    assert set(schema["paths"]) == set(PROGRAMMES_PATHS)


def test_project_schema_validates_and_lists_programmes_paths(tmp_path):
    out = tmp_path / "schema.yaml"

    # --validate raises on an invalid document, --fail-on-warn on any app's warning
    # (enum names collide across apps unless SPECTACULAR_SETTINGS names them).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    for url, methods in PROGRAMMES_PATHS.items():
        assert url in paths, url
        assert methods <= set(paths[url]), (url, set(paths[url]))
    # Writes document their error responses.
    assert {"400", "403", "404", "409"} <= set(
        paths["/api/v1/sessions/{id}/"]["patch"]["responses"]
    )
    assert {"400", "403"} <= set(paths["/api/v1/events/"]["post"]["responses"])
    assert (
        "text/calendar"
        in paths["/api/v1/events/{slug}/agenda.ics"]["get"]["responses"]["200"]["content"]
    )
    window = schema["components"]["schemas"]["EventInputRequest"]["properties"][
        "applications_open_at"
    ]
    assert "without one" in window["description"]


def test_schema_and_docs_served(client, db):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
