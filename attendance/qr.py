"""Pass codes: what the QR code on a participant's pass says, and how staff read it back.

A code is ``BRG1.<pass id>.<nonce>.<signature>``: the Django signing machinery (HMAC
with SECRET_KEY and our own salt) makes it unforgeable, and the per-pass random nonce
makes it revocable: reissuing a pass draws a new nonce, so the old code still has a
valid signature but no longer matches the pass and is refused. The code carries no
personal data, so a photo of someone's pass leaks nothing but the ability to check
them in, and only staff of the event's organisation can do that.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import segno
from django.core import signing

PREFIX = "BRG1"
SALT = "bridges.attendance.pass"
# Anything longer than this is not one of our codes; refuse it before doing any work.
MAX_CODE_LENGTH = 200


class InvalidCode(Exception):
    """The scanned text is not a code we signed (garbage, truncated or forged)."""


@dataclass(frozen=True)
class PassCode:
    pass_id: int
    nonce: str


def new_nonce() -> str:
    # 128 bits: not guessable, and short enough to keep the QR code small.
    return secrets.token_urlsafe(16)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def make_code(*, pass_id: int, nonce: str) -> str:
    return _signer().sign(f"{PREFIX}.{pass_id}.{nonce}")


def read_code(code: str) -> PassCode:
    """Check the signature and return what the code names; raise InvalidCode otherwise."""
    if not isinstance(code, str) or not code or len(code) > MAX_CODE_LENGTH:
        raise InvalidCode("not a pass code")
    code = code.strip()
    try:
        value = _signer().unsign(code)
    except signing.BadSignature as exc:
        raise InvalidCode("bad signature") from exc
    parts = value.split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1].isdigit() or not parts[2]:
        raise InvalidCode("malformed")
    return PassCode(pass_id=int(parts[1]), nonce=parts[2])


# The quiet zone the QR standard asks for (4 modules): with 2, scanners (html5-qrcode's
# decoder among them) now and then miss a code in a photo of the pass.
QUIET_ZONE = 4


def qr_svg(code: str, *, title: str = "") -> str:
    """The code as an inline SVG (no XML declaration), scaled by CSS to any size."""
    qr = segno.make(code, error="m", micro=False)
    return qr.svg_inline(
        scale=6, border=QUIET_ZONE, title=title or None, svgclass="pass-qr", omitsize=True
    )


def qr_png(code: str) -> bytes:
    import io

    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(buffer, kind="png", scale=8, border=QUIET_ZONE)
    return buffer.getvalue()
