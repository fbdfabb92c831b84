"""Recreation (REC-01..06, SEP-01..03, HOU-02..04, DIS-08): groups per pod and day, then
the week's rotation of groups x days x start times, then areas by interval colouring.

`build -> solve -> events`: `groups` splits each pod, `rotation` places the sessions,
and this module turns the result into events, exclusions and the rotation matrix.

Areas may differ in capacity (REC-03: a gym for 30, a yard for 10). Groups are then cut
to the largest area capacity that still lets the week fit: each capacity is tried from
the largest down, and a cut is taken when it leaves every day within the areas and a
rotation without repeated starts exists, each session in an area that holds it (the
rotation then has an area index); the smallest capacity, where any area holds any group,
is the fallback and the only cut when all areas are alike.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.problems import Problem
from models.schedule import Notice, RecreationSession, RotationRow, SolverRun, Unmet
from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, stopped_early, time_limit_advice
from scheduler.recreation.groups import eligible_today, partition
from scheduler.recreation.rotation import rotate
from scheduler.recreation.sessions import GRID, Limit, Limits, Session, daylight, grid_starts


def recreation_days(instance: Instance) -> list[dt.date]:
    """The week's recreation days (REC-01)."""
    return [d for d in instance.dates if weekday_of(d) in instance.facility.recreation.days]


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


def _solve_with(ctx: Context, capacity: int, result: SubResult, last: bool) -> bool:
    """Recreation with groups of at most `capacity`; unless `last`, False (and nothing
    more added) as soon as the sessions do not fit or need repeated starts."""
    instance, settings = ctx.instance, ctx.settings
    sessions = _sessions(instance, settings, result, capacity)
    sessions, options = _fitting(ctx, sessions, result)
    limits = _limits(ctx, sessions)
    problems = _fit_problems(instance, sessions, options, limits)
    if problems and not last:
        return False
    for problem in problems:
        result.notices.append(
            Notice(rule="REC-02", subject=f"recreation {problem.day}", text=problem.message)
        )
        sessions = _drop_excess(sessions, problem, result)
    if not sessions:
        return True
    rotation = rotate(instance, sessions, options, settings, limits)
    result.runs += rotation.runs
    if rotation.starts is None and not last:
        return False
    if rotation.starts is None and rotation.runs and rotation.runs[-1].status == "INFEASIBLE":
        for r in rotation.runs:  # a proof that no rotation avoids repeats
            r.subproblem += " (no repeats)"
        rotation = rotate(instance, sessions, options, settings, limits, repeats=True)
        for r in rotation.runs:
            r.subproblem += " (repeats allowed)"
        result.runs += rotation.runs
        result.notices.append(
            Notice(
                rule="REC-05",
                subject="recreation rotation",
                text="the members' busy times leave no rotation in which every group changes its start "
                "from one day to the next; some groups keep their start on consecutive days",
            )
        )
    if rotation.starts is None:
        run = rotation.runs[-1]
        problem = _unexplained(instance, sessions, run, settings)
        fix = f"raise --time-limit (used {run.seconds:g} s of {settings.time_limit:g} s)"
        for s in sessions:
            unmet = session_unmet(s, list(s.inmates), problem.message, problem.rule or "REC-01")
            result.unmet.append(unmet.model_copy(update={"fix": fix}) if stopped_early(run.status) else unmet)
        return True
    _events(instance, rotation.starts, result, rotation.areas)
    return True


def session_unmet(s: Session, inmates: list[str], why: str, rule: str = "REC-01") -> Unmet:
    """A recreation hour that does not fit (UNM-01): hard demand."""
    return Unmet(
        rule=rule,
        kind="recreation",
        subject=f"recreation:{s.date}:{s.pod}:{s.label + 1}",
        date=s.date,
        hard=True,
        inmates=sorted(inmates),
        reason=f"pod {s.pod}, group {s.label + 1}, {weekday_of(s.date).capitalize()} {s.date}: {why}",
        needed=f"{len(inmates)} inmate(s) x 1 recreation hour",
        available="no free start in recreation hours",
        fix="move the inmate's appointment or visit, longer recreation hours, or another area",
    )


