"""Who is acting, for services that are not told (``event_update(*, event, data)``).

``AuditActorMiddleware`` keeps the current request in a context variable for the length
of the request (as django-auditlog's ``set_actor`` does); ``log_action`` reads its user
when the service passes none. The request, not its user, is kept: DRF authenticates a
token only inside the view and then sets the user on the underlying request. Outside a
request (Celery tasks, management commands) there is no actor: the entry is the system's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_actor():
    """The signed-in user of the request being served, or None."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


@contextlib.contextmanager
def acting_request(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_request(request):
            return self.get_response(request)
