"""What a selection proposal is made of and says (``review.selection``): candidates and
quotas in, decisions with their reasons (in the reader's language), issues and a
summary per country out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

ACCEPT = "accept"
WAITLIST = "waitlist"

# Reasons (stable codes; the messages are built from them).
MERIT = "merit"
COUNTRY_MINIMUM = "country_minimum"
COUNTRY_MAXIMUM = "country_maximum"
GENDER_TARGET = "gender_target"
GENDER_MAXIMUM = "gender_maximum"
GENDER_MINIMUM = "gender_minimum"
HELD_FOR_MINIMUMS = "held_for_minimums"
CAPACITY = "capacity"

# Genders the balance target does not count: nobody is held back for not saying.
DEFAULT_UNCOUNTED_GENDERS = frozenset({"", "prefer_not_to_say"})


@dataclass(frozen=True, slots=True)
class Candidate:
    application_id: int
    country: str
    gender: str = ""


@dataclass(frozen=True, slots=True)
class QuotaSpec:
    country: str
    minimum: int = 0
    maximum: int | None = None


def country_name(code: str) -> str:
    return _country_name(code, get_language())


@lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    # django-countries rebuilds its translated name each call; ten thousand explanations
    # ask for the same fifty names, so remember them per language.
    from django_countries import countries

    return str(countries.name(code)) if code else _("no country given")


@lru_cache(maxsize=256)
def _t(message: str, language: str | None) -> str:
    return _(message)


@lru_cache(maxsize=64)
def _gender_label(code: str, language: str | None) -> str:
    from participants.enums import Gender

    return str(Gender(code).label) if code in Gender.values else code


@lru_cache(maxsize=4096)
def _ordinal(value: int, language: str | None) -> str:
    # English says "3rd"; the other languages put the bare number into their sentence
    # ("3위", "hạng 3"), so the sentence carries the grammar rather than the number.
    if language and not language.startswith("en"):
        return str(value)
    return str(ordinal(value))


@dataclass(slots=True)
class Decision:
    application_id: int
    country: str
    gender: str
    outcome: str
    reason: str
    # 1-based place among the candidates from the same country, in ranking order.
    country_rank: int
    waitlist_position: int | None = None
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        # Ten thousand explanations share a handful of sentences: translate each once
        # per language rather than once per applicant.
        language = get_language()
        name = _country_name(self.country, language)
        if self.reason == MERIT:
            text = _t(gettext_noop("accepted: %(ordinal)s in %(country)s"), language)
            return text % {"ordinal": _ordinal(self.country_rank, language), "country": name}
        if self.reason == COUNTRY_MINIMUM:
            text = _t(
                gettext_noop("accepted to meet %(country)s's minimum of %(minimum)s"), language
            )
            return text % {"country": name, "minimum": self.params["minimum"]}
        if self.reason == GENDER_MINIMUM:
            text = _t(
                gettext_noop("accepted to meet the minimum of %(minimum)s seats for %(gender)s"),
                language,
            )
            return text % {
                "minimum": self.params["minimum"],
                "gender": _gender_label(self.gender, language),
            }
        if self.reason == COUNTRY_MAXIMUM:
            text = _t(
                gettext_noop("waitlisted: %(country)s's maximum of %(maximum)s reached"), language
            )
            return text % {"country": name, "maximum": self.params["maximum"]}
        if self.reason == GENDER_TARGET:
            text = _t(
                gettext_noop(
                    "waitlisted: the gender balance target of at most %(cap)s seats per gender reached"
                ),
                language,
            )
            return text % {"cap": self.params["cap"]}
        if self.reason == GENDER_MAXIMUM:
            text = _t(
                gettext_noop("waitlisted: the maximum of %(maximum)s seats for %(gender)s reached"),
                language,
            )
            return text % {
                "maximum": self.params["maximum"],
                "gender": _gender_label(self.gender, language),
            }
        if self.reason == HELD_FOR_MINIMUMS and self.params.get("genders"):
            return _t(
                gettext_noop(
                    "waitlisted: the remaining seats are held to meet other countries' or genders' minimums"
                ),
                language,
            )
        if self.reason == HELD_FOR_MINIMUMS:
            return _t(
                gettext_noop(
                    "waitlisted: the remaining seats are held to meet other countries' minimums"
                ),
                language,
            )
        text = _t(gettext_noop("waitlisted: all %(capacity)s seats are filled"), language)
        return text % {"capacity": self.params["capacity"]}


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    message: str
    country: str = ""


@dataclass(slots=True)
class CountrySummary:
    country: str
    candidates: int
    accepted: int
    minimum: int
    maximum: int | None


@dataclass(slots=True)
class Proposal:
    capacity: int
    decisions: list[Decision]
    issues: list[Issue]
    countries: list[CountrySummary]

    @property
    def accepted(self) -> list[Decision]:
        return [d for d in self.decisions if d.outcome == ACCEPT]

    @property
    def waitlist(self) -> list[Decision]:
        return sorted(
            (d for d in self.decisions if d.outcome == WAITLIST), key=lambda d: d.waitlist_position
        )

    def by_application(self) -> dict[int, Decision]:
        return {d.application_id: d for d in self.decisions}
