"""Template tags for pages of other apps that show delegations' things (the public event
page's outcome documents), so those apps' views need not know about delegations."""

from __future__ import annotations

from django import template

from ..selectors import public_outcome_documents

register = template.Library()


@register.simple_tag
def outcome_documents(event) -> list:
    return public_outcome_documents(event)
