"""The visiting-room post of each window (STF-01, STF-03): held by one officer at a time, it
may pass to the next officer at a shift change. A window is cut at every shift start or
end inside it into stretches; each stretch needs one officer on shift for all of it, free
of other sessions, and eligible for every visit overlapping it.

`stretches_of` lists them; `Eligibility` answers who may hold a stretch for which
request; `chain` cuts a window's placed visits into the fewest posts (the handovers).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from models.instance import Instance
from scheduler.engine.context import Context
from scheduler.engine.officers import barred, barred_visitors, shift_spans


@dataclass(frozen=True)
class Stretch:
    """A piece of a window on a date between shift changes, in absolute minutes, with the
    officers on shift for all of it and free of other sessions, in id order."""

    date: dt.date
    window: int
    start: int
    end: int
    officers: tuple[str, ...]

    def meets(self, start: int, end: int) -> bool:
        """Whether the span [start, end) overlaps the stretch."""
        return start < self.end and self.start < end


def stretches_of(ctx: Context) -> dict[tuple[dt.date, int], list[Stretch]]:
    """Each window's stretches on its date of the week, in time order."""
    instance = ctx.instance
    cuts = sorted({m for o in instance.officers for span in shift_spans(instance, o) for m in span})
    out: dict[tuple[dt.date, int], list[Stretch]] = {}
    for index, w in enumerate(instance.facility.visitation.windows):
        for day in instance.dates:
            if instance.weekday(day) != w.day:
                continue
            t = (day - instance.monday).days * 1440
            points = [t + w.start] + [c for c in cuts if t + w.start < c < t + w.end] + [t + w.end]
            out[(day, index)] = [
                Stretch(day, index, a, b, tuple(ctx.free_officers(day, a - t, b - t)))
                for a, b in itertools.pairwise(points)
            ]
    return out


class Eligibility:
    """Which officers may supervise which request's visit (STF-03: no declared relationship
    with the inmate, no relative among the visitors)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.by_person: dict[str, set[str]] = defaultdict(set)
        for oid, iid in barred(instance):
            self.by_person[f"inmate {iid}"].add(oid)
        for oid, vid in barred_visitors(instance):
            self.by_person[f"visitor {vid}"].add(oid)
        self._barred: dict[str, frozenset[str]] = {}

    def barred(self, rid: str) -> frozenset[str]:
        """The officers who may not supervise the request's visit."""
        if rid not in self._barred:
            req = self.instance.requests[rid]
            people = [f"inmate {req.inmate_id}"] + [f"visitor {v}" for v in req.visitor_ids]
            self._barred[rid] = frozenset().union(*(self.by_person.get(p, set()) for p in people))
        return self._barred[rid]

    def may(self, officer: str, rid: str) -> bool:
        """Whether the officer may supervise the request's visit."""
        return officer not in self.barred(rid)

    def officers(self, stretch: Stretch, rid: str) -> list[str]:
        """The stretch's officers who may supervise the request."""
        no = self.barred(rid)
        return [o for o in stretch.officers if o not in no] if no else list(stretch.officers)

    def ties(self, officer: str, rid: str) -> list[str]:
        """The officer's declared relationships with the request's people, in words."""
        req = self.instance.requests[rid]
        out = []
        for r in self.instance.staff_relationships:
            if r.officer_id != officer or r.kind == "contact":
                continue
            if r.inmate_id == req.inmate_id:
                out.append(f"{r.kind.replace('_', ' ')} of inmate {req.inmate_id}")
            elif r.kind == "relative" and r.visitor_id in req.visitor_ids:
                out.append(f"relative of visitor {r.visitor_id}")
        return out


def chain(
    stretches: list[Stretch], visits: list[tuple[str, int, int]], rules: Eligibility, merge: bool = True
) -> list[tuple[int, int, list[str]]]:
    """A window's posts for its placed visits (request, absolute start, end): consecutive
    stretches with visits, joined while one officer on shift for all of them may supervise
    every visit overlapping them (the fewest handovers, by dynamic programming over the
    stretches); each post with its span and the visits overlapping it. A window with no
    shift change inside is one post spanning the whole window, as before handovers. Without
    `merge` (a window overlapping another window with visits, whose posts compete for the
    same officers), every stretch is a post of its own: the visitation model proved those
    staffable together, and a merged post might take the officer another window needs."""
    needed = [s for s in stretches if any(s.meets(a, b) for _, a, b in visits)]
    if not needed:
        return []
    if len(stretches) == 1:
        s = stretches[0]
        return [(s.start, s.end, [r for r, _, _ in visits])]
    if not merge:
        return [(s.start, s.end, [r for r, a, b in visits if s.meets(a, b)]) for s in needed]
    n = len(needed)
    best: list[tuple[int, int]] = [(0, 0)] + [(10**9, 0)] * n  # (posts, where the last one starts)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if i < j - 1 and needed[i].end != needed[i + 1].start:
                break
            one = i == j - 1  # a lone stretch always makes a post (staffed or listed unmet)
            if best[i][0] + 1 < best[j][0] and (one or _holdable(needed[i:j], visits, rules)):
                best[j] = (best[i][0] + 1, i)
    cuts, j = [], n
    while j > 0:
        i = best[j][1]
        cuts.append((i, j))
        j = i
    out = []
    for i, j in reversed(cuts):
        a, b = needed[i].start, needed[j - 1].end
        out.append((a, b, [r for r, x, y in visits if x < b and a < y]))
    return out


def _holdable(part: list[Stretch], visits: list[tuple[str, int, int]], rules: Eligibility) -> bool:
    """Whether one officer on shift and free for all these stretches may supervise every
    visit overlapping them."""
    common = set(part[0].officers).intersection(*(s.officers for s in part[1:]))
    a, b = part[0].start, part[-1].end
    mine = [r for r, x, y in visits if x < b and a < y]
    return any(all(rules.may(o, r) for r in mine) for o in common)
