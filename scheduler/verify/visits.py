"""VIS-01..14 and VTR-01..04 on the visit events, waitlist and notices of a schedule.

FCFS inversions (VIS-09) are figures, in verify/fcfs.py; ids that only reports and listings
name are verify/references.py's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.roster import IMMEDIATE_FAMILY, Visitor, VisitRequest
from models.schedule import VisitEvent, WeekSchedule
from scheduler.verify import fcfs
from scheduler.verify.core import Violation, overlaps

BOOTH_KINDS = frozenset({"visit", "clergy_visit"})
KIND_OF_REQUEST = {"social": "visit", "clergy": "clergy_visit", "legal": "legal_visit"}
ROOM = "visitation room"
"""Where every booth visit takes place (VIS-02; the place SEP-01 and the window posts use)."""


@dataclass(frozen=True)
class Visit:
    """A visit event with its date and absolute minutes."""

    date: dt.date
    event: VisitEvent
    start: int
    end: int


def visits(schedule: WeekSchedule) -> list[Visit]:
    """Every visit event of the week in time order."""
    out = []
    for day, event in schedule.events():
        if isinstance(event, VisitEvent):
            base = (day.date - schedule.monday).days * 1440
            out.append(Visit(day.date, event, base + event.start, base + event.end))
    return sorted(out, key=lambda v: (v.start, v.event.id))


def _v(rule: str, visit: Visit, message: str, *others: Visit) -> Violation:
    events = sorted({visit.event.id, *(o.event.id for o in others)})
    return Violation(
        rule=rule, date=visit.date, message=f"{visit.event.request_id}: {message}", events=events
    )


def _when(v: Visit) -> str:
    return f"{weekday_of(v.date)} {format_clock(v.event.start)}-{format_clock(v.event.end)}"


def check_requests(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-13: each visit matches its request, one inmate in it; the waitlist names known
    requests. That every request is served or waitlisted once is UNM-01's check. Every
    message names the id at fault, so a malformed visit is reported, never raised."""
    out = []
    for v in visits(schedule):
        rid, e = v.event.request_id, v.event
        req = instance.requests.get(rid)
        if req is None:
            out.append(_v("VIS-13", v, f"names unknown request {rid!r}"))
        elif not e.inmates:
            out.append(_v("VIS-13", v, f"names no inmate; request {rid} is for {req.inmate_id}"))
        elif KIND_OF_REQUEST[req.kind] != e.kind or e.inmates != [req.inmate_id]:
            who = ", ".join(e.inmates)
            out.append(
                _v(
                    "VIS-13",
                    v,
                    f"{e.kind} of {who} does not match the request ({req.kind} of {req.inmate_id})",
                )
            )
        elif sorted(a.visitor_id for a in e.visitors) != sorted(req.visitor_ids):
            out.append(_v("VIS-13", v, "visitors differ from the request's"))
    for u in schedule.waitlist:
        req = instance.requests.get(u.request_id)
        if req is None:
            out.append(Violation(rule="VIS-13", message=f"waitlist names unknown request {u.request_id!r}"))
        elif req.inmate_id != u.inmate_id:
            out.append(
                Violation(
                    rule="VIS-13",
                    message=f"waitlist entry {u.request_id} names inmate {u.inmate_id!r}, "
                    f"not {req.inmate_id}",
                )
            )
    return out


REFUSAL_RULES = frozenset({"VIS-04", "VIS-08", "VIS-10", "DIS-08", "VTR-01", "VTR-02", "VTR-03"})
"""Rules about the request itself (its visitors, its inmate's privileges, its registration)
that the loader settles for every span it keeps: an eligible request is never waitlisted
under one of them (VIS-13). The placement rules VIS-01, VIS-11 and VIS-12 also refuse
requests at load time, but may name why an eligible request found no room, so they are not
in this set."""


