"""Who may see and change applications, forms and documents, as named rules.

Applicants see their own data only. The event's organisation (roles from
``programmes.rules``): owners and organisers manage the call and read every sent
application; reviewers read the documents of the applications assigned to them.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from programmes.models import Event
from programmes.rules import is_organiser, is_reviewer, is_visible_event
from programmes.selectors import member_organisation_ids, on_own_events

from .enums import ApplicationStatus
from .models import Application


@rules.predicate
def is_applicant(user, application) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


@rules.predicate
def may_download_document(user, document) -> bool:
    if not user or not user.is_authenticated:
        return False
    if document.owner_id == user.pk:
        return True
    if document.application_id is None:
        return False
    application = document.application
    # Drafts stay private to the applicant, documents included.
    if application.status == ApplicationStatus.DRAFT:
        return False
    if is_organiser(user, application):
        return True
    # Reviewers read only the applications assigned to them (`review_assignments` is the
    # review app's reverse relation; no import, so the dependency still points upstream).
    return (
        is_reviewer(user, application)
        and application.review_assignments.filter(reviewer_id=user.pk).exists()
    )


@rules.predicate
def may_view_photo(user, owner_id) -> bool:
    """The owner, and any member (owner, organiser, reviewer, staff) of an organisation
    running an event the owner has sent an application to, or anyone with a role on that
    event itself. Drafts do not count: the
    organisers have not been shown them."""
    if not user or not user.is_authenticated:
        return False
    if user.pk == owner_id:
        return True
    organisations = member_organisation_ids(user)
    # A role on one event only (invited to it, or a co-organiser's grant) counts for it.
    own_events = Event.objects.filter(on_own_events(user)).values("pk")
    return (
        Application.objects.filter(applicant_id=owner_id)
        .filter(Q(event__organisation_id__in=organisations) | Q(event_id__in=own_events))
        .exclude(status=ApplicationStatus.DRAFT)
        .exists()
    )


# On an event: list, read and export its applications, edit its form.
rules.add_perm("participants.manage_applications", is_organiser)
# On an application.
rules.add_perm("participants.view_application", is_applicant | is_organiser)
# On an event: build its forms (application form, follow-up form, surveys).
rules.add_perm("participants.change_form", is_organiser)
# On an event: its application questions (as public as the event).
rules.add_perm("participants.view_questions", is_visible_event)
# On a document.
rules.add_perm("participants.download_document", may_download_document)
# On a user id: that person's profile photo.
rules.add_perm("participants.view_photo", may_view_photo)
