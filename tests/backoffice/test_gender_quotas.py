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
from review.selection import Candidate, QuotaSpec, next_to_promote, propose_selection
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


# --- at least so many seats for a gender ---------------------------------------------------


def test_the_proposal_holds_seats_for_a_gender_minimum():
    ranked = [Candidate(i, "VN", "male") for i in range(1, 5)] + [
        Candidate(5, "TH", "female"),
        Candidate(6, "TH", "female"),
        Candidate(7, "TH", "female"),
    ]
    proposal = propose_selection(ranked=ranked, capacity=4, gender_minimums={"female": 2})
    assert [d.application_id for d in proposal.accepted] == [1, 2, 5, 6]
    reasons = {d.application_id: d.message for d in proposal.decisions}
    assert reasons[5] == "accepted to meet the minimum of 2 seats for Female"
    assert reasons[3] == (
        "waitlisted: the remaining seats are held to meet other countries' or genders' minimums"
    )
    assert reasons[7] == "waitlisted: all 4 seats are filled"
    # Without the minimum the four best (all men) take the seats.
    plain = propose_selection(ranked=ranked, capacity=4)
    assert [d.application_id for d in plain.accepted] == [1, 2, 3, 4]


def test_one_candidate_fills_a_country_and_a_gender_minimum():
    """A Korean woman meets Korea's minimum and the women's at once: one seat is held for
    both, so the better-ranked Thai man keeps his seat."""
    ranked = [
        Candidate(1, "VN", "male"),
        Candidate(2, "TH", "male"),
        Candidate(3, "KR", "female"),
        Candidate(4, "LA", "male"),
    ]
    proposal = propose_selection(
        ranked=ranked, capacity=3, quotas=[QuotaSpec("KR", 1)], gender_minimums={"female": 1}
    )
    assert [d.application_id for d in proposal.accepted] == [1, 2, 3]
    assert proposal.issues == []


def test_a_gender_minimum_beyond_the_candidates_is_reported():
    ranked = [Candidate(1, "VN", "male"), Candidate(2, "VN", "female"), Candidate(3, "VN", "male")]
    proposal = propose_selection(ranked=ranked, capacity=3, gender_minimums={"female": 2})
    assert [d.application_id for d in proposal.accepted] == [1, 2, 3]
    assert [issue.code for issue in proposal.issues] == ["too_few_candidates_of_gender"]
    assert "there is only 1 candidate" in proposal.issues[0].message


def test_the_waiting_list_fills_a_gender_minimum_first():
    held = [Candidate(1, "VN", "male"), Candidate(2, "TH", "male")]
    waiting = [Candidate(3, "KR", "male"), Candidate(4, "KR", "female")]
    chosen = next_to_promote(
        waitlist=waiting, seat_holders=held, capacity=3, gender_minimums={"female": 1}
    )
    assert chosen == waiting[1]
    assert next_to_promote(waitlist=waiting, seat_holders=held, capacity=3) == waiting[0]


def test_the_selection_page_and_promotion_honour_a_gender_minimum(organisation, organiser):
    from review.services import waitlist_promote

    event = EventFactory(organisation=organisation, capacity=3)
    GenderQuota.objects.create(event=event, gender="female", minimum=2)
    men = [ApplicationFactory(event=event, gender="male", status=S.UNDER_REVIEW) for _ in range(4)]
    women = [
        ApplicationFactory(event=event, gender="female", status=S.UNDER_REVIEW) for _ in range(2)
    ]
    from review.selectors import event_proposal

    accepted = {d.application_id for d in event_proposal(event=event).proposal.accepted}
    assert {w.pk for w in women} <= accepted and len(accepted) == 3
    html = organiser.get(reverse("review-selection", args=[event.slug])).content.decode()
    assert "0 of at least 2 seats held" in html and "below minimum" in html
    # A seat freed later goes to the waiting woman before the better-placed men.
    for application in men[:2]:
        application.status = S.ACCEPTED
        application.save(update_fields=["status"])
    women[0].status = S.WAITLISTED
    women[0].save(update_fields=["status"])
    for application in men[2:]:
        application.status = S.WAITLISTED
        application.save(update_fields=["status"])
    promoted = waitlist_promote(event=event)
    assert [a.pk for a in promoted] == [women[0].pk]


def test_the_quotas_step_saves_a_gender_minimum_and_refuses_one_above_the_maximum(
    organisation, organiser
):
    event = EventFactory(organisation=organisation, capacity=48)
    url = reverse("backoffice:event-quotas", args=[event.slug])
    page = organiser.get(url).content.decode()
    assert 'id="id_female_minimum"' in page and 'id="id_female"' in page
    saved = organiser.post(url, {"gender_max_share": "", "female_minimum": "20", "male": "30"})
    assert saved.status_code == 302
    rows = set(event.gender_quotas.values_list("gender", "minimum", "maximum"))
    assert rows == {("female", 20, None), ("male", 0, 30)}
    shown = organiser.get(url).content.decode()
    assert 'value="20"' in field_container(shown, "id_female_minimum")
    refused = organiser.post(
        url, {"gender_max_share": "", "female_minimum": "25", "female": "10", "male": "5"}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "The minimum must not be above the maximum." in field_container(
        html, "id_female_minimum"
    )
    # Nothing of the refused form is saved.
    assert set(event.gender_quotas.values_list("gender", "minimum", "maximum")) == rows
    too_many = organiser.post(url, {"gender_max_share": "", "female_minimum": "49"})
    assert too_many.status_code == 400
    assert "larger than the event&#x27;s capacity" in field_container(
        too_many.content.decode(), "id_female_minimum"
    )


def test_a_gender_minimum_through_the_api(organisation, organiser_client):
    event = EventFactory(organisation=organisation, capacity=48)
    url = "/api/v1/gender-quotas/"
    created = organiser_client.post(
        url, {"event": event.slug, "gender": "female", "minimum": 20}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["gender"], body["minimum"], body["maximum"]) == ("female", 20, None)
    bad = organiser_client.post(
        url, {"event": event.slug, "gender": "male", "minimum": 9, "maximum": 3}, format="json"
    )
    assert bad.status_code == 400 and "minimum" in str(bad.json()), bad.json()
    empty = organiser_client.post(url, {"event": event.slug, "gender": "male"}, format="json")
    assert empty.status_code == 400 and "maximum" in str(empty.json())
    patched = organiser_client.patch(f"{url}{body['id']}/", {"maximum": 10}, format="json")
    assert patched.status_code == 400 and "minimum" in str(patched.json())
    assert list(event.gender_quotas.values_list("gender", "minimum", "maximum")) == [
        ("female", 20, None)
    ]
    changed = organiser_client.patch(
        f"{url}{body['id']}/", {"minimum": 8, "maximum": 10}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["minimum"] == 8


def test_the_database_refuses_a_minimum_above_the_maximum(organisation):
    from django.db import IntegrityError, transaction

    event = EventFactory(organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        GenderQuota.objects.create(event=event, gender="female", minimum=5, maximum=2)
    assert not GenderQuota.objects.filter(event=event).exists()
