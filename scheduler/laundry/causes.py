"""Why a laundry day does not fit (LAU-04, CAL-01, STF-01), in the administrator's words:
the hours the day has and what sets them, the minutes the loads need, the machines in
service and closed, the officers free, and how late the day would end with every load
done. A solve stopped on the time limit proves nothing short, and says so instead."""

from __future__ import annotations

import math
from dataclasses import replace

from models.common import format_clock
from models.instance import Instance
from models.schedule import SolverRun, Unmet
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, figures, more_time, solved, time_limit_advice
from scheduler.laundry.days import LaundryDay, Load
from scheduler.laundry.greedy import first_come
from scheduler.laundry.model import DayModel


def _subject(day: LaundryDay, load: Load) -> str:
    """The id the load's event would have (UNM-01 names the load it stands for)."""
    return f"laundry:{day.date}:{load.pod}:{load.category}:{load.number}"


def unplaced(day: LaundryDay, load: Load, missed: int, run: SolverRun, settings: SolveSettings) -> Unmet:
    """A load left out because the loads-done level stopped on the time limit: nothing is
    proven short, so the message gives the time used versus the limit, not a resource."""
    used = f"{run.seconds:g} s of the {settings.time_limit:g} s limit"
    return Unmet(
        rule="LAU-04",
        kind="laundry_load",
        subject=_subject(day, load),
        date=day.date,
        hard=True,
        reason=f"{load.name} not scheduled {day.date}: {time_limit_advice(run, settings.time_limit)}",
        needed=f"{len(day.loads)} loads",
        available=f"{len(day.loads) - missed} placed within {used}",
        fix=more_time(run, settings.time_limit),
    )


def misses(
    instance: Instance, day: LaundryDay, missed: list[Load], settings: SolveSettings, result: SubResult
) -> list[Unmet]:
    """LAU-04, proven (the loads-done level is optimal): the loads that miss, with the
    laundry hours the day has (laundry hours, lights on, return deadline, the officer
    shift, closures) versus the wash and dry minutes the loads need."""
    lo, hi, span = _window(instance, day)
    officer_short = span != (lo, hi)
    machines = f"{len(day.washers)} washer(s) and {len(day.dryers)} dryer(s) in service"
    overrun = _overrun(instance, day, settings, result)
    why = f"{machines}; {overrun}; {_demand(instance, day)}; {_hours(instance, day, lo, hi, span)}"
    down = _closed_text(instance, day)
    fix = "longer laundry hours, another washer or dryer, or reopen a closed machine"
    if officer_short:
        least = _least_minutes(instance, day)
        fix = f"an officer free for the whole laundry shift ({least} min or more), {fix}"
    return [
        Unmet(
            rule="CAL-01" if down else "LAU-04",
            kind="laundry_load",
            subject=_subject(day, load),
            date=day.date,
            hard=True,
            reason=f"{load.name} does not fit {day.date}: {why}" + (f" ({'; '.join(down)})" if down else ""),
            needed=f"{len(day.loads)} loads: {_minutes_needed(instance, day)}",
            available=(
                f"{len(day.loads) - len(missed)} fit in {span[1] - span[0]} min "
                f"({format_clock(span[0])}-{format_clock(span[1])}) with {machines}"
            ),
            fix=fix,
        )
        for load in missed
    ]


def _window(instance: Instance, day: LaundryDay) -> tuple[int, int, tuple[int, int]]:
    """Laundry can run from `lo` to `hi` (laundry hours, lights on, return deadline), and in
    `span`, the widest part of that one free officer covers (STF-01)."""
    lau = instance.facility.laundry
    lo, hi = max(lau.start, instance.facility.routine.lights_on), min(lau.end, lau.return_by)
    if not day.shifts:
        return lo, hi, (lo, hi)
    a, b = max(day.shifts, key=lambda s: (min(s[1], hi) - max(s[0], lo), -s[0]))
    return lo, hi, (max(a, lo), min(b, hi))


def _least_minutes(instance: Instance, day: LaundryDay) -> int:
    """The fewest minutes from first wash to last dry for every load: the washers' rounds
    then one dry, or one wash then the dryers' rounds (a lower bound)."""
    lau, n = instance.facility.laundry, len(day.loads)
    if not day.washers or not day.dryers:
        return 0
    by_washers = math.ceil(n / len(day.washers)) * lau.wash_minutes + lau.dry_minutes
    by_dryers = lau.wash_minutes + math.ceil(n / len(day.dryers)) * lau.dry_minutes
    return max(by_washers, by_dryers)


