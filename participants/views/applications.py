"""My applications, and the applicant's own actions on one: withdraw, confirm or decline
an offer, resend the guardian's consent link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.pages import errors_as_messages

from .. import selectors, services
from ..enums import (
    WITHDRAWABLE_STATUSES,
    ApplicationStatus,
)
from ..models import Application

S = ApplicationStatus


@login_required
def my_applications(request):
    now = timezone.now()
    applications = list(selectors.my_applications(request.user, now))
    profile = services.profile_for(request.user)
    for application in applications:
        application.can_resend_consent = services.consent_resend_allowed(
            application, pending_until=application.consent_link_expires_at, now=now
        )
        # A draft that could not be submitted says why, and is not offered to continue.
        application.problems = (
            [
                message
                for messages_ in services.application_draft_problems(
                    event=application.event, profile=profile, now=now
                ).values()
                for message in messages_
            ]
            if application.status == S.DRAFT
            else []
        )
    return render(
        request,
        "participants/my_applications.html",
        {
            "applications": applications,
            "withdrawable": WITHDRAWABLE_STATUSES,
            "S": S,
            "now": now,
        },
    )


def _own_application(request, pk: int) -> Application:
    # Someone else's application is "not found", never "forbidden": ids are not disclosed.
    return get_object_or_404(
        Application.objects.select_related("event"), pk=pk, applicant=request.user
    )


@login_required
def application_withdraw(request, pk: int):
    application = _own_application(request, pk)
    if request.method == "POST":
        with errors_as_messages(request):
            services.application_withdraw(application=application, by=request.user)
            messages.success(
                request,
                _("Your application to %(event)s is withdrawn.")
                % {"event": application.event.title},
            )
        return redirect("my-applications")
    if application.status not in WITHDRAWABLE_STATUSES:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("my-applications")
    return render(request, "participants/withdraw_confirm.html", {"application": application})


@login_required
@require_POST
def application_confirm(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        services.application_confirm(application=application, by=request.user)
        messages.success(
            request,
            _("You have confirmed your place at %(event)s.") % {"event": application.event.title},
        )
    return redirect("my-applications")


@login_required
@require_POST
def application_decline(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        services.application_decline(application=application, by=request.user)
        messages.success(
            request,
            _("You have declined the offer from %(event)s.") % {"event": application.event.title},
        )
    return redirect("my-applications")


@login_required
@require_POST
def application_resend_consent(request, pk: int):
    application = _own_application(request, pk)
    with errors_as_messages(request):
        consent = services.guardian_consent_resend(application=application, by=request.user)
        messages.success(
            request,
            _("We have sent a new consent link to %(email)s.") % {"email": consent.guardian_email},
        )
    return redirect("my-applications")
