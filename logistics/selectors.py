"""Reads that several logistics lists share.

One rule for accompanying persons and chaperones: they are counted for rooms, meals,
badges and transfers, never for seats or quotas. Every list that counts heads (the
arrival manifest and pickup vehicles, the meal counts, the name list for badges) reads
``attendees_with_companions``; seats and quotas read confirmed applications only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .services.attendees import attending


@dataclass(frozen=True)
class Attendee:
    """A person attending, or someone registered with them."""

    name: str
    application_id: int
    companion_id: int | None = None
    role: str = ""  # the companion's role; "" for the person attending
    dietary_needs: str = ""
    accompanies: str = ""  # the person's name, for a companion
    travels_with_person: bool = True

    @property
    def is_companion(self) -> bool:
        return self.companion_id is not None


def attendees_with_companions(event) -> list[Attendee]:
    """The people attending ``event`` (confirmed applications), each followed by those
    who come with them, by family name. Two queries."""
    applications = (
        attending(event)
        .select_related("applicant__profile")
        .prefetch_related("companions")
        .order_by("applicant__last_name", "applicant__first_name", "pk")
    )
    rows: list[Attendee] = []
    for application in applications:
        user = application.applicant
        name = user.get_full_name() or user.email
        profile = getattr(user, "profile", None)
        rows.append(
            Attendee(
                name=name,
                application_id=application.pk,
                dietary_needs=getattr(profile, "dietary_needs", "") or "",
            )
        )
        for companion in application.companions.all():
            rows.append(
                Attendee(
                    name=companion.name,
                    application_id=application.pk,
                    companion_id=companion.pk,
                    role=companion.role,
                    dietary_needs=companion.dietary_needs,
                    accompanies=name,
                    travels_with_person=companion.travels_with_person,
                )
            )
    return rows


def travelling_companions(event) -> dict[int, list[Attendee]]:
    """Per application id: the companions on the same flights (a seat in the vehicle)."""
    parties: dict[int, list[Attendee]] = defaultdict(list)
    for row in attendees_with_companions(event):
        if row.is_companion and row.travels_with_person:
            parties[row.application_id].append(row)
    return dict(parties)


def meal_counts(event) -> list[tuple[str, int]]:
    """Meals to order per dietary need, companions included: [(need, people)], the most
    common first; "" stands for no special need."""
    counts = Counter(
        " ".join(row.dietary_needs.split()) for row in attendees_with_companions(event)
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
