"""OpenAPI names for the programmes enums.

Several models have a ``kind`` or ``status`` with different choices; without explicit
names drf-spectacular invents hashed ones (``Kind3a8Enum``) and warns. These entries
belong in ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]``.
"""

ENUM_NAME_OVERRIDES = {
    "OrganisationKindEnum": "programmes.enums.OrganisationKind",
    "MemberRoleEnum": "programmes.enums.MemberRole",
    "EventKindEnum": "programmes.enums.EventKind",
    "EventStatusEnum": "programmes.enums.EventStatus",
    "EventPhaseEnum": "programmes.enums.EventPhase",
    "AttendanceModeEnum": "programmes.enums.AttendanceMode",
    "SessionTypeEnum": "programmes.enums.SessionType",
    "SessionStatusEnum": "programmes.enums.SessionStatus",
}
