"""A survey's results: per item and wave, the before/after pairs, the breakdowns with
small-cell suppression, and the free-text answers. One function computes them
(``survey_results``) and keeps them in the cache until a submission bumps the survey's
version; the page, the PDF report, the public summary, the exports and the API all read
them from here.

Suppression, the one rule for every output: a group with fewer respondents than the
survey's threshold (5 by default, never under 3) shows no figure at all, only that it
is too small. When exactly one group of a breakdown is hidden, the next smallest is
hidden too, or the hidden one could be worked out from the total. Free text is listed
without names, in alphabetical order (not in the order it came in), and only when the
wave has at least as many respondents as the threshold; never per group.

Breakdowns of an anonymous survey need each respondent's group: they are worked out
here, in memory, by recomputing the pair key of each invited person; nothing links a
stored response to a person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.utils.translation import gettext as _
from django_countries import countries

from participants.enums import Gender, QuestionKind
from scheduling.models import TeamMember

from . import caching, stats
from .enums import Breakdown, WaveNumber
from .models import Invitation, Response, Survey
from .pairing import pair_key
from .questions import CHOICE_KINDS, TEXT_KINDS, Item, items_of, survey_questions


@dataclass
class WaveFigures:
    number: int
    n: int
    distribution: list[int]
    summary: stats.Summary
    nps: float | None = None

    @property
    def percents(self) -> list[float]:
        total = sum(self.distribution)
        return [100 * c / total if total else 0.0 for c in self.distribution]


@dataclass
class ItemResult:
    item: Item
    waves: list[WaveFigures]
    paired: stats.PairedResult | None = None
    # The paired people's own means before and after (what the change is the change of).
    pair_means: tuple[float | None, float | None] = (None, None)


@dataclass
class ChoiceResult:
    label: str
    options: list[tuple[str, int]]
    n: int


@dataclass
class GroupFigures:
    label: str
    n: int
    suppressed: bool
    # Item key -> the group's mean (one wave) or mean change (a pair); None when hidden.
    values: dict[str, float | None] = field(default_factory=dict)


@dataclass
class BreakdownResult:
    dimension: str
    label: str
    groups: list[GroupFigures]


@dataclass
class TextAnswers:
    label: str
    answers: list[str]
    suppressed: bool


@dataclass
class Results:
    survey_id: int
    is_pair: bool
    threshold: int
    invited: int
    respondents: dict[int, int]
    n_pairs: int
    only_first: int
    only_second: int
    items: list[ItemResult]
    choices: list[ChoiceResult]
    breakdowns: list[BreakdownResult]
    texts: list[TextAnswers]

    @property
    def response_rates(self) -> dict[int, float]:
        return {
            number: (100 * n / self.invited if self.invited else 0.0)
            for number, n in self.respondents.items()
        }


def _submitted(survey: Survey) -> dict[int, dict[str, dict]]:
    """{wave number: {pair key: answers}} of the submitted responses."""
    by_wave: dict[int, dict[str, dict]] = defaultdict(dict)
    rows = Response.objects.filter(wave__survey=survey, submitted_at__isnull=False).values_list(
        "wave__number", "pair_key", "answers"
    )
    for number, key, answers in rows.iterator(chunk_size=2000):
        by_wave[number][key] = answers
    return by_wave


def _kind_of_participant(age: int | None) -> str:
    if age is None:
        return _("Not known")
    if age < 18:
        return _("Under 18")
    if age <= 30:
        return _("Youth (18-30)")
    return _("Over 30")


def respondent_groups(survey: Survey) -> dict[str, dict[str, str]]:
    """{pair key: {breakdown: group label}} for everyone invited (two queries); each
    label is translated once, not once per person."""
    teams = dict(
        TeamMember.objects.filter(event_id=survey.event_id).values_list("user_id", "team__name")
    )
    genders = {value: str(label) for value, label in Gender.choices}
    unknown, no_team = _("Not known"), _("No team")
    kinds = {band: _kind_of_participant(age) for band, age in (("m", 17), ("y", 18), ("o", 31))}
    country_names: dict[str, str] = {}
    start = survey.event.start_date
    groups = {}
    rows = Invitation.objects.filter(survey=survey).values_list(
        "application_id",
        "application__applicant_id",
        "application__country",
        "application__gender",
        "application__date_of_birth",
    )
    for application_id, user_id, country, gender, born in rows:
        kind = unknown
        if born:
            age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
            kind = kinds["m" if age < 18 else "y" if age <= 30 else "o"]
        if country and country not in country_names:
            country_names[country] = str(countries.name(country))
        groups[pair_key(survey_id=survey.pk, application_id=application_id)] = {
            Breakdown.COUNTRY: country_names.get(country, unknown),
            Breakdown.GENDER: genders.get(gender, unknown),
            Breakdown.TEAM: teams.get(user_id) or no_team,
            Breakdown.KIND: kind,
        }
    return groups


def suppress(sizes: dict[str, int], threshold: int) -> set[str]:
    """The groups to hide: those under the threshold, and the next smallest when only
    one is (else total minus the others gives it away)."""
    hidden = {name for name, n in sizes.items() if n < threshold}
    shown = sorted((n, name) for name, n in sizes.items() if name not in hidden)
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][1])
    return hidden


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


# {item key: {wave number: {pair key: value}}}: every answer read once.
Values = dict[str, dict[int, dict[str, float]]]


def _values(items: list[Item], by_wave: dict[int, dict[str, dict]]) -> Values:
    """Each item's numbers, read in one pass over each response (Item.value's rule,
    inlined: this loop runs once per answer of a large survey)."""
    out: Values = {item.key: {} for item in items}
    plan = [
        (item.key, str(item.question_id), None if item.row is None else str(item.row))
        for item in items
    ]
    numeric = (int, float)
    for number, answers_by_key in by_wave.items():
        columns = {key: {} for key, _q, _r in plan}
        for pair, answers in answers_by_key.items():
            for key, question, row in plan:
                raw = answers.get(question)
                if row is not None:
                    raw = raw.get(row) if type(raw) is dict else None
                if type(raw) in numeric:
                    columns[key][pair] = raw
        for key, column in columns.items():
            out[key][number] = column
    return out


def _item_result(item: Item, values: dict[int, dict[str, float]], numbers: list[int]) -> ItemResult:
    waves = []
    for number in numbers:
        answered = list(values.get(number, {}).values())
        figures = WaveFigures(
            number=number,
            n=len(answered),
            distribution=stats.distribution(answered, item.points),
            summary=stats.summarise(answered),
        )
        if item.kind == QuestionKind.NPS:
            figures.nps = stats.net_promoter_score(answered)
        waves.append(figures)
    result = ItemResult(item=item, waves=waves)
    if len(numbers) == 2:
        before, after = values.get(numbers[0], {}), values.get(numbers[1], {})
        keys = sorted(before.keys() & after.keys())
        firsts, seconds = [before[k] for k in keys], [after[k] for k in keys]
        result.paired = stats.paired(firsts, seconds)
        result.pair_means = (_mean(firsts), _mean(seconds))
    return result


def _breakdowns(
    items: list[Item],
    values: Values,
    by_wave: dict[int, dict[str, dict]],
    groups: dict[str, dict[str, str]],
    *,
    is_pair: bool,
    threshold: int,
) -> list[BreakdownResult]:
    first, second = by_wave.get(WaveNumber.FIRST, {}), by_wave.get(WaveNumber.SECOND, {})
    members = sorted(first.keys() & second.keys()) if is_pair else sorted(first)
    # One row per member for each item (NaN: not answered), so a group's mean is one
    # numpy call over its rows.
    columns = {}
    for item in items:
        before = values[item.key].get(WaveNumber.FIRST, {})
        column = np.array([before.get(k, np.nan) for k in members], dtype=float)
        if is_pair:
            after = values[item.key].get(WaveNumber.SECOND, {})
            column = np.array([after.get(k, np.nan) for k in members], dtype=float) - column
        columns[item.key] = column
    unknown = _("Not known")
    results = []
    for dimension in Breakdown:
        by_group: dict[str, list[int]] = defaultdict(list)
        for row, key in enumerate(members):
            by_group[groups.get(key, {}).get(dimension, unknown)].append(row)
        hidden = suppress({name: len(rows) for name, rows in by_group.items()}, threshold)
        figures = []
        for name in sorted(by_group):
            rows = np.array(by_group[name])
            group = GroupFigures(label=name, n=len(rows), suppressed=name in hidden)
            if not group.suppressed:
                for item in items:
                    answered = columns[item.key][rows]
                    answered = answered[~np.isnan(answered)]
                    group.values[item.key] = float(answered.mean()) if answered.size else None
            figures.append(group)
        results.append(BreakdownResult(dimension.value, str(dimension.label), figures))
    return results


def compute_results(survey: Survey) -> Results:
    """Everything from the stored rows (four queries); no cache."""
    questions = survey_questions(survey)
    items = items_of(questions)
    by_wave = _submitted(survey)
    numbers = [w.number for w in survey.waves.all()] or [WaveNumber.FIRST]
    is_pair = len(numbers) == 2
    threshold = survey.min_group_size
    groups = respondent_groups(survey)
    values = _values(items, by_wave)
    first_keys = set(by_wave.get(WaveNumber.FIRST, {}))
    second_keys = set(by_wave.get(WaveNumber.SECOND, {}))
    last = by_wave.get(numbers[-1], {})
    choices = []
    texts = []
    for question in questions:
        if question.kind in CHOICE_KINDS:
            counts: dict[str, int] = defaultdict(int)
            answered = 0
            for answers in last.values():
                value = answers.get(str(question.pk))
                if value is None:
                    continue
                answered += 1
                for chosen in value if isinstance(value, list) else [value]:
                    counts[str(chosen)] += 1
            options = (
                [(_("Yes"), counts["True"]), (_("No"), counts["False"])]
                if question.kind == QuestionKind.YES_NO
                else [(str(c), counts[str(c)]) for c in question.choices]
            )
            choices.append(ChoiceResult(question.label, options, answered))
        elif question.kind in TEXT_KINDS:
            written = sorted(
                text
                for answers in last.values()
                if isinstance(text := answers.get(str(question.pk)), str) and text.strip()
            )
            small = len(last) < threshold
            texts.append(TextAnswers(question.label, [] if small else written, small))
    return Results(
        survey_id=survey.pk,
        is_pair=is_pair,
        threshold=threshold,
        invited=len(groups),
        respondents={number: len(by_wave.get(number, {})) for number in numbers},
        n_pairs=len(first_keys & second_keys) if is_pair else 0,
        only_first=len(first_keys - second_keys) if is_pair else 0,
        only_second=len(second_keys - first_keys) if is_pair else 0,
        items=[_item_result(item, values[item.key], numbers) for item in items],
        choices=choices,
        breakdowns=_breakdowns(
            items, values, by_wave, groups, is_pair=is_pair, threshold=threshold
        ),
        texts=texts,
    )


def survey_results(survey: Survey) -> Results:
    """The results, computed once per survey version (and language: labels are
    translated) and then read from the cache."""
    from django.utils import translation

    key = caching.key(survey.pk, "results", translation.get_language() or "")
    results = cache.get(key)
    if results is None:
        results = compute_results(survey)
        cache.set(key, results, caching.TIMEOUT)
    return results
