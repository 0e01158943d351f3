"""Figures as the results pages show them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def signed(value) -> str:
    """A change with its sign (+0.42, -0.10); a dash when undefined."""
    if value is None:
        return "–"
    return f"{value:+.2f}"


@register.filter
def figure(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{int(digits)}f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def feedback_sessions(event) -> set[int]:
    """Ids of the event's sessions with an open feedback survey (one query per page)."""
    from surveys.selectors import open_feedback_session_ids

    return open_feedback_session_ids(event.pk)


@register.simple_tag
def impact_summary_published(event) -> bool:
    """Whether the event has a published impact summary (one query; the public event page
    links to it then)."""
    return event.surveys.filter(summary_published=True).exists()
