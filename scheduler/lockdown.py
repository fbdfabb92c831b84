"""Lockdown hour-outs (DIS-03..07): every lockdown night, every lockdown inmate gets one
hour out of cell in their pod's dayroom, alone, with a night officer.

`build -> solve -> events`. Hour-outs have one length and all may start at lights out, so
any schedule can be shifted left onto the hour grid from lights out (restarting after a
count); the model is one Boolean per (inmate, night, grid start). Per pod one inmate is
out at a time (DIS-04), and at each start at most as many as there are night officers on
duty (DIS-06). Officers are identical except for declared relationships (STF-03): they are
checked at each start afterwards (the week's officer matcher assigns them), and when a
start has no perfect matching the set of inmates that Hall's theorem names gets a cut and
the model is solved again (exact, and rare). A start over the inmate's busy time (an
appointment, DAY-07) is not offered.

Objective, lexicographic: (0) the most hour-outs given (all of them unless a night cannot
hold its pod's lockdown inmates; those left out are listed as unmet, DIS-05, UNM-01);
(DIS-07) (1) the sum over nights of the latest end; (2) with that fixed, the largest
number of nights one inmate has the last hour-out of their pod.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import HourOut, Notice, SolverRun, Unmet
from scheduler.context import Context
from scheduler.errors import Problem
from scheduler.lexicographic import Assuming, Levels
from scheduler.officers import barred as barred_pairs
from scheduler.officers import hall_set
from scheduler.result import SubResult
from scheduler.solving import SolveSettings, stopped_early, time_limit_advice


@dataclass
class Night:
    """One lockdown night: its grid starts (minutes on the night's date, past 1440 after
    midnight), each pod's lockdown inmates, the officers on duty at each start and how many
    of them are still free, and each inmate's starts clear of their busy time."""

    date: dt.date
    starts: list[int]
    pods: dict[str, list[str]]
    officers: list[list[str]]
    free: list[int] = field(default_factory=list)
    open: dict[str, list[int]] = field(default_factory=dict)
    grid: list[int] = field(default_factory=list)
    """The starts one after another from lights out (how many hour-outs a night holds)."""
    on_shift: dict[int, int] = field(default_factory=dict)
    """Officers on shift and free at each start's minute (hour-outs in progress then)."""


def hour_starts(instance: Instance, first: int | None = None) -> list[int]:
    """Starts from lights out (or from `first`), one hour-out after another, skipping
    counts, ending by the morning deadline (DIS-03, DIS-05, DAY-01)."""
    r, d = instance.facility.routine, instance.facility.discipline
    counts = [c + k * 1440 for c in r.counts for k in (0, 1)]
    t, end, starts = max(r.lights_out, first or 0), 1440 + d.hour_outs_end_by, []
    while t + d.hour_out_minutes <= end:
        clash = [c for c in counts if t < c + r.count_minutes and c < t + d.hour_out_minutes]
        if clash:
            t = max(c + r.count_minutes for c in clash)
            continue
        starts.append(t)
        t += d.hour_out_minutes
    return starts


