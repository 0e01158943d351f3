"""The guardian's consent page (public: the signed, expiring link is the permission)."""

from __future__ import annotations

from django.shortcuts import render

from backend.errors import BridgesError
from backend.throttling import CODES, throttle_page

from .. import selectors, services
from ..accounts import display_name
from ..forms import ConsentForm


@throttle_page(CODES)
def guardian_consent(request, token: str):
    """Public (the guardian has no account): the signed, expiring token is the permission."""
    try:
        consent = services.guardian_consent_from_token(token=token)
    except BridgesError as exc:
        return render(
            request, "participants/consent_invalid.html", {"error": exc}, status=exc.status
        )
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.guardian_consent_give(
                token=token,
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except BridgesError as exc:
            return render(
                request, "participants/consent_invalid.html", {"error": exc}, status=exc.status
            )
        return render(request, "participants/consent_given.html", {"consent": consent})
    application = consent.application
    profile = selectors.profile_of(application.applicant)
    return render(
        request,
        "participants/consent.html",
        {
            "consent": consent,
            "application": application,
            "event": application.event,
            "legs": list(application.event.legs.all()),
            "form": form,
            "applicant_name": display_name(application.applicant, profile=profile),
        },
    )
