"""Assemble the week: the routine timeline, then each sub-problem's events, in one schedule."""

from __future__ import annotations

import datetime as dt

from models.common import weekday_of
from models.instance import Instance
from models.schedule import DaySchedule, Unserved, VisitEvent, WeekSchedule
from scheduler.lockdown import solve_lockdown
from scheduler.recreation import solve_recreation
from scheduler.routine import routine_events
from scheduler.solving import SolveSettings
from scheduler.visitation import solve_visitation

SUBPROBLEMS = ("visitation", "recreation", "lockdown")
"""The sub-problems `solve` runs, in order; `--only` picks one."""


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
    if only in (None, "visitation"):
        result, runs = solve_visitation(instance, settings)
        for day in week.days:
            day.events += result.events.get(day.date, [])
        week.waitlist = sorted(week.waitlist + result.waitlist, key=lambda u: u.request_id)
        week.visit_grids, week.windows = result.grids, result.windows
        week.kpis |= result.kpis
        week.solver += runs
    if only in (None, "recreation"):
        rec = solve_recreation(instance, settings, _busy(week))
        for day in week.days:
            day.events += rec.events.get(day.date, [])
        week.exclusions += rec.exclusions
        week.rotation = rec.rotation
        week.kpis |= rec.kpis
        week.solver += rec.runs
    if only in (None, "lockdown"):
        lockdown = solve_lockdown(instance, settings)
        for day in week.days:
            day.events += lockdown.events.get(day.date, [])
        week.kpis |= lockdown.kpis
        week.solver += lockdown.runs
    for day in week.days:
        day.events.sort(key=lambda e: (e.start, e.end, e.id))
    return week
