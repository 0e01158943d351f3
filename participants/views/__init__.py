"""Applicant pages, one module per job:

- ``profile``: the profile page and the profile photo (upload, removal, who may see it)
- ``apply``: the apply pages' entry points (resume where the applicant is; one step by name)
- ``apply_flow``: the steps' plan shared by every step (steps, URLs, numbering, errors
  kept between steps, the draft save)
- ``apply_steps``: one handler per step (about you, questions, guardian, documents, review)
- ``applications``: My applications; withdraw, confirm or decline an offer, resend consent
- ``consent``: the guardian's consent page (public; the signed link is the permission)
- ``my_data``: the export of a person's data, and closing the account

Views parse the request, call a service, and render. A service's BridgesError is shown
beside the field it names; nothing here decides a business rule. participants/urls.py
imports the names below.
"""

from .applications import (
    application_confirm,
    application_decline,
    application_resend_consent,
    application_withdraw,
    my_applications,
)
from .apply import apply, apply_step
from .consent import guardian_consent
from .my_data import account_delete, my_data, my_data_export
from .profile import profile, profile_photo, profile_photo_edit

__all__ = [
    "account_delete",
    "application_confirm",
    "application_decline",
    "application_resend_consent",
    "application_withdraw",
    "apply",
    "apply_step",
    "guardian_consent",
    "my_applications",
    "my_data",
    "my_data_export",
    "profile",
    "profile_photo",
    "profile_photo_edit",
]
