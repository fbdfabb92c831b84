"""The levels of one razor issue morning on `RazorModel`: (1) the most sign-ups served,
then list order (RAZ-07, `order`); (2) the fewest batches; (3) the earliest finish.

Each pod first gets as many candidate batches as its razors and keep-separate pairs need;
only when that serves fewer than every sign-up is the day solved on a batch per possible
slot, so the cap never costs a sign-up (it could, in principle, cost a batch). When the
razor-minutes alone show that not every sign-up fits, the capped try is skipped.

Before any level is searched, a schedule built without searching the morning model may meet
the level's bound and so decide it: the grid schedule in list order (`flow`) for the
sign-ups served and list order, the schedule packed as early as it goes (`greedy`)
for the batches and the finish, and the needed batches placed by a small CP-SAT model
(`packing`) for everyone served and the finish floor. At 20,000 inmates that turns
minutes of search into a fraction of a second; the morning model is searched only when
they fall short.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.engine.lexicographic import Assigned, Levels
from scheduler.engine.solving import SolveSettings, decided, stopped_early
from scheduler.razors.flow import list_greedy
from scheduler.razors.greedy import greedy, packed, sketch
from scheduler.razors.model import Morning, Plan, RazorModel, slots, units
from scheduler.razors.order import list_order
from scheduler.razors.packing import place

PLACE_LIMIT = 5.0
"""Seconds for placing the needed batches by a finish (`packing.place`), a try that
decides a level when it succeeds and otherwise leaves it to the morning model."""


def batch_caps(instance: Instance, morning: Morning, full: bool) -> dict[str, int]:
    """Candidate batches per pod. First try: enough for its razors and for a greedy colouring
    of its keep-separate sign-ups. `full`: one per slot of the window (never binding)."""
    rz = instance.facility.razors
    caps = {}
    for pod, inmates in morning.pods.items():
        if full:
            caps[pod] = max(1, min(len(inmates), slots(rz.batch_minutes, morning.starts[pod])))
            continue
        colour: dict[str, int] = {}
        for i in inmates:
            taken = {colour[j] for j in colour if frozenset((i, j)) in morning.apart}
            colour[i] = min(c for c in range(len(inmates)) if c not in taken)
        caps[pod] = max(math.ceil(len(inmates) / max(1, rz.inventory)), max(colour.values()) + 1)
    return caps


def solve_morning(
    instance: Instance, morning: Morning, settings: SolveSettings, runs: list[SolverRun]
) -> Plan:
    """Levels 1-3 on the capped model; on the uncapped one if a sign-up goes unserved there
    (warm-started from the better of the capped solution and the list-order greedy). Only
    the runs of the model kept are reported."""
    name, settings = f"razors {morning.date}", settings.unprobed()
    rz = instance.facility.razors
    carried: dict[str, int] = {}
    if len(morning.order) <= rz.inventory * morning.slots:
        m = RazorModel(instance, morning, _caps(instance, morning))
        levels = Levels(m.model, settings, name, m.variables())
        _first_level(m, levels, greedy(m))
        if levels.solver is not None and round(levels.solver.objective_value) == len(morning.order):
            return _levels(m, levels, runs)
        if levels.solver is not None:
            carried = {var.name: levels.solver.value(var) for var in m.variables()}
    m = RazorModel(instance, morning, batch_caps(instance, morning, True))
    levels = Levels(m.model, settings, name, m.variables())
    _first_level(m, levels, _better(m, carried))
    return _levels(m, levels, runs)


def _caps(instance: Instance, morning: Morning) -> dict[str, int]:
    """The capped try's batches per pod: as many as its razors and keep-separate pairs need
    (`batch_caps`), and as the list-order greedy uses with a batch per slot, so that the
    capped model has the greedy's schedule (often everyone served) to start from."""
    caps = batch_caps(instance, morning, False)
    place = {i: (u, r) for u in units(instance, morning) for r, i in enumerate(u.members, start=1)}
    used = sketch(instance, morning, place, batch_caps(instance, morning, True))
    return {pod: max(cap, used.get(pod, 0)) for pod, cap in caps.items()}


