"""Razor issue (RAZ-01..07): each issue day, batches of one pod each, every razor back
by the collection deadline.

The issue day of a list is `razors.issue_offset_days` after it (RAZ-01, `Razors.issue_day`):
1, the following morning (the default window 07:30-11:30), or 0, the list day itself, e.g.
in an evening window before lights out. "Morning" below names one issue day's window,
whenever in the day it falls.

`mornings -> solve_morning -> events`, one model per issue day. `mornings.py` gathers each
morning (the sign-ups, RAZ-05 exclusions, the starts each pod and sign-up may use) and
`outcome.py` reports the result (batches, RAZ-07 exclusions, unmet entries and notices);
the model is `model.py`, its levels `levels.py`, list order `order.py`, and the schedules
that decide levels without a search `flow.py`, `greedy.py` and `packing.py`.

A batch has a fixed length (issue, shave, collect) and a start that avoids counts, meals,
med passes and the pod's recreation sessions (RAZ-04, RAZ-06; recreation is fixed input).
Razors out at once stay within the inventory (RAZ-03); batches at once stay within the
officers still free (RAZ-02, STF-02); batches of one pod never overlap (one space,
SEP-01) and keep-separate pairs are never in one batch. Officers are identical except
for declared relationships, so they are matched to batches afterwards (STF-03,
least-loaded first, STF-04).

Objective, lexicographic: (1) the most sign-ups served, ties going to the earlier places
on the list (RAZ-07), decided per unit of interchangeable sign-ups in a number of solves
that does not grow with the sign-ups left out; (2) the fewest batches; (3) the earliest
finish. Every level is proven (OPTIMAL, or decided by a stated bound); a solve cut short
by the time limit is reported with its gap, and the sign-ups it leaves out are listed as
left out by the time limit, never as proven short of razors.
"""

from __future__ import annotations

from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.razors.levels import solve_morning
from scheduler.razors.mornings import mornings
from scheduler.razors.outcome import missed_signups, plan_events


def solve_razors(ctx: Context) -> SubResult:
    """The week's razor batches (their officers come from the week's officer matcher)."""
    instance, settings, result = ctx.instance, ctx.settings, SubResult()
    for morning in mornings(ctx, result):
        if not morning.pods:
            continue
        plan = solve_morning(instance, morning, settings, result.runs)
        plan_events(instance, morning, plan, result)
        missed_signups(instance, morning, plan, settings, result)
    batches = [b for day in result.events.values() for b in day]
    result.kpis["razors.batches"] = float(len(batches))
    result.kpis["razors.served"] = float(sum(b.razors for b in batches))
    result.kpis["razors.unserved"] = float(sum(x.rule == "RAZ-07" for x in result.exclusions))
    return result
