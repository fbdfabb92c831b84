"""DAY-01..04: counts, meals, med passes and lights out against the week's activities; and
the daily routine itself (DAY-01..03, DAY-05, DAY-06, SUP-01, IND-01, COM-01): every day shows
its counts, meals, med passes, mail collections, phone hours, supply cart, indigent packages
and commissary at the facility's times, re-derived here from the configuration."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import RoutineEvent, WeekSchedule
from scheduler.verify.core import INPUT_KINDS, Placed, Violation, daily_blocks, overlaps, placed_activities

MEAL_BLOCKED = frozenset({"recreation", "razor_batch"})
"""Activities a meal excludes (DAY-02); laundry pickups are not separate events."""
MED_BLOCKED = frozenset({"recreation", "razor_batch"})
"""Activities a med pass excludes (DAY-03)."""


def _clashes(
    rule: str, what: str, activities: list[Placed], blocks: list[tuple[int, int, object]]
) -> list[Violation]:
    out = []
    for act in activities:
        for start, end, day in blocks:
            if overlaps(act.start, act.end, start, end):
                out.append(
                    Violation(
                        rule=rule,
                        date=act.day.date,
                        message=(
                            f"{act.kind} {format_clock(act.event.start)}-{format_clock(act.event.end)} "
                            f"overlaps the {what} of {day} at {format_clock(start % 1440)}"
                        ),
                        events=[act.event.id],
                    )
                )
    return out


def check_counts(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-01: no activity with inmates overlaps a count (appointments are input data, APT-01)."""
    r = instance.facility.routine
    acts = [a for a in placed_activities(schedule) if a.event.inmates and a.kind not in INPUT_KINDS]
    return _clashes("DAY-01", "count", acts, daily_blocks(instance, r.counts, r.count_minutes))


def check_meals(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-02: no recreation or razor issue overlaps a meal."""
    r = instance.facility.routine
    acts = [a for a in placed_activities(schedule) if a.kind in MEAL_BLOCKED]
    return _clashes("DAY-02", "meal", acts, daily_blocks(instance, r.meals, r.meal_minutes))


def check_med_passes(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-03: no recreation or razor issue overlaps a med pass."""
    r = instance.facility.routine
    acts = [a for a in placed_activities(schedule) if a.kind in MED_BLOCKED]
    return _clashes("DAY-03", "med pass", acts, daily_blocks(instance, r.med_passes, r.med_pass_minutes))


def check_lights_out(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-04: from lights out to the next lights on only lockdown hour-outs run: no visit,
    recreation, razor issue, laundry or officer post. Appointments are input data (APT-01)."""
    r = instance.facility.routine
    nights = [(i * 1440 + r.lights_out, (i + 1) * 1440 + r.lights_on) for i in range(-1, 7)]
    acts = [a for a in placed_activities(schedule) if a.kind != "hour_out" and a.kind not in INPUT_KINDS]
    out = []
    for act in acts:
        if any(overlaps(act.start, act.end, start, end) for start, end in nights):
            out.append(
                Violation(
                    rule="DAY-04",
                    date=act.day.date,
                    message=(
                        f"{act.kind} {format_clock(act.event.start)}-{format_clock(act.event.end)} "
                        f"runs between lights out ({format_clock(r.lights_out)}) "
                        f"and lights on ({format_clock(r.lights_on)})"
                    ),
                    events=[act.event.id],
                )
            )
    return out


ROUTINE_RULES = {
    "count": "DAY-01",
    "meal": "DAY-02",
    "med_pass": "DAY-03",
    "phones": "DAY-05",
    "mail": "DAY-06",
    "supply_cart": "SUP-01",
    "indigent_package": "IND-01",
    "commissary": "COM-01",
}
"""The rule each routine event kind shows on the daily schedule."""


def expected_routine(instance: Instance, day: dt.date) -> set[tuple[str, int, int]]:
    """The routine events a date must show, as (kind, start, end): counts, meals and med
    passes at their times (DAY-01..03); outgoing mail collected at each med pass (DAY-06);
    phones from after breakfast to lights out (DAY-05); the supply cart, indigent packages and
    commissary on their weekdays (SUP-01, IND-01, COM-01)."""
    r, s = instance.facility.routine, instance.facility.supplies
    out = {("count", t, t + r.count_minutes) for t in r.counts}
    out |= {("meal", t, t + r.meal_minutes) for t in r.meals}
    out |= {("med_pass", t, t + r.med_pass_minutes) for t in r.med_passes}
    out |= {("mail", t, t + r.med_pass_minutes) for t in r.med_passes}
    out.add(("phones", r.phones_open, r.phones_close))
    weekday = weekday_of(day)
    if weekday in s.supply_cart_days:
        out.add(("supply_cart", s.supply_cart_time, s.supply_cart_time + s.round_minutes))
    if weekday == s.indigent_day:
        out.add(("indigent_package", s.indigent_time, s.indigent_time + s.round_minutes))
    if weekday == s.commissary_day:
        out.add(("commissary", s.commissary_time, s.commissary_time + s.round_minutes))
    return out


def _span(kind: str, start: int, end: int) -> str:
    return f"{kind.replace('_', ' ')} {format_clock(start)}-{format_clock(end)}"


def check_routine_present(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DAY-01..03, DAY-05, DAY-06, SUP-01, IND-01, COM-01: each day shows each routine event
    of the facility once, at its times, for the whole facility (no `pods`, or every pod); no
    routine event at a time the facility does not have. The missing events of a kind on a day
    are one line."""
    pods = {u.id for u in instance.facility.housing_units}
    out = []
    for day in schedule.days:
        shown: dict[tuple[str, int, int], list[RoutineEvent]] = defaultdict(list)
        for e in day.events:
            if isinstance(e, RoutineEvent):
                shown[(e.kind, e.start, e.end)].append(e)
        expected = expected_routine(instance, day.date)
        missing: dict[str, list[str]] = defaultdict(list)
        for key in sorted(expected | set(shown), key=lambda k: (k[1], k[2], k[0])):
            kind, start, end = key
            events = shown.get(key, [])
            if key in expected and not events:
                missing[kind].append(f"{format_clock(start)}-{format_clock(end)}")
                continue
            if key not in expected:
                problem = "is not in the facility's routine for the day"
            elif len(events) > 1 and any(not e.pods for e in events):
                problem = f"appears {len(events)} times"
            elif all(e.pods for e in events) and not pods <= {p for e in events for p in e.pods}:
                problem = f"covers only pods {', '.join(sorted({p for e in events for p in e.pods}))}"
            else:
                continue
            out.append(
                Violation(
                    rule=ROUTINE_RULES[kind],
                    date=day.date,
                    message=f"{_span(kind, start, end)} {problem}",
                    events=[e.id for e in events],
                )
            )
        out += [
            Violation(
                rule=ROUTINE_RULES[kind],
                date=day.date,
                message=f"{kind.replace('_', ' ')} missing from the day: {', '.join(spans)}",
            )
            for kind, spans in missing.items()
        ]
    return out


CHECKS = [check_counts, check_meals, check_med_passes, check_lights_out, check_routine_present]
