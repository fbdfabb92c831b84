"""Assemble the week: the routine timeline, then each sub-problem's events, in one schedule."""

from __future__ import annotations

from models.common import weekday_of
from models.instance import Instance
from models.schedule import DaySchedule, Unserved, WeekSchedule
from scheduler.routine import routine_events


def build_week(instance: Instance) -> WeekSchedule:
    """The week's schedule from the data alone: routine events, refused requests, notices."""
    days = [
        DaySchedule(date=d, weekday=weekday_of(d), events=list(routine_events(instance, d)))
        for d in instance.dates
    ]
    refused = [
        Unserved(
            request_id=e.request_id,
            inmate_id=instance.requests[e.request_id].inmate_id,
            rule=e.rule or "",
            reason=e.reason,
        )
        for e in sorted(instance.eligibility.values(), key=lambda e: e.request_id)
        if not e.eligible
    ]
    return WeekSchedule(
        facility=instance.facility.name,
        monday=instance.monday,
        days=days,
        waitlist=refused,
        notices=list(instance.notices),
    )
