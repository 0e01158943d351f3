import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from participants.enums import ApplicationStatus as S
from participants.enums import Gender, QuestionKind
from tests.factories.participants import (
    AnswerFactory,
    ApplicationFactory,
    ProfileFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def filled(event):
    """Two sent applications and a draft, with answers to two questions."""
    from participants.services import event_default_questions

    motivation = event_default_questions(event)[0]
    diet = QuestionFactory(
        event=event,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Meals",
        choices=["halal", "vegan"],
        order=5,
    )
    lan = ProfileFactory(
        full_name="Nguyễn Thị Lan", nationalities=["VN"], user__email="lan@example.org"
    ).user
    min = ProfileFactory(
        full_name='=HYPERLINK("http://evil")',
        nationalities=["KR"],
        date_of_birth=dt.date(1999, 7, 5),
        gender=Gender.MALE,
        user__email="min@example.org",
    ).user
    first = ApplicationFactory(
        event=event,
        applicant=lan,
        status=S.SUBMITTED,
        submitted_at=dt.datetime(2027, 5, 31, 14, 0, tzinfo=dt.UTC),
    )
    second = ApplicationFactory(
        event=event,
        applicant=min,
        status=S.ACCEPTED,
        country="KR",
        gender=Gender.MALE,
        date_of_birth=dt.date(1999, 7, 5),
        submitted_at=dt.datetime(2027, 5, 31, 15, 0, tzinfo=dt.UTC),
    )
    AnswerFactory(application=first, question=motivation, value="I love exchanges")
    AnswerFactory(application=first, question=diet, value=["halal", "vegan"])
    AnswerFactory(application=second, question=motivation, value="-1+1")
    ApplicationFactory(event=event, status=S.DRAFT)
    return first, second


def test_csv_export_has_one_row_per_sent_application(filled, organiser_client, event):
    first, second = filled
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="{event.slug}-applications.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID", "Status", "Submitted (Asia/Seoul)", "Full name"]
    assert rows[0][-2:] == ["Why do you want to take part?", "Meals"]
    assert len(rows) == 3  # header + two sent; the draft stays private
    lan = dict(zip(rows[0], rows[1], strict=True))
    assert lan["ID"] == str(first.pk)
    assert lan["Submitted (Asia/Seoul)"] == "2027-05-31 23:00"
    assert lan["Full name"] == "Nguyễn Thị Lan"
    assert lan["Email"] == "lan@example.org"
    assert lan["Age on first day"] == "26"
    assert lan["Meals"] == "halal; vegan"
    assert lan["Why do you want to take part?"] == "I love exchanges"
    min_row = dict(zip(rows[0], rows[2], strict=True))
    assert min_row["Status"] == "Accepted"
    assert min_row["Age on first day"] == "28"  # birthday on the first day counts
    # Formula-looking text is neutralised for spreadsheets.
    assert min_row["Full name"] == '\'=HYPERLINK("http://evil")'
    assert min_row["Why do you want to take part?"] == "'-1+1"


def test_guardian_consent_column_says_what_the_guardian_did(organiser_client, event):
    from participants.models import GuardianConsent
    from participants.services import guardian_consent_request

    minors = {
        status: ApplicationFactory(event=event, awaiting_consent=True, status=status)
        for status in (S.AWAITING_GUARDIAN_CONSENT, S.SUBMITTED, S.CONSENT_LAPSED, S.WITHDRAWN)
    }
    ApplicationFactory(event=event, status=S.SUBMITTED)  # an adult: no consent needed
    for application in minors.values():
        guardian_consent_request(application=application)
    consented = minors[S.SUBMITTED].guardian_consents.get()
    GuardianConsent.objects.filter(pk=consented.pk).update(consented_at=consented.requested_at)
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    by_id = {int(row["ID"]): row["Guardian consent"] for row in rows}
    assert {status: by_id[a.pk] for status, a in minors.items()} == {
        S.AWAITING_GUARDIAN_CONSENT: "pending",
        S.SUBMITTED: "given",
        # Lapsed, or withdrawn while waiting: the guardian never consented.
        S.CONSENT_LAPSED: "not given",
        S.WITHDRAWN: "not given",
    }
    assert sorted(by_id.values()).count("") == 1


