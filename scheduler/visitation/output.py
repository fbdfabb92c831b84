"""From the solved placements to schedule data: booths and legal rooms assigned by interval
colouring, visit events with arrival times and sub-periods, grids, window reports, the
waitlist with one reason per request, and KPIs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.instance import Instance
from models.schedule import SubPeriod, Unserved, VisitEvent, VisitGrid, VisitorArrival, WindowReport
from scheduler.visitation.levels import Outcome
from scheduler.visitation.options import Options
from scheduler.visitation.subperiods import divide

KIND = {"social": "visit", "clergy": "clergy_visit", "legal": "legal_visit"}


@dataclass
class Placement:
    """A served request's place and absolute start."""

    request_id: str
    start: int
    minutes: int
    room: int = 0
    window: int | None = None


def colour(placements: list[Placement], turnover: int) -> None:
    """Give each placement the lowest-numbered room free at its start, in start order.

    A room is busy from a start for the placement's minutes plus `turnover`. For intervals
    this greedy needs no more rooms than the most visits in progress at once, which the
    model kept within the room count.
    """
    free_at: list[int] = []
    for p in sorted(placements, key=lambda p: (p.start, p.request_id)):
        room = next((i for i, t in enumerate(free_at) if t <= p.start), None)
        if room is None:
            free_at.append(0)
            room = len(free_at) - 1
        free_at[room] = p.start + p.minutes + turnover
        p.room = room + 1


@dataclass
class VisitationResult:
    """The visitation part of a week's schedule."""

    events: dict[dt.date, list[VisitEvent]] = field(default_factory=dict)
    waitlist: list[Unserved] = field(default_factory=list)
    grids: list[VisitGrid] = field(default_factory=list)
    windows: list[WindowReport] = field(default_factory=list)
    kpis: dict[str, float] = field(default_factory=dict)


def build_result(instance: Instance, options: Options, outcome: Outcome) -> VisitationResult:
    """Everything the schedule shows of visitation."""
    vis = instance.facility.visitation
    booth = [
        Placement(rid, s.start, vis.visit_minutes, window=s.window)
        for rid, s in sorted(outcome.booth.items())
    ]
    legal = [
        Placement(rid, start, instance.requests[rid].minutes or vis.legal_visit_minutes)
        for rid, start in sorted(outcome.legal.items())
    ]
    colour(booth, vis.turnover_minutes)
    colour(legal, 0)
    result = VisitationResult()
    waits: list[int] = []
    for group, is_legal in ((booth, False), (legal, True)):
        for p in group:
            day = instance.monday + dt.timedelta(days=p.start // 1440)
            result.events.setdefault(day, []).append(_event(instance, p, legal=is_legal, waits=waits))
    served = {p.request_id for p in booth + legal}
    result.grids, result.windows = _windows(instance, options, booth, served)
    result.waitlist = _waitlist(instance, options, served, result.windows)
    capacity = {u.request_id for u in result.waitlist if u.rule == "capacity"}
    for index, report in enumerate(result.windows):
        first = next((r for r in options.order if r in capacity and _in(options, r, index)), None)
        report.first_left_out = first
        if first is not None and report.note:
            registered = instance.requests[first].registered_at
            report.note += f"; first registration left out: {first} (registered {registered:%Y-%m-%d %H:%M})"
    result.kpis = _kpis(instance, served, result.windows, waits)
    return result


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


def _waitlist(
    instance: Instance, options: Options, served: set[str], windows: list[WindowReport]
) -> list[Unserved]:
    """One reason per unserved eligible request (refused ones are listed by the week)."""
    vis = instance.facility.visitation
    served_social: dict[str, list[str]] = defaultdict(list)
    for rid in served:
        req = instance.requests[rid]
        if req.kind == "social":
            served_social[req.inmate_id].append(rid)
    out = []
    for e in sorted(instance.eligibility.values(), key=lambda e: e.request_id):
        if not e.eligible or e.request_id in served:
            continue
        req = instance.requests[e.request_id]
        if req.kind == "social" and len(served_social[req.inmate_id]) >= vis.social_per_week:
            rule = "VIS-06"
            reason = (
                f"inmate {req.inmate_id} already has {vis.social_per_week} social visit(s) this week "
                f"({', '.join(sorted(served_social[req.inmate_id]))})"
            )
        elif e.request_id not in options.booth and e.request_id not in options.legal:
            rule, reason = "DAY-01", "every time it could use meets a count, a meal or lights out"
        elif req.kind == "legal":
            rule, reason = (
                "capacity",
                f"the {vis.legal_rooms} legal-visit room(s) are full at every allowed time",
            )
        else:
            rule, reason = "capacity", _capacity_reason(instance, options, e.request_id, windows)
        out.append(Unserved(request_id=e.request_id, inmate_id=req.inmate_id, rule=rule, reason=reason))
    return out


def _capacity_reason(instance: Instance, options: Options, rid: str, windows: list[WindowReport]) -> str:
    """Why no booth: the candidate windows are full, or what blocks their free slots."""
    indexes = sorted({s.window for s in options.booth[rid] if s.window is not None})
    if not indexes:
        return "the special-arrangement time has no free booth"
    reports = [windows[i] for i in indexes]
    if all(w.served >= w.capacity for w in reports):
        return "; ".join(
            f"window {w.window} on {w.date} is full: {w.booths} booths x {w.slots} slots = "
            f"{w.capacity} visits all taken ({w.eligible} eligible requests)"
            for w in reports
        )
    return (
        "the free slots of "
        + "; ".join(f"{w.window} on {w.date}" for w in reports)
        + " clash with a visitor's other visit (VIS-05), a keep-separate inmate (VIS-07) or the inmate's "
        "other visits (VIS-11), or serving it would drop an earlier registration"
    )


def _windows(
    instance: Instance, options: Options, booth: list[Placement], served: set[str]
) -> tuple[list[VisitGrid], list[WindowReport]]:
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
        grids.append(
            VisitGrid(window=window.describe(), date=day, slots=[s - base for s in slots], booths=rows)
        )
        reports.append(_report(instance, options, index, day, len(slots), in_window, served))
    return grids, reports


def _report(
    instance: Instance,
    options: Options,
    index: int,
    day: dt.date,
    slots: int,
    in_window: list[Placement],
    served: set[str],
) -> WindowReport:
    vis = instance.facility.visitation
    window = vis.windows[index]
    asking = [
        r
        for r in instance.requests.values()
        if r.kind != "legal"
        and window.serves(*_attrs(instance, r.inmate_id))
        and (r.kind == "social" or r.special_start is None)
    ]
    eligible = [rid for rid in options.order if _in(options, rid, index)]
    capacity = vis.booths * slots
    inmates = {instance.requests[r].inmate_id for r in eligible}
    note = ""
    if len(inmates) > capacity:
        note = (
            f"demand exceeds capacity: {len(eligible)} eligible requests from {len(inmates)} inmates for "
            f"{vis.booths} booths x {slots} slots = {capacity} visits; {len(in_window)} served"
        )
    return WindowReport(
        window=window.describe(),
        date=day,
        requests=len(asking),
        eligible=len(eligible),
        booths=vis.booths,
        slots=slots,
        capacity=capacity,
        served=len(in_window),
        note=note,
    )


def _in(options: Options, rid: str, index: int) -> bool:
    """Whether a request may use window `index`."""
    return any(s.window == index for s in options.booth.get(rid, []))


def _attrs(instance: Instance, inmate_id: str) -> tuple[str, str, str, str, str | None]:
    i = instance.inmates[inmate_id]
    return i.sex, instance.surname_letters[i.id], i.pod, i.commitment, i.charge


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
