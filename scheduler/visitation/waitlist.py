"""Why each unserved eligible request is left out (VIS-13): the rule that actually keeps it
out, found by looking at every placement it had against the final schedule.

The rules, most specific first: the inmate's weekly quota (VIS-06) or a visitor's weekly
limit (VIS-14) already used; otherwise, at some placement, only one thing stands in the
way: the inmate's appointment (APT-01), a closure (CAL-01), a visitor's other visit
(VIS-05), a keep-separate inmate in the room (VIS-07), the inmate's other visit (DAY-07),
the inmate's daily quota (VIS-06), the window's officer (STF-02, STF-03); otherwise, when
every placement has several things in its way, the most specific of them (so the rule named
always stands in the way somewhere, as the verifier checks); capacity when the booths are
what is full.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from models.common import format_clock
from models.instance import Instance
from models.schedule import Unserved
from scheduler.visitation.options import BoothSlot, Options, open_booths, open_legal_rooms
from scheduler.visitation.posts import Eligibility, Stretch

PRIORITY = ("APT-01", "CAL-01", "STF-02", "STF-03", "VIS-05", "VIS-07", "DAY-07", "VIS-06", "capacity")


@dataclass(frozen=True)
class Seat:
    """A served visit as the waitlist sees it: request, absolute span, booth or legal room."""

    request_id: str
    start: int
    end: int
    legal: bool
    window: int | None = None


class Booked:
    """The served visits, indexed for the questions asked of each unserved request: by
    inmate, by visitor, and by start (those overlapping a span, found by bisection)."""

    def __init__(self, instance: Instance, seats: list[Seat]) -> None:
        self.seats = sorted(seats, key=lambda s: (s.start, s.request_id))
        self.starts = [s.start for s in self.seats]
        self.longest = max((s.end - s.start for s in seats), default=0)
        self.by_inmate: dict[str, list[Seat]] = defaultdict(list)
        self.by_visitor: dict[str, list[Seat]] = defaultdict(list)
        for seat in self.seats:
            req = instance.requests[seat.request_id]
            self.by_inmate[req.inmate_id].append(seat)
            for v in req.visitor_ids:
                self.by_visitor[v].append(seat)
        self.social = {s.request_id for s in seats if instance.requests[s.request_id].kind == "social"}
        self._stretch: dict[tuple, list[str]] = {}
        self.partners: dict[str, list[str]] = defaultdict(list)
        for a, b in sorted(tuple(sorted(p)) for p in instance.keep_apart):
            self.partners[a].append(b)
            self.partners[b].append(a)
        self._barred: dict[tuple, frozenset[str]] = {}

    def in_stretch(self, st: Stretch) -> list[str]:
        """The requests served in the stretch's window that overlap it."""
        key = (st.date, st.window, st.start)
        if key not in self._stretch:
            self._stretch[key] = [
                s.request_id for s in self.during(st.start, st.end) if s.window == st.window
            ]
        return self._stretch[key]

    def barred_in(self, st: Stretch, rules: Eligibility) -> frozenset[str]:
        """The officers barred from some visit served in the stretch."""
        key = (st.date, st.window, st.start)
        if key not in self._barred:
            self._barred[key] = frozenset().union(*(rules.barred(r) for r in self.in_stretch(st)))
        return self._barred[key]

    def during(self, start: int, end: int, before: int = 0) -> list[Seat]:
        """Seats overlapping [start, end), each seat held `before` minutes longer."""
        lo = bisect_left(self.starts, start - self.longest - before)
        hi = bisect_left(self.starts, end)
        return [s for s in self.seats[lo:hi] if s.end + before > start]


