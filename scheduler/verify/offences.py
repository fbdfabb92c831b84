"""DIS-01: lockdown nights re-derived from the offence rows by the WC 23 baseline table, and
the schedule checked against them.

The other checks trust the loader's derived `instance.lockdowns` (`lockdown_nights`,
`on_lockdown`); this one derives the nights again from `instance.offences` and the facility's
`discipline` table alone, so a derivation error of the loader shows up here:

- an hour-out on a night the table does not lock the inmate down (none from an offence that
  goes to administrative review) is DIS-01's, whatever the instance says (DIS-03 checks the
  hour-outs' shape and count, not which nights they fall on);
- a lockdown night of the table with no hour-out and no unmet hour_out entry, when `lockdown`
  is in the schedule's scope, is DIS-01's only where the instance's lockdowns miss it too
  (otherwise it is UNM-01's, verify/completeness.py);
- recreation, a razor or a social visit on a lockdown day of the table is DIS-01's only where
  the instance's lockdowns miss that day (otherwise REC-04, RAZ-05 or DIS-08 report it).

An inmate with an offence the table cannot interpret (a category in neither `lockdown_days`
nor `review_categories`, a loader data error) is not checked here: no violation, no crash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.facility import Discipline
from models.instance import Instance
from models.roster import Offence
from models.schedule import WeekSchedule
from scheduler.verify.completeness import listed_unmet
from scheduler.verify.core import Placed, Violation, placed_activities, placed_of, solved

REVIEW = 0
"""Lockdown days of an offence that goes to administrative review: no automatic lockdown."""


@dataclass
class TableNights:
    """The week's lockdown nights by inmate as the offence table gives them (DIS-01)."""

    nights: dict[str, set[dt.date]] = field(default_factory=dict)
    """Inmate -> dates of the week whose night they are locked down."""
    cause: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    """(inmate, night) -> the offence locking them down, in words."""
    reviewed: dict[str, list[str]] = field(default_factory=dict)
    """Inmate -> offences of theirs that go to administrative review, in words."""
    unreadable: set[str] = field(default_factory=set)
    """Inmates with an offence the table cannot interpret: not checked."""


def table_days(discipline: Discipline, offence: Offence, nth: int) -> int | None:
    """DIS-01: lockdown days of an inmate's nth offence of its category (a 4th or later uses
    the table's last column); REVIEW for several rules at once or a review category; None
    when the category is in neither the table nor the review list."""
    if len(offence.rules) > 1 or offence.category in discipline.review_categories:
        return REVIEW
    column = discipline.lockdown_days.get(offence.category)
    if not column or nth < 1:
        return None
    return column[min(nth, len(column)) - 1]


def _numbered(offences: list[Offence]) -> list[tuple[Offence, int]]:
    """Each offence with how many times its inmate has committed its category up to and
    including it (earlier dates first, then offence ids on one date)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for off in sorted(offences, key=lambda o: (o.date, o.id)):
        key = (off.inmate_id, off.category)
        seen[key] = seen.get(key, 0) + 1
        out.append((off, seen[key]))
    return out


def table_nights(instance: Instance) -> TableNights:
    """DIS-01: each inmate's lockdown nights in the week: a spell of N days from the offence
    date locks down the nights of those N dates."""
    out = TableNights()
    table = instance.facility.discipline
    for off, nth in _numbered(instance.offences):
        days = table_days(table, off, nth)
        what = f"offence {off.id} ({off.category}, {off.date})"
        if days is None:
            out.unreadable.add(off.inmate_id)
        elif days == REVIEW:
            out.reviewed.setdefault(off.inmate_id, []).append(f"{what} goes to administrative review")
        else:
            for night in instance.dates:
                if 0 <= (night - off.date).days < days:
                    out.nights.setdefault(off.inmate_id, set()).add(night)
                    out.cause[(off.inmate_id, night)] = f"{what}: {days} days of lockdown"
    return out


def check_offences(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-01, the offence table derived once: hour-outs on its nights, its nights covered,
    no barred daytime activity on its days."""
    derived = table_nights(instance)
    hour_outs = placed_of(schedule, "hour_out")
    return (
        _hour_out_nights(hour_outs, instance, derived)
        + _table_nights_covered(schedule, hour_outs, instance, derived)
        + _daytime(schedule, instance, derived)
    )


def _hour_out_nights(hour_outs: list[Placed], instance: Instance, derived: TableNights) -> list[Violation]:
    """DIS-01: every hour-out falls on a lockdown night of the offence table (none from an
    offence that goes to administrative review)."""
    out = []
    for a in hour_outs:
        for iid in a.event.inmates:
            night = a.day.date
            if iid not in instance.inmates or iid in derived.unreadable:
                continue  # unknown inmates are HOU-01's; uninterpretable offences are not judged
            if night in derived.nights.get(iid, set()):
                continue
            why = "; ".join(derived.reviewed.get(iid, [])) or "no offence locks them down"
            out.append(
                Violation(
                    rule="DIS-01",
                    date=night,
                    message=f"hour-out {a.event.id}: inmate {iid} is not on lockdown on the night of "
                    f"{night} by the offence table ({why})",
                    events=[a.event.id],
                )
            )
    return out


def _table_nights_covered(
    schedule: WeekSchedule, hour_outs: list[Placed], instance: Instance, derived: TableNights
) -> list[Violation]:
    """DIS-01 (with DIS-03, UNM-01): every lockdown night of the offence table has the inmate's
    hour-out or an unmet hour_out entry; only nights the instance's lockdowns miss (the others
    are UNM-01's)."""
    if not solved(schedule, "lockdown"):
        return []
    had = {(i, a.day.date) for a in hour_outs for i in a.event.inmates}
    return [
        Violation(
            rule="DIS-01",
            date=night,
            message=f"inmate {iid} is on lockdown on the night of {night} by the offence table "
            f"({derived.cause[(iid, night)]}) but has no hour-out and is not listed as unmet",
        )
        for iid, nights in sorted(derived.nights.items())
        if iid in instance.inmates and iid not in derived.unreadable
        for night in sorted(nights)
        if (iid, night) not in had
        and not listed_unmet(schedule, "hour_out", iid, night)
        and not instance.on_lockdown(iid, night)
    ]


def _barred(a: Placed, instance: Instance) -> bool:
    """Whether lockdown bars this activity for its inmates (DIS-08, REC-04, RAZ-05)."""
    if a.kind == "visit":
        return instance.facility.visitation.lockdown_blocks_visitation
    return a.kind in ("recreation", "razor_batch")


def _daytime(schedule: WeekSchedule, instance: Instance, derived: TableNights) -> list[Violation]:
    """DIS-01 (with DIS-08, REC-04, RAZ-05): no recreation, razor or social visit on a lockdown
    day of the offence table; only days the instance's lockdowns miss (the others are those
    rules' checks)."""
    return [
        Violation(
            rule="DIS-01",
            date=a.day.date,
            message=f"{a.kind} {a.event.id}: inmate {iid} is on lockdown on {a.day.date} by the "
            f"offence table ({derived.cause[(iid, a.day.date)]})",
            events=[a.event.id],
        )
        for a in placed_activities(schedule)
        if _barred(a, instance)
        for iid in a.event.inmates
        if iid not in derived.unreadable
        and a.day.date in derived.nights.get(iid, set())
        and not instance.on_lockdown(iid, a.day.date)
    ]


CHECKS = [check_offences]
