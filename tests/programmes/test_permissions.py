"""Who may do what through the programmes API: endpoint x role -> status.

Roles: anonymous, organiser of the event's organisation, organiser of another
organisation, staff member and reviewer of the event's organisation. Invisible rows
(another organisation's venues, people, programmes, drafts) answer 404; visible rows
the user may not change answer 403. Anonymous requests for what needs an account answer
401 with WWW-Authenticate, so a client knows to sign in. Each role runs in a rolled-back
savepoint so every role sees the same starting data.
"""

import datetime as dt

import pytest
from django.db import transaction

from programmes.enums import EventStatus, MemberRole
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    VenueFactory,
)

ROLES = ["anonymous", "organiser", "other_organiser", "staff", "reviewer"]


@pytest.fixture
def world(organisation, event):
    draft = EventFactory(organisation=organisation, slug="draft-event", status=EventStatus.DRAFT)
    return {
        "org": organisation.slug,
        "pub": event.slug,
        "draft": draft.slug,
        "venue": VenueFactory(organisation=organisation).pk,
        "person": PersonFactory(organisation=organisation).pk,
        "programme": ProgrammeFactory(organisation=organisation).pk,
        "session": SessionFactory(event=event).pk,
        "draft_session": SessionFactory(event=draft).pk,
        "leg": LegFactory(event=event).pk,
        "quota": CountryQuotaFactory(event=event).pk,
    }


def session_body(slug):
    return {
        "event": slug,
        "title": "Site visit",
        "kind": "site_visit",
        "starts_at": "2027-07-06T14:00:00",
        "ends_at": "2027-07-06T16:00:00",
    }


EVENT_BODY = {
    "kind": "forum",
    "title": "EV Forum",
    "host_country": "KR",
    "start_date": "2027-10-01",
    "end_date": "2027-10-02",
    "time_zone": "Asia/Seoul",
}

