"""A nominee whose account is their own (they sign in with a password): a focal point's
photo for them is kept on the nomination and never replaces their own profile photo; the
badge and the photo page read the nomination's photo first. A nominee with an account made
for them (no password) keeps the focal point's photo as their profile photo, as before;
their own upload on their link then wins on the badge."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from delegations import services
from delegations.models import Nominee
from participants.selectors import profile_of
from participants.services import profile_photo_set
from tests.factories.programmes import UserFactory
from tests.participants.apply_helpers import use_private_root

from .conftest import client_for, person


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


def _png(colour, size=(60, 80)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue())


def _served(client, nominee) -> bytes:
    response = client.get(f"/api/v1/nominees/{nominee.pk}/photo/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_focal_point_photo_never_replaces_a_persons_own_profile_photo(meeting, private_root):
    person_ = UserFactory(email="minister@culture.bg")  # signs in with a password
    profile_photo_set(user=person_, uploaded=_png((200, 10, 10)))
    own = profile_of(person_.pk).photo_storage_name
    focal = client_for(meeting.first_focal)
    created = focal.post(
        f"/api/v1/delegations/{meeting.first.pk}/nominees/",
        {**person(1, email=person_.email), "photo": _png((10, 200, 10))},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    nominee = Nominee.objects.get(pk=created.json()["id"])
    assert nominee.user == person_
    assert profile_of(person_.pk).photo_storage_name == own  # untouched
    assert nominee.photo_storage_name and nominee.photo_storage_name != own
    # The nomination's photo is the one served and printed.
    served = _served(focal, nominee)
    assert Image.open(io.BytesIO(served)).getpixel((5, 5))[:3] == (10, 200, 10)
    # A later upload from the delegation page replaces the nomination's photo only.
    page = Client()
    page.force_login(meeting.first_focal)
    response = page.post(
        f"/delegations/nominees/{nominee.pk}/photo/upload/", {"photo": _png((10, 10, 200))}
    )
    assert response.status_code == 302
    nominee.refresh_from_db()
    assert profile_of(person_.pk).photo_storage_name == own
    served = _served(focal, nominee)
    assert Image.open(io.BytesIO(served)).getpixel((5, 5))[:3] == (10, 10, 200)
    services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    badge = client_for(meeting.organiser).get(f"/api/v1/nominees/{nominee.pk}/badge.pdf")
    assert len(PdfReader(io.BytesIO(badge.content)).pages[0].images) == 1


def test_account_made_for_the_nominee_keeps_the_photo_on_the_profile(meeting, private_root):
    nominee = services.nominee_nominate(
        delegation=meeting.first,
        data=person(2),
        by=meeting.first_focal,
        photo=_png((10, 200, 10)),
    )
    assert not nominee.user.has_usable_password()
    assert nominee.photo_storage_name == ""
    assert profile_of(nominee.user_id).photo_storage_name
    # The nominee's own upload on their link is their profile photo, and wins.
    link = "/" + services.nominee_profile_url(nominee).split("://", 1)[1].split("/", 1)[1]
    assert Client().post(link, {"action": "photo", "photo": _png((90, 90, 90))}).status_code == 302
    served = _served(client_for(meeting.first_focal), nominee)
    assert Image.open(io.BytesIO(served)).getpixel((5, 5))[:3] == (90, 90, 90)