def lockdown_nights(ctx: Context) -> list[Night]:
    """The week's nights with at least one inmate on lockdown. Starts follow one another
    from lights out; an inmate's busy time (a night appointment) adds the chain that starts
    where it ends, so shifting hour-outs left onto the starts loses nothing (the grid alone
    would leave an hour-out that must wait for an appointment a whole hour late, or out)."""
    instance = ctx.instance
    grid = hour_starts(instance)
    minutes = instance.facility.discipline.hour_out_minutes
    by_night: dict[dt.date, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for iid, dates in sorted(instance.lockdown_nights.items()):
        for date in dates:
            if date in instance.dates:
                by_night[date][instance.inmates[iid].pod].append(iid)
    nights = []
    for date, pods in sorted(by_night.items()):
        pods = {pod: sorted(ids) for pod, ids in sorted(pods.items())}
        ends = (
            {b for ids in pods.values() for i in ids for _, b in ctx.spans(i, date) if b > grid[0]}
            if grid
            else set()
        )
        starts = sorted(set(grid).union(*(hour_starts(instance, b) for b in ends)))
        night = Night(
            date,
            starts,
            pods,
            [ctx.free_officers(date, t, t + minutes) for t in starts],
            [len(ctx.free_officers(date, t, t + minutes)) for t in starts],
            grid=grid,
            on_shift={t: len(ctx.free_officers(date, t, t + 1)) for t in starts},
        )
        for ids in night.pods.values():
            for i in ids:
                busy = ctx.spans(i, date)
                night.open[i] = [
                    k for k, t in enumerate(starts) if all(t + minutes <= a or b <= t for a, b in busy)
                ]
        nights.append(night)
    return nights


def _night_name(date: dt.date) -> str:
    return f"night of {weekday_of(date).capitalize()} {date}"


def capacity_problems(instance: Instance, nights: list[Night]) -> list[Problem]:
    """DIS-05 and DIS-06 in the administrator's terms: needed versus available."""
    problems = []
    minutes = instance.facility.discipline.hour_out_minutes
    for n in nights:
        span = (
            f"{format_clock(n.grid[0] % 1440)} and {format_clock(n.grid[-1] % 1440 + minutes)}"
            if n.grid
            else "lights out and the morning deadline"
        )
        for pod, ids in n.pods.items():
            if len(ids) > len(n.grid):
                problems.append(
                    Problem(
                        "lockdown",
                        f"pod {pod}, {_night_name(n.date)}",
                        "",
                        f"{len(ids)} lockdown inmates need an hour out each, one at a time, but only "
                        f"{len(n.grid)} hour-outs of {minutes} min fit between {span}",
                        "DIS-05",
                    )
                )
        needed = sum(len(ids) for ids in n.pods.values())
        officer_hours = sum(len(o) for o in n.officers)
        if needed > officer_hours:
            problems.append(
                Problem(
                    "lockdown",
                    _night_name(n.date),
                    "",
                    f"{needed} hour-outs need a night officer each, but the officers on duty give only "
                    f"{officer_hours} officer-hours between {span}",
                    "DIS-06",
                )
            )
    return problems


@dataclass
class _Model:
    """Variables of the week's hour-outs; `x[(inmate, date)][k]` is "out at start k"."""

    nights: list[Night]
    minutes: int = 60
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, dt.date], list[cp_model.IntVar]] = field(default_factory=dict)
    latest: dict[dt.date, cp_model.IntVar] = field(default_factory=dict)
    last: dict[tuple[str, dt.date], cp_model.IntVar] = field(default_factory=dict)

    def build(self) -> None:
        for n in self.nights:
            for pod, ids in n.pods.items():
                for iid in ids:
                    lits = [self.model.new_bool_var(f"{iid} out {n.date} at {t}") for t in n.starts]
                    self.x[(iid, n.date)] = lits
                    self.model.add_at_most_one(lits).with_name(f"DIS-03 one hour out {iid} {n.date}")
                    for k, lit in enumerate(lits):
                        if k not in n.open[iid]:
                            self.model.add(lit == 0).with_name(f"DAY-07 {iid} busy {n.date} {k}")
                for k, tau in enumerate(n.starts):
                    live = [q for q, t in enumerate(n.starts) if t <= tau < t + self.minutes]
                    self.model.add_at_most_one(self.x[(i, n.date)][q] for i in ids for q in live).with_name(
                        f"DIS-04 pod {pod} one out {n.date} {k}"
                    )
            self._officers(n)
            self._latest(n)
            self._last_of_pod(n)

    def _officers(self, n: Night) -> None:
        """DIS-06: at each start, at most as many out as officers on duty and still free."""
        ids = [i for pod in n.pods.values() for i in pod]
        for k, free in enumerate(n.free):
            self.model.add(sum(self.x[(i, n.date)][k] for i in ids) <= max(0, free)).with_name(
                f"DIS-06 officers {n.date} {k}"
            )
            live = [q for q, t in enumerate(n.starts) if t <= n.starts[k] < t + self.minutes]
            if len(live) > 1:
                self.model.add(
                    sum(self.x[(i, n.date)][q] for i in ids for q in live) <= max(0, n.on_shift[n.starts[k]])
                ).with_name(f"DIS-06 officers in progress {n.date} {k}")

    def given(self) -> cp_model.LinearExprT:
        """The hour-outs given (level 0)."""
        return sum(lit for lits in self.x.values() for lit in lits)

    def _latest(self, n: Night) -> None:
        """DIS-07: the night's latest start index."""
        latest = self.model.new_int_var(0, len(n.starts) - 1, f"latest {n.date}")
        for pod in n.pods.values():
            for i in pod:
                for k, lit in enumerate(self.x[(i, n.date)]):
                    if k:
                        self.model.add(latest >= k).only_enforce_if(lit)
        self.latest[n.date] = latest

    def _last_of_pod(self, n: Night) -> None:
        """DIS-07: whether an inmate has the last hour-out of their pod that night."""
        for ids in n.pods.values():
            if len(ids) < 2:
                continue
            for i in ids:
                last = self.model.new_bool_var(f"last {i} {n.date}")
                for k, lit in enumerate(self.x[(i, n.date)]):
                    later = [
                        self.x[(j, n.date)][q] for j in ids if j != i for q in range(k + 1, len(n.starts))
                    ]
                    self.model.add(last >= lit - sum(later))
                self.last[(i, n.date)] = last

    def starts_of(self, solver: cp_model.CpSolver) -> Starts:
        """The chosen start index of every hour-out given."""
        out = {}
        for key, lits in self.x.items():
            k = next((k for k, lit in enumerate(lits) if solver.boolean_value(lit)), None)
            if k is not None:
                out[key] = k
        return out


