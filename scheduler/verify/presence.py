"""DAY-07 and APT-01: an inmate is in one place at a time, and never away from an appointment.

Presence activities are visits (social, legal, clergy), recreation sessions, razor batches,
hour-outs and appointment events, in absolute minutes from Monday 00:00 (a night event runs
past 24:00 on the day it began). Laundry loads and officer posts are not an inmate's presence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from models.common import format_clock
from models.instance import Instance
from models.roster import Appointment
from models.schedule import WeekSchedule
from scheduler.verify.core import Placed, Violation, absolute, overlapping_pairs, overlaps, placed_activities

PRESENCE = frozenset(
    {"visit", "legal_visit", "clergy_visit", "recreation", "razor_batch", "hour_out", "appointment"}
)
"""Event kinds that put an inmate somewhere (DAY-07)."""


def _by_inmate(schedule: WeekSchedule) -> dict[str, list[Placed]]:
    out: dict[str, list[Placed]] = defaultdict(list)
    for a in placed_activities(schedule):
        if a.kind in PRESENCE:
            for iid in dict.fromkeys(a.event.inmates):
                out[iid].append(a)
    return out


Key = tuple[str, dt.date, int, int, str]
"""An appointment as the schedule shows it: inmate, date, start, end and kind."""


def _key(apt: Appointment) -> Key:
    return (apt.inmate_id, apt.date, apt.start, apt.end, apt.kind)


def _matches(a: Placed, key: Key) -> bool:
    e = a.event
    iid, date, start, end, kind = key
    return (
        a.kind == "appointment"
        and e.inmates == [iid]
        and a.day.date == date
        and (e.start, e.end) == (start, end)
        and getattr(e, "purpose", kind) == kind
    )


def _when(day: dt.date, start: int, end: int) -> str:
    return f"{day} {format_clock(start)}-{format_clock(end)}"


def _appointment_violations(
    schedule: WeekSchedule, instance: Instance
) -> tuple[list[Violation], set[tuple[str, frozenset[str]]]]:
    """APT-01 violations, and the (inmate, event pair) they already report."""
    by_inmate = _by_inmate(schedule)
    out: list[Violation] = []
    reported: set[tuple[str, frozenset[str]]] = set()
    week = set(instance.dates)
    matched: set[str] = set()
    given = Counter(_key(apt) for apt in instance.appointments if apt.date in week)
    for key in sorted(given):
        iid, date, start_, end_, kind = key
        mine = by_inmate.get(iid, [])
        events = [a for a in mine if _matches(a, key)]
        matched.update(a.event.id for a in events)
        what = f"{kind} appointment of {iid} {_when(date, start_, end_)}"
        if not events:
            out.append(Violation(rule="APT-01", date=date, message=f"{what} is not in the schedule"))
        elif len(events) != given[key]:
            times = f"{given[key]} time{'s' if given[key] > 1 else ''}"
            out.append(
                Violation(
                    rule="APT-01",
                    date=date,
                    message=f"{what} appears {len(events)} times; the instance has it {times}",
                    events=[a.event.id for a in events],
                )
            )
        start = absolute(schedule, date, start_)
        end = absolute(schedule, date, end_)
        for a in mine:
            if a.kind == "appointment" or not overlaps(a.start, a.end, start, end):
                continue
            refs = [a.event.id, *(e.event.id for e in events[:1])]
            reported.update((iid, frozenset((a.event.id, e.event.id))) for e in events)
            out.append(
                Violation(
                    rule="APT-01",
                    date=a.day.date,
                    message=f"{a.kind} {a.event.id} of {iid} "
                    f"{_when(a.day.date, a.event.start, a.event.end)} overlaps the {what}",
                    events=refs,
                )
            )
    for iid, items in sorted(by_inmate.items()):
        for a in items:
            if a.kind == "appointment" and a.event.id not in matched:
                out.append(
                    Violation(
                        rule="APT-01",
                        date=a.day.date,
                        message=f"appointment event {a.event.id} of {iid} matches no appointment "
                        "of the instance",
                        events=[a.event.id],
                    )
                )
    return out, reported


def check_appointments(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """APT-01: every appointment of the week is in the schedule as an appointment event (same
    inmate, date and times), and no other activity of that inmate overlaps it."""
    return _appointment_violations(schedule, instance)[0]


def check_one_place_at_a_time(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-07: an inmate is in at most one visit, recreation session, razor batch, hour-out or
    appointment at any minute. Overlaps with an appointment of the instance are APT-01's
    (reported once, there); two appointments overlapping each other are input data."""
    _, reported = _appointment_violations(schedule, instance)
    out = []
    for iid, items in sorted(_by_inmate(schedule).items()):
        for x, y in overlapping_pairs(items):
            if x.event is y.event or (x.kind == "appointment" and y.kind == "appointment"):
                continue
            if (iid, frozenset((x.event.id, y.event.id))) in reported:
                continue
            out.append(
                Violation(
                    rule="DAY-07",
                    date=x.day.date,
                    message=f"inmate {iid} is in {x.kind} {x.event.id} "
                    f"{_when(x.day.date, x.event.start, x.event.end)} and {y.kind} {y.event.id} "
                    f"{_when(y.day.date, y.event.start, y.event.end)} at once",
                    events=[x.event.id, y.event.id],
                )
            )
    return out


CHECKS = [check_one_place_at_a_time, check_appointments]
