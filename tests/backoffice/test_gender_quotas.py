"""Seats per gender: set on the wizard's quotas step (programmes.GenderQuota), honoured by
the selection's one rule (review.selection's walk: the proposal and the waiting list's
promotions) and shown on the selection page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import LogEntry
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from programmes.models import GenderQuota
from review.models import ReviewSettings
from review.selection import Candidate, next_to_promote
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.pages import browser, field_container


@pytest.fixture
def organiser(organisation):
    return browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)


def test_the_quotas_step_saves_seats_per_gender(organisation, organiser):
    event = EventFactory(organisation=organisation)
    url = reverse("backoffice:event-quotas", args=[event.slug])
    page = organiser.get(url).content.decode()
    assert 'id="id_female"' in page and 'id="id_male"' in page
    assert 'id="id_prefer_not_to_say"' not in page
    saved = organiser.post(url, {"gender_max_share": "0.70", "female": "20", "male": "24"})
    assert saved.status_code == 302
    assert dict(event.gender_quotas.values_list("gender", "maximum")) == {"female": 20, "male": 24}
    assert LogEntry.objects.filter(action_type="programmes.gender_quota.created").count() == 2
    assert 'value="20"' in field_container(organiser.get(url).content.decode(), "id_female")
    # Emptied: no limit any more; changed: logged as a change.
    organiser.post(url, {"gender_max_share": "0.70", "female": "", "male": "22"})
    assert dict(event.gender_quotas.values_list("gender", "maximum")) == {"male": 22}
    assert LogEntry.objects.filter(action_type="programmes.gender_quota.changed").exists()
    # A bad number is refused beside its field, and nothing of the form is saved.
    refused = organiser.post(url, {"gender_max_share": "0.50", "female": "-1", "male": "3"})
    assert refused.status_code == 400
    assert "greater than or equal to 0" in field_container(refused.content.decode(), "id_female")
    assert dict(event.gender_quotas.values_list("gender", "maximum")) == {"male": 22}
    assert str(ReviewSettings.objects.get(event=event).gender_max_share) == "0.70"


def test_the_selection_honours_a_gender_maximum(organisation, organiser):
    event = EventFactory(organisation=organisation, capacity=4)
    GenderQuota.objects.create(event=event, gender="female", maximum=2)
    women = [
        ApplicationFactory(event=event, gender="female", status=S.UNDER_REVIEW) for _ in range(4)
    ]
    men = [ApplicationFactory(event=event, gender="male", status=S.UNDER_REVIEW) for _ in range(2)]
    page = organiser.get(reverse("review-selection", args=[event.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Seats per gender" in html and "0 of at most 2 seats held" in html
    assert html.count("the maximum of 2 seats for Female reached") == 2
    # Once two women hold seats, the panel says the maximum is reached.
    form = {f"decision-{a.pk}": "accept" for a in women[:2]}
    decided = organiser.post(reverse("review-decisions-apply", args=[event.slug]), form)
    assert decided.status_code == 302
    assert event.applications.filter(status=S.ACCEPTED).count() == 2
    assert men  # both men were proposed, not waitlisted (two explanations above only)
    html = organiser.get(reverse("review-selection", args=[event.slug])).content.decode()
    assert "2 of at most 2 seats held" in html and "at maximum" in html


def test_the_waiting_list_skips_a_gender_at_its_maximum():
    held = [Candidate(1, "VN", "female"), Candidate(2, "TH", "female")]
    waiting = [Candidate(3, "VN", "female"), Candidate(4, "KR", "male")]
    chosen = next_to_promote(
        waitlist=waiting, seat_holders=held, capacity=4, gender_maximums={"female": 2}
    )
    assert chosen == waiting[1]
    assert next_to_promote(waitlist=waiting, seat_holders=held, capacity=4) == waiting[0]


def test_seats_per_gender_through_the_api(organisation, organiser_client, reviewer_client):
    event = EventFactory(organisation=organisation)
    url = "/api/v1/gender-quotas/"
    created = organiser_client.post(
        url, {"event": event.slug, "gender": "female", "maximum": 10}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["gender"] == "female" and created.json()["maximum"] == 10
    pk = created.json()["id"]
    twice = organiser_client.post(
        url, {"event": event.slug, "gender": "female", "maximum": 3}, format="json"
    )
    assert twice.status_code == 409 and "gender" in str(twice.json())
    unknown = organiser_client.post(
        url, {"event": event.slug, "gender": "prefer_not_to_say", "maximum": 3}, format="json"
    )
    assert unknown.status_code == 400 and "gender" in str(unknown.json())
    changed = organiser_client.patch(f"{url}{pk}/", {"maximum": 12}, format="json")
    assert changed.status_code == 200 and changed.json()["maximum"] == 12
    refused = reviewer_client.patch(f"{url}{pk}/", {"maximum": 1}, format="json")
    assert refused.status_code == 403
    listed = organiser_client.get(url, {"event": event.slug}).json()
    rows = listed["results"] if isinstance(listed, dict) and "results" in listed else listed
    assert [(row["gender"], row["maximum"]) for row in rows] == [("female", 12)]
    assert organiser_client.delete(f"{url}{pk}/").status_code == 204
    assert not GenderQuota.objects.filter(event=event).exists()
