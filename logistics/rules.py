"""Who may see and change travel data (django-rules; role predicates in programmes.rules).

Organisers manage travel (visa tables, flights, pickups, letters); passport data is for
organisers who also hold the logistics role (``LogisticsAccess``), and for the person
themselves.
"""

from __future__ import annotations

import rules

from programmes.rules import _organisation_id, is_organiser


def logistics_organisation_ids(user) -> set[int]:
    """Organisations where ``user`` holds the logistics role, read once per request."""
    if not user or not user.is_authenticated:
        return set()
    cache = getattr(user, "_bridges_logistics", None)
    if cache is None:
        cache = set(user.logistics_access.values_list("organisation_id", flat=True))
        user._bridges_logistics = cache
    return cache


@rules.predicate
def has_logistics_role(user, obj) -> bool:
    """An organiser of the event's organisation with the logistics role."""
    return _organisation_id(obj) in logistics_organisation_ids(user)


@rules.predicate
def is_own_application(user, application) -> bool:
    return application is not None and application.applicant_id == getattr(user, "pk", None)


# On an event (or anything with .event).
rules.add_perm("logistics.manage_travel", is_organiser)
rules.add_perm("logistics.view_passports", is_organiser & has_logistics_role)
# Grants and claims through the API: organisers with the logistics role.
rules.add_perm("logistics.manage_grants", is_organiser & has_logistics_role)
# On an application: the person themselves, or the event's organisers.
rules.add_perm("logistics.view_own_travel", is_own_application | is_organiser)
# Passport data of one application: the person, or a logistics organiser.
rules.add_perm("logistics.view_passport", is_own_application | (is_organiser & has_logistics_role))
