"""The generated officers: a roster per shift sized for the week's sessions, and their declared
relationships with inmates and visitors (STF-03)."""

from __future__ import annotations

import random

from models.common import WEEKDAYS
from scheduler.generate.facility import Sizing
from scheduler.generate.files import Row
from scheduler.generate.people import ALL_FIRST, LAST_NAMES

STAFF_KINDS = ("relative", "friend", "associate", "prior_relationship", "adversary")
SHIFTS = ("07:00-15:00", "08:00-16:00", "15:00-23:00", "23:00-07:00")
"""Day, mid (the 08:00-16:00 laundry shift and the 13:00-16:00 windows), evening, night."""


def staff_rows(rng: random.Random, sizing: Sizing) -> list[Row]:
    """Officers on rotating 5-of-7 rosters covering each shift's daily need, plus one
    supervisor a shift."""
    rows: list[Row] = []
    needs = (sizing.day_officers, sizing.mid_officers, sizing.day_officers, sizing.night_officers)
    for shift, need in zip(SHIFTS, needs, strict=True):
        count = _roster_size(need)
        for k in range(count + 1):
            off = {k % 7, (k + 1) % 7}
            row = {
                "id": f"O{len(rows) + 1:04d}",
                "first_name": rng.choice(ALL_FIRST),
                "last_name": rng.choice(LAST_NAMES),
                "role": "supervisor" if k == count else "officer",
                "employer": "justice_services",
            }
            rows.append(row | {d: "" if i in off else shift for i, d in enumerate(WEEKDAYS)})
    return rows


def _roster_size(need: int) -> int:
    """Fewest officers k = 0.. (off on days k and k+1 mod 7) leaving `need` on every day."""
    count = need
    while min(count - sum(1 for k in range(count) if d in (k % 7, (k + 1) % 7)) for d in range(7)) < need:
        count += 1
    return count


def staff_relationship_rows(rng: random.Random, rows: dict[str, list[Row]]) -> list[Row]:
    """A few declared officer relationships, ~80% with inmates, the rest with visitors."""
    officers = [o["id"] for o in rows["staff.csv"]]
    people = [p["id"] for p in rows["inmates.csv"]]
    visitors = [v["id"] for v in rows["visitors.csv"]]
    found: dict[tuple[str, str, str], str] = {}
    for _ in range(max(2, round(len(officers) * 0.05))):
        officer = rng.choice(officers)
        if visitors and rng.random() < 0.2:
            kind = "relative" if rng.random() < 0.7 else rng.choice(STAFF_KINDS)
            found.setdefault((officer, "", rng.choice(visitors)), kind)
        else:
            found.setdefault((officer, rng.choice(people), ""), rng.choice(STAFF_KINDS))
    return [
        {"officer_id": o, "inmate_id": i, "visitor_id": v, "kind": kind}
        for (o, i, v), kind in sorted(found.items())
    ]
