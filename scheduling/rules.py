"""Who may schedule, as a named rule: the event's owners and organisers."""

from __future__ import annotations

import rules

from programmes.rules import is_organiser

# On an event: session requests, availability, solver runs, proposals, teams.
rules.add_perm("scheduling.change_schedule", is_organiser)
