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

from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.laundry.day import solve_day
from scheduler.laundry.days import laundry_days, officer_spans


def solve_laundry(ctx: Context) -> SubResult:
    """The week's laundry loads and laundry-shift posts."""
    instance, result = ctx.instance, SubResult()
    for day in laundry_days(instance):
        if day.loads:
            day.officers = officer_spans(ctx, day.date)
            day.shifts = sorted(day.officers)
            solve_day(instance, day, ctx.settings.unprobed(), result)
    loads = [e for events in result.events.values() for e in events if e.kind == "laundry_load"]
    result.kpis["laundry.loads"] = float(len(loads))
    result.kpis["laundry.missed"] = float(len(result.unmet))
    return result
