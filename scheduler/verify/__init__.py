"""The independent verifier: re-checks a finished schedule against the rules (docs/rules.md) from the
schedule and instance alone. One module per rule family; it never imports solver code."""

from __future__ import annotations

from collections.abc import Callable

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify import (
    claims,
    closures,
    completeness,
    continuity,
    housing,
    laundry,
    listings,
    lockdown,
    offences,
    presence,
    razors,
    recreation,
    references,
    routine,
    separation,
    staff,
    structure,
    visits,
)
from scheduler.verify.core import Violation

Check = Callable[[WeekSchedule, Instance], list[Violation]]
FAMILIES: list[list[Check]] = [
    structure.CHECKS,
    routine.CHECKS,
    presence.CHECKS,
    housing.CHECKS,
    separation.CHECKS,
    visits.CHECKS,
    recreation.CHECKS,
    lockdown.CHECKS,
    offences.CHECKS,
    razors.CHECKS,
    laundry.CHECKS,
    staff.CHECKS,
    closures.CHECKS,
    completeness.CHECKS,
    listings.CHECKS,
    claims.CHECKS,
    references.CHECKS,
    continuity.CHECKS,
]


def verify(schedule: WeekSchedule, instance: Instance, *, partial: bool = False) -> list[Violation]:
    """Every violated hard rule, in rule-family order.

    A schedule whose `scope` is not the full week (`ALL_SUBPROBLEMS`) is a UNM-01 violation
    unless `partial=True`; either way, completeness is checked for the sub-problems in scope
    and every event the schedule holds is checked.

    The week's frame is checked first: when the days are not the week's seven dates, once
    each, in order, only those violations are returned (the other checks would repeat them).
    """
    if schedule.monday != instance.monday:
        return [
            Violation(
                rule="DAY-01", message=f"schedule is for {schedule.monday}, instance for {instance.monday}"
            )
        ]
    frame = structure.frame_violations(schedule, instance)
    if frame:
        return frame
    found = [] if partial else completeness.scope_violations(schedule)
    return found + [v for family in FAMILIES for check in family for v in check(schedule, instance)]


def soft_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """The soft rules as figures (costs the optimiser minimised), not violations."""
    return (
        visits.fcfs_figures(schedule, instance)
        | recreation.recreation_figures(schedule, instance)
        | lockdown.lockdown_figures(schedule, instance)
        | razors.razor_figures(schedule, instance)
        | laundry.laundry_figures(schedule, instance)
        | staff.staff_figures(schedule, instance)
        | housing.housing_figures(schedule, instance)
    )


__all__ = ["FAMILIES", "Violation", "soft_figures", "verify"]
