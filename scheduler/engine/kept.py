"""A repair's hold on a sub-problem whose sessions it keeps as published (recreation, razors,
laundry; REP-01, REP-03): every published session stays where it is; a member the events
take out of one (a lockdown, a suspension, new busy time, a new keep-separate partner, a pod
move) is taken out, moved to another session of their pod that day when one holds them,
given a recreation session of their own when none does (recreation is hard, REC-01), and
otherwise listed; a session whose place closes moves to another place free then; where an
absence leaves more sessions at once than officers free, the excess move to a time the
officers cover (`_short_handed`).

Each change made here is forced by an event (an inmate placed elsewhere is one change
wherever they go), so their count is a lower bound for any repair; when nothing is left
unplaced the run is reported OPTIMAL on that bound. A razor sign-up left unplaced is optimal
too: placing it would change another batch (its members or its time), and REP-03 puts fewer
changes (3) before serving more (4); a sign-up left out is a normal outcome (RAZ-07). An
inmate left without recreation (hard) is reported FEASIBLE: solving the day's sessions afresh
might place them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from models.common import format_clock
from models.schedule import EventBase, Exclusion, RecreationSession, SolverRun, Unmet
from scheduler.engine.baseline import Baseline
from scheduler.engine.context import Context, base
from scheduler.engine.officers import barred_by
from scheduler.engine.result import SubResult
from scheduler.engine.routine import clear_starts

PREFIX = {"recreation": "REC", "razors": "RAZ", "laundry": "LAU"}
KIND = {"recreation": "recreation", "razors": "razor_batch", "laundry": "laundry_load"}
ACTIVITY = {"recreation": "recreation", "razors": "razor", "laundry": "laundry"}
UNMET = {"recreation": "recreation", "razors": "razor", "laundry": "laundry_load"}


@dataclass
class Keeping:
    """The state of one sub-problem's kept week."""

    ctx: Context
    name: str
    result: SubResult = field(default_factory=SubResult)
    changes: int = 0
    unplaced: int = 0
    fresh: frozenset[dt.date] = frozenset()

    @property
    def baseline(self) -> Baseline:
        assert self.ctx.baseline is not None
        return self.ctx.baseline


Fits = Callable[[Context, dt.date, EventBase, int, list[EventBase]], bool]
"""Whether a kept session may start at a minute of its date beside the date's other sessions
of its sub-problem, by that sub-problem's own rules (members free, place, stock)."""


def kept_as_published(
    ctx: Context, name: str, fresh: frozenset[dt.date] = frozenset(), fits: Fits | None = None
) -> SubResult:
    """The sub-problem's published sessions, kept, with the members and places the events
    force out (see the module's docstring); dates in `fresh` are left out, for the
    sub-problem to solve again. With `fits`, a session the officers free can no longer
    cover at its time moves to the first time they can (`_short_handed`)."""
    k = Keeping(ctx, name, fresh=fresh)
    b = k.baseline
    sessions = [(day, _copy(e)) for day, e in b.events(KIND[name]) if day not in fresh]
    if name == "laundry":  # the day's laundry-shift posts go with its loads
        posts = [
            (d, e)
            for d, e in b.events("post")
            if getattr(e, "session", "") == "laundry_shift" and d not in fresh
        ]
        k.result.add_posts([(d, _copy(e)) for d, e in posts])
    for day, e in sessions:
        if not b.started(day, e.start):
            _check_members(k, day, e, sessions)
            _check_place(k, day, e, sessions)
    if fits is not None:
        _short_handed(k, [(d, e) for d, e in sessions if e.inmates], fits)
    for day, e in sessions:
        if e.inmates or name == "laundry":
            if name == "razors":
                e.razors = len(e.inmates)  # type: ignore[attr-defined]
            k.result.add(day, [e])
    _carry(k)
    short = k.unplaced if name == "recreation" else 0
    k.result.runs.append(
        SolverRun(
            subproblem=f"{name} R3 kept as published (changes forced by the events)",
            status="OPTIMAL" if not short else "FEASIBLE",
            objective=float(k.changes),
            bound=float(k.changes - short),
            gap=0.0 if not short else None,
        )
    )
    return k.result


