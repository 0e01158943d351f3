"""The pair key and the personal link.

The pair key is an HMAC (SHA-256, keyed with a secret derived from SECRET_KEY) of the
survey and the person's application: the same in both waves of a survey, different in
every other survey, and impossible to compute back from the stored rows, so an
anonymous survey's responses pair up without naming anyone. Rotating SECRET_KEY while a
survey is open breaks its pairing (the second wave's keys would no longer match).

The link carries the invitation's id and nonce, signed; it needs no sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core import signing
from django.utils.crypto import salted_hmac

LINK_SALT = "surveys.link"


def pair_keys(*, survey_id: int, application_ids: Iterable[int]) -> dict[int, str]:
    """{application id: pair key} for many people: the HMAC's key is derived once
    (``salted_hmac`` with an empty message, then each person's message added to a copy)."""
    keyed = salted_hmac("surveys.pair_key", b"", algorithm="sha256")
    keys = {}
    for application_id in application_ids:
        mac = keyed.copy()
        mac.update(f"survey:{survey_id}:application:{application_id}".encode())
        keys[application_id] = mac.hexdigest()
    return keys


def pair_key(*, survey_id: int, application_id: int) -> str:
    return pair_keys(survey_id=survey_id, application_ids=[application_id])[application_id]


def link_token(*, invitation_id: int, nonce: str) -> str:
    return signing.dumps({"i": invitation_id, "n": nonce}, salt=LINK_SALT, compress=True)


def read_link_token(token: str) -> tuple[int, str] | None:
    """(invitation id, nonce), or None for a link that was not signed by us."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    return data["i"], str(data.get("n", ""))
