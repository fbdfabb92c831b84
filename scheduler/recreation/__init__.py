"""Recreation (REC-01..06, SEP-01..03, HOU-02..04, DIS-08): groups per pod and day, then
the week's rotation of groups x days x start times, then areas by interval colouring.

`build -> solve -> events`: `groups` splits each pod, `days` makes each day's sessions fit
(busy members, areas, officers), `rotation` places the sessions (`plan`, `fairness`), and
`outcome` turns the result into events, exclusions, unmet hours and the rotation matrix.

Areas may differ in capacity (REC-03: a gym for 30, a yard for 10). Groups are then cut
to the largest area capacity that still lets the week fit: each capacity is tried from
the largest down, and a cut is taken when it leaves every day within the areas and a
rotation without repeated starts exists, each session in an area that holds it (the
rotation then has an area index); the smallest capacity, where any area holds any group,
is the fallback and the only cut when all areas are alike.
"""

from __future__ import annotations

from models.schedule import Notice
from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.engine.solving import more_time, stopped_early
from scheduler.recreation.continuity import across_weeks, window
from scheduler.recreation.crowded import most_held
from scheduler.recreation.days import drop_excess, fit_problems, fitting, limits_of, make_sessions, staffable
from scheduler.recreation.greedy import greedy_rotation, greedy_run
from scheduler.recreation.outcome import session_events, session_unmet, unexplained
from scheduler.recreation.rotation import Rotation, rotate
from scheduler.recreation.sessions import Limits, Session


def solve_recreation(ctx: Context) -> SubResult:
    """The week's recreation around the inmates' busy time; sessions (or members) that
    cannot fit are listed as unmet (REC-01, UNM-01)."""
    capacities = sorted({a.capacity for a in ctx.instance.facility.recreation.areas}, reverse=True)
    rejected = []
    for capacity in capacities[:-1]:  # larger groups first, while the week fits (REC-03)
        trial = SubResult()
        if _solve_with(ctx, capacity, trial, last=False):
            trial.runs[:0] = rejected
            return trial
        for r in trial.runs:
            r.subproblem += f" (groups up to {capacity}: rejected)"
        rejected += trial.runs
    result = SubResult(runs=rejected)
    if rejected:
        result.notices.append(
            Notice(
                rule="REC-03",
                subject="recreation groups",
                text=f"groups are cut to {capacities[-1]}, the smallest area's capacity: larger groups "
                f"(up to {', '.join(map(str, capacities[:-1]))}) leave no rotation that fits the areas",
            )
        )
    _solve_with(ctx, capacities[-1], result, last=True)
    return result


def _proven_infeasible(rotation: Rotation) -> bool:
    return rotation.starts is None and bool(rotation.runs) and rotation.runs[-1].status == "INFEASIBLE"


def _rotation(
    ctx: Context, sessions: list[Session], options: dict, limits: Limits, result: SubResult, last: bool
) -> Rotation | None:
    """The rotation without repeated starts, else (proven impossible) with repeats allowed
    and a REC-05 notice; None when not `last` and no rotation without repeats was found."""
    instance, settings = ctx.instance, ctx.settings
    past = window(ctx, sessions)
    rotation = rotate(instance, sessions, across_weeks(ctx, sessions, options), settings, limits, past=past)
    result.runs += rotation.runs
    if rotation.starts is None and not last:
        return None
    if _proven_infeasible(rotation):
        for r in rotation.runs:  # a proof that no rotation avoids repeats
            r.subproblem += " (no repeats)"
        rotation = rotate(instance, sessions, options, settings, limits, repeats=True, past=past)
        for r in rotation.runs:
            r.subproblem += " (repeats allowed)"
        result.runs += rotation.runs
        if rotation.starts is not None:
            result.notices.append(
                Notice(
                    rule="REC-05",
                    subject="recreation rotation",
                    text="the members' busy times leave no rotation in which every group changes its start "
                    "from one day to the next; some groups keep their start on consecutive days",
                )
            )
    return rotation


def _crowded_days(
    ctx: Context, sessions: list[Session], options: dict, limits: Limits, result: SubResult
) -> list[Session]:
    """Each day's sessions that fit together (the most, proven per day); the others are
    listed unmet with the day's figures."""
    rec = ctx.instance.facility.recreation
    kept = []
    for day in sorted({s.date for s in sessions}):
        today = [s for s in sessions if s.date == day]
        held, runs = most_held(
            ctx.instance, today, options, [x for x in limits if x.day == day], ctx.settings
        )
        result.runs += runs
        kept += held
        why = (
            f"only {len(held)} of the day's {len(today)} group sessions fit in {len(rec.areas)} area(s) "
            "at the starts their members are free (visits, appointments and counts take the others), "
            "with the officers free then"
        )
        for s in today:
            if s not in held:
                unmet = session_unmet(s, list(s.inmates), why, "REC-02")
                result.unmet.append(
                    unmet.model_copy(
                        update={
                            "fix": "move the members' appointments or visits, "
                            "longer recreation hours, or another area"
                        }
                    )
                )
    return kept


def _solve_with(ctx: Context, capacity: int, result: SubResult, last: bool) -> bool:
    """Recreation with groups of at most `capacity`; unless `last`, False (and nothing
    more added) as soon as the sessions do not fit or need repeated starts."""
    instance, settings = ctx.instance, ctx.settings
    sessions = make_sessions(instance, settings, result, capacity)
    sessions, options = fitting(ctx, sessions, result)
    limits = limits_of(ctx, sessions)
    problems = fit_problems(instance, sessions, options, limits)
    if problems and not last:
        return False
    for problem in problems:  # listed once per cause in the unmet list, not again as a notice
        sessions = drop_excess(sessions, problem, result)
    if not sessions:
        return True
    strict = staffable(ctx, sessions, options)
    tried = len(result.runs)
    rotation = _rotation(ctx, sessions, strict, limits, result, last)
    if rotation is None:
        return False
    if _proven_infeasible(rotation) and (strict != options or any(x.barred for x in limits)):
        for r in result.runs[tried:]:
            r.subproblem += " (every session with an unrelated officer: impossible)"
        result.notices.append(
            Notice(
                rule="STF-03",
                subject="recreation officers",
                text="no rotation gives every session a start at which an officer without a declared "
                "relationship with its members is free; the sessions are placed without that, and those "
                "no officer can take are listed as unstaffed",
            )
        )
        strict, limits = options, [x for x in limits if not x.barred]
        rotation = _rotation(ctx, sessions, strict, limits, result, last)
        if rotation is None:
            return False
    if _proven_infeasible(rotation):  # a crowded day costs only that day
        sessions = _crowded_days(ctx, sessions, strict, limits, result)
        rotation = _rotation(ctx, sessions, strict, limits, result, last) if sessions else Rotation({}, [])
        if rotation is None:
            return False
    if rotation.starts is None:
        run = rotation.runs[-1]
        problem = unexplained(instance, sessions, run, settings)
        fix = more_time(run, settings.time_limit)
        if stopped_early(run.status):  # nothing found in time: a rotation built by hand is kept
            starts, areas, sessions = greedy_rotation(instance, sessions, strict, limits)
            result.runs.append(greedy_run(len(starts), len(starts) + len(sessions)))
            session_events(instance, starts, result, areas)
        for s in sessions:
            unmet = session_unmet(s, list(s.inmates), problem.message, problem.rule or "REC-01")
            result.unmet.append(unmet.model_copy(update={"fix": fix}) if stopped_early(run.status) else unmet)
        return True
    session_events(instance, rotation.starts, result, rotation.areas)
    return True
