"""The one officer matcher (STF-01..04): an officer for every supervised session of the week.

Sessions are fixed in time by the sub-problems, which kept the sessions at any time within
the officers still free; what is left is an assignment. An officer may take a session when
on shift for all of it, with no declared relationship with its inmates nor a relative among
its visitors (STF-03), and one session at a time (STF-02). The week falls apart into groups
of sessions that can share an officer's shift (days and nights), each matched on its own.

After each sub-problem its new sessions get a provisional officer (`match_new`), so the next
sub-problem sees exactly who is still free. At the end (`staff_week`), per group: (0) the
most sessions staffed, from the provisional matching; (1) the smallest largest load
(minutes supervised by one officer in one shift): the matching, evened out, is proven
optimal without a solve when it reaches a max-flow lower bound (`flow_bound`), else solved
by CP-SAT where the group is small enough; then loads are evened out by a local search that
never raises the largest. A
session no officer can take is listed as unmet with every officer on shift and why each
is excluded.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from bisect import bisect_left, insort
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.graph.python import max_flow
from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import SUPERVISED, EventBase, Unmet, WeekSchedule
from scheduler.lexicographic import Levels
from scheduler.officers import Spans, barred, barred_visitors, covering_shift, shift_spans
from scheduler.result import SubResult
from scheduler.solving import SolveSettings, decided

Shift = tuple[str, int, int]
"""An officer and the absolute start and end of one of their shifts."""


@dataclass
class Session:
    """A supervised event with its absolute span, the people it involves, and who may take it."""

    event: EventBase
    date: dt.date
    start: int
    end: int
    inmates: set[str]
    visitors: set[str]
    eligible: list[Shift] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        """Supervision time (STF-04 load)."""
        return self.end - self.start


def sessions_of(instance: Instance, week: WeekSchedule, new_only: bool = False) -> list[Session]:
    """Every supervised session of the week with its eligible officers' shifts; `new_only`:
    the sessions without an officer yet, for officers free of the sessions they have."""
    by_id = {e.id: e for _, e in week.events()}
    duty: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for day, event in week.events():
        if new_only and getattr(event, "kind", "") in SUPERVISED and event.officer:
            t = (day.date - instance.monday).days * 1440
            duty[event.officer].append((t + event.start, t + event.end))
    shifts: dict[tuple[int, int], list[str]] = defaultdict(list)
    for oid in sorted(instance.officers):
        for span in shift_spans(instance, oid):
            shifts[span].append(oid)
    barring = _barring(instance)

    @functools.cache
    def covering(start: int, end: int) -> list[Shift]:
        """The shifts that cover [start, end), in id order (shared by the sessions then)."""
        return sorted((o, a, b) for (a, b), oids in shifts.items() if a <= start and end <= b for o in oids)

    taken = {oid: Spans(spans) for oid, spans in duty.items()}
    out = []
    for day, event in week.events():
        if getattr(event, "kind", "") not in SUPERVISED or (new_only and event.officer):
            continue
        covered = [by_id[c] for c in getattr(event, "covers", []) if c in by_id] or [event]
        inmates = {i for e in covered for i in e.inmates}
        visitors = {v.visitor_id for e in covered for v in getattr(e, "visitors", [])}
        t = (day.date - instance.monday).days * 1440
        s = Session(event, day.date, t + event.start, t + event.end, inmates, visitors)
        people = [("inmate", i) for i in inmates] + [("visitor", v) for v in visitors]
        barred = {o for p in people for o in barring.get(p, ())}
        s.eligible = [
            sh
            for sh in covering(s.start, s.end)
            if sh[0] not in barred and (sh[0] not in taken or not taken[sh[0]].overlaps(s.start, s.end))
        ]
        out.append(s)
    return sorted(out, key=lambda s: (s.start, s.end, s.event.id))


def _barring(instance: Instance) -> dict[tuple[str, str], set[str]]:
    """The officers who may not supervise each inmate and visitor (STF-03)."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for oid, iid in barred(instance):
        out[("inmate", iid)].add(oid)
    for oid, vid in barred_visitors(instance):
        out[("visitor", vid)].add(oid)
    return out


def match_new(instance: Instance, week: WeekSchedule, settings: SolveSettings) -> None:
    """A provisional officer for each new session, beside the sessions matched before: what
    the next sub-problem sees as taken. Greedy in start order (tightest shift first); a
    group of sessions the greedy cannot staff in full is matched by CP-SAT (most staffed)."""
    sessions = sessions_of(instance, week, new_only=True)
    for part in _components(sessions):
        chosen = _greedy(part)
        if len(chosen) < len(part):
            chosen = _most_staffed(part, settings, SubResult(), "staffing provisional", chosen)
        for s in part:
            s.event.officer = chosen.get(s.event.id)