def waitlist(instance: Instance, options: Options, placements: list) -> list[Unserved]:
    """One reason per unserved eligible request (refused ones are listed by the week)."""
    legal_ids = {rid for rid in options.legal}
    seats = [
        Seat(p.request_id, p.start, p.start + p.minutes, p.request_id in legal_ids, p.window)
        for p in placements
    ]
    served = {s.request_id for s in seats}
    booked = Booked(instance, seats)
    out = []
    for e in sorted(instance.eligibility.values(), key=lambda e: e.request_id):
        if e.eligible and e.request_id not in served:
            rule, reason = _reason(instance, options, booked, e.request_id)
            req = instance.requests[e.request_id]
            out.append(Unserved(request_id=e.request_id, inmate_id=req.inmate_id, rule=rule, reason=reason))
    return out


def _reason(instance: Instance, options: Options, booked: Booked, rid: str) -> tuple[str, str]:
    vis = instance.facility.visitation
    req = instance.requests[rid]
    social = [s for s in booked.by_inmate[req.inmate_id] if s.request_id in booked.social]
    if req.kind == "social" and len(social) >= vis.social_per_week:
        ids = ", ".join(sorted(s.request_id for s in social))
        return (
            "VIS-06",
            f"inmate {req.inmate_id} already has {vis.social_per_week} social visit(s) this week ({ids})",
        )
    limit = vis.visitor_weekly_limit
    if req.kind == "social" and limit is not None:
        for v in req.visitor_ids:
            taken = [s.request_id for s in booked.by_visitor[v] if s.request_id in booked.social]
            if len(taken) >= limit:
                return (
                    "VIS-14",
                    f"visitor {v} already takes part in {len(taken)} visit(s) this week (limit {limit})",
                )
    found: dict[str, str] = {}
    for gone in options.removed.get(rid, []):
        found.setdefault(gone.rule, gone.reason)
    minutes = vis.visit_minutes
    several: dict[str, str] = {}
    places = [(s.start, minutes, False, s) for s in options.booth.get(rid, [])]
    places += [(t, day.minutes, True, None) for day in options.legal.get(rid, []) for t in day.starts]
    for start, length, legal, slot in places:
        blockers = _slot_blockers(instance, booked, rid, start, length, legal)
        if slot is not None:
            blockers |= _post_blocker(options, booked, slot, length)
        if len(blockers) == 1:
            ((rule, why),) = blockers.items()
            found.setdefault(rule, why)
        for rule, why in blockers.items():
            several.setdefault(rule, why)
    for rule in PRIORITY:  # a placement with one thing in its way names the rule; else any
        if rule in found:
            return rule, found[rule]
    for rule in PRIORITY:
        if rule in several:
            return rule, several[rule]
    if rid not in options.booth and rid not in options.legal:
        return _no_start(options, rid)
    return "capacity", "every time it could use is taken (booths or rooms full, or a clash with other visits)"


SHAPE = ("VIS-03", "VIS-11", "DAY-04", "DAY-01", "DAY-02")
"""Rules that leave a window (or legal hours) no start at all, most telling first."""


def _no_start(options: Options, rid: str) -> tuple[str, str]:
    """A request with no placement at all and nothing else in the way: every span it may use
    is shorter than the visit (VIS-03, VIS-11) or meets the routine at each start (DAY-01,
    DAY-02, DAY-04). Each span's reason is given, under the most telling rule."""
    gone = [g for g in options.removed.get(rid, []) if g.rule in SHAPE]
    if not gone:
        return "DAY-01", "every time it could use meets a count, a meal or lights out"
    rule = min((g.rule for g in gone), key=SHAPE.index)
    return rule, "; ".join(dict.fromkeys(g.reason for g in sorted(gone, key=lambda g: SHAPE.index(g.rule))))


