"""Who may do what with surveys. Surveys and their results belong to the event's
organisers; respondents need no rule (their signed link is their key); a published
impact summary is public with its event."""

from __future__ import annotations

import rules

from programmes.rules import is_organiser, is_public_event


@rules.predicate
def is_published_summary(user, survey) -> bool:
    return survey is not None and survey.summary_published and is_public_event(user, survey.event)


rules.add_perm("surveys.manage_survey", is_organiser)
rules.add_perm("surveys.view_results", is_organiser)
rules.add_perm("surveys.view_summary", is_organiser | is_published_summary)
