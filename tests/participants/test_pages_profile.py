"""The profile page on a phone: nationalities as checkboxes with a filter (no "hold
Ctrl"), a date of birth whose help matches the picker, and a bounded number of queries."""

from __future__ import annotations

import re

import pytest

from participants.models import Profile
from tests.participants._pages import errors_of, verified_client

pytestmark = pytest.mark.django_db


def _profile(client, **fields):
    Profile.objects.filter(user=client.user).update(**fields)


def test_nationalities_are_checkboxes_with_a_filter_and_the_chosen_first():
    client = verified_client()
    _profile(client, nationalities=["VN", "KR"])
    html = client.get("/me/profile/").content.decode()
    assert "Ctrl" not in html and "⌘" not in html
    assert '<select name="nationalities"' not in html
    boxes = re.findall(r'<input type="checkbox" name="nationalities" value="(\w+)"[^>]*>', html)
    assert len(boxes) == 249  # every country, each a checkbox
    # The chosen ones first, in the order given (the first eligible one counts for quotas).
    assert boxes[:2] == ["VN", "KR"]
    checked = re.findall(r'name="nationalities" value="(\w+)" id="[^"]+" checked', html)
    assert checked == ["VN", "KR"]
    # A filter box, labelled, for typing a country's name; the list is in a fieldset.
    assert re.search(r'<label class="country-filter" for="id_nationalities_filter"', html)
    assert '<input type="search" id="id_nationalities_filter"' in html
    assert "<legend>Nationalities</legend>" in html


def test_nationalities_keep_their_order_when_one_is_added():
    client = verified_client()
    _profile(client, nationalities=["VN"])
    form = {
        "full_name": "Kim Ji-woo",
        "gender": "female",
        "country_of_residence": "VN",
        "preferred_language": "en",
        # The page posts the ticked boxes in page order: the chosen one first.
        "nationalities": ["VN", "KR"],
    }
    assert client.post("/me/profile/", form).status_code == 302
    assert [str(c.code) for c in Profile.objects.get(user=client.user).nationalities] == [
        "VN",
        "KR",
    ]


def test_country_names_follow_the_visitors_language():
    client = verified_client()
    client.cookies["django_language"] = "ko"
    html = client.get("/me/profile/", follow=True).content.decode()
    assert re.search(r'value="VN"[^>]*> 베트남</label>', html)


def test_date_of_birth_is_a_date_picker_whose_help_matches_it():
    client = verified_client()
    html = client.get("/me/profile/").content.decode()
    field = re.search(r'<input type="date" name="date_of_birth"[^>]*>', html).group(0)
    assert 'value="2001-03-14"' in field and 'autocomplete="bday"' in field
    assert "Pick the day in the calendar, or type it as the field shows it." in html
    assert "YYYY-MM-DD" not in html
    # What the picker sends is what the server reads; another format is refused beside it.
    response = client.post(
        "/me/profile/", {"date_of_birth": "14/03/2001", "preferred_language": "en"}
    )
    assert errors_of(response.content.decode(), "id_date_of_birth") == ["Enter a valid date."]


def test_the_profile_page_makes_a_few_queries(django_assert_max_num_queries):
    client = verified_client()
    client.get("/me/profile/")
    # Session, user, profile, the user's memberships for the menu.
    with django_assert_max_num_queries(5):
        response = client.get("/me/profile/")
    assert response.status_code == 200
