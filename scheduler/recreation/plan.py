"""The rotation's plan: how many sessions start when, and which sessions get daylight.

Sessions of one day with the same start options are interchangeable for the areas, so
the plan counts them per start (one integer per class and start, as visitation does for
requests) and gives each session one Boolean, "daylight or not". Dropping the one rule
that tells same-class sessions apart (no repeated start on consecutive days, REC-05)
makes the plan a relaxation of the rotation: its level-1 and level-2 optima bound the
rotation's. `realise` then places each session on a start of its class and kind; when
it succeeds, the rotation meets both bounds and is optimal. The plan is small (at 5,000
inmates 1,250 Booleans against 47,500 for the full model) and its area constraints are
interval rows, so its LP bound is tight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.engine.lexicographic import Assuming, Levels
from scheduler.engine.solving import SolveSettings
from scheduler.recreation.fairness import Past, at_floor, floor_of, largest_deviation
from scheduler.recreation.sessions import Limit, Limits, Session, area_bound, area_free, daylight, holders

Key = tuple[dt.date, tuple[int, ...], int, tuple[str, ...]]
"""A class: one day, one tuple of start options, the least capacity of an area that
holds its sessions (0 when every area holds every session: areas are then identical), and
the officers barred from its sessions (STF-03), in id order."""


def needs(instance: Instance, sessions: list[Session]) -> dict[Session, int]:
    """Each session's least area capacity that holds it (REC-03); all 0 when every area
    holds every session."""
    if not area_bound(instance, sessions):
        return dict.fromkeys(sessions, 0)
    capacities = sorted({a.capacity for a in instance.facility.recreation.areas})
    return {s: next(c for c in capacities if c >= len(s.inmates)) for s in sessions}


def key_of(s: Session, options: dict[Session, list[int]], need: dict[Session, int]) -> Key:
    """A session's class."""
    return (s.date, tuple(options[s]), need[s], tuple(sorted(s.barred)))


@dataclass
class Plan:
    """Sessions per class and start, each session's kind of start, and the daylight held."""

    counts: dict[tuple[Key, int], int]
    light: dict[Session, bool]
    held: int
    need: dict[Session, int]
    rooms: dict[tuple[Key, int], list[str]] | None = None
    """When some area is too small for some group: the areas each class and start uses,
    one per session (REC-02/03); None when any area holds any session."""


def plan(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    settings: SolveSettings,
    limits: Limits,
    repeats: bool = False,
    past: Past | None = None,
) -> tuple[Plan | None, list[SolverRun]]:
    """Level 1 (most daylight sessions) then level 2 (fairest share) on the counts; when
    level 2 finds nothing in time, level 1's plan stands (its run says so). `repeats`
    drops the no-repeat cuts (the fallback when no rotation avoids repeats)."""
    need = needs(instance, sessions)
    classes: dict[Key, list[Session]] = {}
    for s in sessions:
        classes.setdefault(key_of(s, options, need), []).append(s)
    model = cp_model.CpModel()
    n = {
        (k, t): model.new_int_var(0, len(own), f"{k[0]} class {i} at {t}")
        for i, (k, own) in enumerate(sorted(classes.items()))
        for t in k[1]
    }
    for k, own in sorted(classes.items()):
        model.add(sum(n[(k, t)] for t in k[1]) == len(own)).with_name(f"REC-01 sessions {k[0]}")
    _areas(instance, model, n, limits)
    y = _rooms(instance, model, n, {k: len(own) for k, own in classes.items()}) if any(need.values()) else {}
    if not repeats:
        _repeat_cuts(model, sessions, options, n, need)
    total = sum(var for (_, t), var in n.items() if daylight(instance, t))
    levels = Levels(model, settings, "recreation", list(n.values()) + list(y.values()))
    if not levels.level("L1 daylight sessions", total, maximize=True, rule="REC-05"):
        return None, levels.runs
    held = round(levels.solver.objective_value)  # type: ignore[union-attr]
    light, hint = _light(instance, model, classes, n, levels)
    hint |= dict(zip(y.values(), levels.values(y.values()), strict=True))
    worst = largest_deviation(model, sessions, light, held, past)
    reach = at_floor(model, worst, floor_of(sessions, held, past))
    first = Assuming([reach], settings.time_limit / 2)
    if not levels.level("L2 fair daylight", worst, fix=False, hint=hint, assuming=first):
        counts = {key: hint[var] for key, var in n.items() if hint[var]}
        rooms = _used(y, hint) if y else None
        return Plan(counts, {s: bool(hint[v]) for s, v in light.items()}, held, need, rooms), levels.runs
    solver = levels.solver
    assert solver is not None
    counts = {key: solver.value(var) for key, var in n.items() if solver.value(var)}
    rooms = _used(y, {v: solver.value(v) for v in y.values()}) if y else None
    return Plan(
        counts, {s: solver.boolean_value(v) for s, v in light.items()}, held, need, rooms
    ), levels.runs


