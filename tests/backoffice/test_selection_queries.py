"""The selection page makes the same number of queries for 10 and 1,000 applications
(the applications desk's fixture pattern: bulk-created applicants)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory
from tests.pages import browser
from tests.participants.test_applications_desk import _many


@pytest.mark.parametrize("url_name", ["review-selection"])
def test_selection_page_same_queries_for_10_and_1000(organisation, event, url_name):
    client = browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)
    url = reverse(url_name, args=[event.slug])
    _many(event, 10)
    client.get(url)  # warm: session, permission caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _many(event, 990, start=10)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr") > 1000  # every application is listed
    assert len(large) == len(small), [q["sql"][:120] for q in large]
