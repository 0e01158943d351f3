"""The person's profile page and profile photo (upload, removal, who may see it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.errors import BridgesError
from backend.files import private_file_response

from .. import selectors, services
from ..accounts import remember_time_zone
from ..documents import photo_max_mb
from ..forms import (
    ProfileForm,
    add_service_error,
)


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return None


def _profile_page(request, form, current, *, photo_error: str | None = None, status: int = 200):
    return render(
        request,
        "participants/profile.html",
        {
            "form": form,
            "missing": services.profile_missing_fields(current),
            "next": _safe_next(request),
            "photo_url": current.photo_url,
            "photo_error": photo_error,
            "photo_max_mb": photo_max_mb(),
        },
        status=status,
    )


@login_required
@require_POST
def profile_photo_edit(request):
    """Upload (field "photo") or remove ("remove") the profile photo; errors beside the field."""
    try:
        if request.POST.get("remove"):
            services.profile_photo_delete(user=request.user)
            messages.success(request, _("Your photo is removed."))
        else:
            services.profile_photo_set(user=request.user, uploaded=request.FILES.get("photo"))
            messages.success(request, _("Your photo is saved."))
    except BridgesError as exc:
        current = services.profile_for(request.user)
        return _profile_page(
            request, ProfileForm(profile=current), current, photo_error=exc.message, status=400
        )
    return redirect(reverse("my-profile"))


def profile_photo(request, user_id: int):
    """The photo, to its owner and to members of organisations whose events the owner
    applied to; everyone else gets the same 404 as for a photo that does not exist."""
    if not request.user.has_perm("participants.view_photo", user_id):
        raise Http404
    profile = selectors.profile_of(user_id)
    if profile is None or not profile.photo_storage_name:
        raise Http404
    return private_file_response(
        profile.photo_storage_name,
        content_type=profile.photo_content_type,
        filename="photo",
        cache_control="private, max-age=3600",
    )


@login_required
def profile(request):
    current = services.profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, profile=current)
        if form.is_valid():
            try:
                saved = services.profile_update(user=request.user, data=form.service_data())
            except BridgesError as exc:
                add_service_error(form, exc)
            else:
                remember_time_zone(request, request.user, saved)
                messages.success(request, _("Your profile is saved."))
                return redirect(_safe_next(request) or reverse("my-profile"))
    else:
        form = ProfileForm(profile=current)
    return _profile_page(request, form, current)
