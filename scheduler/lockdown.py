"""Lockdown hour-outs (DIS-03..07): every lockdown night, every lockdown inmate gets one
hour out of cell in their pod's dayroom, alone, with a night officer.

`build -> solve -> events`. Hour-outs have one length and all may start at lights out, so
any schedule can be shifted left onto the hour grid from lights out (restarting after a
count); the model is one Boolean per (inmate, night, grid start). Per pod one inmate is
out at a time (DIS-04), and at each start at most as many as there are night officers on
duty (DIS-06). Officers are identical except for declared relationships (STF-03): they are
matched to the hour-outs of each start afterwards, and when a start has no perfect
matching the set of inmates that Hall's theorem names gets a cut and the model is solved
again (exact, and rare).

Objective (DIS-07), lexicographic: (1) the sum over nights of the latest end; (2) with that
fixed, the largest number of nights one inmate has the last hour-out of their pod.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import HourOut, SolverRun
from scheduler.errors import InstanceError, Problem
from scheduler.officers import barred as barred_pairs
from scheduler.officers import on_duty
from scheduler.solving import SolveSettings, figures, solved


@dataclass
class Night:
    """One lockdown night: its grid starts (minutes on the night's date, past 1440 after
    midnight), each pod's lockdown inmates, and the officers free at each start."""

    date: dt.date
    starts: list[int]
    pods: dict[str, list[str]]
    officers: list[list[str]]


def hour_starts(instance: Instance) -> list[int]:
    """Starts from lights out, one hour-out after another, skipping counts, ending by the
    morning deadline (DIS-03, DIS-05, DAY-01)."""
    r, d = instance.facility.routine, instance.facility.discipline
    counts = [c + k * 1440 for c in r.counts for k in (0, 1)]
    t, end, starts = r.lights_out, 1440 + d.hour_outs_end_by, []
    while t + d.hour_out_minutes <= end:
        clash = [c for c in counts if t < c + r.count_minutes and c < t + d.hour_out_minutes]
        if clash:
            t = max(c + r.count_minutes for c in clash)
            continue
        starts.append(t)
        t += d.hour_out_minutes
    return starts


