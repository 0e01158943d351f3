"""The visa support letter, one A4 page, drawn with attendance/pdf.py's embedded fonts
(so Hangul, Thai, Vietnamese and Cyrillic names print as written) and its QR helper."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from attendance.pdf import _draw, _draw_qr, _fitted, _fonts
from delegations.pdf import draw_logo


@dataclass(frozen=True)
class LetterData:
    letterhead: str
    title: str
    reference_line: str
    date_line: str
    addressee: str
    lines: tuple[tuple[str, str], ...]  # (label, value): passport name, number, ...
    body: tuple[str, ...]
    signatory: str
    signatory_title: str
    verify_line: str
    verify_url: str
    reference: str
    logo: bytes | None = None  # PNG or JPEG, drawn above the letterhead's name


def render_letter_pdf(data: LetterData) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=_fonts()[0][0])
    pdf.setTitle(data.title)
    pdf.setAuthor(data.letterhead)
    pdf.setKeywords(data.reference)
    navy = colors.HexColor("#12355b")
    left, usable = 22 * mm, width - 44 * mm

    if data.logo:
        draw_logo(pdf, data.logo, x=left, y=height - 20 * mm, box=14 * mm)
    pdf.setFillColor(navy)
    _draw(pdf, left, height - 25 * mm, data.letterhead, _fitted(data.letterhead, 16, usable))
    pdf.setStrokeColor(navy)
    pdf.setLineWidth(1.5)
    pdf.line(left, height - 29 * mm, width - left, height - 29 * mm)
    pdf.setFillColor(colors.black)
    _draw(pdf, left, height - 38 * mm, data.reference_line, 10)
    _draw(pdf, left, height - 44 * mm, data.date_line, 10)
    _draw(pdf, left, height - 56 * mm, data.addressee, 11)
    _draw(pdf, left, height - 68 * mm, data.title, _fitted(data.title, 14, usable))

    y = height - 82 * mm
    for label, value in data.lines:
        _draw(pdf, left, y, f"{label}:", 10)
        _draw(pdf, left + 55 * mm, y, value, _fitted(value, 10, usable - 55 * mm))
        y -= 6.5 * mm
    y -= 4 * mm
    for paragraph in data.body:
        _draw(pdf, left, y, paragraph, _fitted(paragraph, 10, usable, smallest=6))
        y -= 6.5 * mm

    y -= 12 * mm
    _draw(pdf, left, y, data.signatory, 11)
    if data.signatory_title:
        _draw(pdf, left, y - 6 * mm, data.signatory_title, 10)

    side = 30 * mm
    _draw_qr(pdf, data.verify_url, x=width - left - side, y=18 * mm, side=side)
    _draw(pdf, left, 30 * mm, data.verify_line, 9)
    _draw(pdf, left, 24 * mm, data.verify_url, 9)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