Cut = tuple[tuple[str, ...], dt.date, int, int]
"""Hall cut: at most `limit` of these inmates out at start k of that night (STF-03)."""
Starts = dict[tuple[str, dt.date], int]
"""The chosen start index of each (inmate, night)."""


def solve_lockdown(ctx: Context) -> SubResult:
    """The week's hour-outs; hour-outs a night cannot hold are listed as unmet (DIS-05)."""
    instance, result = ctx.instance, SubResult()
    nights = lockdown_nights(ctx)
    if not nights:
        return result
    barred = barred_pairs(instance)
    cuts: list[Cut] = []
    while True:
        m = _Model(nights, instance.facility.discipline.hour_out_minutes)
        m.build()
        for inmates, date, k, limit in cuts:
            m.model.add(sum(m.x[(i, date)][k] for i in inmates) <= limit).with_name(
                f"STF-03 officers for {','.join(inmates)} {date} {k}"
            )
        result.runs = []
        starts = _levels(m, ctx.settings, result)
        new = _officer_cuts(m, starts, barred)
        if not new:
            break
        cuts += new
    _events(instance, m, starts, result)
    l0 = next((r for r in result.runs if " L0 " in r.subproblem), None)
    stopped = l0 if l0 is not None and stopped_early(l0.status) else None
    left = [
        (n, pod, i) for n in nights for pod, ids in n.pods.items() for i in ids if (i, n.date) not in starts
    ]
    causes = {(n.date, i): _cause(ctx, n, pod, i, starts, stopped) for n, pod, i in left}
    result.unmet = _left_out(left, causes)
    result.notices = _per_inmate(ctx.instance, causes)
    return result


def _levels(m: _Model, settings: SolveSettings, result: SubResult) -> Starts:
    """Level 0 gives the most hour-outs; level 1 minimises the nights' latest ends; level 2,
    with that fixed, the most nights one inmate is last out in their pod."""
    levels = Levels(m.model, settings, "lockdown", [lit for lits in m.x.values() for lit in lits])
    if levels.level("L0 hour-outs given", m.given(), maximize=True, rule="DIS-03"):
        everyone = round(levels.solver.objective_value) == sum(
            len(ids) for n in m.nights for ids in n.pods.values()
        )
        first = _at_the_floor(m, settings) if everyone else None
        levels.level("L1 latest end", sum(m.latest.values()), rule="DIS-07", assuming=first)
        if m.last:
            worst = m.model.new_int_var(0, len(m.nights), "most nights last")
            per_inmate: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            for (i, _), lit in sorted(m.last.items()):
                per_inmate[i].append(lit)
            for lits in per_inmate.values():
                m.model.add(worst >= sum(lits)).with_name("DIS-07 rotation")
            levels.level("L2 rotation", worst, rule="DIS-07")
    result.runs += levels.runs
    return m.starts_of(levels.solver) if levels.solver is not None else {}


def _at_the_floor(m: _Model, settings: SolveSettings) -> Assuming:
    """Level 1's first try (when every hour-out is given): each night ends at its floor, the
    start of its largest pod's last hour-out when they go one after another from lights
    out (DIS-04, one out at a time). A bound for every schedule, so a schedule meeting it
    is optimal, and the search for one is a well-propagated feasibility search."""
    literals = []
    for n in m.nights:
        starts: list[int] = []
        for t in n.starts:
            if not starts or t >= starts[-1] + m.minutes:
                starts.append(t)
        most = max(len(ids) for ids in n.pods.values())
        floor = n.starts.index(starts[min(most, len(starts)) - 1])
        reach = m.model.new_bool_var(f"night {n.date} ends at its floor")
        m.model.add(m.latest[n.date] <= floor).only_enforce_if(reach).with_name(f"DIS-07 floor {n.date}")
        literals.append(reach)
    return Assuming(literals, settings.time_limit / 4)


