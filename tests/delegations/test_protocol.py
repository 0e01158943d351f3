import csv
import io

from pypdf import PdfReader

from delegations import services
from delegations.demo import ASEM_PARTNERS
from delegations.enums import ChairPlacement, Participation
from programmes.enums import MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory

from .conftest import client_for

# ASEM's 53 partners with "M" drawn by lot and the host (Bulgaria) first, written out by
# hand: the order the list of participants must follow.
EXPECTED_FROM_M = [
    "Bulgaria",
    "Malaysia", "Malta", "Mongolia", "Myanmar", "Netherlands", "New Zealand", "Norway",
    "Pakistan", "Philippines", "Poland", "Portugal", "Romania", "Russian Federation",
    "Singapore", "Slovakia", "Slovenia", "Spain", "Sweden", "Switzerland", "Thailand",
    "United Kingdom", "Viet Nam",
    "ASEAN Secretariat", "Australia", "Austria", "Bangladesh", "Belgium", "Brunei Darussalam",
    "Cambodia", "China", "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia",
    "European Union", "Finland", "France", "Germany", "Greece", "Hungary", "India",
    "Indonesia", "Ireland", "Italy", "Japan", "Kazakhstan", "Korea", "Lao", "Latvia",
    "Lithuania", "Luxembourg",
]  # fmt: skip


def test_asem_list_of_participants_follows_the_drawn_letter_order(db):
    organiser = MembershipFactory(role=MemberRole.ORGANISER).user
    event = EventFactory(organisation=organiser.memberships.get().organisation, capacity=None)
    services.delegation_settings_update(event=event, data={"drawn_letter": "m"}, by=organiser)
    by_key = {}
    for key, name, alpha, country, kind in ASEM_PARTNERS:
        partner = services.partner_save(
            organisation=event.organisation,
            key=key,
            data={
                "kind": kind,
                "official_name": name,
                "alphabetical_name": alpha,
                "country": country,
            },
            by=organiser,
        )
        by_key[key] = services.delegation_invite(
            event=event,
            partner=partner,
            participation=Participation.HOST if key == "bg" else Participation.MEMBER,
            by=organiser,
        )
    assert len(by_key) == 53
    services.invitations_send(event=event, by=organiser)
    order = services.protocol_order(event)
    assert [d.partner.alphabetical_name for d in order] == EXPECTED_FROM_M

    # One accredited delegate each; Korea's adviser (rank 5) listed after its head.
    expected_people = []
    for number, alpha in enumerate(EXPECTED_FROM_M):
        delegation = next(d for d in order if d.partner.alphabetical_name == alpha)
        delegation.refresh_from_db()
        people = [("Head", 0, True)] + ([("Second", 5, False)] if alpha == "Korea" else [])
        for label, rank, head in reversed(people):
            nominee = services.nominee_nominate(
                delegation=delegation,
                data={
                    "full_name": f"{label} of {alpha}",
                    "email": f"{label}{number}@x.org",
                    "rank": rank,
                    "is_head": head,
                },
                by=organiser,
            )
            services.nominee_accredit(nominee=nominee, by=organiser)
        expected_people += [f"{label} of {alpha}" for label, _r, _h in people]

    listed = [p.full_name for row in services.participants_list(event) for p in row.people]
    assert listed == expected_people

    client = client_for(organiser)
    response = client.get(f"/api/v1/events/{event.slug}/participants-list.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    positions = [text.find(name) for name in expected_people]
    assert -1 not in positions, [
        n for n, p in zip(expected_people, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)
    assert text.find("PARTIES") < positions[0]

    listed = client.get(f"/api/v1/events/{event.slug}/participants-list.csv")  # the registry's
    rows = list(csv.reader(io.StringIO(b"".join(listed.streaming_content).decode("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == expected_people
    # The speakers' list follows the same order; the seating plan prints one plate each.
    speakers = client.get(f"/api/v1/events/{event.slug}/speakers/").json()
    assert [s["speaker"] for s in speakers] == [n for n in expected_people if n.startswith("Head")]
    plan = PdfReader(
        io.BytesIO(client.get(f"/api/v1/events/{event.slug}/seating-plan.pdf").content)
    )
    assert len(plan.pages) == 1 + 53


def test_chair_and_host_placement_and_groups(meeting):
    first, second = meeting.first, meeting.second
    first.partner.alphabetical_name, second.partner.alphabetical_name = "Bulgaria", "Thailand"
    assert services.order_delegations([second, first]) == [first, second]
    assert services.order_delegations([first, second], drawn_letter="T") == [second, first]
    second.participation = Participation.HOST
    assert services.order_delegations([first, second]) == [second, first]
    assert services.order_delegations(
        [first, second], chair_id=first.pk, chair_placement=ChairPlacement.FIRST
    ) == [first, second]
    assert services.order_delegations(
        [first, second],
        chair_id=first.pk,
        chair_placement=ChairPlacement.AFTER_HOST,
        drawn_letter="Z",
    ) == [second, first]
