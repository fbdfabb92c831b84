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
    return events if _groups_ok(instance, events) else None


def _groups_ok(instance: Instance, events: list[LaundryLoad]) -> bool:
    """LAU-06 for every group once the day is complete (a group that lost its last load has
    a new return)."""
    groups: dict[tuple[str, str], list[LaundryLoad]] = {}
    for e in events:
        groups.setdefault((e.pod, e.category), []).append(e)
    spans = blocks(instance)
    return all(
        not any(
            a <= t < b
            for a, b in spans
            for t in (min(e.wash_start for e in own), max(e.dry_end for e in own))
        )
        for own in groups.values()
    )


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
    busy = _busy(day, events)
    own = [e for e in events if (e.pod, e.category) == (load.pod, load.category)]
    day_span = (
        min((e.wash_start for e in events), default=10**6),
        max((e.dry_end for e in events), default=0),
    )
    group = (min((e.wash_start for e in own), default=10**6), max((e.dry_end for e in own), default=0))
    for wash in range(first, close - lau.wash_minutes - lau.dry_minutes + 1):
        washers = [w for w in day.washers if _free(busy.get(w, []), wash, wash + lau.wash_minutes)]
        for dry in range(wash + lau.wash_minutes, wash + lau.wash_minutes + lau.max_wait_minutes + 1):
            if not washers or dry + lau.dry_minutes > close:
                break
            end = dry + lau.dry_minutes
            if not _day_ok(
                instance,
                day,
                (min(group[0], wash), max(group[1], end)),
                (min(day_span[0], wash), max(day_span[1], end)),
            ):
                continue
            dryer = next((d for d in day.dryers if _free(busy.get(d, []), dry, end)), None)
            if dryer is not None:
                return load_event(instance, day, load, wash, dry, washers[0], dryer)
    return None


def _busy(day: LaundryDay, events: list[LaundryLoad]) -> dict[str, list[tuple[int, int]]]:
    """Each machine's runs and closures."""
    out: dict[str, list[tuple[int, int]]] = {}
    for e in events:
        out.setdefault(e.washer, []).append((e.wash_start, e.wash_end))
        out.setdefault(e.dryer, []).append((e.dry_start, e.dry_end))
    for m, s, z, _ in day.closed:
        out.setdefault(m, []).append((s, z))
    return out


def _free(runs: list[tuple[int, int]], a: int, b: int) -> bool:
    return all(z <= a or b <= s for s, z in runs)


def _day_ok(instance: Instance, day: LaundryDay, group: tuple[int, int], shift: tuple[int, int]) -> bool:
    """LAU-06 for the load's group (its pickup and return outside counts and meals; the
    other groups keep theirs) and STF-01 for the day's shift."""
    if any(a <= group[0] < b or a <= group[1] < b for a, b in blocks(instance)):
        return False
    return not day.shifts or any(lo <= shift[0] and shift[1] <= hi for lo, hi in day.shifts)


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