def staff_week(instance: Instance, week: WeekSchedule, settings: SolveSettings) -> SubResult:
    """Officers on every session it can (set on the events), unmet sessions, and figures.

    Per group of sessions: level 0 (most staffed) starts from the provisional matching, which
    staffs every session when every sub-problem kept within the officers free; level 1 (the
    smallest largest load) is decided by the flow bound when the evened-out matching, or the
    greedy kept under the bound, meets it, else solved by CP-SAT for groups of up to
    `SOLVED` sessions; then
    loads are evened out by moving sessions to less loaded officers while that lowers the
    sum of squared loads without raising the largest (a local search: no optimality claim).
    """
    result = SubResult()
    sessions = sessions_of(instance, week)
    chosen: dict[str, str] = {}
    for part in _components(sessions):
        name = f"staffing {part[0].date} {part[0].event.id.split(':')[0]}.."
        given = {s.event.id: s.event.officer for s in part if s.event.officer in {sh[0] for sh in s.eligible}}
        mine = _most_staffed(part, settings, result, name, given) if len(given) < len(part) else given
        if len(given) == len(part):
            result.runs.append(decided(f"{name} L0 sessions staffed", len(part), len(part)))
        mine = _smallest_largest(part, settings, result, name, _even_out(part, mine))
        chosen |= _even_out(part, mine)
    for s in sessions:
        s.event.officer = chosen.get(s.event.id)
    for s in sessions:
        if s.event.officer is None:
            result.unmet.append(_unstaffed(instance, s, sessions))
    loads: dict[Shift, int] = defaultdict(int)
    for s in sessions:
        if s.event.officer:
            shift = covering_shift(instance, s.event.officer, s.start, s.end)
            loads[(s.event.officer, *(shift or (0, 0)))] += s.minutes
    result.kpis["staffing.sessions"] = float(len(sessions))
    result.kpis["staffing.unstaffed"] = float(len(result.unmet))
    result.kpis["staffing.largest_load_minutes"] = float(max(loads.values(), default=0))
    return result


SOLVED = 100
"""Groups of up to this many sessions whose matching misses the flow bound get level 1 from
CP-SAT; larger ones keep the matching's loads, reported as FEASIBLE with the flow bound.
Before that, the start-order greedy is run again keeping officers under the bound where
another is free (`_greedy` with a cap): on the generated weeks up to 20,000 inmates it
meets the bound on every group (a razor morning of ~1,500 sessions: 270 where the first
matching gave 330 and CP-SAT stayed at 300 after 60 s)."""


def _greedy(part: list[Session], cap: int | None = None) -> dict[str, str]:
    """Sessions in start order, each to the free eligible officer whose shift ends soonest
    (keeping officers who stay longer for later sessions), then the least loaded; with a
    `cap`, officers it would take over the cap only when no other is free."""
    free_at: dict[str, int] = defaultdict(lambda: -(10**9))
    load: dict[str, int] = defaultdict(int)
    out = {}
    for s in part:
        fits = [sh for sh in s.eligible if free_at[sh[0]] <= s.start]
        if fits:
            limit = cap if cap is not None else 10**9
            oid = min(fits, key=lambda sh: (load[sh[0]] + s.minutes > limit, sh[2], load[sh[0]], sh[0]))[0]
            free_at[oid], load[oid] = s.end, load[oid] + s.minutes
            out[s.event.id] = oid
    return out


def _model(part: list[Session]) -> tuple[cp_model.CpModel, dict, dict[Shift, cp_model.IntVar]]:
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


def _read(part: list[Session], x: dict, solver: cp_model.CpSolver) -> dict[str, str]:
    return {part[k].event.id: sh[0] for (k, sh), var in x.items() if solver.boolean_value(var)}


def _most_staffed(
    part: list[Session], settings: SolveSettings, result: SubResult, name: str, start: dict[str, str]
) -> dict[str, str]:
    """Level 0 by CP-SAT: the most sessions staffed, from a partial matching."""
    model, x, _ = _model(part)
    levels = Levels(model, settings, name, list(x.values()))
    _hint(model, part, x, start)
    levels.level("L0 sessions staffed", sum(x.values()), maximize=True, rule="STF-01", fix=False)
    result.runs += levels.runs
    return _read(part, x, levels.solver) if levels.solver is not None else start


