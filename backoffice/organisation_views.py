"""An organisation's settings page: its logo, drawn on its letters. Seen and changed by its
owners and organisers (``programmes.change_organisation``); anyone else gets a 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.errors import BridgesError

from .organisation_logo import LOGO_MAX_BYTES, logo_set
from .views import _failed, _team_organisation


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        help_text=gettext_lazy("A PNG or JPEG image of at most %(mb)s MB.")
        % {"mb": LOGO_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )


@login_required
def organisation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _team_organisation(request, slug)
    form, status = LogoForm(), 200
    if request.method == "POST":
        form, status = LogoForm(request.POST, request.FILES), 400
        if form.is_valid():
            try:
                logo_set(
                    organisation=organisation, uploaded=form.cleaned_data["logo"], by=request.user
                )
            except BridgesError as exc:
                status = _failed(form, exc)
            else:
                messages.success(request, _("The logo was saved."))
                return redirect("backoffice:organisation-settings", slug=organisation.slug)
    context = {"organisation": organisation, "form": form}
    return render(request, "backoffice/organisation_settings.html", context, status=status)
