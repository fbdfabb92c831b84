"""VIS-13, UNM-01, STF-01: what the waitlist and the unmet list claim, re-derived from the
instance and the schedule, so that a listing cannot excuse demand that plainly fits.

A waitlisted eligible booth request is looked at in every placement it had: each slot of
its eligible spans on its window's grid (the exact time of a special arrangement) clear of
counts and lights out. At each, what stands in the way in the written week: its inmate's
appointment (APT-01) or another activity (DAY-07), a visitor in another visit (VIS-05), a
keep-separate inmate in the room (VIS-07), the social quota or a visitor's weekly limit used
(VIS-06, VIS-14), every booth taken (capacity) or closed (CAL-01), and the window's post: the
officer holding it then barred (STF-03), or, with no post then, no officer on shift (STF-02)
or every officer on shift and free barred (STF-03). The week only grows after visitation, so:

- a request with a placement where nothing stands in the way is a violation (it fits);
- a request listed under one of those rules where that rule stands in the way at none of its
  placements is a violation (the claim is false).

A session listed without an officer while an officer on shift for all of it, free and without
a declared relationship with its people could take it is a violation too.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.roster import VisitRequest
from models.schedule import SUPERVISED, Post, VisitEvent, WeekSchedule
from scheduler.verify.closures import open_during
from scheduler.verify.core import (
    Placed,
    Violation,
    absolute,
    barred_people,
    on_shift,
    overlaps,
    placed_activities,
    solved,
)

BOOTH_KINDS = frozenset({"visit", "clergy_visit"})
CHECKED = frozenset(
    {"APT-01", "DAY-07", "VIS-05", "VIS-07", "VIS-06", "VIS-14", "capacity", "CAL-01", "STF-02", "STF-03"}
)
"""Waitlist rules whose claim is re-derived placement by placement."""


@dataclass
class Week:
    """The written week, indexed for the questions asked of each listing."""

    by_inmate: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    by_visitor: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    booths: list[Placed] = field(default_factory=list)
    posts: list[Placed] = field(default_factory=list)
    duty: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    visits_of: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    """Served visits by request id."""
    recreation: dict[tuple[str, dt.date], list[Placed]] = field(default_factory=lambda: defaultdict(list))
    """Recreation sessions by pod and date."""


def _week(schedule: WeekSchedule) -> Week:
    out = Week()
    for a in placed_activities(schedule):
        for iid in dict.fromkeys(a.event.inmates):
            out.by_inmate[iid].append(a)
        if isinstance(a.event, VisitEvent):
            out.visits_of[a.event.request_id].append(a)
            for arrival in a.event.visitors:
                out.by_visitor[arrival.visitor_id].append(a)
            if a.kind in BOOTH_KINDS:
                out.booths.append(a)
        if a.kind == "recreation":
            out.recreation[(getattr(a.event, "pod", ""), a.day.date)].append(a)
        if isinstance(a.event, Post) and a.event.session == "visitation_window":
            out.posts.append(a)
        if a.kind in SUPERVISED and a.event.officer:
            out.duty[a.event.officer].append(a)
    return out


def _options(instance: Instance, req: VisitRequest) -> list[tuple[dt.date, int, int | None]]:
    """The request's placements: (date, start in the date's minutes, window index)."""
    vis, r = instance.facility.visitation, instance.facility.routine
    verdict = instance.eligibility.get(req.id)
    out = []
    for c in verdict.candidates if verdict is not None else []:
        if c.source == "special":
            starts = [c.start]
        else:
            starts = list(range(c.start, c.end - vis.visit_minutes + 1, vis.slot_minutes))
        for t in starts:
            end = t + vis.visit_minutes
            counts = any(t < a + r.count_minutes and a < end for a in r.counts)
            if not counts and r.lights_on <= t and end <= r.lights_out:
                out.append((c.date, t, c.window))
    return out


class Blockers:
    """What stands in the way of one request at each of its placements, by rule."""

    def __init__(self, schedule: WeekSchedule, instance: Instance, week: Week) -> None:
        self.schedule, self.instance, self.week = schedule, instance, week
        self.vis = instance.facility.visitation
        self.barred = barred_people(instance)
        self.closures = [
            (c, self.vis.booths if c.resource == "visitation_room" else c.count)
            for c in instance.facility.closures
            if c.resource in ("visitation_room", "booths")
        ]
        self.appointments: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for apt in instance.appointments:
            x = absolute(schedule, apt.date, apt.start)
            self.appointments[apt.inmate_id].append((x, x + apt.end - apt.start, apt.kind))
        self.booths = sorted(week.booths, key=lambda x: x.start)
        self.booth_starts = [x.start for x in self.booths]
        self.longest = max((x.end - x.start for x in self.booths), default=0)
        self.posts: dict[dt.date, list[Placed]] = defaultdict(list)
        for p in week.posts:
            self.posts[p.day.date].append(p)

    def at(self, req: VisitRequest, day: dt.date, t: int, window: int | None) -> dict[str, str]:
        """Every rule standing in the way of the request at this placement."""
        a = absolute(self.schedule, day, t)
        b = a + self.vis.visit_minutes
        out: dict[str, str] = {}
        for x, y, kind in self.appointments.get(req.inmate_id, []):
            if overlaps(x, y, a, b):
                out.setdefault("APT-01", f"{kind} appointment")
        for x in self.week.by_inmate.get(req.inmate_id, []):
            if x.kind != "appointment" and overlaps(x.start, x.end, a, b):
                out.setdefault("DAY-07", x.event.id)
        for v in req.visitor_ids:
            if any(overlaps(x.start, x.end, a, b) for x in self.week.by_visitor.get(v, [])):
                out.setdefault("VIS-05", v)
        partners = {i for p in self.instance.keep_apart if req.inmate_id in p for i in p} - {req.inmate_id}
        for p in partners:
            room = [x for x in self.week.by_inmate.get(p, []) if x.kind in BOOTH_KINDS]
            if any(overlaps(x.start, x.end, a, b) for x in room):
                out.setdefault("VIS-07", p)
        out |= self._quotas(req, day)
        out |= self._seats(day, a)
        if window is not None:
            out |= self._officers(req, day, window, a, b)
        return out

    def _quotas(self, req: VisitRequest, day: dt.date) -> dict[str, str]:
        if req.kind != "social":
            return {}
        out = {}
        social = [x for x in self.week.by_inmate.get(req.inmate_id, []) if x.kind == "visit"]
        today = sum(x.day.date == day for x in social)
        if len(social) >= self.vis.social_per_week or today >= self.vis.social_per_day:
            out["VIS-06"] = req.inmate_id
        limit = self.vis.visitor_weekly_limit
        for v in req.visitor_ids:
            taken = sum(x.kind == "visit" for x in self.week.by_visitor.get(v, []))
            if limit is not None and taken >= limit:
                out["VIS-14"] = v
        return out

    def _seats(self, day: dt.date, a: int) -> dict[str, str]:
        """Booths: taken at some minute of the slot (visit and turnover), or closed."""
        turnover, slot = self.vis.turnover_minutes, self.vis.slot_minutes
        lo = bisect_left(self.booth_starts, a - self.longest - turnover)
        hi = bisect_left(self.booth_starts, a + slot)
        mine = [x for x in self.booths[lo:hi] if overlaps(x.start, x.end + turnover, a, a + slot)]
        points = {a} | {x.start for x in mine if a <= x.start < a + slot}
        for p in sorted(points):
            live = sum(1 for x in mine if x.start <= p < x.end + turnover)
            if live >= self.vis.booths:
                return {"capacity": "every booth is taken"}
            left, hit = open_during(self.schedule, self.closures, self.vis.booths, day, p, a + slot)
            if live >= left:
                return {"CAL-01": "; ".join(c.reason for c in hit) or "closed"}
        return {}

    def _officers(self, req: VisitRequest, day: dt.date, window: int, a: int, b: int) -> dict[str, str]:
        """The window's post over the visit: each post overlapping it must be held by an officer
        who may supervise the request; minutes no post covers need a free eligible officer."""
        people = [req.inmate_id, *req.visitor_ids]
        w = self.instance.facility.visitation.windows[window]
        lo, hi = absolute(self.schedule, day, w.start), absolute(self.schedule, day, w.end)
        posts = [p for p in self.posts.get(day, []) if _of_window(p, window, lo, hi)]
        held = [p for p in posts if overlaps(p.start, p.end, a, b)]
        for p in held:
            if p.event.officer and any((p.event.officer, who) in self.barred for who in people):
                return {"STF-03": f"post {p.event.id} is held by {p.event.officer}"}
        gaps = _uncovered(a, b, [(p.start, p.end) for p in held])
        for x, y in gaps:
            base = absolute(self.schedule, day, 0)
            on = [o for o in self.instance.officers if on_shift(self.instance, o, day, x - base, y - base)]
            if not on:
                return {"STF-02": f"nobody is on shift {format_clock(x % 1440)}-{format_clock(y % 1440)}"}
            free = [o for o in on if not _busy(self.week, o, x, y)]
            if not free:
                return {"STF-02": "every officer on shift supervises another session then"}
            if all(any((o, who) in self.barred for who in people) for o in free):
                return {"STF-03": "every free officer on shift has a declared relationship"}
        return {}


def _of_window(p: Placed, window: int, lo: int, hi: int) -> bool:
    """Whether a post is the window's: by the window it names, else by its span."""
    named = getattr(p.event, "window", None)
    return named == window + 1 if named is not None else lo <= p.start and p.end <= hi


