"""Razors at scale (RAZ-07): list order exact with scarce razors, a number of solves that
does not grow with the sign-ups left out, every level proven, and a time limit that binds
reported as such, never as sign-ups proven short of razors. Every result is verified."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.schedule import RazorBatch, WeekSchedule
from scheduler import week
from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.razors import solve_razors
from scheduler.verify import verify
from tests.builders import FACILITY, ROUND_THE_CLOCK, base_tables, inmate, officer, write_instance

TUESDAY = 1  # Monday's list is issued on Tuesday morning (RAZ-01)
PODS = [f"P{k}" for k in range(1, 26)]


def facility(razors: dict[str, Any]) -> dict[str, Any]:
    """25 pods of men, recreation in the afternoon (RAZ-06 is not what these tests are about)."""
    units = [{"id": p, "sex": "M", "commitment": "criminal", "capacity": 60} for p in PODS]
    return FACILITY | {"housing_units": units, "razors": razors, "recreation": {"start": "13:00"}}


def signups(ids: list[str]) -> list[dict[str, str]]:
    return [{"inmate_id": i, "list_date": "2026-11-23", "position": str(n + 1)} for n, i in enumerate(ids)]


def instance_of(
    folder: Path, pods: dict[str, int], razors: dict[str, Any], seed: int, **tables: Any
) -> Instance:
    """`pods[p]` sign-ups in pod p, the list shuffled by `seed`; a day officer besides the
    round-the-clock staff."""
    people = [inmate(f"{p}-{k}", f"Name{k}", pod=p) for p, n in pods.items() for k in range(1, n + 1)]
    order = [row["id"] for row in people]
    random.Random(seed).shuffle(order)
    rows = base_tables() | {"inmates.csv": people, "requests.csv": [], "relations.csv": []}
    rows |= {
        "staff.csv": [officer("O1", "07:00-15:00"), *ROUND_THE_CLOCK],
        "razor_signups.csv": signups(order),
    }
    rows |= {f"{k}.csv": v for k, v in tables.items()}
    return load_instance(write_instance(folder, rows, facility=facility(razors)))


def razor_runs(schedule: WeekSchedule) -> list[str]:
    return [f"{r.subproblem} {r.status}" for r in schedule.solver if r.subproblem.startswith("razors")]


def served(schedule: WeekSchedule) -> set[str]:
    return {i for e in schedule.days[TUESDAY].events if isinstance(e, RazorBatch) for i in e.inmates}


def listed(instance: Instance) -> list[str]:
    return [s.inmate_id for s in sorted(instance.razor_signups, key=lambda s: s.position)]


def solve(instance: Instance, settings: SolveSettings | None = None) -> WeekSchedule:
    schedule = week.build_week(instance, settings or SolveSettings(time_limit=30), only="razors")
    assert verify(schedule, instance, partial=True) == []
    return schedule


def test_scarce_razors_serve_exactly_the_first_on_the_list(tmp_path: Path) -> None:
    # 2 razors x 7 batches (07:30, then half-hours from 08:30 to 11:00) serve 14 of 40.
    # The third on the list is at court all morning (DAY-07): the next one takes his place.
    instance = instance_of(tmp_path, {"P1": 16, "P2": 14, "P3": 10}, {"inventory": 2}, seed=3)
    order = listed(instance)
    court = [{"inmate_id": order[2], "date": "2026-11-24", "start": "07:00", "end": "12:00", "kind": "court"}]
    instance = instance_of(tmp_path, {"P1": 16, "P2": 14, "P3": 10}, {"inventory": 2}, 3, appointments=court)
    schedule = solve(instance)
    assert served(schedule) == set(order[:2] + order[3:15])
    assert all(run.endswith("OPTIMAL") for run in razor_runs(schedule))
    reasons = {x.inmate_id: x.reason for x in schedule.exclusions if x.rule == "RAZ-07"}
    assert set(reasons) == set(order[2:3] + order[15:])
    assert "(DAY-07)" in reasons[order[2]]
    assert all("40 sign-ups need 1,200 razor-minutes" in reasons[i] for i in order[15:])
    assert not any("time limit" in r for r in reasons.values())


def test_solves_do_not_grow_with_the_signups_left_out(tmp_path: Path) -> None:
    # 16 razors x 7 batches serve 112 a morning: 88, then 288, sign-ups left out.
    runs = {}
    for total in (200, 400):
        pods = {p: total // len(PODS) for p in PODS}  # 8, then 16, a pod
        instance = instance_of(tmp_path / str(total), pods, {}, seed=total)
        schedule = solve(instance)
        order = listed(instance)
        assert served(schedule) == set(order[:112])
        assert sum(x.rule == "RAZ-07" for x in schedule.exclusions) == total - 112
        runs[total] = razor_runs(schedule)
        assert all(run.endswith("OPTIMAL") for run in runs[total]), runs[total]
    assert len(runs[200]) == len(runs[400]) <= 6


def test_a_pod_cut_short_is_closed_and_the_list_goes_on(tmp_path: Path) -> None:
    # Pod P1's sign-ups are busy (visits, here appointments) except at 07:30 and 08:30: it
    # can serve only 2 x 4 of them; the rest of P1 are left out and the others, later on
    # the list, take their razors. Each cut costs a round, not a solve per sign-up.
    instance = instance_of(tmp_path, {"P1": 30, "P2": 30, "P3": 30}, {"inventory": 4}, seed=5)
    busy = [
        {"inmate_id": i, "date": "2026-11-24", "start": "09:00", "end": "12:00", "kind": "medical"}
        for i in listed(instance)
        if i.startswith("P1-")
    ]
    instance = instance_of(tmp_path, {"P1": 30, "P2": 30, "P3": 30}, {"inventory": 4}, 5, appointments=busy)
    schedule = solve(instance)
    expected: list[str] = []
    for i in listed(instance):  # down the list, P1 only while it has room, 28 in all
        if len(expected) < 28 and (not i.startswith("P1-") or sum(j.startswith("P1-") for j in expected) < 8):
            expected.append(i)
    assert served(schedule) == set(expected)
    assert all(run.endswith("OPTIMAL") for run in razor_runs(schedule))
    assert sum("list order" in run for run in razor_runs(schedule)) <= 3


def hurry(monkeypatch: pytest.MonkeyPatch, limit: float) -> None:
    """Only the razor solves get `limit` (the sub-problems before them solve as usual)."""

    def hurried(ctx: Context) -> SubResult:
        return solve_razors(dataclasses.replace(ctx, settings=SolveSettings(time_limit=limit)))

    monkeypatch.setitem(week.SOLVERS, "razors", hurried)


def test_a_binding_time_limit_is_reported_not_proven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One officer on Tuesday morning: one batch at a time, one sign-up a pod, so 7 of 25
    # can be served; no solve gets anywhere in a microsecond.
    morning = {"06:00-14:00", "08:00-16:00"}
    staff = [officer("O1", "07:00-15:00")] + [
        {k: v for k, v in row.items() if not (k == "tue" and v in morning)} for row in ROUND_THE_CLOCK
    ]
    instance = instance_of(tmp_path, dict.fromkeys(PODS, 1), {"inventory": 4}, seed=7, staff=staff)
    hurry(monkeypatch, 1e-6)
    schedule = solve(instance)
    runs = [r for r in schedule.solver if r.subproblem.startswith("razors")]
    assert runs[0].status == "FEASIBLE" and runs[0].bound == 25 and runs[0].gap and runs[0].gap > 0
    assert "time limit" in runs[0].subproblem  # the greedy's schedule, its gap to the sign-ups
    left = [x for x in schedule.exclusions if x.rule == "RAZ-07"]
    assert len(left) + len(served(schedule)) == 25
    assert left and all("stopped at the time limit" in x.reason for x in left)
    assert not any("razor-minutes" in x.reason for x in left)
    assert all("raise --time-limit" in u.fix for u in schedule.unmet if u.kind == "razor")
    (notice,) = [n for n in schedule.notices if n.rule == "RAZ-07"]
    assert "time limit" in notice.text and "razor-minutes" not in notice.text


def test_the_grid_proves_the_list_order_even_when_no_solve_could_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 40 sign-ups, 2 razors: 14 razor-minute slots. The grid schedule (augmenting paths in
    # list order) serves the first 14 on the list, which meets both the razor-minute bound
    # and the list-order round's bound, so no solve is needed even with a 1 us limit.
    instance = instance_of(tmp_path, {"P1": 16, "P2": 14, "P3": 10}, {"inventory": 2}, seed=3)
    hurry(monkeypatch, 1e-6)
    schedule = solve(instance)
    assert served(schedule) == set(listed(instance)[:14])
    runs = [r for r in schedule.solver if r.subproblem.startswith("razors")]
    assert all(r.status == "OPTIMAL" for r in runs), runs
    assert (runs[0].objective, runs[0].bound) == (14, 14) and "every razor-minute used" in runs[0].subproblem
    left = [x for x in schedule.exclusions if x.rule == "RAZ-07"]
    assert len(left) == 26 and not any("time limit" in x.reason for x in left)


def test_packed_schedule_decides_batches_and_finish(tmp_path: Path) -> None:
    # Plenty of razors: the list-order greedy opens a batch per razor-full pod, but each pod
    # needs only ceil(sign-ups / inventory) batches; the packed schedule meets that need and
    # the razor-minute floor, so levels 2 and 3 are decided without a solve, and verified.
    instance = instance_of(tmp_path, {"P1": 7, "P2": 9, "P3": 4}, {"inventory": 8}, seed=5)
    schedule = solve(instance)
    runs = razor_runs(schedule)
    assert all(r.endswith("OPTIMAL") for r in runs), runs
    assert any("L2 batches (the schedule meets the pods' need)" in r for r in runs), runs
    assert any("L3 finish (the packed schedule: the finish floor met)" in r for r in runs), runs
    assert served(schedule) == set(listed(instance))
    batches = [e for e in schedule.days[TUESDAY].events if isinstance(e, RazorBatch)]
    assert len(batches) == 1 + 2 + 1
