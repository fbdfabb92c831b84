"""Recreation (REC-01..05): each rule where it binds, every result verified; on tiny random
weeks the group count and the two rotation levels equal a brute-force optimum."""

from __future__ import annotations

import itertools
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.instance import Instance
from models.schedule import HourOut, RecreationSession, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify
from scheduler.week import build_week
from tests.builders import (
    FACILITY,
    ROUND_THE_CLOCK,
    base_tables,
    inmate,
    night_officer,
    offence,
    write_instance,
)


def solve(
    folder: Path,
    inmates: list[dict[str, str]],
    recreation: dict[str, Any] | None = None,
    separations: list[tuple[str, str]] = (),
    only: str | None = "recreation",
    **tables: list[dict[str, str]],
) -> tuple[Instance, WeekSchedule]:
    """Solve on a small instance; every result is run through the verifier."""
    rows = base_tables() | {"inmates.csv": inmates, "requests.csv": [], "relations.csv": []}
    rows["separations.csv"] = [{"inmate_a": a, "inmate_b": b, "reason": "adversary"} for a, b in separations]
    rows["staff.csv"] = [night_officer("N1"), *ROUND_THE_CLOCK]
    rows |= {f"{k}.csv": v for k, v in tables.items()}
    facility = FACILITY | ({"recreation": recreation} if recreation else {})
    instance = load_instance(write_instance(folder, rows, facility=facility))
    schedule = build_week(instance, SolveSettings(time_limit=10), only=only)
    assert verify(schedule, instance, partial=True) == []
    assert all(r.status == "OPTIMAL" for r in schedule.solver)
    return instance, schedule


def sessions(schedule: WeekSchedule, day: int = 0) -> list[RecreationSession]:
    return [e for e in schedule.days[day].events if isinstance(e, RecreationSession)]


def pod(n: int, name: str = "A", **extra: str) -> list[dict[str, str]]:
    return [inmate(f"{name}{k}", f"Name{k}", pod=name, **extra) for k in range(1, n + 1)]


def test_a_pod_larger_than_the_area_splits(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, pod(30), {"areas": [{"id": "Yard", "capacity": 24}]})
    assert len(sessions(sched)) == 2
    assert all(len(s.inmates) <= 24 for s in sessions(sched))


def test_keep_separate_pair_forces_a_split(tmp_path: Path) -> None:
    _, together = solve(tmp_path / "a", pod(4))
    assert len(sessions(together)) == 1
    _, apart = solve(tmp_path / "b", pod(4), separations=[("A1", "A2")])
    groups = sessions(apart)
    assert len(groups) == 2
    assert not any({"A1", "A2"} <= set(s.inmates) for s in groups)


def test_pods_never_mix_even_to_save_a_session(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, pod(2, "A") + pod(2, "B"))
    assert sorted((s.pod, len(s.inmates)) for s in sessions(sched)) == [("A", 2), ("B", 2)]


def test_sex_and_commitment_never_share(tmp_path: Path) -> None:
    inmates = pod(2, "A") + pod(2, "C") + [inmate(f"F{k}", f"Name{k}", pod="F", sex="F") for k in (1, 2)]
    _, sched = solve(tmp_path, inmates)
    assert sorted(s.pod for s in sessions(sched)) == ["A", "C", "F"]


def test_suspended_recreation_is_excluded_with_reason(tmp_path: Path) -> None:
    sanction = {
        "id": "S1",
        "inmate_id": "A1",
        "privilege": "recreation",
        "start": "2026-11-23",
        "end": "2026-11-24",
    }
    _, sched = solve(tmp_path, pod(3), sanctions=[sanction])
    assert "A1" not in sessions(sched, 0)[0].inmates and "A1" in sessions(sched, 2)[0].inmates
    assert {(x.inmate_id, str(x.date), x.rule) for x in sched.exclusions} == {
        ("A1", "2026-11-23", "REC-04"),
        ("A1", "2026-11-24", "REC-04"),
    }


def test_lockdown_inmate_gets_no_day_session_but_an_hour_out(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, pod(3), only=None, offences=[offence("X1", "A1")])
    for day in range(3):
        assert all("A1" not in s.inmates for s in sessions(sched, day))
        outs = [e for e in sched.days[day].events if isinstance(e, HourOut)]
        assert [e.inmates for e in outs] == [["A1"]]
    assert any("A1" in s.inmates for s in sessions(sched, 3))


def test_no_group_has_the_same_start_two_days_running(tmp_path: Path) -> None:
    instance, sched = solve(tmp_path, pod(3), {"start": "08:30", "end": "09:45"})
    starts = [sessions(sched, d)[0].start for d in range(5)]
    assert all(a != b for a, b in itertools.pairwise(starts))
    assert soft_figures(sched, instance)["REC-05 same start on consecutive days"] == 0


def test_a_plain_week_is_realised_from_the_plan_without_the_full_model(tmp_path: Path) -> None:
    _, sched = solve(
        tmp_path, pod(30, "A") + pod(30, "B") + pod(5, "C"), {"areas": [{"id": "Yard", "capacity": 24}]}
    )
    assert [r.subproblem for r in sched.solver if r.subproblem.startswith("recreation L")] == [
        "recreation L1 daylight sessions",
        "recreation L2 fair daylight",
    ]
    assert len(sched.rotation) == 5


