"""The demo Youth Network Workshop from ``load_demo``: its agenda, turned into requests by
scheduling/demo.py, solves with every session kept where it is and every rule held."""

import datetime as dt

from programmes.management.commands.load_demo import load_demo
from scheduling import cpsat, selectors, solver
from scheduling.models import SessionRequest
from tests.scheduling.checks import violations


def test_demo_workshop_requests_solve_in_place(db):
    demo = load_demo()  # at the suite's pinned clock
    event = demo.events["akynw-next"]
    requests = SessionRequest.objects.filter(event=event)
    assert requests.count() >= 15
    assert requests.filter(kind="team_mission", after__isnull=False).exists()
    load_demo()  # idempotent
    assert SessionRequest.objects.filter(event=event).count() == requests.count()

    problem = selectors.solver_problem(event)
    travel = solver.travel_days(problem)
    assert travel == {event.start_date + dt.timedelta(days=5)}
    result = cpsat.solve(problem, time_limit=20)
    assert result.status == solver.OPTIMAL
    assert result.kept == len(problem.requests)
    assert violations(problem, result.placements, travel) == []
