"""Where each eligible request may go: booth slots on the window grid (VIS-01, VIS-03,
VIS-12) and legal-room start times (VIS-11), in absolute minutes from Monday 00:00.

Slots that would overlap a count (DAY-01) or run past lights out (DAY-04) are left out;
legal starts also avoid meals (VIS-11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.instance import Candidate, Instance

LEGAL_STEP = 5
"""Legal visits start on a 5-minute grid: fine enough for "any reasonable time"."""


@dataclass(frozen=True)
class BoothSlot:
    """A booth visit of `request_id` starting at `start` (absolute minutes)."""

    request_id: str
    date: dt.date
    start: int
    window: int | None


@dataclass(frozen=True)
class LegalDay:
    """The allowed starts of a legal visit on one date (absolute minutes)."""

    request_id: str
    date: dt.date
    starts: list[int]
    minutes: int
    wanted: int | None


def _absolute(instance: Instance, day: dt.date, minute: int) -> int:
    return (day - instance.monday).days * 1440 + minute


def _blocked(instance: Instance, day: dt.date, start: int, end: int, with_meals: bool) -> bool:
    """Whether [start, end) minutes of `day` meets a count (or a meal), or passes lights out."""
    r = instance.facility.routine
    spans = [(t, t + r.count_minutes) for t in r.counts]
    if with_meals:
        spans += [(t, t + r.meal_minutes) for t in r.meals]
    return end > r.lights_out or any(start < b and a < end for a, b in spans)


def booth_slots(instance: Instance, request_id: str, cand: Candidate) -> list[BoothSlot]:
    """The grid slots of a window candidate, or the one slot of a special arrangement."""
    vis = instance.facility.visitation
    if cand.source == "special":
        starts = [cand.start]
    else:
        starts = list(range(cand.start, cand.end - vis.visit_minutes + 1, vis.slot_minutes))
    return [
        BoothSlot(request_id, cand.date, _absolute(instance, cand.date, s), cand.window)
        for s in starts
        if not _blocked(instance, cand.date, s, s + vis.visit_minutes, with_meals=False)
    ]


def legal_day(instance: Instance, request_id: str, cand: Candidate) -> LegalDay:
    """The starts of a legal visit on a candidate date, avoiding counts and meals."""
    req = instance.requests[request_id]
    minutes = req.minutes or instance.facility.visitation.legal_visit_minutes
    starts = [
        _absolute(instance, cand.date, s)
        for s in range(cand.start, cand.end - minutes + 1, LEGAL_STEP)
        if not _blocked(instance, cand.date, s, s + minutes, with_meals=True)
    ]
    wanted = None
    if req.special_start is not None and req.special_start.date() == cand.date:
        wanted = _absolute(instance, cand.date, req.special_start.hour * 60 + req.special_start.minute)
    return LegalDay(request_id, cand.date, starts, minutes, wanted)


@dataclass
class Options:
    """Every placement of every eligible request, in registration order."""

    order: list[str]
    booth: dict[str, list[BoothSlot]]
    legal: dict[str, list[LegalDay]]


def options_for(instance: Instance) -> Options:
    """Placements of all eligible requests; a request with none is left to the waitlist."""
    eligible = [instance.requests[e.request_id] for e in instance.eligibility.values() if e.eligible]
    order = [r.id for r in sorted(eligible, key=lambda r: (r.registered_at, r.id))]
    booth: dict[str, list[BoothSlot]] = {}
    legal: dict[str, list[LegalDay]] = {}
    for rid in order:
        cands = instance.eligibility[rid].candidates
        if instance.requests[rid].kind == "legal":
            days = [d for d in (legal_day(instance, rid, c) for c in cands) if d.starts]
            if days:
                legal[rid] = days
        else:
            slots = [s for c in cands for s in booth_slots(instance, rid, c)]
            if slots:
                booth[rid] = slots
    placed = [rid for rid in order if rid in booth or rid in legal]
    return Options(order=placed, booth=booth, legal=legal)
