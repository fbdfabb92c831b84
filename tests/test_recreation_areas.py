"""Recreation areas of different capacities (REC-02, REC-03): a group is cut to the area
it uses, the largest cut that still lets the week fit; every session is in an area that
holds it, one session per area at a time; areas alike keep the smallest-area cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from models.instance import Instance
from models.schedule import RecreationSession, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.recreation.rotation import rotate
from scheduler.recreation.sessions import Session
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import FACILITY, base_tables, inmate, write_instance

GYM_AND_YARD = {"areas": [{"id": "Gym", "capacity": 30}, {"id": "Yard", "capacity": 10}]}


def solve(
    folder: Path, inmates: list[dict[str, str]], recreation: dict[str, Any]
) -> tuple[Instance, WeekSchedule]:
    """Recreation alone on a small instance, verified."""
    rows = base_tables() | {"inmates.csv": inmates, "requests.csv": [], "relations.csv": []}
    instance = load_instance(write_instance(folder, rows, facility=FACILITY | {"recreation": recreation}))
    schedule = build_week(instance, SolveSettings(time_limit=10), only="recreation")
    assert verify(schedule, instance, partial=True) == []
    assert schedule.unmet == []
    return instance, schedule


def pod(n: int, name: str = "A", **extra: str) -> list[dict[str, str]]:
    return [inmate(f"{name}{k}", f"Name{k}", pod=name, **extra) for k in range(1, n + 1)]


def sessions(schedule: WeekSchedule) -> list[RecreationSession]:
    return [e for d in schedule.days for e in d.events if isinstance(e, RecreationSession)]


def test_a_pod_of_30_is_one_group_in_the_gym_not_three_of_10(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, pod(30), GYM_AND_YARD)
    held = sessions(sched)
    assert len(held) == 5  # one a day
    assert all(len(s.inmates) == 30 and s.place == "Gym" for s in held)
    assert all(r.status == "OPTIMAL" for r in sched.solver)


def test_the_big_group_always_in_the_gym_the_small_one_may_use_the_yard(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, pod(30, "A") + pod(8, "B"), GYM_AND_YARD)
    held = sessions(sched)
    assert sorted({(s.pod, len(s.inmates)) for s in held}) == [("A", 30), ("B", 8)]
    assert all(s.place == "Gym" for s in held if s.pod == "A")
    assert {s.place for s in held if s.pod == "B"} <= {"Gym", "Yard"}
    assert all(r.status == "OPTIMAL" for r in sched.solver)


def test_one_area_for_every_big_group_is_too_few_so_groups_are_cut_smaller(tmp_path: Path) -> None:
    """Two hours, a gym of 20 and two yards of 10: three pods of 20 as whole groups need
    the gym three times a day, which holds two; cut to 10, six groups fill all three areas."""
    recreation = {
        "areas": [{"id": "Gym", "capacity": 20}, {"id": "Y1", "capacity": 10}, {"id": "Y2", "capacity": 10}],
        "start": "13:00",
        "end": "15:00",
    }
    inmates = pod(20, "A") + pod(20, "B") + pod(20, "F", sex="F")
    _, sched = solve(tmp_path, inmates, recreation)
    held = sessions(sched)
    assert len(held) == 30 and all(len(s.inmates) <= 10 for s in held)
    assert {s.place for s in held} == {"Gym", "Y1", "Y2"}
    assert any(n.rule == "REC-03" and "cut to 10" in n.text for n in sched.notices)
    rejected = [r for r in sched.solver if "groups up to 20: rejected" in r.subproblem]
    assert rejected and rejected[-1].status == "INFEASIBLE"  # a proof, not a time limit
    assert all(r.status == "OPTIMAL" for r in sched.solver if r not in rejected)


def test_equal_areas_keep_the_smallest_area_cut_and_no_area_index(tmp_path: Path) -> None:
    recreation = {"areas": [{"id": "R1", "capacity": 24}, {"id": "R2", "capacity": 24}]}
    _, sched = solve(tmp_path, pod(30), recreation)
    held = sessions(sched)
    assert len(held) == 10 and all(len(s.inmates) <= 24 for s in held)
    assert not any("rejected" in r.subproblem or "larger than" in r.subproblem for r in sched.solver)
    assert [r.subproblem for r in sched.solver if "groups" in r.subproblem] == [
        "recreation groups A week L1",
        "recreation groups A week L2",
    ]


def _day_sessions(tmp_path: Path, sizes_and_starts: list[tuple[int, int]]) -> tuple[Instance, list[Session]]:
    instance = load_instance(
        write_instance(tmp_path, base_tables(), facility=FACILITY | {"recreation": GYM_AND_YARD})
    )
    day = dt.date(2026, 11, 23)
    own = [
        Session(day, f"P{k}", 0, tuple(f"I{k}-{j}" for j in range(size)))
        for k, (size, _) in enumerate(sizes_and_starts)
    ]
    return instance, own


def test_a_small_session_is_placed_so_that_a_big_one_starting_later_has_the_gym(tmp_path: Path) -> None:
    """Small at 08:00 and 08:15, big at 09:00: smallest-fit by start would put the first in
    the yard, the second in the gym until 09:15, and leave the big one nowhere; the model
    puts the first small one in the gym."""
    plan = [(5, 480), (5, 495), (25, 540)]
    instance, own = _day_sessions(tmp_path, plan)
    options = {s: [t] for s, (_, t) in zip(own, plan, strict=True)}
    rotation = rotate(instance, own, options, SolveSettings(time_limit=10), [])
    assert rotation.starts is not None and rotation.areas is not None
    assert [rotation.areas[s] for s in own] == ["Gym", "Yard", "Gym"]


def test_counts_per_capacity_at_each_moment_are_not_enough(tmp_path: Path) -> None:
    """Big 07:30 in the gym forces the small 08:00 into the yard, the small 08:30 into the
    gym, and the big 09:00 finds the gym taken, though at every moment at most one big
    session and at most two sessions are in progress: the area-indexed model proves it."""
    plan = [(25, 450), (5, 480), (5, 510), (25, 540)]
    instance, own = _day_sessions(tmp_path, plan)
    options = {s: [t] for s, (_, t) in zip(own, plan, strict=True)}
    rotation = rotate(instance, own, options, SolveSettings(time_limit=10), [])
    assert rotation.starts is None
    assert rotation.runs[-1].status == "INFEASIBLE"
