"""RAZ-02..06: razor batches, from the schedule's razor events and the instance.

The checks read the batches the schedule holds; whether every sign-up is issued or listed is
UNM-01's check (verify/completeness.py) and the officers STF-01..03's (verify/staff.py).
Keep-separates in one batch are SEP-01's check, pods HOU-02/03's, meals and med passes
DAY-02..03's; this module also checks them against RAZ-04 where the rule names them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.common import format_clock
from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Placed, Violation, clashes, overlaps, placed_activities, placed_of


def _batches(schedule: WeekSchedule) -> list[Placed]:
    return placed_of(schedule, "razor_batch")


def signed_up(instance: Instance) -> dict[tuple[str, dt.date], int]:
    """Each (inmate, issue day) on a list, with the place on it (RAZ-01: issued
    `razors.issue_offset_days` after the list day, `Razors.issue_day`)."""
    rz = instance.facility.razors
    return {(s.inmate_id, rz.issue_day(s.list_date)): s.position for s in instance.razor_signups}


def _v(rule: str, a: Placed, message: str) -> Violation:
    return Violation(
        rule=rule, date=a.day.date, message=f"razor batch {a.event.id} {message}", events=[a.event.id]
    )


def check_batches(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-02: one pod a batch, inside the issue window, only signed-up inmates on their issue
    day (RAZ-01), one razor each. Officers are STF-01..03's checks (verify/staff.py); sign-ups
    neither issued nor listed are UNM-01's (verify/completeness.py)."""
    rz = instance.facility.razors
    signed = signed_up(instance)
    out: list[Violation] = []
    issued: dict[tuple[str, dt.date], int] = defaultdict(int)
    for a in _batches(schedule):
        e, day = a.event, a.day.date
        pods = {instance.inmates[i].pod for i in e.inmates if i in instance.inmates}
        if pods != {getattr(e, "pod", None)}:
            out.append(_v("RAZ-02", a, f"holds inmates of pods {sorted(pods)}, not only its pod"))
        if not e.inmates:
            out.append(_v("RAZ-02", a, "holds no inmate"))
        if e.start < rz.issue_start or e.end > rz.collect_by:
            out.append(
                _v(
                    "RAZ-02",
                    a,
                    f"runs {format_clock(e.start)}-{format_clock(e.end)}, outside "
                    f"{format_clock(rz.issue_start)}-{format_clock(rz.collect_by)}",
                )
            )
        for i in e.inmates:
            issued[(i, day)] += 1
            if (i, day) not in signed:
                out.append(_v("RAZ-02", a, f"issues a razor to {i}, not on {rz.list_words}"))
    for key, n in sorted(issued.items()):
        if n > 1:
            out.append(Violation(rule="RAZ-02", date=key[1], message=f"{key[0]} is issued {n} razors"))
    return out


def check_pod_batches_apart(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """SEP-01: a pod's batches never overlap (one space). One session per officer at a time
    is STF-02's check (verify/staff.py)."""
    by_pod: dict[str, list[Placed]] = defaultdict(list)
    for a in _batches(schedule):
        by_pod[getattr(a.event, "pod", "")].append(a)
    return clashes("SEP-01", by_pod, "razor batches of pod")


def check_inventory(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-03: razors out at any minute never above the inventory; a batch's razors are its inmates."""
    inventory = instance.facility.razors.inventory
    out: list[Violation] = []
    points: list[tuple[int, int, Placed]] = []
    for a in _batches(schedule):
        razors = getattr(a.event, "razors", 0)
        if razors != len(a.event.inmates):
            out.append(_v("RAZ-03", a, f"counts {razors} razors for {len(a.event.inmates)} inmates"))
        points += [(a.start, razors, a), (a.end, -razors, a)]
    level = 0
    for t, delta, a in sorted(points, key=lambda p: (p[0], p[1])):
        level += delta
        if level > inventory:
            out.append(
                _v("RAZ-03", a, f"brings {level} razors out at {format_clock(t % 1440)}, over {inventory}")
            )
    return out


def check_length_and_routine(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-04: a batch lasts the batch length and overlaps no count, meal or med pass."""
    rz, r = instance.facility.razors, instance.facility.routine
    blocks = [(t, r.count_minutes, "count") for t in r.counts]
    blocks += [(t, r.meal_minutes, "meal") for t in r.meals]
    blocks += [(t, r.med_pass_minutes, "med pass") for t in r.med_passes]
    out = []
    for a in _batches(schedule):
        e = a.event
        if e.end - e.start != rz.batch_minutes:
            out.append(_v("RAZ-04", a, f"lasts {e.end - e.start} min, not {rz.batch_minutes}"))
        for t, minutes, what in blocks:
            if overlaps(e.start, e.end, t, t + minutes):
                out.append(_v("RAZ-04", a, f"overlaps the {what} at {format_clock(t)}"))
    return out


def check_restricted(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-05: no razor for an inmate on razor restriction or lockdown that day."""
    out = []
    for a in _batches(schedule):
        for i in a.event.inmates:
            if instance.on_lockdown(i, a.day.date):
                out.append(_v("RAZ-05", a, f"issues a razor to {i}, on lockdown"))
            elif instance.suspended(i, "razor", a.day.date) is not None:
                out.append(_v("RAZ-05", a, f"issues a razor to {i}, on razor restriction"))
    return out


def check_recreation(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-06: a pod's batch never overlaps that pod's recreation session."""
    sessions: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for a in placed_activities(schedule):
        if a.kind == "recreation":
            sessions[(getattr(a.event, "pod", ""), a.day.date)].append(a)
    out = []
    for a in _batches(schedule):
        for s in sessions.get((getattr(a.event, "pod", ""), a.day.date), []):
            if overlaps(a.start, a.end, s.start, s.end):
                out.append(_v("RAZ-06", a, f"overlaps the pod's recreation {s.event.id}"))
    return out


def razor_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """Razors as figures: sign-ups served, batches, the latest collection."""
    batches = _batches(schedule)
    if not batches:
        return {}
    return {
        "RAZ-02 razors issued": float(sum(len(a.event.inmates) for a in batches)),
        "RAZ-02 batches": float(len(batches)),
        "RAZ-07 sign-ups not served": float(sum(x.rule == "RAZ-07" for x in schedule.exclusions)),
    }


CHECKS = [
    check_batches,
    check_pod_batches_apart,
    check_inventory,
    check_length_and_routine,
    check_restricted,
    check_recreation,
]
