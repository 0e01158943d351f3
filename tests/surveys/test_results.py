"""Results: 48 people answer before and after, some only once; the pairing, the
statistics (against scipy on the same numbers), NPS, suppression of small groups in the
page, the exports and the public summary, the cache, and the PDF report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections import Counter

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient
from scipy import stats as scipy_stats

from audit.models import LogEntry
from participants.enums import Gender
from surveys import services
from surveys.enums import Breakdown
from surveys.models import Response
from surveys.questions import survey_questions
from surveys.results import compute_results, respondent_groups, survey_results
from tests.factories.programmes import EventFactory, MembershipFactory
from tests.surveys.helpers import pair_survey, participants

pytestmark = pytest.mark.django_db

PEOPLE = 48
ONLY_BEFORE = {3, 17, 40}  # answered before only
ONLY_AFTER = {9, 30}  # answered after only
NEITHER = {44}


def _scale(rng: random.Random, base: float) -> int:
    return max(1, min(5, round(rng.gauss(base, 0.9))))


@pytest.fixture(scope="module")
def answered(django_db_setup, django_db_blocker):
    """A workshop of 48 (one Bruneian man: a group of one), each answering both waves
    with a shift on the first item, except those in ONLY_BEFORE, ONLY_AFTER, NEITHER."""
    with django_db_blocker.unblock():
        # One transaction for the module, rolled back at the end: each test's own
        # transaction is a savepoint inside it.
        outer = transaction.atomic()
        outer.__enter__()
        with time_machine.travel(dt.datetime(2027, 1, 4, tzinfo=dt.UTC), tick=True):
            event = EventFactory()
            organiser = MembershipFactory(organisation=event.organisation, role="organiser").user
            people = participants(event, PEOPLE - 1)
            (lonely,) = participants(event, 1)
            lonely.country, lonely.gender = "BN", Gender.NON_BINARY
            lonely.save()
            people.append(lonely)
            survey = pair_survey(event)
            questions = survey_questions(survey)
            first_item, second_item, matrix, nps, comment = questions
            invitations = {i.application_id: i for i in services.invitations_ensure(survey)}
            before_wave, after_wave = survey.waves.order_by("number")
            rng = random.Random(20)
            expected: dict[str, dict[int, dict]] = {"before": {}, "after": {}}
            for index, person in enumerate(people):
                invitation = invitations[person.pk]
                base = 2.6 + (index % 3) * 0.3
                before = {
                    str(first_item.pk): _scale(rng, base),
                    str(second_item.pk): _scale(rng, 3.4),
                    str(matrix.pk): {"0": _scale(rng, 2.5), "1": _scale(rng, 3.0)},
                    str(nps.pk): rng.randint(4, 10),
                }
                after = {
                    str(first_item.pk): _scale(rng, base + 1.1),
                    str(second_item.pk): _scale(rng, 3.4),
                    str(matrix.pk): {"0": _scale(rng, 3.3), "1": _scale(rng, 3.1)},
                    str(nps.pk): rng.randint(6, 10),
                    str(comment.pk): f"I learnt a lot ({person.country})",
                }
                if index not in ONLY_AFTER | NEITHER:
                    services.response_save(
                        invitation=invitation, wave=before_wave, answers=before, submit=True
                    )
                    expected["before"][person.pk] = before
                if index not in ONLY_BEFORE | NEITHER:
                    with time_machine.travel(after_wave.opens_at + dt.timedelta(hours=2)):
                        services.response_save(
                            invitation=invitation, wave=after_wave, answers=after, submit=True
                        )
                    expected["after"][person.pk] = after
    yield survey, questions, expected, organiser
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _paired_values(expected, question_id: int, row: str | None = None):
    before, after = [], []
    for pk in sorted(expected["before"].keys() & expected["after"].keys()):
        b = expected["before"][pk][str(question_id)]
        a = expected["after"][pk][str(question_id)]
        if row is not None:
            b, a = b[row], a[row]
        before.append(b)
        after.append(a)
    return before, after


def _close(a, b) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def test_pairing_with_missing_waves(answered):
    survey, _questions, expected, _organiser = answered
    results = compute_results(survey)
    assert results.invited == PEOPLE
    assert results.respondents == {1: PEOPLE - 3, 2: PEOPLE - 4}
    assert results.n_pairs == PEOPLE - len(ONLY_BEFORE | ONLY_AFTER | NEITHER)
    assert (results.only_first, results.only_second) == (len(ONLY_BEFORE), len(ONLY_AFTER))
    # Every item answered in both waves pairs the same people (the third statement of
    # the matrix was never answered: no pairs, no figures).
    counts = {r.item.key: r.paired.n_pairs for r in results.items}
    assert set(counts.values()) == {results.n_pairs, 0}
    assert [k for k, n in counts.items() if n == 0] == [f"q{survey_questions(survey)[2].pk}r2"]


def test_statistics_equal_scipys(answered):
    survey, questions, expected, _organiser = answered
    first_item, _second, matrix, nps, _comment = questions
    results = {r.item.key: r for r in compute_results(survey).items}
    for key, question_id, row in (
        (f"q{first_item.pk}", first_item.pk, None),
        (f"q{matrix.pk}r0", matrix.pk, "0"),
        (f"q{matrix.pk}r1", matrix.pk, "1"),
    ):
        before, after = _paired_values(expected, question_id, row)
        changes = [a - b for b, a in zip(before, after, strict=True)]
        paired = results[key].paired
        t_test = scipy_stats.ttest_rel(after, before)
        wilcoxon = scipy_stats.wilcoxon(after, before)
        mean = sum(changes) / len(changes)
        low, high = scipy_stats.t.interval(
            0.95, len(changes) - 1, loc=mean, scale=scipy_stats.sem(changes)
        )
        assert paired.n_pairs == len(changes) == PEOPLE - 6
        assert _close(paired.mean_change, mean)
        assert _close(paired.ci_low, low) and _close(paired.ci_high, high)
        assert _close(paired.t_statistic, t_test.statistic)
        assert _close(paired.t_p_value, t_test.pvalue)
        assert _close(paired.wilcoxon_statistic, wilcoxon.statistic)
        assert _close(paired.wilcoxon_p_value, wilcoxon.pvalue)
        assert _close(paired.cohens_dz, mean / scipy_stats.tstd(changes))
    # The shift built into the first item is found; one wave's mean and CI too.
    assert results[f"q{first_item.pk}"].paired.mean_change > 0.5
    assert results[f"q{first_item.pk}"].paired.t_p_value < 0.01
    firsts = [a[str(first_item.pk)] for a in expected["before"].values()]
    wave = results[f"q{first_item.pk}"].waves[0]
    assert wave.n == len(firsts) and _close(wave.summary.mean, sum(firsts) / len(firsts))
    assert wave.distribution == [firsts.count(p) for p in range(1, 6)]
    scores = [a[str(nps.pk)] for a in expected["after"].values()]
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    assert _close(results[f"q{nps.pk}"].waves[1].nps, 100 * (promoters - detractors) / len(scores))


def test_small_groups_are_hidden_everywhere(answered, client):
    survey, _questions, _expected, organiser = answered
    results = compute_results(survey)
    by_country = next(b for b in results.breakdowns if b.dimension == "country")
    sizes = {g.label: g for g in by_country.groups}
    # Brunei (one person plus those the cohort put there) is under 5: no figure.
    assert all(
        g.suppressed == (g.n < survey.min_group_size) or g.suppressed for g in sizes.values()
    )
    assert all(not g.values for g in by_country.groups if g.suppressed)
    by_gender = {
        g.label: g for g in next(b for b in results.breakdowns if b.dimension == "gender").groups
    }
    assert by_gender["Non-binary"].suppressed and by_gender["Non-binary"].n == 1
    # Only one gender group is small, so the next smallest is hidden too.
    assert sum(g.suppressed for g in by_gender.values()) == 2

    client.force_login(organiser)
    page = client.get(reverse("surveys:detail", args=[survey.event.slug, survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="muted suppressed"') == sum(
        g.suppressed for b in results.breakdowns for g in b.groups
    )
    assert "<svg" in html and "I learnt a lot" in html

    export = client.get(
        reverse("surveys:export", args=[survey.event.slug, survey.pk, "csv"]), follow=True
    )
    rows = list(csv.reader(io.StringIO(_text(export))))
    header, body = rows[0], rows[1:]
    numbered = [row for row in body if row[0]]
    assert len(numbered) == Response.objects.filter(wave__survey=survey).count()
    gender = header.index("Gender")
    assert "Non-binary" not in {row[gender] for row in body}
    assert {row[gender] for row in body} >= {"Group under 5"}
    for name in ("Respondent", "Wave"):
        assert name in header
    assert not any(str(p) in "".join(header) for p in ("email", "name"))

    xlsx = client.get(
        reverse("surveys:export", args=[survey.event.slug, survey.pk, "xlsx"]), follow=True
    )
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == len(rows)
    assert "Non-binary" not in {row[gender] for row in values[1:]}

    services.survey_publish_summary(survey=survey, published=True, by=organiser)
    client.logout()
    public = client.get(reverse("surveys:impact", args=[survey.event.slug]))
    assert public.status_code == 200
    text = public.content.decode()
    assert "Non-binary" in text  # the group is named, its figures are not
    assert "I learnt a lot" not in text  # no free text in public
    assert text.count('class="muted suppressed"') == sum(
        g.suppressed for b in results.breakdowns for g in b.groups
    )
    services.survey_publish_summary(survey=survey, published=False, by=organiser)
    assert client.get(reverse("surveys:impact", args=[survey.event.slug])).status_code == 404


def _text(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _check_export_rows(survey, header: list[str], body: list[list[str]]) -> None:
    """Groups k-anonymous, small countries absent, a unique combination blanked, and the
    anonymous survey's free text on rows of its own without groups."""
    groups = [str(d.label) for d in Breakdown]
    columns = [header.index(name) for name in groups]
    text = header.index("What changed for you?")
    small = "Group under 5"
    numbered = [row for row in body if row[0]]
    texts = [row for row in body if not row[0]]
    shown = {row[0]: tuple(row[i] for i in columns) for row in numbered}
    per_combo = Counter(shown.values())
    for combo, n in per_combo.items():
        assert n >= survey.min_group_size or set(combo) == {small}, (combo, n)
    # What each respondent really is: respondents are numbered in pair-key order.
    keys = sorted(
        set(Response.objects.filter(wave__survey=survey).values_list("pair_key", flat=True))
    )
    raw_groups = respondent_groups(survey)
    raw = {str(i + 1): tuple(raw_groups[key][d] for d in Breakdown) for i, key in enumerate(keys)}
    countries = Counter(combo[0] for combo in raw.values())
    assert {c for c, n in countries.items() if n < 5} & {
        combo[0] for combo in shown.values()
    } == set()
    assert {c for c, n in countries.items() if n < 5}  # there are small countries to hide
    unique = [r for r, combo in raw.items() if list(raw.values()).count(combo) == 1]
    assert unique and all(shown[r] != raw[r] for r in unique)
    # Free text: never on a numbered row, never beside a group.
    assert all(not row[text] for row in numbered)
    assert texts and all(row[text].startswith("I learnt a lot") for row in texts)
    assert all(not row[i] for row in texts for i in columns)