def _smallest_largest(
    part: list[Session], settings: SolveSettings, result: SubResult, name: str, chosen: dict[str, str]
) -> dict[str, str]:
    """Level 1 (STF-04): the smallest largest load of one officer shift, with the staffed
    sessions kept staffed."""
    label = f"{name} L1 largest load"
    current = _largest(part, chosen)
    floor = flow_bound([s for s in part if s.event.id in chosen])
    if current > floor:  # the start-order greedy kept under the bound may meet it
        capped = _even_out(part, _greedy(part, cap=floor))
        if len(capped) >= len(chosen) and _largest(part, capped) < current:
            chosen, current = capped, _largest(part, capped)
    if len(part) > SOLVED or current <= floor:
        label = label if current <= floor else f"{label} (greedy, not solved)"
        result.runs.append(decided(label, current, floor))
        return chosen
    model, x, loads = _model(part)
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
    given |= {load: _load_of(part, chosen, sh) for sh, load in loads.items()}
    given[top] = _largest(part, chosen)
    levels.level("L1 largest load", top, rule="STF-04", fix=False, hint=given)
    result.runs += levels.runs
    return _read(part, x, levels.solver) if levels.solver is not None else chosen


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


def _load_of(part: list[Session], chosen: dict[str, str], sh: Shift) -> int:
    """Minutes an officer shift supervises in a matching."""
    return sum(s.minutes for s in part if chosen.get(s.event.id) == sh[0] and sh in s.eligible)


def _largest(part: list[Session], chosen: dict[str, str]) -> int:
    load: dict[str, int] = defaultdict(int)
    for s in part:
        if s.event.id in chosen:
            load[chosen[s.event.id]] += s.minutes
    return max(load.values(), default=0)


def _even_out(part: list[Session], chosen: dict[str, str]) -> dict[str, str]:
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


def _components(sessions: list[Session]) -> list[list[Session]]:
    """Groups of sessions linked by a shift that could take both (union-find over the
    distinct sets of eligible shifts, which many sessions share)."""
    sets: dict[tuple[Shift, ...], int] = {}
    of = [sets.setdefault(tuple(s.eligible), len(sets)) for s in sessions]
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Shift, int] = {}
    for eligible, i in sets.items():
        for shift in eligible:
            a, b = find(first.setdefault(shift, i)), find(i)
            if a != b:
                parent[max(a, b)] = min(a, b)
    parts: dict[int, list[Session]] = defaultdict(list)
    for i, s in zip(of, sessions, strict=True):
        if s.eligible:
            parts[find(i)].append(s)
    return [parts[k] for k in sorted(parts, key=lambda k: parts[k][0].start)]


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


def _unstaffed(instance: Instance, s: Session, sessions: list[Session]) -> Unmet:
    """STF-01 in the administrator's terms: the session, the officers on shift, why not each."""
    t = (s.date - instance.monday).days * 1440
    when = f"{weekday_of(s.date).capitalize()} {s.date} {format_clock(s.start - t)}-{format_clock(s.end - t)}"
    reasons = []
    for oid in sorted(instance.officers):
        spans = [sp for sp in shift_spans(instance, oid) if sp[0] < s.end and s.start < sp[1]]
        if not spans:
            continue
        reasons.append(f"{oid}: {_why_not(instance, oid, s, spans, sessions)}")
    on_shift = "; ".join(reasons) or "no officer is on shift then"
    return Unmet(
        rule="STF-01",
        kind="session",
        subject=s.event.id,
        date=s.date,
        hard=True,
        inmates=sorted(s.inmates),
        reason=f"no officer can supervise {s.event.id} ({when}): {on_shift}",
        needed="1 officer",
        available=f"{len(reasons)} officer(s) on shift, none eligible and free",
        fix="put an officer without a declared relationship on shift for the whole session",
    )


def _why_not(
    instance: Instance, oid: str, s: Session, spans: list[tuple[int, int]], sessions: list[Session]
) -> str:
    if not covering_shift(instance, oid, s.start, s.end):
        a, b = spans[0]
        return f"shift {format_clock(a % 1440)}-{format_clock(b % 1440)} does not cover the whole session"
    rels = [
        r
        for r in instance.staff_relationships
        if r.officer_id == oid
        and r.kind != "contact"
        and ((r.inmate_id in s.inmates) or (r.kind == "relative" and r.visitor_id in s.visitors))
    ]
    if rels:
        named = " and ".join(
            f"declared {r.kind} relationship with "
            + (f"inmate {r.inmate_id}" if r.inmate_id else f"visitor {r.visitor_id}")
            for r in rels
        )
        return f"{named} (STF-03)"
    busy = next((o for o in sessions if o.event.officer == oid and o.start < s.end and s.start < o.end), None)
    if busy:
        return f"supervising {busy.event.id} at the same time (STF-02)"
    return "free (not chosen)"
