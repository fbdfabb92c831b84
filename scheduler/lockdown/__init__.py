"""Lockdown hour-outs (DIS-03..07): every lockdown night, every lockdown inmate gets one
hour out of cell in their pod's dayroom, alone, with a night officer.

`build -> solve -> events`. Hour-outs have one length and all may start at lights out, so
any schedule can be shifted left onto the hour grid from lights out (restarting after a
count); the model is one Boolean per (inmate, night, grid start). Per pod one inmate is
out at a time (DIS-04), and at each start at most as many as there are night officers on
duty (DIS-06). Officers are identical except for declared relationships (STF-03): they are
checked at each start afterwards (the week's officer matcher assigns them), and when a
start has no perfect matching the set of inmates that Hall's theorem names gets a cut and
the model is solved again (exact, and rare). A start over the inmate's busy time (an
appointment, DAY-07) is not offered.

Objective, lexicographic: (0) the most hour-outs given (all of them unless a night cannot
hold its pod's lockdown inmates; those left out are listed as unmet, DIS-05, UNM-01);
(DIS-07) (1) the sum over nights of the latest end; (2) with that fixed, the largest
number of nights one inmate has the last hour-out of their pod.
"""

from __future__ import annotations

from scheduler.engine.context import Context
from scheduler.engine.officers import barred as barred_pairs
from scheduler.engine.result import SubResult
from scheduler.engine.solving import stopped_early
from scheduler.lockdown.model import Cut, HourOutModel, keep_published, officer_cuts, solve_levels
from scheduler.lockdown.nights import lockdown_nights
from scheduler.lockdown.outcome import cause_of, hour_out_events, left_out, per_inmate_notices


def solve_lockdown(ctx: Context) -> SubResult:
    """The week's hour-outs; hour-outs a night cannot hold are listed as unmet (DIS-05)."""
    instance, result = ctx.instance, SubResult()
    nights = lockdown_nights(ctx)
    if not nights:
        return result
    barred = barred_pairs(instance)
    cuts: list[Cut] = []
    while True:
        m = HourOutModel(nights, instance.facility.discipline.hour_out_minutes)
        m.build()
        for inmates, date, k, limit in cuts:
            m.model.add(sum(m.x[(i, date)][k] for i in inmates) <= limit).with_name(
                f"STF-03 officers for {','.join(inmates)} {date} {k}"
            )
        keep = keep_published(m, ctx.baseline) if ctx.baseline else None
        result.runs = []
        carried = {h.inmate_id: h.last_slots for h in ctx.previous.hour_outs} if ctx.previous else {}
        starts = solve_levels(m, ctx.settings, result, keep, carried)
        new = officer_cuts(m, starts, barred)
        if not new:
            break
        cuts += new
    hour_out_events(instance, m, starts, result)
    l0 = next((r for r in result.runs if " L0 " in r.subproblem), None)
    stopped = l0 if l0 is not None and stopped_early(l0.status) else None
    left = [
        (n, pod, i) for n in nights for pod, ids in n.pods.items() for i in ids if (i, n.date) not in starts
    ]
    causes = {(n.date, i): cause_of(ctx, n, pod, i, starts, stopped) for n, pod, i in left}
    result.unmet = left_out(left, causes)
    result.notices = per_inmate_notices(ctx.instance, causes)
    return result
