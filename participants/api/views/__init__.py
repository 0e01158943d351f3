"""Applications API: parse, check permission, call a service, render. One module per
kind of endpoint:

- ``me``: the signed-in person's profile, photo, data export, account deletion, applications
- ``applications``: the applicant's draft, reading and editing it, submit, withdraw,
  confirm, decline, a fresh consent link
- ``consent``: the organisers correcting a guardian; the guardian's public consent page
- ``documents``: an application's documents (upload, permission-checked download, delete)
- ``organisers``: an event's applications, filtered, and their CSV and XLSX exports
- ``questions``: the event's application form and its call settings
- ``common``: the documented error responses, the look-ups of rows the user may see,
  rendering an application for the applicant or the organisers

Applicants only ever reach their own rows (other people's are a 404, not a 403, so
ids can't be probed). Organiser endpoints answer 404 for events the user can't see
and 403 for visible events they don't manage. ``urls.py`` names the views below.
"""

from .applications import (
    ApplicationConfirmView,
    ApplicationDeclineView,
    ApplicationDetailView,
    ApplicationSubmitView,
    ApplicationWithdrawView,
    DraftSaveView,
    EventMyApplicationView,
    GuardianConsentResendView,
)
from .consent import ApplicationGuardianView, ConsentView
from .documents import ApplicationDocumentsView, DocumentDetailView, DocumentDownloadView
from .me import MeExportView, MeProfilePhotoView, MeProfileView, MeView, MyApplicationsView
from .organisers import EventApplicationsCSVView, EventApplicationsView, EventApplicationsXLSXView
from .questions import CallSettingsView, QuestionDetailView, QuestionListView

__all__ = [
    "ApplicationConfirmView",
    "ApplicationDeclineView",
    "ApplicationDetailView",
    "ApplicationDocumentsView",
    "ApplicationGuardianView",
    "ApplicationSubmitView",
    "ApplicationWithdrawView",
    "CallSettingsView",
    "ConsentView",
    "DocumentDetailView",
    "DocumentDownloadView",
    "DraftSaveView",
    "EventApplicationsCSVView",
    "EventApplicationsView",
    "EventApplicationsXLSXView",
    "EventMyApplicationView",
    "GuardianConsentResendView",
    "MeExportView",
    "MeProfilePhotoView",
    "MeProfileView",
    "MeView",
    "MyApplicationsView",
    "QuestionDetailView",
    "QuestionListView",
]