def _first_level(m: RazorModel, levels: Levels, hint: dict[cp_model.IntVar, int]) -> None:
    """Level 1 from the hint; decided without a solve when the hint serves every sign-up
    (CP-SAT takes minutes to see that on a 20,000-inmate morning). When the solve stops on
    the time limit before any solution, the hint's schedule (the list-order greedy) stands
    as FEASIBLE, its bound the sign-ups on the list: the solve proved nothing, so whoever
    it leaves out is reported as left out by the time limit (not short of razors), but the
    morning still gets its razors."""
    served = sum(hint[v] for v in m.take.values())
    bound = min(len(m.morning.order), m.inventory * m.morning.slots)
    how, seconds = "the list-order greedy", 0.0
    if served < bound == len(m.morning.order):
        everyone = {u.key: len(u.members) for u in m.units}
        placed = place(m, everyone, m.instance.facility.razors.collect_by, levels.settings, PLACE_LIMIT)
        if placed is not None and not m.short_handed(placed[0]):
            (hint, seconds), served = placed, bound
            how = "the needed batches placed by CP-SAT"
    if served < bound:
        grid, on_grid = list_greedy(m)
        if on_grid > served:
            hint, served = grid.values(), on_grid
    if served == bound and not m.short_handed(hint):  # a schedule every batch can be staffed in
        why = "everyone served" if bound == len(m.morning.order) else "every razor-minute used"
        run = decided(f"{levels.name} L1 served ({how}: {why})", served, bound)
        run.seconds = round(seconds, 3)
        levels.runs.append(run)
        m.model.add(m.total() >= served).with_name("RAZ-07 L1 served optimum")
        levels.solver = Assigned(hint, served)
        return
    if levels.level("L1 served", m.total(), maximize=True, rule="RAZ-07", hint=hint):
        return
    bound = len(m.morning.order)
    run = levels.runs[-1]
    kept = decided(
        f"{run.subproblem} (no solution within the time limit: the list-order greedy)", served, bound
    )
    for figure in ("subproblem", "status", "objective", "bound", "gap"):
        setattr(run, figure, getattr(kept, figure))
    m.model.add(m.total() >= served).with_name("RAZ-07 L1 served (greedy)")
    levels.solver = Assigned(hint, served)


def _better(m: RazorModel, carried: dict[str, int]) -> dict[cp_model.IntVar, int]:
    """The warm start serving more: the list-order greedy, or the capped solution (by
    variable name; the capped batches are each pod's first ones, the rest off)."""
    first = greedy(m)
    if not carried:
        return first
    capped = {var: carried.get(var.name, 0) for var in m.variables()}
    served = [sum(h[v] for v in m.take.values()) for h in (first, capped)]
    return capped if served[1] > served[0] else first


def _levels(m: RazorModel, levels: Levels, runs: list[SolverRun]) -> Plan:
    """After level 1: list order when some go unserved; (2) fewest batches; (3) earliest
    finish, warm-started from the level-2 batches packed again as early as they fit. A
    level 1 stopped on the time limit keeps its schedule's sign-ups (nothing is proven)."""
    assert levels.solver is not None  # level 1 always has a schedule (`_first_level`)
    first = levels.runs[-1]
    best = round(levels.solver.objective_value)
    unsure: dict[str, SolverRun] = {}
    if stopped_early(first.status):
        m.fix_counts(m.counts(levels.solver), "served (time limit)")
    elif best < len(m.morning.order):
        unsure = list_order(m, levels, best)
    else:
        m.fix_counts(m.counts(levels.solver), "everyone served")
    built = None if stopped_early(first.status) else packed(m, m.counts(levels.solver))
    if built is not None and m.short_handed(built[0]):
        built = None
    if built is not None:
        levels.solver = Assigned(built[0], levels.solver.objective_value)
    fewest = _fewest_already(m, levels)
    if fewest is None and levels.level("L2 batches", sum(m.present.values()), rule="RAZ-02"):
        fewest = round(levels.solver.objective_value)
    if fewest is not None:
        end = m.end(best, fewest, m.counts(levels.solver))
        counts = m.counts(levels.solver)
        placed = None
        if (built is None or built[1] > m.floor) and fewest == sum(m.need(counts).values()):
            placed = place(m, counts, m.floor, levels.settings, PLACE_LIMIT)
            placed = None if placed is None or m.short_handed(placed[0]) else placed
        if built is not None and built[1] <= m.floor:
            _floor_met(m, levels, end, built)
        elif placed is not None:
            _floor_met(m, levels, end, (placed[0], m.floor), "the needed batches placed by CP-SAT", placed[1])
        else:
            _finish(m, levels, end, _earlier(m, _repack(m, m.plan(levels.solver)), built))
    runs += levels.runs
    plan = m.plan(levels.solver)
    plan.stopped = first if stopped_early(first.status) else None
    plan.unsure = unsure
    return plan


def _fewest_already(m: RazorModel, levels: Levels) -> int | None:
    """When the schedule so far already has as few batches as the pods need for the sign-ups
    it serves (their razors over the inventory, rounded up, and two for a pod with both of a
    keep-separate pair), level 2 is decided without a solve."""
    assert levels.solver is not None
    need = sum(m.need(m.counts(levels.solver)).values())
    held = sum(levels.solver.value(v) for v in m.at.values())
    if held > need:
        return None
    m.model.add(sum(m.present.values()) <= held).with_name("RAZ-02 L2 batches optimum")
    levels.runs.append(decided(f"{levels.name} L2 batches (the schedule meets the pods' need)", held, need))
    return held


