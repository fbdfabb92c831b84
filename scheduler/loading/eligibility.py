"""Which visit requests may be served, and where: VTR-01..05, VIS-01, VIS-04, VIS-08, VIS-10..12.

Computed once at load time. A request's verdict is the list of spans (windows, legal
hours, special arrangements) in which it may be served; when none remains, the rule and
reason of the refusal. The solver schedules only inside these spans.
"""

from __future__ import annotations

import datetime as dt

from models.common import format_clock, weekday_of
from models.facility import Facility
from models.instance import Candidate, Eligibility
from models.roster import IMMEDIATE_FAMILY, Inmate, Visitor, VisitorRelation, VisitRequest
from models.schedule import Notice

VALID_ID_KINDS = frozenset({"state", "federal"})

Relations = dict[tuple[str, str], VisitorRelation]


class Context:
    """What every eligibility check reads: facility, week and the loaded records."""

    def __init__(
        self,
        facility: Facility,
        week: list[dt.date],
        visitors: dict[str, Visitor],
        relations: Relations,
        lockdown: dict[str, frozenset[dt.date]],
        suspended_visits: dict[str, list[tuple[dt.date, dt.date]]],
        restricted: dict[str, list[tuple[dt.date, dt.date, str]]] | None = None,
    ) -> None:
        self.facility = facility
        self.week = week
        self.visitors = visitors
        self.relations = relations
        self.lockdown = lockdown
        self.suspended_visits = suspended_visits
        self.restricted = restricted or {}

    def date_of(self, weekday: str) -> dt.date:
        """The week's date of a weekday code."""
        return next(d for d in self.week if weekday_of(d) == weekday)

    def is_family(self, visitor_id: str, inmate_id: str) -> bool:
        """VTR-05: whether the visitor's recorded relation is immediate family."""
        rel = self.relations.get((visitor_id, inmate_id))
        return rel is not None and rel.relation in IMMEDIATE_FAMILY


def employee_refusal(ctx: Context, req: VisitRequest, inmate: Inmate) -> tuple[str, Notice] | None:
    """VTR-03/VTR-04: an employee visits only immediate family (P107 B.2), or, for Health
    staff, someone they knew before incarceration (DPH V.2.a); a refusal makes a notice."""
    for vid in req.visitor_ids:
        v = ctx.visitors[vid]
        if v.employer is None:
            continue
        rel = ctx.relations.get((vid, inmate.id))
        if ctx.is_family(vid, inmate.id):
            continue
        if v.employer == "health" and rel is not None and rel.prior_to_incarceration:
            continue
        relation = rel.relation if rel else "no recorded relation"
        reason = (
            f"visitor {vid} is a {v.employer} employee and inmate {inmate.id} "
            f"is not immediate family ({relation})"
        )
        notice = Notice(
            rule="VTR-04",
            subject=vid,
            text=(
                f"Employee visitor {vid} ({v.first_name} {v.last_name}, {v.employer}"
                f"{', ' + v.employee_type if v.employee_type else ''}) asked to visit inmate {inmate.id} "
                f"({relation}) in request {req.id}: refused under VTR-03; the employee must report the "
                "contact through the chain of command (P107 B.5, DPH V.2.d)."
            ),
        )
        return reason, notice
    return None


def spans(ctx: Context, req: VisitRequest, inmate: Inmate, letter: str) -> list[Candidate] | str:
    """The spans a request may use before per-date checks, or the VIS-01/11/12 reason for none."""
    vis = ctx.facility.visitation
    if req.kind == "legal":
        return _legal_spans(ctx, req)
    if req.kind == "clergy" and req.special_start is not None:
        day = req.special_start.date()
        if day not in ctx.week:
            return "VIS-12: the special-arrangement time is outside the week"
        start = req.special_start.hour * 60 + req.special_start.minute
        return [Candidate(date=day, start=start, end=start + vis.visit_minutes, source="special")]
    found = [
        Candidate(date=ctx.date_of(w.day), start=w.start, end=w.end, source="window", window=i)
        for i, w in enumerate(vis.windows)
        if w.serves(inmate, letter)
    ]
    if not found:
        return (
            f"VIS-01: no visitation window serves inmate {inmate.id} "
            f"(sex {inmate.sex}, surname letter {letter}, pod {inmate.pod})"
        )
    return found


def _legal_spans(ctx: Context, req: VisitRequest) -> list[Candidate] | str:
    """VIS-11: legal hours on the legal days, or only the requested day when one is given."""
    vis = ctx.facility.visitation
    if vis.legal_rooms == 0:
        return "VIS-11: the facility has no legal-visit room"
    days = [d for d in ctx.week if weekday_of(d) in vis.legal_days]
    if req.special_start is not None:
        days = [d for d in days if d == req.special_start.date()]
        if not days:
            return f"VIS-11: requested day {req.special_start.date()} is not a legal-visit day of the week"
    return [Candidate(date=d, start=vis.legal_start, end=vis.legal_end, source="legal") for d in days]


