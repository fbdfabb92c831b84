"""What a laundry day holds (LAU-01, LAU-02, CAL-01, STF-01): the loads due, the machines in
service, and the spans in which an officer is free to run the shift."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from models.common import weekday_of
from models.instance import Instance
from scheduler.engine.context import Context
from scheduler.engine.officers import shift_spans


@dataclass(frozen=True)
class Load:
    """One load of one pod's category on one day; `number` counts from 1."""

    pod: str
    category: str
    number: int

    @property
    def name(self) -> str:
        """How the administrator names it."""
        return f"pod {self.pod} {self.category.replace('_', ' ')} load {self.number}"


@dataclass
class LaundryDay:
    """A day's loads, the machines in service, and the machines closed part of the day
    (machine, start, end, reason; CAL-01)."""

    date: dt.date
    loads: list[Load]
    washers: list[str]
    dryers: list[str]
    closed: list[tuple[str, int, int, str]] = field(default_factory=list)
    shifts: list[tuple[int, int]] = field(default_factory=list)
    """The spans one free officer can cover in laundry hours (STF-01): the shift runs in one."""
    officers: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """The officers free for each of `shifts`, to name them when the day does not fit."""


def loads_due(instance: Instance, day: dt.date) -> list[Load]:
    """LAU-01/LAU-02: each pod's loads of the categories due that day, from its headcount."""
    laundry = instance.facility.laundry
    headcount: dict[str, int] = {}
    for inmate in instance.inmates.values():
        headcount[inmate.pod] = headcount.get(inmate.pod, 0) + 1
    out = []
    for c in laundry.categories:
        if weekday_of(day) not in c.days:
            continue
        for pod in c.pods or [u.id for u in instance.facility.housing_units]:
            count = math.ceil(headcount.get(pod, 0) * c.pieces_per_inmate / laundry.load_capacity)
            out += [Load(pod, c.name, n + 1) for n in range(count)]
    return out


def laundry_days(instance: Instance) -> list[LaundryDay]:
    """Each date's loads and the washers and dryers in service (LAU-02): a machine closed
    all day is out; one closed for part of the day stays, with its closure (CAL-01)."""
    laundry = instance.facility.laundry
    lau = instance.facility.laundry
    out = []
    for day in instance.dates:
        closures = instance.facility.closed("laundry_machine", day)
        down = {c.id for c in closures if c.start is None}
        part = [
            (c.id or "", c.span[0], c.span[1], c.reason)
            for c in closures
            if c.start is not None and c.span[0] < lau.end and lau.start < c.span[1]
        ]
        washers = [f"W{k}" for k in range(1, laundry.washers + 1) if f"W{k}" not in down]
        dryers = [f"D{k}" for k in range(1, laundry.dryers + 1) if f"D{k}" not in down]
        out.append(LaundryDay(day, loads_due(instance, day), washers, dryers, sorted(part)))
    return out


def officer_spans(ctx: Context, day: dt.date) -> dict[tuple[int, int], list[str]]:
    """The parts of laundry hours in which one officer is on shift and supervises nothing
    else (STF-01, STF-02), with those officers: the laundry shift must lie in one of them.
    Spans inside another are left out."""
    instance = ctx.instance
    lau = instance.facility.laundry
    t = (day - instance.monday).days * 1440
    close = min(lau.end, lau.return_by)
    spans: dict[tuple[int, int], list[str]] = {}
    for oid in sorted(instance.officers):
        busy = sorted(ctx.duty.get(oid, []))
        for a, b in shift_spans(instance, oid):
            lo = max(a - t, lau.start)
            for x, y in [*[(x - t, y - t) for x, y in busy], (10**6, 10**6)]:
                hi = min(b - t, close, x)
                if lo < hi:
                    spans.setdefault((lo, hi), []).append(oid)
                lo = max(lo, y)
    return {
        s: oids
        for s, oids in sorted(spans.items())
        if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
    }
