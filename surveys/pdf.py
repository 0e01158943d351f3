"""The survey PDFs, on attendance's PDF helper (its embedded fonts draw Hangul, Thai,
Vietnamese and Cyrillic as written): the organiser's impact report (figures, charts and
the method in plain words) and a respondent's own answers."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from attendance.pdf import _draw, _fonts, _width

from . import charts
from .models import Invitation, Response, Survey
from .pairing import pair_key
from .questions import survey_questions
from .results import Results

NAVY = colors.HexColor("#12355b")
GREY = colors.HexColor("#444444")
MARGIN = 18 * mm


class _Writer:
    """Lines of text that wrap and turn the page."""

    def __init__(self, title: str) -> None:
        self.buffer = io.BytesIO()
        self.pdf = canvas.Canvas(
            self.buffer, pagesize=A4, pageCompression=1, initialFontName=_fonts()[0][0]
        )
        self.pdf.setTitle(title)
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def space(self, needed: float) -> None:
        if self.y - needed < MARGIN:
            self.pdf.showPage()
            self.y = self.height - MARGIN

    def text(self, text: str, *, size: float = 10, colour=colors.black, indent: float = 0) -> None:
        usable = self.width - 2 * MARGIN - indent
        for line in _wrap(str(text), size, usable):
            self.space(size * 1.4)
            self.pdf.setFillColor(colour)
            _draw(self.pdf, MARGIN + indent, self.y - size, line, size)
            self.y -= size * 1.4

    def gap(self, height: float = 4 * mm) -> None:
        self.y -= height

    def finish(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _figure(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _stacked(writer: _Writer, chart: charts.StackedChart) -> None:
    scale = (writer.width - 2 * MARGIN) / charts.WIDTH
    for row in chart.rows:
        writer.text(f"{row.label} (n = {row.n})", size=8, colour=GREY)
        writer.space(6 * mm)
        x = MARGIN
        for segment in row.segments:
            width = segment.width * scale * charts.WIDTH / (charts.WIDTH - charts.LABEL_WIDTH)
            colour = segment.colour
            writer.pdf.setFillColor(
                colors.HexColor(colour) if colour.startswith("#") else colors.lightblue
            )
            writer.pdf.rect(x, writer.y - 5 * mm, width * 0.95, 4 * mm, stroke=0, fill=1)
            x += width * 0.95
        writer.y -= 6 * mm


def _change(writer: _Writer, chart: charts.ChangeChart) -> None:
    usable = writer.width - 2 * MARGIN
    for row in chart.rows:
        writer.text(
            _(
                "%(label)s: %(before)s → %(after)s (change %(change)s, 95%% CI %(low)s to %(high)s, %(n)d pairs)"
            )
            % {
                "label": row.label,
                "before": _figure(row.before),
                "after": _figure(row.after),
                "change": _figure(row.change),
                "low": _figure(row.ci_low),
                "high": _figure(row.ci_high),
                "n": row.n_pairs,
            },
            size=8,
            colour=GREY,
        )
        writer.space(6 * mm)
        scale = usable / (charts.WIDTH - charts.LABEL_WIDTH)
        before = MARGIN + (row.before_x - charts.LABEL_WIDTH) * scale * 0.95
        after = MARGIN + (row.after_x - charts.LABEL_WIDTH) * scale * 0.95
        y = writer.y - 3 * mm
        writer.pdf.setStrokeColor(colors.lightgrey)
        writer.pdf.line(MARGIN, y, MARGIN + usable * 0.95, y)
        writer.pdf.setStrokeColor(NAVY)
        writer.pdf.setLineWidth(2)
        writer.pdf.line(before, y, after, y)
        writer.pdf.setLineWidth(1)
        writer.pdf.setFillColor(colors.HexColor("#ef8a62"))
        writer.pdf.circle(before, y, 1.6 * mm, stroke=0, fill=1)
        writer.pdf.setFillColor(colors.HexColor("#2166ac"))
        writer.pdf.circle(after, y, 1.6 * mm, stroke=0, fill=1)
        writer.y -= 6 * mm


def method_text(survey: Survey, results: Results) -> list[str]:
    """The method in plain words, as the report and the page say it."""
    lines = [
        _(
            "Means are shown with a 95%% confidence interval: if the survey were repeated "
            "with other participants like these, 95 out of 100 such intervals would contain "
            "the true mean."
        )
        % {},  # the msgid is a format string ("95%%"), as its translations are
        _(
            "No figure is shown for a group of fewer than %(n)d respondents, so that no "
            "one's answers can be recognised; written comments are shown only without "
            "names and never for such small groups."
        )
        % {"n": results.threshold},
    ]
    if results.is_pair:
        lines.append(
            _(
                "The same questions were asked before and after. Each person's two answers "
                "were matched with a code computed from their invitation, without storing "
                "who answered what. Changes are computed over the %(pairs)d people who "
                "answered both times; %(first)d answered only before and %(second)d only "
                "after, and are left out of the change. The paired t-test and the Wilcoxon "
                "signed-rank test say how likely a change this size would be by chance (p); "
                "Cohen's d_z is the change in standard deviations of the individual changes "
                "(0.2 small, 0.5 medium, 0.8 large)."
            )
            % {
                "pairs": results.n_pairs,
                "first": results.only_first,
                "second": results.only_second,
            }
        )
    return lines


def impact_report_pdf(survey: Survey, results: Results) -> bytes:
    writer = _Writer(survey.title)
    writer.text(survey.title, size=18, colour=NAVY)
    writer.text(survey.event.title, size=11, colour=GREY)
    writer.gap()
    for number, n in results.respondents.items():
        writer.text(
            _("Wave %(wave)d: %(n)d respondents of %(invited)d invited (%(rate).0f%%)")
            % {
                "wave": number,
                "n": n,
                "invited": results.invited,
                "rate": results.response_rates[number],
            }
        )
    if results.is_pair:
        writer.text(_("Matched pairs: %(n)d") % {"n": results.n_pairs})
    writer.gap()
    writer.text(_("How to read this report"), size=13, colour=NAVY)
    for line in method_text(survey, results):
        writer.text(line, size=9)
        writer.gap(2 * mm)
    scale_items = [r for r in results.items if r.item.points and r.waves[-1].n]
    if scale_items:
        writer.gap()
        writer.text(_("Answers per statement"), size=13, colour=NAVY)
        _stacked(writer, charts.stacked_bars("", scale_items))
    if results.is_pair:
        writer.gap()
        writer.text(_("Before and after"), size=13, colour=NAVY)
        _change(writer, charts.before_after("", results.items))
        writer.gap()
        for result in results.items:
            paired = result.paired
            if paired is None or not paired.n_pairs:
                continue
            writer.text(
                _("%(label)s: t = %(t)s (p = %(pt)s), Wilcoxon W = %(w)s (p = %(pw)s), d_z = %(d)s")
                % {
                    "label": result.item.label,
                    "t": _figure(paired.t_statistic),
                    "pt": _figure(paired.t_p_value, 4),
                    "w": _figure(paired.wilcoxon_statistic, 1),
                    "pw": _figure(paired.wilcoxon_p_value, 4),
                    "d": _figure(paired.cohens_dz),
                },
                size=8,
            )
    for breakdown in results.breakdowns:
        writer.gap()
        writer.text(_("By %(what)s") % {"what": breakdown.label.lower()}, size=12, colour=NAVY)
        for group in breakdown.groups:
            if group.suppressed:
                writer.text(
                    _("%(group)s: fewer than %(n)d respondents, not shown")
                    % {"group": group.label, "n": results.threshold},
                    size=8,
                    colour=GREY,
                )
                continue
            figures = ", ".join(
                f"{r.item.label[:30]} {_figure(group.values.get(r.item.key))}"
                for r in results.items[:6]
            )
            writer.text(f"{group.label} (n = {group.n}): {figures}", size=8)
    return writer.finish()


def _answer_text(question, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dict):
        rows = list(question.choices)
        return "; ".join(
            f"{rows[int(k)] if int(k) < len(rows) else k}: {v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def own_answers_pdf(invitation: Invitation) -> bytes:
    """What this person sent, found through their own pair key, wave by wave."""
    survey = invitation.survey
    key = pair_key(survey_id=survey.pk, application_id=invitation.application_id)
    responses = list(
        Response.objects.filter(wave__survey=survey, pair_key=key, submitted_at__isnull=False)
        .select_related("wave")
        .order_by("wave__number")
    )
    questions = survey_questions(survey)
    writer = _Writer(survey.title)
    writer.text(survey.title, size=16, colour=NAVY)
    writer.text(survey.event.title, size=10, colour=GREY)
    writer.text(timezone.localdate().isoformat(), size=8, colour=GREY)
    if not responses:
        writer.gap()
        writer.text(_("You have not sent any answers to this survey yet."))
    for response in responses:
        writer.gap()
        if survey.is_pair:
            writer.text(response.wave.get_number_display(), size=13, colour=NAVY)
        for question in questions:
            if question.kind == "section":
                writer.text(question.label, size=11, colour=NAVY)
                continue
            writer.text(question.label, size=9, colour=GREY)
            writer.text(
                _answer_text(question, response.answers.get(str(question.pk))), indent=4 * mm
            )
    return writer.finish()
