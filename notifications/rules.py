"""Who may manage an event's messages, as a named rule: its owners and organisers."""

from __future__ import annotations

import rules

from programmes.rules import is_organiser

# On an event: template overrides, failed deliveries, broadcasts.
rules.add_perm("notifications.manage_messages", is_organiser)