def _rooms(
    instance: Instance,
    model: cp_model.CpModel,
    n: dict[tuple[Key, int], cp_model.IntVar],
    size: dict[Key, int],
) -> dict[tuple[Key, int, str], cp_model.IntVar]:
    """REC-02/03 with areas of different capacities: a class's sessions at a start are
    spread over the areas open then (CAL-01) that hold them, and each area has at most one
    session in progress at a time. Exact: sessions of one class are interchangeable."""
    rec = instance.facility.recreation
    y: dict[tuple[Key, int, str], cp_model.IntVar] = {}
    for (k, t), var in n.items():
        own = []
        for a in holders(instance, k[2]):
            if area_free(instance, a, k[0], t):
                y[(k, t, a)] = model.new_int_var(0, size[k], f"{k[0]} class {k[2]} at {t} in {a}")
                own.append(y[(k, t, a)])
        model.add(var == sum(own)).with_name(f"REC-03 areas that hold {k[0]} {t} {k[2]}")
    by_area: dict[tuple[dt.date, str], list[tuple[int, cp_model.IntVar]]] = {}
    for (k, t, a), var in y.items():
        by_area.setdefault((k[0], a), []).append((t, var))
    for (day, area), starts in sorted(by_area.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - rec.session_minutes < t <= tau]
            model.add(sum(live) <= 1).with_name(f"REC-02 area {area} {day} {tau}")
    return y


def _used(
    y: dict[tuple[Key, int, str], cp_model.IntVar], value: dict[cp_model.IntVar, int]
) -> dict[tuple[Key, int], list[str]]:
    """The areas each class and start uses, one per session."""
    rooms: dict[tuple[Key, int], list[str]] = {}
    for (k, t, a), var in y.items():
        rooms.setdefault((k, t), []).extend([a] * value[var])
    return rooms


def areas_of(
    chosen: Plan, starts: dict[Session, int], options: dict[Session, list[int]]
) -> dict[Session, str]:
    """Each realised session's area from the plan (sessions of a class and start take its
    areas in the facility's order, by pod and group)."""
    assert chosen.rooms is not None
    free = {key: list(areas) for key, areas in chosen.rooms.items()}
    return {
        s: free[(key_of(s, options, chosen.need), starts[s])].pop(0)
        for s in sorted(starts, key=lambda s: (s.date, starts[s], s.pod, s.label))
    }


def _areas(
    instance: Instance, model: cp_model.CpModel, n: dict[tuple[Key, int], cp_model.IntVar], limits: Limits
) -> None:
    """REC-02/CAL-01/STF-01: at every start time, at most one session per open area in
    progress, and no more than the officers free then (per day)."""
    rec = instance.facility.recreation
    by_day: dict[dt.date, list[tuple[int, cp_model.IntVar]]] = {}
    for (k, t), var in n.items():
        by_day.setdefault(k[0], []).append((t, var))
    for day, starts in sorted(by_day.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - rec.session_minutes < t <= tau]
            model.add(sum(live) <= len(rec.areas)).with_name(f"REC-02 areas {day} {tau}")
    keyed: dict[dt.date, list[tuple[Key, int, cp_model.IntVar]]] = {}
    for (k, t), var in n.items():
        keyed.setdefault(k[0], []).append((k, t, var))
    for limit in limits:
        live = [v for k, t, v in keyed.get(limit.day, []) if t in limit.starts and _counts(limit, k)]
        if live:
            model.add(sum(live) <= limit.cap).with_name(f"{limit.rule} {limit.day} {min(limit.starts)}")


def _counts(limit: Limit, k: Key) -> bool:
    """Whether a class's sessions count against a limit (all do, or those barred to its officers)."""
    return limit.barred.issubset(k[3])


def _repeat_cuts(
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    n: dict[tuple[Key, int], cp_model.IntVar],
    need: dict[Session, int],
) -> None:
    """REC-05 in counts: a class k and a class k' of the next day sharing the groups C take
    a start t at most |k| + |k'| - |C| times together, since each group in C takes t at
    most once over the two days. Exact for one-session classes; valid for any."""
    size: dict[Key, int] = {}
    for s in sessions:
        size[key_of(s, options, need)] = size.get(key_of(s, options, need), 0) + 1
    by_group = {(s.group, s.date): s for s in sessions}
    shared: dict[tuple[Key, Key], int] = {}
    for s in sessions:
        nxt = by_group.get((s.group, s.date + dt.timedelta(days=1)))
        if nxt is not None:
            pair = (key_of(s, options, need), key_of(nxt, options, need))
            shared[pair] = shared.get(pair, 0) + 1
    for (k, k2), common in sorted(shared.items()):
        for t in sorted(set(k[1]) & set(k2[1])):
            model.add(n[(k, t)] + n[(k2, t)] <= size[k] + size[k2] - common).with_name(
                f"REC-05 no repeat {k[0]} {t}"
            )