def _copy(e: EventBase) -> EventBase:
    """A published session to change: its own member list, the rest shared (read only)."""
    return e.model_copy(update={"inmates": list(e.inmates)})


def _carry(k: Keeping) -> None:
    """The published listings, figures and tables of the sub-problem."""
    week, prefix = k.baseline.published, PREFIX[k.name]
    k.result.exclusions = [x for x in week.exclusions if x.activity == ACTIVITY[k.name]] + k.result.exclusions
    k.result.unmet = [
        u for u in week.unmet if u.kind == UNMET[k.name] and u.date not in k.fresh
    ] + k.result.unmet
    k.result.notices = [n for n in week.notices if n.rule.startswith(prefix)]
    k.result.kpis = {key: v for key, v in week.kpis.items() if key.startswith(f"{k.name}.")}
    if k.name == "recreation":
        k.result.tables = {"rotation": [r.model_copy() for r in week.rotation]}


def _check_members(k: Keeping, day: dt.date, e: EventBase, sessions: list[tuple[dt.date, EventBase]]) -> None:
    """Take out each member the events now keep from this session."""
    touched = k.baseline.touched
    if touched is not None and touched.isdisjoint(e.inmates):
        return
    for iid in list(e.inmates):
        why = _barred(k, iid, day, e)
        if why is None:
            continue
        e.inmates.remove(iid)
        k.changes += 1
        rule, reason, excluded = why
        if excluded:
            k.result.exclusions.append(
                Exclusion(inmate_id=iid, activity=ACTIVITY[k.name], date=day, rule=rule, reason=reason)
            )
            continue
        if k.name == "recreation" and (_moved(k, iid, day, e, sessions) or _opened(k, iid, day, e, sessions)):
            continue
        _unplaced(k, iid, day, rule, reason)


def _barred(k: Keeping, iid: str, day: dt.date, e: EventBase) -> tuple[str, str, bool] | None:
    """Why an inmate can no longer be in a session: (rule, reason, listed as excluded)."""
    inst = k.ctx.instance
    if inst.gone(iid, day, e.start):
        return "HOU-01", f"released {inst.departures[iid]:%a %d %b %H:%M}", True
    if k.name in ("recreation", "razors") and inst.on_lockdown(iid, day):
        return ("DIS-08" if k.name == "recreation" else "RAZ-05"), "on disciplinary lockdown", True
    privilege = {"recreation": "recreation", "razors": "razor"}.get(k.name)
    if privilege and (s := inst.suspended(iid, privilege, day)) is not None:
        rule = "REC-04" if k.name == "recreation" else "RAZ-05"
        return rule, f"{privilege} suspended {s.start} to {s.end}", True
    if _busy(k, iid, day, e.start, e.end):
        return "DAY-07", "busy then (an appointment or a visit the events brought)", False
    pod = inst.inmates[iid].pod
    if getattr(e, "pod", pod) != pod:
        return "HOU-01", f"moved to pod {pod}", False
    partner = _separated_from(k, iid, e)
    if partner:
        return "SEP-01", f"kept separate from {partner}", False
    return None


def _busy(k: Keeping, iid: str, day: dt.date, start: int, end: int) -> bool:
    t = base(k.ctx.instance, day)
    return any(a < t + end and t + start < b for a, b in k.ctx.busy.get(iid, []))


def _separated_from(k: Keeping, iid: str, e: EventBase) -> str | None:
    """The first other member kept separate from this inmate (the later of the pair by id
    leaves)."""
    for other in e.inmates:
        if other < iid and frozenset((iid, other)) in k.ctx.instance.keep_apart:
            return other
    return None


def _moved(
    k: Keeping, iid: str, day: dt.date, e: EventBase, sessions: list[tuple[dt.date, EventBase]]
) -> bool:
    """Put an inmate taken out of a recreation session into another of their pod (the one
    they live in now) that day that holds them (area capacity, busy time, keep-separate)."""
    pod = k.ctx.instance.inmates[iid].pod
    for d, other in sessions:
        if d != day or other is e or getattr(other, "pod", None) != pod:
            continue
        if k.baseline.started(d, other.start) or _busy(k, iid, d, other.start, other.end):
            continue
        if any(frozenset((iid, j)) in k.ctx.instance.keep_apart for j in other.inmates):
            continue
        if len(other.inmates) >= _capacity(k, other.place):
            continue
        other.inmates = sorted([*other.inmates, iid])
        k.changes += 1
        return True
    return False


