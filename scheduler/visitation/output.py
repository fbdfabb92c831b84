"""From the solved placements to schedule data: booths and legal rooms assigned by interval
colouring, visit events with arrival times and sub-periods, grids, window reports, the
waitlist with one reason per request, and KPIs."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from models.common import format_clock
from models.instance import Instance
from models.schedule import (
    Post,
    SubPeriod,
    Unmet,
    Unserved,
    VisitEvent,
    VisitGrid,
    VisitorArrival,
    WindowReport,
)
from scheduler.engine.result import SubResult
from scheduler.visitation.levels import Outcome
from scheduler.visitation.options import Options
from scheduler.visitation.posts import chain
from scheduler.visitation.repair import Published
from scheduler.visitation.rooms import Blocked, booths_blocked, legal_rooms_blocked
from scheduler.visitation.subperiods import divide
from scheduler.visitation.waitlist import waitlist

KIND = {"social": "visit", "clergy": "clergy_visit", "legal": "legal_visit"}


@dataclass
class Placement:
    """A served request's place and absolute start."""

    request_id: str
    start: int
    minutes: int
    room: int = 0
    window: int | None = None


def colour(
    placements: list[Placement],
    turnover: int,
    rooms: int,
    blocked: Blocked,
    prefer: dict[str, int] | None = None,
) -> None:
    """Give each placement the lowest-numbered room free for its whole span, in start order;
    a repair's published visit first tries its published room (`prefer`, REP-03 (3)).

    A room is busy from a start for the placement's minutes plus `turnover`, and never used
    while `blocked` closes it (CAL-01). Without closures this greedy needs no more rooms than
    the most visits in progress at once, which the model kept within the room count.
    """
    prefer = prefer or {}
    free_at = [0] * rooms
    for _, group in itertools.groupby(
        sorted(placements, key=lambda p: (p.start, p.request_id)), lambda p: p.start
    ):
        batch = list(group)
        # visits that can keep their published room take it before any other is placed
        batch.sort(key=lambda p: not _fits(p, prefer.get(p.request_id, 0) - 1, turnover, free_at, blocked))
        for p in batch:
            wanted = prefer.get(p.request_id, 0) - 1
            if _fits(p, wanted, turnover, free_at, blocked):
                room: int | None = wanted
            else:
                room = next((r for r in range(rooms) if _fits(p, r, turnover, free_at, blocked)), None)
            if room is None:
                room = min(range(rooms), key=lambda r: (free_at[r], r))
            free_at[room] = p.start + p.minutes + turnover
            p.room = room + 1


def _fits(p: Placement, room: int, turnover: int, free_at: list[int], blocked: Blocked) -> bool:
    """Whether a room is free and open for a placement's whole span."""
    if not 0 <= room < len(free_at) or free_at[room] > p.start:
        return False
    end = p.start + p.minutes + turnover
    return all(end <= x or y <= p.start for x, y, _ in blocked[room])


