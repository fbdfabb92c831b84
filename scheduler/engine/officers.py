"""Who may supervise what (STF-02, STF-03): officers on duty, and declared relationships."""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left
from functools import cache

from models.common import weekday_of
from models.instance import Instance


def shift_spans(instance: Instance, officer_id: str) -> list[tuple[int, int]]:
    """An officer's shifts of the week (and of the night before it) in minutes from the
    week's Monday 00:00; an overnight shift runs past its date's 24:00."""
    return _spans(instance.monday, instance.officers[officer_id])


@cache
def _spans(monday: dt.date, officer: object) -> list[tuple[int, int]]:
    spans = []
    for k in range(-1, 8):
        shift = officer.shift(weekday_of(monday + dt.timedelta(days=k)))  # type: ignore[attr-defined]
        if shift is not None:
            spans.append((k * 1440 + shift[0], k * 1440 + shift[1]))
    return spans


def covering_shift(instance: Instance, officer_id: str, start: int, end: int) -> tuple[int, int] | None:
    """The officer's shift that covers the absolute span [start, end), if any (STF-02)."""
    return next((s for s in shift_spans(instance, officer_id) if s[0] <= start and end <= s[1]), None)


def on_duty(instance: Instance, day: dt.date, start: int, end: int) -> list[str]:
    """Officers one of whose shifts covers [start, end) minutes of a date (past 1440 after
    midnight): that date's shift, the night shift of the day before, or the next day's."""
    t = (day - instance.monday).days * 1440
    return [o for o in sorted(instance.officers) if covering_shift(instance, o, t + start, t + end)]


def barred(instance: Instance) -> set[tuple[str, str]]:
    """(officer, inmate) pairs an officer may not supervise (STF-03)."""
    return {
        (r.officer_id, r.inmate_id)
        for r in instance.staff_relationships
        if r.inmate_id is not None and r.kind != "contact"
    }


def barred_by(instance: Instance) -> dict[str, set[str]]:
    """Each inmate's officers who may not supervise them (STF-03)."""
    out: dict[str, set[str]] = {}
    for oid, iid in barred(instance):
        out.setdefault(iid, set()).add(oid)
    return out


def barred_visitors(instance: Instance) -> set[tuple[str, str]]:
    """(officer, visitor) pairs: a visit by the officer's relative (STF-03)."""
    return {
        (r.officer_id, r.visitor_id)
        for r in instance.staff_relationships
        if r.visitor_id is not None and r.kind == "relative"
    }


def hall_set(inmates: list[str], officers: list[str], barred: set[tuple[str, str]]) -> list[str]:
    """Inmates whose eligible officers are fewer than they are (Hall's theorem), or [] when
    every inmate can get a different officer (Kuhn's augmenting paths, deterministic)."""
    owner: dict[str, str] = {}

    def augment(i: str, seen: set[str]) -> bool:
        for o in officers:
            if (o, i) not in barred and o not in seen:
                seen.add(o)
                if o not in owner or augment(owner[o], seen):
                    owner[o] = i
                    return True
        return False

    for i in inmates:
        seen: set[str] = set()
        if not augment(i, seen):
            return sorted({i} | {owner[o] for o in seen})
    return []


class Spans:
    """Spans of time, asked whether any overlaps a given one (by bisection on the starts,
    with the latest end among the spans starting before each)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.ends = list(itertools.accumulate((b for _, b in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span meets [start, end)."""
        k = bisect_left(self.starts, end)
        return k > 0 and self.ends[k - 1] > start
