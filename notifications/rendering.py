"""Turn an outbox row into a subject, a text body and an HTML body.

Rendering happens at delivery time, in the row's language, from the row's context
(plain JSON written at queue time). Instants are stored as UTC ISO strings beside the
zone they belong to; each is shown in that zone and, when the recipient lives in
another zone, in theirs too, converted at the instant itself so a daylight-saving
change between booking and the session is always right.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import zoneinfo
from typing import Any

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from backend.i18n import localised_url

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
    language = translation.get_language()
    if language and language != settings.LANGUAGE_CODE:
        # Links open in the recipient's language (/ko/...), whatever language queued them.
        for name, value in ctx.items():
            if isinstance(value, str) and value.startswith(site_url + "/"):
                ctx[name] = _localised_url(value, language)
    return ctx


# A fan-out repeats the same few links thousands of times.
_localised_url = functools.lru_cache(maxsize=2048)(localised_url)


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
        return _render_ctx(kind=kind, template=template, ctx=ctx, override=override)


def _render_ctx(
    *, kind: str, template: str, ctx: dict, override: tuple[str, str] | None
) -> tuple[str, str, str]:
    """Render a built context; the caller has activated the message's language."""
    if kind == MessageKind.BROADCAST:
        return render_custom(
            subject=ctx.get("custom_subject", ""), body=ctx.get("custom_body", ""), ctx=ctx
        )
    if override is not None:
        return render_custom(subject=override[0], body=override[1], ctx=ctx)
    base = f"notifications/email/{template}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", ctx).split())
    return subject, render_to_string(f"{base}.txt", ctx), render_to_string(f"{base}.html", ctx)


# The values that differ per recipient in a fan-out (10,000 reminders of one session
# share everything else). Zones and times stay in the cache key: they change branches.
_PERSONAL = ("first_name", "unsubscribe_link")
# Two probe sets of different lengths, with "&" so the probe shows whether an output
# escapes the value: a filter or branch that depends on the value (|upper, |length,
# {% if %}) renders the two sets differently and the shape is not shared.
_PROBES = (
    {name: f"\u2063{name}&{i}\u2063" for i, name in enumerate(_PERSONAL)},
    {name: f"\u2063{name}&&{name}{i}&\u2063" for i, name in enumerate(_PERSONAL)},
)


def _fill(text: str, probe: dict[str, str], values: dict[str, str]) -> str:
    for name, token in probe.items():
        text = text.replace(escape(token), escape(values[name])).replace(token, values[name])
    return text


class Renderer:
    """Renders many messages, rendering each template once per shape.

    A shape is everything in the context except the personal values; it is rendered
    with probe values and the personal values are put in afterwards (escaped where the
    output escaped the probe). Used only when two different probes give outputs that
    map onto each other exactly, so the result is the same as a full render; anything
    else (an empty name, an organiser's override, a broadcast) is rendered in full.
    """

    def __init__(self, *, site_url: str) -> None:
        self.site_url = site_url
        self.shapes: dict[str, tuple[str, str, str] | None] = {}
        self.language: str | None = None
        self.previous: str | None = None

    def render(
        self,
        *,
        kind: str,
        template: str,
        context: dict[str, Any],
        language: str,
        recipient_id: int | None,
        override: tuple[str, str] | None = None,
    ) -> tuple[str, str, str, str]:
        """(subject, text, html, unsubscribe link)."""
        if language != self.language:
            # One activation per language change, not one override per message.
            if self.language is None:
                self.previous = translation.get_language()
            translation.activate(language)
            self.language = language
        ctx = build_context(
            kind=kind, context=context, recipient_id=recipient_id, site_url=self.site_url
        )
        values = {name: str(ctx.get(name) or "") for name in _PERSONAL}
        shaped = None
        if override is None and kind != MessageKind.BROADCAST:
            shaped = self._shape(kind, template, language, ctx, values)
        if shaped is None:
            subject, text, html = _render_ctx(
                kind=kind, template=template, ctx=ctx, override=override
            )
        else:
            probe, parts = shaped
            subject, text, html = (_fill(part, probe, values) for part in parts)
            subject = " ".join(subject.split())
        return subject, text, html, ctx["unsubscribe_link"]

    def _shape(self, kind: str, template: str, language: str, ctx: dict, values: dict):
        # An empty personal value stays in the shape: it may take another branch.
        present = [name for name in _PERSONAL if values[name]]
        rest = {k: v for k, v in ctx.items() if k not in present}
        key = json.dumps([kind, template, language, rest], sort_keys=True, default=str)
        if key not in self.shapes:
            probes = [{name: p[name] for name in present} for p in _PROBES]
            base = f"notifications/email/{template}"
            outputs = [
                tuple(
                    render_to_string(f"{base}{suffix}", {**rest, **probe})
                    for suffix in (".subject.txt", ".txt", ".html")
                )
                for probe in probes
            ]
            linear = all(_fill(a, probes[0], probes[1]) == b for a, b in zip(*outputs, strict=True))
            self.shapes[key] = (probes[0], outputs[0]) if linear else None
        return self.shapes[key]

    def close(self) -> None:
        if self.language is not None:
            translation.activate(self.previous) if self.previous else translation.deactivate()
        self.language = None
