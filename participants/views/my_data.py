"""My data: the export of everything held about the person, and closing the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backend.errors import BridgesError

from .. import services
from ..accounts import account_close
from ..forms import (
    DeleteAccountForm,
    add_service_error,
)


@login_required
def my_data(request):
    return render(request, "participants/my_data.html", {})


@login_required
def my_data_export(request):
    data = services.my_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="bridges-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                account_close(user=request.user, password=form.cleaned_data["password"])
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                logout(request)
                messages.success(request, _("Your account and personal data are deleted."))
                return redirect("/")
    else:
        form = DeleteAccountForm()
    return render(request, "participants/account_delete.html", {"form": form})