def _fitting(ctx: Context, sessions: list[Session], result: SubResult) -> tuple[list[Session], dict]:
    """Each session's starts clear of its members' busy time (DAY-07). A member busy at
    every start is listed as unmet; members who leave the rest of their group no common
    start are split off into groups of their own that have one (`_split`)."""
    instance = ctx.instance
    labels = {s.pod: 0 for s in sessions}
    for s in sessions:
        labels[s.pod] = max(labels[s.pod], s.label + 1)
    kept, options = [], {}
    for s in sessions:
        own = {i: grid_starts(instance, ctx.spans(i, s.date)) for i in s.inmates}
        stuck = [i for i in s.inmates if not own[i]]
        if stuck:
            result.unmet.append(session_unmet(s, stuck, "busy (visits, appointments) at every start"))
        members = [i for i in s.inmates if own[i]]
        for k, part in enumerate(_split(members, own)):
            label = s.label if k == 0 else labels[s.pod]
            labels[s.pod] += int(k > 0)
            session = Session(s.date, s.pod, label, tuple(part))
            kept.append(session)
            options[session] = sorted(set.intersection(*(set(own[i]) for i in part)))
    return kept, options


def _split(members: list[str], own: dict[str, list[int]]) -> list[list[str]]:
    """Members in groups that each have a common start: the group keeps its members in order
    while they share one; whoever would leave none starts the next group (the fewest
    splits for members in this order, none when the whole group fits)."""
    groups: list[list[str]] = []
    common: set[int] = set()
    for i in members:
        if groups and common & set(own[i]):
            groups[-1].append(i)
            common &= set(own[i])
        else:
            groups.append([i])
            common = set(own[i])
    return groups


HALL_STARTS = 6
"""The most starts in one Hall set (2^6 - 1 sets a time at most; an hour on a 15-minute grid
has 4 starts in progress together)."""


def _limits(ctx: Context, sessions: list[Session]) -> Limits:
    """What else caps the sessions in progress together, beyond the areas.

    CAL-01: at a grid time, sessions in progress at most the areas open then. STF-01/02:
    sessions in progress at one time need an officer each, and an officer can take a session
    starting at s only if their shift covers it and they supervise nothing else then; so for
    every set of starts in progress together, the sessions starting at them number at most
    the officers free for one of them (Hall's condition, exact for the sessions in progress
    at one time: who may take a session depends only on its start). This is what keeps a
    session that straddles a shift change (14:30-15:30) for the officers whose shift covers
    both sides."""
    instance = ctx.instance
    rec = instance.facility.recreation
    out: Limits = []
    length = rec.session_minutes
    for day in sorted({s.date for s in sessions}):
        closed = instance.facility.closed("recreation_area", day)
        grid = list(range(rec.start, rec.end - length + 1, GRID))
        can = {t: set(ctx.free_officers(day, t, t + length)) for t in grid}
        for point in sorted(set(grid) | {c.span[0] for c in closed}):  # in progress changes there
            shut = len({c.id for c in closed if c.span[0] <= point < c.span[1]})
            live = [t for t in grid if point - length < t <= point]
            if shut and live:
                out.append(Limit(day, frozenset(live), max(0, len(rec.areas) - shut), "CAL-01"))
        for tau in grid:
            live = [t for t in grid if tau - length < t <= tau]
            for size in range(1, min(len(live), HALL_STARTS) + 1):
                for chosen in itertools.combinations(live, size):
                    cap = len(set().union(*(can[t] for t in chosen)))
                    if cap < len(rec.areas):
                        out.append(Limit(day, frozenset(chosen), cap, "STF-01"))
    return sorted(set(out), key=lambda x: (x.day, sorted(x.starts), x.cap, x.rule))


