"""The verifier catches a hand-built schedule breaking each of DAY-01..04, HOU-02..03,
SEP-01..03, and passes a clean one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.schedule import (
    HourOut,
    LaundryLoad,
    RazorBatch,
    RecreationSession,
    RoutineEvent,
    VisitEvent,
    WeekSchedule,
)
from scheduler.loading import load_instance
from scheduler.verify import housing, routine, separation
from scheduler.verify.core import Violation
from scheduler.week import build_week
from tests.builders import FACILITY, base_tables, inmate, write_instance

MON, TUE, THU, SAT = (dt.date(2026, 11, d) for d in (23, 24, 26, 28))


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """The base week plus I6 kept apart from I1, I2 on lockdown Mon-Wed (and a night officer
    for the hour-outs), meals apart from counts."""
    tables = base_tables()
    tables["inmates.csv"].append(inmate("I6", "Evans"))
    tables["separations.csv"] = [{"inmate_a": "I6", "inmate_b": "I1", "reason": "co_defendant"}]
    tables["offences.csv"] = [
        {"id": "X", "inmate_id": "I2", "date": "2026-11-23", "category": "minor", "rules": "42"}
    ]
    night = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    tables["staff.csv"].append(
        {"id": "N1", "first_name": "Night", "last_name": "Officer"} | dict.fromkeys(night, "23:00-07:00")
    )
    facility = FACILITY | {"routine": {"meals": ["07:30", "12:30", "17:30"]}}
    return load_instance(write_instance(tmp_path_factory.mktemp("verify"), tables, facility=facility))


def rec(eid: str, start: str, end: str, inmates: list[str], pod: str = "A") -> RecreationSession:
    return RecreationSession(
        id=eid,
        kind="recreation",
        start=start,
        end=end,
        place="Rec",
        pod=pod,
        group=1,
        inmates=inmates,
        officer="O1",
    )


def visit(eid: str, start: str, end: str, inmate_id: str, booth: int = 1) -> VisitEvent:
    return VisitEvent(
        id=eid,
        kind="visit",
        request_id=eid,
        start=start,
        end=end,
        place="visitation room",
        booth=booth,
        inmates=[inmate_id],
    )


def load(eid: str, start: str, end: str) -> LaundryLoad:
    return LaundryLoad(
        id=eid,
        kind="laundry_load",
        start=start,
        end=end,
        place="laundry",
        pod="A",
        category="orange_uniforms",
        washer="W1",
        dryer="D1",
        wash_start=start,
        wash_end=start,
        dry_start=end,
        dry_end=end,
    )


CLEAN: list[tuple[dt.date, Any]] = [
    (MON, rec("rec-a", "09:00", "10:00", ["I1"])),
    (MON, rec("rec-b", "10:00", "11:00", ["I3"], pod="B")),
    (
        MON,
        HourOut(
            id="ho", kind="hour_out", start="23:30", end="24:30", place="dayroom A", pod="A", inmates=["I2"]
        ),
    ),
    (
        TUE,
        RazorBatch(
            id="raz",
            kind="razor_batch",
            start="08:30",
            end="09:00",
            place="pod A",
            pod="A",
            razors=2,
            inmates=["I1", "I6"][:1],
        ),
    ),
    (THU, load("lau", "08:00", "09:45")),
    (THU, rec("rec-thu", "09:00", "10:00", ["I1", "I2"])),
    (SAT, visit("v1", "08:00", "08:27", "I1")),
    (SAT, visit("v2", "08:30", "08:57", "I6")),
]


FRAME = routine.CHECKS + housing.CHECKS + separation.CHECKS


def verify(week: WeekSchedule, instance: Instance) -> list[Violation]:
    """The frame's rule families only (visits are checked in test_visitation)."""
    if week.monday != instance.monday:
        return [Violation(rule="DAY-01", message="other week")]
    return [v for check in FRAME for v in check(week, instance)]


