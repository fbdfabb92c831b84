"""Laundry (LAU-01..05): each day, every pod's loads of the categories due are washed, then
dried, inside laundry hours and back in the pod by the return deadline.

`build -> solve -> events`, one model per day. Washers are identical and so are dryers,
so the model has no machine index: each load is a wash interval and a dry interval, the
dry starting within the maximum wait after the wash (LAU-03), and the loads at once on
each kind of machine stay within the machines in service that day (two cumulatives,
LAU-02). Machines are assigned afterwards by interval colouring, which always succeeds
for unit demands.

Objective, lexicographic: (0) the most loads done (all of them unless the day no longer
fits); (1) the earliest finish (LAU-05); (2) the loads packed early (the least sum of
wash and dry starts), so the machines run back to back; the colouring then continues a
machine's run where it can and spreads separate runs over idle machines, keeping idle
gaps few. A day that no longer fits is reported: which loads miss, and by how much the
day runs over when every load is done.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import LaundryLoad, MissedLoad, SolverRun
from scheduler.errors import InstanceError, Problem
from scheduler.solving import SolveSettings, figures, solved


@dataclass(frozen=True)
class Load:
    """One load of one pod's category on one day; `number` counts from 1."""

    pod: str
    category: str
    number: int

    @property
    def name(self) -> str:
        """How the administrator names it."""
        return f"pod {self.pod} {self.category.replace('_', ' ')} load {self.number}"


@dataclass
class LaundryDay:
    """A day's loads and the machines in service."""

    date: dt.date
    loads: list[Load]
    washers: list[str]
    dryers: list[str]


@dataclass
class LaundryResult:
    """Loads by date, loads that miss, KPIs and solver figures."""

    events: dict[dt.date, list[LaundryLoad]] = field(default_factory=dict)
    missed: list[MissedLoad] = field(default_factory=list)
    runs: list[SolverRun] = field(default_factory=list)
    kpis: dict[str, float] = field(default_factory=dict)


def solve_laundry(instance: Instance, settings: SolveSettings) -> LaundryResult:
    """The week's laundry."""
    result = LaundryResult()
    for day in laundry_days(instance):
        if day.loads:
            _solve_day(instance, day, settings, result)
    loads = [e for events in result.events.values() for e in events]
    result.kpis["laundry.loads"] = float(len(loads))
    result.kpis["laundry.missed"] = float(len(result.missed))
    return result


def loads_due(instance: Instance, day: dt.date) -> list[Load]:
    """LAU-01/LAU-02: each pod's loads of the categories due that day, from its headcount."""
    laundry = instance.facility.laundry
    headcount: dict[str, int] = {}
    for inmate in instance.inmates.values():
        headcount[inmate.pod] = headcount.get(inmate.pod, 0) + 1
    out = []
    for c in laundry.categories:
        if weekday_of(day) not in c.days:
            continue
        for pod in c.pods or [u.id for u in instance.facility.housing_units]:
            count = math.ceil(headcount.get(pod, 0) * c.pieces_per_inmate / laundry.load_capacity)
            out += [Load(pod, c.name, n + 1) for n in range(count)]
    return out


def laundry_days(instance: Instance) -> list[LaundryDay]:
    """Each date's loads and the washers and dryers in service (LAU-02)."""
    laundry = instance.facility.laundry
    out = []
    for day in instance.dates:
        down = {m.machine for m in laundry.out_of_service if m.date == day}
        washers = [f"W{k}" for k in range(1, laundry.washers + 1) if f"W{k}" not in down]
        dryers = [f"D{k}" for k in range(1, laundry.dryers + 1) if f"D{k}" not in down]
        out.append(LaundryDay(day, loads_due(instance, day), washers, dryers))
    return out


