"""What the applicant's pages cost (issue 14: the web apply flow against pretalx's CfP).

The profile step's ~1,000 country and zone options are rendered once per language and
kept in the cache (participants.forms.CachedOptionsMixin); each page of the flow, from
sign-up to the submitted application, stays within the queries it makes today.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django_countries import countries

from notifications.models import Message
from participants.enums import ApplicationStatus
from participants.models import Application, Profile
from participants.services import call_settings_update, event_default_questions
from programmes.services import event_cancel, event_update
from tests.factories.programmes import UserFactory
from tests.participants._pages import MOTIVATION, PASSWORD, open_call, verified_client
from tests.participants.apply_helpers import complete_draft

pytestmark = pytest.mark.django_db

OPTIONS_TEMPLATES = {
    "participants/widgets/long_select_options.html",
    "participants/widgets/country_checkbox_options.html",
}


@contextmanager
def options_renders(templates=OPTIONS_TEMPLATES):
    """The option-list templates (or ``templates``) the engine renders inside the block."""
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        if template.name in templates:
            names.append(template.name)

    template_rendered.connect(record)
    try:
        yield names
    finally:
        template_rendered.disconnect(record)


def _checked(html: str) -> list[str]:
    return re.findall(r'name="nationalities" value="(\w+)" id="[^"]+" checked', html)


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_the_option_lists_are_rendered_once_and_each_visitor_sees_their_own_choice():
    first = verified_client()
    Profile.objects.filter(user=first.user).update(
        nationalities=["VN", "KR"], country_of_residence="VN", time_zone="Asia/Seoul"
    )
    with options_renders() as renders:
        html = first.get("/me/profile/").content.decode()
    # Three lists, each rendered unchosen and chosen once.
    assert len(renders) == 6
    assert _checked(html) == ["VN", "KR"]
    assert _selected(html, "country_of_residence") == ["VN"]
    assert _selected(html, "time_zone") == ["Asia/Seoul"]
    assert len(re.findall(r'<option value="[^"]*"', html)) >= 250 + 500

    second = verified_client()
    Profile.objects.filter(user=second.user).update(
        nationalities=["TH"], country_of_residence="TH", time_zone="Asia/Bangkok"
    )
    with options_renders() as renders:
        html = second.get("/me/profile/").content.decode()
    assert renders == []  # from the cache
    boxes = re.findall(r'<input type="checkbox" name="nationalities" value="(\w+)"', html)
    assert boxes[0] == "TH" and len(boxes) == 249 and len(set(boxes)) == 249
    assert _checked(html) == ["TH"]
    assert _selected(html, "country_of_residence") == ["TH"]
    assert _selected(html, "time_zone") == ["Asia/Bangkok"]
    # Nothing chosen: the blank choices are the selected ones, as Django's Select does.
    Profile.objects.filter(user=second.user).update(
        nationalities=[], country_of_residence="", time_zone=""
    )
    html = second.get("/me/profile/").content.decode()
    assert _checked(html) == []
    assert _selected(html, "country_of_residence") == [""]
    assert _selected(html, "time_zone") == [""]


def test_each_language_has_its_own_option_lists():
    client = verified_client()
    Profile.objects.filter(user=client.user).update(nationalities=["VN"])
    english = str(countries.name("VN"))
    html = client.get("/me/profile/").content.decode()
    assert re.search(rf'value="VN"[^>]*checked> {english}</label>', html)
    client.cookies["django_language"] = "ko"
    with options_renders() as renders:
        html = client.get("/ko/me/profile/").content.decode()
    assert len(renders) == 6
    assert re.search(r'value="VN"[^>]*checked> 베트남</label>', html)
    assert f"> {english}</label>" not in html


def test_the_apply_flow_pages_stay_within_their_queries(
    event,
    mailoutbox,
    eager_celery,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """The 15 requests of bench/bench_apply_flow.py, each under a cap at today's count
    (plus one), so a change that adds work to a step shows here. The apply steps read
    no legs, the event from the cache, and ask the verified address once per session
    (at sign-in)."""
    open_call(event)
    event.min_age, event.max_age, event.eligible_countries = 18, 35, ["VN", "KR"]
    event.save(update_fields=["min_age", "max_age", "eligible_countries"])
    event_default_questions(event)
    client = Client()
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')

    def step(cap, method, path, data=None):
        with django_assert_max_num_queries(cap):
            if method == "get":
                return client.get(path)
            return client.post(path, data)

    apply = f"/events/{event.slug}/apply/"
    assert step(2, "get", apply).status_code == 302
    signup = f"/accounts/signup/?next={apply}"
    html = step(2, "get", signup).text
    password = "Kq7!zL-0-Pp93mm"
    form = {"email": "flow@example.org", "password1": password, "password2": password}
    with django_capture_on_commit_callbacks(execute=True):  # the confirmation mail
        response = step(20, "post", signup, {**form, "csrfmiddlewaretoken": csrf.search(html)[1]})
    assert "/accounts/confirm-email/" in response["Location"]
    link = re.search(r"/accounts/confirm-email/[\w:\-]+/", mailoutbox[-1].body).group(0)
    html = step(5, "get", link).text
    # Confirming signs in: each of the two asks once for focal-point invitations pending
    # for the address (delegations.receivers), hence 22.
    assert step(22, "post", link, {"csrfmiddlewaretoken": csrf.search(html)[1]}).status_code == 302
    profile = step(9, "get", apply)["Location"]
    assert profile.endswith("/apply/profile/")
    html = step(5, "get", profile).text
    profile_form = {
        "csrfmiddlewaretoken": csrf.search(html)[1],
        "full_name": "Tran Mai",
        "date_of_birth": "2001-05-17",
        "gender": "female",
        "nationalities": ["VN"],
        "country_of_residence": "VN",
        "affiliation": "Hanoi University",
        "time_zone": "Asia/Ho_Chi_Minh",
    }
    questions = step(20, "post", profile, profile_form)["Location"]
    assert questions.endswith("/apply/questions/")
    html = step(7, "get", questions).text
    answers = {name: MOTIVATION for name in set(re.findall(r'name="(q_\d+)"', html))}
    answers["csrfmiddlewaretoken"] = csrf.search(html)[1]
    documents = step(15, "post", questions, answers)["Location"]
    assert documents.endswith("/apply/documents/")
    html = step(6, "get", documents).text
    data = {"csrfmiddlewaretoken": csrf.search(html)[1], "continue": "1"}
    review = step(4, "post", documents, data)["Location"]
    assert review.endswith("/apply/review/")
    html = step(8, "get", review).text
    data = {"csrfmiddlewaretoken": csrf.search(html)[1]}
    assert step(16, "post", review, data)["Location"].endswith("/me/applications/")
    assert Application.objects.get(event=event).status == ApplicationStatus.SUBMITTED


def test_the_apply_pages_check_the_verified_address_once_per_session(event):
    """An account without a verified address is stopped at the apply pages with allauth's
    page and a new confirmation mail. Signing in with a verified address marks the
    session, and the apply pages then do not ask the database again."""
    open_call(event)
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = Client()
    client.force_login(user)
    apply = f"/events/{event.slug}/apply/"
    response = client.get(apply)
    assert response.status_code == 200
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert Message.objects.filter(to_email=user.email).count() == 1  # a new confirmation
    assert client.get(f"{apply}questions/").status_code == 200  # still stopped
    # Verified since, in the same session (not signed in again): asked afresh, let through.
    address.verified = True
    address.save(update_fields=["verified"])
    assert client.get(apply)["Location"].endswith("/apply/profile/")

    signed_in = Client()
    response = signed_in.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(f"{apply}profile/").status_code == 200
    assert not [q for q in queries.captured_queries if "account_emailaddress" in q["sql"]]


def _fields(html: str) -> str:
    form = re.search(r'<form method="post" novalidate>.*?</form>', html, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", form)


def test_a_blank_profile_step_is_rendered_once_per_language_and_holds_nobodys_data(event):
    """New applicants' profile step (nothing filled in, no errors) is the same markup for
    all of them: its fields are rendered once per language and kept whole. A profile with
    anything in it, or a form with errors, is rendered afresh."""
    open_call(event)
    url = f"/events/{event.slug}/apply/profile/"
    field = {"participants/_field.html"}
    with options_renders(field) as renders:
        first = _fields(verified_client(profile=False).get(url).text)
    assert renders
    second_client = verified_client(profile=False)
    with options_renders(field) as renders:
        second = _fields(second_client.get(url).text)
    assert renders == []  # from the cache
    assert second == first
    assert 'name="full_name"' in second and "checked" not in second

    Profile.objects.filter(user=second_client.user).update(
        full_name="Tran Mai", nationalities=["VN"]
    )
    with options_renders(field) as renders:
        filled = _fields(second_client.get(url).text)
    assert renders and 'value="Tran Mai"' in filled and _checked(filled) == ["VN"]
    # The blank markup is untouched by the filled-in one.
    with options_renders(field) as renders:
        assert _fields(verified_client(profile=False).get(url).text) == first
    assert renders == []

    # A form with errors is the person's own too.
    response = second_client.post(url, {"full_name": "", "date_of_birth": "not a date"})
    assert response.status_code in (200, 400) and "errorlist" in response.text
    with options_renders(field) as renders:
        korean = _fields(verified_client(profile=False).get(f"/ko{url}").text)
    assert renders and korean != first


def test_the_documents_steps_upload_form_is_rendered_once(event):
    """The documents step's upload form, unbound and without errors, is the same for
    everyone in a language: rendered once and kept whole; a refused upload is shown
    beside its field, rendered afresh."""
    open_call(event)
    url = f"/events/{event.slug}/apply/documents/"
    field = {"participants/_field.html"}
    pages = []
    for _ in range(2):
        client = verified_client()
        complete_draft(event, client.user)
        with options_renders(field) as renders:
            pages.append((_upload_fields(client.get(url).text), list(renders)))
    (first, rendered), (second, from_cache) = pages
    assert rendered and from_cache == []
    assert second == first and 'name="kind"' in first and 'name="file"' in first
    response = client.post(url, {"kind": "cv", "upload": "1"})  # no file
    assert "errorlist" in _upload_fields(response.text)


def _upload_fields(html: str) -> str:
    form = re.search(r'<form method="post" enctype="multipart/form-data".*?</form>', html, re.S)
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", form.group(0))


def test_the_apply_pages_keep_the_event_by_version_and_see_a_change_at_once(event):
    """The apply pages read the event and its call settings from the cache, under the
    version the services bump: a change of the event or its call settings shows on the
    next page, and an event no longer published is gone from them."""
    open_call(event)
    client = verified_client()
    complete_draft(event, client.user)
    url = f"/events/{event.slug}/apply/documents/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if 'FROM "programmes_event"' in q["sql"]]

    event_update(event=event, data={"title": "Youth Bridges 2027, renamed"})
    assert "Youth Bridges 2027, renamed" in client.get(url).text
    assert "Required documents" not in client.get(url).text
    call_settings_update(event=event, data={"required_documents": ["cv"]})
    assert "Required documents" in client.get(url).text
    event_cancel(event=event)
    assert client.get(url).status_code == 404


def test_an_apply_page_reads_its_event_and_the_version_in_one_round_trip(event, monkeypatch):
    """The apply pages' event comes from the cache together with the event lists'
    version (one get_many), not as a read of the version and then of the entry."""
    from django.core.cache import cache

    open_call(event)
    client = verified_client()
    url = f"/events/{event.slug}/apply/profile/"
    assert client.get(url).status_code == 200  # fills the cache
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def recording(key, *args, _original=original, _name=name, **kwargs):
            reads.append((_name, key))
            return _original(key, *args, **kwargs)

        monkeypatch.setattr(cache, name, recording)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    event_reads = [(name, key) for name, key in reads if "event" in str(key)]
    assert [name for name, _key in event_reads] == ["get_many"]
    assert not [q for q in queries.captured_queries if 'FROM "programmes_event"' in q["sql"]]
