"""Where each eligible request may go: booth slots on the window grid (VIS-01, VIS-03,
VIS-12) and legal-room start times (VIS-11), in absolute minutes from Monday 00:00.

Slots that would overlap a count (DAY-01) or run past lights out (DAY-04) are left out;
legal starts also avoid meals (VIS-11). So are the placements over the inmate's busy time
(an appointment, APT-01, DAY-07) and over a closure of every booth or legal room (CAL-01);
those are remembered in `Options.removed`, so the waitlist can name the rule that kept a
request out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.common import format_clock
from models.facility import Closure
from models.instance import Candidate, Instance
from scheduler.engine.context import Context
from scheduler.engine.officers import shift_spans
from scheduler.visitation.posts import Eligibility, Stretch, stretches_of

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
    """Whether [start, end) minutes of `day` meets a count (or a meal), or lies outside lights
    on to lights out (DAY-04)."""
    r = instance.facility.routine
    spans = [(t, t + r.count_minutes) for t in r.counts]
    if with_meals:
        spans += [(t, t + r.meal_minutes) for t in r.meals]
    return start < r.lights_on or end > r.lights_out or any(start < b and a < end for a, b in spans)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _span_name(instance: Instance, cand: Candidate) -> str:
    """How the administrator names a candidate span: its window, the legal hours or the
    special arrangement, with its day and times."""
    times = f"{_clock(cand.start)}-{_clock(cand.end)}"
    if cand.window is not None:
        return f"window {instance.facility.visitation.windows[cand.window].describe()} on {cand.date}"
    return (
        f"{'legal-visit hours' if cand.source == 'legal' else 'the special arrangement'} {cand.date} {times}"
    )


def unfit(instance: Instance, cand: Candidate, minutes: int, starts: list[int], legal: bool) -> list[Removed]:
    """Why a candidate span offers no start at all (VIS-13 needs the real rule): the visit
    is longer than the span (VIS-03; VIS-11 for legal hours), or each start on its grid
    meets a count (DAY-01), a meal (DAY-02, legal visits) or lights out (DAY-04)."""
    at = _absolute(instance, cand.date, cand.start)
    length = cand.end - cand.start
    kind = "legal visit" if legal else "visit"
    if cand.source != "special" and length < minutes:
        why = f"{kind} of {minutes} min does not fit {_span_name(instance, cand)} ({length} min)"
        figures = (f"{minutes} min in one span", f"{length} min ({_span_name(instance, cand)})")
        return [Removed(at, "VIS-11" if legal else "VIS-03", why, *figures)]
    out: dict[str, Removed] = {}
    for t in starts:
        rule, why = _routine_clash(instance, cand.date, t, minutes, legal)
        out.setdefault(rule, Removed(_absolute(instance, cand.date, t), rule, why))
    return list(out.values())


def _routine_clash(
    instance: Instance, day: dt.date, start: int, minutes: int, meals: bool
) -> tuple[str, str]:
    """The rule and words of the routine event a placement [start, start + minutes) meets."""
    r, end = instance.facility.routine, start + minutes
    slot = f"the {_clock(start)}-{_clock(end)} slot on {day}"
    if start < r.lights_on or end > r.lights_out:
        return (
            "DAY-04",
            f"{slot} is outside lights on {_clock(r.lights_on)} to lights out {_clock(r.lights_out)}",
        )
    count = next((t for t in r.counts if start < t + r.count_minutes and t < end), None)
    if count is not None:
        return "DAY-01", f"{slot} meets the {_clock(count)} count ({r.count_minutes} min)"
    meal = next((t for t in r.meals if meals and start < t + r.meal_minutes and t < end), None)
    if meal is None:
        return "DAY-01", f"{slot} meets a count, a meal or lights out"
    return "DAY-02", f"{slot} meets the {_clock(meal)} meal ({r.meal_minutes} min)"


def _grid(cand: Candidate, minutes: int, step: int) -> list[int]:
    """The starts of a candidate span on its grid (VIS-03), or a special arrangement's one."""
    if cand.source == "special":
        return [cand.start]
    return list(range(cand.start, cand.end - minutes + 1, step))


def booth_slots(instance: Instance, request_id: str, cand: Candidate) -> list[BoothSlot]:
    """The grid slots of a window candidate, or the one slot of a special arrangement."""
    vis = instance.facility.visitation
    return [
        BoothSlot(request_id, cand.date, _absolute(instance, cand.date, s), cand.window)
        for s in _grid(cand, vis.visit_minutes, vis.slot_minutes)
        if not _blocked(instance, cand.date, s, s + vis.visit_minutes, with_meals=False)
    ]


