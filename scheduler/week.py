"""Assemble the week: the routine timeline, then each sub-problem's events, in one schedule."""

from __future__ import annotations

import datetime as dt

from models.common import weekday_of
from models.instance import Instance
from models.schedule import DaySchedule, RecreationSession, Unserved, VisitEvent, WeekSchedule
from scheduler.laundry import solve_laundry
from scheduler.lockdown import solve_lockdown
from scheduler.razors import solve_razors
from scheduler.recreation import solve_recreation
from scheduler.routine import routine_events
from scheduler.solving import SolveSettings
from scheduler.visitation import solve_visitation

SUBPROBLEMS = ("visitation", "recreation", "lockdown", "razors", "laundry")
"""The sub-problems `solve` runs, in order; `--only` picks one."""
NEEDS = {"razors": ("recreation",)}
"""Sub-problems whose schedule another takes as fixed input (RAZ-06), and so solves too."""


def refused_requests(instance: Instance) -> list[Unserved]:
    """Requests the data rules refused (VIS-13), each with its rule."""
    return [
        Unserved(
            request_id=e.request_id,
            inmate_id=instance.requests[e.request_id].inmate_id,
            rule=e.rule or "",
            reason=e.reason,
        )
        for e in sorted(instance.eligibility.values(), key=lambda e: e.request_id)
        if not e.eligible
    ]


def _busy(week: WeekSchedule) -> dict[tuple[str, dt.date], list[tuple[int, int]]]:
    """Each inmate's visits of a day, so later sub-problems keep clear of them."""
    busy: dict[tuple[str, dt.date], list[tuple[int, int]]] = {}
    for day in week.days:
        for event in day.events:
            if isinstance(event, VisitEvent):
                for iid in event.inmates:
                    busy.setdefault((iid, day.date), []).append((event.start, event.end))
    return busy


def _recreation_spans(week: WeekSchedule) -> dict[tuple[str, dt.date], list[tuple[int, int]]]:
    """Each pod's recreation sessions of a day, which its razor batches keep clear of (RAZ-06)."""
    spans: dict[tuple[str, dt.date], list[tuple[int, int]]] = {}
    for day in week.days:
        for event in day.events:
            if isinstance(event, RecreationSession):
                spans.setdefault((event.pod, day.date), []).append((event.start, event.end))
    return spans


def build_week(
    instance: Instance, settings: SolveSettings | None = None, only: str | None = None
) -> WeekSchedule:
    """The week's schedule: routine events, then every sub-problem (or only one)."""
    settings = settings or SolveSettings()
    days = [
        DaySchedule(date=d, weekday=weekday_of(d), events=list(routine_events(instance, d)))
        for d in instance.dates
    ]
    week = WeekSchedule(
        facility=instance.facility.name,
        monday=instance.monday,
        days=days,
        waitlist=refused_requests(instance),
        notices=list(instance.notices),
    )
    steps = SUBPROBLEMS if only is None else (*NEEDS.get(only, ()), only)
    if "visitation" in steps:
        result, runs = solve_visitation(instance, settings)
        for day in week.days:
            day.events += result.events.get(day.date, [])
        week.waitlist = sorted(week.waitlist + result.waitlist, key=lambda u: u.request_id)
        week.visit_grids, week.windows = result.grids, result.windows
        week.kpis |= result.kpis
        week.solver += runs
    if "recreation" in steps:
        rec = solve_recreation(instance, settings, _busy(week))
        for day in week.days:
            day.events += rec.events.get(day.date, [])
        week.exclusions += rec.exclusions
        week.rotation = rec.rotation
        week.kpis |= rec.kpis
        week.solver += rec.runs
    if "lockdown" in steps:
        lockdown = solve_lockdown(instance, settings)
        for day in week.days:
            day.events += lockdown.events.get(day.date, [])
        week.kpis |= lockdown.kpis
        week.solver += lockdown.runs
    if "razors" in steps:
        razors = solve_razors(instance, settings, _recreation_spans(week))
        for day in week.days:
            day.events += razors.events.get(day.date, [])
        week.exclusions += razors.exclusions
        week.notices += razors.notices
        week.kpis |= razors.kpis
        week.solver += razors.runs
    if "laundry" in steps:
        laundry = solve_laundry(instance, settings)
        for day in week.days:
            day.events += laundry.events.get(day.date, [])
        week.missed_loads = laundry.missed
        week.kpis |= laundry.kpis
        week.solver += laundry.runs
    for day in week.days:
        day.events.sort(key=lambda e: (e.start, e.end, e.id))
    return week
