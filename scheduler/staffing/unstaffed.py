"""A session no officer can take (STF-01, UNM-01): every officer on shift and why each is
excluded."""

from __future__ import annotations

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import Unmet
from scheduler.engine.officers import covering_shift, shift_spans
from scheduler.staffing.sessions import Session


def unstaffed(instance: Instance, s: Session, sessions: list[Session]) -> Unmet:
    """STF-01 in the administrator's terms: the session, the officers on shift, why not each."""
    t = (s.date - instance.monday).days * 1440
    when = f"{weekday_of(s.date).capitalize()} {s.date} {format_clock(s.start - t)}-{format_clock(s.end - t)}"
    reasons = []
    for oid in sorted(instance.officers):
        spans = [sp for sp in shift_spans(instance, oid) if sp[0] < s.end and s.start < sp[1]]
        if not spans:
            continue
        reasons.append(f"{oid}: {_why_not(instance, oid, s, spans, sessions)}")
    on_shift = "; ".join(reasons) or "no officer is on shift then"
    return Unmet(
        rule="STF-01",
        kind="session",
        subject=s.event.id,
        date=s.date,
        hard=True,
        inmates=sorted(s.inmates),
        reason=f"no officer can supervise {s.event.id} ({when}): {on_shift}",
        needed="1 officer",
        available=f"{len(reasons)} officer(s) on shift, none eligible and free",
        fix="put an officer without a declared relationship on shift for the whole session",
    )


def _why_not(
    instance: Instance, oid: str, s: Session, spans: list[tuple[int, int]], sessions: list[Session]
) -> str:
    if not covering_shift(instance, oid, s.start, s.end):
        a, b = spans[0]
        return f"shift {format_clock(a % 1440)}-{format_clock(b % 1440)} does not cover the whole session"
    rels = [
        r
        for r in instance.staff_relationships
        if r.officer_id == oid
        and r.kind != "contact"
        and ((r.inmate_id in s.inmates) or (r.kind == "relative" and r.visitor_id in s.visitors))
    ]
    if rels:
        named = " and ".join(
            f"declared {r.kind} relationship with "
            + (f"inmate {r.inmate_id}" if r.inmate_id else f"visitor {r.visitor_id}")
            for r in rels
        )
        return f"{named} (STF-03)"
    busy = next((o for o in sessions if o.event.officer == oid and o.start < s.end and s.start < o.end), None)
    if busy:
        return f"supervising {busy.event.id} at the same time (STF-02)"
    return "free (not chosen)"
