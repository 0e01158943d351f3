"""Who may read the audit log, as named rules (django-rules, built on programmes.rules).

An entry belongs to the organisation of its object (through the event where it has one):
its owners and organisers read it, reviewers and staff do not; superusers read all.
The object of ``audit.view_history`` is that organisation (an event, or its id).
Entries about looking at protected data (``sensitive``) are for superusers until an app
that owns such data (logistics, issue 19) adds its own role to ``audit.view_sensitive``.
"""

from __future__ import annotations

import rules

from programmes.rules import is_organiser

rules.add_perm("audit.view_history", rules.is_superuser | is_organiser)
rules.add_perm("audit.view_sensitive", rules.is_superuser)
