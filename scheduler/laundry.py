"""Laundry (LAU-01..06): each day, every pod's loads of the categories due are washed, then
dried, inside laundry hours and back in the pod by the return deadline.

`build -> solve -> events`, one model per day: the day as counts of loads starting to
wash and to dry in each period of a time grid (`laundry_model`, exact; its size does not
grow with the loads), then a machine for each start (`laundry_machines`).

Objective, lexicographic, each level proven (OPTIMAL, or decided with its proof):
(0) the most loads done (all of them unless the day no longer fits); (1) the earliest
finish (LAU-05); (2) the loads packed early (the least sum of wash and dry starts), so
the machines run back to back; (3) the fewest machine idle gaps (LAU-05), as the
verifier counts them, which the machine assignment then reaches. A day that no longer
fits is reported (`laundry_causes`): which loads miss, and by how much the day runs over
when every load is done.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import weekday_of
from models.instance import Instance
from models.schedule import LaundryLoad, Post
from scheduler.context import Context
from scheduler.laundry_causes import misses, unplaced
from scheduler.laundry_greedy import first_come
from scheduler.laundry_machines import machines
from scheduler.laundry_model import DayModel as _Model  # the name tests build a day's model by
from scheduler.laundry_model import pool
from scheduler.lexicographic import Levels
from scheduler.officers import shift_spans
from scheduler.result import SubResult
from scheduler.solving import SolveSettings, decided, stopped_early


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
    """A day's loads, the machines in service, and the machines closed part of the day
    (machine, start, end, reason; CAL-01)."""

    date: dt.date
    loads: list[Load]
    washers: list[str]
    dryers: list[str]
    closed: list[tuple[str, int, int, str]] = field(default_factory=list)
    shifts: list[tuple[int, int]] = field(default_factory=list)
    """The spans one free officer can cover in laundry hours (STF-01): the shift runs in one."""
    officers: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """The officers free for each of `shifts`, to name them when the day does not fit."""


def solve_laundry(ctx: Context) -> SubResult:
    """The week's laundry loads and laundry-shift posts."""
    instance, result = ctx.instance, SubResult()
    for day in laundry_days(instance):
        if day.loads:
            day.officers = officer_spans(ctx, day.date)
            day.shifts = sorted(day.officers)
            _solve_day(instance, day, ctx.settings.unprobed(), result)
    loads = [e for events in result.events.values() for e in events if e.kind == "laundry_load"]
    result.kpis["laundry.loads"] = float(len(loads))
    result.kpis["laundry.missed"] = float(len(result.unmet))
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
    """Each date's loads and the washers and dryers in service (LAU-02): a machine closed
    all day is out; one closed for part of the day stays, with its closure (CAL-01)."""
    laundry = instance.facility.laundry
    lau = instance.facility.laundry
    out = []
    for day in instance.dates:
        closures = instance.facility.closed("laundry_machine", day)
        down = {c.id for c in closures if c.start is None}
        part = [
            (c.id or "", c.span[0], c.span[1], c.reason)
            for c in closures
            if c.start is not None and c.span[0] < lau.end and lau.start < c.span[1]
        ]
        washers = [f"W{k}" for k in range(1, laundry.washers + 1) if f"W{k}" not in down]
        dryers = [f"D{k}" for k in range(1, laundry.dryers + 1) if f"D{k}" not in down]
        out.append(LaundryDay(day, loads_due(instance, day), washers, dryers, sorted(part)))
    return out


def officer_spans(ctx: Context, day: dt.date) -> dict[tuple[int, int], list[str]]:
    """The parts of laundry hours in which one officer is on shift and supervises nothing
    else (STF-01, STF-02), with those officers: the laundry shift must lie in one of them.
    Spans inside another are left out."""
    instance = ctx.instance
    lau = instance.facility.laundry
    t = (day - instance.monday).days * 1440
    close = min(lau.end, lau.return_by)
    spans: dict[tuple[int, int], list[str]] = {}
    for oid in sorted(instance.officers):
        busy = sorted(ctx.duty.get(oid, []))
        for a, b in shift_spans(instance, oid):
            lo = max(a - t, lau.start)
            for x, y in [*[(x - t, y - t) for x, y in busy], (10**6, 10**6)]:
                hi = min(b - t, close, x)
                if lo < hi:
                    spans.setdefault((lo, hi), []).append(oid)
                lo = max(lo, y)
    return {
        s: oids
        for s, oids in sorted(spans.items())
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
    }


