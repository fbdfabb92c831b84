"""REC-01..06: recreation sessions, from the schedule's recreation events and the instance.

The checks read the sessions the schedule holds; that every eligible inmate has a session
(or is listed in `unmet`) is UNM-01's check (verify/completeness.py); that those excused are
listed (REC-04) is checked when `recreation` is in the schedule's scope. Pods, keep-separates
and lockdown inmates in sessions are SEP-01..03's checks, meals and med passes DAY-02..03's,
closed areas CAL-01's.

REC-06 (missed recreation is not made up) is checked as at most one session per inmate per
date. A make-up elsewhere is already another rule's: on a day that is not a recreation day
REC-01's (`check_days`), on a day the inmate is excused REC-04's, and on a day the schedule
lists them as excluded while the instance does not excuse them, the listing's REC-04
(verify/listings.py). So sessions on more days than the recreation days an inmate was
eligible for cannot happen without one of those being reported, and are not reported again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Placed, Violation, clashes, placed_of, solved


def _sessions(schedule: WeekSchedule) -> list[Placed]:
    return placed_of(schedule, "recreation")


def excused(instance: Instance, inmate_id: str, day: dt.date) -> bool:
    return (
        instance.on_lockdown(inmate_id, day) or instance.suspended(inmate_id, "recreation", day) is not None
    )


def _where(
    schedule: WeekSchedule, wrong: Callable[[Any], bool], message: Callable[[Any], str]
) -> list[Violation]:
    """REC-01 for every session `wrong` holds for, with its message."""
    return [
        Violation(rule="REC-01", date=a.day.date, message=message(a), events=[a.event.id])
        for a in _sessions(schedule)
        if wrong(a)
    ]


def check_session_length(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-01: a session gives its inmates a full recreation hour (at least the session length)."""
    minutes = instance.facility.recreation.session_minutes
    return _where(
        schedule,
        lambda a: a.event.end - a.event.start < minutes,
        lambda a: f"{a.event.id} lasts {a.event.end - a.event.start} min, less than {minutes}",
    )


def check_days(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-01: sessions only on the facility's recreation days (`recreation.days`; none at
    weekends by default, which are for visitation)."""
    days = instance.facility.recreation.days
    return _where(
        schedule,
        lambda a: weekday_of(a.day.date) not in days,
        lambda a: f"{a.event.id} is on {weekday_of(a.day.date)}, not a recreation day ({', '.join(days)})",
    )


def check_areas_and_hours(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-02: sessions in a recreation area, inside recreation hours, one per area at a time."""
    rec = instance.facility.recreation
    areas = {a.id for a in rec.areas}
    out = []
    by_area: dict[str, list[Placed]] = defaultdict(list)
    for a in _sessions(schedule):
        e = a.event
        by_area[e.place].append(a)
        if e.place not in areas:
            out.append(
                Violation(
                    rule="REC-02",
                    date=a.day.date,
                    message=f"{e.id} is in {e.place}, not a recreation area",
                    events=[e.id],
                )
            )
        if e.start < rec.start or e.end > rec.end:
            out.append(
                Violation(
                    rule="REC-02",
                    date=a.day.date,
                    message=f"{e.id} {format_clock(e.start)}-{format_clock(e.end)} is outside "
                    "recreation hours",
                    events=[e.id],
                )
            )
    return out + clashes("REC-02", by_area, "area")


def check_capacity(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-03: a session holds at most its area's capacity."""
    capacity = {a.id: a.capacity for a in instance.facility.recreation.areas}
    return [
        Violation(
            rule="REC-03",
            date=a.day.date,
            message=f"{a.event.id} holds {len(a.event.inmates)} inmates, "
            f"area {a.event.place} takes {capacity[a.event.place]}",
            events=[a.event.id],
        )
        for a in _sessions(schedule)
        if a.event.place in capacity and len(a.event.inmates) > capacity[a.event.place]
    ]


def check_groups(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-03: a session's group is a group number of its pod, counted from 1 (the rotation
    rows too, REC-05)."""
    out = [
        Violation(
            rule="REC-03",
            date=a.day.date,
            message=f"{a.event.id} is group {a.event.group}; groups are numbered from 1",
            events=[a.event.id],
        )
        for a in _sessions(schedule)
        if getattr(a.event, "group", 1) < 1
    ]
    out += [
        Violation(
            rule="REC-03",
            message=f"recreation rotation of pod {row.pod} is group {row.group}; groups are numbered from 1",
        )
        for row in schedule.rotation
        if row.group < 1
    ]
    return out


def check_excluded(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-04: an inmate suspended from recreation or on lockdown gets no session and is
    listed as excluded with the reason (the listing when `recreation` is in scope)."""
    out = []
    held = set()
    for a in _sessions(schedule):
        for iid in a.event.inmates:
            held.add((iid, a.day.date))
            if excused(instance, iid, a.day.date):
                out.append(
                    Violation(
                        rule="REC-04",
                        date=a.day.date,
                        message=f"{iid} is not allowed recreation",
                        events=[a.event.id],
                    )
                )
    if not solved(schedule, "recreation"):
        return out
    listed = {(x.inmate_id, x.date) for x in schedule.exclusions if x.activity == "recreation"}
    rec = instance.facility.recreation
    for day in instance.dates:
        if weekday_of(day) not in rec.days:
            continue
        for iid in sorted(instance.inmates):
            if (iid, day) in held:  # not excluded: in a session, a violation above
                continue
            if excused(instance, iid, day) and (iid, day) not in listed and (iid, None) not in listed:
                out.append(
                    Violation(
                        rule="REC-04", date=day, message=f"{iid} is excluded but not listed with a reason"
                    )
                )
    return out


def check_no_make_up(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """REC-06: missed recreation is not made up: an inmate has at most one session a date
    (see the module docstring for the other ways a make-up shows)."""
    by_day: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for a in _sessions(schedule):
        for iid in dict.fromkeys(a.event.inmates):
            by_day[(iid, a.day.date)].append(a.event.id)
    return [
        Violation(
            rule="REC-06",
            date=day,
            message=f"inmate {iid} has {len(ids)} recreation sessions on {day}; missed recreation "
            "is not made up",
            events=ids,
        )
        for (iid, day), ids in sorted(by_day.items())
        if len(ids) > 1
    ]


def recreation_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """REC-05 as figures: daylight sessions, the largest deviation of a group's daylight
    sessions from its fair share, and starts repeated on consecutive days."""
    sessions = _sessions(schedule)
    if not sessions:
        return {}
    rec = instance.facility.recreation
    groups: dict[tuple[str, int], dict[dt.date, int]] = defaultdict(dict)
    for a in sessions:
        groups[(getattr(a.event, "pod", ""), getattr(a.event, "group", 0))][a.day.date] = a.event.start
    light = {
        g: sum(
            1
            for t in days.values()
            if rec.daylight_start <= t and t + rec.session_minutes <= rec.daylight_end
        )
        for g, days in groups.items()
    }
    total, held = len(sessions), sum(light.values())
    deviation = max(abs(light[g] - len(days) * held / total) for g, days in groups.items())
    repeats = sum(
        1 for days in groups.values() for d, t in days.items() if days.get(d + dt.timedelta(days=1)) == t
    )
    return {
        "REC-05 daylight sessions": float(held),
        "REC-05 largest deviation from fair daylight share": round(deviation, 4),
        "REC-05 same start on consecutive days": float(repeats),
    }


CHECKS = [
    check_session_length,
    check_days,
    check_areas_and_hours,
    check_capacity,
    check_groups,
    check_excluded,
    check_no_make_up,
]
