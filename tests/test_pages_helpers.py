"""backend.pages.errors_as_messages: a service's refusal becomes one error message."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from backend.errors import BridgesError
from backend.pages import errors_as_messages


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_becomes_an_error_message_and_skips_the_rest_of_the_block():
    request, after = _request(), []
    with errors_as_messages(request) as outcome:
        raise BridgesError("Not now.", code="busy")
        after.append("ran")  # noqa: B018 - must not run
    assert outcome.error is not None and outcome.error.code == "busy"
    assert after == []
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "Not now.")]


def test_success_runs_the_block_and_adds_no_message():
    request = _request()
    with errors_as_messages(request) as outcome:
        done = True
    assert done and outcome.error is None
    assert list(get_messages(request)) == []


def test_other_exceptions_pass_through():
    request = _request()
    with pytest.raises(ValueError), errors_as_messages(request):
        raise ValueError("a programming error must not become a message")
    assert list(get_messages(request)) == []
