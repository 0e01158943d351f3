"""The delegations demo: ASEM CMM8's 53 partners and the Bangkok meeting's 13, and the demo
focal point's work."""

import pytest

from delegations.enums import InvitationStatus, NomineeStatus, Participation, SeatRequestStatus
from delegations.models import Bilateral, EventPartner, Nominee, SeatRequest
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo


def test_asem_and_bangkok_as_the_seeds_tell(demo):
    asem = EventPartner.objects.filter(event=demo.events["asem-cmm8"])
    assert asem.count() == 53
    statuses = list(asem.values_list("invitation_status", flat=True))
    assert statuses.count(InvitationStatus.DECLINED) == 1
    assert statuses.count(InvitationStatus.INVITED) == 3
    nominees = Nominee.objects.filter(event=demo.events["asem-cmm8"])
    assert 140 <= nominees.filter(status=NomineeStatus.ACCREDITED).count() <= 170
    assert nominees.filter(status=NomineeStatus.REPLACED).count() == 1
    assert sorted(
        SeatRequest.objects.filter(delegation__event=demo.events["asem-cmm8"]).values_list(
            "status", flat=True
        )
    ) == [SeatRequestStatus.APPROVED, SeatRequestStatus.PENDING]
    assert Bilateral.objects.filter(
        event=demo.events["asem-cmm8"], starts_at__isnull=False
    ).exists()
    bangkok = EventPartner.objects.filter(event=demo.events["focal-points-2014"])
    participation = list(bangkok.values_list("participation", flat=True))
    assert participation.count(Participation.MEMBER) == 9
    assert participation.count(Participation.OBSERVER) == 2
    assert participation.count(Participation.GUEST) == 1


def test_demo_focal_point_has_a_delegation_to_complete(demo):
    client = client_for("focalpoint@bridges.demo")
    mine = client.get("/api/v1/me/delegations/").json()
    assert {d["partner_name"] for d in mine} == {"Socialist Republic of Viet Nam"}
    bangkok = next(d for d in mine if d["event"] == demo.events["focal-points-2014"].slug)
    assert bangkok["seats_taken"] < bangkok["seat_limit"]
    page = client.get(f"/delegations/{bangkok['id']}/")
    assert page.status_code == 200 and "Nominate a delegate" in page.content.decode()
