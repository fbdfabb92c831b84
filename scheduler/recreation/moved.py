"""Where a repair may move a published recreation session the officers can no longer cover
at its time (STF-01 under an absence): the same rules a fresh session keeps."""

from __future__ import annotations

import datetime as dt

from models.schedule import EventBase
from scheduler.engine.context import Context
from scheduler.engine.officers import barred_by
from scheduler.recreation.sessions import GRID, area_free, grid_starts


def session_fits(ctx: Context, day: dt.date, session: EventBase, start: int, others: list[EventBase]) -> bool:
    """Whether the session may start then in its area beside the day's other sessions: on
    recreation's grid inside its hours, clear of counts, meals, med passes and every
    member's busy time (REC-02, DAY-07), its area open and free (REC-02, CAL-01), and an
    officer free who has no declared relationship with a member (STF-03), and none of its
    pod's published razor batches then (RAZ-06: they are kept too)."""
    inst = ctx.instance
    rec = inst.facility.recreation
    end = start + rec.session_minutes
    if (start - rec.start) % GRID or not area_free(inst, session.place, day, start):
        return False
    if any(start not in grid_starts(inst, ctx.spans(i, day)) for i in session.inmates):
        return False
    if any(o.place == session.place and o.start < end and start < o.end for o in others):
        return False
    if ctx.baseline and any(  # RAZ-06: the pod's kept razor batches stay clear of it
        d == day and getattr(b, "pod", "") == getattr(session, "pod", "") and b.start < end and start < b.end
        for d, b in ctx.baseline.events("razor_batch")
    ):
        return False
    bars = barred_by(inst)
    barred = set().union(*(bars.get(i, set()) for i in session.inmates))
    return bool(set(ctx.free_officers(day, start, end)) - barred)