def test_xlsx_export_matches_the_csv(filled, organiser_client, event):
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 3
    header = rows[0]
    assert dict(zip(header, rows[1], strict=True))["Full name"] == "Nguyễn Thị Lan"
    assert dict(zip(header, rows[2], strict=True))["Country (quota)"] == "KR"


def test_xlsx_export_drops_characters_a_worksheet_cannot_hold(filled, organiser_client, event):
    first, _second = filled
    answer = first.answers.get(value="I love exchanges")
    answer.value = "I love\x04 exchanges\x1b"  # pasted control characters
    answer.save()
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert dict(zip(rows[0], rows[1], strict=True))["Why do you want to take part?"] == (
        "I love exchanges"
    )
    # CSV can carry them: it keeps the answer as written.
    csv_body = organiser_client.get(f"/api/v1/events/{event.slug}/applications/export.csv")
    assert "I love\x04 exchanges\x1b" in csv_body.getvalue().decode("utf-8-sig")


def test_list_filters(filled, organiser_client, event):
    first, second = filled
    url = f"/api/v1/events/{event.slug}/applications/"

    def ids(query: str) -> list[int]:
        response = organiser_client.get(url + query)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids("") == [first.pk, second.pk]
    assert ids("?status=accepted") == [second.pk]
    assert ids("?status=submitted,accepted") == [first.pk, second.pk]
    assert ids("?country=kr") == [second.pk]
    assert ids("?gender=male") == [second.pk]
    assert ids("?age_min=28") == [second.pk]  # turns 28 exactly on the first day
    assert ids("?age_max=27") == [first.pk]
    assert ids("?age_min=26&age_max=26") == [first.pk]
    response = organiser_client.get(url + "?status=maybe")
    assert response.status_code == 400 and "status" in response.json()
    response = organiser_client.get(url + "?age_min=old")
    assert response.status_code == 400 and "age_min" in response.json()
    response = organiser_client.get(url + "?country=XX")
    assert response.status_code == 400
    assert response.json()["country"] == ["Unknown country code."]
    # A NUL would reach PostgreSQL and fail the request: refused before the view.
    response = organiser_client.get(url + "?country=K%00R")
    assert response.status_code == 400 and response.json()["code"] == "null_character"
    body = organiser_client.get(url + "?status=accepted").json()["results"][0]
    assert body == {
        "id": second.pk,
        "applicant": {
            "id": second.applicant_id,
            "email": "min@example.org",
            "full_name": '=HYPERLINK("http://evil")',
            "name": '=HYPERLINK("http://evil")',
        },
        "status": "accepted",
        "country": "KR",
        "gender": "male",
        "age_on_first_day": 28,
        "is_minor": False,
        "submitted_at": "2027-05-31T15:00:00Z",
    }


def test_list_query_count_is_constant(event, organiser_client):
    url = f"/api/v1/events/{event.slug}/applications/"
    ApplicationFactory(event=event)
    organiser_client.get(url)  # warm the role cache of this client's user
    import django.test.utils as tu
    from django.db import connection

    with tu.CaptureQueriesContext(connection) as one:
        assert organiser_client.get(url).json()["count"] == 1
    for _ in range(15):
        ApplicationFactory(event=event)
    with tu.CaptureQueriesContext(connection) as many:
        assert organiser_client.get(url).json()["count"] == 16
    assert len(many.captured_queries) == len(one.captured_queries)


def test_list_shows_an_application_without_a_country(event, organiser_client):
    """One sent before its country was recorded (imported, or an older record): a blank
    country must list as "", not fail the whole page."""
    blank = ApplicationFactory(event=event, status=S.SUBMITTED, country="")
    response = organiser_client.get(f"/api/v1/events/{event.slug}/applications/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["country"]) == (blank.pk, "")
