"""Matching officers to sessions (STF-02, STF-04): the start-order greedy, CP-SAT for the most
sessions staffed and the smallest largest load, the max-flow lower bound that proves a
matching optimal without a solve, and the local search that evens loads out."""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, insort
from collections import defaultdict

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from scheduler.engine.lexicographic import Levels
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, decided
from scheduler.staffing.sessions import Session, Shift

SOLVED = 100
"""Groups of up to this many sessions whose matching misses the flow bound get level 1 from
CP-SAT's min-max model; larger ones one feasibility search within the bound (`at_floor`).
Before either, the start-order greedy is run again kept under the bound, with each of its
two officer rules (`greedy`): on the generated weeks of 1,000 to 20,000 inmates (seeds 1-4)
one of them meets the bound on every group, so no solve is needed."""


def greedy(part: list[Session], cap: int | None = None, room_first: bool = False) -> dict[str, str]:
    """Sessions in start order, each to a free eligible officer: the one whose shift ends
    soonest (keeping officers who stay longer for later sessions), then the least loaded.
    With a `cap`, officers it would take over the cap only when no other is free; with
    `room_first`, first the officer with the least time left after the session beyond the
    minutes the cap still allows, so an officer whose room would go unused by the end of
    the shift is used now and one who stays long with room left is kept for later sessions
    (the generated 5,000-inmate weeks: ending soonest first used up by 14:00 the one shift
    that covers a 14:45 recreation across the 15:00 shift change)."""
    free_at: dict[str, int] = defaultdict(lambda: -(10**9))
    load: dict[str, int] = defaultdict(int)
    limit = 10**9 if cap is None else cap
    out = {}

    def rank(sh: Shift, s: Session) -> tuple[bool, int, int, str]:
        room = limit - load[sh[0]] - s.minutes
        if room_first:
            return (room < 0, sh[2] - s.end - room, sh[2], sh[0])
        return (room < 0, sh[2], load[sh[0]], sh[0])

    for s in part:
        fits = [sh for sh in s.eligible if free_at[sh[0]] <= s.start]
        if fits:
            oid = min(fits, key=lambda sh: rank(sh, s))[0]
            free_at[oid], load[oid] = s.end, load[oid] + s.minutes
            out[s.event.id] = oid
    return out


def session_model(part: list[Session]) -> tuple[cp_model.CpModel, dict, dict[Shift, cp_model.IntVar]]:
    """One Boolean per session and eligible officer shift; one officer per session, one
    session per officer at a time (STF-01, STF-02); the loads (STF-04)."""
    model = cp_model.CpModel()
    x = {
        (k, sh): model.new_bool_var(f"{s.event.id} by {sh[0]}")
        for k, s in enumerate(part)
        for sh in s.eligible
    }
    for k, s in enumerate(part):
        model.add_at_most_one(x[(k, sh)] for sh in s.eligible).with_name(f"STF-01 one officer {s.event.id}")
    _one_at_a_time(model, part, x)
    return model, x, _loads(model, part, x)


def _hint(model: cp_model.CpModel, part: list[Session], x: dict, chosen: dict[str, str]) -> None:
    for (k, sh), var in x.items():
        model.add_hint(var, int(chosen.get(part[k].event.id) == sh[0]))


def read_matching(part: list[Session], x: dict, solver: cp_model.CpSolver) -> dict[str, str]:
    return {part[k].event.id: sh[0] for (k, sh), var in x.items() if solver.boolean_value(var)}


def most_staffed(
    part: list[Session], settings: SolveSettings, result: SubResult, name: str, start: dict[str, str]
) -> dict[str, str]:
    """Level 0 by CP-SAT: the most sessions staffed, from a partial matching."""
    model, x, _ = session_model(part)
    levels = Levels(model, settings, name, list(x.values()))
    _hint(model, part, x, start)
    levels.level("L0 sessions staffed", sum(x.values()), maximize=True, rule="STF-01", fix=False)
    result.runs += levels.runs
    return read_matching(part, x, levels.solver) if levels.solver is not None else start


