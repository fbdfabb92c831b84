"""A repaired week against the published one (REP-01, REP-02, REP-04, REP-05), from the two
schedules alone: nothing that started before the repair's `now` differs, no visit's time
moves inside the notice horizon, pinned bookings stay, and the change list and notices name
exactly the bookings that differ and the people they concern."""

from __future__ import annotations

import datetime as dt

from models.schedule import WeekSchedule
from scheduler.verify.core import Violation

KEPT = (
    "visit",
    "legal_visit",
    "clergy_visit",
    "recreation",
    "razor_batch",
    "laundry_load",
    "hour_out",
    "post",
)
VISITS = ("visit", "legal_visit", "clergy_visit")


def _index(week: WeekSchedule) -> dict[str, tuple[dt.datetime, tuple]]:
    """Each booking's start moment and everything a person could notice of it."""
    out = {}
    for day in week.days:
        for e in day.events:
            if getattr(e, "kind", "") in KEPT:
                at = dt.datetime.combine(day.date, dt.time()) + dt.timedelta(minutes=e.start)
                seen = (
                    day.date,
                    e.start,
                    e.end,
                    e.place,
                    getattr(e, "booth", None),
                    e.officer,
                    tuple(e.inmates),
                )
                out[e.id] = (at, seen)
    return out


def check_repair(repaired: WeekSchedule, published: WeekSchedule, pins: dict[str, str]) -> list[Violation]:
    """REP-01, REP-02, REP-04 and REP-05 violations of a repaired week."""
    r = repaired.repair
    if r is None:
        return [Violation(rule="REP-01", message="the schedule is not a repair (no `repair` section)")]
    before, after = _index(published), _index(repaired)
    out = []
    horizon = r.now + dt.timedelta(hours=r.notice_hours)
    differ = sorted(
        b for b in set(before) | set(after) if before.get(b, (0, None))[1] != after.get(b, (0, None))[1]
    )
    for b in differ:
        at = min(x[0] for x in (before.get(b), after.get(b)) if x is not None)
        if at < r.now:
            out.append(
                Violation(rule="REP-01", message=f"{b} started before {r.now} and differs", events=[b])
            )
        elif _moved(b, before, after) and before[b][0] < horizon:
            out.append(Violation(rule="REP-02", message=f"{b} moved inside the notice horizon", events=[b]))
        if b in pins:
            out.append(Violation(rule="REP-05", message=f"pinned {b} differs ({pins[b]})", events=[b]))
    listed = sorted(c.booking for c in r.changes)
    if listed != differ:
        missing, extra = sorted(set(differ) - set(listed)), sorted(set(listed) - set(differ))
        out.append(
            Violation(
                rule="REP-04", message=f"change list differs: unlisted {missing[:5]}, not changed {extra[:5]}"
            )
        )
    out += _notices(repaired, published, differ)
    return out


def _moved(b: str, before: dict, after: dict) -> bool:
    """Whether a visit kept in both weeks has another date or time."""
    return b.split(":")[0] in VISITS and b in before and b in after and before[b][1][:3] != after[b][1][:3]


def _notices(repaired: WeekSchedule, published: WeekSchedule, differ: list[str]) -> list[Violation]:
    """Each changed visit's visitors and inmate have a notice for it."""
    r = repaired.repair
    assert r is not None
    told = {(n.person, n.booking) for n in r.notices}
    out = []
    events = {e.id: e for _, e in published.events()} | {e.id: e for _, e in repaired.events()}
    for b in differ:
        e = events[b]
        if getattr(e, "kind", "") not in VISITS:
            continue
        people = [v.visitor_id for v in e.visitors] + list(e.inmates)  # type: ignore[attr-defined]
        for p in people:
            if (p, b) not in told:
                out.append(
                    Violation(rule="REP-04", message=f"{p} is not told of the change to {b}", events=[b])
                )
    return out


def historical(violations: list[Violation], repaired: WeekSchedule) -> list[Violation]:
    """The violations left once those of events that happened before `now` are set aside
    (REP-01: the past stands as it happened, e.g. a visit on the morning an offence's
    lockdown began): a violation whose events all started before `now`, or with no event on
    a date before `now`'s."""
    r = repaired.repair
    if r is None:
        return violations
    started = {
        e.id
        for d in repaired.days
        for e in d.events
        if dt.datetime.combine(d.date, dt.time()) + dt.timedelta(minutes=e.start) < r.now
    }
    keep = []
    for v in violations:
        past = (
            all(e in started for e in v.events)
            if v.events
            else (v.date is not None and v.date < r.now.date())
        )
        if not past:
            keep.append(v)
    return keep
