"""Write backend/locale_countries/th/LC_MESSAGES/django.po: country names in Thai.

django-countries ships a Thai catalogue (th_TH) whose names are the English ones, so Thai
pages named countries in English. Debian's iso-codes package has the ISO 3166-1 names in
Thai; this maps each of django-countries' English names (its msgids) to them by country
code, with a few shorter usual names for the region. Run it again (with iso-codes
installed) after a django-countries upgrade adds names:

    .venv/bin/python scripts/thai_country_names.py && make messages
"""

from __future__ import annotations

import gettext
import json
import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")
# Usual short names where ISO's Thai is the long official one.
USUAL = {"LA": "ลาว", "BN": "บรูไน", "TW": "ไต้หวัน", "KP": "เกาหลีเหนือ", "KR": "เกาหลีใต้"}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    django.setup()
    from django.utils import translation
    from django_countries import countries

    thai = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["th"])
    iso = {row["alpha_2"]: row for row in json.loads(ISO.read_text())["3166-1"]}
    entries = []
    with translation.override("en"):
        for code, name in countries:
            row = iso.get(code)
            if code in USUAL:
                entries.append((str(name), USUAL[code]))
            elif row is not None:
                common = row.get("common_name")
                translated = thai.gettext(common) if common else common
                if not common or translated == common:
                    translated = thai.gettext(row["name"])
                if translated != row["name"]:
                    entries.append((str(name), translated))
    out = ROOT / "backend/locale_countries/th/LC_MESSAGES/django.po"
    lines = [
        "# Country names in Thai (scripts/thai_country_names.py, from Debian's iso-codes).",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: th\\n"',
        '"Plural-Forms: nplurals=1; plural=0;\\n"',
        "",
    ]
    for msgid, msgstr in sorted(set(entries)):
        quote = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')  # noqa: E731
        lines += [f'msgid "{quote(msgid)}"', f'msgstr "{quote(msgstr)}"', ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(entries)} names -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
