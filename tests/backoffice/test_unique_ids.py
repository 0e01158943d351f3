"""Every back-office page of the permission matrix has unique HTML ids: a label, a
skip link or an htmx target naming an id that occurs twice reaches the wrong element."""

from __future__ import annotations

import re
from collections import Counter

from django.urls import reverse

from programmes.enums import EventStatus, MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.notifications.test_filters import _broadcast
from tests.pages import browser

from .test_permission_matrix import EVENT_PAGES, ORGANISATION_PAGES, _object_urls, _url

ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")


def duplicate_ids(html: str) -> list[str]:
    return sorted(name for name, count in Counter(ID.findall(html)).items() if count > 1)


def test_broadcasts_page_has_no_duplicate_ids(organisation):
    """The compose form and the filter of sent messages both have a segment field."""
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    event = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    _broadcast(event, "Flights")
    html = browser(owner).get(reverse("notifications:broadcasts", args=[event.pk])).content
    html = html.decode()
    assert 'id="id_segment"' in html and 'id="id_filter_segment"' in html
    assert duplicate_ids(html) == []


def test_every_back_office_page_has_unique_ids(organisation):
    owner = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    event = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    _broadcast(event, "Flights")
    urls = [_url(name, event) for name in EVENT_PAGES] + _object_urls(event)
    urls += [reverse(name, args=[organisation.slug]) for name in ORGANISATION_PAGES]
    client = browser(owner)
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        duplicates = duplicate_ids(response.content.decode())
        if duplicates:
            found[url] = duplicates
    assert found == {}
