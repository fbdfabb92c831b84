"""Each recreation day's sessions made to fit before the rotation (REC-01..03, CAL-01, STF-01):
groups cut to a capacity, members split off where their busy time leaves no common start,
the starts each session may use, the limits of areas and officers, and what a day cannot hold."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from models.common import format_clock, weekday_of
from models.instance import Instance
from scheduler.engine.context import Context
from scheduler.engine.officers import barred_by, on_duty
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.recreation.groups import Officers, eligible_today, partition
from scheduler.recreation.outcome import session_unmet
from scheduler.recreation.sessions import GRID, Limit, Limits, Session, grid_starts


def fitting(ctx: Context, sessions: list[Session], result: SubResult) -> tuple[list[Session], dict]:
    """Each session's starts clear of its members' busy time (DAY-07). A member busy at
    every start is listed as unmet; members who leave the rest of their group no common
    start are split off into groups of their own that have one (`_split`)."""
    instance = ctx.instance
    barring = barred_by(instance)
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
            barred = frozenset().union(*(barring.get(i, set()) for i in part))
            session = Session(s.date, s.pod, label, tuple(part), barred)
            kept.append(session)
            options[session] = sorted(set.intersection(*(set(own[i]) for i in part)))
    return kept, options


def staffable(
    ctx: Context, sessions: list[Session], options: dict[Session, list[int]]
) -> dict[Session, list[int]]:
    """STF-03: each session's starts at which some officer on shift and free may take it (no
    declared relationship with a member); all of them when none has one, so the session is
    still held and the officer matcher names why each officer is excluded."""
    length = ctx.instance.facility.recreation.session_minutes
    out = {}
    for s in sessions:
        starts = options[s]
        able = (
            [t for t in starts if set(ctx.free_officers(s.date, t, t + length)) - s.barred]
            if s.barred
            else []
        )
        out[s] = able or starts
    return out


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


def limits_of(ctx: Context, sessions: list[Session]) -> Limits:
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
        today = [s for s in sessions if s.date == day]
        barred = sorted({s.barred for s in today if s.barred}, key=sorted)
        classes = {c: sum(1 for s in today if c <= s.barred) for c in [frozenset(), *barred]}
        for tau in grid:
            live = [t for t in grid if tau - length < t <= tau]
            for size in range(1, min(len(live), HALL_STARTS) + 1):
                for chosen in itertools.combinations(live, size):
                    out += _hall(day, chosen, can, classes, len(rec.areas))
    return sorted(set(out), key=lambda x: (x.day, sorted(x.starts), x.cap, x.rule))


def _hall(
    day: dt.date,
    chosen: tuple[int, ...],
    can: dict[int, set[str]],
    classes: dict[frozenset[str], int],
    areas: int,
) -> list[Limit]:
    """Hall's condition for the sessions starting at `chosen` (in progress together): those
    barred to the officers of a class (all sessions for the empty class) number at most the
    officers free for one of the starts and not barred to them (STF-01, STF-03); only the
    limits tighter than the areas and than the day's number of such sessions (`classes`)."""
    out = []
    for barred, count in classes.items():
        cap = len(set().union(*(can[t] - barred for t in chosen)))
        if cap < min(areas, count if barred else areas):
            out.append(Limit(day, frozenset(chosen), cap, "STF-03" if barred else "STF-01", barred))
    return out


def drop_excess(sessions: list[Session], problem: Excess, result: SubResult) -> list[Session]:
    """Sessions of a day beyond what its areas can hold: the last ones are listed as unmet,
    all with the day's cause (one line once grouped)."""
    today = [s for s in sessions if s.date == problem.day]
    dropped = set(sorted(today, key=lambda s: (s.pod, s.label))[len(today) - problem.excess :])
    for s in sorted(dropped, key=lambda s: (s.pod, s.label)):
        unmet = session_unmet(s, list(s.inmates), problem.message, problem.rule)
        when = f"{weekday_of(s.date).capitalize()} {s.date}"
        result.unmet.append(
            unmet.model_copy(
                update={
                    "reason": f"{when}: {problem.message}; not held",
                    "needed": f"{problem.needed} sessions",
                    "available": f"{problem.fit} fit",
                    "fix": problem.fix,
                }
            )
        )
    return [s for s in sessions if s not in dropped]


def make_sessions(
    instance: Instance, settings: SolveSettings, result: SubResult, capacity: int
) -> list[Session]:
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
    staff = Officers(recreation_officers(instance, days), barred_by(instance))
    for pod, everyone in sorted(week_sets.items()):
        base = partition(
            instance,
            sorted(everyone),
            capacity,
            settings,
            result.runs,
            f"{pod} week",
            tiers=smaller,
            officers=staff,
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
                    officers=staff,
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
    needed: int = 0
    fit: int = 0
    fix: str = "longer recreation hours, another area, or another officer on shift"


def _packed(instance: Instance, day: dt.date, limits: Limits) -> int:
    """How many sessions of one length fit a day, packed as early as the areas and `limits`
    allow (for sessions of one length and area limits, the most that fit)."""
    rec = instance.facility.recreation
    ends: list[int] = []
    mine = [lim for lim in limits if lim.day == day and not lim.barred]
    taken: dict[int, int] = defaultdict(int)
    for t in grid_starts(instance, []):
        room = len(rec.areas) - sum(e > t for e in ends)
        room = min([room] + [lim.cap - sum(taken[u] for u in lim.starts) for lim in mine if t in lim.starts])
        for _ in range(max(0, room)):
            ends.append(t + rec.session_minutes)
            taken[t] += 1
    return len(ends)


def fit_problems(
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
        open_fit = _packed(instance, day, [x for x in limits if x.rule != "CAL-01"])
        if shut and needed <= open_fit:
            closed = "; ".join(f"{c.id} closed ({c.reason})" for c in shut)
            message = f"{closed}: {needed - fit} of {needed} group sessions do not fit in the areas left open"
            fix = "another area, or a make-up day"
            out.append(Excess(day, needed - fit, message, "CAL-01", needed, fit, fix))
            continue
        if shut:
            message += "; closed: " + "; ".join(f"{c.id}: {c.reason}" for c in shut)
        out.append(Excess(day, needed - fit, message, "REC-02", needed, fit))
    return out


def recreation_officers(instance: Instance, days: list[dt.date]) -> list[str]:
    """Officers on shift for a whole session inside recreation hours on some recreation day."""
    rec = instance.facility.recreation
    grid = range(rec.start, rec.end - rec.session_minutes + 1, GRID)
    return sorted(
        {o for day in days for t in grid for o in on_duty(instance, day, t, t + rec.session_minutes)}
    )


def recreation_days(instance: Instance) -> list[dt.date]:
    """The week's recreation days (REC-01)."""
    return [d for d in instance.dates if weekday_of(d) in instance.facility.recreation.days]
