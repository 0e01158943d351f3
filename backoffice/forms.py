"""The team page's forms; the services' errors are added beside the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.enums import MemberRole

from .services import INVITABLE_ROLES


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in INVITABLE_ROLES]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
