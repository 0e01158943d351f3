"""A nominee's photo: uploaded by the focal point (nomination form and API, the
delegation page) or by the nominee on their own link page, through the private storage;
checked (type by content, size: a 400 naming "photo", nothing saved); served only to the
delegation's focal points, the organisers and the nominee; printed on the badge."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from delegations import services
from delegations.models import Nominee
from tests.participants.apply_helpers import ELF, stored_files, use_private_root

from .conftest import client_for, person


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


def _png(size=(60, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def _upload(content: bytes, name: str = "me.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_focal_point_nominates_with_a_photo_and_only_the_right_people_see_it(meeting, private_root):
    focal = client_for(meeting.first_focal)
    created = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/",
        {**person(1), "photo": _upload(_png())},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    nominee = Nominee.objects.get(pk=created.json()["id"])
    [stored] = [p for p in stored_files(private_root) if p.parent.name == "photos"]

    api = f"/api/v1/nominees/{nominee.pk}/photo/"
    page = f"/delegations/nominees/{nominee.pk}/photo/"
    got = focal.get(api)
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert b"".join(got.streaming_content) == stored.read_bytes()
    for user in (meeting.first_focal, meeting.organiser, nominee.user):
        response = _page(user).get(page)
        assert response.status_code == 200, user
        assert response["Cache-Control"].startswith("private")
    # The other delegation's focal point: the same 404 as for no photo, page and API.
    assert _page(meeting.second_focal).get(page).status_code == 404
    assert client_for(meeting.second_focal).get(api).status_code == 404
    assert Client().get(page).status_code == 302  # to the sign-in page

    # The delegation page shows it to the focal point.
    html = _page(meeting.first_focal).get(f"/delegations/{meeting.first.pk}/").content.decode()
    assert page in html


def test_a_refused_file_is_a_400_naming_photo_and_nothing_is_saved(meeting, private_root, settings):
    focal = client_for(meeting.first_focal)
    response = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/",
        {**person(1), "photo": _upload(ELF, "me.png")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "photo" in response.json(), response.json()
    assert not Nominee.objects.exists()  # the nomination is not half-saved
    assert stored_files(private_root) == []

    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(2), by=meeting.first_focal
    )
    settings.PHOTO_MAX_BYTES = 200
    too_big = focal.post(
        f"/api/v1/nominees/{nominee.pk}/photo/",
        {"photo": _upload(_png((400, 400)))},
        format="multipart",
    )
    assert too_big.status_code == 400 and "photo" in too_big.json()
    assert too_big.json()["code"] == "file_too_large"
    # The other delegation's focal point may not set it.
    other = client_for(meeting.second_focal).post(
        f"/api/v1/nominees/{nominee.pk}/photo/", {"photo": _upload(_png())}, format="multipart"
    )
    assert other.status_code == 404
    assert stored_files(private_root) == []

    # On the delegation page the refusal is a 400 with the reason, nothing stored.
    page = _page(meeting.first_focal).post(
        f"/delegations/nominees/{nominee.pk}/photo/upload/", {"photo": _upload(ELF)}
    )
    assert page.status_code == 400
    assert "Only JPEG and PNG photos are accepted" in page.content.decode()
    settings.PHOTO_MAX_BYTES = 5 * 1024 * 1024
    saved = _page(meeting.first_focal).post(
        f"/delegations/nominees/{nominee.pk}/photo/upload/", {"photo": _upload(_png())}
    )
    assert saved.status_code == 302
    assert services.nominee_photo_file(nominee) is not None


def test_the_nominee_adds_their_photo_on_their_own_link_and_it_prints_on_the_badge(
    meeting, private_root
):
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal
    )
    url = services.nominee_profile_url(nominee).split("://", 1)[1].split("/", 1)[1]
    link = "/" + url
    client = Client()
    refused = client.post(link, {"action": "photo", "photo": _upload(ELF)})
    assert refused.status_code == 400
    assert "Only JPEG and PNG photos are accepted" in refused.content.decode()
    assert client.post(link, {"action": "photo", "photo": _upload(_png())}).status_code == 302
    page = client.get(link).content.decode()
    assert f"{link}photo/" in page
    assert client.get(f"{link}photo/").status_code == 200
    # A tampered link serves nothing.
    assert client.get(link[:-3] + "xx/photo/").status_code == 404

    services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    badge = client_for(meeting.organiser).get(f"/api/v1/nominees/{nominee.pk}/badge.pdf")
    assert badge.status_code == 200
    assert len(PdfReader(io.BytesIO(badge.content)).pages[0].images) == 1
