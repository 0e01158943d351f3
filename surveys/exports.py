"""Anonymised responses as rows (downloaded through the export registry's
``survey-responses`` list, ``reports.exports.partners``): one row per submitted response, a respondent
number instead of a name (the same in both waves of a pair, numbered in pair-key order,
not in the order answers came in), the groups of the breakdowns with every group under
the survey's threshold written as such and, since groups that are each large enough can
still name one person together, values blanked until every combination of them is
shared by at least the threshold (k-anonymity); free text only when the wave has at
least as many respondents as the threshold, and in an anonymous survey never beside the
groups."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from .enums import Breakdown
from .models import Response, Survey
from .questions import TEXT_KINDS, items_of, survey_questions
from .results import respondent_groups, suppress


def k_anonymise(groups: dict[str, list[str]], *, k: int, blank: str) -> dict[str, list[str]]:
    """Blank breakdown values until every combination of them is shared by at least
    ``k`` respondents: each respondent in a rarer combination loses its rarest value
    (the one fewest others share), round after round. A combination of blanks only
    names no one and is left as it is."""
    groups = {key: list(values) for key, values in groups.items()}
    while True:
        combos = Counter(tuple(values) for values in groups.values())
        offenders = [
            key
            for key, values in groups.items()
            if combos[tuple(values)] < k and any(v != blank for v in values)
        ]
        if not offenders:
            return groups
        columns = [Counter(values[i] for values in groups.values()) for i in range(len(Breakdown))]
        for key in offenders:
            values = groups[key]
            rarest = min(
                (i for i, v in enumerate(values) if v != blank),
                key=lambda i: (columns[i][values[i]], i),
            )
            values[rarest] = blank


def export_rows(survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """The header and rows. An anonymous survey's free text goes in rows of its own at the
    end, with no respondent number and no groups (sorted by wave and text, so the order
    gives nobody away); an identified survey's stays on the respondent's row."""
    questions = survey_questions(survey)
    items = items_of(questions)
    texts = [q for q in questions if q.kind in TEXT_KINDS]
    responses = list(
        Response.objects.filter(wave__survey=survey, submitted_at__isnull=False)
        .order_by("pair_key", "wave__number")
        .values_list("wave__number", "pair_key", "answers")
    )
    groups = respondent_groups(survey)
    threshold = survey.min_group_size
    per_wave: dict[int, int] = {}
    for number, _key, _answers in responses:
        per_wave[number] = per_wave.get(number, 0) + 1
    keys = {key for _n, key, _a in responses}
    hidden: dict[str, set[str]] = {}
    for dimension in Breakdown:
        sizes: dict[str, int] = {}
        for key in keys:
            name = groups.get(key, {}).get(dimension, _("Not known"))
            sizes[name] = sizes.get(name, 0) + 1
        hidden[dimension] = suppress(sizes, threshold)
    small = _("Group under %(n)d") % {"n": threshold}
    shown = k_anonymise(
        {
            key: [
                small if name in hidden[dimension] else name
                for dimension in Breakdown
                for name in [groups.get(key, {}).get(dimension, _("Not known"))]
            ]
            for key in keys
        },
        k=threshold,
        blank=small,
    )
    header = [_("Respondent"), _("Wave")]
    header += [str(d.label) for d in Breakdown]
    header += [item.label for item in items]
    header += [q.label for q in texts]
    apart = survey.anonymous
    numbers: dict[str, int] = {}
    rows = []
    text_rows = []
    for number, key, answers in responses:
        respondent = numbers.setdefault(key, len(numbers) + 1)
        row: list[Any] = [respondent, number, *shown[key]]
        row += [item.value(answers) for item in items]
        show_text = per_wave.get(number, 0) >= threshold
        said = [(answers.get(str(q.pk)) or "") if show_text else "" for q in texts]
        if apart:
            row += [""] * len(texts)
            if any(said):
                text_rows.append(["", number, *[""] * (len(Breakdown) + len(items)), *said])
        else:
            row += said
        rows.append(row)
    text_rows.sort(key=lambda row: (row[1], [str(v) for v in row]))
    return header, rows + text_rows
