"""Anonymised responses as CSV or XLSX: one row per submitted response, a respondent
number instead of a name (the same in both waves of a pair, numbered in pair-key order,
not in the order answers came in), the groups of the breakdowns with every group under
the survey's threshold written as such, and free text only when the wave has at least
as many respondents as the threshold."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.services import log_action

from .enums import Breakdown
from .models import Response, Survey
from .questions import TEXT_KINDS, items_of, survey_questions
from .results import respondent_groups, suppress


def export_rows(survey: Survey) -> tuple[list[str], list[list[Any]]]:
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
    hidden: dict[str, set[str]] = {}
    for dimension in Breakdown:
        sizes: dict[str, int] = {}
        for key in {key for _n, key, _a in responses}:
            name = groups.get(key, {}).get(dimension, _("Not known"))
            sizes[name] = sizes.get(name, 0) + 1
        hidden[dimension] = suppress(sizes, threshold)
    small = _("Group under %(n)d") % {"n": threshold}
    header = [_("Respondent"), _("Wave")]
    header += [str(d.label) for d in Breakdown]
    header += [item.label for item in items]
    header += [q.label for q in texts]
    numbers: dict[str, int] = {}
    rows = []
    for number, key, answers in responses:
        respondent = numbers.setdefault(key, len(numbers) + 1)
        row: list[Any] = [respondent, number]
        for dimension in Breakdown:
            name = groups.get(key, {}).get(dimension, _("Not known"))
            row.append(small if name in hidden[dimension] else name)
        row += [item.value(answers) for item in items]
        show_text = per_wave.get(number, 0) >= threshold
        row += [(answers.get(str(q.pk)) or "") if show_text else "" for q in texts]
        rows.append(row)
    return header, rows


def export_response(survey: Survey, *, fmt: str, by) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = export_rows(survey)
    log_action(survey, "surveys.results.exported", user=by, data={"format": fmt, "rows": len(rows)})
    name = f"survey-{survey.pk}-responses.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Responses")[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
