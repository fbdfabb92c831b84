"""A morning's plan as schedule data: the batches, and every sign-up left out with its true
cause and figures (RAZ-05, RAZ-07, UNM-01)."""

from __future__ import annotations

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import Exclusion, Notice, RazorBatch, Unmet
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, more_time, time_limit_advice
from scheduler.razors.model import Morning, Plan
from scheduler.razors.model import slots as slots_of


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
                rule=next((r for r in ("CAL-01", "STF-03") if reason.endswith(f"({r})")), "RAZ-07"),
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
    related = _related_reason(instance, morning, i)
    if related:
        return related, f"an officer on duty then with no declared relationship with inmate {i} (STF-03)"
    own = _own_reason(instance, morning, i)
    if own.endswith("(CAL-01)"):
        return own, "reopen the razor issue, or issue razors on another day"
    if own:
        return own, "move the inmate's visit or appointment"
    run = plan.stopped or plan.unsure.get(i)
    if run is not None:
        return time_limit_advice(run, settings.time_limit), more_time(run, settings.time_limit)
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


def _related_reason(instance: Instance, morning: Morning, i: str) -> str:
    """When every batch start clear of the sign-up's busy time has only officers with a
    declared relationship with the inmate free (STF-03): those officers and relationships."""
    pod = instance.inmates[i].pod
    at = {t: oids for t, oids in morning.related.get(i, {}).items() if t in morning.starts.get(pod, [])}
    if not at:
        return ""
    kinds = {(r.officer_id, r.inmate_id): r.kind for r in instance.staff_relationships}
    officers = sorted({o for oids in at.values() for o in oids})
    named = ", ".join(
        f"{o} ({kinds.get((o, i), 'declared relationship').replace('_', ' ')})" for o in officers
    )
    return (
        f"every officer free at the {len(at)} time(s) a batch of pod {pod} can start with inmate {i} "
        f"({', '.join(format_clock(t) for t in sorted(at))}) has a declared relationship with the inmate: "
        f"{named} (STF-03)"
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
