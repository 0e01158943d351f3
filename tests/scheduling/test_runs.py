"""Schedule runs end to end: the API queues the Celery task, the task solves and stores a
proposal, organisers read it beside the agenda, cancel, and accept it."""

import datetime as dt

import pytest
from django.urls import reverse

from programmes import services as programme_services
from programmes.models import Session
from programmes.signals import session_schedule_changed
from scheduling import selectors, services
from scheduling.enums import RunStatus
from scheduling.models import ProposedPlacement, ScheduleRun, SessionRequest
from scheduling.solver import Placement
from scheduling.tasks import solve_task
from tests.factories.scheduling import ScheduleRunFactory, demo_workshop
from tests.scheduling.checks import violations

TRAVEL = {dt.date(2027, 7, 10)}


@pytest.fixture
def demo(event):
    return demo_workshop(event)


def _runs_url(event):
    return reverse("scheduling-runs", kwargs={"event_id": event.pk})


def _run_url(event, run, name="scheduling-run"):
    return reverse(name, kwargs={"event_id": event.pk, "pk": run.pk})


def _start(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_runs_url(event))
    assert response.status_code == 202, response.json()
    return ScheduleRun.objects.get(pk=response.json()["id"])


@pytest.fixture
def signals():
    seen = []

    def receiver(sender, session, changes, cancelled, **kwargs):
        seen.append((session.pk, set(changes)))

    session_schedule_changed.connect(receiver, dispatch_uid="test-scheduling-signals")
    yield seen
    session_schedule_changed.disconnect(dispatch_uid="test-scheduling-signals")