def build_result(
    instance: Instance, options: Options, outcome: Outcome, pub: Published | None = None
) -> SubResult:
    """Everything the schedule shows of visitation (a repair's visits keep their published
    booths and rooms where they can)."""
    vis = instance.facility.visitation
    booth = [
        Placement(rid, s.start, vis.visit_minutes, window=s.window)
        for rid, s in sorted(outcome.booth.items())
    ]
    legal = [
        Placement(rid, start, instance.requests[rid].minutes or vis.legal_visit_minutes)
        for rid, start in sorted(outcome.legal.items())
    ]
    booths_closed = booths_blocked(instance)
    rooms = _published_rooms(pub, outcome)
    colour(booth, vis.turnover_minutes, vis.booths, booths_closed, rooms)
    rooms_closed = legal_rooms_blocked(instance)
    colour(legal, 0, vis.legal_rooms, rooms_closed, rooms)
    result = SubResult(runs=outcome.runs)
    waits: list[int] = []
    for group, is_legal in ((booth, False), (legal, True)):
        for p in group:
            day = instance.monday + dt.timedelta(days=p.start // 1440)
            result.add(day, [_event(instance, p, legal=is_legal, waits=waits)])
    result.add_posts(_posts(instance, options, booth))
    served = {p.request_id for p in booth + legal}
    result.waitlist = waitlist(instance, options, booth + legal)
    for u in result.waitlist:  # REP-05: a pin the events make impossible waits for a decision
        if pub is not None and u.request_id in pub.review:
            why = pub.review[u.request_id]
            u.rule, u.reason = "REP-05", f"pinned, but {why}: for the administrator's review"
    rules = {u.request_id: u.rule for u in result.waitlist}
    grids, windows = _windows(instance, options, booth, served, booths_closed, rules)
    result.tables = {"visit_grids": grids, "windows": windows}
    result.unmet = [_unmet(u, options) for u in result.waitlist]
    capacity = {u.request_id for u in result.waitlist if u.rule == "capacity"}
    for index, report in enumerate(windows):
        first = next((r for r in options.order if r in capacity and _in(options, r, index)), None)
        report.first_left_out = first
        if first is not None and report.note:
            registered = instance.requests[first].registered_at
            report.note += f"; first registration left out: {first} (registered {registered:%Y-%m-%d %H:%M})"
    result.kpis = _kpis(instance, served, windows, waits)
    return result


def _published_rooms(pub: Published | None, outcome: Outcome) -> dict[str, int]:
    """The booth or legal room of each published visit kept at its time (1-based), which a
    repair keeps (REP-03 (3)); a visit that moved has no claim on a room at its new time."""
    if pub is None:
        return {}
    out = {}
    for rid, (_, event) in pub.baseline.visits.items():
        kept = rid in outcome.booth and rid in pub.booth and outcome.booth[rid].start == pub.booth[rid].start
        kept |= rid in outcome.legal and rid in pub.legal and outcome.legal[rid] == pub.legal[rid][1]
        if kept:
            out[rid] = event.booth if event.booth is not None else int(event.place.rsplit(" ", 1)[-1])
    return out


def _posts(instance: Instance, options: Options, booth: list[Placement]) -> list[tuple[dt.date, Post]]:
    """STF-01: the visiting-room posts of each window and date with booth visits, passed
    from one officer to the next at a shift change only where no one officer may hold the
    whole window (`chain`); a special-arrangement clergy visit (no window) needs none."""
    windows = instance.facility.visitation.windows
    mine: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for p in sorted(booth, key=lambda p: (p.start, p.request_id)):
        if p.window is not None:
            mine[p.window].append((p.request_id, p.start, p.start + p.minutes))
    out = []
    for index, visits in sorted(mine.items()):
        day = next(d for d in instance.dates if instance.weekday(d) == windows[index].day)
        t = (day - instance.monday).days * 1440
        w = windows[index]
        crowded = any(
            other != index
            and windows[other].day == w.day
            and windows[other].start < w.end
            and w.start < windows[other].end
            for other in mine
        )
        posts = chain(options.posts.stretches[(day, index)], visits, options.posts.rules, merge=not crowded)
        for a, b, rids in posts:
            name = f"post:{day}:window-{index + 1}"  # ids have no spaces (an importer's keys)
            if len(posts) > 1:
                name += f":{format_clock(a - t)}-{format_clock(b - t)}"
            covers = [f"{KIND[instance.requests[r].kind]}:{r}" for r in rids]
            post = Post(
                kind="post",
                session="visitation_window",
                window=index + 1,
                id=name,
                start=a - t,
                end=b - t,
                place="visitation room",
                covers=covers,
            )
            out.append((day, post))
    return out


def _unmet(u: Unserved, options: Options) -> Unmet:
    """A waitlisted request in the unmet list (UNM-01): a normal outcome, not hard demand;
    with the span's figures when the span itself is too short (VIS-03, VIS-11)."""
    shape = next((g for g in options.removed.get(u.request_id, []) if g.rule == u.rule and g.needed), None)
    return Unmet(
        rule=u.rule,
        kind="visit",
        subject=u.request_id,
        hard=False,
        inmates=[u.inmate_id],
        reason=u.reason,
        needed=shape.needed if shape else "1 visit",
        available=shape.available if shape else "0",
        fix=FIXES.get(u.rule, "more booths or a longer window"),
    )


FIXES = {
    "VIS-06": "the inmate's quota is used; the request may be registered for next week",
    "VIS-14": "the visitor's weekly limit is used; another visitor may come",
    "VIS-05": "a visitor is in another visit then; register for another window",
    "VIS-07": "a keep-separate inmate is in the visitation room then; another window",
    "DAY-07": "the inmate has another visit then; another window",
    "APT-01": "move the appointment or register for another window",
    "CAL-01": "reopen the closed booths or rooms",
    "STF-02": "an officer on shift for those minutes of the window, or a window inside the shifts",
    "STF-03": "another window, or an officer without a declared relationship on shift for the window",
    "capacity": "more booths, more slots, or another window",
    "VIS-03": "a window at least as long as the visit, or a shorter visit time",
    "VIS-11": "longer legal-visit hours or a shorter legal visit",
    "DAY-01": "a window or visit time clear of the counts",
    "DAY-02": "legal-visit hours clear of the meals",
    "DAY-04": "a window inside lights on to lights out",
}
"""What would make a waitlisted request fit, by the rule that keeps it out."""


def _event(instance: Instance, p: Placement, legal: bool, waits: list[int]) -> VisitEvent:
    vis = instance.facility.visitation
    req = instance.requests[p.request_id]
    day = instance.monday + dt.timedelta(days=p.start // 1440)
    start = p.start % 1440
    children = {v for v in req.visitor_ids if instance.visitors[v].age_on(day) < vis.child_age}
    parts = divide(req.visitor_ids, children, p.minutes, vis.max_visitors_at_once)
    arrive = start - vis.registration_lead_minutes
    for vid in req.visitor_ids:  # VIS-10 KPI: minutes in the waiting room beyond the lead time
        first = min(a for a, _, group in parts if vid in group)
        waits.append(first)
    return VisitEvent(
        id=f"{KIND[req.kind]}:{req.id}",
        kind=KIND[req.kind],
        request_id=req.id,
        start=start,
        end=start + p.minutes,
        place=f"legal room {p.room}" if legal else "visitation room",
        booth=None if legal else p.room,
        inmates=[req.inmate_id],
        visitors=[VisitorArrival(visitor_id=v, arrive_by=arrive) for v in req.visitor_ids],
        subperiods=[SubPeriod(start=start + a, end=start + b, visitor_ids=g) for a, b, g in parts]
        if len(parts) > 1
        else [],
    )


def _window_label(instance: Instance, index: int) -> str:
    return instance.facility.visitation.windows[index].describe()


def _windows(
    instance: Instance,
    options: Options,
    booth: list[Placement],
    served: set[str],
    blocked: Blocked,
    waitlisted: dict[str, str],
) -> tuple[list[VisitGrid], list[WindowReport]]:
    """Each window's grid and report; `waitlisted` gives each waitlisted request's rule."""
    vis = instance.facility.visitation
    grids, reports = [], []
    for index, window in enumerate(vis.windows):
        day = next(d for d in instance.dates if instance.weekday(d) == window.day)
        base = (day - instance.monday).days * 1440
        slots = sorted({s.start for slots in options.booth.values() for s in slots if s.window == index})
        if not slots:
            slots = list(
                range(base + window.start, base + window.end - vis.visit_minutes + 1, vis.slot_minutes)
            )
        in_window = [p for p in booth if p.window == index]
        rows: list[list[str | None]] = [[None] * len(slots) for _ in range(vis.booths)]
        for p in in_window:
            if p.start in slots:
                rows[p.room - 1][slots.index(p.start)] = p.request_id
        span = vis.visit_minutes + vis.turnover_minutes
        closed = [[_closed_at(blocked[r], s, s + span) for s in slots] for r in range(vis.booths)]
        shut = sum(reason is not None for row in closed for reason in row)
        grids.append(
            VisitGrid(
                window=window.describe(),
                date=day,
                slots=[s - base for s in slots],
                booths=rows,
                closed=closed if shut else [],
            )
        )
        report = _report(instance, options, index, day, (len(slots), shut), in_window, served)
        report.kept_out, report.closed_out = _kept_out(instance, options, index, day, waitlisted)
        reports.append(report)
    return grids, reports


def _closed_at(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """Why a booth is closed during [start, end), or None when it is open throughout."""
    return next((reason for a, b, reason in spans if a < end and start < b), None)


def _report(
    instance: Instance,
    options: Options,
    index: int,
    day: dt.date,
    cells: tuple[int, int],
    in_window: list[Placement],
    served: set[str],
) -> WindowReport:
    """Demand against capacity; `cells` is (slots per booth, booth slots closed)."""
    vis = instance.facility.visitation
    window = vis.windows[index]
    asking = [
        r
        for r in instance.requests.values()
        if r.kind != "legal"
        and window.serves(instance.inmates[r.inmate_id], instance.surname_letters[r.inmate_id])
        and (r.kind == "social" or r.special_start is None)
    ]
    eligible = [rid for rid in options.order if _in(options, rid, index)]
    slots, closed = cells
    capacity = vis.booths * slots - closed
    inmates = {instance.requests[r].inmate_id for r in eligible}
    note = ""
    if len(inmates) > capacity:
        less = f" less {closed} closed (CAL-01)" if closed else ""
        note = (
            f"demand exceeds capacity: {len(eligible)} eligible requests from {len(inmates)} inmates for "
            f"{vis.booths} booths x {slots} slots{less} = {capacity} visits; {len(in_window)} served"
        )
    return WindowReport(
        window=window.describe(),
        date=day,
        requests=len(asking),
        eligible=len(eligible),
        booths=vis.booths,
        slots=slots,
        closed=closed,
        capacity=capacity,
        served=len(in_window),
        note=note,
    )


def _kept_out(
    instance: Instance, options: Options, index: int, day: dt.date, waitlisted: dict[str, str]
) -> tuple[int, int]:
    """Waitlisted requests that window `index` would have taken but that have no slot left in
    it (busy time or a closure took them all), and how many of them are waitlisted under a
    closure (CAL-01): what the window's table would otherwise lose."""
    kept = closed = 0
    for e in instance.eligibility.values():
        rule = waitlisted.get(e.request_id)
        if rule is None or not e.eligible or _in(options, e.request_id, index):
            continue
        if any(c.window == index and c.date == day for c in e.candidates):
            kept += 1
            closed += rule == "CAL-01"
    return kept, closed


def _in(options: Options, rid: str, index: int) -> bool:
    """Whether a request may use window `index`."""
    return any(s.window == index for s in options.booth.get(rid, []))


def _kpis(
    instance: Instance, served: set[str], windows: list[WindowReport], waits: list[int]
) -> dict[str, float]:
    eligible = [e for e in instance.eligibility.values() if e.eligible]
    kpis = {
        "visits.requests": float(len(instance.requests)),
        "visits.eligible": float(len(eligible)),
        "visits.served": float(len(served)),
        "visits.wait_mean_minutes": round(sum(waits) / len(waits), 2) if waits else 0.0,
        "visits.wait_max_minutes": float(max(waits, default=0)),
    }
    for w in windows:
        kpis[f"visits.share {w.window}"] = round(w.served / w.capacity, 4) if w.capacity else 0.0
    return kpis
