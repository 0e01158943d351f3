"""Twin submissions of an organiser's delegations page: the database's unique constraint
decides, and the page that loses answers 409, never 500."""

from __future__ import annotations

import pytest
from django.test import Client

from delegations.models import Partner
from tests.concurrency import run_concurrently

from .conftest import make_meeting


@pytest.mark.django_db(transaction=True)
def test_the_same_new_partner_added_twice_at_once_is_saved_once():
    meeting = make_meeting()
    address = f"/organise/events/{meeting.event.slug}/delegations/partners/"
    data = {
        "partner-key": "kr",
        "partner-kind": "country",
        "partner-country": "KR",
        "partner-official_name_en": "Republic of Korea",
    }

    def add(_index: int) -> int:
        client = Client()
        client.force_login(meeting.organiser)
        return client.post(address, data).status_code

    statuses = run_concurrently(6, add)
    # One creates; a twin sees the key taken (400, beside the field), loses at the
    # constraint (409), or, arriving after the create, saves the same names again (302).
    assert 302 in statuses and set(statuses) <= {302, 400, 409}, statuses
    assert Partner.objects.filter(organisation=meeting.event.organisation, key="kr").count() == 1
