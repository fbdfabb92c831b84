"""What every verifier check shares: violations, absolute times, the week's fixed blocks.

The verifier reads only the schedule and the instance; it never imports solver code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel

from models.common import weekday_of
from models.instance import Instance
from models.schedule import DaySchedule, EventBase, WeekSchedule

ROUTINE_KINDS = frozenset(
    {"count", "meal", "med_pass", "mail", "phones", "supply_cart", "indigent_package", "commissary"}
)
"""Fixed routine events: they are the rules' reference points, not activities of inmates."""
INPUT_KINDS = frozenset({"appointment"})
"""Events copied from the instance (APT-01): busy time, not activities the scheduler placed."""


class Violation(BaseModel):
    """A broken hard rule, with the events involved."""

    rule: str
    date: dt.date | None = None
    message: str
    events: list[str] = []

    def line(self) -> str:
        """The one-line form printed by `jailsched verify`."""
        day = f"{self.date} " if self.date else ""
        refs = f" [events: {', '.join(self.events)}]" if self.events else ""
        return f"{self.rule} {day}{self.message}{refs}"


@dataclass(frozen=True)
class Placed:
    """An activity event with its day and absolute minutes from the week's Monday 00:00."""

    day: DaySchedule
    event: EventBase
    start: int
    end: int

    @property
    def kind(self) -> str:
        """The event's kind."""
        return getattr(self.event, "kind", "")


def placed_activities(schedule: WeekSchedule) -> list[Placed]:
    """Every non-routine event in absolute week minutes, in time order."""
    out = []
    for day, event in schedule.events():
        if getattr(event, "kind", "") in ROUTINE_KINDS:
            continue
        base = (day.date - schedule.monday).days * 1440
        out.append(Placed(day, event, base + event.start, base + event.end))
    return sorted(out, key=lambda p: (p.start, p.end, p.event.id))


def placed_of(schedule: WeekSchedule, kind: str) -> list[Placed]:
    """The placed activities of one kind, in time order."""
    return [a for a in placed_activities(schedule) if a.kind == kind]


def solved(schedule: WeekSchedule, subproblem: str) -> bool:
    """Whether the schedule claims to have solved a sub-problem (`WeekSchedule.scope`)."""
    return subproblem in schedule.scope


def absolute(schedule: WeekSchedule, day: dt.date, minutes: int) -> int:
    """Minutes on a date (possibly past 24:00) as minutes from the week's Monday 00:00."""
    return (day - schedule.monday).days * 1440 + minutes


def inside(moment: int, start: int, end: int) -> bool:
    """Whether a moment falls inside the block [start, end)."""
    return start <= moment < end


def daily_blocks(instance: Instance, times: list[int], minutes: int) -> list[tuple[int, int, dt.date]]:
    """Fixed daily blocks (counts, meals, med passes) as absolute spans, Monday to the next Monday."""
    out = []
    for i in range(8):
        day = instance.monday + dt.timedelta(days=i)
        out += [(i * 1440 + t, i * 1440 + t + minutes, day) for t in times]
    return out


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open spans share a minute."""
    return a_start < b_end and b_start < a_end


def overlapping_pairs(items: list[Placed]) -> list[tuple[Placed, Placed]]:
    """Pairs of items whose spans overlap, by a sweep over start times."""
    pairs = []
    active: list[Placed] = []
    for item in sorted(items, key=lambda p: (p.start, p.end, p.event.id)):
        active = [a for a in active if a.end > item.start]
        pairs += [(a, item) for a in active]
        active.append(item)
    return pairs


def clashes(rule: str, groups: dict[str, list[Placed]], what: str) -> list[Violation]:
    """One violation per overlapping pair inside each group (a pod, an area, an officer)."""
    return [
        Violation(
            rule=rule,
            date=x.day.date,
            message=f"{what} {key}: {x.event.id} and {y.event.id} overlap",
            events=[x.event.id, y.event.id],
        )
        for key, group in sorted(groups.items())
        for x, y in overlapping_pairs(group)
    ]


def events_by_id(schedule: WeekSchedule) -> dict[str, Placed]:
    """Every non-routine event by id (the first one when an id is repeated)."""
    out: dict[str, Placed] = {}
    for p in placed_activities(schedule):
        out.setdefault(p.event.id, p)
    return out


def on_shift(instance: Instance, officer_id: str, day: dt.date, start: int, end: int) -> bool:
    """Whether one shift of the officer covers [start, end) on the date: the shift of that
    weekday, the previous day's (overnight) shift moved back a day, or the next day's moved on."""
    officer = instance.officers.get(officer_id)
    if officer is None:
        return False
    for offset in (0, -1, 1):
        shift = officer.shift(weekday_of(day + dt.timedelta(days=offset)))
        if shift is not None and shift[0] + offset * 1440 <= start and end <= shift[1] + offset * 1440:
            return True
    return False


def barred_people(instance: Instance) -> set[tuple[str, str]]:
    """(officer, inmate or visitor) pairs an officer may not supervise (STF-03): a declared
    relationship with an inmate (other than a reported contact), a relative among visitors."""
    out = set()
    for r in instance.staff_relationships:
        if r.inmate_id is not None and r.kind != "contact":
            out.add((r.officer_id, r.inmate_id))
        if r.visitor_id is not None and r.kind == "relative":
            out.add((r.officer_id, r.visitor_id))
    return out