def date_refusal(ctx: Context, req: VisitRequest, inmate: Inmate, cand: Candidate) -> str | None:
    """The first rule that rules out a span's date for this request, as "RULE: reason"."""
    vis = ctx.facility.visitation
    opens = dt.datetime.combine(cand.date, dt.time()) + dt.timedelta(minutes=cand.start)
    if req.registered_at > opens - dt.timedelta(minutes=vis.registration_lead_minutes):
        return (
            f"VIS-10: registered {req.registered_at:%Y-%m-%d %H:%M}, later than "
            f"{vis.registration_lead_minutes} min before {cand.date} {format_clock(cand.start)}"
        )
    if req.kind == "social":
        if any(a <= cand.date <= b for a, b in ctx.suspended_visits.get(inmate.id, [])):
            return f"VIS-08: visitation privilege suspended on {cand.date}"
        if vis.lockdown_blocks_visitation and cand.date in ctx.lockdown.get(inmate.id, frozenset()):
            return f"DIS-08: inmate on disciplinary lockdown on {cand.date}"
    return _visitor_refusal(ctx, req, inmate, cand.date)


def _visitor_refusal(ctx: Context, req: VisitRequest, inmate: Inmate, day: dt.date) -> str | None:
    """VIS-04's separate adult and child caps, VTR-01 and VTR-02 on the visit date (a child is
    whoever is under the child age on that date)."""
    vis = ctx.facility.visitation
    for vid in req.visitor_ids:
        for a, b, reason in ctx.restricted.get(vid, []):
            if a <= day <= b:
                return f"VIS-13: visitor {vid} restricted {a} to {b}: {reason}"
    over = _over_cap(ctx, req, day)
    if over:
        return over
    adults_ok = False
    children = []
    for vid in req.visitor_ids:
        v = ctx.visitors[vid]
        if v.age_on(day) < vis.child_age:
            children.append(vid)
            continue
        if v.id_kind not in VALID_ID_KINDS:
            return f"VTR-01: visitor {vid} has no state or federal photo ID"
        if v.id_expiry is None or v.id_expiry < day:
            return f"VTR-01: visitor {vid}'s photo ID expired {v.id_expiry} (visit {day})"
        adults_ok = True
    for vid in children:
        if not ctx.is_family(vid, inmate.id):
            return f"VTR-02: visitor {vid} is under {vis.child_age} and not immediate family of {inmate.id}"
        if not adults_ok:
            return (
                f"VTR-02: visitor {vid} is under {vis.child_age} and no adult with valid ID comes with them"
            )
    return None


def _over_cap(ctx: Context, req: VisitRequest, day: dt.date) -> str | None:
    """VIS-04: more adults or more children than the facility allows in one visit."""
    vis = ctx.facility.visitation
    children = sum(ctx.visitors[vid].age_on(day) < vis.child_age for vid in req.visitor_ids)
    counts = {"adults": len(req.visitor_ids) - children, "children": children}
    caps = {"adults": vis.max_adults_per_visit, "children": vis.max_children_per_visit}
    for who, cap in caps.items():
        if cap is not None and counts[who] > cap:
            return f"VIS-04: {counts[who]} {who} on {day}, at most {cap} per visit"
    return None


def judge(ctx: Context, req: VisitRequest, inmate: Inmate, letter: str) -> tuple[Eligibility, Notice | None]:
    """The verdict on one request, and the VTR-04 notice when an employee is refused."""
    vis = ctx.facility.visitation
    if len(req.visitor_ids) > vis.max_visitors_per_visit:
        return _refused(
            req, f"VIS-04: {len(req.visitor_ids)} visitors, at most {vis.max_visitors_per_visit}"
        ), None
    refusal = employee_refusal(ctx, req, inmate)
    if refusal is not None:
        reason, notice = refusal
        return _refused(req, f"VTR-03: {reason}"), notice
    found = spans(ctx, req, inmate, letter)
    if isinstance(found, str):
        return _refused(req, found), None
    kept, first_reason = [], None
    for cand in found:
        why = date_refusal(ctx, req, inmate, cand)
        if why is None:
            kept.append(cand)
        elif first_reason is None:
            first_reason = why
    if not kept:
        return _refused(req, first_reason or "VIS-01: no span left"), None
    return Eligibility(request_id=req.id, candidates=kept), None


def _refused(req: VisitRequest, text: str) -> Eligibility:
    rule, _, reason = text.partition(": ")
    return Eligibility(request_id=req.id, rule=rule, reason=reason)
