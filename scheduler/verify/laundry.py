"""LAU-02..04: laundry loads, from the schedule's load events and the instance.

The checks run when the schedule holds the laundry sub-problem (a laundry solver run or a
load). The loads due are recomputed here from the headcounts and the categories (LAU-01).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter, defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import LaundryLoad, WeekSchedule
from scheduler.verify.core import Placed, Violation, overlapping_pairs, placed_activities


def _loads(schedule: WeekSchedule) -> list[Placed]:
    return [a for a in placed_activities(schedule) if a.kind == "laundry_load"]


def _covers(schedule: WeekSchedule) -> bool:
    return bool(_loads(schedule)) or any(r.subproblem.startswith("laundry") for r in schedule.solver)


def _due(instance: Instance) -> Counter[tuple[dt.date, str, str]]:
    """Loads due per (date, pod, category): ceil(headcount x pieces / load capacity)."""
    lau = instance.facility.laundry
    heads = Counter(i.pod for i in instance.inmates.values())
    due: Counter[tuple[dt.date, str, str]] = Counter()
    for day in instance.dates:
        for c in lau.categories:
            if weekday_of(day) in c.days:
                for pod in c.pods or [u.id for u in instance.facility.housing_units]:
                    due[(day, pod, c.name)] += math.ceil(heads[pod] * c.pieces_per_inmate / lau.load_capacity)
    return +due


def _v(rule: str, a: Placed, message: str) -> Violation:
    return Violation(rule=rule, date=a.day.date, message=f"load {a.event.id} {message}", events=[a.event.id])


def check_loads_due(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-02: each pod's category on its day has its loads, scheduled or listed as missing."""
    if not _covers(schedule):
        return []
    got: Counter[tuple[dt.date, str, str]] = Counter()
    for a in _loads(schedule):
        got[(a.day.date, getattr(a.event, "pod", ""), getattr(a.event, "category", ""))] += 1
    for m in schedule.missed_loads:
        got[(m.date, m.pod, m.category)] += 1
    due = _due(instance)
    return [
        Violation(
            rule="LAU-02",
            date=key[0],
            message=f"pod {key[1]} {key[2]}: {got[key]} load(s) scheduled or missing, {due[key]} due",
        )
        for key in sorted(set(due) | set(got))
        if got[key] != due[key]
    ]


def check_wash_then_dry(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-02: a load is washed for the wash time, then dried for the dry time, on machines
    that exist and are in service that day, one load per machine at a time."""
    lau = instance.facility.laundry
    down = {(m.machine, m.date) for m in lau.out_of_service}
    machines = {f"W{k}" for k in range(1, lau.washers + 1)} | {f"D{k}" for k in range(1, lau.dryers + 1)}
    out = []
    uses: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for a in _loads(schedule):
        e = a.event
        assert isinstance(e, LaundryLoad)
        if e.wash_end - e.wash_start != lau.wash_minutes or e.dry_end - e.dry_start != lau.dry_minutes:
            out.append(_v("LAU-02", a, "does not wash and dry for the set times"))
        if e.dry_start < e.wash_end:
            out.append(_v("LAU-02", a, "starts drying before its wash ends"))
        if (e.start, e.end) != (e.wash_start, e.dry_end):
            out.append(_v("LAU-02", a, "spans other times than its wash start to dry end"))
        for kind, machine, start, end in (
            ("W", e.washer, e.wash_start, e.wash_end),
            ("D", e.dryer, e.dry_start, e.dry_end),
        ):
            if machine not in machines or not machine.startswith(kind):
                out.append(_v("LAU-02", a, f"uses no such machine {machine}"))
            if (machine, a.day.date) in down:
                out.append(_v("LAU-02", a, f"uses {machine}, out of service that day"))
            uses[(machine, a.day.date)].append(Placed(a.day, e, start, end))
    for (machine, _), items in sorted(uses.items()):
        for x, y in overlapping_pairs(items):
            out.append(_v("LAU-02", x, f"and {y.event.id} overlap on {machine}"))
    return out


def check_wait(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-03: drying starts no later than the maximum wait after the wash ends."""
    limit = instance.facility.laundry.max_wait_minutes
    out = []
    for a in _loads(schedule):
        e = a.event
        assert isinstance(e, LaundryLoad)
        if e.dry_start - e.wash_end > limit:
            out.append(_v("LAU-03", a, f"waits {e.dry_start - e.wash_end} min to dry, over {limit}"))
    return out


def check_hours(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-04: inside laundry hours, back in the pod by the return deadline."""
    lau = instance.facility.laundry
    out = []
    for a in _loads(schedule):
        e = a.event
        if e.start < lau.start or e.end > lau.end:
            out.append(
                _v(
                    "LAU-04",
                    a,
                    f"runs {format_clock(e.start)}-{format_clock(e.end)}, outside laundry hours "
                    f"{format_clock(lau.start)}-{format_clock(lau.end)}",
                )
            )
        if e.end > lau.return_by:
            out.append(_v("LAU-04", a, f"is back after {format_clock(lau.return_by)}"))
    return out


def laundry_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """LAU-05 as figures: the latest finish of any day, and the machines' idle gaps (a machine
    standing idle between two of its loads of a day)."""
    loads = _loads(schedule)
    if not loads:
        return {}
    runs: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
    for a in loads:
        e = a.event
        assert isinstance(e, LaundryLoad)
        runs[(e.washer, a.day.date)].append((e.wash_start, e.wash_end))
        runs[(e.dryer, a.day.date)].append((e.dry_start, e.dry_end))
    gaps = sum(
        sum(1 for (_, end), (start, _) in itertools.pairwise(spans) if start > end)
        for spans in (sorted(v) for v in runs.values())
    )
    return {
        "LAU-05 latest finish (min)": float(max(a.event.end for a in loads)),
        "LAU-05 machine idle gaps": float(gaps),
        "LAU-04 loads missing": float(len(schedule.missed_loads)),
    }


CHECKS = [check_loads_due, check_wash_then_dry, check_wait, check_hours]
