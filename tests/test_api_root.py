"""The API's front door: /api/v1/ lists the resources, /api/docs/ works offline."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client


@pytest.mark.django_db
def test_api_root_lists_the_resources_as_links(anonymous_client):
    response = anonymous_client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    base = "http://testserver/api/v1/"
    assert links["events"] == base + "events/"
    assert links["organisations"] == base + "organisations/"
    assert links["sessions"] == base + "sessions/"
    assert links["my_applications"] == base + "me/applications/"
    assert links["schema"] == "http://testserver/api/schema/"
    assert links["docs"] == "http://testserver/api/docs/"
    # Every link answers (anonymous: public lists 200, personal ones 401).
    for name, url in links.items():
        status = anonymous_client.get(url.removeprefix("http://testserver")).status_code
        assert status in {200, 401}, (name, url, status)


@pytest.mark.django_db
def test_swagger_ui_loads_only_our_own_static_files():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    static = [u for u in urls if u.startswith("/static/")]
    assert any(u.endswith("swagger-ui-bundle.js") for u in static), static
    assert any(u.endswith("swagger-ui.css") for u in static), static
    for url in static:
        assert finders.find(url.removeprefix("/static/")), url
    assert "/api/schema/" in html
