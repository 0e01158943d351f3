"""What a certificate says, in every working language through the API (issue 17): the
organiser writes the heading and wording in English and Korean, a reader of another
language gets the event's first; a language the event does not use is refused."""

from __future__ import annotations

import pytest

from attendance.models import AttendancePolicy
from tests.factories.programmes import EventFactory

pytestmark = pytest.mark.django_db


def test_certificate_texts_written_and_read_in_each_working_language(
    organiser_client, other_organiser_client, organisation
):
    event = EventFactory(organisation=organisation, working_languages=["en", "ko"])
    url = f"/api/v1/events/{event.slug}/certificate-texts/"
    empty = organiser_client.get(url)
    assert empty.status_code == 200, empty.content
    assert empty.json()["translations"] == {"certificate_heading": {}, "certificate_body": {}}

    written = organiser_client.patch(
        url,
        {
            "certificate_heading": "Certificate of attendance",
            "translations": {
                "certificate_heading": {"ko": "참가 증명서"},
                "certificate_body": {"en": "took part in", "ko": "에 참가하였음"},
            },
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert written.status_code == 200, written.content
    assert written.json()["translations"] == {
        "certificate_heading": {"en": "Certificate of attendance", "ko": "참가 증명서"},
        "certificate_body": {"en": "took part in", "ko": "에 참가하였음"},
    }
    assert written.json()["missing_translations"] == {}
    korean = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert korean["certificate_heading"] == "참가 증명서"
    # Vietnamese is not written: the event's first language, English.
    assert organiser_client.get(url, QUERY_STRING="lang=vi").json()["certificate_heading"] == (
        "Certificate of attendance"
    )

    thai = {"translations": {"certificate_body": {"th": "ได้เข้าร่วม"}}}
    refused = organiser_client.patch(url, thai, format="json")
    assert refused.status_code == 400 and "certificate_body_th" in refused.json()
    too_long = organiser_client.patch(url, {"certificate_heading": "x" * 121}, format="json")
    assert too_long.status_code == 400 and "certificate_heading" in too_long.json()
    assert other_organiser_client.get(url).status_code == 403
    assert other_organiser_client.patch(url, thai, format="json").status_code == 403
    policy = AttendancePolicy.objects.get(event=event)
    assert not policy.certificate_body_th and policy.certificate_heading_en == (
        "Certificate of attendance"
    )
