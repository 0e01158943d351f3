"""Each app keeps its own catalogue; Django merges them, and the first app listed wins.

A string translated differently in two apps would silently show the first app's wording
on the second app's pages, so every shared string must read the same everywhere.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.utils import translation

from participants.enums import ApplicationStatus
from programmes.enums import EventStatus, MemberRole, SessionStatus

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<id>.*)"\nmsgstr "(?P<str>.*)"$', re.M)


@pytest.mark.parametrize("language", ["ko", "vi"])
def test_shared_strings_are_translated_alike_in_every_app(language):
    seen: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    catalogues = sorted(ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 6
    for catalogue in catalogues:
        for entry in ENTRY.finditer(catalogue.read_text()):
            if entry["id"] and entry["str"]:
                seen[(entry["ctx"] or "", entry["id"])][catalogue.parts[-5]] = entry["str"]
    conflicts = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert conflicts == {}


@pytest.mark.parametrize(
    ("context", "msgid", "korean", "plain_korean"),
    [
        ("scheduling proposal", "Accept", "수락", "선발"),
        ("scheduling proposal", "Accepted", "수락됨", "선발됨"),
        ("membership role", "Organiser", "주최 담당자", "주최"),
        ("session status", "Confirmed", "확정", "참가 확정"),
        ("application status", "Draft", "임시 저장", "초안"),
        ("application window", "Applications", "신청", "지원서"),
        ("time range", "from", "부터", "이전"),
        ("email recipient", "to", "받는 사람", "이후"),
        ("file format", "type", "형식", "유형"),
    ],
)
def test_words_with_another_meaning_keep_their_own_wording(context, msgid, korean, plain_korean):
    """Merged catalogues: the context keeps each meaning apart whichever app is listed first."""
    with translation.override("ko"):
        assert translation.pgettext(context, msgid) == korean
        assert translation.gettext(msgid) == plain_korean


def test_enum_labels_use_their_context():
    with translation.override("ko"):
        assert str(MemberRole.ORGANISER.label) == "주최 담당자"
        assert str(SessionStatus.CONFIRMED.label) == "확정"
        assert str(ApplicationStatus.CONFIRMED.label) == "참가 확정"
        assert str(ApplicationStatus.DRAFT.label) == "임시 저장"
        assert str(EventStatus.DRAFT.label) == "초안"
