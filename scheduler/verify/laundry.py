"""LAU-02..06: laundry loads, from the schedule's load events and the instance.

The loads due are recomputed here from the headcounts and the categories (LAU-01); that
every load due is scheduled or listed in `unmet` is UNM-01's check (verify/completeness.py),
closed machines CAL-01's (verify/closures.py), the laundry shift's officer STF-01's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter, defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import LaundryLoad, WeekSchedule
from scheduler.verify.core import (
    Placed,
    Violation,
    absolute,
    daily_blocks,
    inside,
    overlapping_pairs,
    placed_of,
    solved,
)


def _loads(schedule: WeekSchedule) -> list[Placed]:
    return placed_of(schedule, "laundry_load")


def due_loads(instance: Instance) -> Counter[tuple[dt.date, str, str]]:
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


def load_key(a: Placed) -> tuple[dt.date, str, str]:
    """The (date, pod, category) a load serves."""
    return (a.day.date, getattr(a.event, "pod", ""), getattr(a.event, "category", ""))


def check_loads_due(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-02: no pod's category on a day has more loads than are due (fewer, not listed in
    `unmet`, is UNM-01's check)."""
    got: Counter[tuple[dt.date, str, str]] = Counter(load_key(a) for a in _loads(schedule))
    due = due_loads(instance)
    return [
        Violation(
            rule="LAU-02",
            date=key[0],
            message=f"pod {key[1]} {key[2]}: {got[key]} load(s) scheduled, {due[key]} due",
            events=[a.event.id for a in _loads(schedule) if load_key(a) == key],
        )
        for key in sorted(got)
        if got[key] > due[key]
    ]


def check_wash_then_dry(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-02: a load is washed for the wash time, then dried for the dry time, on machines
    that exist, one load per machine at a time (machines closed that day are CAL-01's)."""
    lau = instance.facility.laundry
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


def check_pickup_and_return(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """LAU-06: a pod's laundry of a category is picked up at its first load's wash start and
    returned at its last load's dry end; neither moment falls inside a count or a meal."""
    r = instance.facility.routine
    blocks = [(s, e, "count") for s, e, _ in daily_blocks(instance, r.counts, r.count_minutes)]
    blocks += [(s, e, "meal") for s, e, _ in daily_blocks(instance, r.meals, r.meal_minutes)]
    groups: dict[tuple[dt.date, str, str], list[LaundryLoad]] = defaultdict(list)
    for a in _loads(schedule):
        if isinstance(a.event, LaundryLoad):
            groups[load_key(a)].append(a.event)
    out = []
    for (day, pod, category), loads in sorted(groups.items()):
        first = min(loads, key=lambda e: (e.wash_start, e.id))
        last = max(loads, key=lambda e: (e.dry_end, e.id))
        for what, load, moment in (("pickup", first, first.wash_start), ("return", last, last.dry_end)):
            at = absolute(schedule, day, moment)
            hit = [(s, name) for s, end, name in blocks if inside(at, s, end)]
            if hit:
                names = " and ".join(f"the {name} at {format_clock(s % 1440)}" for s, name in hit)
                out.append(
                    Violation(
                        rule="LAU-06",
                        date=day,
                        message=f"pod {pod} {category} {what} at {format_clock(moment)} "
                        f"(load {load.id}) falls inside {names}",
                        events=[load.id],
                    )
                )
    return out


def laundry_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """LAU-05 as figures: the latest finish of any day, and the machines' idle gaps (a machine
    standing idle between two of its loads of a day)."""
    loads = _loads(schedule)
    unmet = float(sum(u.count for u in schedule.unmet if u.kind == "laundry_load"))
    if not loads:
        return {"LAU-04 loads missing": unmet} if solved(schedule, "laundry") or unmet else {}
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
        "LAU-04 loads missing": unmet,
    }


CHECKS = [check_loads_due, check_wash_then_dry, check_wait, check_hours, check_pickup_and_return]
