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
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import LaundryLoad, Post, SolverRun, Unmet
from scheduler.context import Context
from scheduler.lexicographic import Levels
from scheduler.officers import shift_spans
from scheduler.result import SubResult
from scheduler.solving import SolveSettings, decided, figures, solved, stopped_early, time_limit_advice


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
            _solve_day(instance, day, ctx.settings, result)
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


def clear_moments(instance: Instance, lo: int, hi: int) -> list[int]:
    """Minutes in [lo, hi] outside every count and meal (LAU-06): where a wash may start and
    a dry may end. Loads stay anonymous in the model, so every load keeps to it: then
    whichever load is a pod's first or last, its pickup and return are clear."""
    r = instance.facility.routine
    blocks = [(t, t + r.count_minutes) for t in r.counts] + [(t, t + r.meal_minutes) for t in r.meals]
    return [t for t in range(lo, hi + 1) if not any(a <= t < b for a, b in blocks)]


class _Model:
    """One day's loads as positions 0..n-1 in wash order (loads differ only in name, so
    their names are given out afterwards, in list order, a pod's loads of a category one
    after another): wash and dry intervals, optional only for the loads-done level.

    LAU-06 on those names: the first position of each pod's category (its pickup) washes
    at a moment clear of counts and meals, and the last position done of it (its return)
    dries until one; positions in between are free."""

    def __init__(self, instance: Instance, day: LaundryDay, close: int) -> None:
        lau = instance.facility.laundry
        self.model = cp_model.CpModel()
        m, n = self.model, len(day.loads)
        self.done = [m.new_bool_var(f"done {k}") for k in range(n)]
        first = max(lau.start, instance.facility.routine.lights_on)
        latest = max(first, close - lau.dry_minutes)
        self.wash = [m.new_int_var(first, latest, f"wash {k}") for k in range(n)]
        self.dry = [m.new_int_var(first, latest, f"dry {k}") for k in range(n)]
        self._pickup_and_return(instance, day, first, latest)
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
        for kind, spans, machines in (("W", washes, day.washers), ("D", dries, day.dryers)):
            shut = [
                m.new_fixed_size_interval_var(a, b - a, f"CAL-01 {mid} closed")
                for mid, a, b, _ in day.closed
                if mid.startswith(kind) and mid in machines
            ]
            m.add_cumulative(spans + shut, [1] * (n + len(shut)), len(machines)).with_name(f"LAU-02 {kind}")
        self._order(lau.wash_minutes, lau.dry_minutes, len(day.washers), len(day.dryers))
        self._one_shift(day.shifts, lau.dry_minutes)

    def _pickup_and_return(self, instance: Instance, day: LaundryDay, first: int, latest: int) -> None:
        """LAU-06: each pod's category is picked up when its first load's wash starts and
        returned when its last load done dries, neither inside a count or a meal."""
        lau, m = instance.facility.laundry, self.model
        starts = cp_model.Domain.from_values(clear_moments(instance, first, latest))
        ends = cp_model.Domain.from_values(
            [
                t - lau.dry_minutes
                for t in clear_moments(instance, first + lau.dry_minutes, latest + lau.dry_minutes)
            ]
        )
        for k, load in enumerate(day.loads):
            if _first_of_group(day.loads, k):
                m.add_linear_expression_in_domain(self.wash[k], starts).with_name(
                    f"LAU-06 pickup {load.pod} {load.category}"
                ).only_enforce_if(self.done[k])
            enforce = (
                [self.done[k]] if _last_of_group(day.loads, k) else [self.done[k], self.done[k + 1].Not()]
            )
            m.add_linear_expression_in_domain(self.dry[k], ends).with_name(
                f"LAU-06 return {load.pod} {load.category}"
            ).only_enforce_if(*enforce)

    def _one_shift(self, shifts: list[tuple[int, int]], dry: int) -> None:
        """STF-01: the day's laundry shift (first wash to last dry) lies in one officer's span."""
        if not shifts:
            return
        m = self.model
        on = [m.new_bool_var(f"shift {a}-{b}") for a, b in shifts]
        m.add_exactly_one(on).with_name("STF-01 laundry shift in one officer's shift")
        for lit, (a, b) in zip(on, shifts, strict=True):
            for k, done in enumerate(self.done):
                m.add(self.wash[k] >= a).with_name(f"STF-01 laundry from {a}").only_enforce_if(lit, done)
                m.add(self.dry[k] + dry <= b).with_name(f"STF-01 laundry to {b}").only_enforce_if(lit, done)

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


