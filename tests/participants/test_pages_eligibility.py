"""Eligibility said up front: the event page, the first apply step, My applications, and a
step counter whose total does not change midway."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client

from participants.enums import ApplicationStatus
from participants.models import Application
from tests.participants._pages import MOTIVATION, errors_of, open_call, verified_client
from tests.participants.apply_helpers import motivation_id, use_private_root

S = ApplicationStatus
pytestmark = pytest.mark.django_db

TOO_YOUNG = "You must be at least 19 on the first day (2027-07-05); you will be 17."


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    cache.clear()
    return use_private_root(settings, tmp_path)


@pytest.fixture
def call_19_29(event):
    event.min_age, event.max_age = 19, 29
    event.save(update_fields=["min_age", "max_age"])
    return open_call(event)


def url(event, step=""):
    return f"/events/{event.slug}/apply/{step + '/' if step else ''}"


def _seventeen(client):
    # 17 on the first day, 5 July 2027.
    client.user.profile.date_of_birth = dt.date(2010, 1, 10)
    client.user.profile.save()
    return client


def _step_heading(response) -> str:
    return re.search(r"<h1>(Step \d+ of \d+)", response.content.decode()).group(1)


def _profile_post(**overrides):
    data = {
        "full_name": "Nguyen Thi Minh",
        "date_of_birth": "2001-03-14",
        "gender": "female",
        "nationalities": ["VN"],
        "country_of_residence": "VN",
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    data.update(overrides)
    return data


def test_the_event_page_tells_a_signed_in_17_year_old_why_instead_of_an_apply_button(call_19_29):
    apply_link = f'href="{url(call_19_29)}"'
    assert apply_link in Client().get(f"/events/{call_19_29.slug}/").content.decode()
    adult = verified_client()
    assert apply_link in adult.get(f"/events/{call_19_29.slug}/").content.decode()
    young = _seventeen(verified_client())
    html = young.get(f"/events/{call_19_29.slug}/").content.decode()
    assert "You cannot apply to this event:" in html
    assert TOO_YOUNG in html
    assert apply_link not in html


def test_the_event_page_names_an_ineligible_nationality(call_19_29):
    call_19_29.eligible_countries = ["KR", "VN"]
    call_19_29.save()
    client = verified_client()
    client.user.profile.nationalities = ["FR"]
    client.user.profile.country_of_residence = "DE"
    client.user.profile.save()
    html = client.get(f"/events/{call_19_29.slug}/").content.decode()
    assert "Your nationality is not eligible. Eligible nationalities: South Korea, Vietnam." in html
    assert f'href="{url(call_19_29)}"' not in html


RESIDENCE = (
    "Your country of residence is not eligible. Eligible countries of residence: "
    "South Korea, Vietnam."
)


def test_the_event_page_and_first_step_name_an_ineligible_residence(call_19_29):
    call_19_29.eligible_residence_countries = ["KR", "VN"]
    call_19_29.save()
    client = verified_client()
    client.user.profile.nationalities = ["VN"]
    client.user.profile.country_of_residence = "DE"
    client.user.profile.save()
    html = client.get(f"/events/{call_19_29.slug}/").content.decode()
    assert "Living in: South Korea, Vietnam" in html
    assert RESIDENCE in html and f'href="{url(call_19_29)}"' not in html
    # The first step says it up front, beside the field; posting it starts nothing.
    page = client.get(url(call_19_29, "profile")).content.decode()
    assert "You cannot apply to this event:" in page and RESIDENCE in page
    assert errors_of(page, "id_country_of_residence") == [RESIDENCE]
    response = client.post(url(call_19_29, "profile"), _profile_post(country_of_residence="DE"))
    assert response.status_code == 400
    assert errors_of(response.content.decode(), "id_country_of_residence") == [RESIDENCE]
    assert not Application.objects.exists()
    # Moving to Vietnam: the same step goes on to the questions and starts the draft.
    moved = client.post(url(call_19_29, "profile"), _profile_post(country_of_residence="VN"))
    assert moved.status_code == 302 and Application.objects.count() == 1


def test_the_first_step_refuses_a_17_year_old_with_the_reason_and_starts_nothing(call_19_29):
    client = _seventeen(verified_client())
    # Known from the profile: the first step says so at once.
    response = client.get(url(call_19_29, "profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot apply to this event:" in html and TOO_YOUNG in html
    # Later steps are not reachable.
    for step in ("questions", "documents", "review"):
        assert client.get(url(call_19_29, step))["Location"] == url(call_19_29, "profile")
    assert client.get(url(call_19_29, "guardian")).status_code == 404
    # Entering the date of birth on the first step: refused beside the field, no draft.
    newcomer = verified_client(profile=False)
    response = newcomer.post(url(call_19_29, "profile"), _profile_post(date_of_birth="2010-01-10"))
    assert response.status_code == 400
    assert errors_of(response.content.decode(), "id_date_of_birth") == [TOO_YOUNG]
    assert not Application.objects.exists()
    assert newcomer.get(url(call_19_29, "questions"))["Location"] == url(call_19_29, "profile")


def test_the_draft_api_refuses_an_ineligible_person_naming_the_field(call_19_29):
    client = _seventeen(verified_client())
    response = client.post(
        f"/api/v1/events/{call_19_29.slug}/application/draft/", {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"profile.date_of_birth": [TOO_YOUNG], "code": "not_eligible"}
    assert not Application.objects.exists()


def test_a_draft_made_ineligible_by_a_profile_change_is_not_offered_to_continue(call_19_29):
    client = verified_client()
    client.post(url(call_19_29, "profile"), _profile_post())
    assert "Continue application" in client.get(f"/events/{call_19_29.slug}/").content.decode()
    _seventeen(client)
    page = client.get(f"/events/{call_19_29.slug}/").content.decode()
    assert "Your draft cannot be submitted:" in page and TOO_YOUNG in page
    assert "Continue application" not in page
    mine = client.get("/me/applications/").content.decode()
    assert TOO_YOUNG in mine and "Continue application" not in mine
    assert client.get(url(call_19_29))["Location"] == url(call_19_29, "profile")


def _walk(client, event, *, guardian: bool) -> list[str]:
    """Every step heading on the way from the first step to the review."""
    seen = [_step_heading(client.get(url(event, "profile")))]
    client.post(url(event, "profile"), _profile_post(**client.profile_overrides))
    seen.append(_step_heading(client.get(url(event, "questions"))))
    after = client.post(url(event, "questions"), {f"q_{motivation_id(event)}": MOTIVATION})
    next_step = client.post(url(event, "questions"), {f"q_{motivation_id(event)}": MOTIVATION})
    assert after.status_code == 302
    if guardian:
        assert next_step["Location"] == url(event, "guardian")
        seen.append(_step_heading(client.get(url(event, "guardian"))))
        client.post(
            url(event, "guardian"),
            {
                "guardian_name": "Tran Thi Mai",
                "guardian_email": "mai@example.org",
                "guardian_relation": "mother",
            },
        )
    else:
        assert next_step["Location"] == url(event, "documents")
    seen.append(_step_heading(client.get(url(event, "documents"))))
    seen.append(_step_heading(client.get(url(event, "review"))))
    return seen


def test_the_step_total_never_changes_for_a_minor(event):
    open_call(event)  # no minimum age: minors may apply
    client = verified_client(profile=False)
    client.profile_overrides = {"date_of_birth": "2010-01-10"}
    assert _walk(client, event, guardian=True) == [
        "Step 1 of 5",
        "Step 2 of 5",
        "Step 3 of 5",
        "Step 4 of 5",
        "Step 5 of 5",
    ]
    assert Application.objects.get().is_minor


def test_the_step_total_never_changes_for_an_adult_whose_age_was_unknown(event):
    open_call(event)
    client = verified_client(profile=False)
    client.profile_overrides = {}
    # The guardian step is counted from the start (age unknown) and skipped.
    assert _walk(client, event, guardian=False) == [
        "Step 1 of 5",
        "Step 2 of 5",
        "Step 4 of 5",
        "Step 5 of 5",
    ]
    assert "only for applicants under 18" in client.get(url(event, "review")).content.decode()


def test_an_adult_whose_age_is_known_has_four_steps(event):
    open_call(event)
    client = verified_client()
    client.profile_overrides = {}
    assert _walk(client, event, guardian=False) == [
        "Step 1 of 4",
        "Step 2 of 4",
        "Step 3 of 4",
        "Step 4 of 4",
    ]