class _Model:
    """One day's loads as positions 0..n-1 in wash order (loads differ only in name, so
    their names are given out afterwards, in list order): wash and dry intervals, optional
    only for the loads-done level."""

    def __init__(self, instance: Instance, day: LaundryDay, close: int) -> None:
        lau = instance.facility.laundry
        self.model = cp_model.CpModel()
        m, n = self.model, len(day.loads)
        self.done = [m.new_bool_var(f"done {k}") for k in range(n)]
        latest = max(lau.start, close - lau.dry_minutes)
        self.wash = [m.new_int_var(lau.start, latest, f"wash {k}") for k in range(n)]
        self.dry = [m.new_int_var(lau.start, latest, f"dry {k}") for k in range(n)]
        washes = [
            m.new_optional_fixed_size_interval_var(
                self.wash[k], lau.wash_minutes, self.done[k], f"LAU-02 wash {k}"
            )
            for k in range(n)
        ]
        dries = [
            m.new_optional_fixed_size_interval_var(
                self.dry[k], lau.dry_minutes, self.done[k], f"LAU-02 dry {k}"
            )
            for k in range(n)
        ]
        for k in range(n):
            m.add(self.dry[k] >= self.wash[k] + lau.wash_minutes).with_name(f"LAU-02 dry after wash {k}")
            m.add(self.dry[k] <= self.wash[k] + lau.wash_minutes + lau.max_wait_minutes).with_name(
                f"LAU-03 wait {k}"
            )
        m.add_cumulative(washes, [1] * n, len(day.washers)).with_name("LAU-02 washers")
        m.add_cumulative(dries, [1] * n, len(day.dryers)).with_name("LAU-02 dryers")
        self._order(lau.wash_minutes, lau.dry_minutes, len(day.washers), len(day.dryers))

    def _order(self, wash: int, dry: int, washers: int, dryers: int) -> None:
        """Symmetry breaking, exact because loads are alike: the loads done come first, wash
        in order and dry in the same order (swapping two loads' dries keeps both waits
        within the limit). Sorted equal-length intervals with at most c at once are exactly
        those where load k+c starts after load k ends: stated too, it makes the cumulatives'
        reasoning a chain of differences."""
        m = self.model
        for k in range(1, len(self.done)):
            m.add_implication(self.done[k], self.done[k - 1])
            m.add(self.wash[k - 1] <= self.wash[k]).with_name(f"LAU-02 wash order {k}")
            m.add(self.dry[k - 1] <= self.dry[k]).with_name(f"LAU-02 dry order {k}")
        for starts, length, machines in ((self.wash, wash, washers), (self.dry, dry, dryers)):
            for k in range(machines, len(starts)):
                m.add(starts[k] >= starts[k - machines] + length).only_enforce_if(self.done[k]).with_name(
                    f"LAU-02 machines free {k}"
                )

    def finish(self, instance: Instance) -> cp_model.IntVar:
        """The latest dry end of a load done."""
        lau = instance.facility.laundry
        last = self.model.new_int_var(lau.start, 1440 * 2, "finish")
        for done, d in zip(self.done, self.dry, strict=True):
            self.model.add(last >= d + lau.dry_minutes).only_enforce_if(done)
        return last

    def hint(self, solver: cp_model.CpSolver) -> None:
        """Warm start the next level from this solution."""
        self.model.clear_hints()
        for var in [*self.done, *self.wash, *self.dry]:
            self.model.add_hint(var, solver.value(var))


def _solve_day(instance: Instance, day: LaundryDay, settings: SolveSettings, result: LaundryResult) -> None:
    """Levels 0-2 for one day; then events, and the misses when some loads do not fit."""
    lau = instance.facility.laundry
    name = f"laundry {day.date}"
    m = _Model(instance, day, min(lau.end, lau.return_by))
    done = sum(m.done)
    m.model.maximize(done)
    solver = settings.solver()
    status = solver.solve(m.model)
    result.runs.append(figures(f"{name} L0 loads done", solver, status))
    if not solved(status):
        message = (
            f"no laundry schedule within the time limit of {settings.time_limit:g} s; raise --time-limit"
        )
        raise InstanceError([Problem("laundry", str(day.date), "", message, "LAU-02")])
    m.model.add(done >= round(solver.objective_value)).with_name("LAU-02 level 0 optimum")
    for level, objective in (("L1 finish", m.finish(instance)), ("L2 packed", None)):
        m.hint(solver)
        if objective is None:
            objective = sum(m.wash) + sum(m.dry)
        m.model.minimize(objective)
        nxt = settings.solver()
        status = nxt.solve(m.model)
        result.runs.append(figures(f"{name} {level}", nxt, status))
        if not solved(status):
            break
        solver = nxt
        m.model.add(objective <= round(solver.objective_value)).with_name(f"LAU-05 {level} optimum")
    count = sum(solver.boolean_value(var) for var in m.done)
    times = {
        load: (solver.value(m.wash[k]), solver.value(m.dry[k])) for k, load in enumerate(day.loads[:count])
    }
    result.events[day.date] = _events(instance, day, times)
    missed = day.loads[count:]
    if missed:
        result.missed += _misses(instance, day, missed, settings, result)