def test_daylight_is_shared_fairly_between_groups(tmp_path: Path) -> None:
    """One area, one daylight session a day for three pods over five days: 2, 2 and 1."""
    window = {"start": "08:30", "end": "11:30", "daylight_end": "09:45"}
    instance, sched = solve(tmp_path, pod(1, "A") + pod(1, "B") + pod(1, "C"), window)
    assert sorted(row.daylight for row in sched.rotation) == [1, 2, 2]
    assert soft_figures(sched, instance)["REC-05 largest deviation from fair daylight share"] == round(
        2 / 3, 4
    )


# Tiny random weeks: 3 recreation days, one area, starts 08:30..09:30 (15-min grid),
# daylight only until 09:45, so a brute force can try every rotation.
DAYS = 3
TINY_REC = {"days": ["mon", "tue", "wed"], "start": "08:30", "end": "10:30", "daylight_end": "09:45"}
STARTS = (510, 525, 540, 555, 570)


@st.composite
def tiny_pods(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    pairs = [p for p in itertools.combinations(range(1, n + 1), 2) if draw(st.integers(0, 3)) == 0]
    return {"n": n, "capacity": draw(st.integers(2, 4)), "apart": pairs}


def fewest_groups(n: int, capacity: int, apart: list[tuple[int, int]]) -> int:
    for k in range(1, n + 1):
        for labels in itertools.product(range(k), repeat=n):
            sizes = [labels.count(g) for g in range(k)]
            if max(sizes) <= capacity and all(labels[a - 1] != labels[b - 1] for a, b in apart):
                return k
    return n


def best_rotation(groups: int) -> tuple[int, float]:
    """Most daylight sessions, then the smallest largest deviation of a group's daylight
    sessions from its fair share (one area, DAYS days, no start repeated the next day)."""
    best: tuple[int, float] | None = None
    for choice in itertools.product(STARTS, repeat=DAYS * groups):
        days = [choice[d * groups : (d + 1) * groups] for d in range(DAYS)]
        if any(abs(a - b) < 60 for day in days for a, b in itertools.combinations(day, 2)):
            continue
        if any(days[d][g] == days[d + 1][g] for d in range(DAYS - 1) for g in range(groups)):
            continue
        light = [sum(1 for d in days if d[g] + 60 <= 585) for g in range(groups)]
        held = sum(light)
        dev = max(abs(d - held / groups) for d in light)
        key = (-held, round(dev, 4))
        best = key if best is None or key < best else best
    assert best is not None
    return -best[0], best[1]


@pytest.mark.parametrize("path", ["plan", "full model"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(week=tiny_pods())
def test_groups_and_rotation_equal_brute_force(path: str, week: dict[str, Any]) -> None:
    """Both ways to the rotation: the plan realised, and the full model it falls back to."""
    recreation = TINY_REC | {"areas": [{"id": "Yard", "capacity": week["capacity"]}]}
    inmates = pod(week["n"])
    apart = [(f"A{a}", f"A{b}") for a, b in week["apart"]]
    groups = fewest_groups(week["n"], week["capacity"], week["apart"])
    unrealised = mock.patch("scheduler.recreation.rotation.realise", return_value=None)
    with tempfile.TemporaryDirectory() as tmp, unrealised if path == "full model" else nullcontext():
        if groups > 2:  # more sessions than one area holds between 08:30 and 10:30
            return
        instance, sched = solve(Path(tmp), inmates, recreation, separations=apart)
    if path == "full model":
        assert any("not realised" in r.subproblem for r in sched.solver)
    assert len(sessions(sched)) == groups
    figures = soft_figures(sched, instance)
    held, dev = best_rotation(groups)
    assert figures["REC-05 daylight sessions"] == held
    assert figures["REC-05 largest deviation from fair daylight share"] == dev


def test_verifier_catches_each_broken_session(tmp_path: Path) -> None:
    sanction = {
        "id": "S1",
        "inmate_id": "A3",
        "privilege": "recreation",
        "start": "2026-11-23",
        "end": "2026-11-23",
    }
    instance, clean = solve(tmp_path, pod(2, "A") + pod(2, "B") + [inmate("A3", "Zed")], sanctions=[sanction])
    mutations = {
        "UNM-01": lambda day, a, b: day.events.remove(a),
        "REC-02": lambda day, a, b: (
            setattr(b, "place", a.place) or setattr(b, "start", a.start) or setattr(b, "end", a.end)
        ),
        "REC-03": lambda day, a, b: setattr(a, "inmates", a.inmates + [f"X{k}" for k in range(30)]),
        "REC-04": lambda day, a, b: a.inmates.append("A3") if a.pod == "A" else b.inmates.append("A3"),
    }
    for rule, mutate in mutations.items():
        sched = clean.model_copy(deep=True)
        day = sched.days[0]
        a, b = sorted(sessions(sched), key=lambda s: s.pod)
        mutate(day, a, b)
        if rule == "REC-03":
            instance.inmates.update(
                {f"X{k}": instance.inmates["A1"].model_copy(update={"id": f"X{k}"}) for k in range(30)}
            )
        assert rule in {v.rule for v in verify(sched, instance, partial=True)}, rule
        for k in range(30):
            instance.inmates.pop(f"X{k}", None)
