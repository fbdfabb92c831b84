"""The one officer matcher (STF-01..04): an officer for every supervised session of the week.

Sessions are fixed in time by the sub-problems, which kept the sessions at any minute
within the officers still free then; what is left is an assignment. One CP-SAT model per
group of sessions that can share an officer's shift (the week falls apart into days and
nights): a Boolean per session and eligible officer (on shift for the whole session, no
declared relationship with its inmates nor a relative among its visitors, STF-03), at most
one session per officer at any minute (one at-most-one per officer and start, STF-02).
Officers of one shift with the same eligibility are interchangeable: their loads are kept
in id order, which breaks the symmetry exactly.

Levels (STF-01, STF-04): (0) the most sessions staffed; (1) the smallest largest load
(minutes supervised) of each shift, summed over shifts; (2) loads spread evenly: the least
sum of squared loads, whose optimum makes no transfer of a session from a busier officer
to a less busy one worth making. Loads are whole multiples of the sessions' common
divisor, so the square is exact as the upper envelope of its chords between consecutive
multiples (a convex piecewise-linear cost with a tight LP bound, unlike a max-minus-min
spread). A session no officer can take is listed as unmet with every officer on shift and
why each is excluded.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import SUPERVISED, EventBase, Unmet, WeekSchedule
from scheduler.lexicographic import Levels
from scheduler.officers import barred, barred_visitors, covering_shift, shift_spans
from scheduler.result import SubResult
from scheduler.solving import SolveSettings

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
    no_inmate, no_visitor = barred(instance), barred_visitors(instance)
    duty: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for day, event in week.events():
        if new_only and getattr(event, "kind", "") in SUPERVISED and event.officer:
            t = (day.date - instance.monday).days * 1440
            duty[event.officer].append((t + event.start, t + event.end))
    out = []
    for day, event in week.events():
        if getattr(event, "kind", "") not in SUPERVISED or (new_only and event.officer):
            continue
        covered = [by_id[c] for c in getattr(event, "covers", []) if c in by_id] or [event]
        inmates = {i for e in covered for i in e.inmates}
        visitors = {v.visitor_id for e in covered for v in getattr(e, "visitors", [])}
        t = (day.date - instance.monday).days * 1440
        s = Session(event, day.date, t + event.start, t + event.end, inmates, visitors)
        for oid in sorted(instance.officers):
            shift = covering_shift(instance, oid, s.start, s.end)
            clear = not any((oid, i) in no_inmate for i in inmates)
            clear = clear and all(s.end <= a or b <= s.start for a, b in duty.get(oid, []))
            if shift and clear and not any((oid, v) in no_visitor for v in visitors):
                s.eligible.append((oid, *shift))
        out.append(s)
    return sorted(out, key=lambda s: (s.start, s.end, s.event.id))


def match_new(instance: Instance, week: WeekSchedule, settings: SolveSettings) -> None:
    """A provisional officer for each new session (most sessions staffed, level 0 only),
    beside the sessions matched before: what the next sub-problem sees as taken."""
    sessions = sessions_of(instance, week, new_only=True)
    scratch = SubResult()
    for part in _components(sessions):
        chosen = _solve_part(part, settings, "staffing provisional", scratch, final=False)
        for s in part:
            s.event.officer = chosen.get(s.event.id)


def staff_week(instance: Instance, week: WeekSchedule, settings: SolveSettings) -> SubResult:
    """Officers on every session it can (set on the events), unmet sessions, and figures.
    The provisional matching made along the way is the first solution (a staffed week
    when every sub-problem kept within the officers free); the levels then balance loads."""
    result = SubResult()
    sessions = sessions_of(instance, week)
    chosen: dict[str, str] = {}
    for k, part in enumerate(_components(sessions)):
        chosen |= _solve_part(part, settings, f"staffing {part[0].date} part {k + 1}", result)
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


def _components(sessions: list[Session]) -> list[list[Session]]:
    """Groups of sessions linked by a shift that could take both (union-find)."""
    parent = list(range(len(sessions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Shift, int] = {}
    for i, s in enumerate(sessions):
        for shift in s.eligible:
            j = first.setdefault(shift, i)
            parent[find(i)] = find(j)
    parts: dict[int, list[Session]] = defaultdict(list)
    for i, s in enumerate(sessions):
        if s.eligible:
            parts[find(i)].append(s)
    return [parts[k] for k in sorted(parts)]


def _solve_part(
    part: list[Session], settings: SolveSettings, name: str, result: SubResult, final: bool = True
) -> dict[str, str]:
    """Levels 0-2 on one group of sessions (level 0 only when not `final`); the officer
    chosen for each staffed one."""
    model = cp_model.CpModel()
    x = {
        (k, sh): model.new_bool_var(f"{s.event.id} by {sh[0]}")
        for k, s in enumerate(part)
        for sh in s.eligible
    }
    for k, s in enumerate(part):
        model.add_at_most_one(x[(k, sh)] for sh in s.eligible).with_name(f"STF-01 one officer {s.event.id}")
    _one_at_a_time(model, part, x)
    loads = _loads(model, part, x)
    largest = _largest_loads(model, part, loads)
    spread = _squares(model, part, loads)
    levels = Levels(model, settings, name, list(x.values()))
    _first_solution(model, part, x)
    staffed = levels.level("L0 sessions staffed", sum(x.values()), maximize=True, rule="STF-01")
    if staffed and final:
        levels.level("L1 largest load", largest, rule="STF-04")
        levels.level("L2 spread", spread, rule="STF-04", fix=False)
    result.runs += levels.runs
    if levels.solver is None:
        return {}
    solver = levels.solver
    return {part[k].event.id: sh[0] for (k, sh), var in x.items() if solver.boolean_value(var)}


def _first_solution(model: cp_model.CpModel, part: list[Session], x: dict) -> None:
    """A first solution: the provisional officer where a session has one, otherwise in start
    order the least-loaded eligible shift free then."""
    free_at: dict[str, int] = defaultdict(lambda: -(10**9))
    load: dict[Shift, int] = defaultdict(int)
    for k, s in enumerate(part):
        fits = [sh for sh in s.eligible if free_at[sh[0]] <= s.start]
        given = [sh for sh in s.eligible if sh[0] == s.event.officer]
        pick = given[0] if given else min(fits, key=lambda sh: (load[sh], sh)) if fits else None
        if pick is not None:
            free_at[pick[0]], load[pick] = s.end, load[pick] + s.minutes
        for sh in s.eligible:
            model.add_hint(x[(k, sh)], int(sh == pick))


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


def _squares(
    model: cp_model.CpModel, part: list[Session], loads: dict[Shift, cp_model.IntVar]
) -> cp_model.LinearExprT:
    """STF-04 spread: the sum of squared loads, in units of the sessions' common divisor,
    each square as the upper envelope of its chords (exact at every reachable load)."""
    unit = 0
    for s in part:
        unit = math.gcd(unit, s.minutes)
    unit = max(unit, 1)
    total = sum(s.minutes for s in part)
    terms = []
    for sh, load in sorted(loads.items()):
        top = -(-min(total, sh[2] - sh[1]) // unit)
        z = model.new_int_var(0, top * top, f"squared load {sh[0]} {sh[1]}")
        for k in range(top):
            # chord of k^2 .. (k+1)^2: z >= k^2 + (2k+1)(load/unit - k)
            model.add(unit * z >= unit * k * k + (2 * k + 1) * (load - unit * k)).with_name("STF-04 spread")
        terms.append(z)
    return sum(terms)


def _largest_loads(
    model: cp_model.CpModel, part: list[Session], loads: dict[Shift, cp_model.IntVar]
) -> cp_model.LinearExprT:
    """Each shift's (same hours, same date) largest load, summed; officers with the same
    sessions open to them are ordered by load (exact symmetry breaking)."""
    groups: dict[tuple[int, int], list[Shift]] = defaultdict(list)
    for sh in loads:
        groups[(sh[1], sh[2])].append(sh)
    open_to: dict[Shift, frozenset[str]] = defaultdict(frozenset)
    for s in part:
        for sh in s.eligible:
            open_to[sh] = open_to[sh] | {s.event.id}
    largest = []
    for key, members in sorted(groups.items()):
        top = sum(s.minutes for s in part)
        hi = model.new_int_var(0, top, f"largest load {key}")
        for m in members:
            model.add(hi >= loads[m]).with_name(f"STF-04 largest {key}")
        twins: dict[frozenset[str], list[Shift]] = defaultdict(list)
        for m in sorted(members):
            twins[open_to[m]].append(m)
        for same in twins.values():
            for a, b in itertools.pairwise(same):
                model.add(loads[a] >= loads[b]).with_name(f"STF-04 symmetry {a[0]} {b[0]}")
        largest.append(hi)
    return sum(largest)


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
        r = rels[0]
        party = f"inmate {r.inmate_id}" if r.inmate_id else f"visitor {r.visitor_id}"
        return f"declared {r.kind} relationship with {party} (STF-03)"
    busy = next((o for o in sessions if o.event.officer == oid and o.start < s.end and s.start < o.end), None)
    if busy:
        return f"supervising {busy.event.id} at the same time (STF-02)"
    return "free (not chosen)"
