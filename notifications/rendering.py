"""Turn an outbox row into a subject, a text body and an HTML body.

Rendering happens at delivery time, in the row's language, from the row's context
(plain JSON written at queue time). Instants are stored as UTC ISO strings beside the
zone they belong to; each is shown in that zone and, when the recipient lives in
another zone, in theirs too, converted at the instant itself so a daylight-saving
change between booking and the session is always right.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .enums import OPTIONAL_KINDS, PLACEHOLDERS, MessageKind

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def format_instant(at: dt.datetime, zone: str) -> str:
    """``2027-07-05 09:00 (Asia/Seoul, UTC+09:00)``: unambiguous in every language."""
    local = at.astimezone(zoneinfo.ZoneInfo(zone))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} ({zone}, UTC{offset[:3]}:{offset[3:]})"


def time_entry(at: dt.datetime, zone: str) -> dict[str, str]:
    """How an instant is kept in a message's context."""
    return {"at": at.astimezone(dt.UTC).isoformat(), "zone": str(zone)}


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    # No timestamp: the link in the body and the List-Unsubscribe header must match,
    # and an unsubscribe link should keep working for as long as the mail is kept.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"u": user_id, "k": kind}, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or data.get("k") not in OPTIONAL_KINDS:
        return None
    return int(data["u"]), data["k"]


def unsubscribe_url(*, site_url: str, user_id: int, kind: str) -> str:
    return site_url + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)]
    )


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS})


def fill_placeholders(text: str, values: dict[str, Any]) -> str:
    """Replace ``{name}`` for known names only; anything else is left as written.

    A regex, not ``str.format``: organisers' text must never reach attribute or
    index look-ups (``{first_name.__class__}``).
    """

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values.get(name, "")) if name in PLACEHOLDERS else match.group(0)

    return PLACEHOLDER_RE.sub(replace, text)


def build_context(
    *, kind: str, context: dict[str, Any], recipient_id: int | None, site_url: str
) -> dict:
    """The template context: stored values plus the formatted times and links."""
    ctx = {k: v for k, v in context.items() if k != "times"}
    recipient_zone = context.get("recipient_zone") or ""
    for name, entry in (context.get("times") or {}).items():
        at = dt.datetime.fromisoformat(entry["at"])
        ctx[f"{name}_local"] = format_instant(at, entry["zone"])
        ctx[f"{name}_yours"] = (
            format_instant(at, recipient_zone)
            if recipient_zone and recipient_zone != entry["zone"]
            else ""
        )
    for item in ctx.get("sessions") or []:
        zone = zoneinfo.ZoneInfo(item["zone"])
        starts = dt.datetime.fromisoformat(item["starts_at"]).astimezone(zone)
        ends = dt.datetime.fromisoformat(item["ends_at"]).astimezone(zone)
        item["time"] = f"{starts:%H:%M}–{ends:%H:%M}"
    ctx.setdefault("first_name", "")
    ctx.setdefault("link", site_url + "/")
    ctx["session_start_local"] = ctx.get("session_start_local", "")
    ctx["session_start_yours"] = ctx.get("session_start_yours", "")
    ctx["unsubscribe_link"] = (
        unsubscribe_url(site_url=site_url, user_id=recipient_id, kind=kind)
        if recipient_id and kind in OPTIONAL_KINDS
        else ""
    )
    ctx["inbox_link"] = site_url + "/me/inbox/"
    ctx["kind"] = kind
    return ctx


def render_custom(*, subject: str, body: str, ctx: dict) -> tuple[str, str, str]:
    subject = " ".join(fill_placeholders(subject, ctx).split())
    body = fill_placeholders(body, ctx)
    page = {**ctx, "subject": subject, "body": body}
    return (
        subject,
        render_to_string("notifications/email/custom.txt", page),
        render_to_string("notifications/email/custom.html", page),
    )


def render(
    *,
    kind: str,
    template: str,
    context: dict[str, Any],
    language: str,
    recipient_id: int | None,
    site_url: str,
    override: tuple[str, str] | None = None,
) -> tuple[str, str, str]:
    """Return (subject, text, html) for one message; no database access."""
    with translation.override(language):
        ctx = build_context(
            kind=kind, context=context, recipient_id=recipient_id, site_url=site_url
        )
        if kind == MessageKind.BROADCAST:
            return render_custom(
                subject=ctx.get("custom_subject", ""), body=ctx.get("custom_body", ""), ctx=ctx
            )
        if override is not None:
            return render_custom(subject=override[0], body=override[1], ctx=ctx)
        base = f"notifications/email/{template}"
        subject = " ".join(render_to_string(f"{base}.subject.txt", ctx).split())
        return subject, render_to_string(f"{base}.txt", ctx), render_to_string(f"{base}.html", ctx)
