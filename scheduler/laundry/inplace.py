"""A repair's laundry day with every published load kept (REP-03 (3)): the loads the events
leave valid stay at their times and machines, and only the loads they force (a pod's new
load after a move, a load whose machine closes under it) are placed, in the machine time
left. Each of those is a change any repair makes, so when this succeeds the day's changes
are the fewest; when it does not, the day is solved again with the change level first.
"""

from __future__ import annotations

from models.instance import Instance
from models.schedule import LaundryLoad
from scheduler.laundry.days import LaundryDay, Load
from scheduler.laundry.model import blocks

Published = dict[tuple[str, str, int], LaundryLoad]
"""A repair's published loads of the day, by pod, category and number."""


def in_place(instance: Instance, day: LaundryDay, published: Published) -> list[LaundryLoad] | None:
    """The day's loads with every valid published one kept and the others placed first-fit,
    or None when a forced load fits nowhere the rules allow."""
    kept, extra = [], []
    for load in day.loads:
        e = published.get((load.pod, load.category, load.number))
        if e is not None and valid(day, e):
            kept.append(e.model_copy())
        else:
            extra.append(load)
    if not extra and len(kept) == len(published):
        return None  # nothing forced: the day did not need solving again (a shift, say)
    events = list(kept)
    for load in extra:
        placed = _first_fit(instance, day, load, events)
        if placed is None:
            return None
        events.append(placed)
    return events


def valid(day: LaundryDay, e: LaundryLoad) -> bool:
    """Whether a published load's machines are in service and open for its runs (CAL-01)."""
    if e.washer not in day.washers or e.dryer not in day.dryers:
        return False
    runs = ((e.washer, e.wash_start, e.wash_end), (e.dryer, e.dry_start, e.dry_end))
    return not any(m == x and a < z and s < b for x, s, z in runs for m, a, b, _ in day.closed)


def _first_fit(
    instance: Instance, day: LaundryDay, load: Load, events: list[LaundryLoad]
) -> LaundryLoad | None:
    """The earliest wash (then dry) on free, open machines that keeps the day within the
    rules: LAU-02 (one load a machine), LAU-03 (the wait), LAU-04 (hours, lights on,
    return deadline), LAU-06 (the group's pickup and return outside counts and meals) and
    STF-01 (the day's laundry in one officer's free span)."""
    lau, r = instance.facility.laundry, instance.facility.routine
    first, close = max(lau.start, r.lights_on), min(lau.end, lau.return_by)
    for wash in range(first, close - lau.wash_minutes - lau.dry_minutes + 1):
        for washer in day.washers:
            if not _free(day, events, washer, wash, wash + lau.wash_minutes):
                continue
            for dry in range(wash + lau.wash_minutes, wash + lau.wash_minutes + lau.max_wait_minutes + 1):
                if dry + lau.dry_minutes > close:
                    break
                for dryer in day.dryers:
                    if not _free(day, events, dryer, dry, dry + lau.dry_minutes):
                        continue
                    e = load_event(instance, day, load, wash, dry, washer, dryer)
                    if _day_ok(instance, day, [*events, e]):
                        return e
    return None


def _free(day: LaundryDay, events: list[LaundryLoad], machine: str, a: int, b: int) -> bool:
    runs = [(e.wash_start, e.wash_end) for e in events if e.washer == machine]
    runs += [(e.dry_start, e.dry_end) for e in events if e.dryer == machine]
    runs += [(s, z) for m, s, z, _ in day.closed if m == machine]
    return all(z <= a or b <= s for s, z in runs)


def _day_ok(instance: Instance, day: LaundryDay, events: list[LaundryLoad]) -> bool:
    """LAU-06 for every group and STF-01 for the day's shift."""
    spans = blocks(instance)
    groups: dict[tuple[str, str], list[LaundryLoad]] = {}
    for e in events:
        groups.setdefault((e.pod, e.category), []).append(e)
    for own in groups.values():
        pickup, back = min(e.wash_start for e in own), max(e.dry_end for e in own)
        if any(a <= pickup < b or a <= back < b for a, b in spans):
            return False
    start, end = min(e.wash_start for e in events), max(e.dry_end for e in events)
    return not day.shifts or any(lo <= start and end <= hi for lo, hi in day.shifts)


def load_event(
    instance: Instance, day: LaundryDay, load: Load, wash: int, dry: int, washer: str, dryer: str
) -> LaundryLoad:
    """A load as the schedule shows it."""
    lau = instance.facility.laundry
    return LaundryLoad(
        kind="laundry_load",
        id=f"laundry:{day.date}:{load.pod}:{load.category}:{load.number}",
        start=wash,
        end=dry + lau.dry_minutes,
        place="laundry room",
        pod=load.pod,
        category=load.category,
        washer=washer,
        dryer=dryer,
        wash_start=wash,
        wash_end=wash + lau.wash_minutes,
        dry_start=dry,
        dry_end=dry + lau.dry_minutes,
    )
