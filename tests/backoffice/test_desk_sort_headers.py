"""The applications desk's column headers sort the list: each is a link (keyboard
reachable) that keeps the filters, toggles ``?sort=`` and marks the sorted column with
``aria-sort``."""

from __future__ import annotations

import html as html_lib
import re

from django.urls import reverse

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import MembershipFactory
from tests.pages import browser


def _header(page: str, label: str) -> tuple[str, str]:
    """(aria-sort or "", link) of the column headed ``label``."""
    match = re.search(
        rf'<th scope="col"(?: aria-sort="(\w+)")?><a href="([^"]+)">{label}</a>', page
    )
    assert match, f"no sortable header {label!r}"
    return match.group(1) or "", html_lib.unescape(match.group(2))


def test_headers_toggle_the_sort_and_say_which_column_is_sorted(organisation, event):
    client = browser(MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user)
    ApplicationFactory(event=event, status=S.SUBMITTED, country="VN")
    ApplicationFactory(event=event, status=S.SUBMITTED, country="KR")
    desk = reverse("applications-desk", args=[event.slug])

    page = client.get(f"{desk}?status=submitted").content.decode()
    aria, link = _header(page, "Country")
    assert aria == "" and link == "?status=submitted&sort=country"

    page = client.get(f"{desk}{link}").content.decode()
    aria, link = _header(page, "Country")
    assert aria == "ascending" and link == "?status=submitted&sort=-country"
    rows = page[page.index("<tbody") :]
    assert rows.index("Korea") < rows.index("Viet")

    page = client.get(f"{desk}{link}").content.decode()
    aria, link = _header(page, "Country")
    assert aria == "descending" and link == "?status=submitted&sort=country"
    rows = page[page.index("<tbody") :]
    assert rows.index("Viet") < rows.index("Korea")
    assert _header(page, "Name")[0] == ""  # only the sorted column is marked