def schedule(instance: Instance, extra: list[tuple[dt.date, Any]]) -> WeekSchedule:
    week = build_week(instance)
    for day in week.days:  # the frame's checks on hand-built events only: keep the routine
        day.events = [e for e in day.events if isinstance(e, RoutineEvent)]
    for day, event in CLEAN + extra:
        week.days[(day - week.monday).days].events.append(event)
    return WeekSchedule.model_validate_json(week.model_dump_json())


def test_clean_schedule_passes(instance: Instance) -> None:
    assert verify(schedule(instance, []), instance) == []


BROKEN: list[tuple[str, tuple[dt.date, Any], set[str]]] = [
    ("visit over the 17:00 count", (SAT, visit("x", "16:50", "17:17", "I3")), {"DAY-01"}),
    ("recreation over lunch", (TUE, rec("x", "12:15", "13:15", ["I1"])), {"DAY-01", "DAY-02"}),
    ("recreation over the 08:00 med pass", (TUE, rec("x", "08:15", "09:15", ["I1"])), {"DAY-03"}),
    (
        "razor batch over the 20:00 med pass",
        (
            TUE,
            RazorBatch(
                id="x",
                kind="razor_batch",
                start="19:45",
                end="20:15",
                place="pod A",
                pod="A",
                razors=1,
                inmates=["I1"],
            ),
        ),
        {"DAY-03"},
    ),
    ("laundry after lights out", (THU, load("x", "22:40", "23:20")), {"DAY-04"}),
    ("visit at 01:00", (SAT, visit("x", "25:00", "25:27", "I3")), {"DAY-04"}),
    ("men and women together", (TUE, rec("x", "09:00", "10:00", ["I1", "I5"])), {"HOU-02", "SEP-02"}),
    ("civil and criminal together", (TUE, rec("x", "09:00", "10:00", ["I1", "I4"])), {"HOU-03", "SEP-02"}),
    ("keep-separate pair in one session", (TUE, rec("x", "09:00", "10:00", ["I1", "I6"])), {"SEP-01"}),
    (
        "keep-separate pair in the visitation room",
        (SAT, visit("x", "08:10", "08:37", "I6", booth=2)),
        {"SEP-01"},
    ),
    ("two pods in one session", (TUE, rec("x", "09:00", "10:00", ["I1", "I3"])), {"SEP-02"}),
    ("session of another pod", (TUE, rec("x", "09:00", "10:00", ["I3"], pod="A")), {"SEP-02"}),
    ("lockdown inmate in a group", (MON, rec("x", "14:00", "15:00", ["I1", "I2"])), {"SEP-03"}),
    ("unknown inmate", (TUE, rec("x", "14:00", "15:00", ["I99"])), {"HOU-01"}),
]


@pytest.mark.parametrize(("case", "event", "rules"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_schedule_is_caught(
    instance: Instance, case: str, event: tuple[dt.date, Any], rules: set[str]
) -> None:
    violations = verify(schedule(instance, [event]), instance)
    assert {v.rule for v in violations} == rules, case
    assert all("x" in v.events for v in violations)


def test_schedule_for_another_week_is_refused(instance: Instance) -> None:
    week = schedule(instance, [])
    week.monday = dt.date(2026, 11, 30)
    assert [v.rule for v in verify(week, instance)] == ["DAY-01"]


def test_verify_reads_only_schedule_data(tmp_path: Path) -> None:
    """The verifier package never imports solver code (it may import models and data helpers)."""
    import ast

    solver_modules = {
        "visitation",
        "recreation",
        "lockdown",
        "razors",
        "laundry",
        "staffing",
        "week",
        "generate",
    }
    for path in (Path(__file__).resolve().parents[1] / "scheduler" / "verify").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scheduler."):
                assert node.module.split(".")[1] not in solver_modules, f"{path} imports {node.module}"
            assert "ortools" not in ast.dump(node), f"{path} touches ortools"