#        method, url template, body (callable of world or None), expected per ROLES
MATRIX = [
    ("get", "/api/v1/events/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/events/{pub}/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/events/{draft}/", None, [404, 200, 404, 200, 200]),
    ("get", "/api/v1/events/{pub}/agenda/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/events/{draft}/agenda/", None, [404, 200, 404, 200, 200]),
    ("get", "/api/v1/events/{pub}/agenda.ics", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/events/{draft}/agenda.ics", None, [404, 200, 404, 200, 200]),
    ("get", "/api/v1/events/{pub}/conflicts/", None, [401, 200, 403, 403, 403]),
    ("get", "/api/v1/events/{draft}/conflicts/", None, [401, 200, 404, 403, 403]),
    (
        "post",
        "/api/v1/events/",
        lambda w: {**EVENT_BODY, "organisation": w["org"]},
        [401, 201, 403, 403, 403],
    ),
    ("patch", "/api/v1/events/{pub}/", lambda w: {"theme": "Mobility"}, [401, 200, 403, 403, 403]),
    (
        "patch",
        "/api/v1/events/{draft}/",
        lambda w: {"theme": "Mobility"},
        [401, 200, 404, 403, 403],
    ),
    ("delete", "/api/v1/events/{draft}/", None, [401, 204, 404, 403, 403]),
    ("post", "/api/v1/events/{draft}/publish/", None, [401, 200, 404, 403, 403]),
    ("post", "/api/v1/events/{pub}/cancel/", None, [401, 200, 403, 403, 403]),
    ("get", "/api/v1/sessions/{session}/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/sessions/{draft_session}/", None, [404, 200, 404, 200, 200]),
    ("post", "/api/v1/sessions/", lambda w: session_body(w["pub"]), [401, 201, 403, 403, 403]),
    ("post", "/api/v1/sessions/", lambda w: session_body(w["draft"]), [401, 201, 400, 403, 403]),
    (
        "patch",
        "/api/v1/sessions/{session}/",
        lambda w: {"title": "Renamed"},
        [401, 200, 403, 403, 403],
    ),
    (
        "patch",
        "/api/v1/sessions/{draft_session}/",
        lambda w: {"title": "Renamed"},
        [401, 200, 404, 403, 403],
    ),
    ("post", "/api/v1/sessions/{session}/cancel/", None, [401, 200, 403, 403, 403]),
    ("delete", "/api/v1/sessions/{draft_session}/", None, [401, 204, 404, 403, 403]),
    ("get", "/api/v1/legs/{leg}/", None, [200, 200, 200, 200, 200]),
    (
        "post",
        "/api/v1/legs/",
        lambda w: {
            "event": w["pub"],
            "city": "Hanoi",
            "country": "VN",
            "start_date": "2027-07-10",
            "end_date": "2027-07-13",
        },
        [401, 201, 403, 403, 403],
    ),
    ("patch", "/api/v1/quotas/{quota}/", lambda w: {"maximum": 6}, [401, 200, 403, 403, 403]),
    (
        "post",
        "/api/v1/quotas/",
        lambda w: {"event": w["pub"], "country": "TH", "minimum": 1},
        [401, 201, 403, 403, 403],
    ),
    ("get", "/api/v1/venues/", None, [401, 200, 200, 200, 200]),
    ("get", "/api/v1/venues/{venue}/", None, [401, 200, 404, 200, 200]),
    (
        "post",
        "/api/v1/venues/",
        lambda w: {
            "organisation": w["org"],
            "name": "Daegu EXCO",
            "city": "Daegu",
            "country": "KR",
            "time_zone": "Asia/Seoul",
            "capacity": 500,
        },
        [401, 201, 403, 403, 403],
    ),
    ("patch", "/api/v1/venues/{venue}/", lambda w: {"capacity": 150}, [401, 200, 404, 403, 403]),
    ("delete", "/api/v1/venues/{venue}/", None, [401, 204, 404, 403, 403]),
    ("get", "/api/v1/people/{person}/", None, [401, 200, 404, 200, 200]),
    (
        "patch",
        "/api/v1/people/{person}/",
        lambda w: {"affiliation": "UNESCO"},
        [401, 200, 404, 403, 403],
    ),
    ("delete", "/api/v1/people/{person}/", None, [401, 204, 404, 403, 403]),
    ("get", "/api/v1/programmes/{programme}/", None, [401, 200, 404, 200, 200]),
    (
        "patch",
        "/api/v1/programmes/{programme}/",
        lambda w: {"description": "Yearly."},
        [401, 200, 404, 403, 403],
    ),
    ("get", "/api/v1/organisations/{org}/", None, [401, 200, 404, 200, 200]),
    (
        "patch",
        "/api/v1/organisations/{org}/",
        lambda w: {"website": "https://example.org"},
        [401, 200, 404, 403, 403],
    ),
    ("get", "/api/v1/organisations/{org}/members/", None, [401, 200, 404, 200, 200]),
    # Only owners manage members; the organiser fixture is not an owner.
    (
        "post",
        "/api/v1/organisations/{org}/members/",
        lambda w: {"email": "new@example.org", "role": "staff"},
        [401, 403, 404, 403, 403],
    ),
]


def _key(index, method, url):
    return f"{index:02d} {method.upper()} {url}"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, world, role):
    """Every endpoint for one role; each request in its own rolled-back savepoint."""
    client = request.getfixturevalue(f"{role}_client")
    MembershipFactory(user__email="new@example.org", role=MemberRole.REVIEWER)  # an account to add
    column = ROLES.index(role)
    got, expected = {}, {}
    for index, (method, url, body, statuses) in enumerate(MATRIX):
        key = _key(index, method, url)
        with transaction.atomic():
            response = getattr(client, method)(url.format(**world), body(world) if body else None)
            transaction.set_rollback(True)
        got[key] = response.status_code
        expected[key] = statuses[column]
        if response.status_code == 401:
            assert response["WWW-Authenticate"], key
    assert got == expected


