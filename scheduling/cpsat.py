"""Solve a timetable ``problem.Problem`` with OR-Tools CP-SAT.

Kept apart from the problem's plain data so that importing Bridges (every web process
and Celery worker) does not load OR-Tools: callers import this module inside the
function that solves. It imports ``problem`` and ``solver``, never the reverse.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model
from ortools.util.python import sorted_interval_list

from .problem import (
    ALL,
    CANCELLED,
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    Conflict,
    Placement,
    Problem,
    Result,
)
from .solver import _prepare, _Prepared, _union

Domain = sorted_interval_list.Domain


# ---------------------------------------------------------------- model


class _Model:
    """The CP-SAT model; with ``diagnose`` every constraint group hangs on a literal."""

    def __init__(self, problem: Problem, prep: _Prepared, diagnose: bool):
        self.problem = problem
        self.prep = prep
        self.diagnose = diagnose
        self.model = cp_model.CpModel()
        self.literals: dict[str, cp_model.IntVar] = {}
        self.starts: dict[int, cp_model.IntVar] = {}
        self.choice: dict[int, dict[int, cp_model.IntVar]] = {}
        self.keep: list[cp_model.IntVar] = []
        self.prefer: list[cp_model.IntVar] = []
        self._build()

    def lit(self, name: str):
        if not self.diagnose:
            return None
        if name not in self.literals:
            self.literals[name] = self.model.new_bool_var(name)
        return self.literals[name]

    def _and(self, a, b):
        if b is None:
            return a
        both = self.model.new_bool_var("")
        self.model.add_implication(both, a)
        self.model.add_implication(both, b)
        self.model.add_bool_or([a.Not(), b.Not(), both])
        return both

    def _copy(self, request_id: int, presence):
        """The request's interval, or an optional copy that counts only when ``presence``."""
        start = self.starts[request_id]
        length = self.prep.durations[request_id]
        if presence is None:
            return self.main[request_id]
        return self.model.new_optional_fixed_size_interval_var(start, length, presence, "")

    def _build(self) -> None:
        m = self.model
        prep = self.prep
        clock = prep.clock
        requests = [r for r in prep.requests if r.id in prep.domains]
        self.main = {}
        venue_intervals: dict[int, list] = defaultdict(list)
        for request in requests:
            domains = prep.domains[request.id]
            length = prep.durations[request.id]
            union = _union(domains.values())
            start = m.new_int_var_from_domain(
                Domain.from_intervals([list(r) for r in union]), f"start_{request.id}"
            )
            self.starts[request.id] = start
            self.main[request.id] = m.new_fixed_size_interval_var(
                start, length, f"session_{request.id}"
            )
            choices = {}
            for venue_id, allowed in sorted(domains.items()):
                x = m.new_bool_var(f"venue_{request.id}_{venue_id}")
                choices[venue_id] = x
                if allowed != union:
                    m.add_linear_expression_in_domain(
                        start, Domain.from_intervals([list(r) for r in allowed])
                    ).only_enforce_if(x)
                presence = self._and(x, self.lit(f"venue:{venue_id}"))
                venue_intervals[venue_id].append(
                    m.new_optional_fixed_size_interval_var(start, length, presence, "")
                )
            m.add_exactly_one(choices.values())
            self.choice[request.id] = choices
            if request.id in prep.fixed:
                constraint = m.add(start == prep.fixed[request.id])
                if self.diagnose:
                    constraint.only_enforce_if(self.lit(f"fixed:{request.id}"))

            if request.current_start is not None and request.current_venue_id in choices:
                slot = clock.exact(request.current_start)
                if slot is not None and any(
                    lo <= slot <= hi for lo, hi in domains[request.current_venue_id]
                ):
                    keep = m.new_bool_var(f"keep_{request.id}")
                    m.add(start == slot).only_enforce_if(keep)
                    m.add_implication(keep, choices[request.current_venue_id])
                    self.keep.append(keep)
                    m.add_hint(start, slot)
                    for venue_id, x in choices.items():
                        m.add_hint(x, venue_id == request.current_venue_id)

            if request.preferred_days:
                self._prefer(request, start)

        for a, b, venue_id, _speakers, _groups in prep.busy:
            if venue_id is not None:
                venue_intervals[venue_id].append(m.new_fixed_size_interval_var(a, b - a, ""))
        for venue_id in sorted(venue_intervals):
            if len(venue_intervals[venue_id]) > 1:
                m.add_no_overlap(venue_intervals[venue_id])

        speakers: dict[int, list[int]] = defaultdict(list)
        for request in requests:
            for speaker in request.speaker_ids:
                speakers[speaker].append(request.id)
        for speaker, ids in sorted(speakers.items()):
            presence = self.lit(f"speaker:{speaker}")
            intervals = [self._copy(i, presence) for i in ids]
            intervals += [
                m.new_fixed_size_interval_var(a, b - a, "")
                for a, b, _v, sp, _g in prep.busy
                if speaker in sp
            ]
            if len(intervals) > 1:
                m.add_no_overlap(intervals)

        everyone = [r.id for r in requests if r.group == ALL]
        groups: dict[str, list[int]] = defaultdict(list)
        for request in requests:
            if request.group != ALL:
                groups[request.group].append(request.id)
        if not groups:
            groups[ALL] = []
        for group, ids in sorted(groups.items()):
            presence = self.lit(f"participants:{group}")
            members = [self._copy(i, presence) for i in everyone + ids]
            members += [
                m.new_fixed_size_interval_var(a, b - a, "")
                for a, b, _v, _s, groups in prep.busy
                if ALL in groups or group in groups
            ]
            if len(members) > 1:
                m.add_no_overlap(members)

        if prep.meals and everyone:
            presence = self.lit("meal_breaks")
            meal_intervals = [(a, b) for a, b in prep.meals]
            for request_id in everyone:
                union = _union(prep.domains[request_id].values())
                lo, hi = union[0][0], union[-1][1] + prep.durations[request_id]
                near = [
                    m.new_fixed_size_interval_var(a, b - a, "")
                    for a, b in meal_intervals
                    if b > lo and a < hi
                ]
                if near:
                    m.add_no_overlap([self._copy(request_id, presence), *near])

        for request in requests:
            for other in request.after_ids:
                if other in self.starts:
                    constraint = m.add(
                        self.starts[request.id] >= self.starts[other] + prep.durations[other]
                    )
                    if self.diagnose:
                        constraint.only_enforce_if(self.lit(f"order:{request.id}:{other}"))

        if (self.keep or self.prefer) and not self.diagnose:
            # A session left where people were told it is worth more than a wished day.
            m.maximize(2 * sum(self.keep) + sum(self.prefer))

    def _prefer(self, request, start) -> None:
        """A literal that holds only when ``request`` starts on one of its preferred days
        (local days of the event, from midnight to midnight in its zone)."""
        clock = self.prep.clock
        zone = clock.t0.tzinfo
        days = []
        for index in sorted(set(request.preferred_days)):
            day = clock.t0.date() + dt.timedelta(days=index - 1)
            lo = clock.ceil(dt.datetime.combine(day, dt.time.min, tzinfo=zone))
            hi = clock.ceil(
                dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
            )
            if hi > lo:
                days.append([lo, hi - 1])
        if not days:
            return
        on_day = self.model.new_bool_var(f"prefer_{request.id}")
        self.model.add_linear_expression_in_domain(
            start, Domain.from_intervals(days)
        ).only_enforce_if(on_day)
        self.prefer.append(on_day)