def smallest_largest(
    part: list[Session], settings: SolveSettings, result: SubResult, name: str, chosen: dict[str, str]
) -> dict[str, str]:
    """Level 1 (STF-04): the smallest largest load of one officer shift, with the staffed
    sessions kept staffed."""
    label = f"{name} L1 largest load"
    current = largest(part, chosen)
    floor = flow_bound([s for s in part if s.event.id in chosen])
    for room_first in (True, False):  # the start-order greedy kept under the bound may meet it
        if current <= floor:
            break
        capped = even_out(part, greedy(part, floor, room_first))
        if len(capped) >= len(chosen) and largest(part, capped) < current:
            chosen, current = capped, largest(part, capped)
    if current <= floor:
        result.runs.append(decided(label, current, floor))
        return chosen
    if len(part) > SOLVED:
        return at_floor(part, settings, result, label, chosen, floor)
    model, x, loads = session_model(part)
    for k, s in enumerate(part):
        if s.event.id in chosen:
            model.add(sum(x[(k, sh)] for sh in s.eligible) == 1).with_name(
                f"STF-01 keep {s.event.id} staffed"
            )
    top = model.new_int_var(floor, max(floor, sum(s.minutes for s in part)), "largest load")
    for load in loads.values():
        model.add(top >= load).with_name("STF-04 largest load")
    _symmetry(model, part, loads)
    levels = Levels(model, settings, name, list(x.values()))
    given = {var: int(chosen.get(part[k].event.id) == sh[0]) for (k, sh), var in x.items()}
    given |= {load: load_of(part, chosen, sh) for sh, load in loads.items()}
    given[top] = largest(part, chosen)
    levels.level("L1 largest load", top, rule="STF-04", fix=False, hint=given)
    result.runs += levels.runs
    return read_matching(part, x, levels.solver) if levels.solver is not None else chosen


def at_floor(
    part: list[Session],
    settings: SolveSettings,
    result: SubResult,
    label: str,
    chosen: dict[str, str],
    floor: int,
) -> dict[str, str]:
    """Level 1 of a group too large for the min-max model: one CP-SAT search for a matching
    within the flow bound (a feasibility search, which propagates far better than the
    objective; on a generated razor morning of 383 sessions, 5 s where the min-max model
    found nothing in 60). Found, the level is proven; proven impossible, the bound rises by
    one step; else the matching stands with the flow bound (FEASIBLE, its gap)."""
    model, x, loads = session_model(part)
    for k, s in enumerate(part):
        if s.event.id in chosen:
            keep = model.add_exactly_one(x[(k, sh)] for sh in s.eligible)
            keep.with_name(f"STF-01 keep {s.event.id} staffed")
    for sh, load in loads.items():
        model.add(load <= floor).with_name(f"STF-04 within the flow bound {sh[0]}")
    _symmetry(model, part, loads)
    _hint(model, part, x, chosen)
    solver = settings.solver()
    status = solver.solve(model)
    seconds = round(solver.wall_time, 3)
    current, bound = largest(part, chosen), floor
    if status == cp_model.OPTIMAL:  # a feasibility search: OPTIMAL means a matching was found
        chosen, current = even_out(part, read_matching(part, x, solver)), floor
    elif status == cp_model.INFEASIBLE:
        bound = floor + math.gcd(*(s.minutes for s in part))
    run = decided(f"{label} (a matching within the flow bound searched)", current, bound)
    result.runs.append(run.model_copy(update={"seconds": seconds}))
    return chosen


