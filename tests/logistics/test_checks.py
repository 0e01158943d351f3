"""The field-encryption key: the system check refuses a site with DEBUG off and no
BRIDGES_FIELD_KEYS (the key would silently come from the secret key)."""

from django.core import checks
from django.test import override_settings

KEY = "dGhpcy1pcy1hLXRlc3Qta2V5LW9mLTMyLWJ5dGVzISE="


def _ids() -> list[str]:
    return [
        m.id for m in checks.run_checks(tags=[checks.Tags.security]) if m.id.startswith("logistics")
    ]


def test_debug_off_without_a_field_key_fails_the_check():
    with override_settings(DEBUG=False, LOGISTICS_FIELD_KEYS=[]):
        messages = [m for m in checks.run_checks() if m.id == "logistics.E001"]
    assert len(messages) == 1 and messages[0].level == checks.ERROR
    assert "BRIDGES_FIELD_KEYS must be set" in messages[0].msg


def test_a_key_or_debug_passes_and_a_bad_key_is_named():
    with override_settings(DEBUG=False, LOGISTICS_FIELD_KEYS=[KEY]):
        assert _ids() == []
    with override_settings(DEBUG=True, LOGISTICS_FIELD_KEYS=[]):  # make run, tests
        assert _ids() == []
    with override_settings(DEBUG=False, LOGISTICS_FIELD_KEYS=[KEY, "not-a-key"]):
        assert _ids() == ["logistics.E002"]
