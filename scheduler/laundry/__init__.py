"""Laundry (LAU-01..06): each day, every pod's loads of the categories due are washed, then
dried, inside laundry hours and back in the pod by the return deadline.

`build -> solve -> events`, one model per day: the day as counts of loads starting to
wash and to dry in each period of a time grid (`model`, exact; its size does not
grow with the loads), then a machine for each start (`machines`).

Objective, lexicographic, each level proven (OPTIMAL, or decided with its proof):
(0) the most loads done (all of them unless the day no longer fits); (1) the earliest
finish (LAU-05); (2) the loads packed early (the least sum of wash and dry starts), so
the machines run back to back; (3) the fewest machine idle gaps (LAU-05), as the
verifier counts them, which the machine assignment then reaches. A day that no longer
fits is reported (`causes`): which loads miss, and by how much the day runs over
when every load is done.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from scheduler.engine.baseline import Baseline
from scheduler.engine.context import Context
from scheduler.engine.kept import kept_as_published
from scheduler.engine.result import SubResult
from scheduler.laundry.day import solve_day
from scheduler.laundry.days import LaundryDay, laundry_days, officer_spans


def solve_laundry(ctx: Context) -> SubResult:
    """The week's laundry loads and laundry-shift posts."""
    return _solve_days(ctx, laundry_days(ctx.instance), SubResult())


def repair_laundry(ctx: Context) -> SubResult:
    """Under a published week (REP-03): a day whose loads the events change (a pod's
    headcount after a move, a machine closed under a load, a laundry shift no officer can
    now cover whole) and that has not started is solved again whole; every other day is
    kept as published. A day solved again keeps as many of its loads' times as it can
    (level R3, after every load done), so only what the event forces moves."""
    assert ctx.baseline is not None
    days = [d for d in laundry_days(ctx.instance) if _changed(d, ctx.baseline) or _unstaffed(ctx, d.date)]
    result = kept_as_published(ctx, "laundry", frozenset(d.date for d in days))
    return _solve_days(ctx, days, result, ctx.baseline)


def _changed(day: LaundryDay, b: Baseline) -> bool:
    """Whether the published loads of a day no longer fit it, and none has started."""
    published = [e for d, e in b.events("laundry_load") if d == day.date]
    if any(b.started(day.date, e.start) for e in published):
        return False
    if Counter((e.pod, e.category) for e in published) != Counter((x.pod, x.category) for x in day.loads):  # type: ignore[attr-defined]
        return True
    machines = set(day.washers) | set(day.dryers)
    for e in published:
        spans = ((e.washer, e.wash_start, e.wash_end), (e.dryer, e.dry_start, e.dry_end))  # type: ignore[attr-defined]
        for machine, a, z in spans:
            if machine not in machines or any(m == machine and s < z and a < t for m, s, t, _ in day.closed):
                return True
    return False


def _unstaffed(ctx: Context, day: dt.date) -> bool:
    """Whether the day's published laundry shift, not yet started, lies in no span one free
    officer covers (STF-01): an absence took its officer and nobody else's shift covers it."""
    b = ctx.baseline
    assert b is not None
    posts = [e for d, e in b.events("post") if d == day and getattr(e, "session", "") == "laundry_shift"]
    spans = officer_spans(ctx, day) if posts else {}
    return any(
        not b.started(day, p.start) and not any(lo <= p.start and p.end <= hi for lo, hi in spans)
        for p in posts
    )


def _solve_days(
    ctx: Context, days: list[LaundryDay], result: SubResult, baseline: Baseline | None = None
) -> SubResult:
    """Each day solved; under a repair, with the day's published loads to keep (REP-03)."""
    instance = ctx.instance
    for day in days:
        if day.loads:
            day.officers = officer_spans(ctx, day.date)
            day.shifts = sorted(day.officers)
            published = None
            if baseline is not None:
                loads = [e for d, e in baseline.events("laundry_load") if d == day.date]
                published = {(e.pod, e.category, int(e.id.rsplit(":", 1)[1])): e for e in loads}  # type: ignore[attr-defined]
            solve_day(instance, day, ctx.settings.unprobed(), result, published)
    loads = [e for events in result.events.values() for e in events if e.kind == "laundry_load"]
    result.kpis["laundry.loads"] = float(len(loads))
    result.kpis["laundry.missed"] = float(len(result.unmet))
    return result
