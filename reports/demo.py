"""Demo data for reports/, loaded by ``manage.py load_demo`` after the apps it builds on.

What the other apps' demo data already gives the dashboards: funnels with drop-off (the
ESG forum: sent, offered, confirmed; the culture camp: a minor waiting for consent), the
open Youth Network call's quotas, attendance with two no-shows at today's dialogue. Added
here, through the services: country quotas on the ESG forum, whose selection is made, so
its quota chart shows the seats held per country with Laos under its minimum; and for
the ASEAN-Korea Centre a webhook subscription and a read-only API token, so its owner's
integrations page has something in it. Idempotent: each is made only when missing.
"""

from __future__ import annotations

from participants.enums import SEAT_HOLDING_STATUSES
from participants.models import Application
from programmes.demo import Demo
from programmes.enums import MemberRole
from programmes.models import CountryQuota
from programmes.services import quota_create

from .models import ApiToken, WebhookSubscription
from .services import token_create
from .services.webhooks import webhook_create

DEMO_WEBHOOK_URL = "https://hooks.example.org/bridges/akc"
DEMO_TOKEN_NAME = "Finance office spreadsheet (demo)"
UNDER_MINIMUM = ("LA", 2)


def load(demo: Demo) -> None:
    forum = demo.events.get("esg-forum")
    if forum is not None:
        countries = set(
            Application.objects.filter(event=forum, status__in=SEAT_HOLDING_STATUSES).values_list(
                "country", flat=True
            )
        )
        existing = set(CountryQuota.objects.filter(event=forum).values_list("country", flat=True))
        wanted = {str(c): 1 for c in countries if c} | dict([UNDER_MINIMUM])
        for country, minimum in sorted(wanted.items()):
            if country not in existing:
                quota_create(event=forum, country=country, minimum=minimum, maximum=None)
    organisation = demo.organisations["akc"]
    owner = demo.users["owner"]
    if not WebhookSubscription.objects.filter(
        organisation=organisation, url=DEMO_WEBHOOK_URL
    ).exists():
        webhook_create(
            organisation=organisation,
            url=DEMO_WEBHOOK_URL,
            events=["application.submitted", "participant.checked_in"],
            by=owner,
        )
    if not ApiToken.objects.filter(organisation=organisation, name=DEMO_TOKEN_NAME).exists():
        token_create(
            by=owner,
            name=DEMO_TOKEN_NAME,
            organisation=organisation,
            role=MemberRole.ORGANISER,
            read_only=True,
        )
