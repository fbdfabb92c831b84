"""HOU-01..04: every inmate is on the roster; male and female, civil and criminal inmates never
share a session (hard); classification mixing in recreation sessions as a figure (soft)."""

from __future__ import annotations

from models.instance import Instance
from models.roster import Inmate
from models.schedule import WeekSchedule
from scheduler.verify.core import Violation, placed_activities, placed_of


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


def classification(inmate: Inmate) -> str:
    """HOU-04: an inmate's class for session mixing: misdemeanour, felony or violent felony
    (a civil commitment, kept apart by HOU-03, is a class of its own)."""
    if inmate.commitment == "civil":
        return "civil"
    if inmate.charge == "felony":
        return "violent felony" if inmate.violent else "felony"
    return "misdemeanour"


def mixed_pairs(instance: Instance, inmate_ids: list[str]) -> int:
    """HOU-04: pairs of distinct classes among these inmates (unknown inmates are HOU-01's)."""
    n = len({classification(instance.inmates[i]) for i in inmate_ids if i in instance.inmates})
    return n * (n - 1) // 2


def housing_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """HOU-04 as a figure: over the recreation sessions, the pairs of distinct classes present
    (the cost per mixed pair the grouping minimises)."""
    sessions = placed_of(schedule, "recreation")
    if not sessions:
        return {}
    total = sum(mixed_pairs(instance, a.event.inmates) for a in sessions)
    return {"HOU-04 mixed class pairs in recreation sessions": float(total)}


CHECKS = [check_known_inmates, check_sex, check_commitment]