def legal_day(instance: Instance, request_id: str, cand: Candidate) -> LegalDay:
    """The starts of a legal visit on a candidate date, avoiding counts and meals."""
    req = instance.requests[request_id]
    minutes = req.minutes or instance.facility.visitation.legal_visit_minutes
    starts = [
        _absolute(instance, cand.date, s)
        for s in _grid(cand, minutes, LEGAL_STEP)
        if not _blocked(instance, cand.date, s, s + minutes, with_meals=True)
    ]
    wanted = None
    if req.special_start is not None and req.special_start.date() == cand.date:
        wanted = _absolute(instance, cand.date, req.special_start.hour * 60 + req.special_start.minute)
    return LegalDay(request_id, cand.date, starts, minutes, wanted)


@dataclass(frozen=True)
class Posts:
    """The windows' stretches between shift changes, and who may supervise which request."""

    stretches: dict[tuple[dt.date, int], list[Stretch]]
    rules: Eligibility


@dataclass(frozen=True)
class Removed:
    """A placement taken away by the inmate's busy time or a closure: start, rule, why."""

    start: int
    rule: str
    reason: str
    needed: str = ""
    available: str = ""
    """Figures for the unmet list when the placement's span itself is short (VIS-03, VIS-11)."""


@dataclass
class Options:
    """Every placement of every eligible request, in registration order."""

    order: list[str]
    booth: dict[str, list[BoothSlot]]
    legal: dict[str, list[LegalDay]]
    removed: dict[str, list[Removed]]
    posts: Posts


def closures_at(instance: Instance, resources: tuple[str, ...], start: int, end: int) -> list[Closure]:
    """Closures of these resources overlapping the absolute span [start, end) (CAL-01)."""
    out = []
    for c in instance.facility.closures:
        if c.resource in resources:
            t = _absolute(instance, c.date, 0)
            a, b = c.span
            if t + a < end and start < t + b:
                out.append(c)
    return out


def open_booths(instance: Instance, minute: int) -> int:
    """Booths open at an absolute minute: all but those closed then (CAL-01)."""
    vis = instance.facility.visitation
    shut = closures_at(instance, ("visitation_room", "booths"), minute, minute + 1)
    closed = sum(vis.booths if c.resource == "visitation_room" else c.count for c in shut)
    return max(0, vis.booths - closed)


def open_legal_rooms(instance: Instance, minute: int) -> int:
    """Legal-visit rooms open at an absolute minute (CAL-01)."""
    rooms = instance.facility.visitation.legal_rooms
    return max(0, rooms - sum(c.count for c in closures_at(instance, ("legal_room",), minute, minute + 1)))


def _blocker(ctx: Context, inmate: str, day: dt.date, start: int, end: int, legal: bool) -> Removed | None:
    """Why a placement of absolute span [start, end) cannot be used at all, if it cannot."""
    instance = ctx.instance
    t = _absolute(instance, day, 0)
    for a, b in ctx.spans(inmate, day):
        if t + a < end and start < t + b:
            what = next(
                (
                    f"{x.kind} appointment {x.date} {x.start // 60:02d}:{x.start % 60:02d}"
                    for x in instance.appointments
                    if x.inmate_id == inmate and x.date == day and x.start == a and x.end == b
                ),
                None,
            )
            if what is None:  # a session a repair keeps as published (DAY-07), not an appointment
                return Removed(start, "DAY-07", f"inmate {inmate} has another activity then")
            return Removed(start, "APT-01", f"inmate {inmate} has a {what}")
    count = open_legal_rooms if legal else open_booths
    resources = ("legal_room",) if legal else ("visitation_room", "booths")
    shut = closures_at(instance, resources, start, end) if instance.facility.closures else []
    # the rooms open only fall where a closure starts: the span's least is at one of those
    moments = {start} | {m for c in shut if start < (m := _absolute(instance, c.date, c.span[0])) < end}
    if shut and any(count(instance, m) == 0 for m in moments):
        why = "; ".join(f"{c.resource.replace('_', ' ')} closed {c.date}: {c.reason}" for c in shut)
        return Removed(start, "CAL-01", why or "closed")
    return None


def options_for(ctx: Context) -> Options:
    """Placements of all eligible requests; a request with none is left to the waitlist."""
    instance = ctx.instance
    eligible = [instance.requests[e.request_id] for e in instance.eligibility.values() if e.eligible]
    order = [r.id for r in sorted(eligible, key=lambda r: (r.registered_at, r.id))]
    booth: dict[str, list[BoothSlot]] = {}
    legal: dict[str, list[LegalDay]] = {}
    removed: dict[str, list[Removed]] = {}
    posts = Posts(stretches_of(ctx), Eligibility(instance))
    for rid in order:
        gone = removed.setdefault(rid, [])
        if instance.requests[rid].kind == "legal":
            days = _legal_options(ctx, rid, gone)
            if days:
                legal[rid] = days
        else:
            slots = _booth_options(ctx, rid, gone, posts)
            if slots:
                booth[rid] = slots
    placed = [rid for rid in order if rid in booth or rid in legal]
    removed = {k: v for k, v in removed.items() if v}
    return Options(order=placed, booth=booth, legal=legal, removed=removed, posts=posts)


