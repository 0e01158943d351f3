"""One person per role around an organisation, for the named-rule tests (tests/*/test_rules.py)."""

from django.contrib.auth.models import AnonymousUser

from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory, UserFactory

# Roles in the organisation of the object under test, and the people outside it.
ROLES = ["anonymous", "applicant", "other_organiser", "staff", "reviewer", "organiser", "owner"]


def people(organisation) -> dict:
    """``{role: user}`` for ROLES; ``other_organiser`` organises another organisation."""
    found = {"anonymous": AnonymousUser(), "applicant": UserFactory()}
    found["other_organiser"] = MembershipFactory(role=MemberRole.ORGANISER).user
    for role in ("staff", "reviewer", "organiser", "owner"):
        found[role] = MembershipFactory(organisation=organisation, role=role).user
    return found


def holders(perm: str, who: dict, obj) -> set[str]:
    """The roles in ``who`` that hold ``perm`` on ``obj`` (through ``user.has_perm``)."""
    return {role for role, user in who.items() if user.has_perm(perm, obj)}