def test_other_organisation_cannot_reuse_our_venue_in_its_event(other_organiser_client, world):
    other_org = other_organiser_client.user.memberships.get().organisation
    theirs = EventFactory(organisation=other_org)
    response = other_organiser_client.post(
        "/api/v1/sessions/", {**session_body(theirs.slug), "venue": world["venue"]}
    )
    assert response.status_code == 400
    assert "venue" in response.json()


def test_lists_never_leak_other_organisations_rows(other_organiser_client, world):
    for url in (
        "/api/v1/venues/",
        "/api/v1/people/",
        "/api/v1/programmes/",
        "/api/v1/organisations/",
    ):
        body = other_organiser_client.get(url).json()
        assert [row.get("organisation", row.get("slug")) for row in body["results"]] in (
            [],
            [other_organiser_client.user.memberships.get().organisation.slug],
        ), url


def test_owner_manages_members(db, organisation, organiser_client):
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    from tests.conftest import _client_for

    client = _client_for(owner)
    newcomer = MembershipFactory(user__email="lan@example.org").user  # member elsewhere

    added = client.post(
        f"/api/v1/organisations/{organisation.slug}/members/",
        {"email": "LAN@example.org", "role": "reviewer"},
    )
    assert added.status_code == 201, added.content
    assert added.json()["user"] == newcomer.pk
    assert added.json()["role"] == "reviewer"
    again = client.post(
        f"/api/v1/organisations/{organisation.slug}/members/",
        {"email": "lan@example.org", "role": "staff"},
    )
    assert again.status_code == 409
    unknown = client.post(
        f"/api/v1/organisations/{organisation.slug}/members/",
        {"email": "nobody@example.org", "role": "staff"},
    )
    assert unknown.status_code == 400
    assert "email" in unknown.json()

    member_id = added.json()["id"]
    changed = client.patch(
        f"/api/v1/organisations/{organisation.slug}/members/{member_id}/", {"role": "organiser"}
    )
    assert changed.json()["role"] == "organiser"
    # The organiser (not owner) may not remove anyone.
    assert (
        organiser_client.delete(
            f"/api/v1/organisations/{organisation.slug}/members/{member_id}/"
        ).status_code
        == 403
    )
    assert (
        client.delete(f"/api/v1/organisations/{organisation.slug}/members/{member_id}/").status_code
        == 204
    )
    assert not organisation.memberships.filter(user=newcomer).exists()

    # The last owner can neither step down nor leave.
    own_id = organisation.memberships.get(user=owner).pk
    demote = client.patch(
        f"/api/v1/organisations/{organisation.slug}/members/{own_id}/", {"role": "staff"}
    )
    assert demote.status_code == 409
    assert demote.json()["code"] == "last_owner"
    assert (
        client.delete(f"/api/v1/organisations/{organisation.slug}/members/{own_id}/").status_code
        == 409
    )


def test_create_organisation_makes_creator_owner(applicant_client):
    response = applicant_client.post(
        "/api/v1/organisations/", {"name": "UNESCO Bangkok", "country": "TH", "kind": "un_office"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("slug", "name", "country", "kind", "my_role")} == {
        "slug": "unesco-bangkok",
        "name": "UNESCO Bangkok",
        "country": "TH",
        "kind": "un_office",
        "my_role": "owner",
    }
    listed = applicant_client.get("/api/v1/organisations/").json()["results"]
    assert [o["slug"] for o in listed] == ["unesco-bangkok"]
    bad = applicant_client.post(
        "/api/v1/organisations/", {"name": "X", "country": "QQ", "kind": "ngo"}
    )
    assert bad.status_code == 400
    assert "country" in bad.json()


def test_event_of_published_other_org_readable_not_writable(other_organiser_client, event):
    assert other_organiser_client.get(f"/api/v1/events/{event.slug}/").status_code == 200
    response = other_organiser_client.patch(
        f"/api/v1/events/{event.slug}/", {"start_date": "2027-07-06"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.start_date == dt.date(2027, 7, 5)
