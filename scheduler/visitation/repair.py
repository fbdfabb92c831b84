"""Visitation under a published week (REP-01..05): the options a repair leaves each request,
and the change counts it minimises before the usual levels (REP-03 (1) and (2)).

A visit that started before `now` keeps exactly its published place (REP-01); one inside
the notice horizon keeps its time or is cancelled when the event leaves it no place (REP-02);
a pinned one keeps its time, or goes to the administrator's review when it cannot (REP-05);
every other published visit may move, and each move is counted. Nothing new starts before
`now`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from models.schedule import VisitEvent
from scheduler.engine.baseline import DAY_WEIGHT, Baseline
from scheduler.visitation.options import BoothSlot, LegalDay, Options, Removed
from scheduler.visitation.rooms import Blocked, booths_blocked

if TYPE_CHECKING:
    from scheduler.visitation.model import VisitModel


@dataclass
class Published:
    """What the repair keeps of the published visits.

    `fixed` must be served where published (started, or pinned); `held` may only be kept or
    cancelled (inside the notice horizon); `booth`/`legal` are the published places of the
    visits that have not started; `review` the pins the events make impossible, with why;
    `forced` the visits inside the horizon whose place is gone, with why."""

    baseline: Baseline
    booth: dict[str, BoothSlot] = field(default_factory=dict)
    legal: dict[str, tuple[dt.date, int]] = field(default_factory=dict)
    fixed: set[str] = field(default_factory=set)
    started: set[str] = field(default_factory=set)
    held: set[str] = field(default_factory=set)
    review: dict[str, str] = field(default_factory=dict)
    forced: dict[str, Removed] = field(default_factory=dict)

    @property
    def movable(self) -> list[str]:
        """Published visits not yet started (the ones a repair may change), sorted."""
        return sorted(r for r in (*self.booth, *self.legal) if r not in self.started)


def restrict(options: Options, baseline: Baseline, blocked: Blocked) -> Published:
    """Cut every request's options to what a repair may do; returns the published visits'
    places and duties. `blocked`: the booths' closed spans (a pinned visit keeps its booth)."""
    pub = Published(baseline)
    for rid, slots in list(options.booth.items()):
        options.booth[rid] = [s for s in slots if s.start >= baseline.now]
    for rid, days in list(options.legal.items()):
        options.legal[rid] = [
            LegalDay(d.request_id, d.date, [t for t in d.starts if t >= baseline.now], d.minutes, d.wanted)
            for d in days
        ]
    for rid, (day, event) in sorted(baseline.visits.items()):
        start = baseline.at(day, event.start)
        if event.kind == "legal_visit":
            wanted = next((d.wanted for d in options.legal.get(rid, [])), None)
            _legal(options, pub, rid, day, event, start, wanted)
        else:
            _booth(options, pub, rid, day, event, start, blocked)
    for rid in list(options.booth):
        if not options.booth[rid]:
            del options.booth[rid]
    for rid in list(options.legal):
        options.legal[rid] = [d for d in options.legal[rid] if d.starts]
        if not options.legal[rid]:
            del options.legal[rid]
    kept = set(options.booth) | set(options.legal)
    options.order = [r for r in options.order if r in kept]
    return pub


def _booth(
    options: Options, pub: Published, rid: str, day: dt.date, event: VisitEvent, start: int, blocked: Blocked
) -> None:
    b = pub.baseline
    slot = next((s for s in options.booth.get(rid, []) if s.start == start), None)
    if slot and event.id in b.pins and _shut(blocked, event.booth or 0, start, event.end - event.start):
        options.removed.setdefault(rid, []).append(Removed(start, "CAL-01", f"booth {event.booth} closed"))
        slot = None  # a pinned visit keeps its booth too (REP-05): the closure makes it impossible
    if b.started(day, event.start):
        window = next((s.window for s in options.booth.get(rid, []) if s.date == day), None)
        pub.booth[rid] = slot or BoothSlot(rid, day, start, window)
        options.booth[rid] = [pub.booth[rid]]
        _ensure_ordered(options, rid)
        pub.fixed.add(rid)
        pub.started.add(rid)
        return
    if slot is None:
        why = _why_gone(options, rid, start)
        if event.id in b.pins:
            pub.review[rid] = why.reason
        elif b.near(day, event.start):
            pub.forced[rid] = why
        pub.booth[rid] = BoothSlot(rid, day, start, None)
        if event.id in b.pins or b.near(day, event.start):
            options.booth.pop(rid, None)
        return
    pub.booth[rid] = slot
    if event.id in b.pins:
        options.booth[rid] = [slot]
        pub.fixed.add(rid)
    elif b.near(day, event.start):
        options.booth[rid] = [slot]
        pub.held.add(rid)


