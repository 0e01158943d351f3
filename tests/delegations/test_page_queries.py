"""Constant queries on the pages this work touched: the focal point's delegation page
(nominees with or without a photo) and the delegate's calendar feed (their bilaterals)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from attendance.models import Pass
from delegations import services
from delegations.enums import BilateralStatus, Participation, PartnerKind
from delegations.models import Bilateral
from tests.participants.apply_helpers import use_private_root

from .conftest import person


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (1, 2, 3)).save(out, format="PNG")
    return SimpleUploadedFile("p.png", out.getvalue())


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_delegation_page_takes_the_same_queries_for_one_and_three_nominees(
    meeting, private_root
):
    url = f"/delegations/{meeting.first.pk}/"
    page = Client()
    page.force_login(meeting.first_focal)
    services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal, photo=_photo()
    )
    page.get(url)  # warm the session and the user's roles
    one = _count(page, url)
    services.nominee_nominate(
        delegation=meeting.first, data=person(2), by=meeting.first_focal, photo=_photo()
    )
    services.nominee_nominate(delegation=meeting.first, data=person(3), by=meeting.first_focal)
    assert _count(page, url) == one


def test_the_delegates_feed_takes_the_same_queries_for_one_and_three_bilaterals(meeting):
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal
    )
    nominee = services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    url = f"/ical/{Pass.objects.get(application=nominee.application).feed_token}.ics"
    starts = dt.datetime.combine(meeting.event.start_date, dt.time(14), meeting.event.zone)

    def bilateral(other, hour):
        Bilateral.objects.create(
            event=meeting.event,
            requester=meeting.first,
            counterpart=other,
            status=BilateralStatus.ACCEPTED,
            starts_at=starts + dt.timedelta(hours=hour),
            ends_at=starts + dt.timedelta(hours=hour, minutes=30),
        )

    bilateral(meeting.second, 0)
    feed = Client()
    one = _count(feed, url)
    for n in (1, 2):
        partner = services.partner_save(
            organisation=meeting.event.organisation,
            key=f"p{n}",
            data={"kind": PartnerKind.COUNTRY, "official_name": f"Partner {n}"},
        )
        other = services.delegation_invite(
            event=meeting.event, partner=partner, participation=Participation.MEMBER
        )
        bilateral(other, n)
    response = feed.get(url).content.decode()
    assert response.count("UID:bilateral-") == 3
    assert _count(feed, url) == one