def lockdown_nights(instance: Instance) -> list[Night]:
    """The week's nights with at least one inmate on lockdown."""
    starts = hour_starts(instance)
    minutes = instance.facility.discipline.hour_out_minutes
    by_night: dict[dt.date, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for iid, dates in sorted(instance.lockdown_nights.items()):
        for date in dates:
            if date in instance.dates:
                by_night[date][instance.inmates[iid].pod].append(iid)
    return [
        Night(
            date,
            starts,
            {pod: sorted(ids) for pod, ids in sorted(pods.items())},
            [on_duty(instance, date, t, t + minutes) for t in starts],
        )
        for date, pods in sorted(by_night.items())
    ]


def _night_name(date: dt.date) -> str:
    return f"night of {weekday_of(date).capitalize()} {date}"


def capacity_problems(instance: Instance, nights: list[Night]) -> list[Problem]:
    """DIS-05 and DIS-06 in the administrator's terms: needed versus available."""
    problems = []
    minutes = instance.facility.discipline.hour_out_minutes
    for n in nights:
        span = (
            f"{format_clock(n.starts[0] % 1440)} and {format_clock(n.starts[-1] % 1440 + minutes)}"
            if n.starts
            else "lights out and the morning deadline"
        )
        for pod, ids in n.pods.items():
            if len(ids) > len(n.starts):
                problems.append(
                    Problem(
                        "lockdown",
                        f"pod {pod}, {_night_name(n.date)}",
                        "",
                        f"{len(ids)} lockdown inmates need an hour out each, one at a time, but only "
                        f"{len(n.starts)} hour-outs of {minutes} min fit between {span}",
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
                    self.model.add_exactly_one(lits).with_name(f"DIS-03 one hour out {iid} {n.date}")
                for k in range(len(n.starts)):
                    self.model.add_at_most_one(self.x[(i, n.date)][k] for i in ids).with_name(
                        f"DIS-04 pod {pod} one out {n.date} {k}"
                    )
            self._officers(n)
            self._latest(n)
            self._last_of_pod(n)

    def _officers(self, n: Night) -> None:
        """DIS-06: at each start, at most as many out as officers on duty."""
        ids = [i for pod in n.pods.values() for i in pod]
        for k, officers in enumerate(n.officers):
            self.model.add(sum(self.x[(i, n.date)][k] for i in ids) <= len(officers)).with_name(
                f"DIS-06 officers {n.date} {k}"
            )

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
        """The chosen start index of every hour-out."""
        return {
            key: next(k for k, lit in enumerate(lits) if solver.boolean_value(lit))
            for key, lits in self.x.items()
        }


def _match(
    inmates: list[str], officers: list[str], barred: set[tuple[str, str]]
) -> dict[str, str] | list[str]:
    """An officer for every inmate (Kuhn's augmenting paths, deterministic order), or a
    Hall set: inmates whose eligible officers are fewer than they are."""
    owner: dict[str, str] = {}

    def augment(i: str, seen: set[str]) -> bool:
        for o in officers:
            if (o, i) not in barred and o not in seen:
                seen.add(o)
                if o not in owner or augment(owner[o], seen):
                    owner[o] = i
                    return True
        return False

    for i in inmates:
        seen: set[str] = set()
        if not augment(i, seen):
            reached = {i} | {owner[o] for o in seen}
            return sorted(reached)
    return {i: o for o, i in owner.items()}


@dataclass
class LockdownResult:
    """Hour-out events by date and the figures of every solve."""

    events: dict[dt.date, list[HourOut]] = field(default_factory=dict)
    runs: list[SolverRun] = field(default_factory=list)
    kpis: dict[str, float] = field(default_factory=dict)


Cut = tuple[tuple[str, ...], dt.date, int, int]
"""Hall cut: at most `limit` of these inmates out at start k of that night (STF-03)."""
Starts = dict[tuple[str, dt.date], int]
"""The chosen start index of each (inmate, night)."""


def solve_lockdown(instance: Instance, settings: SolveSettings) -> LockdownResult:
    """The week's hour-outs; raises `InstanceError` with the reason when a night cannot hold them."""
    nights = lockdown_nights(instance)
    problems = capacity_problems(instance, nights)
    if problems:
        raise InstanceError(problems)
    result = LockdownResult()
    if not nights:
        return result
    barred = barred_pairs(instance)
    cuts: list[Cut] = []
    while True:
        m = _Model(nights)
        m.build()
        for inmates, date, k, limit in cuts:
            m.model.add(sum(m.x[(i, date)][k] for i in inmates) <= limit).with_name(
                f"STF-03 officers for {','.join(inmates)} {date} {k}"
            )
        result.runs = []
        starts = _levels(m, settings, result)
        if starts is None:
            raise InstanceError([_unexplained(nights)])
        new = _officer_cuts(m, starts, barred)
        if not new:
            break
        cuts += new
    _events(instance, m, starts, barred, result)
    return result


def _levels(m: _Model, settings: SolveSettings, result: LockdownResult) -> Starts | None:
    """Level 1 minimises the nights' latest ends; level 2, with that fixed, the most nights
    one inmate is last out in their pod. Level 2 is warm-started from level 1."""
    total = sum(m.latest.values())
    m.model.minimize(total)
    solver = settings.solver()
    status = solver.solve(m.model)
    result.runs.append(figures("lockdown L1 latest end", solver, status))
    if not solved(status):
        return None
    starts = m.starts_of(solver)
    if not m.last:
        return starts
    m.model.add(total <= round(solver.objective_value)).with_name("DIS-07 level 1 optimum")
    worst = m.model.new_int_var(0, len(m.nights), "most nights last")
    per_inmate: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (i, _), lit in sorted(m.last.items()):
        per_inmate[i].append(lit)
    for lits in per_inmate.values():
        m.model.add(worst >= sum(lits)).with_name("DIS-07 rotation")
    m.model.minimize(worst)
    for key, lits in m.x.items():
        for k, lit in enumerate(lits):
            m.model.add_hint(lit, int(k == starts[key]))
    solver = settings.solver()
    status = solver.solve(m.model)
    result.runs.append(figures("lockdown L2 rotation", solver, status))
    return m.starts_of(solver) if solved(status) else starts


def _officer_cuts(m: _Model, starts: Starts, barred: set[tuple[str, str]]) -> list[Cut]:
    """A Hall cut for every start whose hour-outs cannot all get an eligible officer."""
    cuts: list[Cut] = []
    for n in m.nights:
        for k, officers in enumerate(n.officers):
            out = sorted(i for pod in n.pods.values() for i in pod if starts[(i, n.date)] == k)
            match = _match(out, officers, barred)
            if isinstance(match, list):
                free = {o for o in officers if any((o, i) not in barred for i in match)}
                cuts.append((tuple(match), n.date, k, len(free)))
    return cuts


def _events(
    instance: Instance,
    m: _Model,
    starts: Starts,
    barred: set[tuple[str, str]],
    result: LockdownResult,
) -> None:
    """Hour-out events; officers matched per start, the least-loaded first (STF-04)."""
    minutes = instance.facility.discipline.hour_out_minutes
    last_counts: dict[str, int] = defaultdict(int)
    load: dict[str, int] = defaultdict(int)
    for n in m.nights:
        events = []
        for k, officers in enumerate(n.officers):
            out = sorted(i for pod in n.pods.values() for i in pod if starts[(i, n.date)] == k)
            match = _match(out, sorted(officers, key=lambda o: (load[o], o)), barred)
            assert isinstance(match, dict), "officer cuts guarantee a matching"
            for o in match.values():
                load[o] += 1
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
                        officer=match[i],
                        pod=pod,
                    )
                )
        result.events[n.date] = events
        for ids in n.pods.values():
            if len(ids) > 1:
                last_counts[max(ids, key=lambda i: starts[(i, n.date)])] += 1
        result.kpis[f"lockdown.latest_end {n.date}"] = float(max(e.end for e in events))
    result.kpis["lockdown.hour_outs"] = float(len(starts))
    result.kpis["lockdown.most_nights_last"] = float(max(last_counts.values(), default=0))


def _unexplained(nights: list[Night]) -> Problem:
    dates = ", ".join(str(n.date) for n in nights)
    return Problem(
        "lockdown",
        "",
        "",
        f"hour-outs do not fit on the nights of {dates}: the night officers' declared relationships "
        "leave too few officers for the lockdown inmates",
        "DIS-06",
    )
