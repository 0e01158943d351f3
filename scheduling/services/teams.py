"""Teams of confirmed participants: formed balanced (``scheduling/teams.py``), a member
moved, a team renamed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked
from participants.models import Profile
from programmes.models import Event

from .. import selectors
from .. import teams as balancing
from ..models import (
    Team,
    TeamMember,
)


def _candidates(event: Event) -> list[balancing.Candidate]:
    applications = list(selectors.confirmed_applications(event).order_by("applicant_id"))
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user_id__in=[a.applicant_id for a in applications])
    }
    people = []
    for application in applications:
        profile = profiles.get(application.applicant_id)
        organisation = ""
        if profile is not None and profile.organisation_id:
            organisation = f"org:{profile.organisation_id}"
        elif profile is not None and profile.affiliation.strip():
            organisation = "name:" + " ".join(profile.affiliation.casefold().split())
        people.append(
            balancing.Candidate(
                user_id=application.applicant_id,
                country=str(application.country or ""),
                gender=application.gender or "",
                organisation=organisation,
            )
        )
    return people


@transaction.atomic
def teams_form(*, event: Event, count: int, by) -> list[Team]:
    """Replace the event's team membership with ``count`` balanced teams of its confirmed
    participants. Teams 1..count are kept (so team sessions keep their team); extra
    teams are removed unless sessions are planned for them."""
    Event.objects.select_for_update().get(pk=event.pk)  # one formation per event at a time
    people = _candidates(event)
    if count < 1:
        raise BridgesError(_("Form at least one team."), code="team_count", field="count")
    if count > max(1, len(people)):
        raise BridgesError(
            _("There are only %(n)s confirmed participants for %(count)s teams.")
            % {"n": len(people), "count": count},
            code="team_count",
            field="count",
        )
    extra = Team.objects.filter(event=event, number__gt=count)
    busy = extra.annotate(n=Count("session_requests")).filter(n__gt=0)
    if busy.exists():
        raise ConflictError(
            _("Sessions are planned for team %(n)s; move them before forming fewer teams.")
            % {"n": busy.first().number},
            code="team_in_use",
            field="count",
        )
    extra.delete()
    existing = {t.number: t for t in Team.objects.filter(event=event)}
    result = []
    for number in range(1, count + 1):
        team = existing.get(number)
        if team is None:
            team = Team.objects.create(
                event=event, number=number, name=_("Team %(n)s") % {"n": number}
            )
        result.append(team)
    TeamMember.objects.filter(event=event).delete()
    groups = balancing.balance(people, count)
    TeamMember.objects.bulk_create(
        TeamMember(event=event, team=team, user_id=person.user_id)
        for team, group in zip(result, groups, strict=True)
        for person in group
    )
    log_action(event, "scheduling.teams.formed", user=by, data={"teams": count})
    return result


@transaction.atomic
def team_member_move(*, member: TeamMember, team: Team, by) -> TeamMember:
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if team.event_id != member.event_id:
        raise BridgesError(_("Choose a team of the same event."), code="foreign_team", field="team")
    if member.team_id != team.pk:
        before = snapshot(member, ("team",))
        member.team = team
        member.save(update_fields=["team"])
        log_action(member, "scheduling.team_member.moved", user=by, before=before)
    return member


@transaction.atomic
def team_rename(*, team: Team, name: str) -> Team:
    name = (name or "").strip()
    if not name:
        raise BridgesError(_("Give the team a name."), code="required", field="name")
    before = snapshot(team, ("name",))
    team.name = name
    save_checked(team, update_fields=["name"])
    log_action(team, "scheduling.team.renamed", before=before)
    return team
