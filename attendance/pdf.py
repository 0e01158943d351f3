"""Certificate of participation as a one-page A4 landscape PDF (ReportLab).

The PDF is pure presentation: who took part, in what, when, with what attendance, and
a verification code plus QR code pointing at the public verification page. Rules about
who gets one live in services.certificate_issue_for_event.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from functools import cache

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

# DejaVu covers Latin with Vietnamese diacritics; Hangul and Han need a CID font, which
# PDF viewers supply themselves (ReportLab cannot embed the CFF-based Noto CJK fonts).
LATIN_FONT_PATHS = (
    os.environ.get("BRIDGES_PDF_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
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


def _needs_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def _font_for(text: str) -> str:
    return _cjk_font() if _needs_cjk(text) else _latin_font()


def _centred(pdf: canvas.Canvas, text: str, y: float, size: float, *, colour=colors.black) -> None:
    font = _font_for(text)
    width, _height = landscape(A4)
    # Shrink long names and titles so they stay on the page.
    while size > 8 and pdfmetrics.stringWidth(text, font, size) > width - 40 * mm:
        size -= 1
    pdf.setFont(font, size)
    pdf.setFillColor(colour)
    pdf.drawCentredString(width / 2, y, text)


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

    widget = QrCodeWidget(data.verify_url)
    left, bottom, right, top = widget.getBounds()
    side = 32 * mm
    drawing = Drawing(
        side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - 24 * mm - side, 18 * mm)

    pdf.setFont(_latin_font(), 10)
    pdf.setFillColor(colors.black)
    pdf.drawString(24 * mm, 30 * mm, f"{data.code_label}: {data.code}")
    pdf.drawString(24 * mm, 24 * mm, data.verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
