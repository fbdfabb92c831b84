"""DAY-01..04: counts, meals, med passes and lights out against the week's activities."""

from __future__ import annotations

from models.common import format_clock
from models.instance import Instance
from models.schedule import WeekSchedule
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


CHECKS = [check_counts, check_meals, check_med_passes, check_lights_out]