def _minutes_needed(instance: Instance, day: LaundryDay) -> str:
    """Wash and dry minutes of the day's loads, and the least span they take."""
    lau, n = instance.facility.laundry, len(day.loads)
    return (
        f"{n * lau.wash_minutes} washer-minutes and {n * lau.dry_minutes} dryer-minutes, "
        f"at least {_least_minutes(instance, day)} min from the first wash to the last dry"
    )


def _demand(instance: Instance, day: LaundryDay) -> str:
    """The day's loads and the machine-minutes they need, in words."""
    lau, n = instance.facility.laundry, len(day.loads)
    return (
        f"{n} loads need {n} x {lau.wash_minutes} = {n * lau.wash_minutes} washer-minutes and "
        f"{n} x {lau.dry_minutes} = {n * lau.dry_minutes} dryer-minutes, at least "
        f"{_least_minutes(instance, day)} min from the first wash to the last dry"
    )


def _hours(instance: Instance, day: LaundryDay, lo: int, hi: int, span: tuple[int, int]) -> str:
    """The laundry hours of the day and what sets them, with the officers when one free
    officer for the whole shift is what is short (STF-01)."""
    lau, r = instance.facility.laundry, instance.facility.routine
    text = (
        f"laundry can run {format_clock(lo)}-{format_clock(hi)} ({hi - lo} min: laundry hours "
        f"{format_clock(lau.start)}-{format_clock(lau.end)}, lights on {format_clock(r.lights_on)}, "
        f"back in the pod by {format_clock(lau.return_by)})"
    )
    if span == (lo, hi):
        return text
    free = ", ".join(
        f"{format_clock(a)}-{format_clock(b)} ({', '.join(day.officers.get((a, b), []))})"
        for a, b in day.shifts
    )
    return (
        f"{text}; one officer supervises the whole laundry shift (STF-01) and officers are free for it "
        f"only {free}: at most {span[1] - span[0]} min"
    )


def _overrun(instance: Instance, day: LaundryDay, settings: SolveSettings, result: SubResult) -> str:
    """How late the day would end with every load done and no officer limit, by a solve
    of its own; the solve's status decides the words (a time limit is never a shortage)."""
    lau = instance.facility.laundry
    close = min(lau.end, lau.return_by)
    if not day.washers or not day.dryers:
        return "none can run"
    free, horizon = replace(day, shifts=[]), 2 * 1440
    known = first_come(instance, free, horizon)
    if len(known) == len(day.loads):  # a schedule ending then: the optimum ends no later
        horizon = max(d for _, d in known) + lau.dry_minutes
    m = DayModel(instance, free, horizon)
    m.model.add(m.done == len(day.loads)).with_name("LAU-02 every load")
    m.model.minimize(m.finish())
    solver = settings.solver()
    status = solver.solve(m.model)
    run = figures(f"laundry {day.date} every load, past hours", solver, status)
    result.runs.append(run)
    if not solved(status):
        return _no_end(instance, day, run, settings)
    end = round(solver.objective_value)
    if end > close:
        return (
            f"with every load done the day would end at {format_clock(end)}, "
            f"{end - close} min after {format_clock(close)}"
        )
    return (
        f"with every load done the day would end at {format_clock(end)}, inside laundry hours, "
        "but no officer is free for the whole of it"
    )


def _no_end(instance: Instance, day: LaundryDay, run: SolverRun, settings: SolveSettings) -> str:
    """Why no end of the day with every load done was found: more loads than two days
    hold, counts and meals in the way, or the time limit."""
    if run.status != "INFEASIBLE":
        return f"how late every load would end is unknown: {time_limit_advice(run, settings.time_limit)}"
    lau, r = instance.facility.laundry, instance.facility.routine
    least = _least_minutes(instance, day)
    if max(lau.start, r.lights_on) + least > 2 * 1440:
        return f"every load would not be done even by the next midnight (they need at least {least} min)"
    return "no time of day fits every load (counts and meals leave no pickup or return)"


def _closed_text(instance: Instance, day: LaundryDay) -> list[str]:
    """The day's machine closures in words (CAL-01)."""
    down = [f"{mid} closed {format_clock(a)}-{format_clock(b)}: {reason}" for mid, a, b, reason in day.closed]
    return down + [
        f"{c.id} closed all day: {c.reason}"
        for c in instance.facility.closed("laundry_machine", day.date)
        if c.start is None
    ]
