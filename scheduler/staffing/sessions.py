"""The supervised sessions of the week (STF-01..03): each with its absolute span, its people,
and the officer shifts that may take it; and the groups of sessions that can share a shift."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from models.instance import Instance
from models.schedule import SUPERVISED, EventBase, WeekSchedule
from scheduler.engine.officers import Spans, barred, barred_visitors, shift_spans

Shift = tuple[str, int, int]
"""An officer and the absolute start and end of one of their shifts."""


@dataclass
class Session:
    """A supervised event with its absolute span, the people it involves, and who may take it."""

    event: EventBase
    date: dt.date
    start: int
    end: int
    inmates: set[str]
    visitors: set[str]
    eligible: list[Shift] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        """Supervision time (STF-04 load)."""
        return self.end - self.start


def sessions_of(instance: Instance, week: WeekSchedule, new_only: bool = False) -> list[Session]:
    """Every supervised session of the week with its eligible officers' shifts; `new_only`:
    the sessions without an officer yet, for officers free of the sessions they have."""
    by_id = {e.id: e for _, e in week.events()}
    duty: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for day, event in week.events():
        if new_only and getattr(event, "kind", "") in SUPERVISED and event.officer:
            t = (day.date - instance.monday).days * 1440
            duty[event.officer].append((t + event.start, t + event.end))
    shifts: dict[tuple[int, int], list[str]] = defaultdict(list)
    for oid in sorted(instance.officers):
        for span in shift_spans(instance, oid):
            shifts[span].append(oid)
    barring = _barring(instance)

    @functools.cache
    def covering(start: int, end: int) -> list[Shift]:
        """The shifts that cover [start, end), in id order (shared by the sessions then)."""
        return sorted((o, a, b) for (a, b), oids in shifts.items() if a <= start and end <= b for o in oids)

    taken = {oid: Spans(spans) for oid, spans in duty.items()}
    out = []
    for day, event in week.events():
        if getattr(event, "kind", "") not in SUPERVISED or (new_only and event.officer):
            continue
        covered = [by_id[c] for c in getattr(event, "covers", []) if c in by_id] or [event]
        inmates = {i for e in covered for i in e.inmates}
        visitors = {v.visitor_id for e in covered for v in getattr(e, "visitors", [])}
        t = (day.date - instance.monday).days * 1440
        s = Session(event, day.date, t + event.start, t + event.end, inmates, visitors)
        people = [("inmate", i) for i in inmates] + [("visitor", v) for v in visitors]
        barred = {o for p in people for o in barring.get(p, ())}
        s.eligible = [
            sh
            for sh in covering(s.start, s.end)
            if sh[0] not in barred and (sh[0] not in taken or not taken[sh[0]].overlaps(s.start, s.end))
        ]
        out.append(s)
    return sorted(out, key=lambda s: (s.start, s.end, s.event.id))


def _barring(instance: Instance) -> dict[tuple[str, str], set[str]]:
    """The officers who may not supervise each inmate and visitor (STF-03)."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for oid, iid in barred(instance):
        out[("inmate", iid)].add(oid)
    for oid, vid in barred_visitors(instance):
        out[("visitor", vid)].add(oid)
    return out


def components(sessions: list[Session]) -> list[list[Session]]:
    """Groups of sessions linked by a shift that could take both (union-find over the
    distinct sets of eligible shifts, which many sessions share)."""
    sets: dict[tuple[Shift, ...], int] = {}
    of = [sets.setdefault(tuple(s.eligible), len(sets)) for s in sessions]
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Shift, int] = {}
    for eligible, i in sets.items():
        for shift in eligible:
            a, b = find(first.setdefault(shift, i)), find(i)
            if a != b:
                parent[max(a, b)] = min(a, b)
    parts: dict[int, list[Session]] = defaultdict(list)
    for i, s in zip(of, sessions, strict=True):
        if s.eligible:
            parts[find(i)].append(s)
    return [parts[k] for k in sorted(parts, key=lambda k: parts[k][0].start)]
