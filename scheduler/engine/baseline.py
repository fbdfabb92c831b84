"""The published week a repair keeps (REP-01..05): what started before `now` is fixed, a
visit inside the notice horizon keeps its time, a pinned booking never moves, and every
other published booking is a change when it moves (counted in the objective, REP-03)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from models.schedule import EventBase, VisitEvent, WeekSchedule

NOTICE_HOURS = 24
"""REP-02's default notice horizon."""
DAY_WEIGHT = 3
"""REP-03 (2): a visit moved to another day weighs this many visits moved within their day."""


@dataclass(frozen=True)
class Baseline:
    """The published week, the moment of the repair (absolute minutes from the week's
    Monday 00:00), the notice horizon in minutes, and the pinned bookings with their reasons."""

    published: WeekSchedule
    now: int
    notice: int = NOTICE_HOURS * 60
    pins: dict[str, str] = field(default_factory=dict)
    touched: frozenset[str] | None = None
    """The inmates the events name (None: any may be touched): only their places in the
    sessions kept as published need checking again."""
    _read: dict[tuple[str, ...], list[tuple[dt.date, EventBase]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def at(self, day: dt.date, minute: int) -> int:
        """The absolute minute of a date's minute."""
        return (day.toordinal() - self._monday) * 1440 + minute

    @cached_property
    def _monday(self) -> int:
        return self.published.monday.toordinal()

    def started(self, day: dt.date, start: int) -> bool:
        """Whether something starting then had started before `now` (REP-01: fixed)."""
        return self.at(day, start) < self.now

    def near(self, day: dt.date, start: int) -> bool:
        """Whether a visit starting then is inside the notice horizon (REP-02: its time stays)."""
        return self.at(day, start) < self.now + self.notice

    def events(self, *kinds: str) -> list[tuple[dt.date, EventBase]]:
        """The published events of these kinds, with their dates, in the week's order (read
        once per set of kinds: every sub-problem asks)."""
        if kinds not in self._read:
            wanted = set(kinds)
            self._read[kinds] = [
                (d.date, e) for d in self.published.days for e in d.events if getattr(e, "kind", "") in wanted
            ]
        return list(self._read[kinds])

    @cached_property
    def visits(self) -> dict[str, tuple[dt.date, VisitEvent]]:
        """The published visits by request id."""
        kinds = ("visit", "clergy_visit", "legal_visit")
        return {e.request_id: (day, e) for day, e in self.events(*kinds)}  # type: ignore[attr-defined]
