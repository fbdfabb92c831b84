"""Assemble the week: the routine timeline and the appointments, then each sub-problem in
order, each seeing the busy time and the officers the earlier ones took (DAY-07, STF-01),
then one officer matcher for every supervised session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable

from models.common import weekday_of
from models.instance import Instance
from models.schedule import (
    ALL_SUBPROBLEMS,
    AppointmentEvent,
    Carry,
    ClosureShown,
    DaySchedule,
    Unserved,
    WeekSchedule,
)
from scheduler.engine.baseline import Baseline
from scheduler.engine.carry import carry_of
from scheduler.engine.context import Context
from scheduler.engine.grouping import grouped
from scheduler.engine.kept import kept_as_published
from scheduler.engine.result import SubResult
from scheduler.engine.routine import routine_events
from scheduler.engine.solving import SolveSettings
from scheduler.laundry import repair_laundry, solve_laundry
from scheduler.lockdown import solve_lockdown
from scheduler.razors import solve_razors
from scheduler.razors.moved import batch_fits
from scheduler.recreation import solve_recreation
from scheduler.recreation.moved import session_fits
from scheduler.staffing import match_new, solve_staffing
from scheduler.visitation import solve_visitation

SESSIONS = ("recreation", "razor_batch", "laundry_load", "hour_out")
SUBPROBLEMS = ALL_SUBPROBLEMS
"""The sub-problems `solve` runs, in order: visits first (their times are the registrations'
first-come-first-served promise), then the laundry shift (it takes an officer for hours),
the night's hour-outs, recreation around them all, and razors around recreation (RAZ-06).
`--only X` solves X and the sub-problems before it, whose events are its busy time."""
SOLVERS: dict[str, Callable[[Context], SubResult]] = {
    "visitation": solve_visitation,
    "laundry": solve_laundry,
    "lockdown": solve_lockdown,
    "recreation": solve_recreation,
    "razors": solve_razors,
}


def refused_requests(instance: Instance) -> list[Unserved]:
    """Requests the data rules refused (VIS-13), each with its rule."""
    return [
        Unserved(
            request_id=e.request_id,
            inmate_id=instance.requests[e.request_id].inmate_id,
            rule=e.rule or "",
            reason=e.reason,
        )
        for e in sorted(instance.eligibility.values(), key=lambda e: e.request_id)
        if not e.eligible
    ]


def appointment_events(instance: Instance, day: dt.date) -> list[AppointmentEvent]:
    """The inmates' external appointments of a date (APT-01), as busy time on the timeline."""
    out = []
    mine = sorted(
        (a for a in instance.appointments if a.date == day), key=lambda a: (a.inmate_id, a.start, a.end)
    )
    for n, a in enumerate(mine, start=1):
        out.append(
            AppointmentEvent(
                kind="appointment",
                id=f"appointment:{day}:{a.inmate_id}:{n}",
                start=a.start,
                end=a.end,
                place=f"{a.kind} (outside the unit)",
                inmates=[a.inmate_id],
                purpose=a.kind,
                note=a.note,
            )
        )
    return out


def closures_of(instance: Instance, week: WeekSchedule) -> list[ClosureShown]:
    """The week's closures (CAL-01), in date and time order, each with what it displaced: the
    listings that cite CAL-01 with its reason on its date (a visit request's dates are the
    dates its windows offer)."""
    dates = set(instance.dates)
    fields = {"resource", "date", "start", "end", "count", "id", "reason"}
    shown = [
        ClosureShown(**c.model_dump(include=fields)) for c in instance.facility.closures if c.date in dates
    ]
    listed = [
        *((u.request_id, None, u.rule, u.reason) for u in week.waitlist),
        *((s, u.date, u.rule, u.reason) for u in week.unmet if u.kind != "visit" for s in u.each_subject()),
        *((f"{x.activity}:{x.date}:{x.inmate_id}", x.date, x.rule, x.reason) for x in week.exclusions),
    ]
    for c in shown:
        c.displaced = sorted(
            {
                subject
                for subject, day, rule, reason in listed
                if (rule == "CAL-01" or "(CAL-01)" in reason)
                and c.reason in reason
                and _on(instance, subject, day, c.date)
            }
        )
    return sorted(shown, key=lambda c: (c.date, c.start or 0, c.resource, c.id or "", c.reason))


