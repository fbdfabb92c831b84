"""HOU-02..03: male and female, civil and criminal inmates never share a session."""

from __future__ import annotations

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Violation, placed_activities


def _mixed(schedule: WeekSchedule, instance: Instance, rule: str, attribute: str) -> list[Violation]:
    out = []
    for act in placed_activities(schedule):
        members = [instance.inmates[i] for i in act.event.inmates if i in instance.inmates]
        values = sorted({getattr(m, attribute) for m in members})
        if len(values) > 1:
            out.append(
                Violation(
                    rule=rule,
                    date=act.day.date,
                    message=f"{act.kind} mixes {attribute} {' and '.join(values)}",
                    events=[act.event.id],
                )
            )
    return out


def check_sex(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """HOU-02: one sex per session."""
    return _mixed(schedule, instance, "HOU-02", "sex")


def check_commitment(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """HOU-03: one commitment type per session."""
    return _mixed(schedule, instance, "HOU-03", "commitment")


def check_known_inmates(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """HOU-01: every inmate an event names is on the roster."""
    return [
        Violation(rule="HOU-01", date=act.day.date, message=f"unknown inmate {i}", events=[act.event.id])
        for act in placed_activities(schedule)
        for i in act.event.inmates
        if i not in instance.inmates
    ]


CHECKS = [check_known_inmates, check_sex, check_commitment]