# ---------------------------------------------------------------- solving


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Records how far the search got; read by the polling thread, no I/O here."""

    def __init__(self):
        super().__init__()
        self.solutions = 0
        self.objective = None
        self.bound = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.objective = self.objective_value
        self.bound = self.best_objective_bound


def _parameters(solver: cp_model.CpSolver, time_limit: float, seed: int) -> None:
    # One worker with a fixed seed searches the same way every time, so the same input
    # gives the same timetable (unless a search is cut short by the time limit).
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = time_limit


# Search phases, each with its share of the time limit. CP-SAT's default search is
# quick on tightly ordered agendas; on large loosely ordered ones a single worker can
# wander, and placing sessions earliest-first (list scheduling) finds a timetable fast.
PHASES = (("default", 0.25), ("earliest_first", 0.75))
DEFAULT_PHASE_CAP = (
    2.0  # seconds: past this the default search rarely succeeds where earliest-first fails
)


def _run_polled(
    solver, model, watcher, *, time_limit, on_progress, should_cancel, poll_seconds, span=(15, 95)
) -> tuple[int, bool]:
    """Solve in a worker thread while this thread reports progress and checks for
    a cancel request: callbacks that touch the database must run on the caller's
    thread (its connection and transaction)."""
    outcome: dict = {}

    def work():
        outcome["status"] = solver.solve(model, watcher)

    worker = threading.Thread(target=work, name="cp-sat", daemon=True)
    started = time.monotonic()
    worker.start()
    cancelled = False
    while worker.is_alive():
        worker.join(poll_seconds)
        if not worker.is_alive():
            break
        if should_cancel is not None and not cancelled and should_cancel():
            cancelled = True
            solver.stop_search()
        if on_progress is not None:
            fraction = min(1.0, (time.monotonic() - started) / max(time_limit, 0.001))
            if watcher.objective is not None and watcher.bound is not None:
                gap = abs(watcher.bound - watcher.objective) / max(1.0, abs(watcher.bound))
                fraction = max(fraction, 1 - gap)
            on_progress(span[0] + int((span[1] - span[0]) * fraction))
    worker.join()
    return outcome["status"], cancelled


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    on_progress: Callable[[int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    poll_seconds: float = 0.25,
) -> Result:
    """Place every request, or say which constraints conflict.

    ``on_progress`` receives 0-100 and ``should_cancel`` is polled; both run on the
    caller's thread.
    """
    started = time.monotonic()

    def report(percent: int) -> None:
        if on_progress is not None:
            on_progress(percent)

    def cancelled() -> bool:
        return should_cancel is not None and should_cancel()

    prep = _prepare(problem)
    report(5)
    if prep.conflicts:
        return Result(INFEASIBLE, conflicts=prep.conflicts, wall_seconds=time.monotonic() - started)
    if cancelled():
        return Result(CANCELLED, wall_seconds=time.monotonic() - started)

    built = _Model(problem, prep, diagnose=False)
    report(15)
    if cancelled():
        return Result(CANCELLED, wall_seconds=time.monotonic() - started)

    if built.prefer:
        # Wished days make the first timetable hard to find when they weigh from the
        # start: find one without them, then improve it (``_polish``).
        built.model.clear_objective()
    low, spent, search_started = 15, 0.0, time.monotonic()
    for phase, share in PHASES:
        if phase == "earliest_first":
            built.model.add_decision_strategy(
                [built.starts[k] for k in sorted(built.starts)],
                cp_model.CHOOSE_LOWEST_MIN,
                cp_model.SELECT_MIN_VALUE,
            )
        budget = (
            min(time_limit * share, DEFAULT_PHASE_CAP) if phase == "default" else time_limit - spent
        )
        solver = cp_model.CpSolver()
        _parameters(solver, budget, seed)
        if phase == "earliest_first":
            solver.parameters.search_branching = cp_model.FIXED_SEARCH
        watcher = _Watcher()
        high = low + int(80 * share)
        status, was_cancelled = _run_polled(
            solver,
            built.model,
            watcher,
            time_limit=budget,
            on_progress=on_progress,
            should_cancel=should_cancel,
            poll_seconds=poll_seconds,
            span=(low, high),
        )
        low = high
        spent = time.monotonic() - search_started
        if was_cancelled or status != cp_model.UNKNOWN:
            break
    if was_cancelled:
        return Result(CANCELLED, wall_seconds=time.monotonic() - started)
    if built.prefer and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status, solver = _polish(
            built, solver, time_limit=time_limit - (time.monotonic() - search_started), seed=seed
        )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = []
        for request in prep.requests:
            slot = solver.value(built.starts[request.id])
            venue_id = next(
                v for v, x in built.choice[request.id].items() if solver.boolean_value(x)
            )
            placements.append(
                Placement(
                    request.id,
                    venue_id,
                    prep.clock.at(slot),
                    prep.clock.at(slot + prep.durations[request.id]),
                )
            )
        report(100)
        return Result(
            OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE,
            placements=placements,
            wall_seconds=time.monotonic() - started,
            kept=sum(solver.boolean_value(k) for k in built.keep),
        )
    if status == cp_model.INFEASIBLE:
        conflicts = _explain(problem, prep, time_limit=time_limit, seed=seed)
        report(100)
        return Result(INFEASIBLE, conflicts=conflicts, wall_seconds=time.monotonic() - started)
    return Result(UNKNOWN, wall_seconds=time.monotonic() - started)


def _polish(built: _Model, first: cp_model.CpSolver, *, time_limit: float, seed: int):
    """Maximise kept placements and wished days from the timetable ``first`` found (a
    complete hint, so the search starts from a solution); ``first`` stays when the time
    runs out before anything comes back."""
    model = built.model
    model.clear_hints()
    for var in built.starts.values():
        model.add_hint(var, first.value(var))
    for choices in built.choice.values():
        for x in choices.values():
            model.add_hint(x, first.boolean_value(x))
    for flag in (*built.keep, *built.prefer):
        model.add_hint(flag, False)  # half-reified: false always holds
    model.maximize(2 * sum(built.keep) + sum(built.prefer))
    solver = cp_model.CpSolver()
    _parameters(solver, max(time_limit, 0.5), seed)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, solver
    return cp_model.FEASIBLE, first


def _explain(problem: Problem, prep: _Prepared, *, time_limit: float, seed: int) -> list[Conflict]:
    """Name a small set of constraint groups that cannot all hold."""
    built = _Model(problem, prep, diagnose=True)
    names = {lit.index: name for name, lit in built.literals.items()}
    solver = cp_model.CpSolver()
    _parameters(solver, max(1.0, time_limit / 2), seed)
    built.model.add_assumptions(list(built.literals.values()))
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        return [
            Conflict(
                "unexplained",
                _("The sessions do not fit together, but no single rule could be named."),
            )
        ]
    core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
    # Shrink the core: drop each group in turn and keep it out if the rest still conflicts.
    deadline = time.monotonic() + max(2.0, time_limit)
    for name in list(core):
        if time.monotonic() > deadline or len(core) <= 1:
            break
        trial = [n for n in core if n != name]
        built.model.clear_assumptions()
        built.model.add_assumptions([built.literals[n] for n in trial])
        quick = cp_model.CpSolver()
        _parameters(quick, 1.0, seed)
        if quick.solve(built.model) == cp_model.INFEASIBLE:
            core = trial
    core.sort()
    titles = {r.id: r.title for r in problem.requests}
    venues = {v.id: v.name for v in problem.venues}
    labels = [_label(name, titles, venues, problem.speaker_names) for name in core]
    request_ids = sorted(
        {
            int(part)
            for name in core
            if name.startswith(("order:", "fixed:"))
            for part in name.split(":")[1:]
        }
    )
    return [
        Conflict(
            "constraints_conflict",
            _("These rules cannot all hold: %(rules)s.") % {"rules": "; ".join(labels)},
            tuple(core),
            tuple(request_ids),
        )
    ]


def _label(name: str, titles: dict, venues: dict, speakers: dict) -> str:
    kind, _sep, rest = name.partition(":")
    if kind == "venue":
        return _("%(venue)s hosts one session at a time") % {"venue": venues.get(int(rest), rest)}
    if kind == "speaker":
        return _("%(name)s speaks in one session at a time") % {
            "name": speakers.get(int(rest), rest)
        }
    if kind == "participants":
        if rest == ALL:
            return _("all participants attend one session at a time")
        return _(
            "group %(group)s attends one session at a time, besides all-participant sessions"
        ) % {"group": rest}
    if kind == "meal_breaks":
        return _("meal breaks are kept free of all-participant sessions")
    if kind == "order":
        later, earlier = (int(x) for x in rest.split(":"))
        return _("“%(later)s” comes after “%(earlier)s”") % {
            "later": titles.get(later, later),
            "earlier": titles.get(earlier, earlier),
        }
    if kind == "fixed":
        return _("“%(title)s” keeps its fixed start") % {"title": titles.get(int(rest), rest)}
    return name
