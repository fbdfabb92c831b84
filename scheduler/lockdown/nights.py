"""The week's lockdown nights (DIS-01, DIS-03..06): each night's hour grid from lights out, its
pods' lockdown inmates, the night officers free at each start, and what no night can hold."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.problems import Problem
from scheduler.engine.context import Context


@dataclass
class Night:
    """One lockdown night: its grid starts (minutes on the night's date, past 1440 after
    midnight), each pod's lockdown inmates, the officers on duty at each start and how many
    of them are still free, and each inmate's starts clear of their busy time."""

    date: dt.date
    starts: list[int]
    pods: dict[str, list[str]]
    officers: list[list[str]]
    free: list[int] = field(default_factory=list)
    open: dict[str, list[int]] = field(default_factory=dict)
    grid: list[int] = field(default_factory=list)
    """The starts one after another from lights out (how many hour-outs a night holds)."""
    on_shift: dict[int, int] = field(default_factory=dict)
    """Officers on shift and free at each start's minute (hour-outs in progress then)."""


def hour_starts(instance: Instance, first: int | None = None) -> list[int]:
    """Starts from lights out (or from `first`), one hour-out after another, skipping
    counts, ending by the morning deadline (DIS-03, DIS-05, DAY-01)."""
    r, d = instance.facility.routine, instance.facility.discipline
    counts = [c + k * 1440 for c in r.counts for k in (0, 1)]
    t, end, starts = max(r.lights_out, first or 0), 1440 + d.hour_outs_end_by, []
    while t + d.hour_out_minutes <= end:
        clash = [c for c in counts if t < c + r.count_minutes and c < t + d.hour_out_minutes]
        if clash:
            t = max(c + r.count_minutes for c in clash)
            continue
        starts.append(t)
        t += d.hour_out_minutes
    return starts


def lockdown_nights(ctx: Context) -> list[Night]:
    """The week's nights with at least one inmate on lockdown. Starts follow one another
    from lights out; an inmate's busy time (a night appointment) adds the chain that starts
    where it ends, so shifting hour-outs left onto the starts loses nothing (the grid alone
    would leave an hour-out that must wait for an appointment a whole hour late, or out)."""
    instance = ctx.instance
    grid = hour_starts(instance)
    minutes = instance.facility.discipline.hour_out_minutes
    by_night: dict[dt.date, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for iid, dates in sorted(instance.lockdown_nights.items()):
        for date in dates:
            if date in instance.dates:
                by_night[date][instance.inmates[iid].pod].append(iid)
    nights = []
    for date, pods in sorted(by_night.items()):
        pods = {pod: sorted(ids) for pod, ids in sorted(pods.items())}
        ends = (
            {b for ids in pods.values() for i in ids for _, b in ctx.spans(i, date) if b > grid[0]}
            if grid
            else set()
        )
        starts = sorted(set(grid).union(*(hour_starts(instance, b) for b in ends)))
        night = Night(
            date,
            starts,
            pods,
            [ctx.free_officers(date, t, t + minutes) for t in starts],
            [len(ctx.free_officers(date, t, t + minutes)) for t in starts],
            grid=grid,
            on_shift={t: len(ctx.free_officers(date, t, t + 1)) for t in starts},
        )
        for ids in night.pods.values():
            for i in ids:
                busy = ctx.spans(i, date)
                night.open[i] = [
                    k for k, t in enumerate(starts) if all(t + minutes <= a or b <= t for a, b in busy)
                ]
        nights.append(night)
    return nights


def night_name(date: dt.date) -> str:
    return f"night of {weekday_of(date).capitalize()} {date}"


def capacity_problems(instance: Instance, nights: list[Night]) -> list[Problem]:
    """DIS-05 and DIS-06 in the administrator's terms: needed versus available."""
    problems = []
    minutes = instance.facility.discipline.hour_out_minutes
    for n in nights:
        span = (
            f"{format_clock(n.grid[0] % 1440)} and {format_clock(n.grid[-1] % 1440 + minutes)}"
            if n.grid
            else "lights out and the morning deadline"
        )
        for pod, ids in n.pods.items():
            if len(ids) > len(n.grid):
                problems.append(
                    Problem(
                        "lockdown",
                        f"pod {pod}, {night_name(n.date)}",
                        "",
                        f"{len(ids)} lockdown inmates need an hour out each, one at a time, but only "
                        f"{len(n.grid)} hour-outs of {minutes} min fit between {span}",
                        "DIS-05",
                    )
                )
        needed = sum(len(ids) for ids in n.pods.values())
        officer_hours = sum(len(o) for o in n.officers)
        if needed > officer_hours:
            problems.append(
                Problem(
                    "lockdown",
                    night_name(n.date),
                    "",
                    f"{needed} hour-outs need a night officer each, but the officers on duty give only "
                    f"{officer_hours} officer-hours between {span}",
                    "DIS-06",
                )
            )
    return problems