def _earlier(
    m: RazorModel, hint: dict[cp_model.IntVar, int], built: tuple[dict[cp_model.IntVar, int], int] | None
) -> dict[cp_model.IntVar, int]:
    """The warm start for level 3 finishing earlier: the repacked batches or the packed schedule."""
    if built is None:
        return hint
    if not hint:
        return built[0]
    finish = max(t + m.length for (_, _, t), v in m.at.items() if hint[v])
    return built[0] if built[1] < finish else hint


def _floor_met(
    m: RazorModel,
    levels: Levels,
    end: cp_model.IntVar,
    built: tuple[dict[cp_model.IntVar, int], int],
    how: str = "the packed schedule",
    seconds: float = 0.0,
) -> None:
    """Level 3 decided without a search of the morning model: a schedule built by hand
    (`packed`, the one level 2 was decided on) or the needed batches placed by CP-SAT
    (`packing.place`) finish at the floor (`RazorModel.end`), a bound for every
    schedule."""
    values, finish = built
    m.model.add(end <= finish).with_name("RAZ-03 L3 finish optimum")
    run = decided(f"{levels.name} L3 finish ({how}: the finish floor met)", finish, m.floor)
    run.seconds = round(seconds, 3)
    levels.runs.append(run)
    levels.solver = Assigned(values | {end: finish}, finish)


def _finish(m: RazorModel, levels: Levels, end: cp_model.IntVar, hint: dict[cp_model.IntVar, int]) -> None:
    """Level 3. Sign-ups' busy time adds starts off the pods' grid, which makes packing
    batches harder to search; so the grid alone is tried first. When it meets the
    finish floor (a bound for every start), that is the optimum and the level ends;
    otherwise its schedule warm-starts the level on every start."""
    off_grid = [v for (pod, _, t), v in m.at.items() if t not in m.morning.aligned.get(pod, [])]
    if off_grid:
        m.model.add_assumptions([v.Not() for v in off_grid])
        found = levels.level("L3 finish (pods' grid)", end, rule="RAZ-03", fix=False, hint=hint)
        m.model.clear_assumptions()
        run = levels.runs[-1]
        if found and run.objective is not None and round(run.objective) <= m.floor:
            run.subproblem = f"{levels.name} L3 finish (meets the finish floor on the pods' grid)"
            run.status, run.bound, run.gap = "OPTIMAL", float(m.floor), 0.0
            return
        if found:  # the grid's schedule is the first solution of the full level
            grid = levels.solver
            hint = {var: grid.value(var) for var in levels.hinted} | {end: grid.value(end)}  # type: ignore[union-attr]
            levels.hinted = [*levels.hinted, end]
    levels.level("L3 finish", end, rule="RAZ-03", hint=hint or None)


def _repack(m: RazorModel, plan: Plan) -> dict[cp_model.IntVar, int]:
    """The same batches (pods, members) placed again, largest first, each at the earliest
    start its members, its pod's other batches, the razors and the officers allow: a first
    solution for the finish level that often meets its floor outright."""
    rz = m.instance.facility.razors
    razors: dict[int, int] = defaultdict(int)
    batches: dict[int, int] = defaultdict(int)
    pod_busy: dict[str, list[int]] = defaultdict(list)
    chosen: dict[tuple[str, int], int] = {}
    items = [(pod, k, inmates) for pod, bs in plan.batches.items() for k, (_, inmates) in enumerate(bs)]
    for pod, k, inmates in sorted(items, key=lambda x: (-len(x[2]), x[0], x[1])):
        allowed = [t for t in m.morning.starts[pod] if all(t in m.place[i][0].starts for i in inmates)]
        for t in allowed:
            points = [*m._covered(t), t]
            if any(abs(t - q) < m.length for q in pod_busy[pod]):
                continue
            if any(razors[p] + len(inmates) > rz.inventory for p in points):
                continue
            free = m.morning.free
            if any(
                batches[p] + 1 > free[p - rz.issue_start]
                for p in points
                if 0 <= p - rz.issue_start < len(free)
            ):
                continue
            for p in m._covered(t):
                razors[p] += len(inmates)
                batches[p] += 1
            pod_busy[pod].append(t)
            chosen[(pod, k)] = t
            break
    if len(chosen) < len(items):
        return {}
    return _placed(m, items, chosen)


def _placed(
    m: RazorModel, items: list[tuple[str, int, list[str]]], chosen: dict[tuple[str, int], int]
) -> dict[cp_model.IntVar, int]:
    """The repacked batches as values of the model's variables (batch k of a pod: its k-th in time)."""
    hint: dict[cp_model.IntVar, int] = dict.fromkeys(m.variables(), 0)
    by_pod: dict[str, list[tuple[int, int, list[str]]]] = defaultdict(list)
    for pod, k, inmates in items:
        by_pod[pod].append((chosen[(pod, k)], k, inmates))
    for pod, placed in by_pod.items():
        for slot, (t, _, inmates) in enumerate(sorted(placed)):
            hint[m.at[(pod, slot, t)]] = 1
            for i in inmates:
                hint[m.take[(m.place[i][0].key, slot, t)]] += 1
    return hint