def _legal_options(ctx: Context, rid: str, gone: list[Removed]) -> list[LegalDay]:
    """A legal request's days with their usable starts; what rules out the rest goes to `gone`."""
    instance = ctx.instance
    inmate = instance.requests[rid].inmate_id
    days = []
    for c in instance.eligibility[rid].candidates:
        d = legal_day(instance, rid, c)
        if not d.starts:
            gone += unfit(instance, c, d.minutes, _grid(c, d.minutes, LEGAL_STEP), True)
        keep = _keep(ctx, inmate, d.date, d.starts, d.minutes, True, gone)
        if keep:
            days.append(LegalDay(d.request_id, d.date, keep, d.minutes, d.wanted))
    return days


def _booth_options(ctx: Context, rid: str, gone: list[Removed], posts: Posts) -> list[BoothSlot]:
    """A booth request's usable slots; what rules out the rest goes to `gone`."""
    instance = ctx.instance
    vis = instance.facility.visitation
    slots = []
    for c in instance.eligibility[rid].candidates:
        got = booth_slots(instance, rid, c)
        if not got:
            gone += unfit(
                instance, c, vis.visit_minutes, _grid(c, vis.visit_minutes, vis.slot_minutes), False
            )
        slots += got
    inmate = instance.requests[rid].inmate_id
    starts = set(_keep(ctx, inmate, None, [s.start for s in slots], vis.visit_minutes, False, gone))
    return [s for s in slots if s.start in starts and _supervised(ctx, rid, s, gone, posts)]


def _supervised(ctx: Context, rid: str, slot: BoothSlot, gone: list[Removed], posts: Posts) -> bool:
    """STF-01/STF-03: a window's visits are supervised by its post, which passes from one
    officer to the next at a shift change; so a visit goes only where every stretch of the
    window it overlaps has an officer on shift, free, and without a declared relationship
    with the inmate or a relative among the visitors. Otherwise the slot is listed as
    removed with the true cause."""
    if slot.window is None:
        return True
    end = slot.start + ctx.instance.facility.visitation.visit_minutes
    for stretch in posts.stretches[(slot.date, slot.window)]:
        if stretch.meets(slot.start, end) and not posts.rules.officers(stretch, rid):
            gone.append(Removed(slot.start, *_unsupervised(ctx.instance, rid, stretch, posts.rules)))
            return False
    return True


def _unsupervised(instance: Instance, rid: str, stretch: Stretch, rules: Eligibility) -> tuple[str, str]:
    """The true cause of a stretch of a window no officer may take for this request, with
    the people: nobody on shift and free then (STF-02, with the minutes nobody is on shift),
    or every officer on shift related to the inmate or a visitor (STF-03, naming each
    relationship)."""
    w = instance.facility.visitation.windows[stretch.window]
    t = (stretch.date - instance.monday).days * 1440
    where = f"window {w.describe()} on {stretch.date}"
    part = f"{format_clock(stretch.start - t)}-{format_clock(stretch.end - t)}"
    if not stretch.officers:
        spans = {s for o in instance.officers for s in shift_spans(instance, o)}
        bare = [
            m for m in range(stretch.start - t, stretch.end - t) if not any(a <= t + m < b for a, b in spans)
        ]
        if bare:
            return "STF-02", f"nobody is on shift for {where} at {_minutes(bare)}"
        return "STF-02", f"every officer on shift for {where} at {part} supervises another session then"
    named = [f"{o} ({', '.join(rules.ties(o, rid))})" for o in stretch.officers]
    return (
        "STF-03",
        f"every officer on shift for {where} at {part} has a declared relationship: {'; '.join(named)}",
    )


def _minutes(minutes: list[int]) -> str:
    """Minutes of a day as "HH:MM-HH:MM" runs."""
    runs: list[list[int]] = []
    for m in minutes:
        if runs and m == runs[-1][1]:
            runs[-1][1] = m + 1
        else:
            runs.append([m, m + 1])
    return ", ".join(f"{format_clock(a)}-{format_clock(b)}" for a, b in runs)


def _keep(
    ctx: Context, inmate: str, day: dt.date | None, starts: list[int], minutes: int, legal: bool, gone: list
) -> list[int]:
    """The starts no busy time or closure rules out; the others go to `gone`."""
    keep = []
    for t in starts:
        date = day or ctx.instance.monday + dt.timedelta(days=t // 1440)
        why = _blocker(ctx, inmate, date, t, t + minutes, legal)
        if why is None:
            keep.append(t)
        else:
            gone.append(why)
    return keep
