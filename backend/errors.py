"""One domain error type, turned into a clear 4xx response in one place."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BridgesError(Exception):
    """A business rule said no.

    ``code`` is stable and machine readable, ``field`` names the input at fault (or
    None), ``status`` is the HTTP status the API answers with (400 bad input, 409 a
    conflict with the current state such as a full event).
    """

    def __init__(
        self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400
    ):
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field
        self.status = status

    def as_dict(self) -> dict:
        key = self.field or "non_field_errors"
        return {key: [self.message], "code": self.code}


class ConflictError(BridgesError):
    def __init__(self, message: str, *, code: str = "conflict", field: str | None = None):
        super().__init__(message, code=code, field=field, status=409)


def django_validation_error_as_dict(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def api_exception_handler(exc, context):
    if isinstance(exc, BridgesError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = DRFValidationError(django_validation_error_as_dict(exc))
    if isinstance(exc, Throttled):
        response = Response(
            {"non_field_errors": [str(exc.detail)], "code": "throttled"},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(max(1, math.ceil(exc.wait or 1)))
        return response
    if isinstance(exc, IntegrityError):
        # A constraint caught a race the service checks could not see: the state
        # changed under us, so tell the client to reload rather than fail with 500.
        return Response(
            {
                "non_field_errors": [
                    "This conflicts with a change made at the same time. Please retry."
                ],
                "code": "conflict",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, OperationalError) and is_transient_conflict(exc):
        return Response(
            {
                "non_field_errors": [
                    "This collided with a change made at the same time. Please retry."
                ],
                "code": "retry",
            },
            status=status.HTTP_409_CONFLICT,
        )
    return exception_handler(exc, context)


# PostgreSQL's answers when two transactions collide: deadlock detected, serialization
# failure, lock not available. The database already rolled the loser back; it may retry.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001", "55P03"})


def is_transient_conflict(exc: Exception) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in TRANSIENT_SQLSTATES
