"""A repaired week against the published one (REP-01, REP-02, REP-04, REP-05), from the two
schedules alone: nothing that started before the repair's `now` differs, no visit's time
moves inside the notice horizon, pinned bookings stay (one the events make impossible is listed for
review, never moved elsewhere), and the change list and notices name
exactly the bookings that differ and the people they concern."""

from __future__ import annotations

import datetime as dt

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Violation
from scheduler.verify.kept import check_kept

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


def check_repair(
    repaired: WeekSchedule, published: WeekSchedule, pins: dict[str, str], instance: Instance | None = None
) -> list[Violation]:
    """REP-01..05 violations of a repaired week (REP-03, `kept`, when given the instance the
    events leave)."""
    r = repaired.repair
    if r is None:
        return [Violation(rule="REP-01", message="the schedule is not a repair (no `repair` section)")]
    before, after = _index(published), _index(repaired)
    reviewed = {x.booking for x in r.review}
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
        if b in pins and (b in after or b not in reviewed):  # impossible: listed, not moved
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
    if instance is not None:
        out += check_kept(repaired, published, instance)
    return out


def _moved(b: str, before: dict, after: dict) -> bool:
    """Whether a visit kept in both weeks has another date or time."""
    return b.split(":")[0] in VISITS and b in before and b in after and before[b][1][:3] != after[b][1][:3]


def _notices(repaired: WeekSchedule, published: WeekSchedule, differ: list[str]) -> list[Violation]:
    """REP-04, person by person: the notices are exactly, for each changed booking, its
    visitors and inmates (a visit), its pod and the inmates who joined or left (a session),
    and its officers when it is added, cancelled, moved in time or changes officer."""
    r = repaired.repair
    assert r is not None
    told = {(n.person, n.booking) for n in r.notices}
    old = {e.id: (d.date, e) for d, e in published.events()}
    new = {e.id: (d.date, e) for d, e in repaired.events()}
    due = {(p, b) for b in differ for p in _concerned(old.get(b), new.get(b))}
    out = [
        Violation(rule="REP-04", message=f"{p} is not told of the change to {b}", events=[b])
        for p, b in sorted(due - told)
    ]
    out += [
        Violation(
            rule="REP-04", message=f"{p} is told of a change to {b} that does not concern them", events=[b]
        )
        for p, b in sorted(told - due)
    ]
    return out


def _concerned(old: tuple | None, new: tuple | None) -> set[str]:
    """The people (and pods) one changed booking concerns (each given as date and event)."""
    both = [e for _, e in (x for x in (old, new) if x is not None)]
    kind = getattr(both[0], "kind", "")
    people: set[str] = set()
    if kind in VISITS:
        people |= {v.visitor_id for e in both for v in getattr(e, "visitors", [])}
        people |= {i for e in both for i in e.inmates}  # type: ignore[attr-defined]
    elif kind != "post":
        people |= {getattr(e, "pod", None) for e in both} - {None}  # type: ignore[arg-type]
        members = [set(e.inmates) for e in both]  # type: ignore[attr-defined]
        people |= members[0] ^ members[-1] if len(members) == 2 else members[0]
    officers = {e.officer for e in both} - {None}  # type: ignore[attr-defined]
    timed = (
        old is None or new is None or (old[0], old[1].start, old[1].end) != (new[0], new[1].start, new[1].end)
    )
    if timed or len(officers) > 1:
        people |= officers  # type: ignore[arg-type]
    return people


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


def check_reversal(repaired: WeekSchedule, published: WeekSchedule, cancel_out: bool) -> list[Violation]:
    """REP-06: when the standing events leave the instance as published (none, or each
    reversed before anything happened) and pin nothing, the week is the published one."""
    if cancel_out and repaired != published:
        return [
            Violation(
                rule="REP-06", message="the events cancel out but the week differs from the published one"
            )
        ]
    return []
