"""CAL-01: no activity uses a closed resource during a closure.

A closure with times closes those minutes of its date (`Closure.span`, compared in absolute
minutes from Monday 00:00, so "22:00"-"26:00" reaches into the next morning); a closure without
times closes the resource for every event of its date, the date's night included
but not the next date's own events. Closed booths are the highest-numbered: while
closures of booths with counts c1, c2... are in force, booths 1..(booths - c1 - c2 ...) stay
open; a visitation-room closure closes them all. Legal rooms ("legal room k") close the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from models.common import format_clock
from models.facility import Closure
from models.instance import Instance
from models.schedule import LaundryLoad, VisitEvent, VisitGrid, WeekSchedule, WindowReport
from scheduler.verify.core import Placed, Violation, absolute, inside, overlaps, placed_activities

BOOTH_KINDS = frozenset({"visit", "clergy_visit"})
_LEGAL_ROOM = re.compile(r"^legal room (\d+)$")


def _whole_day(c: Closure) -> bool:
    return c.start is None or c.end is None


def _applies(schedule: WeekSchedule, c: Closure, day: dt.date, start: int, end: int) -> bool:
    """Whether a closure is in force during an event of `day` spanning absolute [start, end):
    a whole-day closure for every event of its date (its night included, not the next day's
    events); a closure with times for the minutes it names."""
    if _whole_day(c):
        return c.date == day
    return overlaps(start, end, absolute(schedule, c.date, c.span[0]), absolute(schedule, c.date, c.span[1]))


def _active(schedule: WeekSchedule, c: Closure, day: dt.date, moment: int) -> bool:
    """Whether a closure is in force at an absolute moment of an event of `day`."""
    return _applies(schedule, c, day, moment, moment + 1)


def _what(c: Closure) -> str:
    start, end = c.span
    when = "all day" if _whole_day(c) else f"{format_clock(start)}-{format_clock(end)}"
    name = f"{c.resource} {c.id}" if c.id else c.resource
    return f"{name} closed {c.date} {when} ({c.reason})"


def open_during(
    schedule: WeekSchedule,
    closures: list[tuple[Closure, int]],
    total: int,
    day: dt.date,
    start: int,
    end: int,
) -> tuple[int, list[Closure]]:
    """The fewest units open at any minute of an event of `day` spanning absolute [start, end),
    and the closures in force then: `closures` pairs a closure with the units it closes."""
    mine = [(c, n) for c, n in closures if _applies(schedule, c, day, start, end)]
    moments = {start} | {absolute(schedule, c.date, c.span[0]) for c, _ in mine if not _whole_day(c)}
    fewest, hit = total, []
    for t in sorted(m for m in moments if start <= m < end):
        active = [(c, n) for c, n in mine if _active(schedule, c, day, t)]
        left = max(0, total - sum(n for _, n in active))
        if left < fewest:
            fewest, hit = left, [c for c, _ in active]
    return fewest, hit


def _v(a: Placed, message: str, closures: list[Closure]) -> Violation:
    reasons = "; ".join(_what(c) for c in closures)
    return Violation(
        rule="CAL-01",
        date=a.day.date,
        message=f"{a.kind} {a.event.id} {message}: {reasons}",
        events=[a.event.id],
    )


def check_booths(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01: no booth visit in a booth closed at its time (closed booths are the
    highest-numbered), and never more booth visits in progress than booths open."""
    vis = instance.facility.visitation
    closures = [
        (c, vis.booths if c.resource == "visitation_room" else c.count)
        for c in instance.facility.closures
        if c.resource in ("visitation_room", "booths")
    ]
    if not closures:
        return []
    booth_visits = [
        a for a in placed_activities(schedule) if a.kind in BOOTH_KINDS and isinstance(a.event, VisitEvent)
    ]
    out = []
    flagged: set[str] = set()
    for a in booth_visits:
        booth = getattr(a.event, "booth", None)
        if booth is None:
            continue
        left, hit = open_during(schedule, closures, vis.booths, a.day.date, a.start, a.end)
        if hit and left < booth <= vis.booths:  # a booth that does not exist is VIS-02's
            flagged.add(a.event.id)
            opened = f"booths 1-{left} open" if left else "no booth open"
            out.append(_v(a, f"uses booth {booth} with {opened}", hit))
    for a in booth_visits:
        busy = [b for b in booth_visits if b.day.date == a.day.date and inside(a.start, b.start, b.end)]
        left, hit = open_during(schedule, closures, vis.booths, a.day.date, a.start, a.start + 1)
        if hit and len(busy) > left and not any(b.event.id in flagged for b in busy):
            flagged.update(b.event.id for b in busy)
            out.append(
                Violation(
                    rule="CAL-01",
                    date=a.day.date,
                    message=f"{len(busy)} booth visits in progress at {format_clock(a.event.start)} "
                    f"with {left} booth(s) open: " + "; ".join(_what(x) for x in hit),
                    events=[b.event.id for b in busy],
                )
            )
    return out


