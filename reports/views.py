"""The dashboards and the export pages. Thin: the named rule, the selector, the template.

Pages answer 404 to anyone without the rule (as the other back-office pages do), so an
event's existence is not confirmed to outsiders.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from programmes.models import Event, Programme

from .dashboard import event_charts, programme_charts
from .selectors import cached_event_stats, programme_stats


def _event_for(request: HttpRequest, slug: str, rule: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation", "programme"), slug=slug)
    if not request.user.has_perm(rule, event):
        raise Http404
    return event


@login_required
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, "reports.view_dashboard")
    stats = cached_event_stats(event, translation.get_language())
    context = {"event": event, "stats": stats, "charts": event_charts(stats)}
    return render(request, "reports/event_dashboard.html", context)


@login_required
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("reports.view_dashboard", programme):
        raise Http404
    stats = programme_stats(programme)
    context = {"programme": programme, "stats": stats, "charts": programme_charts(stats)}
    return render(request, "reports/programme_dashboard.html", context)
