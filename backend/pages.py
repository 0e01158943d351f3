"""Helpers for the server-rendered pages of every app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest

from .errors import BridgesError


@dataclass
class ServiceOutcome:
    error: BridgesError | None = None


@contextmanager
def errors_as_messages(request: HttpRequest) -> Iterator[ServiceOutcome]:
    """Show a service's refusal as an error message on the next page.

    The rest of the ``with`` block (a success message, say) runs only if the service
    did not refuse; afterwards ``outcome.error`` tells which way it went::

        with errors_as_messages(request) as outcome:
            services.run_start(event=event, by=request.user)
            messages.success(request, _("Started."))
        if outcome.error:
            return redirect(...)
    """
    outcome = ServiceOutcome()
    try:
        yield outcome
    except BridgesError as exc:
        outcome.error = exc
        messages.error(request, exc.message)