def _solve_day(instance: Instance, day: LaundryDay, settings: SolveSettings, result: SubResult) -> None:
    """Levels 0-2 for one day; then events, and the misses when some loads do not fit."""
    lau = instance.facility.laundry
    close = min(lau.end, lau.return_by)
    m = _Model(instance, day, close)
    name = f"laundry {day.date}"
    levels = Levels(m.model, settings, name, [*m.done, *m.wash, *m.dry])
    first = _first_come(instance, day, close)
    hint = {var: 0 for var in m.done} | {m.done[k]: 1 for k in range(len(first))}
    hint |= {m.wash[k]: w for k, (w, _) in enumerate(first)} | {m.dry[k]: d for k, (_, d) in enumerate(first)}
    finish = m.finish(instance)
    if len(first) == len(day.loads):  # every load done: level 0 meets its bound without a solve
        for var in m.done:
            m.model.add(var == 1).with_name("LAU-02 L0 loads done optimum")
        levels.runs.append(
            decided(f"{name} L0 loads done (every load, built in order)", len(first), len(day.loads))
        )
        hint[finish] = max(d for _, d in first) + lau.dry_minutes
        done = levels.level("L1 finish", finish, rule="LAU-05", hint=hint)
    elif levels.level("L0 loads done", sum(m.done), maximize=True, rule="LAU-02", hint=hint):
        done = levels.level("L1 finish", finish, rule="LAU-05")
    else:
        done = False
    if done:
        levels.level("L2 packed", sum(m.wash) + sum(m.dry), rule="LAU-05")
    result.runs += levels.runs
    solver = levels.solver
    if solver is not None:
        count = sum(solver.boolean_value(var) for var in m.done)
        chosen = [(solver.value(m.wash[k]), solver.value(m.dry[k])) for k in range(count)]
    else:  # no solve found a schedule in time: the one built in order stands (maybe none)
        chosen = first
    times = dict(zip(day.loads, chosen, strict=False))
    count = len(times)
    events = _events(instance, day, times)
    result.add(day.date, events)
    if events:
        result.add(day.date, [_shift(day, events)])
    missed = day.loads[count:]
    if missed:
        l0 = next(r for r in levels.runs if " L0 " in r.subproblem)
        if stopped_early(l0.status):  # no proof that they do not fit: only more time may help
            result.unmet += [_unplaced(day, load, len(missed), l0, settings) for load in missed]
        else:
            result.unmet += _misses(instance, day, missed, settings, result)


def _first_of_group(loads: list[Load], k: int) -> bool:
    """Whether position k starts a pod's category (its pickup, LAU-06)."""
    return k == 0 or (loads[k - 1].pod, loads[k - 1].category) != (loads[k].pod, loads[k].category)


def _last_of_group(loads: list[Load], k: int) -> bool:
    """Whether position k ends a pod's category (its return when every load is done)."""
    return k == len(loads) - 1 or (loads[k + 1].pod, loads[k + 1].category) != (
        loads[k].pod,
        loads[k].category,
    )


def _first_come(instance: Instance, day: LaundryDay, close: int) -> list[tuple[int, int]]:
    """Loads in order, each washed at the earliest start the washers, the order and LAU-06
    (a pod's category's first wash and last dry) allow and dried as early as the dryers and
    the maximum wait allow, inside the widest free officer span: (wash, dry) starts of the
    loads that fit, a first solution (a proof of level 0 only when every load fits; none
    when a machine is closed for part of the day, which this does not model)."""
    lau = instance.facility.laundry
    washers, dryers = len(day.washers), len(day.dryers)
    if day.closed or not washers or not dryers:
        return []
    a, b = max(day.shifts, key=lambda s: (s[1] - s[0], -s[0])) if day.shifts else (lau.start, close)
    first = max(lau.start, instance.facility.routine.lights_on, a)
    latest = min(close, b) - lau.dry_minutes
    wash_ok = set(clear_moments(instance, first, latest))
    dry_ok = {
        t - lau.dry_minutes
        for t in clear_moments(instance, first + lau.dry_minutes, latest + lau.dry_minutes)
    }
    out: list[tuple[int, int]] = []
    for k in range(len(day.loads)):
        pickup, ret = _first_of_group(day.loads, k), _last_of_group(day.loads, k)
        t0 = max(
            first,
            out[-1][0] if out else first,
            out[k - washers][0] + lau.wash_minutes if k >= washers else first,
        )
        placed = None
        for t in range(t0, latest + 1):
            if pickup and t not in wash_ok:
                continue
            lo = max(t + lau.wash_minutes, out[-1][1] if out else 0)
            if k >= dryers:
                lo = max(lo, out[k - dryers][1] + lau.dry_minutes)
            window = range(lo, min(latest, t + lau.wash_minutes + lau.max_wait_minutes) + 1)
            dry = next((x for x in window if not ret or x in dry_ok), None)
            if dry is not None:
                placed = (t, dry)
                break
        if placed is None:
            break
        out.append(placed)
    while out and not _last_of_group(day.loads, len(out) - 1) and out[-1][1] not in dry_ok:
        out.pop()  # a partial day's last load is its pod's return: keep the first solution valid
    return out


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


