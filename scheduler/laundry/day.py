"""One laundry day solved (LAU-02..06): its lexicographic levels, a machine for each load, and the
laundry shift's post (STF-01)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import LaundryLoad, Post, SolverRun
from scheduler.engine.lexicographic import Levels
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, decided, stopped_early
from scheduler.laundry.causes import misses, unplaced
from scheduler.laundry.days import LaundryDay
from scheduler.laundry.greedy import first_come
from scheduler.laundry.inplace import Published, in_place, load_event, valid
from scheduler.laundry.machines import machines
from scheduler.laundry.model import DayModel as _Model  # the name tests build a day's model by
from scheduler.laundry.model import pool

Job = tuple[int, str | None]
"""A wash or dry: its start, and its machine when its lane is one machine (None: the pool's)."""


def solve_day(
    instance: Instance,
    day: LaundryDay,
    settings: SolveSettings,
    result: SubResult,
    published: Published | None = None,
) -> None:
    """Levels 0-3 for one day; then events, and the misses when some loads do not fit. Under
    a repair (`published`), level R3 (the fewest loads re-timed, REP-03 (3)) comes after
    level 0 (every load is a hard requirement) and before the usual levels."""
    lau = instance.facility.laundry
    kept = in_place(instance, day, published) if published is not None else None
    if kept is not None:
        forced = _changed(published or {}, kept)
        name = (
            f"laundry {day.date} R3 loads changed (every valid published load kept, the forced ones placed)"
        )
        result.runs.append(decided(name, forced, forced))
        result.add(day.date, [*kept, _shift(day, kept)])
        return
    anchors = tuple(sorted({t for e in (published or {}).values() for t in (e.wash_start, e.dry_start)}))
    m = _Model(instance, day, min(lau.end, lau.return_by), anchors)
    levels = Levels(m.model, settings, f"laundry {day.date}", m.hinted())
    first = first_come(instance, day, min(lau.end, lau.return_by))
    if _levels(m, levels, len(first) == len(day.loads), published):
        levels.level("L3 idle gaps", m.idle_gaps(), rule="LAU-05")
    result.runs += levels.runs
    if levels.solver is not None:
        pairs, pools = _pairs(m, levels.solver), (pool(m.washers), pool(m.dryers))
    else:  # no solve found a schedule in time: the one built in order stands (maybe none)
        pairs = [((w, None), (d, None)) for w, d in first]
        pools = (day.washers, day.dryers)
    events = _events(instance, day, pairs, pools, published or {})
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


def _levels(m: _Model, levels: Levels, every_load: bool, published: Published | None) -> bool:
    """L0 the most loads done (decided without a solve when the loads built in order are
    all of them: no schedule does more), under a repair R3 the fewest published loads
    re-timed, L1 the earliest finish, L2 the least sum of starts; whether all found a
    solution (L3 may follow)."""
    n = m.n
    if every_load:
        m.model.add(m.done == n).with_name("LAU-02 L0 loads done optimum")
        levels.runs.append(decided(f"{levels.name} L0 loads done (every load, built in order)", n, n))
    elif not levels.level("L0 loads done", m.done, maximize=True, rule="LAU-02"):
        return False
    if published is not None:
        kept = m.kept(m.loads, {k: (e.wash_start, e.dry_start) for k, e in published.items()})
        if not levels.level(
            "R3 loads re-timed (loads washed in list order)", len(kept) - sum(kept), rule="REP-03"
        ):
            return False
        _in_list_order(levels.runs[-1], m.day, published)
    return levels.level("L1 finish", m.finish(), rule="LAU-05") and levels.level(
        "L2 packed", m.packed(), rule="LAU-05"
    )


def _changed(published: Published, events: list[LaundryLoad]) -> int:
    """Loads added, dropped or moved (time or machine) against the published day."""
    seen = {e.id: (e.wash_start, e.dry_start, e.washer, e.dryer) for e in published.values()}
    now = {e.id: (e.wash_start, e.dry_start, e.washer, e.dryer) for e in events}
    return sum(seen.get(i) != now.get(i) for i in seen.keys() | now.keys())


def _in_list_order(run: SolverRun, day: LaundryDay, published: Published) -> None:
    """The model washes a day's loads in list order, which the usual levels lose nothing by
    but keeping published loads may (a pod's new load could wash last of all): its optimum
    is proven only down to the loads the events force to move (those whose machine closes
    under them), and reported FEASIBLE with that bound when above it."""
    forced = sum(
        1
        for x in day.loads
        if (e := published.get((x.pod, x.category, x.number))) is not None and not valid(day, e)
    )
    if run.status == "OPTIMAL" and run.objective is not None and run.objective > forced:
        run.status, run.bound = "FEASIBLE", float(forced)
        run.gap = (run.objective - forced) / max(1.0, run.objective)


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
        id=f"post:{day.date}:laundry-shift",
        start=min(e.wash_start for e in events),
        end=max(e.dry_end for e in events),
        place="laundry room",
        covers=[e.id for e in events],
    )


def _events(
    instance: Instance,
    day: LaundryDay,
    pairs: list[tuple[Job, Job]],
    pools: tuple[list[str], list[str]],
    published: Published,
) -> list[LaundryLoad]:
    """The loads done, named in list order along the pairs, with machines (see
    `machines`: runs unbroken, the fewest idle gaps; a repair's load at its published
    time takes its published machine when free)."""
    lau = instance.facility.laundry
    old = [published.get((x.pod, x.category, x.number)) for x in day.loads[: len(pairs)]]
    was = [
        (e.washer, e.dryer) if e and (e.wash_start, e.dry_start) == (w[0], d[0]) else (None, None)
        for e, (w, d) in zip(old, pairs, strict=True)
    ]
    washers = machines([w for w, _ in pairs], lau.wash_minutes, pools[0], [x for x, _ in was])
    dryers = machines([d for _, d in pairs], lau.dry_minutes, pools[1], [y for _, y in was])
    return [
        load_event(instance, day, load, wash, dry, washer, dryer)
        for load, ((wash, _), (dry, _)), washer, dryer in zip(day.loads, pairs, washers, dryers, strict=False)
    ]
