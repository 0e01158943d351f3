"""Delegations' printed documents: the invitation letter, the list of participants, the
seating plan with name plates, and badges. Pure presentation on the one PDF helper
(``attendance.pdf``: embedded Noto fonts for every script, QR codes); what goes on them is
decided in ``services``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from attendance.pdf import PASS_CARD_SIZE, _draw, _draw_qr, _fitted, _fonts, _line, _width

NAVY = colors.HexColor("#12355b")
GREY = colors.HexColor("#444444")


def _canvas(buffer, size, title: str) -> canvas.Canvas:
    # The canvas's own first font (Helvetica otherwise) would be named but not embedded.
    pdf = canvas.Canvas(buffer, pagesize=size, pageCompression=1, initialFontName=_fonts()[0][0])
    pdf.setTitle(title)
    return pdf


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width``, cut at spaces (a long word stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
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


@dataclass(frozen=True)
class LetterData:
    letterhead: str
    subject: str
    body: str
    date_line: str
    logo: bytes | None = None  # PNG or JPEG, drawn at the left of the letterhead


def draw_logo(pdf: canvas.Canvas, logo: bytes, *, x: float, y: float, box: float) -> float:
    """Draw ``logo`` inside a ``box``-high square at (x, y), keeping its proportions;
    the width it took, so that the letterhead's name starts after it."""
    image = ImageReader(io.BytesIO(logo))
    w, h = image.getSize()
    scale = box / max(w, h)
    pdf.drawImage(image, x, y + (box - h * scale) / 2, w * scale, h * scale, mask="auto")
    return w * scale


def render_letter_pdf(data: LetterData) -> bytes:
    buffer = io.BytesIO()
    width, height = A4
    pdf = _canvas(buffer, A4, data.subject)
    pdf.setFillColor(NAVY)
    pdf.rect(0, height - 28 * mm, width, 28 * mm, stroke=0, fill=1)
    name_x = 20 * mm
    if data.logo:
        name_x += draw_logo(pdf, data.logo, x=20 * mm, y=height - 24 * mm, box=20 * mm) + 5 * mm
    _line(
        pdf,
        data.letterhead,
        x=name_x,
        y=height - 17 * mm,
        width=width - 20 * mm - name_x,
        size=15,
        colour=colors.white,
    )
    pdf.setFillColor(colors.black)
    y = height - 42 * mm
    _draw(pdf, width - 20 * mm - _width(data.date_line, 10), y, data.date_line, 10)
    y -= 12 * mm
    _line(pdf, data.subject, x=20 * mm, y=y, width=width - 40 * mm, size=12, colour=NAVY)
    y -= 10 * mm
    pdf.setFillColor(colors.black)
    for line in _wrap(data.body, 10.5, width - 40 * mm):
        if y < 20 * mm:
            pdf.showPage()
            y = height - 20 * mm
        _draw(pdf, 20 * mm, y, line, 10.5)
        y -= 5.5 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class ListEntry:
    name: str
    function: str
    is_head: bool


@dataclass(frozen=True)
class ListDelegation:
    name: str
    people: Sequence[ListEntry]


@dataclass(frozen=True)
class ListGroupData:
    heading: str
    delegations: Sequence[ListDelegation]


def render_participants_list_pdf(
    *, title: str, subtitle: str, groups: Iterable[ListGroupData], head_label: str
) -> bytes:
    """The official list of participants: groups, delegations in protocol order, people."""
    buffer = io.BytesIO()
    width, height = A4
    pdf = _canvas(buffer, A4, title)
    left, usable = 20 * mm, width - 40 * mm
    y = height - 25 * mm

    def need(space: float) -> None:
        nonlocal y
        if y - space < 18 * mm:
            pdf.showPage()
            y = height - 20 * mm

    _line(pdf, title, x=left, y=y, width=usable, size=16, colour=NAVY)
    y -= 7 * mm
    _line(pdf, subtitle, x=left, y=y, width=usable, size=10, colour=GREY)
    y -= 10 * mm
    for group in groups:
        need(20 * mm)
        _line(pdf, group.heading.upper(), x=left, y=y, width=usable, size=13, colour=NAVY)
        y -= 8 * mm
        for delegation in group.delegations:
            need(14 * mm)
            _line(pdf, delegation.name, x=left, y=y, width=usable, size=11, colour=colors.black)
            y -= 6 * mm
            for person in delegation.people:
                need(6 * mm)
                text = person.name + (f", {person.function}" if person.function else "")
                if person.is_head:
                    text += f" ({head_label})"
                _line(pdf, text, x=left + 6 * mm, y=y, width=usable - 6 * mm, size=9.5, colour=GREY)
                y -= 5 * mm
            y -= 3 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class Seat:
    delegation: str
    x: float  # 0..1 across the room
    y: float  # 0..1 from the front


