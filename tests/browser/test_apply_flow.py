"""The whole applicant path in headless Chromium at 375 px, through the real pages.

Sign up, verify by the link in the sent mail, complete the profile, apply to an open
call answering the motivation question and uploading a real PDF, submit, and see the
status on My applications. Every page on the way must fit 375 px without sideways scroll.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from participants.models import Application, Document
from tests.browser.helpers import log_in
from tests.factories.programmes import EventFactory, LegFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Bridges-Phone-2027!"
MOTIVATION = " ".join(
    ["I run a student film club in Da Nang and want to learn how festivals build exchanges."] * 5
)


def make_pdf(path):
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Curriculum vitae: Tran Minh Anh")
    pdf.showPage()
    pdf.save()
    return path


def assert_fits_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} scrolls sideways: {width}px"


def test_sign_up_verify_profile_apply_with_pdf_and_see_the_status(page, tmp_path, eager_celery):
    cache.clear()  # allauth's per-address rate limits live in the cache
    now = timezone.now()
    event = EventFactory(
        title="ASEAN-Korea Youth Film Workshop",
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=20),
    )
    LegFactory(event=event)
    cv = make_pdf(tmp_path / "cv.pdf")

    # 1. Sign up.
    page.goto("/accounts/signup/")
    assert_fits_phone(page)
    page.get_by_label("Email").fill("minh.anh@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", name="Check your email").is_visible()

    # 2. Verify by the link in the mail (the live server shares this process's outbox).
    assert [m.to for m in mail.outbox] == [["minh.anh@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    assert_fits_phone(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    # 3. Complete the profile.
    page.goto("/me/profile/")
    assert_fits_phone(page)
    page.get_by_label("Full name (as in your passport)").fill("Tran Minh Anh")
    page.get_by_label("Date of birth").fill("2002-09-02")
    page.get_by_label("Gender:", exact=True).select_option("female")
    # Nationalities: type to filter the list, then tick (no Ctrl-click on a phone).
    page.get_by_label("Find a country").fill("viet")
    assert not page.get_by_label("Thailand", exact=True).is_visible()
    page.get_by_label("Vietnam", exact=True).check()
    page.get_by_label("Country of residence").select_option("VN")
    page.get_by_label("Your time zone").select_option("Asia/Ho_Chi_Minh")
    page.get_by_role("button", name="Save profile").click()
    # expect() waits for the page the save leads to; is_visible() would not.
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    # 4. Apply from the event page.
    page.goto(f"/events/{event.slug}/")
    assert_fits_phone(page)
    page.get_by_role("link", name="Apply").first.click()
    page.wait_for_url(f"**/events/{event.slug}/apply/profile/")
    assert_fits_phone(page)
    assert page.get_by_label("Full name (as in your passport)").input_value() == "Tran Minh Anh"
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(f"**/events/{event.slug}/apply/questions/")
    assert_fits_phone(page)
    page.get_by_label("Why do you want to take part?").fill(MOTIVATION)
    # The small script counts words as the applicant types (the limit is 50 to 300).
    assert page.locator(".word-count").inner_text() == f"Words so far: {len(MOTIVATION.split())}"
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url(f"**/events/{event.slug}/apply/documents/")
    assert_fits_phone(page)
    page.get_by_label("Kind of document").select_option("cv")
    page.get_by_label("File").set_input_files(str(cv))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="cv.pdf")).to_be_visible()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"**/events/{event.slug}/apply/review/")
    assert_fits_phone(page)
    assert page.get_by_text("I run a student film club").first.is_visible()
    page.get_by_role("button", name="Submit application").click()

    # 5. The status on My applications.
    page.wait_for_url("**/me/applications/")
    assert_fits_phone(page)
    card = page.locator("section.application", has_text="ASEAN-Korea Youth Film Workshop")
    assert card.locator(".status").inner_text() == "Submitted"

    application = Application.objects.get(event=event, applicant__email="minh.anh@example.org")
    assert application.status == "submitted"
    document = Document.objects.get(application=application)
    assert (document.original_name, document.content_type) == ("cv.pdf", "application/pdf")


def test_conditional_question_appears_at_once_with_javascript(page, settings):
    """The progressive enhancement: a follow-up shows as soon as the earlier answer matches."""
    from allauth.account.models import EmailAddress

    from participants.enums import QuestionKind
    from tests.factories.participants import ProfileFactory, QuestionFactory

    cache.clear()
    now = timezone.now()
    event = EventFactory(
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=5),
    )
    visa = QuestionFactory(
        event=event, kind=QuestionKind.YES_NO, order=2, label="Do you need a visa?"
    )
    QuestionFactory(
        event=event,
        kind=QuestionKind.SHORT_TEXT,
        order=3,
        label="Which passport?",
        depends_on=visa,
        condition_value=True,
    )
    user = ProfileFactory().user
    user.email = "visa@example.org"
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("visa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"/events/{event.slug}/apply/profile/")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/apply/questions/")
    follow_up = page.get_by_label("Which passport?")
    assert not follow_up.is_visible()
    page.get_by_label("Yes").check()
    assert follow_up.is_visible()
    # Keyboard: the follow-up is reachable with Tab from the answer that revealed it.
    page.get_by_label("Yes").focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == follow_up.get_attribute("name"):
            break
    assert page.evaluate("document.activeElement.name") == follow_up.get_attribute("name")
    page.get_by_label("No", exact=True).check()
    assert not follow_up.is_visible()


def test_every_applicant_page_fits_a_phone_and_shows_focus(page):
    from allauth.account.models import EmailAddress

    from participants import services
    from participants.enums import ApplicationStatus
    from tests.factories.participants import ApplicationFactory, ProfileFactory

    profile = ProfileFactory(full_name="Nguyễn Thị Phương Thảo Long-Hyphenated-Name")
    user = profile.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    now = timezone.now()
    event = EventFactory(
        title="ASEAN-Korea Ministerial Youth Forum on Culture, Creativity and Exchange",
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=9),
    )
    LegFactory(event=event)
    offer = ApplicationFactory(
        applicant=user,
        status=ApplicationStatus.ACCEPTED,
        offer_expires_at=now + dt.timedelta(days=3),
    )
    minor = ApplicationFactory(
        event=event,
        status=ApplicationStatus.AWAITING_GUARDIAN_CONSENT,
        is_minor=True,
        guardian_name="Tran Thi Mai",
        guardian_email="mai@example.org",
        guardian_relation="mother",
    )
    token = services.consent_token(services.guardian_consent_request(application=minor))

    for path in (
        "/accounts/login/",
        "/accounts/password/reset/",
        f"/consent/{token}/",
        "/consent/bad-token/",
    ):
        page.goto(path)
        assert_fits_phone(page)

    log_in(page, user)
    for path in (
        "/me/applications/",
        "/me/profile/",
        "/me/data/",
        "/me/data/delete/",
        f"/me/applications/{offer.pk}/withdraw/",
        f"/events/{event.slug}/apply/profile/",
    ):
        page.goto(path)
        assert_fits_phone(page)

    # Keyboard: Tab reaches the first field of the profile form and it shows a focus outline.
    page.goto("/me/profile/")
    page.focus("#id_full_name")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.id") == "id_full_name"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_preferred_name"
    assert outline != "none"
