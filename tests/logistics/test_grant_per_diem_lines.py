"""A grant's per diem in several cities, edited on the grants page and through the grants API:
Seoul in KRW and Hanoi in USD side by side, totals and the finance export per currency, a
city given twice refused by field with nothing saved, a line removed, no change without
the logistics role, and the migration that retired the grant's single per-diem fields."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from audit.models import LogEntry
from logistics import services
from logistics.models import Grant, GrantPerDiem
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rates(exchange, logistics_organiser):
    event, _seoul, _hanoi = exchange
    seoul = services.per_diem_set(
        event=event, city="Seoul", amount="80000", currency="KRW", by=logistics_organiser
    )
    hanoi = services.per_diem_set(
        event=event, city="Hanoi", amount="35", currency="USD", by=logistics_organiser
    )
    services.airfare_cap_set(
        event=event,
        region="ASEAN",
        countries=["VN"],
        amount="700",
        currency="USD",
        by=logistics_organiser,
    )
    return seoul, hanoi


def test_the_page_approves_and_edits_per_diem_in_two_cities(
    exchange, rates, logistics_organiser, plain_organiser
):
    event, _seoul, _hanoi = exchange
    seoul, hanoi = rates
    person = ParticipantFactory(event=event, country="VN")
    url = f"/organise/events/{event.slug}/logistics/grants/"
    page = client_for(logistics_organiser)
    grant = {
        "action": "grant",
        "grant-application": person.pk,
        "grant-budget_line": "AKC youth",
        "grant-airfare": "600",
        "grant-line_rate": [seoul.pk, hanoi.pk, ""],
        "grant-line_days": ["5", "4", ""],
    }
    twice = page.post(url, {**grant, "grant-line_rate": [seoul.pk, seoul.pk, ""]})
    assert twice.status_code == 400 and not Grant.objects.exists()
    body = twice.content.decode()
    assert "Seoul is given twice" in body
    assert body.index("Seoul is given twice") > body.index('id="per-diem-lines"')  # by the lines
    assert page.post(url, grant).status_code == 302
    saved = Grant.objects.get(application=person)
    assert [(line.rate.city, line.days) for line in saved.per_diem_lines.all()] == [
        ("Seoul", 5),
        ("Hanoi", 4),
    ]
    shown = page.get(url).content.decode()
    assert "5 × 80000.00 KRW (Seoul)" in shown and "4 × 35.00 USD (Hanoi)" in shown
    totals = shown[shown.index('id="grant-totals"') : shown.index("</table>")]
    assert "<td>KRW</td><td>0</td><td>400000.00</td>" in totals
    assert "<td>USD</td><td>600.00</td><td>140.00</td>" in totals
    export = page.get(url, {"format": "csv"}, follow=True)  # the registry's grants list
    export = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert "Seoul; Hanoi" in export[1] and "400000.00 KRW; 140.00 USD" in export[1]
    mine = client_for(person.applicant).get(f"/events/{event.slug}/travel/").content.decode()
    assert "Seoul: 5 × 80000.00 KRW" in mine and "Hanoi: 4 × 35.00 USD" in mine

    # The edit form holds the grant's lines; leaving Seoul's city empty removes it.
    editing = page.get(url, {"edit": saved.pk}).content.decode()
    assert f'<option value="{seoul.pk}" selected>' in editing
    assert f'<option value="{hanoi.pk}" selected>' in editing
    removed = {**grant, "grant-line_rate": ["", hanoi.pk, ""], "grant-line_days": ["5", "2", ""]}
    assert page.post(url, removed).status_code == 302
    saved.refresh_from_db()
    assert [(line.rate.city, line.days) for line in saved.per_diem_lines.all()] == [("Hanoi", 2)]

    # Without the logistics role: 403, the lines as they were.
    refused = client_for(plain_organiser).post(url, grant)
    assert refused.status_code == 403
    assert list(GrantPerDiem.objects.values_list("rate__city", "days")) == [("Hanoi", 2)]


def test_the_api_approves_per_diem_in_two_cities(
    exchange, rates, logistics_organiser, plain_organiser
):
    event, _seoul, _hanoi = exchange
    seoul, hanoi = rates
    person = ParticipantFactory(event=event, country="VN")
    base = f"/api/v1/events/{event.slug}/logistics/"
    api = api_for(logistics_organiser)
    grant = {
        "application": person.pk,
        "budget_line": "AKC youth",
        "airfare": "600",
        "per_diem_lines": [{"rate": seoul.pk, "days": 5}, {"rate": hanoi.pk, "days": 4}],
    }
    twice = api.post(
        f"{base}grants/",
        {**grant, "per_diem_lines": [{"rate": seoul.pk, "days": 5}, {"rate": seoul.pk, "days": 1}]},
        format="json",
    )
    assert twice.status_code == 400, twice.json()
    assert twice.json()["code"] == "duplicate_city" and "per_diem_lines" in twice.json()
    assert not Grant.objects.exists()
    elsewhere = services.per_diem_set(
        event=EventFactory(), city="Bangkok", amount="1", currency="THB", by=None
    )
    foreign = api.post(
        f"{base}grants/",
        {**grant, "per_diem_lines": [{"rate": elsewhere.pk, "days": 1}]},
        format="json",
    )
    assert foreign.status_code == 400 and "per_diem_lines" in foreign.json()
    assert not Grant.objects.exists()
    approved = api.post(f"{base}grants/", grant, format="json")
    assert approved.status_code == 200, approved.json()
    lines = [
        (line["city"], line["currency"], line["days"]) for line in approved.json()["per_diem_lines"]
    ]
    assert lines == [("Seoul", "KRW", 5), ("Hanoi", "USD", 4)]
    listed = api.get(f"{base}grants/").json()
    assert [line["per_day"] for line in listed[0]["per_diem_lines"]] == ["80000.00", "35.00"]
    totals = {row["currency"]: row["per_diem"] for row in services.grant_totals(event=event)}
    assert totals == {"KRW": Decimal("400000.00"), "USD": Decimal("140.00")}
    assert LogEntry.objects.filter(
        action_type="logistics.grant.changed", data__per_diem=[["Seoul", 5], ["Hanoi", 4]]
    ).exists()

    denied = api_for(plain_organiser).post(
        f"{base}grants/", {**grant, "per_diem_lines": []}, format="json"
    )
    assert denied.status_code == 403
    assert GrantPerDiem.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_single_rate_as_the_grants_line(organisation):
    """0008 turns a grant's old single rate into its line when it has none, leaves grants
    with lines as they are, and going back puts each grant's first line in the old fields."""
    event = EventFactory(organisation=organisation)
    seoul = services.per_diem_set(event=event, city="Seoul", amount="60", currency="USD", by=None)
    hanoi = services.per_diem_set(event=event, city="Hanoi", amount="30", currency="USD", by=None)
    old_only, with_lines = (
        services.grant_approve(
            application=ParticipantFactory(event=event), budget_line="L", airfare="0", by=None
        )
        for _ in range(2)
    )
    GrantPerDiem.objects.create(grant=with_lines, rate=hanoi, days=2)
    before = [("logistics", "0007_grant_per_diem_lines")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    executor.loader.build_graph()
    OldGrant = executor.loader.project_state(before).apps.get_model("logistics", "Grant")
    assert OldGrant.objects.filter(pk=with_lines.pk, per_diem=hanoi.pk, per_diem_days=2).exists()
    OldGrant.objects.filter(pk=old_only.pk).update(per_diem=seoul.pk, per_diem_days=5)
    OldGrant.objects.filter(pk=with_lines.pk).update(per_diem=seoul.pk, per_diem_days=9)

    executor.migrate(executor.loader.graph.leaf_nodes())

    lines = GrantPerDiem.objects.order_by("grant_id", "pk").values_list("grant_id", "rate", "days")
    assert list(lines) == [(old_only.pk, seoul.pk, 5), (with_lines.pk, hanoi.pk, 2)]
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "logistics_grant")
        }
    assert "airfare" in columns and not {"per_diem_id", "per_diem_days"} & columns
