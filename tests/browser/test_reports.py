"""The event dashboard in headless Chromium at phone and desktop width: every chart is
drawn (an SVG with bars) next to its data table, and nothing scrolls sideways on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from participants.enums import ApplicationStatus
from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("funnel", "per-day", "quota", "gender", "surveys", "delegations", "nominees")


def _survey_and_delegation(event) -> None:
    from delegations.models import EventPartner, Nominee, Partner
    from surveys.models import Survey, Wave

    survey = Survey.objects.create(event=event, kind="evaluation", title="Evaluation")
    now = timezone.now()
    Wave.objects.create(survey=survey, number=1, opens_at=now, closes_at=now + dt.timedelta(1))
    partner = Partner.objects.create(
        organisation=event.organisation, key="vn", kind="country", official_name="Viet Nam"
    )
    delegation = EventPartner.objects.create(
        event=event, partner=partner, participation="member", invitation_status="invited"
    )
    Nominee.objects.create(
        delegation=delegation, event=event, full_name="Delegate", email="d@example.org"
    )


def test_dashboard_charts_and_tables_phone_and_desktop(page, live_server):
    cache.clear()
    organisation = OrganisationFactory()
    start = timezone.now().date() + dt.timedelta(days=30)
    event = EventFactory(
        organisation=organisation, start_date=start, end_date=start + dt.timedelta(days=2)
    )
    CountryQuotaFactory(event=event, country="VN", minimum=2, maximum=4)
    for n, status in enumerate(
        [ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED]
    ):
        ApplicationFactory(
            event=event, status=status, submitted_at=timezone.now() - dt.timedelta(days=n)
        )
    _survey_and_delegation(event)
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    log_in(page, organiser)
    path = f"/organise/events/{event.slug}/dashboard/"
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        for chart in CHARTS:
            section = page.locator(f"#chart-{chart}")
            assert section.locator("svg rect").count() >= 1, (chart, width)
            assert section.locator("svg").is_visible()
            table = section.locator("table")
            assert table.is_visible() and table.locator("tbody tr").count() >= 1, (chart, width)
        funnel = page.locator("#chart-funnel table tbody tr").all_inner_texts()
        assert funnel[0].split("\t")[:2] == ["Started", "3"]
        if width == 375:
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        else:
            # Wide screens: the chart and its table side by side.
            svg = page.locator("#chart-funnel svg").bounding_box()
            table = page.locator("#chart-funnel table").bounding_box()
            assert table["x"] > svg["x"] + svg["width"] - 1
