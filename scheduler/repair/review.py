"""REP-05: a pinned booking the events make impossible is not moved but listed for the
administrator's review."""

from __future__ import annotations

from models.events import PinEvent
from models.schedule import Review, WeekSchedule
from scheduler.repair.changes import booking, bookings, what_changed


def review_of(published: WeekSchedule, repaired: WeekSchedule, pins: list[PinEvent]) -> list[Review]:
    """Each pin whose booking did not stay exactly as published."""
    before, after = bookings(published), bookings(repaired)
    out = []
    for pin in sorted(pins, key=lambda p: p.id):
        bid, reason = pin.booking, pin.reason
        old = booking(*before[bid]) if bid in before else None
        new = booking(*after[bid]) if bid in after else None
        if what_changed(old, new) is not None:
            out.append(
                Review(
                    booking=bid,
                    event=pin.id,
                    reason=f"pinned ({reason}) but the events leave it no place as published; decide by hand",
                )
            )
    return out
