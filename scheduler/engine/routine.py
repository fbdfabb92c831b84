"""The fixed daily timeline: counts, meals, med passes, mail, phones, supply cart, indigent
packages and commissary (DAY-01..06, SUP-01, IND-01, COM-01). No solving: all from data."""

from __future__ import annotations

import datetime as dt

from models.common import weekday_of
from models.instance import Instance
from models.schedule import RoutineEvent

EVERYONE = "all units"


def routine_events(instance: Instance, day: dt.date) -> list[RoutineEvent]:
    """The routine events of one date, in start order."""
    events = (
        _blocks(instance, day) + _mail(instance, day) + [_phones(instance, day)] + _supplies(instance, day)
    )
    return sorted(events, key=lambda e: (e.start, e.end, e.id))


def clear_starts(instance: Instance, starts: range, minutes: int, busy: list[tuple[int, int]]) -> list[int]:
    """The starts whose span of `minutes` lies between lights on and lights out (DAY-04) and
    meets no count, meal or med pass (DAY-01..03) and no `busy` span: where recreation
    sessions and razor batches may begin. Most inmates share their busy time (none), so
    answers are kept per instance."""
    near = tuple(sorted((a, b) for a, b in busy if a < starts.stop + minutes and b > starts.start))
    key = (starts.start, starts.stop, starts.step, minutes, near)
    memo = instance.memo.setdefault("clear_starts", {})
    if key not in memo:
        r = instance.facility.routine
        blocked = [(t, t + r.count_minutes) for t in r.counts]
        blocked += [(t, t + r.meal_minutes) for t in r.meals]
        blocked += [(t, t + r.med_pass_minutes) for t in r.med_passes]
        blocked += near
        awake = range(r.lights_on, r.lights_out - minutes + 1)
        memo[key] = [t for t in starts if t in awake and all(t + minutes <= a or b <= t for a, b in blocked)]
    return list(memo[key])


def _blocks(instance: Instance, day: dt.date) -> list[RoutineEvent]:
    r = instance.facility.routine
    specs = [("count", r.counts, r.count_minutes, ""), ("meal", r.meals, r.meal_minutes, "")]
    specs.append(
        ("med_pass", r.med_passes, r.med_pass_minutes, "requests and grievances passed and collected")
    )
    return [
        RoutineEvent(
            id=f"{kind}:{day}:{t // 60:02d}{t % 60:02d}",
            kind=kind,
            start=t,
            end=t + minutes,
            place=EVERYONE,
            note=note,
        )
        for kind, times, minutes, note in specs
        for t in times
    ]


def _mail(instance: Instance, day: dt.date) -> list[RoutineEvent]:
    """DAY-06: outgoing mail at each med pass; no post office run or delivery at weekends and holidays."""
    r = instance.facility.routine
    quiet = weekday_of(day) in ("sat", "sun") or instance.is_holiday(day)
    note = (
        "outgoing mail collected, held until the next business day; no incoming delivery"
        if quiet
        else "outgoing mail collected for the post office; incoming mail delivered"
    )
    return [
        RoutineEvent(
            id=f"mail:{day}:{t // 60:02d}{t % 60:02d}",
            kind="mail",
            start=t,
            end=t + r.med_pass_minutes,
            place=EVERYONE,
            note=note,
        )
        for t in r.med_passes
    ]


def _phones(instance: Instance, day: dt.date) -> RoutineEvent:
    """DAY-05: phones after breakfast until lights out; lockdown inmates only in their hour out."""
    r = instance.facility.routine
    locked = sorted(i for i, nights in instance.lockdown_nights.items() if day in nights)
    note = "lockdown inmates use phones only in their hour out" + (f": {', '.join(locked)}" if locked else "")
    return RoutineEvent(
        id=f"phones:{day}", kind="phones", start=r.phones_open, end=r.phones_close, place=EVERYONE, note=note
    )


def _supplies(instance: Instance, day: dt.date) -> list[RoutineEvent]:
    """SUP-01, IND-01, COM-01 on their weekdays."""
    s = instance.facility.supplies
    weekday = weekday_of(day)
    out = []
    if weekday in s.supply_cart_days:
        out.append(
            RoutineEvent(
                id=f"supply_cart:{day}",
                kind="supply_cart",
                start=s.supply_cart_time,
                end=s.supply_cart_time + s.round_minutes,
                place=EVERYONE,
                note="soap, toilet paper, toothpaste, toothbrushes, feminine hygiene",
            )
        )
    if weekday == s.indigent_day:
        wanted = set(instance.indigent) & {i.id for i in instance.inmates.values() if i.indigent_request}
        out.append(
            RoutineEvent(
                id=f"indigent_package:{day}",
                kind="indigent_package",
                start=s.indigent_time,
                end=s.indigent_time + s.round_minutes,
                place=EVERYONE,
                note=f"{', '.join(s.indigent_package)}; charged to: {', '.join(sorted(wanted)) or '-'}",
            )
        )
    if weekday == s.commissary_day:
        restricted = sorted(
            i
            for i in instance.inmates
            if instance.suspended(i, "commissary", day) or instance.on_lockdown(i, day)
        )
        out.append(
            RoutineEvent(
                id=f"commissary:{day}",
                kind="commissary",
                start=s.commissary_time,
                end=s.commissary_time + s.round_minutes,
                place=EVERYONE,
                note="hygiene and writing items only for: " + (", ".join(restricted) or "-"),
            )
        )
    return out