def check_waitlist_reasons(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-13: a waitlisted request's reason agrees with the instance's verdict on it. An
    ineligible request is listed under the rule that refused it, not as capacity or anything
    else; an eligible one is never listed under a refusal rule, since it was not refused."""
    out = []
    for u in schedule.waitlist:
        verdict = instance.eligibility.get(u.request_id)
        if verdict is None:
            continue  # an unknown request is check_requests' report
        if not verdict.eligible and u.rule != verdict.rule:
            why = f"is ineligible under {verdict.rule} ({verdict.reason})"
        elif verdict.eligible and u.rule in REFUSAL_RULES:
            why = f"is eligible, so {u.rule} cannot keep it out"
        else:
            continue
        out.append(
            Violation(
                rule="VIS-13", message=f"waitlist entry {u.request_id} gives {u.rule}; the request {why}"
            )
        )
    return out


def _inmate(v: Visit) -> str:
    """The visit's inmate ("" when the event names none: VIS-13 reports it)."""
    return v.event.inmates[0] if v.event.inmates else ""


def _windows_of(instance: Instance, v: Visit) -> list[int]:
    """Every window on the visit's day that serves its inmate and contains it: windows may
    overlap (VIS-01), and the visit is right if any one of them accepts it."""
    inmate = instance.inmates.get(v.event.inmates[0]) if v.event.inmates else None
    if inmate is None:
        return []
    letter = instance.surname_letters.get(inmate.id, "")
    return [
        i
        for i, w in enumerate(instance.facility.visitation.windows)
        if w.day == weekday_of(v.date)
        and w.start <= v.event.start
        and v.event.end <= w.end
        and w.serves(inmate, letter)
    ]


def _on_grid(instance: Instance, index: int, v: Visit) -> bool:
    """VIS-03: whether the visit starts on the slot grid of window `index`."""
    vis = instance.facility.visitation
    return (v.event.start - vis.windows[index].start) % vis.slot_minutes == 0


def _at_special(req: VisitRequest, v: Visit) -> bool:
    """VIS-12: whether a clergy visit is at its request's special-arrangement time."""
    special = req.special_start
    return (
        v.event.kind == "clergy_visit"
        and special is not None
        and special.date() == v.date
        and special.hour * 60 + special.minute == v.event.start
    )


def check_windows(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-01/VIS-12: a social visit lies in a window serving its inmate; a clergy visit too,
    or at its special-arrangement time. VIS-03: a booth visit lasts the visit time and starts
    on the slot grid of one of the windows that serve it (overlapping windows may have
    different grids)."""
    vis = instance.facility.visitation
    out = []
    for v in visits(schedule):
        req = instance.requests.get(v.event.request_id)
        if v.event.kind not in BOOTH_KINDS or req is None:
            continue
        if v.event.end - v.event.start != vis.visit_minutes:
            out.append(_v("VIS-03", v, f"lasts {v.event.end - v.event.start} min, not {vis.visit_minutes}"))
        if _at_special(req, v):
            continue
        windows = _windows_of(instance, v)
        if not windows:
            rule = "VIS-12" if v.event.kind == "clergy_visit" else "VIS-01"
            out.append(_v(rule, v, f"{_when(v)} is in no window serving inmate {req.inmate_id}"))
        elif not any(_on_grid(instance, i, v) for i in windows):
            out.append(_v("VIS-03", v, f"starts off the slot grid at {format_clock(v.event.start)}"))
    return out


def check_booths(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-02/VIS-03: a booth visit is in the visitation room, in a booth that exists, which
    holds one visit at a time, with the turnover gap."""
    vis = instance.facility.visitation
    out = []
    by_booth: dict[int, list[Visit]] = defaultdict(list)
    for v in visits(schedule):
        if v.event.kind not in BOOTH_KINDS:
            continue
        if v.event.place != ROOM:
            out.append(_v("VIS-02", v, f"is in {v.event.place!r}, not the {ROOM}"))
        if v.event.booth is None or not 1 <= v.event.booth <= vis.booths:
            out.append(_v("VIS-02", v, f"booth {v.event.booth} does not exist (booths 1-{vis.booths})"))
            continue
        by_booth[v.event.booth].append(v)
    for booth, items in sorted(by_booth.items()):
        for a, b in itertools.pairwise(items):
            if b.start < a.end:
                out.append(_v("VIS-02", b, f"booth {booth} already holds {a.event.request_id}", a))
            elif b.start < a.end + vis.turnover_minutes:
                out.append(_v("VIS-03", b, f"booth {booth} turnover after {a.event.request_id} too short", a))
    return out


def _children(instance: Instance, v: Visit) -> set[str]:
    age = instance.facility.visitation.child_age
    return {
        a.visitor_id
        for a in v.event.visitors
        if a.visitor_id in instance.visitors and instance.visitors[a.visitor_id].age_on(v.date) < age
    }


def _over_caps(instance: Instance, v: Visit, visitors: int) -> list[Violation]:
    """VIS-04: the facility's separate caps on adults and on children in one visit."""
    vis = instance.facility.visitation
    children = len(_children(instance, v))
    counts = {"adults": visitors - children, "children": children}
    caps = {"adults": vis.max_adults_per_visit, "children": vis.max_children_per_visit}
    return [
        _v("VIS-04", v, f"{counts[who]} {who}, at most {cap} per visit")
        for who, cap in caps.items()
        if cap is not None and counts[who] > cap
    ]


def check_subperiods(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-04: at most two visitors at once, sub-periods dividing the visit, a share for
    everyone. VTR-02: a child is never in the booth without an adult of the visit."""
    vis = instance.facility.visitation
    out = []
    for v in visits(schedule):
        names = [a.visitor_id for a in v.event.visitors]
        if len(names) > vis.max_visitors_per_visit:
            out.append(_v("VIS-04", v, f"{len(names)} visitors, at most {vis.max_visitors_per_visit}"))
        out += _over_caps(instance, v, len(names))
        parts = [(p.start, p.end, p.visitor_ids) for p in v.event.subperiods] or [
            (v.event.start, v.event.end, names)
        ]
        cursor = v.event.start
        for start, end, group in parts:
            strangers = sorted(set(group) - set(names))
            if strangers:
                out.append(
                    _v("VIS-04", v, f"sub-period names {', '.join(strangers)}, not visitors of the visit")
                )
                break
            if start != cursor or end <= start:
                out.append(_v("VIS-04", v, "sub-periods do not divide the visit among its visitors"))
                break
            cursor = end
            if len(group) > vis.max_visitors_at_once:
                out.append(_v("VIS-04", v, f"{len(group)} visitors in the booth at once"))
            children = _children(instance, v)
            if any(g in children for g in group) and all(g in children for g in group):
                out.append(
                    _v("VTR-02", v, f"child without an adult {format_clock(start)}-{format_clock(end)}")
                )
        else:
            if cursor != v.event.end:
                out.append(_v("VIS-04", v, "sub-periods do not cover the visit"))
        missing = set(names) - {g for _, _, group in parts for g in group}
        if missing:
            out.append(_v("VIS-04", v, f"visitors {', '.join(sorted(missing))} get no share"))
    return out


def check_visitor_overlap(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-05: a visitor is never in two visits at overlapping times; VIS-14: weekly limit."""
    out = []
    by_visitor: dict[str, list[Visit]] = defaultdict(list)
    for v in visits(schedule):
        for a in v.event.visitors:
            by_visitor[a.visitor_id].append(v)
    limit = instance.facility.visitation.visitor_weekly_limit
    for visitor, items in sorted(by_visitor.items()):
        for a, b in itertools.pairwise(items):
            if overlaps(a.start, a.end, b.start, b.end):
                out.append(_v("VIS-05", b, f"visitor {visitor} is also in {a.event.request_id}", a))
        social = [v for v in items if v.event.kind == "visit"]
        if limit is not None and len(social) > limit:
            out.append(_v("VIS-14", social[-1], f"visitor {visitor} in {len(social)} visits, limit {limit}"))
    return out


def check_quotas(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-06: social visits per inmate per week and per day."""
    vis = instance.facility.visitation
    out = []
    week: dict[str, list[Visit]] = defaultdict(list)
    for v in visits(schedule):
        if v.event.kind == "visit":
            week[_inmate(v)].append(v)
    for inmate, items in sorted(week.items()):
        if len(items) > vis.social_per_week:
            out.append(_v("VIS-06", items[-1], f"inmate {inmate} has {len(items)} social visits this week"))
        per_day = Counter(v.date for v in items)
        for day, n in sorted(per_day.items()):
            if n > vis.social_per_day:
                last = [v for v in items if v.date == day][-1]
                out.append(_v("VIS-06", last, f"inmate {inmate} has {n} social visits on {day}"))
    return out


def check_keep_separate(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-07: keep-separate inmates are never in the visitation room at overlapping times."""
    booth = [v for v in visits(schedule) if v.event.kind in BOOTH_KINDS]
    out = []
    for i, a in enumerate(booth):
        for b in booth[i + 1 :]:
            if b.start >= a.end:
                break
            pair = frozenset((_inmate(a), _inmate(b)))
            if pair in instance.keep_apart:
                out.append(
                    _v("VIS-07", b, f"keep-separate {' and '.join(sorted(pair))} in the room together", a)
                )
    return out


def check_privileges(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-08/DIS-08: no social visit while visitation is suspended or the inmate is on lockdown."""
    blocks = instance.facility.visitation.lockdown_blocks_visitation
    out = []
    for v in visits(schedule):
        if v.event.kind != "visit":
            continue
        inmate = _inmate(v)
        if instance.suspended(inmate, "visitation", v.date):
            out.append(_v("VIS-08", v, f"inmate {inmate}'s visitation is suspended on {v.date}"))
        if blocks and instance.on_lockdown(inmate, v.date):
            out.append(_v("DIS-08", v, f"inmate {inmate} is on lockdown on {v.date}"))
    return out


def _opening(instance: Instance, v: Visit) -> int:
    """The latest opening the visit's registration may be measured against (VIS-10): the
    latest start among the windows that accept it (on their grid, else any serving it), or
    the visit's own start for a legal visit or a special arrangement."""
    req = instance.requests.get(v.event.request_id)
    if v.event.kind not in BOOTH_KINDS or (req is not None and _at_special(req, v)):
        return v.event.start
    windows = _windows_of(instance, v)
    accepting = [i for i in windows if _on_grid(instance, i, v)] or windows
    return max((instance.facility.visitation.windows[i].start for i in accepting), default=v.event.start)


def check_arrivals(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-10: each visitor is told to arrive the lead time before the visit, and the request
    was registered at least the lead time before the opening of a window that accepts the
    visit (or before its special time)."""
    lead = instance.facility.visitation.registration_lead_minutes
    out = []
    for v in visits(schedule):
        late = [a.visitor_id for a in v.event.visitors if a.arrive_by != v.event.start - lead]
        if late:
            out.append(
                _v("VIS-10", v, f"arrival time of {', '.join(late)} is not {lead} min before the visit")
            )
        req = instance.requests.get(v.event.request_id)
        opens = _opening(instance, v)
        deadline = dt.datetime.combine(v.date, dt.time()) + dt.timedelta(minutes=opens - lead)
        if req is not None and req.registered_at > deadline:
            out.append(
                _v("VIS-10", v, f"registered {req.registered_at:%Y-%m-%d %H:%M}, after {deadline:%H:%M}")
            )
    return out


def check_legal(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-11: legal visits in a legal room, on legal days and hours, clear of counts and
    meals, one per room at a time (an inmate's visits never overlapping is DAY-07's check)."""
    vis, routine = instance.facility.visitation, instance.facility.routine
    rooms = {f"legal room {k}" for k in range(1, vis.legal_rooms + 1)}
    blocks = [(t, t + routine.count_minutes) for t in routine.counts]
    blocks += [(t, t + routine.meal_minutes) for t in routine.meals]
    out = []
    legal = [v for v in visits(schedule) if v.event.kind == "legal_visit"]
    for v in legal:
        e = v.event
        if e.place not in rooms:
            out.append(_v("VIS-11", v, f"{e.place} is not a legal-visit room"))
        if weekday_of(v.date) not in vis.legal_days or e.start < vis.legal_start or e.end > vis.legal_end:
            out.append(_v("VIS-11", v, f"{_when(v)} is outside legal-visit hours"))
        if any(overlaps(e.start, e.end, a, b) for a, b in blocks):
            out.append(_v("VIS-11", v, f"{_when(v)} meets a count or a meal"))
    for i, a in enumerate(legal):
        for b in legal[i + 1 :]:
            if b.start < a.end and a.event.place == b.event.place:
                out.append(_v("VIS-11", b, f"{b.event.place} already holds {a.event.request_id}", a))
    return out


def has_valid_id(visitor: Visitor, day: dt.date) -> bool:
    """VTR-01: a state or federal photo ID, unexpired on the day."""
    return (
        visitor.id_kind in ("state", "federal") and visitor.id_expiry is not None and visitor.id_expiry >= day
    )


def _family(instance: Instance, visitor_id: str, inmate_id: str) -> bool:
    """VTR-05: whether the visitor's recorded relation to the inmate is immediate family."""
    rel = instance.relation(visitor_id, inmate_id)
    return rel is not None and rel.relation in IMMEDIATE_FAMILY


def check_visitor_eligibility(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VTR-01/VTR-03 on every served visit: photo ID valid on the day for those 16 or over;
    an employee visits only immediate family (or, Health staff, a prior relationship)."""
    age = instance.facility.visitation.child_age
    out = []
    for v in visits(schedule):
        inmate = _inmate(v)
        for a in v.event.visitors:
            visitor = instance.visitors.get(a.visitor_id)
            if visitor is None:
                out.append(_v("VTR-01", v, f"unknown visitor {a.visitor_id!r}"))
                continue
            if visitor.age_on(v.date) >= age and not has_valid_id(visitor, v.date):
                out.append(_v("VTR-01", v, f"visitor {visitor.id} has no valid photo ID on {v.date}"))
            rel = instance.relation(visitor.id, inmate)
            prior = visitor.employer == "health" and rel is not None and rel.prior_to_incarceration
            if visitor.employer is not None and not (_family(instance, visitor.id, inmate) or prior):
                out.append(_v("VTR-03", v, f"employee visitor {visitor.id} is not family of {inmate}"))
    return out


def check_children(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VTR-02 on every served visit: a visitor under the child age visits only an immediate
    family member, and only with an adult of the same visit who passes VTR-01 (the loader
    refuses such requests; a schedule serving one anyway is caught here)."""
    age = instance.facility.visitation.child_age
    out = []
    for v in visits(schedule):
        people = [
            instance.visitors[a.visitor_id] for a in v.event.visitors if a.visitor_id in instance.visitors
        ]
        children = [p.id for p in people if p.age_on(v.date) < age]
        if not children:
            continue
        inmate = _inmate(v)
        for kid in children:
            if not _family(instance, kid, inmate):
                out.append(
                    _v("VTR-02", v, f"visitor {kid} is under {age} and not immediate family of {inmate}")
                )
        if not any(p.age_on(v.date) >= age and has_valid_id(p, v.date) for p in people):
            out.append(
                _v(
                    "VTR-02",
                    v,
                    f"visitors {', '.join(children)} under {age} come with no adult with valid ID",
                )
            )
    return out


def check_notices(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VTR-04: every compliance notice the instance derives (a refused employee visit, a staff
    contact on an inmate's behalf) is in the schedule's notices, so the administrator sees it.
    A notice is matched by rule and subject, once each; its wording is the report's business."""
    present = Counter((n.rule, n.subject) for n in schedule.notices)
    out = []
    for n in instance.notices:
        if present[(n.rule, n.subject)]:
            present[(n.rule, n.subject)] -= 1
            continue
        out.append(
            Violation(
                rule="VTR-04", message=f"compliance notice ({n.rule}) for {n.subject} is missing: {n.text}"
            )
        )
    return out


def fcfs_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """VIS-09 as figures: requests served and true FCFS inversions (verify/fcfs.py)."""
    return fcfs.figures(schedule, instance)


CHECKS = [
    check_requests,
    check_windows,
    check_booths,
    check_subperiods,
    check_visitor_overlap,
    check_quotas,
    check_keep_separate,
    check_privileges,
    check_arrivals,
    check_legal,
    check_visitor_eligibility,
    check_children,
    check_waitlist_reasons,
    check_notices,
]
