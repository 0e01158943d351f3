"""The API's permission class over the named rules (each app's ``rules.py``).

A view names the rule each HTTP method needs on its object::

    permission_classes = [HasRule]
    object_rules = {"GET": "attendance.view_attendance", "POST": "attendance.manage_passes"}

and calls ``self.check_object_permissions(request, obj)`` once it has the object
(``get_object`` does it for generic views). The answer is
``request.user.has_perm(rule, obj)``, the same question the pages and the templates
(``{% has_perm %}``) ask. Anonymous requests get the 401 of ``IsAuthenticated``.
"""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticated


class HasRule(IsAuthenticated):
    """Signed in, and holding the view's rule for this method on the object (else 403)."""

    def has_object_permission(self, request, view, obj) -> bool:
        rule = view.object_rules.get(request.method)
        return rule is None or request.user.has_perm(rule, obj)