def _events(instance: Instance, day: LaundryDay, times: dict[Load, tuple[int, int]]) -> list[LaundryLoad]:
    """Loads with machines: each wash (dry) continues a machine that has just finished if
    one has, else goes to the machine idle longest (never used first), so runs stay
    unbroken and separate runs spread over machines."""
    lau = instance.facility.laundry
    order = sorted(times, key=lambda load: (times[load], load.pod, load.category, load.number))
    washers = _colour([(times[x][0], times[x][0] + lau.wash_minutes) for x in order], day.washers, day.closed)
    dryers = _colour([(times[x][1], times[x][1] + lau.dry_minutes) for x in order], day.dryers, day.closed)
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


def _colour(
    spans: list[tuple[int, int]], machines: list[str], closed: list[tuple[str, int, int, str]]
) -> list[str]:
    """A machine per span, at most one span per machine at a time, none while closed (the
    model keeps spans at once within the machines open, so one is free but for rare
    closure patterns the greedy cannot see; the verifier would name such a load)."""
    free_at: dict[str, int | None] = dict.fromkeys(machines)
    out = [""] * len(spans)
    for k in sorted(range(len(spans)), key=lambda k: spans[k]):
        start, end = spans[k]
        idle = [m for m in machines if free_at[m] is None or free_at[m] <= start]  # type: ignore[operator]
        open_ = [m for m in idle if not any(c == m and a < end and start < b for c, a, b, _ in closed)]
        idle = open_ or idle
        chained = [m for m in idle if free_at[m] == start]
        out[k] = (
            chained[0] if chained else min(idle, key=lambda m: (free_at[m] is not None, free_at[m] or 0, m))
        )
        free_at[out[k]] = end
    return out


def _subject(day: LaundryDay, load: Load) -> str:
    """The id the load's event would have (UNM-01 names the load it stands for)."""
    return f"laundry:{day.date}:{load.pod}:{load.category}:{load.number}"


def _unplaced(day: LaundryDay, load: Load, missed: int, run: SolverRun, settings: SolveSettings) -> Unmet:
    """A load left out because the loads-done level stopped on the time limit: nothing is
    proven short, so the message gives the time used versus the limit, not a resource."""
    used = f"{run.seconds:g} s of the {settings.time_limit:g} s limit"
    return Unmet(
        rule="LAU-04",
        kind="laundry_load",
        subject=_subject(day, load),
        date=day.date,
        hard=True,
        reason=f"{load.name} not scheduled {day.date}: {time_limit_advice(run, settings.time_limit)}",
        needed=f"{len(day.loads)} loads",
        available=f"{len(day.loads) - missed} placed within {used}",
        fix=f"raise --time-limit (the loads-done solve used {used})",
    )


def _misses(
    instance: Instance, day: LaundryDay, missed: list[Load], settings: SolveSettings, result: SubResult
) -> list[Unmet]:
    """LAU-04, proven (the loads-done level is optimal): the loads that miss, with the
    laundry hours the day has (laundry hours, lights on, return deadline, the officer
    shift, closures) versus the wash and dry minutes the loads need."""
    lo, hi, span = _window(instance, day)
    officer_short = span != (lo, hi)
    machines = f"{len(day.washers)} washer(s) and {len(day.dryers)} dryer(s) in service"
    overrun = _overrun(instance, day, settings, result)
    why = f"{machines}; {overrun}; {_demand(instance, day)}; {_hours(instance, day, lo, hi, span)}"
    down = _closed_text(instance, day)
    fix = "longer laundry hours, another washer or dryer, or reopen a closed machine"
    if officer_short:
        least = _least_minutes(instance, day)
        fix = f"an officer free for the whole laundry shift ({least} min or more), {fix}"
    return [
        Unmet(
            rule="CAL-01" if down else "LAU-04",
            kind="laundry_load",
            subject=_subject(day, load),
            date=day.date,
            hard=True,
            reason=f"{load.name} does not fit {day.date}: {why}" + (f" ({'; '.join(down)})" if down else ""),
            needed=f"{len(day.loads)} loads: {_minutes_needed(instance, day)}",
            available=(
                f"{len(day.loads) - len(missed)} fit in {span[1] - span[0]} min "
                f"({format_clock(span[0])}-{format_clock(span[1])}) with {machines}"
            ),
            fix=fix,
        )
        for load in missed
    ]


