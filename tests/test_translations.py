"""Each app keeps its own catalogue; Django merges them, and the first app listed wins.

A string translated differently in two apps would silently show the first app's wording
on the second app's pages, so every shared string must read the same everywhere. Every
shipped language (English aside) is complete: no empty, fuzzy or placeholder-losing entry.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from participants.enums import ApplicationStatus
from programmes.enums import EventStatus, MemberRole, SessionStatus

ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<id>.*)"\nmsgstr "(?P<str>.*)"$', re.M)


SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Every app with a catalogue (a new app's catalogue is checked as soon as it exists).
APPS = sorted(path.parent.name for path in ROOT.glob("*/locale"))
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{[a-z_0-9]+\}")


def _entries(catalogue: Path) -> list[dict]:
    """The catalogue's live entries: flags, msgctxt, msgid, msgid_plural, msgstr[...]."""
    entries = []
    for block in catalogue.read_text().split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.splitlines():
            if not line.strip():
                continue
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                key, _space, value = line.partition(" ")
                value = ast.literal_eval(value)
                if key.startswith("msgstr"):
                    field = int(key[7:-1]) if "[" in key else 0
                    entry["msgstr"][field] = value
                else:
                    field = key
                    entry[key] = value
        if entry.get("msgid"):
            entries.append(entry)
    return entries


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_language_is_complete(language):
    """Django merges the apps' catalogues, so a message counts as translated when one app
    translates it (an app may leave empty a string another app translates); none may be
    fuzzy (msgfmt leaves fuzzy entries out, so the page would show English) or lose a
    placeholder."""
    messages, translated, problems = set(), set(), []
    assert {"backend", "programmes", "participants", "notifications"} <= set(APPS)
    for app in APPS:
        catalogue = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
        assert catalogue.exists(), f"{app} has no {language} catalogue (make translations)"
        assert catalogue.with_suffix(".mo").exists(), f"{app}/{language}: run make messages"
        for entry in _entries(catalogue):
            key = (entry.get("msgctxt", ""), entry["msgid"])
            messages.add(key)
            if "fuzzy" in entry["flags"]:
                problems.append(f"{app}/{language}: {entry['msgid'][:60]!r} is fuzzy")
                continue
            if not entry["msgstr"] or not all(entry["msgstr"].values()):
                continue
            wanted = set(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
            found = [set(PLACEHOLDER.findall(text)) for text in entry["msgstr"].values()]
            # A language with one plural form may word its only form without the count.
            if any(f - wanted for f in found) or (
                "msgid_plural" not in entry and found[0] != wanted
            ):
                problems.append(f"{app}/{language}: {entry['msgid'][:60]!r} changes placeholders")
                continue
            translated.add(key)
    problems += [
        f"{language}: {msgid[:60]!r} is not translated" for _c, msgid in messages - translated
    ]
    assert sorted(problems) == []


def test_the_test_sees_an_untranslated_and_a_fuzzy_entry(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Save"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Saved"\nmsgstr "Enregistré"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s jour"\n'
        'msgstr[1] ""\n"%(n)s jours"\n'
    )
    entries = {entry["msgid"]: entry for entry in _entries(catalogue)}
    assert entries["Save"]["msgstr"] == {0: ""}
    assert "fuzzy" in entries["Saved"]["flags"]
    assert entries["%(n)s day"]["msgstr"] == {0: "%(n)s jour", 1: "%(n)s jours"}


@pytest.mark.parametrize("language", SHIPPED)
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
