from drf_spectacular.generators import SchemaGenerator

EXPECTED = {
    "/api/v1/me/": {"delete"},
    "/api/v1/me/profile/": {"get", "put", "patch"},
    "/api/v1/me/applications/": {"get"},
    "/api/v1/me/export/": {"get"},
    "/api/v1/events/{slug}/application/": {"get"},
    "/api/v1/events/{slug}/application/draft/": {"post"},
    "/api/v1/events/{slug}/applications/": {"get"},
    "/api/v1/events/{slug}/applications/export.csv": {"get"},
    "/api/v1/events/{slug}/applications/export.xlsx": {"get"},
    "/api/v1/events/{slug}/questions/": {"get", "post"},
    "/api/v1/events/{slug}/questions/{id}/": {"get", "put", "patch", "delete"},
    "/api/v1/events/{slug}/call-settings/": {"get", "patch"},
    "/api/v1/applications/{id}/": {"get", "patch"},
    "/api/v1/applications/{id}/submit/": {"post"},
    "/api/v1/applications/{id}/withdraw/": {"post"},
    "/api/v1/applications/{id}/confirm/": {"post"},
    "/api/v1/applications/{id}/decline/": {"post"},
    "/api/v1/applications/{id}/documents/": {"post"},
    "/api/v1/applications/{id}/guardian-consent/resend/": {"post"},
    "/api/v1/consent/{token}/": {"get", "post"},
    "/api/v1/documents/{id}/": {"delete"},
    "/api/v1/documents/{id}/download/": {"get"},
}


def test_every_applications_endpoint_is_in_the_openapi_schema():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path, methods in EXPECTED.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
        for method in methods:
            responses = paths[path][method]["responses"]
            assert any(code.startswith("2") for code in responses), (path, method)
    upload = paths["/api/v1/applications/{id}/documents/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"400", "404", "409"} <= set(upload["responses"])
