"""The organiser area's pages. Thin: check the named rule, call a selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


@login_required
def organiser_area(request: HttpRequest) -> HttpResponse:
    """My organisations and their events, with what needs attention on each."""
    if not request.user.has_perm("backoffice.view_organiser_area"):
        raise PermissionDenied
    overview = selectors.organiser_overview(request.user)
    return render(
        request,
        "backoffice/organiser_area.html",
        {"overview": overview},
    )