def _officer_cuts(m: _Model, starts: Starts, barred: set[tuple[str, str]]) -> list[Cut]:
    """A Hall cut for every start whose hour-outs cannot all get an eligible officer."""
    cuts: list[Cut] = []
    for n in m.nights:
        for k, officers in enumerate(n.officers):
            out = sorted(i for pod in n.pods.values() for i in pod if starts.get((i, n.date)) == k)
            tight = hall_set(out, officers, barred)
            if tight:
                free = {o for o in officers if any((o, i) not in barred for i in tight)}
                cuts.append((tuple(tight), n.date, k, len(free)))
    return cuts


def _events(instance: Instance, m: _Model, starts: Starts, result: SubResult) -> None:
    """Hour-out events (their officers come from the week's officer matcher)."""
    minutes = instance.facility.discipline.hour_out_minutes
    last_counts: dict[str, int] = defaultdict(int)
    for n in m.nights:
        events = []
        for k in range(len(n.starts)):
            out = sorted(i for pod in n.pods.values() for i in pod if starts.get((i, n.date)) == k)
            for i in out:
                t = n.starts[k]
                pod = instance.inmates[i].pod
                events.append(
                    HourOut(
                        kind="hour_out",
                        id=f"hour_out:{n.date}:{i}",
                        start=t,
                        end=t + minutes,
                        place=f"pod {pod} dayroom",
                        inmates=[i],
                        pod=pod,
                    )
                )
        result.add(n.date, events)
        for ids in n.pods.values():
            given = [i for i in ids if (i, n.date) in starts]
            if len(given) > 1:
                last_counts[max(given, key=lambda i: starts[(i, n.date)])] += 1
        if events:
            result.kpis[f"lockdown.latest_end {n.date}"] = float(max(e.end for e in events))
    result.kpis["lockdown.hour_outs"] = float(len(starts))
    result.kpis["lockdown.most_nights_last"] = float(max(last_counts.values(), default=0))


def _left_out(left: list[tuple[Night, str, str]], causes: dict[tuple[dt.date, str], _Cause]) -> list[Unmet]:
    """UNM-01: each lockdown night's hour-out not given, with what is short that night. The
    verifier wants an entry per inmate and night; each names the inmate, the officers and
    every night the same cause holds, so any one entry tells the whole story."""
    out = []
    for n, pod, i in left:
        cause = causes[(n.date, i)]
        same = _same_nights(causes, i, cause)
        nights_ = f"; the same on {len(same)} lockdown nights: {_dates(same)}" if len(same) > 1 else ""
        out.append(
            Unmet(
                rule=cause.rule,
                kind="hour_out",
                subject=f"hour_out:{n.date}:{i}",
                date=n.date,
                hard=True,
                inmates=[i],
                reason=f"inmate {i}, pod {pod}, {_night_name(n.date)}: {cause.why}{nights_}",
                needed=cause.needed,
                available=cause.available,
                fix=cause.fix,
            )
        )
    return out


def _same_nights(causes: dict[tuple[dt.date, str], _Cause], i: str, cause: _Cause) -> list[dt.date]:
    """The nights on which the inmate misses the hour-out for this same cause."""
    return sorted(d for (d, j), c in causes.items() if j == i and c == cause)


@dataclass(frozen=True)
class _Cause:
    """Why one inmate has no hour-out one night: rule, words, figures and fix."""

    rule: str
    why: str
    needed: str
    available: str
    fix: str


def _cause(ctx: Context, n: Night, pod: str, i: str, starts: Starts, stopped: SolverRun | None) -> _Cause:
    """The first cause that holds, most certain first: the solve stopped on the time limit
    (nothing proven), the night holds too few hour-outs or officer-hours (DIS-05, DIS-06),
    the inmate's own busy time (DAY-07), then the night officers' relationships (STF-03)."""
    minutes = ctx.instance.facility.discipline.hour_out_minutes
    available = f"{len(n.grid)} hour-outs a night, {max(n.free, default=0)} officers free"
    fix = "an earlier lights out, shorter hour-outs, or another night officer"
    if stopped is not None:
        limit = ctx.settings.time_limit
        used = f"{stopped.seconds:g} s of {limit:g} s"
        return _Cause(
            "DIS-03",
            time_limit_advice(stopped, limit),
            "1 hour-out",
            available,
            f"raise --time-limit ({used})",
        )
    problems = {p.record: p for p in capacity_problems(ctx.instance, [n])}
    p = problems.get(f"pod {pod}, {_night_name(n.date)}") or problems.get(_night_name(n.date))
    if p is not None:
        return _Cause(
            p.rule or "DIS-05", p.message, f"{len(n.pods[pod])} hour-outs in pod {pod}", available, fix
        )
    if not n.open[i]:
        why = f"the inmate's appointments cover every start from {_span(n, minutes)} (DAY-07)"
        return _Cause("DAY-07", why, f"a free {minutes} min", "none", "move the inmate's appointment")
    return _officer_cause(ctx.instance, n, i, starts, minutes)


