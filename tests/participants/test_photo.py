"""Profile photo: checked by content, re-encoded, stored privately, served only to the
owner and to members of organisations whose events the owner applied to."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from attendance.selectors import participant_card
from participants import services
from participants.enums import ApplicationStatus
from participants.models import Profile
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import MembershipFactory
from tests.participants.apply_helpers import ELF, PNG, stored_files, use_private_root

pytestmark = pytest.mark.django_db

API = "/api/v1/me/profile/photo/"


@pytest.fixture
def private_root(settings, tmp_path):
    return use_private_root(settings, tmp_path)


def image_bytes(fmt: str, size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


def post_photo(client, name: str, content: bytes):
    return client.post(API, {"photo": SimpleUploadedFile(name, content)}, format="multipart")


def page_client(client):
    """The photo address is a page: log the role client's user in with a session."""
    client.force_login(client.user)
    return client


def photo_files(root) -> list:
    return [p for p in stored_files(root) if p.parent.name == "photos"]


def test_png_upload_is_reencoded_stored_privately_and_served_to_its_owner(
    applicant_client, private_root, settings
):
    ProfileFactory(user=applicant_client.user)
    response = post_photo(applicant_client, "me.png", image_bytes("PNG", size=(1200, 800)))
    assert response.status_code == 200, response.json()
    url = response.json()["photo_url"]
    assert url.startswith(f"/people/{applicant_client.user.pk}/photo/?v=")
    [stored] = photo_files(private_root)
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (512, 341)  # thumbnailed
    assert applicant_client.get("/api/v1/me/profile/").json()["photo_url"] == url
    response = page_client(applicant_client).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == stored.read_bytes()


def test_jpeg_keeps_its_type_and_a_new_photo_replaces_the_old_file(
    applicant_client, private_root, django_capture_on_commit_callbacks
):
    assert post_photo(applicant_client, "a.jpg", image_bytes("JPEG")).status_code == 200
    [first] = photo_files(private_root)
    assert first.suffix == ".jpg"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(applicant_client, "b.png", image_bytes("PNG"))
    assert response.status_code == 200
    [second] = photo_files(private_root)
    assert second != first and not first.exists()
    assert Profile.objects.get(user=applicant_client.user).photo_content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("evil.png", ELF, "file_type_not_allowed"),  # an executable renamed .png
        ("cv.png", b"%PDF-1.4\n%%EOF\n" + b"x" * 100, "file_type_not_allowed"),
        ("broken.png", PNG, "photo_unreadable"),  # PNG magic bytes, no image behind them
        ("empty.png", b"", "file_empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    applicant_client, private_root, name, content, code
):
    ProfileFactory(user=applicant_client.user)
    response = post_photo(applicant_client, name, content)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "photo" in response.json()
    assert stored_files(private_root) == []
    assert Profile.objects.get(user=applicant_client.user).photo_storage_name == ""


def test_a_photo_over_the_limit_is_refused(applicant_client, private_root, settings):
    settings.PHOTO_MAX_BYTES = 1000
    content = image_bytes("PNG", size=(300, 300), color=(1, 2, 3))
    content += b"\x00" * max(0, 1001 - len(content))
    response = post_photo(applicant_client, "big.png", content)
    assert response.status_code == 400 and response.json()["code"] == "file_too_large"
    assert stored_files(private_root) == []


def test_unknown_fields_and_anonymous_uploads_are_refused(
    applicant_client, anonymous_client, private_root
):
    response = applicant_client.post(
        API,
        {"photo": SimpleUploadedFile("a.png", image_bytes("PNG")), "user": "1"},
        format="multipart",
    )
    assert response.status_code == 400 and "user" in response.json()
    response = post_photo(anonymous_client, "a.png", image_bytes("PNG"))
    assert response.status_code in (401, 403)
    assert stored_files(private_root) == []


def test_delete_through_the_api_erases_the_file(
    applicant_client, private_root, django_capture_on_commit_callbacks
):
    post_photo(applicant_client, "a.png", image_bytes("PNG"))
    [stored] = photo_files(private_root)
    url = Profile.objects.get(user=applicant_client.user).photo_url
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.delete(API)
    assert response.status_code == 204
    assert not stored.exists()
    assert applicant_client.get("/api/v1/me/profile/").json()["photo_url"] is None
    assert page_client(applicant_client).get(url).status_code == 404


