"""Every change to travel data, one module per job; the public names are re-exported."""

from .access import access_grant, access_revoke
from .letters import (
    letter_by_reference,
    letter_job_start,
    letter_make,
    letter_settings_save,
    letters_due,
    letters_make,
    mask_name,
)
from .passports import (
    PASSPORT_FIELDS,
    attending,
    passport_save,
    passport_view,
    passports_erase_due,
    passports_view,
)
from .transport import flight_save, local_time, manifest, pickup_groups, pickups_plan, plan_groups
from .visas import (
    people_at_risk,
    visa_declare,
    visa_needs,
    visa_overview,
    visa_rules_set,
    visa_status_set,
)

__all__ = [
    "access_grant",
    "access_revoke",
    "PASSPORT_FIELDS",
    "attending",
    "flight_save",
    "letter_by_reference",
    "letter_job_start",
    "letter_make",
    "letter_settings_save",
    "letters_due",
    "letters_make",
    "local_time",
    "manifest",
    "mask_name",
    "passport_save",
    "passport_view",
    "passports_erase_due",
    "passports_view",
    "people_at_risk",
    "pickup_groups",
    "pickups_plan",
    "plan_groups",
    "visa_declare",
    "visa_needs",
    "visa_overview",
    "visa_rules_set",
    "visa_status_set",
]
