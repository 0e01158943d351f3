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
import os
import unicodedata
from dataclasses import dataclass
from functools import cache

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

# DejaVu covers Latin with Vietnamese diacritics; Thai comes from Noto Sans Thai (a
# Python package, embedded like DejaVu); Hangul and Han need a CID font, which PDF
# viewers supply themselves (ReportLab cannot embed the CFF-based Noto CJK fonts).
LATIN_FONT_PATHS = (
    os.environ.get("BRIDGES_PDF_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
CJK_FONT = "HYGothic-Medium"
THAI_FONT = "BridgesThai"


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
def _latin_font() -> str:
    for path in LATIN_FONT_PATHS:
        if path and os.path.exists(path):
            pdfmetrics.registerFont(TTFont("BridgesSans", path))
            return "BridgesSans"
    return "Helvetica"


@cache
def _cjk_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


@cache
def _thai_font() -> str:
    fonts = sorted((fontpkg_noto_sans_thai.ROOT / "files").glob("*.ttf"))
    if not fonts:
        return _latin_font()
    pdfmetrics.registerFont(TTFont(THAI_FONT, str(fonts[0])))
    return THAI_FONT


def _needs_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def _needs_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def _font_for(text: str) -> str:
    """One font per line: names and titles are written in one script (Noto Sans Thai
    also has the Latin letters a Thai line may carry)."""
    if _needs_cjk(text):
        return _cjk_font()
    return _thai_font() if _needs_thai(text) else _latin_font()


def _centred(pdf: canvas.Canvas, text: str, y: float, size: float, *, colour=colors.black) -> None:
    font = _font_for(text)
    width, _height = landscape(A4)
    # Shrink long names and titles so they stay on the page.
    pdf.setFont(font, _fitted(text, font, size, width - 40 * mm, smallest=8))
    pdf.setFillColor(colour)
    pdf.drawCentredString(width / 2, y, text)


def _draw_qr(
    pdf: canvas.Canvas, text: str, *, x: float, y: float, side: float, level: str = "L"
) -> None:
    widget = QrCodeWidget(text, barLevel=level)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def _fitted(text: str, font: str, size: float, width: float, *, smallest: float = 6) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def render_certificate_pdf(data: CertificateData) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
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

    pdf.setFont(_latin_font(), 10)
    pdf.setFillColor(colors.black)
    pdf.drawString(24 * mm, 30 * mm, f"{data.code_label}: {data.code}")
    pdf.drawString(24 * mm, 24 * mm, data.verify_url)
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
    note: str = "Show this code at check-in."


def _line(
    pdf: canvas.Canvas, text: str, *, x: float, y: float, width: float, size: float, colour
) -> None:
    font = _font_for(text)
    pdf.setFont(font, _fitted(text, font, size, width))
    pdf.setFillColor(colour)
    pdf.drawString(x, y, text)


def render_pass_card_pdf(data: PassCardData) -> bytes:
    """The pass as a one-page card: the QR code on the right, who and what on the left."""
    buffer = io.BytesIO()
    width, height = PASS_CARD_SIZE
    pdf = canvas.Canvas(buffer, pagesize=PASS_CARD_SIZE, pageCompression=1)
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