def _officer_cause(instance: Instance, n: Night, i: str, starts: Starts, minutes: int) -> _Cause:
    """STF-03 in names: the night officers on duty at the inmate's starts and the declared
    relationship that bars each; or, when some may take the inmate, the other hour-outs that
    keep them busy (STF-02)."""
    on_duty = sorted({o for k in n.open[i] for o in n.officers[k]})
    barred = {o: _relations(instance, o, i) for o in on_duty}
    clear = [o for o in on_duty if not barred[o]]
    span = _span(n, minutes)
    if not on_duty:
        why = f"no night officer is on shift and free at any start from {span} (DIS-06)"
        return _Cause("DIS-06", why, "1 night officer", "0 on duty", f"put a night officer on shift {span}")
    if not clear:
        named = ", ".join(f"{o} ({'/'.join(barred[o])})" for o in on_duty)
        why = (
            f"every night officer on duty {span} has a declared relationship with inmate {i} "
            f"(STF-03): {named}"
        )
        needed = f"1 night officer without a declared relationship with inmate {i}"
        available = f"0 of {len(on_duty)} night officer(s) on duty ({', '.join(on_duty)})"
        fix = f"put a night officer without a declared relationship with inmate {i} on shift {span}"
        return _Cause("STF-03", why, needed, available, fix)
    others = sorted(j for (j, d), k in starts.items() if d == n.date and k in n.open[i] and j != i)
    named = ", ".join(f"{o} ({'/'.join(barred[o])})" for o in on_duty if barred[o])
    why = (
        f"the night officers free of a declared relationship with inmate {i} ({', '.join(clear)}) "
        f"supervise the other hour-outs ({', '.join(others) or 'none'}) at every start it could use "
        f"(STF-02; barred by a declared relationship, STF-03: {named})"
    )
    available = f"{len(clear)} eligible ({', '.join(clear)}), all busy"
    return _Cause("STF-03", why, "1 night officer", available, "another night officer")


def _relations(instance: Instance, officer: str, inmate: str) -> list[str]:
    """The relationships an officer declared with an inmate that bar supervising them (STF-03)."""
    return sorted(
        r.kind.replace("_", " ")
        for r in instance.staff_relationships
        if r.officer_id == officer and r.inmate_id == inmate and r.kind != "contact"
    )


def _span(n: Night, minutes: int) -> str:
    """The night's hour-out span, e.g. "23:30-06:30"."""
    if not n.starts:
        return "lights out to the morning deadline"
    return f"{format_clock(n.starts[0] % 1440)}-{format_clock((n.starts[-1] + minutes) % 1440)}"


def _dates(dates: list[dt.date]) -> str:
    """Nights in words: "Mon 2026-11-23 to Sun 2026-11-29" when consecutive, else a list."""
    if all((b - a).days == 1 for a, b in itertools.pairwise(dates)):
        return f"{_day(dates[0])} to {_day(dates[-1])}"
    return ", ".join(_day(d) for d in dates)


def _day(date: dt.date) -> str:
    return f"{weekday_of(date).capitalize()} {date}"


def _per_inmate(instance: Instance, causes: dict[tuple[dt.date, str], _Cause]) -> list[Notice]:
    """One notice per inmate and cause that holds on several nights: what the administrator
    acts on (e.g. a night officer without a relationship with the inmate), told once."""
    out = []
    for cause, i in sorted(
        {(c, i) for (_, i), c in causes.items()}, key=lambda x: (x[1], x[0].rule, x[0].why)
    ):
        dates = _same_nights(causes, i, cause)
        if len(dates) < 2:
            continue
        text = (
            f"inmate {i} (pod {instance.inmates[i].pod}) gets no hour-out on {len(dates)} lockdown "
            f"nights, {_dates(dates)}: {cause.why}; needed {cause.needed}, available {cause.available}; "
            f"fix: {cause.fix}"
        )
        out.append(Notice(rule=cause.rule, subject=f"hour-outs of {i}", text=text))
    return out
