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
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from delegations.enums import NomineeStatus
from delegations.models import Nominee
from participants.enums import Gender, QuestionKind
from programmes.models import EventRole, Membership, Person
from scheduling.models import TeamMember

from . import caching, stats
from .enums import Breakdown, WaveNumber
from .models import Invitation, Response, Survey
from .pairing import pair_keys
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
    """{wave number: {pair key: answers}} of the submitted responses (one query)."""
    by_wave: dict[int, dict[str, dict]] = defaultdict(dict)
    rows = Response.objects.filter(wave__survey=survey, submitted_at__isnull=False).values_list(
        "wave__number", "pair_key", "answers"
    )
    for number, key, answers in rows:
        by_wave[number][key] = answers
    return by_wave


def _age_band(age: int | None) -> str:
    if age is None:
        return _("Not known")
    if age < 18:
        return _("Under 18")
    if age <= 30:
        return _("18-30")
    return _("Over 30")


def _kinds_of_participant(survey: Survey):
    """The invitations with what each person is at the event (one query): an accredited
    delegate of a delegation, a member of the organising team (the organisation's members
    and those given a role on the event), an expert (a speaker of one of its sessions),
    or a participant admitted through the call. The first that applies, in that order."""
    event = survey.event
    applicant = OuterRef("application__applicant_id")
    return Invitation.objects.filter(survey=survey).annotate(
        is_delegate=Exists(
            Nominee.objects.filter(
                application_id=OuterRef("application_id"), status=NomineeStatus.ACCREDITED
            )
        ),
        is_team=Exists(
            Membership.objects.filter(organisation_id=event.organisation_id, user_id=applicant)
        )
        | Exists(EventRole.objects.filter(event_id=event.pk, user_id=applicant)),
        is_expert=Exists(Person.objects.filter(user_id=applicant, sessions__event_id=event.pk)),
    )