def _light(
    instance: Instance,
    model: cp_model.CpModel,
    classes: dict[Key, list[Session]],
    n: dict[tuple[Key, int], cp_model.IntVar],
    levels: Levels,
) -> tuple[dict[Session, cp_model.IntVar], dict[cp_model.IntVar, int]]:
    """One Boolean per session, daylight or not; a class's count of daylight starts equals
    its sessions marked daylight. Also level 2's hint: level 1's counts, and a class's
    first sessions taking its daylight starts."""
    hint = dict(zip(n.values(), levels.values(n.values()), strict=True))
    light: dict[Session, cp_model.IntVar] = {}
    for k, own in sorted(classes.items()):
        day_starts = sum(n[(k, t)] for t in k[1] if daylight(instance, t))
        hinted = sum(hint[n[(k, t)]] for t in k[1] if daylight(instance, t))
        for i, s in enumerate(own):
            light[s] = model.new_bool_var(f"{s.pod} {s.label} {s.date} daylight")
            hint[light[s]] = int(i < hinted)
        model.add(sum(light[s] for s in own) == day_starts).with_name(f"REC-05 daylight {k[0]}")
    return light, hint


def realise(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    chosen: Plan,
    repeats: bool = False,
) -> dict[Session, int] | None:
    """Each session on a planned start of its class and kind, the plan's counts met, no
    group on the same start two days running; None when that fails.

    Day by day, each a bipartite matching solved as a min-cost flow (sessions -> planned
    starts) that bars each group's start of the day before and steers clear of the starts
    its session of the day after could take (barring the one it must take). Days are
    fixed in order, so a day may fail where a joint search would not; the caller then
    solves the full model.
    """
    allowed = {
        s: [
            t
            for t in options[s]
            if chosen.counts.get((key_of(s, options, chosen.need), t))
            and daylight(instance, t) == chosen.light[s]
        ]
        for s in sessions
    }
    by_group = {(s.group, s.date): s for s in sessions} if not repeats else {}
    starts: dict[Session, int] = {}
    for day in sorted({s.date for s in sessions}):
        today = [s for s in sessions if s.date == day]
        before = {s: starts.get(by_group.get((s.group, day - dt.timedelta(days=1)))) for s in today}
        after = {s: allowed.get(by_group.get((s.group, day + dt.timedelta(days=1))), []) for s in today}
        placed = _match_day(today, options, allowed, chosen, before, after)
        if placed is None:
            return None
        starts |= placed
    return starts


def _match_day(
    today: list[Session],
    options: dict[Session, list[int]],
    allowed: dict[Session, list[int]],
    chosen: Plan,
    before: dict[Session, int | None],
    after: dict[Session, list[int]],
) -> dict[Session, int] | None:
    """One day's sessions matched to the plan's starts, at least cost of tomorrow's choices."""
    day = today[0].date
    counts = chosen.counts
    slot_node = {key: 2 + len(today) + i for i, key in enumerate(sorted(k for k in counts if k[0][0] == day))}
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs: list[tuple[Session, int, int]] = []
    for i, s in enumerate(today):
        flow.add_arc_with_capacity_and_unit_cost(0, 2 + i, 1, 0)
        for t in allowed[s]:
            if t == before[s] or after[s] == [t]:
                continue
            cost = LOOK_AHEAD // len(after[s]) if t in after[s] else 0
            node = slot_node[(key_of(s, options, chosen.need), t)]
            arcs.append((s, t, flow.add_arc_with_capacity_and_unit_cost(2 + i, node, 1, cost)))
    for key, node in slot_node.items():
        flow.add_arc_with_capacity_and_unit_cost(node, 1, counts[key], 0)
    flow.set_node_supply(0, len(today))
    flow.set_node_supply(1, -len(today))
    if flow.solve() != flow.OPTIMAL:
        return None
    return {s: t for s, t, arc in arcs if flow.flow(arc)}


LOOK_AHEAD = 60
"""Cost of taking a start the group's session tomorrow could also take, divided by the
number of starts that session has: the fewer it has, the dearer each one."""


def no_repeat(
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    x: dict[tuple[Session, int], cp_model.IntVar],
) -> None:
    """REC-05: a group never has the same start on two consecutive days."""
    by_group = {(s.group, s.date): s for s in sessions}
    for s in sessions:
        nxt = by_group.get((s.group, s.date + dt.timedelta(days=1)))
        if nxt is None:
            continue
        for t in sorted(set(options[s]) & set(options[nxt])):
            model.add_at_most_one([x[(s, t)], x[(nxt, t)]]).with_name(
                f"REC-05 {s.pod} {s.label} {s.date} {t}"
            )
