"""The day's loads placed one by one in list order, each as early as the machines, the
maximum wait, LAU-06 and the widest free officer span allow (LAU-02..06, STF-01): fast,
feasible, not optimal. When every load fits, no schedule does more loads (level 0 is
decided without a solve) and its finish bounds the day's (the past-hours solve's
horizon); it is also the schedule that stands when no solve finds one in time."""

from __future__ import annotations

from models.instance import Instance
from scheduler.laundry.days import LaundryDay, Load
from scheduler.laundry.model import blocks


def clear_moments(instance: Instance, lo: int, hi: int) -> list[int]:
    """Minutes in [lo, hi] outside every count and meal (LAU-06): where a pickup's wash may
    start and a return's dry may end."""
    spans = blocks(instance)
    return [t for t in range(lo, hi + 1) if not any(a <= t < b for a, b in spans)]


def _first_of_group(loads: list[Load], k: int) -> bool:
    """Whether position k starts a pod's category (its pickup, LAU-06)."""
    return k == 0 or (loads[k - 1].pod, loads[k - 1].category) != (loads[k].pod, loads[k].category)


def _last_of_group(loads: list[Load], k: int) -> bool:
    """Whether position k ends a pod's category (its return when every load is done)."""
    return k == len(loads) - 1 or (loads[k + 1].pod, loads[k + 1].category) != (
        loads[k].pod,
        loads[k].category,
    )


def first_come(instance: Instance, day: LaundryDay, close: int) -> list[tuple[int, int]]:
    """Loads in order, each washed at the earliest start the washers, the order and LAU-06
    (a pod's category's first wash and last dry) allow and dried as early as the dryers and
    the maximum wait allow, inside the widest free officer span: (wash, dry) starts of the
    loads that fit. When every load fits it decides level 0 without a solve; it is the
    schedule that stands when no solve finds one in time (none when a machine is closed
    for part of the day, which this does not model)."""
    lau = instance.facility.laundry
    washers, dryers = len(day.washers), len(day.dryers)
    if day.closed or not washers or not dryers:
        return []
    a, b = max(day.shifts, key=lambda s: (s[1] - s[0], -s[0])) if day.shifts else (lau.start, close)
    first = max(lau.start, instance.facility.routine.lights_on, a)
    latest = min(close, b) - lau.dry_minutes
    wash_ok = set(clear_moments(instance, first, latest))
    dry_ok = {
        t - lau.dry_minutes
        for t in clear_moments(instance, first + lau.dry_minutes, latest + lau.dry_minutes)
    }
    out: list[tuple[int, int]] = []
    for k in range(len(day.loads)):
        pickup, ret = _first_of_group(day.loads, k), _last_of_group(day.loads, k)
        t0 = max(
            first,
            out[-1][0] if out else first,
            out[k - washers][0] + lau.wash_minutes if k >= washers else first,
        )
        placed = None
        for t in range(t0, latest + 1):
            if pickup and t not in wash_ok:
                continue
            lo = max(t + lau.wash_minutes, out[-1][1] if out else 0)
            if k >= dryers:
                lo = max(lo, out[k - dryers][1] + lau.dry_minutes)
            window = range(lo, min(latest, t + lau.wash_minutes + lau.max_wait_minutes) + 1)
            dry = next((x for x in window if not ret or x in dry_ok), None)
            if dry is not None:
                placed = (t, dry)
                break
        if placed is None:
            break
        out.append(placed)
    while out and not _last_of_group(day.loads, len(out) - 1) and out[-1][1] not in dry_ok:
        out.pop()  # a partial day's last load is its pod's return: keep the first solution valid
    return out
