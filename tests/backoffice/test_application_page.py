"""An application's page on the desk shows its submitted reviews (reviewer and score)
and the messages sent to the applicant for this event."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from review.models import Review
from review.services import assignment_create
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import MembershipFactory
from tests.pages import browser


def test_application_page_shows_reviews_and_messages_sent(organisation, event):
    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    reviewer = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user
    application = ApplicationFactory(event=event, status=S.SUBMITTED)
    client = browser(organiser)
    page_url = reverse("applications-desk-application", args=[event.slug, application.pk])
    page = client.get(page_url).content.decode()
    assert "No reviews yet." in page

    assignment = assignment_create(application=application, reviewer=reviewer, by=organiser)
    Review.objects.create(
        assignment=assignment,
        application=application,
        reviewer=reviewer,
        weighted_score=4.25,
        submitted_at=timezone.now(),
    )
    bulk = reverse("applications-desk-bulk", args=[event.slug])
    form = {"applications": [application.pk], "action": "message", "confirm": "1"}
    client.post(bulk, {**form, "subject": "Your visa letter", "body": "Attached."})

    page = client.get(page_url).content.decode()
    assert f"{reviewer.email}: 4.2" in page or f"{reviewer.email}: 4.3" in page
    assert "Your visa letter" in page
