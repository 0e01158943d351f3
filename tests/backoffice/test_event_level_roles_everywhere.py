"""Roles held on one event only (invited to it, or through a co-organiser's grant) count
wherever the organisation's roles do: drafts are visible, the organiser area and the main
navigation list the event, and the reviewer lists used for assignment (the selection
page, the applications desk's bulk "assign a reviewer") take the event's own reviewers,
all read through ``programmes.selectors``."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participants.enums import ApplicationStatus as S
from programmes.enums import CoOrganiserAccess, EventStatus, MemberRole
from programmes.models import EventRole
from review.models import ReviewAssignment
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.pages import browser


@pytest.fixture
def organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


def _invited(event, role) -> object:
    user = ProfileFactory(full_name=f"Invited {role.title()}").user
    EventRole.objects.create(event=event, user=user, role=role)
    return user


def _nav(html: str) -> str:
    return re.search(r"<nav.*?</nav>", html, re.S).group(0)


def test_drafts_are_visible_to_people_with_a_role_on_them(organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    other_draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    staff = _invited(draft, MemberRole.STAFF)
    partner = OrganisationFactory()
    partner_reviewer = MembershipFactory(organisation=partner, role=MemberRole.REVIEWER).user
    draft.co_organisers.add(partner)
    draft.co_organiser_grants.create(organisation=partner, access=CoOrganiserAccess.REVIEW)
    page = reverse("event-page", args=[draft.slug])
    api = f"/api/v1/events/{draft.slug}/"
    for user in (staff, partner_reviewer):
        assert browser(user).get(page).status_code == 200
        assert browser(user).get(api).status_code == 200
        assert browser(user).get(reverse("event-page", args=[other_draft.slug])).status_code == 404
    listed = browser(staff).get("/api/v1/events/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert draft.slug in {row["slug"] for row in rows}
    assert other_draft.slug not in {row["slug"] for row in rows}
    # A co-organiser named only gives its members nothing.
    named = OrganisationFactory()
    stranger = MembershipFactory(organisation=named, role=MemberRole.OWNER).user
    draft.co_organisers.add(named)
    assert browser(stranger).get(page).status_code == 404


def test_organiser_area_and_navigation_list_events_organised_alone(organisation):
    event = EventFactory(organisation=organisation)
    other = EventFactory(organisation=organisation)
    invited = _invited(event, MemberRole.ORGANISER)
    partner = OrganisationFactory()
    partner_owner = MembershipFactory(organisation=partner, role=MemberRole.OWNER).user
    event.co_organisers.add(partner)
    event.co_organiser_grants.create(organisation=partner, access=CoOrganiserAccess.FULL)
    for user in (invited, partner_owner):
        client = browser(user)
        area = client.get("/organise/")
        assert area.status_code == 200
        html = area.content.decode()
        assert f'id="event-{event.pk}"' in html and f'id="event-{other.pk}"' not in html
        nav = _nav(client.get("/events/").content.decode())
        assert "My events" in nav and event.title in nav and other.title not in nav
        assert 'href="/organise/"' in nav


def test_navigation_shows_reviews_to_a_reviewer_of_one_event(organisation):
    event = EventFactory(organisation=organisation)
    reviewer = _invited(event, MemberRole.REVIEWER)
    nav = _nav(browser(reviewer).get("/events/").content.decode())
    assert reviewer_link() in nav
    assert "My events" not in nav and 'href="/organise/"' not in nav
    nobody = _nav(browser(UserFactory()).get("/events/").content.decode())
    assert reviewer_link() not in nobody


def reviewer_link() -> str:
    return f'href="{reverse("review-my-assignments-page")}"'


def test_a_reviewer_of_one_event_can_be_assigned_from_the_selection_page_and_the_desk(
    organisation, organiser
):
    event = EventFactory(organisation=organisation)
    other = EventFactory(organisation=organisation)
    reviewer = _invited(event, MemberRole.REVIEWER)
    first, second = (
        ApplicationFactory(event=event, status=S.SUBMITTED, country="VN") for _ in range(2)
    )
    client = browser(organiser)
    selection = client.get(reverse("review-selection", args=[event.slug])).content.decode()
    assert f'<option value="{reviewer.pk}"' in selection, selection[selection.find("<main") :]
    ApplicationFactory(event=other, status=S.SUBMITTED)
    other_selection = client.get(reverse("review-selection", args=[other.slug])).content.decode()
    assert f'<option value="{reviewer.pk}"' not in other_selection
    manual = client.post(
        reverse("review-assign-manual-page", args=[event.slug]),
        {"application": first.pk, "reviewer": reviewer.pk},
    )
    assert manual.status_code == 302
    assert ReviewAssignment.objects.filter(application=first, reviewer=reviewer).exists()
    # The desk offers them too, and its bulk assignment goes through.
    desk = client.get(reverse("applications-desk", args=[event.slug])).content.decode()
    assert f'<option value="{reviewer.pk}"' in desk
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    done = client.post(
        bulk,
        {"applications": [second.pk], "action": "assign", "reviewer": reviewer.pk, "confirm": "1"},
    )
    assert done.status_code == 302
    assert ReviewAssignment.objects.filter(application=second, reviewer=reviewer).exists()
    # Not on another event of the organisation.
    third = other.applications.get()
    refused = client.post(
        reverse("review-assign-manual-page", args=[other.slug]),
        {"application": third.pk, "reviewer": reviewer.pk},
    )
    assert refused.status_code == 400
    assert not ReviewAssignment.objects.filter(application=third).exists()


def test_navigation_offers_check_in_to_staff_of_one_running_event(organisation):
    from tests.factories import clock

    running = EventFactory(
        organisation=organisation,
        start_date=clock.days_from_today(-1),
        end_date=clock.days_from_today(1),
    )
    other = EventFactory(
        organisation=organisation,
        start_date=clock.days_from_today(-1),
        end_date=clock.days_from_today(1),
    )
    staff = _invited(running, MemberRole.STAFF)
    nav = _nav(browser(staff).get("/events/").content.decode())
    assert f'href="{reverse("attendance:check-in", args=[running.slug])}"' in nav
    assert reverse("attendance:check-in", args=[other.slug]) not in nav
    assert reviewer_link() not in nav


def test_staff_of_one_event_see_its_applicants_photos(organisation, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from participants import services
    from tests.participants.apply_helpers import use_private_root

    use_private_root(settings, tmp_path)
    event = EventFactory(organisation=organisation)
    other = EventFactory(organisation=organisation)
    staff = _invited(event, MemberRole.STAFF)
    applicant, elsewhere = ProfileFactory().user, ProfileFactory().user
    for person, on in ((applicant, event), (elsewhere, other)):
        png = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(png, format="PNG")
        services.profile_photo_set(
            user=person, uploaded=SimpleUploadedFile("me.png", png.getvalue())
        )
        ApplicationFactory(event=on, applicant=person, status=S.SUBMITTED)
    client = browser(staff)
    assert client.get(reverse("profile-photo", args=[applicant.pk])).status_code == 200
    assert client.get(reverse("profile-photo", args=[elsewhere.pk])).status_code == 404