def _on(instance: Instance, subject: str, day: dt.date | None, date: dt.date) -> bool:
    """Whether a listing concerns a date: its own date, or a request's candidate dates."""
    if day is not None:
        return day == date
    verdict = instance.eligibility.get(subject)
    return verdict is not None and any(c.date == date for c in verdict.candidates)


Progress = Callable[[str, SubResult, float], None]
"""Told after each step: its name, its result and its wall seconds (the CLI's stderr lines)."""


KEPT = {"recreation": session_fits, "razors": batch_fits}
"""The sub-problems a repair keeps as published, taking out only what the events force
(`kept_as_published`), with where each may move a session the officers left can no longer
cover; laundry keeps its days but solves again a day whose loads the events change;
visits, hour-outs and officers are re-solved with the changes counted first (REP-03)."""


def _step(name: str, ctx: Context) -> SubResult:
    """One sub-problem's result, fresh or under a published week."""
    b = ctx.baseline
    if b is None:
        return SOLVERS[name](ctx)
    if name in KEPT:
        return kept_as_published(ctx, name, fits=KEPT[name])
    if name == "laundry":  # a day re-solved keeps its shift clear of the officers of kept sessions
        kept = [(d, e) for d, e in b.events("recreation", "razor_batch") if not b.started(d, e.start)]
        return repair_laundry(ctx.then(kept))
    if name == "visitation":  # moved visits keep clear of the sessions kept (REP-03 (3))
        kept = [(d, e) for d, e in b.events(*SESSIONS) if not b.started(d, e.start)]
        return SOLVERS[name](ctx.busy_with(kept))
    return SOLVERS[name](ctx)


def build_week(
    instance: Instance,
    settings: SolveSettings | None = None,
    only: str | None = None,
    progress: Progress | None = None,
    baseline: Baseline | None = None,
    previous: Carry | None = None,
) -> WeekSchedule:
    """The week's schedule: routine and appointments, every sub-problem (or those up to
    `only`), and an officer on every supervised session; with a `baseline`, the repair of
    that published week (REP-01..05); with `previous`, continuing the week before (CON-01);
    and what the next week needs (`carry`, CON-02)."""
    settings = settings or SolveSettings()
    days = [
        DaySchedule(
            date=d,
            weekday=weekday_of(d),
            events=[*routine_events(instance, d), *appointment_events(instance, d)],
        )
        for d in instance.dates
    ]
    week = WeekSchedule(
        facility=instance.facility.name,
        monday=instance.monday,
        days=days,
        waitlist=refused_requests(instance),
        notices=list(instance.notices),
    )
    steps = SUBPROBLEMS if only is None else SUBPROBLEMS[: SUBPROBLEMS.index(only) + 1]
    ctx = dataclasses.replace(Context.of(instance, settings, week, baseline), previous=previous)
    for name in steps:
        started = time.perf_counter()
        ctx = dataclasses.replace(ctx, settings=settings.started())  # each step's own deadline
        result = _step(name, ctx)
        apply(week, result)
        week.scope.append(name)
        match_new(instance, week, settings.started())
        ctx = ctx.then([(date, event) for date, events in sorted(result.events.items()) for event in events])
        if progress:
            progress(name, result, time.perf_counter() - started)
    started = time.perf_counter()
    result = solve_staffing(dataclasses.replace(ctx, settings=settings.started()))
    apply(week, result)
    if progress:
        progress("staffing", result, time.perf_counter() - started)
    for day in week.days:
        day.events.sort(key=lambda e: (e.start, e.end, e.id))
    week.unmet = grouped(week.unmet)
    week.closures = closures_of(instance, week)
    carried = set(instance.carried)
    for u in week.waitlist:
        u.carried = u.request_id in carried
    if carried:  # CON-03: how last week's waitlist fared
        week.kpis["visitation.carried"] = float(len(carried))
        week.kpis["visitation.carried_served"] = float(len(carried) - sum(u.carried for u in week.waitlist))
    if only is None:
        week.carry = carry_of(week, instance, previous)
    return week


def apply(week: WeekSchedule, result: SubResult) -> None:
    """Add a sub-problem's result to the week."""
    for day in week.days:
        day.events += result.events.get(day.date, [])
    week.waitlist = sorted(week.waitlist + result.waitlist, key=lambda u: u.request_id)
    week.exclusions += result.exclusions
    week.unmet += result.unmet
    week.notices += result.notices
    week.kpis |= result.kpis
    week.solver += result.runs
    for name, table in result.tables.items():
        setattr(week, name, table)
