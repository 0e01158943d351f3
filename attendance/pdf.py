"""Printed documents, one helper for their fonts and QR codes (ReportLab).

- the certificate of participation, a one-page A4 landscape PDF: who took part, in
  what, when, with what attendance, and a verification code plus a QR code pointing at
  the public verification page;
- the pass card, credit-card sized for a wallet or a phone: name, event, dates and the
  pass's QR code for check-in.

Both are pure presentation; who gets one is decided in services.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_thai
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# Every script a participant's name may be written in, from fonts embedded in the PDF
# (TrueType, subset by ReportLab): Noto Sans for Latin with Vietnamese marks and
# Cyrillic, Noto Sans Thai, and Nanum Square for Hangul (and common Hanja), shipped in
# attendance/fonts/ with its OFL licence (ReportLab cannot embed the CFF-based Noto CJK).
# Each character is drawn with the first of them that has it; DejaVu, then a CID font
# that the viewer supplies, only for what none has (kana, rare Han).
FONT_FILES = (
    ("BridgesSans", fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"),
    ("BridgesThai", fontpkg_noto_sans_thai.ROOT / "files" / "NotoSansThai[wdth,wght].ttf"),
    ("BridgesKorean", Path(__file__).resolve().parent / "fonts" / "NanumSquareR.ttf"),
    ("BridgesDejaVu", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
)
CJK_FONT = "HYGothic-Medium"


@dataclass(frozen=True)
class CertificateData:
    participant_name: str
    event_title: str
    organisation_name: str
    dates: str
    place: str
    attendance_percent: int
    code: str
    verify_url: str
    heading: str = "Certificate of participation"
    body: str = "took part in"
    attendance_label: str = "Attendance"
    code_label: str = "Verification code"


@cache
def _fonts() -> tuple[tuple[str, frozenset[int] | None], ...]:
    """(name, characters it has) in the order they are tried; None: the CID fallback."""
    fonts = []
    for name, path in FONT_FILES:
        if path.exists():
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            fonts.append((name, frozenset(font.face.charToGlyph)))
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return (*fonts, (CJK_FONT, None))


def _font_of(ch: str, fonts) -> str:
    for name, chars in fonts:
        if chars is None or ord(ch) in chars:
            return name
    return fonts[-1][0]


def _runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs; spaces and marks stay in the run before them
    when its font has them, so a Thai or Vietnamese word is never split."""
    fonts = _fonts()
    chars = dict(fonts)
    runs: list[list[str]] = []
    for ch in text:
        if (
            runs
            and (chars[runs[-1][0]] is None or ord(ch) in chars[runs[-1][0]])
            and (ch.isspace() or unicodedata.combining(ch) or _font_of(ch, fonts) == runs[-1][0])
        ):
            runs[-1][1] += ch
        else:
            runs.append([_font_of(ch, fonts), ch])
    return [(font, piece) for font, piece in runs]


def _width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in _runs(text))


def _draw(pdf: canvas.Canvas, x: float, y: float, text: str, size: float) -> None:
    for font, piece in _runs(text):
        pdf.setFont(font, size)
        pdf.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


def _centred(pdf: canvas.Canvas, text: str, y: float, size: float, *, colour=colors.black) -> None:
    width, _height = landscape(A4)
    # Shrink long names and titles so they stay on the page.
    size = _fitted(text, size, width - 40 * mm, smallest=8)
    pdf.setFillColor(colour)
    _draw(pdf, (width - _width(text, size)) / 2, y, text, size)


