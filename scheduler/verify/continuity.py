"""CON-01 across the week boundary, from this week's schedule and the previous week's (its
`carry` section) alone: no recreation group's first start of the week is the start its
group had on the previous week's last recreation day. Groups are matched as the rule's
catalogue says: the previous group of the same pod sharing the most members (ties: the
same number, then the lower); a group sharing none is new and free."""

from __future__ import annotations

import datetime as dt

from models.instance import Instance
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


def check_carry(week: WeekSchedule, instance: Instance) -> list[Violation]:
    """CON-02: the carry section says what the week holds: each recreation group's members,
    last day and start, and this week's daylight and late counts (its last entries)."""
    if week.carry is None:
        return []
    sessions: dict[tuple[str, int], list[tuple[dt.date, int, list[str]]]] = {}
    for day in week.days:
        for e in day.events:
            if getattr(e, "kind", "") == "recreation":
                sessions.setdefault((e.pod, e.group), []).append((day.date, e.start, list(e.inmates)))  # type: ignore[attr-defined]
    rec = instance.facility.recreation
    carried = {(g.pod, g.group): g for g in week.carry.recreation}
    out = []
    for key in sorted(set(sessions) | set(carried)):
        items, g = sessions.get(key, []), carried.get(key)
        if g is None or not items:
            out.append(
                Violation(
                    rule="CON-02", message=f"group {key[0]}{key[1]}: in the week or the carry, not both"
                )
            )
            continue
        last = max(items)
        light = sum(rec.daylight(t) for _, t, _ in items)
        seen = {
            "members": sorted({i for *_, ids in items for i in ids}),
            "last_date": last[0],
            "last_start": last[1],
            "daylight": [light],
            "late": [len(items) - light],
        }
        said = {"members": g.members, "last_date": g.last_date, "last_start": g.last_start}
        said |= {"daylight": g.daylight[-1:], "late": g.late[-1:]}
        wrong = [k for k in seen if seen[k] != said[k]]
        if wrong:
            k = wrong[0]
            out.append(
                Violation(
                    rule="CON-02",
                    message=f"carry of group {key[0]}{key[1]}: {k} {_shown(said[k])}, "
                    f"the week's {_shown(seen[k])}",
                )
            )
    return out


def _shown(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, list) and len(value) > 3:
        return f"{len(value)} members"
    return str(value)


def check_carried(week: WeekSchedule, instance: Instance) -> list[Violation]:
    """CON-03: a request the instance carried from last week and still waiting is marked
    carried in the waitlist, and no other is."""
    carried = set(instance.carried)
    return [
        Violation(
            rule="CON-03",
            message=f"waitlisted {u.request_id} is marked carried={u.carried}, not {not u.carried}",
        )
        for u in week.waitlist
        if u.carried != (u.request_id in carried)
    ]


CHECKS = [check_carry, check_carried]
