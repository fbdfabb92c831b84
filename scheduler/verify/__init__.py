"""The independent verifier: re-checks a finished schedule against RULES.md from the
schedule and instance alone. One module per rule family; it never imports solver code."""

from __future__ import annotations

from collections.abc import Callable

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify import housing, laundry, lockdown, razors, recreation, routine, separation, visits
from scheduler.verify.core import Violation

Check = Callable[[WeekSchedule, Instance], list[Violation]]
FAMILIES: list[list[Check]] = [
    routine.CHECKS,
    housing.CHECKS,
    separation.CHECKS,
    visits.CHECKS,
    recreation.CHECKS,
    lockdown.CHECKS,
    razors.CHECKS,
    laundry.CHECKS,
]


def verify(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """Every violated hard rule, in rule-family order."""
    if schedule.monday != instance.monday:
        return [
            Violation(
                rule="DAY-01", message=f"schedule is for {schedule.monday}, instance for {instance.monday}"
            )
        ]
    return [v for family in FAMILIES for check in family for v in check(schedule, instance)]


def soft_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """The soft rules as figures (costs the optimiser minimised), not violations."""
    return (
        visits.fcfs_figures(schedule, instance)
        | recreation.recreation_figures(schedule, instance)
        | lockdown.lockdown_figures(schedule, instance)
        | razors.razor_figures(schedule, instance)
        | laundry.laundry_figures(schedule, instance)
    )


__all__ = ["Violation", "soft_figures", "verify"]