def _busy(week: Week, officer: str, a: int, b: int) -> bool:
    """Whether the officer supervises a session overlapping [a, b)."""
    return any(overlaps(s.start, s.end, a, b) for s in week.duty.get(officer, []))


def _uncovered(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [a, b) no span covers."""
    out, at = [], a
    for x, y in sorted(spans):
        if x > at:
            out.append((at, min(x, b)))
        at = max(at, y)
    if at < b:
        out.append((at, b))
    return [(x, y) for x, y in out if x < y]


def check_waitlist_claims(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-13: no waitlisted eligible booth request fits a placement with nothing in its way,
    and its rule stands in the way at one placement at least."""
    if not solved(schedule, "visitation"):
        return []
    week = _week(schedule)
    blockers = Blockers(schedule, instance, week)
    reviewed = {x.booking for x in schedule.repair.review} if schedule.repair else set()
    out = []
    for u in schedule.waitlist:
        req = instance.requests.get(u.request_id)
        verdict = instance.eligibility.get(u.request_id)
        if req is None or verdict is None or not verdict.eligible or req.kind == "legal":
            continue
        if week.visits_of.get(req.id):
            continue  # served and waitlisted: check_waitlist_unmet's report
        if u.rule == "REP-05" and f"visit:{req.id}" in reviewed:
            continue  # a pin the events made impossible, left to the administrator
        found = [(day, t, blockers.at(req, day, t, w)) for day, t, w in _options(instance, req)]
        free = next(((day, t) for day, t, b in found if not b), None)
        if free is not None:
            when = f"{weekday_of(free[0])} {free[0]} {format_clock(free[1])}"
            message = f"waitlist entry {req.id} ({u.rule}) fits at {when}: nothing stands in its way"
            out.append(Violation(rule="VIS-13", date=free[0], message=message))
        elif u.rule in CHECKED and found and not any(u.rule in b for _, _, b in found):
            seen = sorted({r for _, _, b in found for r in b})
            message = (
                f"waitlist entry {req.id} claims {u.rule}, which stands in the way at none of its "
                f"{len(found)} placement(s) (what does: {', '.join(seen)})"
            )
            out.append(Violation(rule="VIS-13", message=message))
    return out


def check_unstaffed_claims(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: a session listed without an officer has none that could take it: no officer on
    shift for all of it, free of other sessions and without a declared relationship."""
    listed = {s for u in schedule.unmet if u.kind == "session" for s in u.each_subject()}
    if not listed:
        return []
    week = _week(schedule)
    barred = barred_people(instance)
    known = {a.event.id: a for a in placed_activities(schedule)}
    out = []
    for a in placed_activities(schedule):
        if a.event.id not in listed or a.event.officer or a.kind not in SUPERVISED:
            continue
        people = set(a.event.inmates)
        for ref in getattr(a.event, "covers", []):
            target = known.get(ref)
            if target is not None:
                people |= set(target.event.inmates)
                people |= {v.visitor_id for v in getattr(target.event, "visitors", [])}
        for o in sorted(instance.officers):
            if (
                on_shift(instance, o, a.day.date, a.event.start, a.event.end)
                and not _busy(week, o, a.start, a.end)
                and not any((o, who) in barred for who in people)
            ):
                message = f"{a.kind} {a.event.id} is listed unstaffed; {o} is on shift, free, unrelated"
                out.append(Violation(rule="STF-01", date=a.day.date, message=message, events=[a.event.id]))
                break
    return out


def check_razor_claims(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """RAZ-07/STF-03: a sign-up listed as left out because every officer free for its batch
    starts has a declared relationship with the inmate has no start (in the issue window,
    clear of counts, meals, med passes, the pod's recreation and the inmate's own activities)
    at which an officer on shift and free of every other kind of session is unrelated."""
    listed = [u for u in schedule.unmet if u.kind == "razor" and u.rule == "STF-03" and u.date and u.inmates]
    if not listed:
        return []
    week = _week(schedule)
    barred = barred_people(instance)
    out = []
    for u in listed:
        i, day = u.inmates[0], u.date
        inmate = instance.inmates.get(i)
        if inmate is None or day is None:
            continue
        start = next(
            (
                t
                for t in _razor_starts(schedule, instance, week, i, inmate.pod, day)
                if _unrelated_free(schedule, instance, week, barred, i, day, t)
            ),
            None,
        )
        if start is not None:
            message = (
                f"razor sign-up of {i} on {day} is listed under STF-03, but at {format_clock(start)} an "
                "officer on shift, free and without a declared relationship could take its batch"
            )
            out.append(Violation(rule="RAZ-07", date=day, message=message))
    return out


def _razor_starts(
    schedule: WeekSchedule, instance: Instance, week: Week, i: str, pod: str, day: dt.date
) -> list[int]:
    """The minutes a batch with the inmate could start (RAZ-04, RAZ-06, DAY-07)."""
    rz, r = instance.facility.razors, instance.facility.routine
    blocks = [(t, t + r.count_minutes) for t in r.counts] + [(t, t + r.meal_minutes) for t in r.meals]
    blocks += [(t, t + r.med_pass_minutes) for t in r.med_passes]
    base = absolute(schedule, day, 0)
    busy = [(x.start - base, x.end - base) for x in week.by_inmate.get(i, []) if x.kind != "razor_batch"]
    busy += [(x.start - base, x.end - base) for x in week.recreation.get((pod, day), [])]
    out = []
    for t in range(rz.issue_start, rz.collect_by - rz.batch_minutes + 1):
        end = t + rz.batch_minutes
        if not any(overlaps(a, b, t, end) for a, b in blocks + busy):
            out.append(t)
    return out


def _unrelated_free(
    schedule: WeekSchedule, instance: Instance, week: Week, barred: set, i: str, day: dt.date, t: int
) -> bool:
    """Whether an officer unrelated to the inmate is on shift for a batch at t and supervises
    nothing but razor batches then."""
    a = absolute(schedule, day, t)
    b = a + instance.facility.razors.batch_minutes
    for o in instance.officers:
        if (o, i) in barred or not on_shift(instance, o, day, t, t + instance.facility.razors.batch_minutes):
            continue
        if not any(s.kind != "razor_batch" and overlaps(s.start, s.end, a, b) for s in week.duty.get(o, [])):
            return True
    return False


CHECKS = [check_waitlist_claims, check_unstaffed_claims, check_razor_claims]