def _events(instance: Instance, day: LaundryDay, times: dict[Load, tuple[int, int]]) -> list[LaundryLoad]:
    """Loads with machines: each wash (dry) continues a machine that has just finished if
    one has, else goes to the machine idle longest (never used first), so runs stay
    unbroken and separate runs spread over machines."""
    lau = instance.facility.laundry
    order = sorted(times, key=lambda load: (times[load], load.pod, load.category, load.number))
    washers = _colour([(times[x][0], times[x][0] + lau.wash_minutes) for x in order], day.washers)
    dryers = _colour([(times[x][1], times[x][1] + lau.dry_minutes) for x in order], day.dryers)
    events = []
    for load, washer, dryer in zip(order, washers, dryers, strict=True):
        wash, dry = times[load]
        events.append(
            LaundryLoad(
                kind="laundry_load",
                id=f"laundry:{day.date}:{load.pod}:{load.category}:{load.number}",
                start=wash,
                end=dry + lau.dry_minutes,
                place="laundry room",
                pod=load.pod,
                category=load.category,
                washer=washer,
                dryer=dryer,
                wash_start=wash,
                wash_end=wash + lau.wash_minutes,
                dry_start=dry,
                dry_end=dry + lau.dry_minutes,
            )
        )
    return events


def _colour(spans: list[tuple[int, int]], machines: list[str]) -> list[str]:
    """A machine per span, at most one span per machine at a time (the model keeps spans at
    once within the machines, so one is always free)."""
    free_at: dict[str, int | None] = dict.fromkeys(machines)
    out = [""] * len(spans)
    for k in sorted(range(len(spans)), key=lambda k: spans[k]):
        start, end = spans[k]
        idle = [m for m in machines if free_at[m] is None or free_at[m] <= start]  # type: ignore[operator]
        chained = [m for m in idle if free_at[m] == start]
        out[k] = (
            chained[0] if chained else min(idle, key=lambda m: (free_at[m] is not None, free_at[m] or 0, m))
        )
        free_at[out[k]] = end
    return out


def _misses(
    instance: Instance, day: LaundryDay, missed: list[Load], settings: SolveSettings, result: LaundryResult
) -> list[MissedLoad]:
    """LAU-04: the loads that miss, and by how much the day would run over with them all."""
    lau = instance.facility.laundry
    close = min(lau.end, lau.return_by)
    over = None
    if day.washers and day.dryers:
        m = _Model(instance, day, 1440 * 2)
        for var in m.done:
            m.model.add(var == 1)
        finish = m.finish(instance)
        m.model.minimize(finish)
        solver = settings.solver()
        status = solver.solve(m.model)
        result.runs.append(figures(f"laundry {day.date} every load, past hours", solver, status))
        if solved(status):
            over = round(solver.objective_value) - close
    machines = f"{len(day.washers)} washer(s) and {len(day.dryers)} dryer(s) in service"
    if over is None:
        why = f"{machines}: none can run"
    else:
        why = (
            f"{machines}; with every load done the day would end at {format_clock(close + over)}, "
            f"{over} min after {format_clock(close)}"
        )
    return [
        MissedLoad(date=day.date, pod=load.pod, category=load.category, load=load.number, reason=why)
        for load in missed
    ]