def _drop_excess(sessions: list[Session], problem: Excess, result: SubResult) -> list[Session]:
    """Sessions of a day beyond what its areas can hold: the last ones are listed as unmet."""
    today = [s for s in sessions if s.date == problem.day]
    dropped = set(sorted(today, key=lambda s: (s.pod, s.label))[len(today) - problem.excess :])
    for s in sorted(dropped, key=lambda s: (s.pod, s.label)):
        result.unmet.append(session_unmet(s, list(s.inmates), problem.message, problem.rule))
    return [s for s in sessions if s not in dropped]


def _sessions(instance: Instance, settings: SolveSettings, result: SubResult, capacity: int) -> list[Session]:
    """Each day's groups of at most `capacity`, with labels kept from the pod's week
    grouping; above the smallest area's capacity, as few groups as possible are larger
    than each smaller area (they need the larger areas). Each day's groups hold that day's
    eligible inmates once: a day missed is not made up on another (REC-06)."""
    smaller = sorted({a.capacity for a in instance.facility.recreation.areas if a.capacity < capacity})
    days = recreation_days(instance)
    daily = {d: eligible_today(instance, d) for d in days}
    for _, excluded in daily.values():
        result.exclusions += excluded
    week_sets: dict[str, set[str]] = defaultdict(set)
    for pods, _ in daily.values():
        for pod, ids in pods.items():
            week_sets[pod].update(ids)
    sessions: list[Session] = []
    for pod, everyone in sorted(week_sets.items()):
        base = partition(
            instance, sorted(everyone), capacity, settings, result.runs, f"{pod} week", tiers=smaller
        )
        labels = {i: g for g, members in enumerate(base.groups) for i in members}
        cache: dict[frozenset[str], list[list[str]]] = {frozenset(everyone): base.groups}
        for day in days:
            today = daily[day][0].get(pod, [])
            if not today:
                continue
            key = frozenset(today)
            if key not in cache:
                cache[key] = partition(
                    instance,
                    sorted(today),
                    capacity,
                    settings,
                    result.runs,
                    f"{pod} {day}",
                    previous=labels,
                    tiers=smaller,
                ).groups
            for label, members in enumerate(cache[key]):
                if members:
                    sessions.append(Session(day, pod, label, tuple(members)))
    return sessions


@dataclass(frozen=True)
class Excess:
    """A day with more group sessions than its areas and officers can hold (REC-02)."""

    day: dt.date
    excess: int
    message: str
    rule: str = "REC-02"


def _packed(instance: Instance, day: dt.date, limits: Limits) -> int:
    """How many sessions of one length fit a day, packed as early as the areas and `limits`
    allow (for sessions of one length and area limits, the most that fit)."""
    rec = instance.facility.recreation
    ends: list[int] = []
    mine = [lim for lim in limits if lim.day == day]
    taken: dict[int, int] = defaultdict(int)
    for t in grid_starts(instance, []):
        room = len(rec.areas) - sum(e > t for e in ends)
        room = min([room] + [lim.cap - sum(taken[u] for u in lim.starts) for lim in mine if t in lim.starts])
        for _ in range(max(0, room)):
            ends.append(t + rec.session_minutes)
            taken[t] += 1
    return len(ends)


def _fit_problems(
    instance: Instance, sessions: list[Session], options: dict[Session, list[int]], limits: Limits
) -> list[Excess]:
    """REC-02 in the administrator's terms: sessions needed versus area-hours available,
    counted by packing sessions as early as the open areas and free officers allow; CAL-01
    when the day's area closures are why."""
    rec = instance.facility.recreation
    per_day: dict[dt.date, int] = defaultdict(int)
    for s in sessions:
        per_day[s.date] += 1
    out = []
    for day, needed in sorted(per_day.items()):
        fit = _packed(instance, day, limits)
        if needed <= fit:
            continue
        message = (
            f"{needed} group sessions need an area and an officer each, but {len(rec.areas)} area(s) "
            f"between {format_clock(rec.start)} and {format_clock(rec.end)} hold only {fit}"
        )
        shut = instance.facility.closed("recreation_area", day)
        if shut:
            message += "; closed: " + "; ".join(f"{c.id}: {c.reason}" for c in shut)
        open_fit = _packed(instance, day, [x for x in limits if x.rule != "CAL-01"])
        out.append(Excess(day, needed - fit, message, "CAL-01" if shut and needed <= open_fit else "REC-02"))
    return out