def flow_bound(staffed: list[Session]) -> int:
    """A lower bound on the largest load of any matching staffing these sessions: the least
    cap T under which their minutes still fit the eligible officer shifts when a session may
    be split among officers (a max flow; the one-at-a-time rule relaxed), and at least the
    longest session. When a matching reaches it, level 1 is proven without a solve.

    Split sessions with the same eligible shifts are one supply of their summed minutes,
    so the network has one node per set of shifts; it is built once and only the shifts'
    caps change between the bisection's steps. A load is a sum of session lengths, so the
    bound is rounded up to a multiple of their greatest common divisor."""
    if not staffed:
        return 0
    supply: dict[tuple[Shift, ...], int] = defaultdict(int)
    for s in staffed:
        supply[tuple(sorted(s.eligible))] += s.minutes
    shifts = {sh: k for k, sh in enumerate(sorted({sh for group in supply for sh in group}))}
    total = sum(supply.values())
    flow, caps = _network(supply, shifts)
    low, high = max(max(s.minutes for s in staffed), -(-total // len(shifts))), total
    while low < high:
        cap = (low + high) // 2
        for arc in caps:
            flow.set_arc_capacity(arc, cap)
        flow.solve(len(supply) + len(shifts), len(supply) + len(shifts) + 1)
        if flow.optimal_flow() == total:
            high = cap
        else:
            low = cap + 1
    step = math.gcd(*(s.minutes for s in staffed))
    return -(-low // step) * step if step else low


def _network(
    supply: dict[tuple[Shift, ...], int], shifts: dict[Shift, int]
) -> tuple[max_flow.SimpleMaxFlow, list[int]]:
    """Source -> each set of shifts (its minutes) -> each shift in it -> sink; the
    shift-to-sink arcs, whose cap the bisection sets."""
    flow = max_flow.SimpleMaxFlow()
    n = len(supply)
    source, sink = n + len(shifts), n + len(shifts) + 1
    for k, (group, minutes) in enumerate(supply.items()):
        flow.add_arc_with_capacity(source, k, minutes)
        for sh in group:
            flow.add_arc_with_capacity(k, n + shifts[sh], minutes)
    return flow, [flow.add_arc_with_capacity(n + j, sink, 0) for j in shifts.values()]


def load_of(part: list[Session], chosen: dict[str, str], sh: Shift) -> int:
    """Minutes an officer shift supervises in a matching."""
    return sum(s.minutes for s in part if chosen.get(s.event.id) == sh[0] and sh in s.eligible)


def largest(part: list[Session], chosen: dict[str, str]) -> int:
    load: dict[str, int] = defaultdict(int)
    for s in part:
        if s.event.id in chosen:
            load[chosen[s.event.id]] += s.minutes
    return max(load.values(), default=0)


def even_out(part: list[Session], chosen: dict[str, str]) -> dict[str, str]:
    """Move sessions to less loaded eligible officers who are free then, while that lowers
    the sum of squared loads; the largest load never rises. Deterministic, bounded passes.
    Each officer's sessions are kept sorted by start: they never overlap (STF-02), so one
    neighbour tells whether a session fits."""
    chosen = dict(chosen)
    load: dict[str, int] = defaultdict(int)
    held: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for s in part:
        if s.event.id in chosen:
            load[chosen[s.event.id]] += s.minutes
            held[chosen[s.event.id]].append((s.start, s.end, s.event.id))
    for spans in held.values():
        spans.sort()
    officers = [sorted({sh[0] for sh in s.eligible}) for s in part]
    for _ in range(20):
        moved = False
        for s, eligible in zip(part, officers, strict=True):
            owner = chosen.get(s.event.id)
            if owner is None:
                continue
            below = load[owner] - s.minutes
            lighter = sorted((load[o], o) for o in eligible if load[o] < below)
            oid = next((o for _, o in lighter if _fits(held[o], s)), None)
            if oid is not None:
                held[owner].remove((s.start, s.end, s.event.id))
                insort(held[oid], (s.start, s.end, s.event.id))
                load[owner] -= s.minutes
                load[oid] += s.minutes
                chosen[s.event.id] = oid
                moved = True
        if not moved:
            break
    return chosen


def _fits(spans: list[tuple[int, int, str]], s: Session) -> bool:
    """Whether a session overlaps none of an officer's sorted, disjoint sessions."""
    k = bisect_left(spans, (s.end,))
    return k == 0 or spans[k - 1][1] <= s.start


def _one_at_a_time(model: cp_model.CpModel, part: list[Session], x: dict) -> None:
    """STF-02: an officer supervises one session at a time (a clique at every start)."""
    by_officer: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(part):
        for sh in s.eligible:
            by_officer[sh[0]].append(k)
    for oid, ks in sorted(by_officer.items()):
        seen: set[frozenset[int]] = set()
        for t in sorted({part[k].start for k in ks}):
            live = frozenset(j for j in ks if part[j].start <= t < part[j].end)
            if len(live) > 1 and live not in seen:
                seen.add(live)
                lits = [x[(j, sh)] for j in sorted(live) for sh in part[j].eligible if sh[0] == oid]
                model.add_at_most_one(lits).with_name(f"STF-02 {oid} one at a time {t}")


def _loads(model: cp_model.CpModel, part: list[Session], x: dict) -> dict[Shift, cp_model.IntVar]:
    """Minutes supervised in each officer shift (STF-04)."""
    terms: dict[Shift, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for k, s in enumerate(part):
        for sh in s.eligible:
            terms[sh].append((s.minutes, x[(k, sh)]))
    loads = {}
    for sh, ts in sorted(terms.items()):
        load = model.new_int_var(0, sum(m for m, _ in ts), f"load {sh[0]} {sh[1]}")
        model.add(load == sum(m * v for m, v in ts))
        loads[sh] = load
    return loads


def _symmetry(model: cp_model.CpModel, part: list[Session], loads: dict[Shift, cp_model.IntVar]) -> None:
    """Officers of one shift (same hours, same date) with the same sessions open to them are
    interchangeable: their loads are kept in id order (exact symmetry breaking)."""
    open_to: dict[Shift, frozenset[str]] = defaultdict(frozenset)
    for s in part:
        for sh in s.eligible:
            open_to[sh] = open_to[sh] | {s.event.id}
    twins: dict[tuple[int, int, frozenset[str]], list[Shift]] = defaultdict(list)
    for sh in sorted(loads):
        twins[(sh[1], sh[2], open_to[sh])].append(sh)
    for same in twins.values():
        for a, b in itertools.pairwise(same):
            model.add(loads[a] >= loads[b]).with_name(f"STF-04 symmetry {a[0]} {b[0]}")