def _slot_blockers(
    instance: Instance, booked: Booked, rid: str, start: int, minutes: int, legal: bool
) -> dict[str, str]:
    """Everything that keeps the request from this placement, by rule."""
    vis = instance.facility.visitation
    req = instance.requests[rid]
    end = start + minutes
    day = instance.monday + dt.timedelta(days=start // 1440)
    out: dict[str, str] = {}
    for s in booked.by_inmate[req.inmate_id]:
        if s.start < end and start < s.end:
            out.setdefault("DAY-07", f"inmate {req.inmate_id} is in visit {s.request_id} then")
            break
    for v in sorted(req.visitor_ids):
        s = next((s for s in booked.by_visitor[v] if s.start < end and start < s.end), None)
        if s is not None:
            out.setdefault("VIS-05", f"visitor {v} is in visit {s.request_id} then")
            break
    for p in [] if legal else booked.partners.get(req.inmate_id, []):
        if any(s.start < end and start < s.end and not s.legal for s in booked.by_inmate[p]):
            out.setdefault("VIS-07", f"keep-separate inmate {p} is in the visitation room then")
            break
    if req.kind == "social" and not legal:
        same_day = [
            s
            for s in booked.by_inmate[req.inmate_id]
            if s.request_id in booked.social and (s.start // 1440) == (start // 1440)
        ]
        if len(same_day) >= vis.social_per_day:
            out["VIS-06"] = f"inmate {req.inmate_id} already has {len(same_day)} social visit(s) on {day}"
    full = _full(instance, booked, start, minutes, legal)
    if full:
        out[full[0]] = full[1]
    return out


def _post_blocker(options: Options, booked: Booked, slot: BoothSlot, minutes: int) -> dict[str, str]:
    """STF-03 through the window's post: at some stretch the visit meets, every officer on
    shift has a declared relationship with this request's people or with those of a visit
    already in that stretch (one officer supervises them all)."""
    if slot.window is None:
        return {}
    rules = options.posts.rules
    end = slot.start + minutes
    for st in options.posts.stretches[(slot.date, slot.window)]:
        if not st.meets(slot.start, end) or not st.officers:
            continue
        there = booked.in_stretch(st)
        if not set(st.officers) <= rules.barred(slot.request_id) | booked.barred_in(st, rules):
            continue  # an officer may supervise them all (the usual case, decided in a set test)
        ties = []
        for o in st.officers:
            who = next(([r] for r in [slot.request_id, *there] if not rules.may(o, r)), [])
            if not who:
                break
            mine = who[0] == slot.request_id
            ties.append(f"{o} ({', '.join(rules.ties(o, who[0]))}{'' if mine else f' in visit {who[0]}'})")
        else:
            w = f"window {slot.window + 1} at {format_clock(st.start % 1440)}-{format_clock(st.end % 1440)}"
            why = f"one officer holds the post of {w}, and each officer on shift has a declared relationship"
            return {"STF-03": f"{why}: {'; '.join(ties)}"}
    return {}


def _full(
    instance: Instance, booked: Booked, start: int, minutes: int, legal: bool
) -> tuple[str, str] | None:
    """Whether the booths (legal rooms) are full somewhere in the placement's span, and
    whether only a closure makes them so."""
    vis = instance.facility.visitation
    span = minutes + (0 if legal else vis.turnover_minutes)
    turnover = 0 if legal else vis.turnover_minutes
    mine = [s for s in booked.during(start, start + span, turnover) if s.legal == legal]
    points = {start} | {s.start for s in mine if start <= s.start < start + span}
    worst: tuple[str, str] | None = None
    for p in sorted(points):
        live = sum(1 for s in mine if s.start <= p < s.end + turnover)
        total = vis.legal_rooms if legal else vis.booths
        room = open_legal_rooms(instance, p) if legal else open_booths(instance, p)
        what = "legal-visit rooms" if legal else "booths"
        if live >= total:
            return "capacity", f"all {total} {what} are taken at every time it could use"
        if live >= room:
            why = _closure_reason(instance, p, legal)
            worst = ("CAL-01", f"{total - room} of the {total} {what} are closed then ({why})")
    return worst


def _closure_reason(instance: Instance, minute: int, legal: bool) -> str:
    resources = ("legal_room",) if legal else ("visitation_room", "booths")
    reasons: dict[str, None] = {}
    for c in instance.facility.closures:
        t = (c.date - instance.monday).days * 1440
        if c.resource in resources and t + c.span[0] <= minute < t + c.span[1]:
            reasons[c.reason] = None
    return "; ".join(reasons) or "closure"