def test_run_solves_the_demo_workshop_through_the_task(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert run.progress == 100
    assert run.started_at and run.finished_at

    body = organiser_client.get(_run_url(event, run)).json()
    assert body["status"] == "succeeded"
    assert len(body["proposal"]) == 40
    assert all(
        row["current"] is None and row["moves"] and not row["accepted"] for row in body["proposal"]
    )

    # The stored proposal, read back from the database, keeps every rule.
    problem = selectors.solver_problem(event)
    placements = [
        Placement(p.request_id, p.venue_id, p.starts_at, p.ends_at)
        for p in ProposedPlacement.objects.filter(run=run)
    ]
    assert violations(problem, placements, TRAVEL) == []
    opening = ProposedPlacement.objects.get(run=run, request=demo[1])
    assert opening.starts_at == dt.datetime(2027, 7, 5, 0, 0, tzinfo=dt.UTC)  # 09:00 in Seoul


def test_second_start_while_one_is_active_is_refused(organiser_client, event, demo):
    ScheduleRunFactory(event=event, status=RunStatus.RUNNING)
    response = organiser_client.post(_runs_url(event))
    assert response.status_code == 409
    assert response.json()["code"] == "run_active"


def test_start_without_requests_names_the_problem(organiser_client, event):
    response = organiser_client.post(_runs_url(event))
    assert response.status_code == 400
    assert response.json()["code"] == "nothing_to_schedule"


def test_infeasible_run_reports_conflicts(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    # The opening and the keynote share a speaker; pin both to 09:00 on day 1.
    nine = dt.datetime(2027, 7, 5, 9, 0, tzinfo=event.zone)
    demo[2].after.clear()
    SessionRequest.objects.filter(pk=demo[2].pk).update(fixed_start=nine)
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.INFEASIBLE
    (conflict,) = run.conflicts
    assert conflict["code"] == "constraints_conflict"
    assert f"fixed:{demo[1].pk}" in conflict["constraints"]
    assert f"fixed:{demo[2].pk}" in conflict["constraints"]
    assert ProposedPlacement.objects.filter(run=run).count() == 0


def test_task_is_idempotent(event, demo):
    run = ScheduleRunFactory(event=event)
    solve_task.apply(kwargs={"run_id": run.pk})
    solve_task.apply(kwargs={"run_id": run.pk})  # a redelivered message
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert ProposedPlacement.objects.filter(run=run).count() == 40


def test_task_for_a_deleted_run_returns_quietly(db):
    result = solve_task.apply(kwargs={"run_id": 987654})
    assert result.successful(), result.traceback
    assert not ScheduleRun.objects.exists()


def test_cancel_a_queued_run_stops_it_before_solving(organiser_client, event, demo):
    run = ScheduleRunFactory(event=event)
    response = organiser_client.post(_run_url(event, run, "scheduling-run-cancel"))
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    solve_task.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert ProposedPlacement.objects.filter(run=run).count() == 0


def test_cancel_while_running_is_seen_by_the_solver(event, demo, monkeypatch):
    """The cancel flag set through the API mid-run is polled by the solver, which stops."""
    run = ScheduleRunFactory(event=event)
    seen_progress = []
    real_update = ScheduleRun.objects.filter

    from scheduling import cpsat

    real_solve = cpsat.solve

    def solve_and_cancel(problem, **kwargs):
        # The organiser presses cancel once the run is under way.
        services.schedule_run_cancel(run=ScheduleRun.objects.get(pk=run.pk), by=None)
        on_progress = kwargs["on_progress"]
        kwargs["on_progress"] = lambda p: (seen_progress.append(p), on_progress(p))
        return real_solve(problem, **kwargs)

    monkeypatch.setattr(cpsat, "solve", solve_and_cancel)
    solve_task.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.cancel_requested
    assert seen_progress == [5]  # stopped after the first phase, before the search
    assert ProposedPlacement.objects.filter(run=run).count() == 0
    del real_update


def test_progress_is_written_while_solving(event, demo, monkeypatch):
    run = ScheduleRunFactory(event=event)
    stored = []
    from scheduling import cpsat

    real_solve = cpsat.solve

    def watch(problem, **kwargs):
        on_progress = kwargs["on_progress"]

        def record(percent):
            on_progress(percent)
            stored.append(ScheduleRun.objects.get(pk=run.pk).progress)

        kwargs["on_progress"] = record
        return real_solve(problem, **kwargs)

    monkeypatch.setattr(cpsat, "solve", watch)
    solve_task.apply(kwargs={"run_id": run.pk})
    assert stored[0] == 5 and stored[1] == 15
    assert stored[-1] == 99  # 100 only once the proposal is stored
    run.refresh_from_db()
    assert run.progress == 100


def test_cancel_a_finished_run_is_a_conflict(organiser_client, event, demo):
    run = ScheduleRunFactory(event=event, status=RunStatus.SUCCEEDED)
    response = organiser_client.post(_run_url(event, run, "scheduling-run-cancel"))
    assert response.status_code == 409
    assert response.json()["code"] == "run_finished"


def test_stale_running_run_is_reaped(event, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 1, 10, 0, tzinfo=dt.UTC))
    run = ScheduleRunFactory(
        event=event,
        status=RunStatus.RUNNING,
        started_at=dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC),
    )
    fresh_event_run = ScheduleRunFactory(
        status=RunStatus.RUNNING, started_at=dt.datetime(2027, 1, 1, 9, 59, tzinfo=dt.UTC)
    )
    assert services.schedule_runs_reap() == 1
    run.refresh_from_db()
    fresh_event_run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert fresh_event_run.status == RunStatus.RUNNING


def test_accept_whole_proposal_creates_sessions_without_change_signals(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks, signals
):
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    response = organiser_client.post(
        _run_url(event, run, "scheduling-run-accept"), {}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 40, "moved": 0, "unchanged": 0}
    assert Session.objects.filter(event=event).count() == 40
    keynote = SessionRequest.objects.get(pk=demo[2].pk).session
    placement = ProposedPlacement.objects.get(run=run, request=demo[2])
    assert (keynote.starts_at, keynote.ends_at, keynote.venue_id) == (
        placement.starts_at,
        placement.ends_at,
        placement.venue_id,
    )
    assert set(keynote.speakers.all()) == set(demo[2].speakers.all())
    assert signals == []  # nobody had these sessions before
    # Accepting again changes nothing.
    again = organiser_client.post(_run_url(event, run, "scheduling-run-accept"), {}, format="json")
    assert again.json() == {"created": 0, "moved": 0, "unchanged": 0}


