"""Razor issue (RAZ-01..07): each issue day, batches of one pod each, every razor back
by the collection deadline.

The issue day of a list is `razors.issue_offset_days` after it (RAZ-01, `Razors.issue_day`):
1, the following morning (the default window 07:30-11:30), or 0, the list day itself, e.g.
in an evening window before lights out. "Morning" below names one issue day's window,
whenever in the day it falls.

`mornings -> solve_morning -> events`, one model per issue day. This module gathers each
morning (the sign-ups, RAZ-05 exclusions, the starts each pod and sign-up may use) and
reports the result (batches, RAZ-07 exclusions, unmet entries and notices); the model is
`razors_model.py`, its levels `razors_levels.py`, list order `razors_order.py`, and the
schedules that decide levels without a search `razors_flow.py`, `razors_greedy.py` and
`razors_packing.py`.

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

import datetime as dt

from models.common import format_clock, weekday_of
from models.facility import Razors
from models.instance import Instance
from models.schedule import Exclusion, Notice, RazorBatch, Unmet
from scheduler.context import Context
from scheduler.officers import barred, on_duty
from scheduler.razors_levels import solve_morning
from scheduler.razors_model import Morning, Plan, chain
from scheduler.razors_model import slots as slots_of
from scheduler.result import SubResult
from scheduler.routine import clear_starts
from scheduler.solving import SolveSettings, time_limit_advice


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


def mornings(ctx: Context, result: SubResult) -> list[Morning]:
    """Each issue day's eligible sign-ups (RAZ-01, RAZ-05), listing the excluded ones."""
    instance, recreation = ctx.instance, ctx.recreation
    rz = instance.facility.razors
    lists: dict[dt.date, list[str]] = {}
    for s in sorted(instance.razor_signups, key=lambda s: (s.list_date, s.position)):
        lists.setdefault(rz.issue_day(s.list_date), []).append(s.inmate_id)
    out = []
    for day, names in sorted(lists.items()):
        if day not in instance.dates:
            continue
        pods: dict[str, list[str]] = {}
        order = []
        for iid in names:
            reason = _restriction(instance, iid, day)
            if reason:
                result.exclusions.append(
                    Exclusion(inmate_id=iid, activity="razor", date=day, rule="RAZ-05", reason=reason)
                )
            else:
                pods.setdefault(instance.inmates[iid].pod, []).append(iid)
                order.append(iid)
        closed = [c.span for c in instance.facility.closed("razor_issue", day)]
        able = _able(ctx, day, batch_starts(instance, closed))
        allowed = {
            pod: [t for t in batch_starts(instance, recreation.get((pod, day), []) + closed) if able[t]]
            for pod in pods
        }
        own = _own_starts(ctx, day, order, able, closed)
        officers = on_duty(instance, day, rz.issue_start, rz.collect_by)
        free = [ctx.officers_free(day, t, t + 1) for t in range(rz.issue_start, rz.collect_by)]
        changes = [rz.issue_start + k for k in range(1, len(free)) if free[k] > free[k - 1]]
        starts = _left_shifted(allowed, rz, [b for i in order for _, b in ctx.spans(i, day)] + changes)
        grid = chain(rz.batch_minutes, batch_starts(instance, closed))
        aligned = _left_shifted(allowed, rz, changes)
        out.append(
            Morning(
                day,
                order,
                pods,
                starts,
                officers,
                len(grid),
                own=own,
                free=free,
                aligned=aligned,
                able={t: len(v) for t, v in able.items()},
                grid=grid,
            )
        )
    return out


def _own_starts(
    ctx: Context, day: dt.date, order: list[str], able: dict[int, list[str]], closed: list[tuple[int, int]]
) -> dict[str, list[int]]:
    """Each sign-up's batch starts clear of their own busy time (DAY-07) and the closures,
    with an officer free who has no declared relationship with them (STF-03). Sign-ups
    with nothing in the issue window share one answer, worked out once."""
    rz = ctx.instance.facility.razors
    no = barred(ctx.instance)
    related = {i for _, i in no}
    clear: dict[tuple[tuple[int, int], ...], list[int]] = {}
    own = {}
    for i in order:
        busy = tuple(
            sorted(
                span
                for span in ctx.spans(i, day) + closed
                if span[0] < rz.collect_by and span[1] > rz.issue_start
            )
        )
        if busy not in clear:
            clear[busy] = [t for t in batch_starts(ctx.instance, list(busy)) if able[t]]
        own[i] = [t for t in clear[busy] if i not in related or any((o, i) not in no for o in able[t])]
    return own


