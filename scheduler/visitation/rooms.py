"""Which booths and legal rooms are closed when (CAL-01): a closure of c rooms closes the
highest-numbered c, so a visit's published booth tells whether the closure displaces it."""

from __future__ import annotations

import itertools

from models.instance import Instance
from scheduler.visitation.options import closures_at

Shut = tuple[int, int, int, str]
"""A closure of rooms: absolute start and end, how many rooms, and why (CAL-01)."""
Blocked = list[list[tuple[int, int, str]]]
"""Per room (room 1 first), the closed spans with their reasons."""


def closed_rooms(rooms: int, closed: list[Shut]) -> Blocked:
    """The rooms closed at each moment (CAL-01): while closures of counts c1, c2... are in
    force, the highest-numbered c1 + c2 + ... rooms, whatever closed them first; between two
    moments a closure starts or ends the set does not change."""
    blocked: Blocked = [[] for _ in range(rooms)]
    moments = sorted({t for a, b, _, _ in closed for t in (a, b)})
    for a, b in itertools.pairwise(moments):
        active = [(count, reason) for x, y, count, reason in closed if x <= a and b <= y]
        shut = min(rooms, sum(count for count, _ in active))
        reason = "; ".join(dict.fromkeys(reason for _, reason in sorted(active, key=lambda c: c[1])))
        for r in range(rooms - shut, rooms):
            blocked[r].append((a, b, reason))
    return blocked


def booths_blocked(instance: Instance) -> Blocked:
    """The booths' closed spans over the week (the room closed closes every booth)."""
    n = instance.facility.visitation.booths
    return closed_rooms(n, _closed(instance, ("visitation_room", "booths"), n))


def legal_rooms_blocked(instance: Instance) -> Blocked:
    """The legal rooms' closed spans over the week."""
    n = instance.facility.visitation.legal_rooms
    return closed_rooms(n, _closed(instance, ("legal_room",), n))


def _closed(instance: Instance, resources: tuple[str, ...], rooms: int) -> list[Shut]:
    """Closures as (absolute start, end, rooms closed, reason)."""
    out = []
    for c in closures_at(instance, resources, 0, 8 * 1440):
        t = (c.date - instance.monday).days * 1440
        count = rooms if c.resource == "visitation_room" else c.count
        out.append((t + c.span[0], t + c.span[1], count, c.reason))
    return out