def _window(instance: Instance, day: LaundryDay) -> tuple[int, int, tuple[int, int]]:
    """Laundry can run from `lo` to `hi` (laundry hours, lights on, return deadline), and in
    `span`, the widest part of that one free officer covers (STF-01)."""
    lau = instance.facility.laundry
    lo, hi = max(lau.start, instance.facility.routine.lights_on), min(lau.end, lau.return_by)
    if not day.shifts:
        return lo, hi, (lo, hi)
    a, b = max(day.shifts, key=lambda s: (min(s[1], hi) - max(s[0], lo), -s[0]))
    return lo, hi, (max(a, lo), min(b, hi))


def _least_minutes(instance: Instance, day: LaundryDay) -> int:
    """The fewest minutes from first wash to last dry for every load: the washers' rounds
    then one dry, or one wash then the dryers' rounds (a lower bound)."""
    lau, n = instance.facility.laundry, len(day.loads)
    if not day.washers or not day.dryers:
        return 0
    by_washers = math.ceil(n / len(day.washers)) * lau.wash_minutes + lau.dry_minutes
    by_dryers = lau.wash_minutes + math.ceil(n / len(day.dryers)) * lau.dry_minutes
    return max(by_washers, by_dryers)


def _minutes_needed(instance: Instance, day: LaundryDay) -> str:
    """Wash and dry minutes of the day's loads, and the least span they take."""
    lau, n = instance.facility.laundry, len(day.loads)
    return (
        f"{n * lau.wash_minutes} washer-minutes and {n * lau.dry_minutes} dryer-minutes, "
        f"at least {_least_minutes(instance, day)} min from the first wash to the last dry"
    )


def _demand(instance: Instance, day: LaundryDay) -> str:
    """The day's loads and the machine-minutes they need, in words."""
    lau, n = instance.facility.laundry, len(day.loads)
    return (
        f"{n} loads need {n} x {lau.wash_minutes} = {n * lau.wash_minutes} washer-minutes and "
        f"{n} x {lau.dry_minutes} = {n * lau.dry_minutes} dryer-minutes, at least "
        f"{_least_minutes(instance, day)} min from the first wash to the last dry"
    )


def _hours(instance: Instance, day: LaundryDay, lo: int, hi: int, span: tuple[int, int]) -> str:
    """The laundry hours of the day and what sets them, with the officers when one free
    officer for the whole shift is what is short (STF-01)."""
    lau, r = instance.facility.laundry, instance.facility.routine
    text = (
        f"laundry can run {format_clock(lo)}-{format_clock(hi)} ({hi - lo} min: laundry hours "
        f"{format_clock(lau.start)}-{format_clock(lau.end)}, lights on {format_clock(r.lights_on)}, "
        f"back in the pod by {format_clock(lau.return_by)})"
    )
    if span == (lo, hi):
        return text
    free = ", ".join(
        f"{format_clock(a)}-{format_clock(b)} ({', '.join(day.officers.get((a, b), []))})"
        for a, b in day.shifts
    )
    return (
        f"{text}; one officer supervises the whole laundry shift (STF-01) and officers are free for it "
        f"only {free}: at most {span[1] - span[0]} min"
    )


def _overrun(instance: Instance, day: LaundryDay, settings: SolveSettings, result: SubResult) -> str:
    """How late the day would end with every load done and no officer limit, by a solve
    of its own; the solve's status decides the words (a time limit is never a shortage)."""
    lau = instance.facility.laundry
    close = min(lau.end, lau.return_by)
    if not day.washers or not day.dryers:
        return "none can run"
    m = _Model(instance, replace(day, shifts=[]), 1440 * 2)
    for var in m.done:
        m.model.add(var == 1)
    m.model.minimize(m.finish(instance))
    solver = settings.solver()
    status = solver.solve(m.model)
    run = figures(f"laundry {day.date} every load, past hours", solver, status)
    result.runs.append(run)
    if not solved(status):
        return (
            "no time of day fits every load (counts and meals leave no pickup or return)"
            if run.status == "INFEASIBLE"
            else f"how late every load would end is unknown: {time_limit_advice(run, settings.time_limit)}"
        )
    end = round(solver.objective_value)
    if end > close:
        return (
            f"with every load done the day would end at {format_clock(end)}, "
            f"{end - close} min after {format_clock(close)}"
        )
    return (
        f"with every load done the day would end at {format_clock(end)}, inside laundry hours, "
        "but no officer is free for the whole of it"
    )


def _closed_text(instance: Instance, day: LaundryDay) -> list[str]:
    """The day's machine closures in words (CAL-01)."""
    down = [f"{mid} closed {format_clock(a)}-{format_clock(b)}: {reason}" for mid, a, b, reason in day.closed]
    return down + [
        f"{c.id} closed all day: {c.reason}"
        for c in instance.facility.closed("laundry_machine", day.date)
        if c.start is None
    ]
