"""Demo data for review, run by ``manage.py load_demo`` after participants/demo.py.

The open Youth Network call gets a rubric, two reviewers per application (the automatic
assignment) and reviews: the owner and the organiser have scored everything assigned to
them, the demo reviewer about half, so the reviewer lands on work to finish and the
organiser on a ranking and a selection to make. All through the services.

Idempotent: the rubric is created once, the assignment runs only when the event has
none, and an assignment that has a submitted review is left alone.
"""

from __future__ import annotations

import zlib

from programmes.demo import Demo

from . import services
from .models import Criterion, Review, ReviewAssignment

RUBRIC = [
    {
        "name": "Motivation and fit with the workshop",
        "guidance": "Does the applicant say what they hope to learn and bring?",
        "weight": 3,
    },
    {
        "name": "Intercultural and community experience",
        "guidance": "Volunteering, exchanges, work with visitors or communities.",
        "weight": 2,
    },
    {
        "name": "Plan to share what they learn",
        "guidance": "Will the workshop reach people beyond the participant?",
        "weight": 1,
    },
]


def _score(username: str, criterion_index: int, reviewer_index: int) -> int:
    """A stable score from 2 to 5, different per applicant, criterion and reviewer."""
    return 2 + zlib.crc32(f"{username}:{criterion_index}:{reviewer_index}".encode()) % 4


def load(demo: Demo) -> None:
    event = demo.events["akynw-next"]
    organiser = demo.users["organiser"]
    services.review_settings_update(event=event, data={"reviews_needed": 2, "blind": True})
    for order, row in enumerate(RUBRIC):
        if not Criterion.objects.filter(event=event, name=row["name"]).exists():
            services.criterion_create(
                event=event, data={**row, "scale_min": 1, "scale_max": 5, "order": order}
            )
    if not ReviewAssignment.objects.filter(application__event=event).exists():
        services.assignments_auto(event=event, by=organiser)

    criteria = list(Criterion.objects.filter(event=event).order_by("order"))
    reviewers = [demo.users["owner"], organiser, demo.users["reviewer"]]
    done = set(
        Review.objects.filter(application__event=event, submitted_at__isnull=False).values_list(
            "assignment_id", flat=True
        )
    )
    for reviewer_index, reviewer in enumerate(reviewers):
        assignments = list(
            ReviewAssignment.objects.filter(application__event=event, reviewer=reviewer)
            .select_related("application__applicant", "application__event")
            .order_by("application__applicant__username")
        )
        # The demo reviewer has done the first half; the organisers have done all theirs.
        if reviewer == demo.users["reviewer"]:
            assignments = assignments[: len(assignments) // 2]
        for assignment in assignments:
            if assignment.pk in done:
                continue
            username = assignment.application.applicant.username
            services.review_submit(
                assignment=assignment,
                by=reviewer,
                scores={
                    str(c.pk): _score(username, i, reviewer_index) for i, c in enumerate(criteria)
                },
                comment="Clear motivation; a good fit for a mixed team.",
            )