def _restriction(instance: Instance, iid: str, day: dt.date) -> str:
    """Why an inmate gets no razor that day (RAZ-05), or "" when they may have one."""
    if instance.on_lockdown(iid, day):
        return "on disciplinary lockdown"
    sanction = instance.suspended(iid, "razor", day)
    if sanction is not None:
        return f"razor restriction {sanction.id}" + (f": {sanction.reason}" if sanction.reason else "")
    return ""


def _able(ctx: Context, day: dt.date, starts: list[int]) -> dict[int, list[str]]:
    """The officers who could supervise a batch starting at each minute: on shift for all of
    it and supervising nothing else then (a batch across a shift change needs an officer
    whose shift covers both sides)."""
    length = ctx.instance.facility.razors.batch_minutes
    return {t: ctx.free_officers(day, t, t + length) for t in starts}


def batch_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Minutes at which a batch may start: inside the issue window, clear of counts, meals,
    med passes (RAZ-04) and the pod's recreation (RAZ-06)."""
    rz = instance.facility.razors
    span = range(rz.issue_start, rz.collect_by - rz.batch_minutes + 1)
    return clear_starts(instance, span, rz.batch_minutes, busy)


def _left_shifted(starts: dict[str, list[int]], rz: Razors, ends: list[int]) -> dict[str, list[int]]:
    """Only the starts a left-shifted schedule uses: an allowed minute that follows a
    forbidden one (an anchor, of any pod), the end of a sign-up's busy span (`ends`), or a
    minute where the officers free change, plus whole batch lengths. Every schedule can be
    shifted left, batch by batch in start order, until each batch starts at an anchor or
    where another batch ends, without a later finish, more batches or fewer served; so
    the levels keep their optima and the model gets a few starts instead of every minute."""
    anchors = {t for allowed in map(set, starts.values()) for t in allowed if t - 1 not in allowed}
    anchors |= {t for t in ends if rz.issue_start <= t < rz.collect_by}
    chained = {
        a + k * rz.batch_minutes for a in anchors for k in range((rz.collect_by - a) // rz.batch_minutes + 1)
    }
    return {pod: [t for t in allowed if t in chained] for pod, allowed in starts.items()}


def plan_events(instance: Instance, morning: Morning, plan: Plan, result: SubResult) -> None:
    """Batch events with their officers; RAZ-07 exclusions and the razor-minutes notice."""
    rz = instance.facility.razors
    batches = sorted(
        (t, pod, k, inmates) for pod, bs in plan.batches.items() for k, (t, inmates) in enumerate(bs)
    )
    events = []
    for t, pod, k, inmates in batches:
        events.append(
            RazorBatch(
                kind="razor_batch",
                id=f"razors:{morning.date}:{pod}:{k + 1}",
                start=t,
                end=t + rz.batch_minutes,
                place=f"pod {pod}",
                inmates=inmates,
                pod=pod,
                razors=len(inmates),
            )
        )
    result.add(morning.date, events)


def missed_signups(
    instance: Instance, morning: Morning, plan: Plan, settings: SolveSettings, result: SubResult
) -> None:
    """RAZ-07 exclusions, unmet entries and the notice for the sign-ups left out. A sign-up is
    reported short of razors or officers only when the solve proved it; one left out by a
    solve that stopped on the time limit says so, with the time used versus the limit."""
    served = {i for bs in plan.batches.values() for _, inmates in bs for i in inmates}
    missed = [i for i in morning.order if i not in served]
    if not missed:
        return
    figures_ = _razor_minutes(instance, morning)
    for i in missed:
        why, fix = _why_missed(instance, morning, plan, i, settings, figures_)
        reason = "not served: " + why
        result.exclusions.append(
            Exclusion(inmate_id=i, activity="razor", date=morning.date, rule="RAZ-07", reason=reason)
        )
        result.unmet.append(
            Unmet(
                rule="CAL-01" if reason.endswith("(CAL-01)") else "RAZ-07",
                kind="razor",
                subject=f"razor:{morning.date}:{i}",
                date=morning.date,
                hard=False,
                inmates=[i],
                reason=reason,
                needed=f"{len(morning.order)} sign-ups",
                available=f"{len(morning.order) - len(missed)} served",
                fix=fix,
            )
        )
    result.notices.append(_missed_notice(morning, missed, plan, figures_, settings))


def _why_missed(
    instance: Instance, morning: Morning, plan: Plan, i: str, settings: SolveSettings, figures_: str
) -> tuple[str, str]:
    """Why a sign-up is left out and what would fix it: the sign-up's own busy time or a
    closure, else the time limit when the solve stopped on it, else the razor-minutes."""
    own = _own_reason(instance, morning, i)
    if own:
        return own, "move the inmate's visit or appointment"
    run = plan.stopped or plan.unsure.get(i)
    if run is not None:
        used = f"the solve used {run.seconds:g} s of {settings.time_limit:g} s"
        return time_limit_advice(run, settings.time_limit), f"raise --time-limit ({used})"
    return figures_, "more razors, a longer issue window, or another officer"


def _missed_notice(
    morning: Morning, missed: list[str], plan: Plan, figures_: str, settings: SolveSettings
) -> Notice:
    """RAZ-07: the morning's sign-ups left out and why: the razor-minutes when proven, the
    time limit when the solve stopped on it."""
    run = plan.stopped or next((plan.unsure[i] for i in missed if i in plan.unsure), None)
    why = figures_ if run is None else time_limit_advice(run, settings.time_limit)
    return Notice(
        rule="RAZ-07",
        subject=f"razors {morning.date}",
        text=f"{len(missed)} of {len(morning.order)} razor sign-ups not served ({', '.join(missed)}): {why}",
    )


def _own_reason(instance: Instance, morning: Morning, i: str) -> str:
    """When a closure of the razor issue (CAL-01) or the sign-up's own busy time (DAY-07)
    leaves no batch start, say so, else ""."""
    shut = instance.facility.closed("razor_issue", morning.date)
    if shut and not any(morning.starts.values()):
        return "razor issue closed: " + "; ".join(c.reason for c in shut) + " (CAL-01)"
    pod = instance.inmates[i].pod
    if set(morning.own.get(i, [])) & set(morning.starts.get(pod, [])):
        return ""
    return (
        f"inmate {i} is busy (a visit or an appointment) at every time a batch of pod {pod} can start "
        f"between {format_clock(instance.facility.razors.issue_start)} and "
        f"{format_clock(instance.facility.razors.collect_by)} (DAY-07)"
    )


def _razor_minutes(instance: Instance, morning: Morning) -> str:
    """RAZ-07: razor-minutes needed versus available that morning, in words; when they would
    do, the batches each pod can have are what is short, so those are given too."""
    rz = instance.facility.razors
    needed = len(morning.order) * rz.batch_minutes
    available = rz.inventory * morning.slots * rz.batch_minutes
    officers = f"{len(morning.officers)} officer(s) on duty" + (
        f" ({', '.join(morning.officers)})" if morning.officers else ""
    )
    text = (
        f"{weekday_of(morning.date).capitalize()} {morning.date}: {len(morning.order)} sign-ups need "
        f"{needed:,} razor-minutes ({rz.batch_minutes} min each); {rz.inventory} razors x {morning.slots} "
        f"batches of {rz.batch_minutes} min between {format_clock(rz.issue_start)} and "
        f"{format_clock(rz.collect_by)} give {available:,}, with {officers}"
    )
    if needed > available:
        return text
    room = {pod: slots_of(rz.batch_minutes, morning.starts.get(pod, [])) for pod in morning.pods}
    pods = "; ".join(
        f"pod {pod}: {len(ids)} sign-up(s), room for {room[pod]} batch(es) of at most {rz.inventory}"
        for pod, ids in sorted(morning.pods.items())
    )
    return (
        f"{text}; the razor-minutes would do, so the batches the pods can have (clear of their "
        f"recreation, counts, meals and med passes, one free officer each) are short: {pods}"
    )
