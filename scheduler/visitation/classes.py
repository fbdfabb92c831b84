"""Interchangeable booth requests: the structure that keeps large weeks small.

Most requests clash with nothing: no other visit of their inmate, no shared visitor and no
keep-separate partner overlaps any of their slots. Such a request only needs a free booth;
which slot it takes matters to nobody else. Requests like that with the same slot options
form a class, and the model counts how many of a class sit at each slot start instead of
giving every request a Boolean per slot. Any integer counts can be turned back into
individual slots (the members are interchangeable), so the reduction is exact.

A request whose inmate or visitor has a declared relationship with an officer is never in a
class: which window it takes decides who may hold the post (STF-03).

Two social requests of one inmate on one date never clash when `social_per_day` is 1: the
daily quota already keeps them from both being served.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models.instance import Instance
from scheduler.visitation.options import BoothSlot, Options


@dataclass
class SlotClass:
    """Requests with identical slot starts and no clash with any other request."""

    starts: tuple[int, ...]
    members: list[str]
    windows: tuple[int | None, ...] = ()
    """The window of each start (the posts it needs, STF-01)."""
    """In registration order."""


def _spans(instance: Instance, options: Options, rid: str) -> list[tuple[int, int, object]]:
    minutes = instance.facility.visitation.visit_minutes
    spans: list[tuple[int, int, object]] = [
        (s.start, s.start + minutes, s.date) for s in options.booth.get(rid, [])
    ]
    for day in options.legal.get(rid, []):
        spans.append((min(day.starts), max(day.starts) + day.minutes, day.date))
    return spans


def _clash(instance: Instance, options: Options, a: str, b: str, same_inmate: bool) -> bool:
    """Whether two related requests could be placed at overlapping times, and nothing
    but the model's time constraints would stop them."""
    vis = instance.facility.visitation
    quota_apart = same_inmate and vis.social_per_day == 1
    quota_apart = quota_apart and instance.requests[a].kind == instance.requests[b].kind == "social"
    for s1, e1, d1 in _spans(instance, options, a):
        for s2, e2, d2 in _spans(instance, options, b):
            if s1 < e2 and s2 < e1 and not (quota_apart and d1 == d2):
                return True
    return False


def _pairs(rids: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(rids) for b in rids[i + 1 :]]


def _related(instance: Instance, options: Options) -> list[tuple[str, str, bool]]:
    """Pairs of requests sharing an inmate, a visitor, or a keep-separate pair."""
    by_inmate: dict[str, list[str]] = defaultdict(list)
    by_visitor: dict[str, list[str]] = defaultdict(list)
    for rid in options.order:
        req = instance.requests[rid]
        by_inmate[req.inmate_id].append(rid)
        for v in req.visitor_ids:
            by_visitor[v].append(rid)
    pairs = [(a, b, True) for rids in by_inmate.values() for a, b in _pairs(rids)]
    pairs += [(a, b, False) for rids in by_visitor.values() for a, b in _pairs(rids)]
    for pair in instance.keep_apart:
        x, y = sorted(pair)
        pairs += [(a, b, False) for a in by_inmate.get(x, []) for b in by_inmate.get(y, [])]
    return pairs


def slot_classes(
    instance: Instance, options: Options, apart: frozenset[str] = frozenset()
) -> list[SlotClass]:
    """The classes of interchangeable booth requests, ordered by their first member; `apart`
    are requests that need their own variables (a repair's published visits)."""
    clashing: set[str] = (
        set(options.legal) | set(apart) | {r for r in options.order if options.posts.rules.barred(r)}
    )
    for a, b, same_inmate in _related(instance, options):
        if (a not in clashing or b not in clashing) and _clash(instance, options, a, b, same_inmate):
            clashing.update((a, b))
    classes: dict[tuple[tuple[int, ...], tuple[int | None, ...]], SlotClass] = {}
    for rid in options.order:
        slots: list[BoothSlot] = options.booth.get(rid, [])
        one_date = len({s.date for s in slots}) == 1
        if rid in clashing or not slots or (instance.requests[rid].kind == "social" and not one_date):
            continue
        ordered = sorted((s.start, s.window) for s in slots)
        starts = tuple(t for t, _ in ordered)
        if len(set(starts)) < len(starts):
            continue
        windows = tuple(w for _, w in ordered)
        classes.setdefault((starts, windows), SlotClass(starts, [], windows)).members.append(rid)
    return list(classes.values())
