"""Who may supervise what (STF-02, STF-03): officers on duty, and declared relationships."""

from __future__ import annotations

import datetime as dt

from models.common import weekday_of
from models.instance import Instance


def on_duty(instance: Instance, day: dt.date, start: int, end: int) -> list[str]:
    """Officers whose shift of that day (or the next, after midnight) covers [start, end)."""
    out = []
    for oid, officer in sorted(instance.officers.items()):
        spans = []
        for offset, date in ((0, day), (1440, day + dt.timedelta(days=1))):
            shift = officer.shift(weekday_of(date))
            if shift is not None:
                spans.append((shift[0] + offset, shift[1] + offset))
        if any(a <= start and end <= b for a, b in spans):
            out.append(oid)
    return out


def barred(instance: Instance) -> set[tuple[str, str]]:
    """(officer, inmate) pairs an officer may not supervise (STF-03)."""
    return {
        (r.officer_id, r.inmate_id)
        for r in instance.staff_relationships
        if r.inmate_id is not None and r.kind != "contact"
    }