def respondent_groups(survey: Survey) -> dict[str, dict[str, str]]:
    """{pair key: {breakdown: group label}} for everyone invited (two queries); each
    label is translated once, not once per person."""
    teams = dict(
        TeamMember.objects.filter(event_id=survey.event_id).values_list("user_id", "team__name")
    )
    genders = {value: str(label) for value, label in Gender.choices}
    unknown, no_team = _("Not known"), _("No team")
    bands = {age: _age_band(age) for age in (None, 17, 18, 31)}
    kinds = {
        "delegate": _("Delegate"),
        "team": _("Organiser or staff"),
        "expert": _("Expert or speaker"),
        "participant": pgettext("kind of participant", "Participant"),
    }
    country_names: dict[str, str] = {}
    start = survey.event.start_date
    rows = list(
        _kinds_of_participant(survey).values_list(
            "application_id",
            "application__applicant_id",
            "application__country",
            "application__gender",
            "application__date_of_birth",
            "is_delegate",
            "is_team",
            "is_expert",
        )
    )
    keys = pair_keys(survey_id=survey.pk, application_ids=[row[0] for row in rows])
    groups = {}
    for application_id, user_id, country, gender, born, delegate, team, expert in rows:
        band = bands[None]
        if born:
            age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
            band = bands[17 if age < 18 else 18 if age <= 30 else 31]
        if country and country not in country_names:
            country_names[country] = str(countries.name(country))
        kind = "delegate" if delegate else "team" if team else "expert" if expert else "participant"
        groups[keys[application_id]] = {
            Breakdown.COUNTRY: country_names.get(country, unknown),
            Breakdown.GENDER: genders.get(gender, unknown),
            Breakdown.TEAM: teams.get(user_id) or no_team,
            Breakdown.KIND: kinds[kind],
            Breakdown.AGE: band,
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


@dataclass
class WaveMatrix:
    """One wave's numbers: a row per respondent (pair keys in ``keys``), a column per
    item, NaN where the item was not answered."""

    keys: list[str]
    rows: dict[str, int]
    values: np.ndarray


def _matrix(items: list[Item], answers_by_key: dict[str, dict]) -> WaveMatrix:
    """Each answer read once, by the items' own rule (``Item.values``; None becomes NaN)."""
    keys = list(answers_by_key)
    responses = list(answers_by_key.values())
    values = np.array([item.values(responses) for item in items], dtype=float)
    return WaveMatrix(
        keys, {key: row for row, key in enumerate(keys)}, values.reshape(len(items), len(keys)).T
    )


def _answered(column: np.ndarray) -> np.ndarray:
    return column[~np.isnan(column)]


def _wave_figures(item: Item, number: int, column: np.ndarray) -> WaveFigures:
    answered = _answered(column)
    figures = WaveFigures(
        number=number,
        n=int(answered.size),
        distribution=[int(np.count_nonzero(answered == point)) for point in item.points],
        summary=stats.summarise(answered),
    )
    if item.kind == QuestionKind.NPS:
        figures.nps = stats.net_promoter_score(answered.tolist())
    return figures


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if values.size else None


def _items(
    items: list[Item], matrices: dict[int, WaveMatrix], numbers: list[int], pairs: list[str]
) -> tuple[list[ItemResult], np.ndarray | None]:
    """Every item's figures per wave and, for a pair, its paired analysis; also the
    paired people's changes (rows in ``pairs`` order), which the breakdowns reuse."""
    empty = np.empty((0, len(items)))
    waves = {n: matrices[n].values if n in matrices else empty for n in numbers}
    changes = None
    if len(numbers) == 2:
        first, second = (matrices.get(n) for n in numbers)
        before = waves[numbers[0]][[first.rows[k] for k in pairs]] if pairs else empty
        after = waves[numbers[1]][[second.rows[k] for k in pairs]] if pairs else empty
        changes = after - before
    results = []
    for index, item in enumerate(items):
        result = ItemResult(
            item=item,
            waves=[_wave_figures(item, n, waves[n][:, index]) for n in numbers],
        )
        if changes is not None:
            both = ~np.isnan(changes[:, index])
            firsts, seconds = before[both, index], after[both, index]
            result.paired = stats.paired(firsts, seconds)
            result.pair_means = (_mean(firsts), _mean(seconds))
        results.append(result)
    return results, changes


def _breakdowns(
    items: list[Item],
    members: list[str],
    rows: np.ndarray,
    groups: dict[str, dict[str, str]],
    *,
    threshold: int,
) -> list[BreakdownResult]:
    """Per breakdown and group, each item's mean over the group's members (their one
    wave's answers, or a pair's changes); groups under the threshold carry no figure."""
    unknown = _("Not known")
    results = []
    for dimension in Breakdown:
        by_group: dict[str, list[int]] = defaultdict(list)
        for row, key in enumerate(members):
            by_group[groups.get(key, {}).get(dimension, unknown)].append(row)
        hidden = suppress({name: len(rows_) for name, rows_ in by_group.items()}, threshold)
        figures = []
        for name in sorted(by_group):
            group = GroupFigures(label=name, n=len(by_group[name]), suppressed=name in hidden)
            if not group.suppressed:
                block = rows[by_group[name]]
                answered = (~np.isnan(block)).sum(axis=0)
                sums = np.nansum(block, axis=0)
                for index, item in enumerate(items):
                    group.values[item.key] = (
                        float(sums[index] / answered[index]) if answered[index] else None
                    )
            figures.append(group)
        results.append(BreakdownResult(dimension.value, str(dimension.label), figures))
    return results


def _choices_and_texts(
    questions, last: dict[str, dict], threshold: int
) -> tuple[list[ChoiceResult], list[TextAnswers]]:
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
    return choices, texts


def compute_results(survey: Survey) -> Results:
    """Everything from the stored rows (a handful of queries); no cache."""
    questions = survey_questions(survey)
    items = items_of(questions)
    by_wave = _submitted(survey)
    numbers = [w.number for w in survey.waves.all()] or [WaveNumber.FIRST]
    is_pair = len(numbers) == 2
    threshold = survey.min_group_size
    groups = respondent_groups(survey)
    matrices = {number: _matrix(items, answers) for number, answers in by_wave.items()}
    first_keys = set(by_wave.get(WaveNumber.FIRST, {}))
    second_keys = set(by_wave.get(WaveNumber.SECOND, {}))
    pairs = sorted(first_keys & second_keys) if is_pair else []
    item_results, changes = _items(items, matrices, numbers, pairs)
    if is_pair:
        members, rows = pairs, changes
    else:
        first = matrices.get(WaveNumber.FIRST) or _matrix(items, {})
        members, rows = first.keys, first.values
    choices, texts = _choices_and_texts(questions, by_wave.get(numbers[-1], {}), threshold)
    return Results(
        survey_id=survey.pk,
        is_pair=is_pair,
        threshold=threshold,
        invited=len(groups),
        respondents={number: len(by_wave.get(number, {})) for number in numbers},
        n_pairs=len(pairs),
        only_first=len(first_keys - second_keys) if is_pair else 0,
        only_second=len(second_keys - first_keys) if is_pair else 0,
        items=item_results,
        choices=choices,
        breakdowns=_breakdowns(items, members, rows, groups, threshold=threshold),
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
