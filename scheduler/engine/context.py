"""What a sub-problem sees of the week solved before it: each inmate's busy time (DAY-07,
APT-01) and the officers still free at each minute (STF-01, STF-02).

Times are absolute minutes from the week's Monday 00:00; a date's own minutes (past 1440
for its night) convert with `base`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from models.instance import Instance
from models.schedule import SUPERVISED, Carry, EventBase, WeekSchedule
from scheduler.engine.baseline import Baseline
from scheduler.engine.officers import Spans, shift_spans
from scheduler.engine.solving import SolveSettings

HORIZON = 9 * 1440
"""Minutes covered: the Sunday before the week (its night shift) to the Monday after."""
OFFSET = 1440
"""Index of the week's Monday 00:00 in the minute arrays."""


def base(instance: Instance, day: dt.date) -> int:
    """Absolute minute of a date's 00:00."""
    return (day - instance.monday).days * 1440


@dataclass
class Context:
    """The instance, the settings, and the busy time the earlier sub-problems left."""

    instance: Instance
    settings: SolveSettings
    busy: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    free: np.ndarray = field(default_factory=lambda: np.zeros(HORIZON, dtype=np.int32))
    recreation: dict[tuple[str, dt.date], list[tuple[int, int]]] = field(default_factory=dict)
    """Each pod's recreation sessions of a date, in the date's minutes (RAZ-06)."""
    duty: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Each officer's sessions so far (the provisional matching), in absolute minutes."""
    week: WeekSchedule | None = None
    """The week so far, whose supervised sessions the officer matcher staffs (staffing)."""
    baseline: Baseline | None = None
    """The published week a repair keeps (REP-01..05); None for a fresh week."""
    previous: Carry | None = None
    """What the previous week's schedule carries (CON-01, CON-02); None for a week on its own."""

    @classmethod
    def of(
        cls,
        instance: Instance,
        settings: SolveSettings,
        week: WeekSchedule | None = None,
        baseline: Baseline | None = None,
    ) -> Context:
        """Busy time from the instance's appointments and the week's events so far."""
        busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for a in instance.appointments:
            t = base(instance, a.date)
            busy[a.inmate_id].append((t + a.start, t + a.end))
        on = np.zeros(HORIZON + 1, dtype=np.int32)
        for oid in instance.officers:
            for a, b in shift_spans(instance, oid):
                on[max(0, a + OFFSET)] += 1
                on[min(HORIZON, b + OFFSET)] -= 1
        busy_of = {k: sorted(v) for k, v in busy.items()}
        ctx = cls(instance, settings, busy_of, np.cumsum(on)[:HORIZON], week=week, baseline=baseline)
        return ctx.then([(day.date, event) for day, event in week.events()] if week else [])

    def then(self, dated: list[tuple[dt.date, EventBase]]) -> Context:
        """This context and the events given (a sub-problem's, its officers matched): what
        the next sub-problem sees, without reading the whole week again."""
        busy = dict(self.busy)
        recreation = {k: list(v) for k, v in self.recreation.items()}
        duty = {k: list(v) for k, v in self.duty.items()}
        free = self.free.copy()
        changed: set[str] = set()
        for date, event in dated:
            kind = getattr(event, "kind", "")
            if kind == "appointment":
                continue  # already busy time, from the instance's appointments
            if kind == "recreation":
                recreation.setdefault((event.pod, date), []).append((event.start, event.end))  # type: ignore[attr-defined]
            t = base(self.instance, date)
            for iid in event.inmates:
                if iid not in changed:
                    busy[iid] = list(busy.get(iid, []))
                    changed.add(iid)
                busy[iid].append((t + event.start, t + event.end))
            if kind in SUPERVISED:
                free[t + event.start + OFFSET : t + event.end + OFFSET] -= 1
                if event.officer:
                    duty.setdefault(event.officer, []).append((t + event.start, t + event.end))
        for iid in changed:
            busy[iid].sort()
        return Context(
            self.instance,
            self.settings,
            busy,
            free,
            recreation,
            duty,
            self.week,
            self.baseline,
            self.previous,
        )

    def busy_with(self, dated: list[tuple[dt.date, EventBase]]) -> Context:
        """This context with the inmates of these events busy then, and nothing else taken: a
        repair's visits keep clear of the published sessions it keeps (REP-03)."""
        busy = {k: list(v) for k, v in self.busy.items()}
        for date, event in dated:
            t = base(self.instance, date)
            for iid in event.inmates:
                busy.setdefault(iid, []).append((t + event.start, t + event.end))
        busy = {k: sorted(v) for k, v in busy.items()}
        return Context(
            self.instance,
            self.settings,
            busy,
            self.free,
            self.recreation,
            self.duty,
            self.week,
            self.baseline,
            self.previous,
        )

    def spans(self, inmate_id: str, day: dt.date) -> list[tuple[int, int]]:
        """The inmate's busy spans near a date, in that date's minutes (may be negative or
        past 1440)."""
        t = base(self.instance, day)
        return [(a - t, b - t) for a, b in self.busy.get(inmate_id, []) if a < t + 2880 and b > t - 1440]

    def officers_free(self, day: dt.date, start: int, end: int) -> int:
        """The fewest officers on duty and not yet taken at any minute of [start, end) of a date."""
        t = base(self.instance, day) + OFFSET
        window = self.free[max(0, t + start) : max(0, t + end)]
        return int(window.min()) if len(window) else 0

    def free_officers(self, day: dt.date, start: int, end: int) -> list[str]:
        """Officers whose shift covers [start, end) of a date and who supervise nothing else
        then (STF-02), given the sessions matched so far."""
        t = base(self.instance, day)
        a, b = t + start, t + end
        on = sorted({o for (x, y), oids in self._shifts.items() if x <= a and b <= y for o in oids})
        return [oid for oid in on if oid not in self._duty or not self._duty[oid].overlaps(a, b)]

    @cached_property
    def _shifts(self) -> dict[tuple[int, int], list[str]]:
        """The officers on each shift span."""
        out: dict[tuple[int, int], list[str]] = defaultdict(list)
        for oid in self.instance.officers:
            for span in shift_spans(self.instance, oid):
                out[span].append(oid)
        return out

    @cached_property
    def _duty(self) -> dict[str, Spans]:
        """Each officer's sessions so far."""
        return {oid: Spans(spans) for oid, spans in self.duty.items()}
