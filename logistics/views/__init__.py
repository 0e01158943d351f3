"""Logistics pages: the organisers' (under /organise/events/<slug>/logistics/), the
participant's own travel page, and the public check of a visa letter. Thin: forms in,
services do the work, selectors read. One module per area; the names urls.py uses are
re-exported here."""

from .follow_up import follow_up, follow_up_admin
from .grants import grants
from .people import people
from .stay import rooming_job, rooms
from .team import team
from .travel import my_travel, transport
from .visas import (
    letter_download,
    letter_job,
    letter_settings,
    letter_verify,
    letters_start,
    overview,
    passports,
    visa_rules,
    visa_status,
)

__all__ = [
    "follow_up",
    "follow_up_admin",
    "grants",
    "letter_download",
    "letter_job",
    "letter_settings",
    "letter_verify",
    "letters_start",
    "my_travel",
    "overview",
    "passports",
    "people",
    "rooming_job",
    "rooms",
    "team",
    "transport",
    "visa_rules",
    "visa_status",
]
