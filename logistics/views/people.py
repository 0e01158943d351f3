"""Everyone who comes: the name list for badges (companions included) and the meal
counts per dietary need, both from ``selectors.attendees_with_companions``."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..enums import CompanionRole
from ..selectors import attendees_with_companions, meal_counts
from .common import _event_for


@login_required
def people(request, slug: str):
    """The name list (badges) and meal counts; ?format=csv for the badge printer."""
    event = _event_for(request, slug)
    rows = attendees_with_companions(event)
    roles = dict(CompanionRole.choices)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="names-{event.slug}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Name"), _("Role"), _("Accompanies")])
        for row in rows:
            writer.writerow([row.name, str(roles.get(row.role, _("Participant"))), row.accompanies])
        return response
    return render(
        request,
        "logistics/people.html",
        {"event": event, "rows": rows, "roles": roles, "meals": meal_counts(event)},
    )
