"""Recreation (REC-01..06, SEP-01..03, HOU-02..04, DIS-08): groups per pod and day, then
the week's rotation of groups x days x start times, then areas by interval colouring.

`build -> solve -> events`: `groups` splits each pod, `rotation` places the sessions,
and this module turns the result into events, exclusions and the rotation matrix.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import Exclusion, RecreationSession, RotationRow, SolverRun
from scheduler.errors import InstanceError, Problem
from scheduler.recreation.groups import eligible_today, partition
from scheduler.recreation.rotation import rotate
from scheduler.recreation.sessions import Session, daylight, grid_starts
from scheduler.solving import SolveSettings

Busy = dict[tuple[str, dt.date], list[tuple[int, int]]]
"""Each inmate's other engagements of a day (visits), as minute spans."""


@dataclass
class RecreationResult:
    """Sessions by date, exclusions, the rotation matrix, KPIs and solver figures."""

    events: dict[dt.date, list[RecreationSession]] = field(default_factory=dict)
    exclusions: list[Exclusion] = field(default_factory=list)
    rotation: list[RotationRow] = field(default_factory=list)
    runs: list[SolverRun] = field(default_factory=list)
    kpis: dict[str, float] = field(default_factory=dict)


def recreation_days(instance: Instance) -> list[dt.date]:
    """The week's recreation days (REC-01)."""
    return [d for d in instance.dates if weekday_of(d) in instance.facility.recreation.days]


def solve_recreation(
    instance: Instance, settings: SolveSettings, busy: Busy | None = None
) -> RecreationResult:
    """The week's recreation; raises `InstanceError` when a day's sessions cannot fit."""
    busy = busy or {}
    result = RecreationResult()
    sessions = _sessions(instance, settings, result)
    options = {
        s: grid_starts(instance, [span for i in s.inmates for span in busy.get((i, s.date), [])])
        for s in sessions
    }
    problems = _fit_problems(instance, sessions, options)
    if problems:
        raise InstanceError(problems)
    if not sessions:
        return result
    rotation = rotate(instance, sessions, options, settings)
    if rotation.starts is None:
        raise InstanceError([_unexplained(instance, sessions, rotation.runs[-1], settings)])
    result.runs += rotation.runs
    _events(instance, rotation.starts, result)
    return result


def _sessions(instance: Instance, settings: SolveSettings, result: RecreationResult) -> list[Session]:
    """Each day's groups, with labels kept from the pod's week grouping."""
    capacity = min(a.capacity for a in instance.facility.recreation.areas)
    days = recreation_days(instance)
    daily = {d: eligible_today(instance, d) for d in days}
    for _, excluded in daily.values():
        result.exclusions += excluded
    week_sets: dict[str, set[str]] = defaultdict(set)
    for pods, _ in daily.values():
        for pod, ids in pods.items():
            week_sets[pod].update(ids)
    sessions: list[Session] = []
    for pod, everyone in sorted(week_sets.items()):
        base = partition(instance, sorted(everyone), capacity, settings, result.runs, f"{pod} week")
        labels = {i: g for g, members in enumerate(base.groups) for i in members}
        cache: dict[frozenset[str], list[list[str]]] = {frozenset(everyone): base.groups}
        for day in days:
            today = daily[day][0].get(pod, [])
            if not today:
                continue
            key = frozenset(today)
            if key not in cache:
                cache[key] = partition(
                    instance, sorted(today), capacity, settings, result.runs, f"{pod} {day}", previous=labels
                ).groups
            for label, members in enumerate(cache[key]):
                if members:
                    sessions.append(Session(day, pod, label, tuple(members)))
    return sessions


def _fit_problems(
    instance: Instance, sessions: list[Session], options: dict[Session, list[int]]
) -> list[Problem]:
    """REC-02 in the administrator's terms: sessions needed versus area-hours available."""
    rec = instance.facility.recreation
    problems = []
    for s in sessions:
        if not options[s]:
            problems.append(
                Problem(
                    "recreation",
                    f"pod {s.pod}, group {s.label + 1}, {weekday_of(s.date).capitalize()} {s.date}",
                    "",
                    "no start in recreation hours avoids the counts, meals, med passes "
                    "and the members' visits",
                    "REC-02",
                )
            )
    per_day: dict[dt.date, int] = defaultdict(int)
    for s in sessions:
        per_day[s.date] += 1
    for day, needed in sorted(per_day.items()):
        starts = grid_starts(instance, [])
        hours, last = 0, None
        for t in starts:
            if last is None or t >= last + rec.session_minutes:
                hours, last = hours + 1, t
        available = hours * len(rec.areas)
        if needed > available:
            problems.append(
                Problem(
                    "recreation",
                    f"{weekday_of(day).capitalize()} {day}",
                    "",
                    f"{needed} group sessions need an area each, but {len(rec.areas)} area(s) x "
                    f"{hours} sessions between {format_clock(rec.start)} and {format_clock(rec.end)} "
                    f"hold only {available}",
                    "REC-02",
                )
            )
    return problems


def _unexplained(
    instance: Instance, sessions: list[Session], run: SolverRun, settings: SolveSettings
) -> Problem:
    areas = len(instance.facility.recreation.areas)
    if run.status == "INFEASIBLE":
        message = (
            f"{len(sessions)} group sessions do not fit in {areas} area(s) without a group "
            "repeating its start on consecutive days"
        )
        return Problem("recreation", "", "", message, "REC-05")
    message = (
        f"no rotation of {len(sessions)} group sessions in {areas} area(s) found within the time limit "
        f"of {settings.time_limit:g} s ({run.subproblem}: {run.status}); raise --time-limit"
    )
    return Problem("recreation", "", "", message, "REC-01")


def _events(instance: Instance, starts: dict[Session, int], result: RecreationResult) -> None:
    rec = instance.facility.recreation
    areas = [a.id for a in rec.areas]
    rows: dict[tuple[str, int], RotationRow] = {}
    for day in sorted({s.date for s in starts}):
        free_at = dict.fromkeys(areas, 0)
        events = []
        for s in sorted((s for s in starts if s.date == day), key=lambda s: (starts[s], s.pod, s.label)):
            t = starts[s]
            area = next(a for a in areas if free_at[a] <= t)
            free_at[area] = t + rec.session_minutes
            events.append(
                RecreationSession(
                    kind="recreation",
                    id=f"recreation:{day}:{s.pod}:{s.label + 1}",
                    start=t,
                    end=t + rec.session_minutes,
                    place=area,
                    inmates=list(s.inmates),
                    pod=s.pod,
                    group=s.label + 1,
                )
            )
            row = rows.setdefault(s.group, RotationRow(pod=s.pod, group=s.label + 1))
            row.starts[day] = t
            row.daylight += int(daylight(instance, t))
        result.events[day] = events
    result.rotation = [rows[k] for k in sorted(rows)]
    result.kpis["recreation.sessions"] = float(len(starts))
    result.kpis["recreation.groups"] = float(len(rows))
    result.kpis["recreation.daylight_sessions"] = float(sum(r.daylight for r in rows.values()))
    result.kpis["recreation.excluded"] = float(len(result.exclusions))