def check_legal_rooms(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01: no legal visit in a legal room closed at its time (the highest-numbered close)."""
    rooms = instance.facility.visitation.legal_rooms
    closures = [(c, c.count) for c in instance.facility.closures if c.resource == "legal_room"]
    if not closures:
        return []
    out = []
    for a in placed_activities(schedule):
        m = _LEGAL_ROOM.match(a.event.place) if a.kind == "legal_visit" else None
        if m is None:
            continue  # not a legal room at all: VIS-11's check
        left, hit = open_during(schedule, closures, rooms, a.day.date, a.start, a.end)
        if hit and left < int(m.group(1)) <= rooms:  # a room that does not exist is VIS-11's
            opened = f"rooms 1-{left} open" if left else "no legal room open"
            out.append(_v(a, f"uses {a.event.place} with {opened}", hit))
    return out


def _whole_events(
    schedule: WeekSchedule, instance: Instance, resource: str, kind: str, named: bool, verb: str
) -> list[Violation]:
    """No event of `kind` while a closure of `resource` is in force (for the area the event
    names when `named`)."""
    closures = [c for c in instance.facility.closures if c.resource == resource]
    out = []
    for a in placed_activities(schedule):
        if a.kind != kind or not closures:
            continue
        hit = [
            c
            for c in closures
            if (not named or c.id == a.event.place) and _applies(schedule, c, a.day.date, a.start, a.end)
        ]
        if hit:
            out.append(_v(a, verb.format(place=a.event.place), hit))
    return out


def check_areas(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01: no recreation session in an area while the area is closed."""
    return _whole_events(schedule, instance, "recreation_area", "recreation", True, "uses area {place}")


def check_machines(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01: no load washes on a washer, or dries on a dryer, while that machine is closed."""
    closures = [c for c in instance.facility.closures if c.resource == "laundry_machine"]
    out = []
    for a in placed_activities(schedule):
        e = a.event
        if not closures or not isinstance(e, LaundryLoad):
            continue
        for machine, start, end in ((e.washer, e.wash_start, e.wash_end), (e.dryer, e.dry_start, e.dry_end)):
            span = (absolute(schedule, a.day.date, start), absolute(schedule, a.day.date, end))
            hit = [c for c in closures if c.id == machine and _applies(schedule, c, a.day.date, *span)]
            if hit:
                out.append(_v(a, f"uses {machine} {format_clock(start)}-{format_clock(end)}", hit))
    return out


def check_razor_issue(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01: no razor batch while the razor issue is closed."""
    return _whole_events(schedule, instance, "razor_issue", "razor_batch", False, "issues razors")


def check_closures_shown(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """CAL-01 as shown: the schedule lists the week's closures as declared; a window's grid
    marks at least the booths closed at each slot, the highest-numbered, and no visit in a
    cell it marks closed; its report counts the closed booth slots out of its capacity."""
    week = set(instance.dates)
    declared = Counter(
        (c.resource, c.date, c.start, c.end, c.count, c.id, c.reason)
        for c in instance.facility.closures
        if c.date in week
    )
    listed = Counter((c.resource, c.date, c.start, c.end, c.count, c.id, c.reason) for c in schedule.closures)
    out = []
    if listed != declared:  # compared as multisets: times and ids may be empty (no order among them)
        out.append(
            Violation(
                rule="CAL-01",
                message=f"the schedule lists {listed.total()} closures; the week has {declared.total()}",
            )
        )
    cited = _citing_closures(schedule)
    out += [
        Violation(
            rule="CAL-01",
            date=c.date,
            message=f"closure {c.resource} {c.date} ({c.reason}) lists {subject} as displaced; "
            "no listing of the schedule cites CAL-01 for it",
        )
        for c in schedule.closures
        for subject in c.displaced
        if subject not in cited
    ]
    vis = instance.facility.visitation
    closures = [
        (c, vis.booths if c.resource == "visitation_room" else c.count)
        for c in instance.facility.closures
        if c.resource in ("visitation_room", "booths")
    ]
    reports = {(w.date, w.window): w for w in schedule.windows}
    for g in schedule.visit_grids:
        out += _grid_closures(
            schedule, g, closures, vis.booths, vis.visit_minutes, reports.get((g.date, g.window))
        )
    return out


def _citing_closures(schedule: WeekSchedule) -> set[str]:
    """The subjects of the waitlist, unmet and exclusion entries that cite CAL-01."""
    out = {u.request_id for u in schedule.waitlist if u.rule == "CAL-01" or "(CAL-01)" in u.reason}
    cite = [u for u in schedule.unmet if u.rule == "CAL-01" or "(CAL-01)" in u.reason]
    out |= {s for u in cite for s in u.each_subject()}
    out |= {
        f"{x.activity}:{x.date}:{x.inmate_id}"
        for x in schedule.exclusions
        if x.rule == "CAL-01" or "(CAL-01)" in x.reason
    }
    return out


def _grid_closures(
    schedule: WeekSchedule,
    g: VisitGrid,
    closures: list[tuple[Closure, int]],
    booths: int,
    minutes: int,
    report: WindowReport | None,
) -> list[Violation]:
    """One window's grid and report against the booth closures (see check_closures_shown)."""
    where = f"window {g.window} {g.date}"
    closed = g.closed or [[None] * len(g.slots) for _ in g.booths]
    ragged = any(len(r) != len(g.slots) for r in [*closed, *g.booths])
    if len(closed) != len(g.booths) or ragged:
        return [Violation(rule="CAL-01", date=g.date, message=f"{where}: closed marks do not match its grid")]
    out = []
    base = absolute(schedule, g.date, 0)
    for k, t in enumerate(g.slots):
        shut = [b for b in range(len(closed)) if closed[b][k]]
        left, hit = open_during(schedule, closures, booths, g.date, base + t, base + t + minutes)
        highest = list(range(len(closed) - len(shut), len(closed)))
        if (hit and len(shut) < booths - left) or shut != highest:
            out.append(
                Violation(
                    rule="CAL-01",
                    date=g.date,
                    message=f"{where} at {format_clock(t)}: marks booths {[b + 1 for b in shut]} closed; "
                    f"{booths - left} highest-numbered booth(s) are closed then",
                )
            )
        out += [
            Violation(
                rule="CAL-01",
                date=g.date,
                message=f"{where}: request {g.booths[b][k]} is in booth {b + 1} "
                f"at {format_clock(t)}, marked closed",
            )
            for b in shut
            if g.booths[b][k]
        ]
    cells = sum(1 for row in closed for why in row if why)
    if report is not None and (report.closed, report.capacity) != (
        cells,
        report.booths * report.slots - cells,
    ):
        out.append(
            Violation(
                rule="CAL-01",
                date=g.date,
                message=f"{where}: reports {report.closed} closed booth slots and capacity "
                f"{report.capacity}; its grid marks {cells} closed of {report.booths * report.slots}",
            )
        )
    return out


CHECKS = [
    check_booths,
    check_legal_rooms,
    check_areas,
    check_machines,
    check_razor_issue,
    check_closures_shown,
]
