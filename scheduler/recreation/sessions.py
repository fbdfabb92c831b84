"""A day's recreation sessions and where they may start (REC-01, REC-02, REC-05)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.instance import Instance

GRID = 15
"""Session starts lie on a 15-minute grid from the start of recreation hours."""


@dataclass(frozen=True)
class Session:
    """One group's session on one day; `group` is the (pod, label) that rotates."""

    date: dt.date
    pod: str
    label: int
    inmates: tuple[str, ...]

    @property
    def group(self) -> tuple[str, int]:
        """The group's identity across the week."""
        return (self.pod, self.label)


def grid_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Starts inside recreation hours whose session meets no count, meal, med pass or busy span."""
    r, rec = instance.facility.routine, instance.facility.recreation
    blocked = [(t, t + r.count_minutes) for t in r.counts]
    blocked += [(t, t + r.meal_minutes) for t in r.meals]
    blocked += [(t, t + r.med_pass_minutes) for t in r.med_passes]
    blocked += busy
    starts = range(rec.start, rec.end - rec.session_minutes + 1, GRID)
    return [t for t in starts if all(t + rec.session_minutes <= a or b <= t for a, b in blocked)]


def daylight(instance: Instance, start: int) -> bool:
    """Whether a session starting then lies inside daylight hours (REC-05)."""
    rec = instance.facility.recreation
    return rec.daylight_start <= start and start + rec.session_minutes <= rec.daylight_end
