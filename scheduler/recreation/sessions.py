"""A day's recreation sessions and where they may start (REC-01, REC-02, REC-05)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.instance import Instance
from scheduler.engine.routine import clear_starts


@dataclass(frozen=True)
class Limit:
    """At most `cap` sessions of a date start at one of `starts` (CAL-01 closed areas, or
    STF-01 officers: sessions in progress together need an officer each); with `barred`,
    only the sessions barred to (at least) those officers count (STF-03)."""

    day: dt.date
    starts: frozenset[int]
    cap: int
    rule: str
    barred: frozenset[str] = frozenset()

    def counts(self, s: Session) -> bool:
        """Whether the session counts against this limit."""
        return s.date == self.day and self.barred <= s.barred


Limits = list[Limit]

GRID = 15
"""Session starts lie on a 15-minute grid from the start of recreation hours."""


@dataclass(frozen=True)
class Session:
    """One group's session on one day; `group` is the (pod, label) that rotates."""

    date: dt.date
    pod: str
    label: int
    inmates: tuple[str, ...]
    barred: frozenset[str] = frozenset()
    """Officers with a declared relationship with a member (STF-03): they may not take it."""

    @property
    def group(self) -> tuple[str, int]:
        """The group's identity across the week."""
        return (self.pod, self.label)


def grid_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Starts inside recreation hours whose session meets no count, meal, med pass or busy span."""
    rec = instance.facility.recreation
    starts = range(rec.start, rec.end - rec.session_minutes + 1, GRID)
    return clear_starts(instance, starts, rec.session_minutes, busy)


def daylight(instance: Instance, start: int) -> bool:
    """Whether a session starting then lies inside daylight hours (REC-05)."""
    return instance.facility.recreation.daylight(start)


def holders(instance: Instance, size: int) -> list[str]:
    """The areas that hold a group of `size` (REC-03), in the facility's order."""
    return [a.id for a in instance.facility.recreation.areas if a.capacity >= size]


def area_bound(instance: Instance, sessions: list[Session]) -> bool:
    """Whether some session is too large for some area (REC-03): then the rotation places
    every session in an area that holds it (an area index in the model); otherwise every
    area holds every session, and areas are assigned afterwards by interval colouring."""
    smallest = min(a.capacity for a in instance.facility.recreation.areas)
    return any(len(s.inmates) > smallest for s in sessions)


def area_free(instance: Instance, area: str, day: dt.date, start: int) -> bool:
    """Whether an area is open (CAL-01) for a whole session starting then."""
    end = start + instance.facility.recreation.session_minutes
    return all(
        end <= c.span[0] or c.span[1] <= start for c in instance.facility.closed("recreation_area", day, area)
    )
