"""REP-03 from the two schedules and the instance the events leave: no published visit moved
or cancelled that could have stayed where it was.

A changed visit "could have stayed" when putting it back at its published date, time and
booth, with everything else of the repaired week as it is, breaks none of the rules a visit
answers to: the request is still eligible on that date (its windows, VIS-13), the inmate is
still here (HOU-01), not on lockdown nor suspended (DIS-08, VIS-08), the visitors are not
restricted then; neither the inmate nor a visitor has anything else then (DAY-07, VIS-05),
no keep-separate partner is in the room (VIS-07), the inmate's quota holds (VIS-06); the
booth is open (CAL-01) and free with its turnover (VIS-03); the window's post has an officer
then whom the visit does not bar (STF-01, STF-03). Such a move is a change the fewest-changes
order (REP-03) never makes, whatever the solver did. Only booth visits are checked (a legal
visit's room and length vary); the check is one visit at a time, so it is a necessary
condition of the fewest changes, not a proof of them.
"""

from __future__ import annotations

import datetime as dt

from models.instance import Instance
from models.schedule import EventBase, VisitEvent, WeekSchedule
from scheduler.verify.core import Violation, barred_people

BOOTH = ("visit", "clergy_visit")


def check_kept(repaired: WeekSchedule, published: WeekSchedule, instance: Instance) -> list[Violation]:
    """REP-03: the changed visits that could have kept their published place."""
    r = repaired.repair
    if r is None:
        return []
    old = {e.id: (d.date, e) for d, e in published.events() if getattr(e, "kind", "") in BOOTH}
    others = [(d.date, e) for d, e in repaired.events()]
    barred = barred_people(instance)
    out = []
    for c in r.changes:
        if c.booking not in old or c.change not in ("cancelled", "other day", "other time", "booth"):
            continue
        day, e = old[c.booking]
        if dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=e.start) < r.now:
            continue
        if _could_stay(day, e, instance, [x for x in others if x[1].id != e.id], barred):  # type: ignore[arg-type]
            out.append(
                Violation(
                    rule="REP-03",
                    date=day,
                    message=f"{c.booking} was {c.change} but could have kept booth {e.booth} at "
                    f"{e.start // 60:02d}:{e.start % 60:02d}: nothing in the repaired week or the events "
                    "stands in its way",
                    events=[c.booking],
                )
            )
    return out


def _could_stay(
    day: dt.date,
    e: VisitEvent,
    instance: Instance,
    others: list[tuple[dt.date, EventBase]],
    barred: set[tuple[str, str]],
) -> bool:
    return (
        _still_allowed(day, e, instance)
        and not _people_busy(day, e, instance, others)
        and _booth_free(day, e, instance, others)
        and _post_free(day, e, others, barred)
    )


def _still_allowed(day: dt.date, e: VisitEvent, instance: Instance) -> bool:
    """The request stands and may be served that date by that inmate and those visitors."""
    verdict = instance.eligibility.get(e.request_id)
    if verdict is None or all(c.date != day for c in verdict.candidates):
        return False
    inmate = e.inmates[0]
    if instance.gone(inmate, day, e.end) or instance.suspended(inmate, "visitation", day):
        return False
    if instance.facility.visitation.lockdown_blocks_visitation and instance.on_lockdown(inmate, day):
        return False
    visitors = {v.visitor_id for v in e.visitors}
    return not any(x.visitor_id in visitors and x.start <= day <= x.end for x in instance.restrictions)


def _people_busy(
    day: dt.date, e: VisitEvent, instance: Instance, others: list[tuple[dt.date, EventBase]]
) -> bool:
    """Anything else of the inmate or a visitor then, a keep-separate partner in the room, or
    the inmate's social quota used up elsewhere."""
    inmate, visitors = e.inmates[0], {v.visitor_id for v in e.visitors}
    social = [x for d, x in others if getattr(x, "kind", "") == "visit" and inmate in x.inmates]
    vis = instance.facility.visitation
    if e.kind == "visit" and (
        len(social) >= vis.social_per_week
        or sum(d == day for d, x in others if x in social) >= vis.social_per_day
    ):
        return True
    for d, x in others:
        if d != day or not (x.start < e.end and e.start < x.end):
            continue
        if inmate in x.inmates or visitors & {v.visitor_id for v in getattr(x, "visitors", [])}:
            return True
        if getattr(x, "kind", "") in BOOTH and any(
            frozenset((inmate, i)) in instance.keep_apart for i in x.inmates
        ):
            return True
    return False


def _booth_free(
    day: dt.date, e: VisitEvent, instance: Instance, others: list[tuple[dt.date, EventBase]]
) -> bool:
    """The published booth open (closures close the highest-numbered booths) and no other
    visit in it within the turnover."""
    vis = instance.facility.visitation
    booth = e.booth or 0
    end = e.end + vis.turnover_minutes
    closed = 0
    for c in instance.facility.closures:
        a, b = c.span
        if c.date == day and a < end and e.start < b and c.resource in ("booths", "visitation_room"):
            closed += vis.booths if c.resource == "visitation_room" else c.count
    if booth < 1 or booth > vis.booths - closed:
        return False
    return not any(
        d == day
        and getattr(x, "booth", None) == booth
        and x.start < end
        and e.start < x.end + vis.turnover_minutes
        for d, x in others
        if getattr(x, "kind", "") in BOOTH
    )


def _post_free(day: dt.date, e: VisitEvent, others: list[tuple[dt.date, EventBase]], barred: set) -> bool:
    """The visiting-room post over the visit's time has officers none of whom the visit bars."""
    posts = [
        x
        for d, x in others
        if d == day
        and getattr(x, "session", "") == "visitation_window"
        and x.start < e.end
        and e.start < x.end
    ]
    if not posts or any(p.officer is None for p in posts):
        return False
    people = set(e.inmates) | {v.visitor_id for v in e.visitors}
    return not any((p.officer, who) in barred for p in posts for who in people)
