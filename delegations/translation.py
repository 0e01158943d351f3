"""Organiser-written text of delegations in each language (issue 17): partners' official
and "alphabetical as" names (protocol order sorts by the meeting language's one), the
invitation letter, and meeting documents' titles."""

from backend.content_language import register_content

from .models import DelegationSettings, MeetingDocument, Partner

register_content(Partner, ["official_name", "alphabetical_name"])
register_content(DelegationSettings, ["letter_subject", "letter_template"])
register_content(MeetingDocument, ["title"])
