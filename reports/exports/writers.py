"""CSV, XLSX and PDF writers over rows that stream: none of them holds more than a row
(CSV, XLSX) or a page (PDF) at a time. XLSX uses openpyxl's write-only mode (rows go to
a temporary file as they come), with typed cells and a frozen header row."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import Column

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "float": "0.00"}


class _Line:
    """A file-like object that hands back what csv.writer writes (Django's streaming CSV
    recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(header: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """The CSV, one encoded line at a time, with a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow(header)).encode("utf-8")
    for row in rows:
        yield writer.writerow(row).encode("utf-8")


def _typed(value: Any, kind: str) -> Any:
    if value in ("", None):
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        try:
            if kind == "int":
                return int(value)
            if kind == "float":
                return float(value)
            if kind == "date":
                return dt.date.fromisoformat(value)
            if kind == "datetime":
                return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the caller converted to the event's zone already.
        return value.replace(tzinfo=None)
    return value


def write_xlsx(
    out: IO[bytes], title: str, columns: list[Column], rows: Iterable[list[Any]]
) -> None:
    workbook = Workbook(write_only=True)
    # Excel refuses []:*?/\ in a sheet's name ("Delegations: list of participants").
    name = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31]
    sheet = workbook.create_sheet(title=name or "Export")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = [NUMBER_FORMATS.get(c.kind) for c in columns]
    kinds = [c.kind for c in columns]
    for row in rows:
        cells = []
        for value, kind, number_format in zip(row, kinds, formats, strict=False):
            typed = _typed(value, kind)
            if number_format and typed is not None and not isinstance(typed, str):
                cell = WriteOnlyCell(sheet, value=typed)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(typed)
        sheet.append(cells)
    workbook.save(out)


def write_pdf(out: IO[bytes], title: str, columns: list[Column], rows: Iterable[list[Any]]) -> None:
    """A printed list: landscape A4, the header repeated on every page, fonts embedded for
    Hangul, Thai, Vietnamese and Cyrillic names (attendance.pdf's)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from attendance.pdf import _draw, _fitted

    width, height = landscape(A4)
    margin, line, size = 12 * mm, 6 * mm, 8
    weights = [max(c.width, 6) for c in columns]
    scale = (width - 2 * margin) / sum(weights)
    xs, x = [], margin
    for weight in weights:
        xs.append(x)
        x += weight * scale
    pdf = canvas.Canvas(out, pagesize=landscape(A4))
    pdf.setTitle(title)
    page = 0

    def start_page() -> float:
        nonlocal page
        page += 1
        _draw(pdf, margin, height - margin, f"{title} · {page}", 11)
        y = height - margin - 2 * line
        for column, left, weight in zip(columns, xs, weights, strict=True):
            text = str(column.title)
            _draw(pdf, left, y, text, _fitted(text, size, weight * scale - 2, smallest=5))
        pdf.line(margin, y - 2, width - margin, y - 2)
        return y - line

    y = start_page()
    for row in rows:
        if y < margin:
            pdf.showPage()
            y = start_page()
        for value, left, weight in zip(row, xs, weights, strict=False):
            text = "" if value is None else str(value)
            _draw(pdf, left, y, text, _fitted(text, size, weight * scale - 2, smallest=5))
        y -= line
    pdf.save()
