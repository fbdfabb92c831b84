"""The one shape every sub-problem returns, so the week is assembled by one loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models.schedule import EventBase, Exclusion, Notice, SolverRun, Unmet, Unserved


@dataclass
class SubResult:
    """What one sub-problem adds to the week.

    `tables` holds week-level tables that only one sub-problem fills (the visit grids and
    window reports, the recreation rotation), keyed by the `WeekSchedule` field name.
    """

    events: dict[dt.date, list[EventBase]] = field(default_factory=dict)
    waitlist: list[Unserved] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    unmet: list[Unmet] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    kpis: dict[str, float] = field(default_factory=dict)
    runs: list[SolverRun] = field(default_factory=list)
    tables: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, day: dt.date, events: list[Any]) -> None:
        """Append events of a date."""
        self.events.setdefault(day, []).extend(events)

    def add_posts(self, dated: list[tuple[dt.date, Any]]) -> None:
        """Append (date, event) pairs."""
        for day, event in dated:
            self.add(day, [event])


def status_of(runs: list[SolverRun]) -> str:
    """One status for a sub-problem's solves: OPTIMAL when every level was proven, else the
    first other status and how many runs have it (a progress line, a summary)."""
    if not runs:
        return "no solve needed"
    other = [r for r in runs if r.status != "OPTIMAL"]
    if not other:
        return "OPTIMAL"
    return f"{other[0].status} ({len(other)} of {len(runs)} solves not proven optimal)"