def render_seating_pdf(*, title: str, seats: Sequence[Seat], front_label: str) -> bytes:
    """The plenary's seating plan on one A4 landscape page, then one name plate per
    delegation (a folded A4 landscape: the name on both halves)."""
    buffer = io.BytesIO()
    size = landscape(A4)
    width, height = size
    pdf = _canvas(buffer, size, title)
    _line(pdf, title, x=15 * mm, y=height - 15 * mm, width=width - 30 * mm, size=14, colour=NAVY)
    _line(
        pdf,
        front_label,
        x=width / 2 - 20 * mm,
        y=height - 27 * mm,
        width=40 * mm,
        size=10,
        colour=GREY,
    )
    box_w, box_h = 38 * mm, 9 * mm
    area_w, area_h = width - 30 * mm - box_w, height - 50 * mm - box_h
    for seat in seats:
        x = 15 * mm + seat.x * area_w
        y = height - 35 * mm - box_h - seat.y * area_h
        pdf.setStrokeColor(NAVY)
        pdf.rect(x, y, box_w, box_h)
        _line(
            pdf,
            seat.delegation,
            x=x + 1.5 * mm,
            y=y + 3 * mm,
            width=box_w - 3 * mm,
            size=8,
            colour=colors.black,
        )
    pdf.showPage()
    for seat in seats:
        size_pt = _fitted(seat.delegation, 60, width - 30 * mm, smallest=18)
        text_w = _width(seat.delegation, size_pt)
        pdf.setFillColor(colors.black)
        _draw(pdf, (width - text_w) / 2, height / 4 - size_pt / 3, seat.delegation, size_pt)
        # Upside down on the upper half, so the folded plate reads from both sides.
        pdf.saveState()
        pdf.translate(width, height)
        pdf.rotate(180)
        _draw(pdf, (width - text_w) / 2, height / 4 - size_pt / 3, seat.delegation, size_pt)
        pdf.restoreState()
        pdf.setDash(3, 3)
        pdf.line(10 * mm, height / 2, width - 10 * mm, height / 2)
        pdf.setDash()
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class BadgeData:
    name: str
    honorific: str
    function: str
    delegation: str
    category: str
    colour: str
    code: str
    event_title: str
    photo: bytes | None = None


BADGE_SIZES = {"cr80": PASS_CARD_SIZE[::-1], "a6": A6}  # portrait


def render_badges_pdf(badges: Iterable[BadgeData], *, format: str = "cr80", on_page=None) -> bytes:
    """One badge per page (a card printer's or an A6 sheet): the category's colour band,
    photo, name, title, delegation and the pass's QR code for check-in. ``on_page(n)`` is
    called after each badge (progress)."""
    buffer = io.BytesIO()
    width, height = BADGE_SIZES[format]
    scale = width / (54 * mm)
    pdf = _canvas(buffer, (width, height), "Badges")
    codes = []
    for count, badge in enumerate(badges, start=1):
        band = 11 * mm * scale
        pdf.setFillColor(colors.HexColor(badge.colour))
        pdf.rect(0, height - band, width, band, stroke=0, fill=1)
        _line(
            pdf,
            badge.event_title,
            x=3 * mm,
            y=height - band + 4 * mm * scale,
            width=width - 6 * mm,
            size=7 * scale,
            colour=colors.white,
        )
        pdf.rect(0, 0, width, 7 * mm * scale, stroke=0, fill=1)
        _line(
            pdf,
            badge.category.upper(),
            x=3 * mm,
            y=2.3 * mm * scale,
            width=width - 6 * mm,
            size=8 * scale,
            colour=colors.white,
        )
        photo_side = 20 * mm * scale
        top = height - band - 3 * mm
        if badge.photo:
            try:
                pdf.drawImage(
                    ImageReader(io.BytesIO(badge.photo)),
                    3 * mm,
                    top - photo_side,
                    photo_side,
                    photo_side,
                    preserveAspectRatio=True,
                )
            except Exception:  # noqa: BLE001 - an unreadable photo leaves its frame empty
                pass
        pdf.setStrokeColor(GREY)
        pdf.rect(3 * mm, top - photo_side, photo_side, photo_side)
        qr_side = 22 * mm * scale
        if badge.code:  # an accompanying person has no pass: no code to scan
            _draw_qr(
                pdf,
                badge.code,
                x=width - qr_side - 2 * mm,
                y=top - qr_side,
                side=qr_side,
                level="M",
            )
        y = top - max(photo_side, qr_side) - 6 * mm * scale
        text_w = width - 6 * mm
        if badge.honorific:
            _line(pdf, badge.honorific, x=3 * mm, y=y, width=text_w, size=7 * scale, colour=GREY)
            y -= 5 * mm * scale
        _line(pdf, badge.name, x=3 * mm, y=y, width=text_w, size=11 * scale, colour=colors.black)
        y -= 5 * mm * scale
        if badge.function:
            _line(pdf, badge.function, x=3 * mm, y=y, width=text_w, size=7 * scale, colour=GREY)
            y -= 5 * mm * scale
        _line(pdf, badge.delegation, x=3 * mm, y=y, width=text_w, size=9 * scale, colour=NAVY)
        if badge.code:
            codes.append(badge.code)
        pdf.showPage()
        if on_page is not None:
            on_page(count)
    # The codes in the metadata too, so tools (and tests) can read them without a scanner.
    pdf.setKeywords(" ".join(codes))
    pdf.save()
    return buffer.getvalue()
