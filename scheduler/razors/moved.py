"""Where a repair may move a published razor batch the officers can no longer cover at its
time (STF-01 under an absence): the same rules a fresh batch keeps."""

from __future__ import annotations

import datetime as dt

from models.schedule import EventBase
from scheduler.engine.context import Context
from scheduler.engine.officers import barred_by
from scheduler.razors.mornings import batch_starts


def batch_fits(ctx: Context, day: dt.date, batch: EventBase, start: int, others: list[EventBase]) -> bool:
    """Whether the batch may start then beside the day's other batches: inside the issue
    window, clear of counts, meals, med passes, its pod's recreation and razor closures
    (RAZ-02, RAZ-04, RAZ-06, CAL-01), its members free (DAY-07), no other batch of its pod
    out, the razors out within the inventory (RAZ-03), and an officer free who has no
    declared relationship with a member (STF-03)."""
    inst = ctx.instance
    end = start + batch.end - batch.start
    pod = getattr(batch, "pod", "")
    closed = [c.span for c in inst.facility.closed("razor_issue", day)]
    if start not in batch_starts(inst, ctx.recreation.get((pod, day), []) + closed):
        return False
    if any(a < end and start < b for i in batch.inmates for a, b in ctx.spans(i, day)):
        return False
    out = [o for o in others if o.start < end and start < o.end]
    if any(getattr(o, "pod", "") == pod for o in out):
        return False
    for m in {start} | {o.start for o in out if o.start > start}:
        if (
            len(batch.inmates) + sum(len(o.inmates) for o in out if o.start <= m < o.end)
            > inst.facility.razors.inventory
        ):
            return False
    bars = barred_by(inst)
    barred = set().union(*(bars.get(i, set()) for i in batch.inmates))
    return bool(set(ctx.free_officers(day, start, end)) - barred)