@pytest.fixture
def applicant_with_photo(event, private_root):
    """An applicant with a photo who has sent an application to ``event``."""
    user = ProfileFactory().user
    services.profile_photo_set(user=user, uploaded=SimpleUploadedFile("me.png", image_bytes("PNG")))
    application = ApplicationFactory(
        event=event, applicant=user, status=ApplicationStatus.CONFIRMED
    )
    return user, application


def test_who_may_see_a_photo(
    applicant_with_photo,
    event,
    applicant_client,
    staff_client,
    organiser_client,
    reviewer_client,
    anonymous_client,
):
    user, _application = applicant_with_photo
    url = Profile.objects.get(user=user).photo_url
    # Another applicant to the same event sees nothing, not even that a photo exists.
    ApplicationFactory(event=event, applicant=applicant_client.user)
    assert page_client(applicant_client).get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 404
    for client in (staff_client, organiser_client, reviewer_client):
        assert page_client(client).get(url).status_code == 200
    other_staff = MembershipFactory(role=MemberRole.STAFF).user
    assert other_staff.memberships.get().organisation_id != event.organisation_id
    anonymous_client.force_login(other_staff)
    assert anonymous_client.get(url).status_code == 404


def test_a_draft_does_not_show_the_photo_to_the_organisation(event, staff_client, private_root):
    user = ProfileFactory().user
    services.profile_photo_set(user=user, uploaded=SimpleUploadedFile("a.png", image_bytes("PNG")))
    ApplicationFactory(event=event, applicant=user, status=ApplicationStatus.DRAFT)
    url = Profile.objects.get(user=user).photo_url
    assert page_client(staff_client).get(url).status_code == 404


def test_staff_check_in_card_carries_the_photo(applicant_with_photo):
    user, application = applicant_with_photo
    card = participant_card(application)
    assert card["photo_url"] == Profile.objects.get(user=user).photo_url
    assert card["photo_url"] is not None
    ApplicationFactory(event=application.event)  # an applicant without a photo
    other = ApplicationFactory(event=application.event, status=ApplicationStatus.CONFIRMED)
    assert participant_card(other)["photo_url"] is None


def test_my_data_export_includes_the_photo(applicant_client, private_root):
    post_photo(applicant_client, "a.png", image_bytes("PNG"))
    [stored] = photo_files(private_root)
    data = services.my_data_export(applicant_client.user)
    photo = data["profile"]["photo"]
    assert photo["content_type"] == "image/png"
    assert base64.b64decode(photo["base64"]) == stored.read_bytes()


def test_account_deletion_erases_the_photo(
    applicant_with_photo, private_root, django_capture_on_commit_callbacks
):
    user, _application = applicant_with_photo
    [stored] = photo_files(private_root)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(user=user, require_password=False)
    assert not stored.exists()
    assert not Profile.objects.filter(user=user).exists()


def test_profile_page_uploads_shows_errors_beside_the_field_and_removes(
    applicant_client, private_root, django_capture_on_commit_callbacks
):
    client = page_client(applicant_client)
    ProfileFactory(user=client.user)
    response = client.post(
        "/me/profile/photo/", {"photo": SimpleUploadedFile("evil.png", ELF)}, format="multipart"
    )
    assert response.status_code == 400
    assert 'id="photo-error"' in response.content.decode()
    assert "Only JPEG and PNG photos are accepted" in response.content.decode()
    assert stored_files(private_root) == []
    response = client.post(
        "/me/profile/photo/",
        {"photo": SimpleUploadedFile("me.jpg", image_bytes("JPEG"))},
        format="multipart",
    )
    assert response.status_code == 302
    [stored] = photo_files(private_root)
    page = client.get("/me/profile/").content.decode()
    url = Profile.objects.get(user=client.user).photo_url
    assert f'src="{url}"' in page.replace("&amp;", "&")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/profile/photo/", {"remove": "1"}, format="multipart")
    assert response.status_code == 302
    assert not stored.exists()
    assert Profile.objects.get(user=client.user).photo_url is None