def _solve_day(instance: Instance, day: LaundryDay, settings: SolveSettings, result: SubResult) -> None:
    """Levels 0-3 for one day; then events, and the misses when some loads do not fit."""
    lau = instance.facility.laundry
    m = _Model(instance, day, min(lau.end, lau.return_by))
    levels = Levels(m.model, settings, f"laundry {day.date}", m.hinted())
    first = first_come(instance, day, min(lau.end, lau.return_by))
    if _levels(m, levels, len(first) == len(day.loads)):
        levels.level("L3 idle gaps", m.idle_gaps(), rule="LAU-05")
    result.runs += levels.runs
    if levels.solver is not None:
        pairs, pools = _pairs(m, levels.solver), (pool(m.washers), pool(m.dryers))
    else:  # no solve found a schedule in time: the one built in order stands (maybe none)
        pairs = [((w, None), (d, None)) for w, d in first]
        pools = (day.washers, day.dryers)
    events = _events(instance, day, pairs, pools)
    result.add(day.date, events)
    if events:
        result.add(day.date, [_shift(day, events)])
    missed = day.loads[len(pairs) :]
    if missed:
        l0 = next(r for r in levels.runs if " L0 " in r.subproblem)
        if stopped_early(l0.status):  # no proof that they do not fit: only more time may help
            result.unmet += [unplaced(day, load, len(missed), l0, settings) for load in missed]
        else:
            result.unmet += misses(instance, day, missed, settings, result)


def _levels(m: _Model, levels: Levels, every_load: bool) -> bool:
    """L0 the most loads done (decided without a solve when the loads built in order are
    all of them: no schedule does more), L1 the earliest finish, L2 the least sum of
    starts; whether all three found a solution (L3 may follow)."""
    n = m.n
    if every_load:
        m.model.add(m.done == n).with_name("LAU-02 L0 loads done optimum")
        levels.runs.append(decided(f"{levels.name} L0 loads done (every load, built in order)", n, n))
    elif not levels.level("L0 loads done", m.done, maximize=True, rule="LAU-02"):
        return False
    return levels.level("L1 finish", m.finish(), rule="LAU-05") and levels.level(
        "L2 packed", m.packed(), rule="LAU-05"
    )


Job = tuple[int, str | None]
"""A wash or dry: its start, and its machine when its lane is one machine (None: the pool's)."""


def _pairs(m: _Model, solver: cp_model.CpSolver) -> list[tuple[Job, Job]]:
    """The k-th wash with the k-th dry of the solution (first in, first out), for the
    loads done in list order."""
    sides = []
    for lanes in (m.washers, m.dryers):
        jobs: list[Job] = []
        for lane in lanes:
            machine = None if lane.pool else lane.machines[0]
            for i, x in enumerate(lane.starts):
                jobs += [(m.grid.at(i), machine)] * (x if isinstance(x, int) else solver.value(x))
        sides.append(sorted(jobs, key=lambda j: (j[0], j[1] or "")))
    return list(zip(*sides, strict=True))


def _shift(day: LaundryDay, events: list[LaundryLoad]) -> Post:
    """STF-01: the day's laundry shift, from the first wash to the last dry."""
    return Post(
        kind="post",
        session="laundry_shift",
        id=f"post:{day.date}:laundry shift",
        start=min(e.wash_start for e in events),
        end=max(e.dry_end for e in events),
        place="laundry room",
        covers=[e.id for e in events],
    )


def _events(
    instance: Instance, day: LaundryDay, pairs: list[tuple[Job, Job]], pools: tuple[list[str], list[str]]
) -> list[LaundryLoad]:
    """The loads done, named in list order along the pairs, with machines (see
    `laundry_machines`: runs unbroken, the fewest idle gaps)."""
    lau = instance.facility.laundry
    washers = machines([w for w, _ in pairs], lau.wash_minutes, pools[0])
    dryers = machines([d for _, d in pairs], lau.dry_minutes, pools[1])
    events = []
    for load, ((wash, _), (dry, _)), washer, dryer in zip(day.loads, pairs, washers, dryers, strict=False):
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