def test_export_hides_rare_combinations_and_keeps_free_text_apart(answered, client):
    survey, _questions, _expected, organiser = answered
    client.force_login(organiser)
    # The survey page's download is the export registry's list of this survey, audited.
    url = reverse("surveys:export", args=[survey.event.slug, survey.pk, "csv"])
    rows = list(csv.reader(io.StringIO(_text(client.get(url, follow=True)))))
    _check_export_rows(survey, rows[0], rows[1:])
    entry = LogEntry.objects.get(action_type="reports.export.run")
    assert entry.data["params"] == {"survey": str(survey.pk)}
    assert entry.data["rows"] == len(rows) - 1
    url = reverse("surveys:export", args=[survey.event.slug, survey.pk, "xlsx"])
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(url, follow=True).streaming_content))
    ).active
    values = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[1:] == [[str(v) for v in row] for row in rows[1:]]
    _check_export_rows(survey, values[0], values[1:])


def test_results_are_cached_until_a_submission(answered, django_assert_num_queries):
    survey, _questions, _expected, _organiser = answered
    cache.clear()
    first = survey_results(survey)
    with django_assert_num_queries(0):
        assert survey_results(survey) is not None
    assert first.n_pairs == compute_results(survey).n_pairs


def test_report_pdf_and_permissions(answered, client):
    survey, _questions, _expected, organiser = answered
    url = reverse("surveys:report", args=[survey.event.slug, survey.pk])
    assert client.get(url).status_code == 302  # sign in first
    outsider = MembershipFactory(role="organiser").user
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("surveys:detail", args=[survey.event.slug, survey.pk])).status_code
        == 404
    )
    client.force_login(organiser)
    report = client.get(url)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
    results = compute_results(survey)
    assert f"Matched pairs: {results.n_pairs}" in text
    assert "95% confidence interval" in text and "95%%" not in text
    paired = results.items[0].paired  # the first item's shift, as the page computes it
    assert (
        f"(change {paired.mean_change:.2f}, 95% CI {paired.ci_low:.2f} to "
        f"{paired.ci_high:.2f}, {paired.n_pairs} pairs)"
    ) in text
    for block in results.breakdowns:
        for group in block.groups:
            if group.suppressed:
                assert f"{group.label}: fewer than 5 respondents, not shown" in text
                assert f"{group.label} (n =" not in text
            else:
                assert f"{group.label} (n = {group.n})" in text
    assert "I learnt a lot" not in text  # no free text in the report