def _draw_qr(
    pdf: canvas.Canvas, text: str, *, x: float, y: float, side: float, level: str = "L"
) -> None:
    widget = QrCodeWidget(text, barLevel=level)
    left, bottom, right, top = widget.getBounds()
    # The renderer sets its own first font (Helvetica, never embedded) unless told one.
    drawing = Drawing(
        side,
        side,
        transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0],
        initialFontName=_fonts()[0][0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def _fitted(text: str, size: float, width: float, *, smallest: float = 6) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > smallest and _width(text, size) > width:
        size -= 0.5
    return size


def render_certificate_pdf(data: CertificateData) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    # The canvas's own first font (Helvetica otherwise) would be named but not embedded.
    pdf = canvas.Canvas(
        buffer, pagesize=(width, height), pageCompression=1, initialFontName=_fonts()[0][0]
    )
    pdf.setTitle(f"{data.heading} – {data.participant_name}")
    pdf.setAuthor(data.organisation_name)
    pdf.setSubject(data.event_title)
    # The code in the metadata too, so tools (and tests) can read it without OCR.
    pdf.setKeywords(data.code)

    navy = colors.HexColor("#12355b")
    pdf.setStrokeColor(navy)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    _centred(pdf, data.organisation_name, height - 40 * mm, 16, colour=navy)
    _centred(pdf, data.heading, height - 62 * mm, 32, colour=navy)
    _centred(pdf, data.participant_name, height - 90 * mm, 28)
    _centred(pdf, data.body, height - 104 * mm, 14, colour=colors.HexColor("#444444"))
    _centred(pdf, data.event_title, height - 120 * mm, 20)
    _centred(
        pdf, f"{data.dates} · {data.place}" if data.place else data.dates, height - 132 * mm, 13
    )
    _centred(pdf, f"{data.attendance_label}: {data.attendance_percent}%", height - 144 * mm, 12)

    side = 32 * mm
    _draw_qr(pdf, data.verify_url, x=width - 24 * mm - side, y=18 * mm, side=side)

    pdf.setFillColor(colors.black)
    _draw(pdf, 24 * mm, 30 * mm, f"{data.code_label}: {data.code}", 10)
    _draw(pdf, 24 * mm, 24 * mm, data.verify_url, 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# ISO/IEC 7810 ID-1, the size of a bank card: fits a wallet and a badge holder.
PASS_CARD_SIZE = (85.6 * mm, 54 * mm)


@dataclass(frozen=True)
class PassCardData:
    participant_name: str
    event_title: str
    dates: str
    place: str
    code: str
    heading: str = "Pass"
    # The name in Latin letters, under the name as written, when the person gave one.
    latin_name: str = ""
    note: str = "Show this code at check-in."


def _line(
    pdf: canvas.Canvas, text: str, *, x: float, y: float, width: float, size: float, colour
) -> None:
    pdf.setFillColor(colour)
    _draw(pdf, x, y, text, _fitted(text, size, width))


def render_pass_card_pdf(data: PassCardData) -> bytes:
    """The pass as a one-page card: the QR code on the right, who and what on the left."""
    buffer = io.BytesIO()
    width, height = PASS_CARD_SIZE
    pdf = canvas.Canvas(
        buffer, pagesize=PASS_CARD_SIZE, pageCompression=1, initialFontName=_fonts()[0][0]
    )
    pdf.setTitle(f"{data.heading} – {data.participant_name}")
    pdf.setSubject(data.event_title)
    # The code in the metadata too, so tools (and tests) can read it without a scanner.
    pdf.setKeywords(data.code)

    navy = colors.HexColor("#12355b")
    grey = colors.HexColor("#444444")
    pdf.setFillColor(navy)
    pdf.rect(0, height - 9 * mm, width, 9 * mm, stroke=0, fill=1)
    _line(
        pdf, data.heading, x=4 * mm, y=height - 6 * mm, width=40 * mm, size=11, colour=colors.white
    )

    # Medium error correction, as on the pass page: a creased or scuffed card still scans.
    side = 38 * mm
    _draw_qr(pdf, data.code, x=width - side - 2 * mm, y=3 * mm, side=side, level="M")

    text_width = width - side - 8 * mm
    _line(
        pdf,
        data.participant_name,
        x=4 * mm,
        y=height - 17 * mm,
        width=text_width,
        size=12,
        colour=colors.black,
    )
    if data.latin_name and data.latin_name != data.participant_name:
        _line(
            pdf,
            data.latin_name,
            x=4 * mm,
            y=height - 21 * mm,
            width=text_width,
            size=7,
            colour=grey,
        )
    _line(
        pdf, data.event_title, x=4 * mm, y=height - 25 * mm, width=text_width, size=8, colour=navy
    )
    _line(pdf, data.dates, x=4 * mm, y=height - 31 * mm, width=text_width, size=7, colour=grey)
    if data.place:
        _line(pdf, data.place, x=4 * mm, y=height - 36 * mm, width=text_width, size=7, colour=grey)
    _line(pdf, data.note, x=4 * mm, y=5 * mm, width=text_width, size=6, colour=grey)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
