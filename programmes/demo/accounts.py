"""The demo organisations and the demo users (with verified addresses)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ..enums import (
    MemberRole,
    OrganisationKind,
)
from ..models import (
    Membership,
    Organisation,
)
from .base import (
    DEMO_NAMES,
    DEMO_PASSWORD,
    DEMO_USERS,
    Demo,
)


def load_organisations(demo: Demo) -> None:
    rows = [
        ("akc", "ASEAN-Korea Centre", "KR", OrganisationKind.CENTRE, "https://www.aseankorea.org"),
        (
            "asef",
            "Asia-Europe Foundation (ASEF)",
            "SG",
            OrganisationKind.FOUNDATION,
            "https://asef.org",
        ),
        (
            "mocbg",
            "Ministry of Culture of the Republic of Bulgaria",
            "BG",
            OrganisationKind.MINISTRY,
            "https://mc.government.bg",
        ),
        (
            "unesco-bangkok",
            "UNESCO Asia and Pacific Regional Bureau for Education (UNESCO Bangkok)",
            "TH",
            OrganisationKind.UN_OFFICE,
            "https://www.unesco.org/en/fieldoffice/bangkok",
        ),
        (
            "ifacca",
            "International Federation of Arts Councils and Culture Agencies (IFACCA)",
            "AU",
            OrganisationKind.NGO,
            "https://ifacca.org",
        ),
        ("wcif", "World Cultural Industry Forum (WCIF)", "KR", OrganisationKind.OTHER, ""),
    ]
    for slug, name, country, kind, website in rows:
        demo.organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "country": country, "kind": kind, "website": website}
        )


def load_users(demo: Demo) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    for key, label, email, role, org_key, is_staff, is_superuser in DEMO_USERS:
        username = email.split("@")[0]
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.is_staff = is_staff
        user.is_superuser = is_superuser
        user.first_name, user.last_name = DEMO_NAMES.get(key, (key.capitalize(), "Demo"))
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        # Sign-in is by verified email address (allauth); the demo addresses are verified.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            Membership.objects.update_or_create(
                organisation=demo.organisations[org_key], user=user, defaults={"role": role}
            )
        demo.users[key] = user
        demo.logins.append((label, email, DEMO_PASSWORD))
    # The owner also owns the other demo organisations, so the admin shows all demo data.
    for slug, organisation in demo.organisations.items():
        if slug != "akc":
            Membership.objects.update_or_create(
                organisation=organisation,
                user=demo.users["owner"],
                defaults={"role": MemberRole.OWNER},
            )
