"""CON-01 across the week boundary, from this week's schedule and the previous week's (its
`carry` section) alone: no recreation group's first start of the week is the start its
group had on the previous week's last recreation day. Groups are matched as the rule's
catalogue says: the previous group of the same pod sharing the most members (ties: the
same number, then the lower); a group sharing none is new and free."""

from __future__ import annotations

import datetime as dt

from models.schedule import CarriedGroup, WeekSchedule
from scheduler.verify.core import Violation


def check_boundary(week: WeekSchedule, previous: WeekSchedule) -> list[Violation]:
    """CON-01: each group's first start against its previous group's last start."""
    if previous.carry is None:
        return [Violation(rule="CON-02", message="the previous week's schedule has no carry section")]
    first: dict[tuple[str, int], tuple[dt.date, int, str]] = {}
    members: dict[tuple[str, int], set[str]] = {}
    for day in week.days:
        for e in day.events:
            if getattr(e, "kind", "") == "recreation":
                key = (e.pod, e.group)  # type: ignore[attr-defined]
                members.setdefault(key, set()).update(e.inmates)
                if key not in first or day.date < first[key][0]:
                    first[key] = (day.date, e.start, e.id)
    out = []
    for key, (date, start, eid) in sorted(first.items()):
        before = _matched(key, members[key], previous.carry.recreation)
        if before is not None and before.last_start == start:
            out.append(
                Violation(
                    rule="CON-01",
                    date=date,
                    message=f"group {key[0]}{key[1]} starts the week at {start // 60:02d}:{start % 60:02d}, "
                    f"the start its group had on {before.last_date} "
                    f"(last week's group {before.pod}{before.group})",
                    events=[eid],
                )
            )
    return out


def _matched(key: tuple[str, int], members: set[str], groups: list[CarriedGroup]) -> CarriedGroup | None:
    best = None
    for g in groups:
        shared = len(members & set(g.members)) if g.pod == key[0] else 0
        rank = (shared, g.group == key[1], -g.group)
        if shared and (best is None or rank > best[0]):
            best = (rank, g)
    return best[1] if best else None


def fairness(week: WeekSchedule) -> dict[str, float]:
    """CON-01's fairness over the window, as figures: the largest and smallest share of
    daylight sessions of a group over the weeks its carry counts."""
    if week.carry is None or not week.carry.recreation:
        return {}
    shares = [sum(g.daylight) / max(1, sum(g.daylight) + sum(g.late)) for g in week.carry.recreation]
    return {
        "daylight share over the window, largest": round(max(shares), 3),
        "daylight share over the window, smallest": round(min(shares), 3),
    }
