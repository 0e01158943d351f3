"""Who may do what with delegations (named rules, built on programmes' role predicates).

A focal point sees and changes only the delegations of the partners they are focal point
of; organisers of the event's organisation manage all of them. Objects: an event
(``manage_delegations``), a delegation (``EventPartner``) or anything with
``.delegation`` (a nominee, an extra-seat request), a meeting document or one of its
versions, a bilateral.
"""

from __future__ import annotations

import rules

from programmes.rules import is_organiser

from .models import Bilateral, DocumentVersion, EventPartner, Nominee


def _delegation(obj) -> EventPartner | None:
    if isinstance(obj, EventPartner):
        return obj
    return getattr(obj, "delegation", None)


def speaks_for(user, delegation: EventPartner | None) -> bool:
    """The user is a focal point of the delegation's partner."""
    if delegation is None or not user or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_bridges_focal_points", {})
    if delegation.partner_id not in cache:
        cache[delegation.partner_id] = delegation.partner.focal_points.filter(pk=user.pk).exists()
    return cache[delegation.partner_id]


@rules.predicate
def is_focal_point(user, obj) -> bool:
    return speaks_for(user, _delegation(obj))


@rules.predicate
def is_counterpart_focal_point(user, obj) -> bool:
    return isinstance(obj, Bilateral) and speaks_for(user, obj.counterpart)


@rules.predicate
def is_requester_focal_point(user, obj) -> bool:
    return isinstance(obj, Bilateral) and speaks_for(user, obj.requester)


@rules.predicate
def is_the_nominee(user, obj) -> bool:
    return (
        isinstance(obj, Nominee)
        and bool(user and user.is_authenticated)
        and obj.user_id is not None
        and obj.user_id == user.pk
    )


@rules.predicate
def may_read_document(user, obj) -> bool:
    from .services.documents import document_visible_to

    document = obj.document if isinstance(obj, DocumentVersion) else obj
    return document_visible_to(user, document)


rules.add_perm("delegations.manage_delegations", is_organiser)
# A partner of the directory (its focal points): the organisers of its organisation.
rules.add_perm("delegations.manage_partner", is_organiser)
rules.add_perm("delegations.view_delegation", is_organiser | is_focal_point)
rules.add_perm("delegations.change_delegation", is_organiser | is_focal_point)
rules.add_perm("delegations.decide_nominees", is_organiser)
# A nominee's photo: the delegation's focal points, the organisers and the nominee.
rules.add_perm("delegations.view_nominee_photo", is_organiser | is_focal_point | is_the_nominee)
rules.add_perm("delegations.change_nominee_photo", is_organiser | is_focal_point | is_the_nominee)
rules.add_perm("delegations.view_document", may_read_document)
rules.add_perm("delegations.answer_bilateral", is_organiser | is_counterpart_focal_point)
rules.add_perm(
    "delegations.view_bilateral",
    is_organiser | is_counterpart_focal_point | is_requester_focal_point,
)