def test_accept_signals_only_the_sessions_that_move(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks, signals
):
    first = _start(organiser_client, event, django_capture_on_commit_callbacks)
    organiser_client.post(_run_url(event, first, "scheduling-run-accept"), {}, format="json")
    before = {
        s.pk: (s.starts_at, s.ends_at, s.venue_id) for s in Session.objects.filter(event=event)
    }

    # The ESG lecture becomes an hour shorter: only it needs to change.
    services.session_request_update(request=demo[3], data={"duration_minutes": 60})
    second = _start(organiser_client, event, django_capture_on_commit_callbacks)
    body = organiser_client.get(_run_url(event, second)).json()
    moving = [row["request"] for row in body["proposal"] if row["moves"]]
    assert moving == [demo[3].pk]
    assert all(row["current"] is not None for row in body["proposal"])

    response = organiser_client.post(
        _run_url(event, second, "scheduling-run-accept"), {}, format="json"
    )
    assert response.json() == {"created": 0, "moved": 1, "unchanged": 39}
    after = {
        s.pk: (s.starts_at, s.ends_at, s.venue_id) for s in Session.objects.filter(event=event)
    }
    changed = {pk for pk in before if before[pk] != after[pk]}
    esg = SessionRequest.objects.get(pk=demo[3].pk).session_id
    assert changed == {esg}
    assert [pk for pk, _fields in signals] == [esg]
    assert after[esg][1] - after[esg][0] == dt.timedelta(minutes=60)


def test_accept_per_session(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    url = _run_url(event, run, "scheduling-run-accept")
    response = organiser_client.post(url, {"request_ids": [demo[1].pk, demo[2].pk]}, format="json")
    assert response.json() == {"created": 2, "moved": 0, "unchanged": 0}
    assert set(Session.objects.filter(event=event).values_list("title", flat=True)) == {
        demo[1].title,
        demo[2].title,
    }
    accepted = ProposedPlacement.objects.filter(run=run, accepted_at__isnull=False)
    assert set(accepted.values_list("request_id", flat=True)) == {demo[1].pk, demo[2].pk}


def test_accept_unknown_request_names_the_field(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    response = organiser_client.post(
        _run_url(event, run, "scheduling-run-accept"), {"request_ids": [999999]}, format="json"
    )
    assert response.status_code == 400
    assert "request_ids" in response.json()
    assert Session.objects.filter(event=event).count() == 0


def test_accept_after_the_request_changed_is_refused_and_saves_nothing(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    services.session_request_update(request=demo[5], data={"duration_minutes": 120})
    response = organiser_client.post(
        _run_url(event, run, "scheduling-run-accept"), {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "proposal_stale"
    assert Session.objects.filter(event=event).count() == 0


def test_accept_an_unfinished_run_is_a_conflict(organiser_client, event, demo):
    run = ScheduleRunFactory(event=event, status=RunStatus.RUNNING)
    response = organiser_client.post(
        _run_url(event, run, "scheduling-run-accept"), {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "run_not_succeeded"


def test_existing_sessions_block_the_solver(
    organiser_client, event, demo, eager_celery, django_capture_on_commit_callbacks
):
    """A session already on the agenda (not a request) keeps its room and its people."""
    hall = demo[1].venue or demo[10].venue
    start = dt.datetime(2027, 7, 6, 9, 0, tzinfo=event.zone)
    programme_services.session_create(
        event=event,
        title="Press conference",
        kind="plenary",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=9),
        venue=hall,
    )
    run = _start(organiser_client, event, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    for p in ProposedPlacement.objects.filter(run=run):
        assert not (p.starts_at < start + dt.timedelta(hours=9) and start < p.ends_at), (
            p.request.title
        )