def _legal(
    options: Options,
    pub: Published,
    rid: str,
    day: dt.date,
    event: VisitEvent,
    start: int,
    wanted: int | None,
) -> None:
    b = pub.baseline
    pub.legal[rid] = (day, start)
    minutes = event.end - event.start
    open_ = any(d.date == day and start in d.starts for d in options.legal.get(rid, []))
    if b.started(day, event.start):
        options.legal[rid] = [LegalDay(rid, day, [start], minutes, wanted)]
        _ensure_ordered(options, rid)
        pub.fixed.add(rid)
        pub.started.add(rid)
        return
    pinned, near = event.id in b.pins, b.near(day, event.start)
    if not open_:
        why = _why_gone(options, rid, start)
        if pinned:
            pub.review[rid] = why.reason
        elif near:
            pub.forced[rid] = why
        if pinned or near:
            options.legal.pop(rid, None)
        return
    if pinned or near:
        options.legal[rid] = [LegalDay(rid, day, [start], minutes, wanted)]
        (pub.fixed if pinned else pub.held).add(rid)


def _ensure_ordered(options: Options, rid: str) -> None:
    """A started visit stays in the model even when its request no longer qualifies (it
    happened); it goes where registration order puts it."""
    if rid not in options.order:
        options.order.append(rid)


def _why_gone(options: Options, rid: str, start: int) -> Removed:
    """Why a published place is no longer open: the rule that took it, or the request itself."""
    found = [r for r in options.removed.get(rid, []) if r.start == start]
    if found:
        return found[0]
    if rid not in options.booth and rid not in options.legal and not options.removed.get(rid):
        return Removed(start, "VIS-13", "the request is no longer eligible or was cancelled")
    return Removed(start, "VIS-13", "its published time is no longer open to it")


@dataclass
class Changes:
    """The change counts of the published visits not yet started: one literal per visit
    cancelled, moved within its day, moved to another day."""

    cancelled: list[cp_model.LinearExprT] = field(default_factory=list)
    facing: list[cp_model.LinearExprT] = field(default_factory=list)
    booth: list[cp_model.LinearExprT] = field(default_factory=list)
    """Visits kept at their published time whose published booth is closed then (REP-03 (3)):
    the others kept in place keep their booths (the colouring gives them first)."""
    hint: dict[cp_model.IntVar, int] = field(default_factory=dict)
    stay: list[cp_model.IntVar] = field(default_factory=list)
    """The published slot of each booth visit the events leave in place (open, booth open)."""
    floor: tuple[int, int] = (0, 0)
    """Lower bounds of REP-03 (2) and (3) when no visit is cancelled (`booth_floor`)."""


def change_counts(vm: VisitModel, pub: Published) -> Changes:
    """REP-03 (1) and (2) over the model's variables: a published visit not served is
    cancelled; served at another start of its date is one change, on another date
    `DAY_WEIGHT`."""
    out = Changes()
    served = vm.served
    blocked = booths_blocked(vm.instance)
    out.hint |= _published_holders(vm, pub.baseline)
    for rid in sorted(pub.started & set(served)):
        _hint_started(vm, pub, rid, out)
    out.floor = booth_floor(vm, pub, blocked)
    for rid in pub.movable:
        if rid in pub.forced or rid in pub.review or rid not in served:
            continue
        out.cancelled.append(1 - served[rid])
        out.hint[served[rid]] = 1
        if rid in pub.booth:
            _booth_changes(vm, pub, rid, out, blocked)
        else:
            _legal_changes(vm, pub, rid, out)
    return out


def booth_floor(vm: VisitModel, pub: Published, blocked: Blocked) -> tuple[int, int]:
    """Lower bounds of the visitor-facing (2) and booth (3) changes of any repair that
    cancels nothing: a movable booth visit whose published start is gone from its options
    must move (another time that day costs 1, another day `DAY_WEIGHT`); at a start where
    more visits were published than booths are now open, the excess must move (1 each), and
    the other visits of closed booths can at best stay in another booth (1 each in (3))."""
    vis = vm.instance.facility.visitation
    facing, here, closed = 0, Counter(), Counter()
    for rid, mine in pub.booth.items():
        if rid in pub.forced or rid in pub.review or rid not in vm.served:
            continue
        slots = [s for s in vm.options.booth.get(rid, []) if s in vm.slot]
        if any(s.start == mine.start for s in slots) or rid in pub.started:
            here[mine.start] += 1
            booth = getattr(pub.baseline.visits[rid][1], "booth", None) or 0
            closed[mine.start] += int(
                _shut(blocked, booth, mine.start, vis.visit_minutes + vis.turnover_minutes)
            )
        elif slots:
            facing += 1 if any(s.date == mine.date for s in slots) else DAY_WEIGHT
    booths = 0
    for t, n in here.items():
        open_ = sum(
            not _shut(blocked, b, t, vis.visit_minutes + vis.turnover_minutes)
            for b in range(1, len(blocked) + 1)
        )
        excess = max(0, n - open_)
        facing += excess
        booths += max(0, closed[t] - excess)
    return facing, booths


