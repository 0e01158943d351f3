"""Who may see and change applications, forms and documents.

Applicants see their own data only. The event's organisation: owners and organisers
manage the call and read every sent application; reviewers read the documents of the
applications assigned to them.
"""

from __future__ import annotations

from programmes.models import Event
from programmes.permissions import (
    can_manage_event,
    can_review,
    can_view_event,
    member_organisation_ids,
)

from .enums import ApplicationStatus
from .models import Application, Document


def is_applicant(user, application: Application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


def can_manage_applications(user, event: Event) -> bool:
    """List, read, export an event's applications and edit its form."""
    return can_manage_event(user, event)


def can_view_application(user, application: Application) -> bool:
    return is_applicant(user, application) or can_manage_applications(user, application.event)


def can_read_questions(user, event: Event) -> bool:
    return can_view_event(user, event)


def can_download_document(user, document: Document) -> bool:
    if not user or not user.is_authenticated:
        return False
    if document.owner_id == user.pk:
        return True
    if document.application_id is None:
        return False
    application = document.application
    # Drafts stay private to the applicant, documents included.
    if application.status == "draft":
        return False
    if can_manage_applications(user, application.event):
        return True
    # Reviewers read only the applications assigned to them (`review_assignments` is the
    # review app's reverse relation; no import, so the dependency still points upstream).
    return (
        can_review(user, application.event)
        and application.review_assignments.filter(reviewer_id=user.pk).exists()
    )


def can_view_photo(user, owner_id: int) -> bool:
    """The owner, and any member (owner, organiser, reviewer, staff) of an organisation
    running an event the owner has sent an application to. Drafts do not count: the
    organisers have not been shown them."""
    if not user or not user.is_authenticated:
        return False
    if user.pk == owner_id:
        return True
    organisations = member_organisation_ids(user)
    if not organisations:
        return False
    return (
        Application.objects.filter(applicant_id=owner_id, event__organisation_id__in=organisations)
        .exclude(status=ApplicationStatus.DRAFT)
        .exists()
    )
