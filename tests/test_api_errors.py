"""Bad input is a 400 that says what is wrong, never a 500: NUL characters in JSON or in
the address, and JSON nested deeper than any body we accept."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.fixture
def client_500():
    # A server error comes back as a 500 response instead of raising in the test.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_nul_character_in_a_json_string_is_a_400_naming_the_field(organiser_client, organisation):
    response = organiser_client.patch(
        f"/api/v1/organisations/{organisation.slug}/",
        data=json.dumps({"name": "A\u0000B", "nested": {"list": ["ok", "x\u0000"]}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "null_character"
    assert body == {
        "name": ["Text may not contain a NUL character (\\u0000)."],
        "code": "null_character",
    } or body == {
        "nested": {"list": {"1": ["Text may not contain a NUL character (\\u0000)."]}},
        "code": "null_character",
    }


@pytest.mark.django_db
def test_a_nul_character_in_an_application_answer_is_a_400_naming_it(applicant_client, event):
    # The answers are a JSON field: PostgreSQL's jsonb refused "\u0000" with a DataError.
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        data=json.dumps({"answers": {"17": "I want\u0000 to come"}}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json() == {
        "answers": {"17": ["Text may not contain a NUL character (\\u0000)."]},
        "code": "null_character",
    }


@pytest.mark.django_db
def test_json_nested_5000_deep_is_a_400(applicant_client, event, client_500):
    body = "[" * 5000 + "]" * 5000
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON nested too deeply."}
    # Deep but under the recursion limit is refused the same way.
    shallow = json.dumps({"answers": json.loads("[" * 100 + "]" * 100)})
    response = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        data=shallow,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON nested too deeply."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/certificates/%00/",
        "/api/v1/events/%00/",
        "/api/v1/events/?search=%00",
    ],
)
def test_a_nul_in_an_api_address_is_a_json_400(client_500, url):
    response = client_500.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "non_field_errors": ["The address may not contain a NUL character."],
        "code": "null_character",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/certificates/verify/%00/", "/passes/%00/qr.png", "/ical/%00.ics", "/consent/%00/"]
)
def test_a_nul_in_a_page_address_is_a_400_page(client_500, url):
    response = client_500.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Bad request</h1>" in html
    assert "The address may not contain a NUL character." in html


@pytest.mark.django_db
def test_an_api_request_without_credentials_is_a_401_naming_the_scheme(anonymous_client):
    response = anonymous_client.get("/api/v1/me/applications/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_an_unknown_api_address_is_a_json_404(client_500):
    for url in ["/api/v1/no-such-resource/", "/api/v1/events/not a slug/", "/api/nothing"]:
        response = client_500.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert response.json() == {"detail": "Not found."}
    # Pages keep the site's 404 page.
    assert "<h1>Page not found</h1>" in client_500.get("/no-such-page/").content.decode()