def _shut(blocked: Blocked, booth: int, start: int, minutes: int) -> bool:
    """Whether a booth (from 1) is closed during [start, start + minutes)."""
    return 0 < booth <= len(blocked) and any(
        a < start + minutes and start < b for a, b, _ in blocked[booth - 1]
    )


def _hint_started(vm: VisitModel, pub: Published, rid: str, out: Changes) -> None:
    """A visit that started keeps its place (REP-01): hinted there, so that the published
    week is a complete warm start."""
    out.hint[vm.served[rid]] = 1
    if rid in pub.booth:
        mine = pub.booth[rid]
        for s in vm.options.booth.get(rid, []):
            if s in vm.slot:
                out.hint[vm.slot[s]] = int(s.start == mine.start)
        return
    day, start = pub.legal[rid]
    for i, d in enumerate(vm.legal_days(rid)):
        on, begin, _ = vm.legal[(rid, i)]
        out.hint |= {on: int(d.date == day), begin: start if d.date == day else d.starts[0]}


def _published_holders(vm: VisitModel, b: Baseline) -> dict[cp_model.IntVar, int]:
    """The holders of the visiting-room posts as published (STF-01..03), so that the
    published week is a complete warm start of the change levels."""
    held: dict[tuple[dt.date, int], list[tuple[int, int, str | None]]] = {}
    for day, e in b.events("post"):
        if getattr(e, "session", "") == "visitation_window" and getattr(e, "window", None):
            held.setdefault((day, e.window - 1), []).append((b.at(day, e.start), b.at(day, e.end), e.officer))  # type: ignore[attr-defined]
    stretches = vm.options.posts.stretches
    hint = {}
    for (key, officer), var in vm.holders.items():
        st = stretches[key[:2]][key[2]]
        hint[var] = int(
            any(o == officer and a < st.end and st.start < z for a, z, o in held.get(key[:2], []))
        )
    return hint


def _booth_changes(vm: VisitModel, pub: Published, rid: str, out: Changes, blocked: Blocked) -> None:
    slots = vm.options.booth.get(rid, [])
    mine = pub.booth[rid]
    vis = vm.instance.facility.visitation
    booth = getattr(pub.baseline.visits[rid][1], "booth", None) or 0
    span = (mine.start, mine.start + vis.visit_minutes + vis.turnover_minutes)
    closed = 0 < booth <= len(blocked) and any(a < span[1] and span[0] < b for a, b, _ in blocked[booth - 1])
    # the warm start keeps the visit where it was, unless its place is gone or its booth
    # closed: then it is hinted cancelled, so that the published week minus what the events
    # took is a whole, feasible first solution
    stays = not closed and any(s.start == mine.start and s in vm.slot for s in slots)
    out.hint[vm.served[rid]] = int(stays)
    if stays:
        out.stay.append(next(vm.slot[s] for s in slots if s.start == mine.start and s in vm.slot))
    for s in slots:
        var = vm.slot.get(s)
        if var is None:
            continue
        out.hint[var] = int(stays and s.start == mine.start)
        if s.start != mine.start:
            out.facing.append((DAY_WEIGHT if s.date != mine.date else 1) * var)
        elif closed:
            out.booth.append(var)


def _legal_changes(vm: VisitModel, pub: Published, rid: str, out: Changes) -> None:
    day, start = pub.legal[rid]
    for i, d in enumerate(vm.legal_days(rid)):
        on, begin, _ = vm.legal[(rid, i)]
        if d.date != day:
            out.facing.append(DAY_WEIGHT * on)
            out.hint[on] = 0
            continue
        same = vm.model.new_bool_var(f"REP-03 {rid} keeps its time")
        vm.model.add(begin == start).only_enforce_if(same)
        vm.model.add_implication(same, on)
        out.facing.append(on - same)
        out.hint |= {on: 1, same: 1, begin: start}