def test_api_gives_the_results_to_organisers_only(answered):
    survey, _questions, _expected, organiser = answered
    results_url = f"/api/v1/surveys/{survey.pk}/results/"
    list_url = f"/api/v1/events/{survey.event.slug}/surveys/"
    assert APIClient().get(results_url).status_code == 401
    outsider = APIClient()
    outsider.force_authenticate(MembershipFactory(role="organiser").user)
    assert outsider.get(results_url).status_code == 403
    assert outsider.get(list_url).status_code == 403
    client = APIClient()
    client.force_authenticate(organiser)
    listed = client.get(list_url).json()
    assert [s["id"] for s in listed] == [survey.pk]
    assert [w["number"] for w in listed[0]["waves"]] == [1, 2]
    body = client.get(results_url).json()
    assert body["n_pairs"] == PEOPLE - 6
    assert (body["only_first"], body["only_second"]) == (3, 2)
    hidden = [g for b in body["breakdowns"] for g in b["groups"] if g["suppressed"]]
    assert hidden and all(g["n"] is None and g["values"] == {} for g in hidden)
    shown = [g for b in body["breakdowns"] for g in b["groups"] if not g["suppressed"]]
    assert all(g["n"] >= survey.min_group_size for g in shown)


def test_public_event_page_links_the_impact_summary_only_when_published(event, client):
    survey = pair_survey(event)
    organiser = MembershipFactory(organisation=event.organisation, role="organiser").user
    impact = reverse("surveys:impact", args=[event.slug])
    page = client.get(reverse("event-page", args=[event.slug]))
    assert page.status_code == 200 and impact not in page.content.decode()
    services.survey_publish_summary(survey=survey, published=True, by=organiser)
    html = client.get(reverse("event-page", args=[event.slug])).content.decode()
    assert f'href="{impact}"' in html and "Read the impact summary" in html
    assert client.get(impact).status_code == 200
    services.survey_publish_summary(survey=survey, published=False, by=organiser)
    assert impact not in client.get(reverse("event-page", args=[event.slug])).content.decode()