def _unexplained(
    instance: Instance, sessions: list[Session], run: SolverRun, settings: SolveSettings
) -> Problem:
    """Why no rotation was found, by the last solve's status: a proof (INFEASIBLE) names what
    is short with its figures; only a solve that stopped on the time limit says to raise it,
    with the time used versus the limit."""
    rec = instance.facility.recreation
    areas = len(rec.areas)
    pods = ", ".join(sorted({s.pod for s in sessions}))
    hours = f"{format_clock(rec.start)}-{format_clock(rec.end)}"
    if run.status == "INFEASIBLE" and "(repeats allowed)" in run.subproblem:
        message = (
            f"{len(sessions)} group sessions of pod(s) {pods} ({rec.session_minutes} min each) do not fit "
            f"in {areas} area(s) between {hours}: their members' busy times and the officers free leave "
            "no start for all of them"
        )
        return Problem("recreation", "", "", message, "REC-02")
    if run.status == "INFEASIBLE":
        message = (
            f"{len(sessions)} group sessions do not fit in {areas} area(s) without a group "
            "repeating its start on consecutive days"
        )
        return Problem("recreation", "", "", message, "REC-05")
    message = (
        f"no rotation of {len(sessions)} group sessions of pod(s) {pods} in {areas} area(s) found: "
        f"{time_limit_advice(run, settings.time_limit)}"
    )
    return Problem("recreation", "", "", message, "REC-01")


def _events(
    instance: Instance,
    starts: dict[Session, int],
    result: SubResult,
    placed: dict[Session, str] | None = None,
) -> None:
    """Sessions with their areas: the rotation's (`placed`, when some area is too small for
    some group), else by interval colouring: the first area free and open (CAL-01) for the
    whole session, preferring the one whose next closure is furthest away."""
    rec = instance.facility.recreation
    areas = [a.id for a in rec.areas]
    rows: dict[tuple[str, int], RotationRow] = {}
    for day in sorted({s.date for s in starts}):
        free_at = dict.fromkeys(areas, 0)
        shut = {a: [c.span for c in instance.facility.closed("recreation_area", day, a)] for a in areas}
        events = []
        for s in sorted((s for s in starts if s.date == day), key=lambda s: (starts[s], s.pod, s.label)):
            t = starts[s]
            end = t + rec.session_minutes
            idle = [a for a in areas if free_at[a] <= t] or areas
            usable = [a for a in idle if all(end <= x or y <= t for x, y in shut[a])] or idle
            area = min(
                usable,
                key=lambda a: (-min([x for x, _ in shut[a] if x >= end], default=10**6), areas.index(a)),
            )
            if placed is not None:
                area = placed[s]
            free_at[area] = end
            events.append(
                RecreationSession(
                    kind="recreation",
                    id=f"recreation:{day}:{s.pod}:{s.label + 1}",
                    start=t,
                    end=t + rec.session_minutes,
                    place=area,
                    inmates=list(s.inmates),
                    pod=s.pod,
                    group=s.label + 1,
                )
            )
            row = rows.setdefault(s.group, RotationRow(pod=s.pod, group=s.label + 1))
            row.starts[day] = t
            row.daylight += int(daylight(instance, t))
        result.add(day, events)
    result.tables["rotation"] = [rows[k] for k in sorted(rows)]
    result.kpis["recreation.sessions"] = float(len(starts))
    result.kpis["recreation.groups"] = float(len(rows))
    result.kpis["recreation.daylight_sessions"] = float(sum(r.daylight for r in rows.values()))
    result.kpis["recreation.excluded"] = float(len(result.exclusions))