GRID = 15
"""A session opened by a repair starts on recreation's 15-minute grid."""


def _opened(
    k: Keeping, iid: str, day: dt.date, e: EventBase, sessions: list[tuple[dt.date, EventBase]]
) -> bool:
    """Open a session of the inmate's own for the day when no session of their pod holds
    them (REC-01 is hard): a new group of the pod, at the first start (daylight first, REC-05)
    clear of their busy time and the routine, with an area free and open (REC-02, CAL-01) and
    an officer on shift, free and unrelated to them (STF-01..03). One change, as moving them
    into another session would be; later inmates the day takes out may join it (`_moved`)."""
    inst, rec = k.ctx.instance, k.ctx.instance.facility.recreation
    pod, length = inst.inmates[iid].pod, rec.session_minutes
    starts = clear_starts(inst, range(rec.start, rec.end - length + 1, GRID), length, k.ctx.spans(iid, day))
    starts = sorted(starts, key=lambda t: (not rec.daylight(t), t))
    group = _new_group(k, sessions, day, pod)
    for t in starts:
        if k.baseline.started(day, t) or t == _start_before(sessions, day, pod, group):
            continue
        area = _free_area(k, day, t, t + length, sessions)
        if area is None or not _officer_for(k, iid, day, t, t + length, sessions):
            continue
        new = RecreationSession(
            id=f"recreation:{day}:{pod}:{group}",
            kind="recreation",
            start=format_clock(t),
            end=format_clock(t + length),
            place=area,
            inmates=[iid],
            pod=pod,
            group=group,
        )
        sessions.append((day, new))
        k.changes += 1
        return True
    return False


def _new_group(k: Keeping, sessions: list[tuple[dt.date, EventBase]], day: dt.date, pod: str) -> int:
    """The number of a group opened by the repair: past the pod's published groups, and past
    any opened that day (the same number on every day, so the rotation reads as one group)."""
    published = [_group(o, pod) for _, o in k.baseline.events("recreation")]
    today = [_group(o, pod) for d, o in sessions if d == day]
    return 1 + max([0, *published, *today])


def _group(e: EventBase, pod: str) -> int:
    """A session's group number when it is of the pod, else 0."""
    return getattr(e, "group", 0) if getattr(e, "pod", None) == pod else 0


def _start_before(
    sessions: list[tuple[dt.date, EventBase]], day: dt.date, pod: str, group: int
) -> int | None:
    """The group's start the day before, which it may not repeat (REC-05)."""
    before = day - dt.timedelta(days=1)
    return next((o.start for d, o in sessions if d == before and _group(o, pod) == group), None)


def _free_area(
    k: Keeping, day: dt.date, start: int, end: int, sessions: list[tuple[dt.date, EventBase]]
) -> str | None:
    """An area open then with no session in it (REC-02, CAL-01)."""
    for a in k.ctx.instance.facility.recreation.areas:
        if _closed(k, "recreation_area", a.id, day, start, end):
            continue
        if not any(d == day and o.place == a.id and o.start < end and start < o.end for d, o in sessions):
            return a.id
    return None


def _officer_for(
    k: Keeping, iid: str, day: dt.date, start: int, end: int, sessions: list[tuple[dt.date, EventBase]]
) -> bool:
    """Whether an officer is left for one more session then: officers on shift and free of
    earlier sub-problems' posts, more than the kept sessions in progress then, one of them
    unrelated to the inmate (STF-01..03). The officer is chosen by staffing."""
    free = set(k.ctx.free_officers(day, start, end))
    kept = [(d, o) for d, o in k.baseline.events("razor_batch") if d == day]
    busy = sum(1 for d, o in [*sessions, *kept] if d == day and o.inmates and o.start < end and start < o.end)
    return len(free) > busy and bool(free - barred_by(k.ctx.instance).get(iid, set()))


def _capacity(k: Keeping, place: str) -> int:
    areas = k.ctx.instance.facility.recreation.areas
    return next((a.capacity for a in areas if a.id == place), max(a.capacity for a in areas))


