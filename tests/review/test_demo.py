"""What the demo reviewer and organiser find on the review pages."""

import csv
import io
import re

import pytest
from django.urls import reverse

from review.models import Criterion, ReviewAssignment
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module

NETWORK = "asean-korea-youth-network-workshop-2027"


def test_reviewer_lands_on_half_done_assignments(demo):
    page = client_for("reviewer@bridges.demo").get(reverse("review-my-assignments-page"))
    assert page.status_code == 200
    html = page.content.decode()
    cards = re.findall(r'<span class="badge[^"]*">([^<]+)</span>', html)
    assert cards.count("Submitted") == 6 and cards.count("To review") == 6
    assert "Nothing is assigned to you." not in html


def test_reviewer_can_score_an_unscored_assignment(demo):
    assignment = ReviewAssignment.objects.filter(
        reviewer__email="reviewer@bridges.demo", review__isnull=True
    ).first()
    client = client_for("reviewer@bridges.demo")
    page = client.get(reverse("review-assignment", args=[assignment.pk]))
    assert page.status_code == 200
    criteria = list(Criterion.objects.filter(event=assignment.application.event))
    assert [c.name for c in criteria] == [
        "Motivation and fit with the workshop",
        "Intercultural and community experience",
        "Plan to share what they learn",
    ]
    for criterion in criteria:
        assert criterion.name in page.content.decode()


def test_organiser_has_a_selection_to_make(demo):
    client = client_for("organiser@bridges.demo")
    page = client.get(reverse("review-selection", args=[NETWORK]))
    assert page.status_code == 200
    html = page.content.decode()
    # Every application is ranked with its reviews, each with a decision still to take.
    assert html.count('<select name="decision-') == 19
    assert "Countries" in html and ("Viet Nam" in html or "Vietnam" in html)
    # The rows can be taken away: the export is linked from the page and answers a CSV.
    csv_url = reverse("event-applications-csv", args=[NETWORK])
    assert csv_url in html and reverse("event-applications-xlsx", args=[NETWORK]) in html
    export = client.get(csv_url)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 19


def test_organiser_finds_the_rubric(demo):
    page = client_for("organiser@bridges.demo").get(reverse("review-rubric", args=[NETWORK]))
    assert page.status_code == 200
    assert "Motivation and fit with the workshop" in page.content.decode()
