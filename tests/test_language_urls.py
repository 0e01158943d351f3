"""Page addresses carry their language (/ko/events/x/); English keeps the unprefixed ones.

Old links redirect to the visitor's language, the switcher keeps the page, the API stays
unprefixed and still answers in the asked language, and mail links open in the
recipient's language.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from participants import services as participant_services
from participants.enums import ApplicationStatus
from tests.factories.participants import ApplicationFactory, ProfileFactory


def test_each_language_has_its_own_address_and_english_keeps_the_old_one(event):
    for language, prefix in (
        ("en", ""),
        ("fr", "/fr"),
        ("ko", "/ko"),
        ("th", "/th"),
        ("vi", "/vi"),
    ):
        with translation.override(language):
            assert reverse("event-page", args=[event.slug]) == f"{prefix}/events/{event.slug}/"
    page = Client().get(f"/th/events/{event.slug}/")
    assert page.status_code == 200
    assert page["Content-Language"] == "th"
    assert '<html lang="th">' in page.content.decode()


@pytest.mark.parametrize(
    "ask",
    [{"HTTP_ACCEPT_LANGUAGE": "ko"}, {"HTTP_COOKIE": "django_language=ko"}],
    ids=["browser", "cookie"],
)
def test_an_old_address_redirects_to_the_visitors_language(event, ask):
    response = Client().get(f"/events/{event.slug}/?tab=agenda", **ask)
    assert response.status_code == 302
    assert response["Location"] == f"/ko/events/{event.slug}/?tab=agenda"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    # Nobody asking for another language: the English page, as before.
    assert Client().get(f"/events/{event.slug}/").status_code == 200


def test_the_switcher_keeps_the_page(event):
    client = Client()
    page = client.get(f"/ko/events/{event.slug}/").content.decode()
    assert f'<input name="next" type="hidden" value="/ko/events/{event.slug}/">' in page

    response = client.post(
        "/i18n/setlang/", {"language": "vi", "next": f"/ko/events/{event.slug}/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/vi/events/{event.slug}/"
    back_to_english = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/vi/events/{event.slug}/"}
    )
    assert back_to_english["Location"] == f"/events/{event.slug}/"
    # The cookie now says English: the unprefixed page is served, not redirected.
    assert client.get(f"/events/{event.slug}/").status_code == 200


def test_the_api_stays_unprefixed_and_answers_in_the_asked_language(event):
    assert Client().get(f"/ko/api/v1/events/{event.slug}/").status_code == 404
    response = Client().get("/api/v1/events/?kind=nonsense", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert response["Content-Language"] == "ko"


def test_a_mail_to_a_korean_speaker_links_to_korean_pages(
    event, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://bridges.example"
    profile = ProfileFactory(preferred_language="ko")
    app = ApplicationFactory(event=event, applicant=profile.user, status=ApplicationStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        participant_services.application_transition(
            application=app, to_status=ApplicationStatus.SUBMITTED, by=profile.user
        )
    [sent] = mail.outbox
    assert "https://bridges.example/ko/me/applications/" in sent.body
    assert "https://bridges.example/me/applications/" not in sent.body
    html = sent.alternatives[0][0]
    assert 'href="https://bridges.example/ko/me/applications/"' in html