def _unplaced(k: Keeping, iid: str, day: dt.date, rule: str, reason: str) -> None:
    k.unplaced += 1
    hard = k.name == "recreation"
    if not hard:
        k.result.exclusions.append(
            Exclusion(inmate_id=iid, activity=ACTIVITY[k.name], date=day, rule="RAZ-07", reason=reason)
        )
    k.result.unmet.append(
        Unmet(
            rule=rule,
            kind=UNMET[k.name],  # type: ignore[arg-type]
            subject=f"{ACTIVITY[k.name]}:{day}:{iid}",
            date=day,
            hard=hard,
            inmates=[iid],
            reason=f"taken out of the published session by the events: {reason}; "
            "no other session that day holds them",
            needed="1 session",
            available="0",
            fix="place the inmate by hand, or solve the week afresh",
        )
    )


def _check_place(k: Keeping, day: dt.date, e: EventBase, sessions: list[tuple[dt.date, EventBase]]) -> None:
    """A recreation session whose area closes moves to another area free then and large
    enough; otherwise its members are listed."""
    if k.name != "recreation" or not e.inmates:
        return
    areas = k.ctx.instance.facility.recreation.areas
    here = next((a for a in areas if a.id == e.place), None)
    if here is None or not _closed(k, "recreation_area", here.id, day, e.start, e.end):
        return
    for a in areas:
        if a.capacity < len(e.inmates) or _closed(k, "recreation_area", a.id, day, e.start, e.end):
            continue
        if any(
            d == day and o is not e and o.place == a.id and o.start < e.end and e.start < o.end
            for d, o in sessions
        ):
            continue
        e.place = a.id
        k.changes += 1
        return
    for iid in list(e.inmates):
        e.inmates.remove(iid)
        k.changes += 1
        _unplaced(k, iid, day, "CAL-01", f"area {here.id} closed")


def _closed(k: Keeping, resource: str, rid: str, day: dt.date, start: int, end: int) -> bool:
    for c in k.ctx.instance.facility.closed(resource, day):
        if (c.id is None or c.id == rid) and c.span[0] < end and start < c.span[1]:
            return True
    return False


def _short_handed(k: Keeping, sessions: list[tuple[dt.date, EventBase]], fits: Fits) -> None:
    """STF-01 under fewer officers (an absence): where more kept sessions are in progress at
    once than officers are free then (on shift, not taken by earlier sub-problems' posts),
    the excess must change; each such session (first those whose published officer is no
    longer free then, as the absence says, then in start order) moves to the
    first time its sub-problem's rules allow (`fits`) where the officers suffice: one
    change each, the fewest at that moment. One that fits nowhere stays, and staffing lists
    it unstaffed."""
    by_day: dict[dt.date, list[EventBase]] = {}
    for day, e in sessions:
        by_day.setdefault(day, []).append(e)
    for day, own in sorted(by_day.items()):
        for e in sorted(own, key=lambda e: (_officer_stays(k, day, e), e.start, e.id)):
            if k.baseline.started(day, e.start) or _covered(k, day, e.start, e.end, own):
                continue
            others = [o for o in own if o is not e]
            length = e.end - e.start
            for t in sorted(range(1440 - length + 1), key=lambda t: (abs(t - e.start), t)):
                if k.baseline.started(day, t) or not fits(k.ctx, day, e, t, others):
                    continue
                if _covered(k, day, t, t + length, [*others, _at(e, t)]):
                    e.start, e.end = t, t + length
                    k.changes += 1
                    break


def _officer_stays(k: Keeping, day: dt.date, e: EventBase) -> bool:
    return e.officer in k.ctx.free_officers(day, e.start, e.end)


def _at(e: EventBase, start: int) -> EventBase:
    return e.model_copy(update={"start": start, "end": start + e.end - e.start})


def _covered(k: Keeping, day: dt.date, start: int, end: int, sessions: list[EventBase]) -> bool:
    """Whether, at every minute of [start, end) where a session begins or it starts, the
    sessions in progress are no more than the officers free then."""
    moments = {start} | {o.start for o in sessions if start <= o.start < end}
    for m in moments:
        live = sum(1 for o in sessions if o.start <= m < o.end)
        if live > k.ctx.officers_free(day, m, m + 1):
            return False
    return True
