"""allauth's adapter for Bridges, with account mail sent through the outbox.

It lives here, not in participants, because the outbox is a higher floor:
``ACCOUNT_ADAPTER`` names this class, which keeps participants' behaviour (the time zone
remembered at sign-in) and changes only how mail leaves.
"""

from __future__ import annotations

from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from participants.accounts import AccountAdapter as ParticipantsAccountAdapter

from .services import account_mail_queue


class AccountAdapter(ParticipantsAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's templates as allauth does, then queue the result instead of
        sending it during the request: a slow or failing mail server no longer fails a
        sign-up, and the message is retried and shown to operators like any other."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        rendered = self.render_mail(template_prefix, email, ctx)
        user = context.get("user")
        account_mail_queue(
            to_email=email,
            subject=rendered.subject,
            text=rendered.body,
            user=user if getattr(user, "pk", None) else None,
            template=template_prefix,
        )
