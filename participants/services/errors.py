"""The error for several fields failing at once (a form's answers, a submit)."""

from __future__ import annotations

from backend.errors import BridgesError


class ApplicationInvalid(BridgesError):
    """Several fields failed at once; rendered as {field: [messages], "code": ...}."""

    def __init__(self, errors: dict[str, list[str]], *, code: str = "invalid"):
        first_field, messages = next(iter(errors.items()))
        super().__init__(messages[0], code=code, field=first_field, status=400)
        self.errors = errors

    def as_dict(self) -> dict:
        return {**self.errors, "code": self.code}
