"""VIS-09 as figures: requests served and first-come-first-served inversions.

An inversion is a pair of an earlier-registered request waitlisted for capacity and a later
one served in a seat the earlier could have taken instead: the same booth (legal room) at
the same time, inside one of the earlier request's eligible spans (on its window's slot
grid), with nothing else of the schedule in its way: its inmate elsewhere (DAY-07, APT-01),
a visitor in another visit (VIS-05), a keep-separate inmate in the room (VIS-07), its social
quota or a visitor's weekly limit used up (VIS-06, VIS-14), the post's officer barred
(STF-03). Two requests that merely share a window are not an inversion: the later one may
hold a slot the earlier one could never use.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from models.instance import Instance
from models.roster import VisitRequest
from models.schedule import Post, VisitEvent, WeekSchedule
from scheduler.verify.core import Placed, absolute, barred_people, overlaps, placed_activities

BOOTH_KINDS = frozenset({"visit", "clergy_visit"})


@dataclass
class Served:
    """The served week as the FCFS figure reads it, indexed once so each pair is cheap."""

    visits: list[Placed] = field(default_factory=list)
    by_inmate: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    by_visitor: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    appointments: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    officer_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The officers of the posts supervising each visit (more than one at a handover)."""
    barred: set[tuple[str, str]] = field(default_factory=set)
    """(officer, inmate or visitor) pairs an officer may not supervise (STF-03)."""


def _served(schedule: WeekSchedule, instance: Instance) -> Served:
    """Every activity by inmate, every visit by visitor, the instance's appointments by
    inmate (busy even if the schedule left one out), the officer of each covered visit and
    the officers' barred inmates and visitors."""
    out = Served()
    for a in placed_activities(schedule):
        for iid in dict.fromkeys(a.event.inmates):
            out.by_inmate[iid].append(a)
        if isinstance(a.event, VisitEvent):
            out.visits.append(a)
            for arrival in a.event.visitors:
                out.by_visitor[arrival.visitor_id].append(a)
        if isinstance(a.event, Post) and a.event.officer:
            for ref in dict.fromkeys(a.event.covers):
                out.officer_of[ref].append(a.event.officer)
    out.barred = barred_people(instance)
    for apt in instance.appointments:
        span = (absolute(schedule, apt.date, apt.start), absolute(schedule, apt.date, apt.end))
        out.appointments[apt.inmate_id].append(span)
    return out


def _length(instance: Instance, req: VisitRequest) -> int:
    """How long the request's visit lasts (VIS-03; a legal visit's own length, VIS-11)."""
    vis = instance.facility.visitation
    return (req.minutes or vis.legal_visit_minutes) if req.kind == "legal" else vis.visit_minutes


def _same_seat(req: VisitRequest, late: Placed) -> bool:
    """Whether the request could sit where the late visit sits: a booth for a social or
    clergy request, a legal room for a legal one."""
    return late.kind == "legal_visit" if req.kind == "legal" else late.kind in BOOTH_KINDS


def _eligible_at(instance: Instance, rid: str, day: dt.date, start: int, end: int) -> bool:
    """Whether one of the request's eligible spans (the instance's verdict) allows [start, end)
    on the day: inside it, on a window's slot grid, at the exact time of a special arrangement."""
    verdict = instance.eligibility.get(rid)
    slot = instance.facility.visitation.slot_minutes
    for c in verdict.candidates if verdict is not None else []:
        if c.date != day or start < c.start or end > c.end:
            continue
        if (c.source == "special" and start != c.start) or (
            c.window is not None and (start - c.start) % slot
        ):
            continue
        return True
    return False


def _elsewhere(instance: Instance, week: Served, req: VisitRequest, late: Placed, end: int) -> bool:
    """Whether the inmate, a visitor or a keep-separate partner in the room is busy in
    [late.start, end) with anything but the late visit (DAY-07, APT-01, VIS-05, VIS-07)."""

    def busy(items: list[Placed]) -> bool:
        return any(a.event is not late.event and overlaps(a.start, a.end, late.start, end) for a in items)

    if busy(week.by_inmate.get(req.inmate_id, [])) or any(
        busy(week.by_visitor.get(v, [])) for v in req.visitor_ids
    ):
        return True
    if any(overlaps(s, e, late.start, end) for s, e in week.appointments.get(req.inmate_id, [])):
        return True
    if late.kind not in BOOTH_KINDS:
        return False
    partners = {i for pair in instance.keep_apart if req.inmate_id in pair for i in pair} - {req.inmate_id}
    return any(busy([a for a in week.by_inmate.get(p, []) if a.kind in BOOTH_KINDS]) for p in partners)


def _quota_used(instance: Instance, week: Served, req: VisitRequest, late: Placed) -> bool:
    """Whether, with the late visit gone, the request's inmate still has no social visit left
    this week or that day (VIS-06), or one of its visitors no visit left (VIS-14)."""
    if req.kind != "social":
        return False
    vis = instance.facility.visitation
    social = [
        a for a in week.by_inmate.get(req.inmate_id, []) if a.kind == "visit" and a.event is not late.event
    ]
    if (
        len(social) >= vis.social_per_week
        or sum(a.day.date == late.day.date for a in social) >= vis.social_per_day
    ):
        return True
    limit = vis.visitor_weekly_limit
    return limit is not None and any(
        sum(a.kind == "visit" and a.event is not late.event for a in week.by_visitor.get(v, [])) >= limit
        for v in req.visitor_ids
    )


def _officer_barred(week: Served, req: VisitRequest, late: Placed) -> bool:
    """STF-03: whether an officer supervising the late visit may not supervise the request's
    inmate (a declared relationship other than a reported contact) or a relative among its visitors."""
    officers = week.officer_of.get(late.event.id) or [o for o in [late.event.officer] if o]
    return any((o, who) in week.barred for o in officers for who in [req.inmate_id, *req.visitor_ids])


def could_take(instance: Instance, week: Served, rid: str, late: Placed) -> bool:
    """Whether the waitlisted request could have been served in the late visit's seat: from
    its start, for the request's own length, no longer than the seat is freed."""
    req = instance.requests[rid]
    minutes = _length(instance, req)
    return (
        _same_seat(req, late)
        and late.start + minutes <= late.end
        and _eligible_at(instance, rid, late.day.date, late.event.start, late.event.start + minutes)
        and not _elsewhere(instance, week, req, late, late.start + minutes)
        and not _quota_used(instance, week, req, late)
        and not _officer_barred(week, req, late)
    )


def figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """VIS-09 as figures: requests served, and FCFS inversions (pairs of a request waitlisted
    for capacity and a later-registered one served in a seat the earlier could have taken)."""
    known = instance.requests
    week = _served(schedule, instance)
    served = {a.event.request_id for a in week.visits if isinstance(a.event, VisitEvent)}
    waiting = [
        u.request_id
        for u in schedule.waitlist
        if u.rule == "capacity" and u.request_id in known and u.request_id not in served
    ]
    inversions = 0
    for rid in waiting:
        early = known[rid].registered_at
        for late in week.visits:
            req = known.get(getattr(late.event, "request_id", ""))
            if req is not None and req.registered_at > early and could_take(instance, week, rid, late):
                inversions += 1
    return {"VIS-09 served": float(len(served)), "VIS-09 FCFS inversions": float(inversions)}
