"""Visitation's proofs without a solve (VIS-09): the booths as a matching of served requests
to slot starts (level 2), and the flow bound on the requests served (level 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.instance import Instance
from scheduler.engine.context import Context
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.visitation import levels
from scheduler.visitation.bound import served_bound
from scheduler.visitation.options import options_for
from scheduler.visitation.seats import Seats
from scheduler.week import build_week
from tests.builders import FACILITY, ONE_SLOT, adult, family, inmate, one_slot_rows, request, write_instance


def test_an_augmenting_path_moves_a_request_to_make_room() -> None:
    """One booth at 0 and 30: A takes 0; B can only use 0, so A moves to 30."""
    seats = Seats({"A": [0, 30], "B": [0], "C": [0, 30]}, {0: 1, 30: 1})
    assert seats.add("A") and seats.at == {"A": 0}
    assert seats.fits("B") and seats.at == {"A": 0}  # a probe changes nothing
    assert seats.add("B") and seats.at == {"A": 30, "B": 0}
    assert not seats.fits("C")  # both starts hold a request that cannot move
    assert seats.full == {0, 30}


def test_a_start_proven_full_stays_out_of_later_searches() -> None:
    seats = Seats({"A": [0], "B": [0], "C": [0, 60], "D": [60]}, {0: 1, 60: 1})
    assert seats.add("A") and not seats.fits("B")
    assert seats.full == {0}
    assert seats.fits("C") and seats.add("C") and seats.at["C"] == 60
    assert not seats.fits("D")


def test_the_flow_bound_counts_booths_and_quotas(tmp_path: Path) -> None:
    """A window of one slot: two inmates with one request each fill two booths (bound 2);
    one inmate with both requests is held to his daily quota of one (bound 1)."""
    for same, booths, bound in ((False, 2, 2), (False, 1, 1), (True, 2, 1)):
        facility = FACILITY | {"visitation": {"booths": booths, "windows": [ONE_SLOT]}}
        folder = write_instance(tmp_path / f"{same}{booths}", one_slot_rows(same), facility=facility)
        instance = load_instance(folder)
        options = options_for(Context.of(instance, SolveSettings()))
        assert served_bound(instance, options) == bound


def clash_week(tmp_path: Path) -> Instance:
    """Two booths, one slot: R2's visitor V1 is in R1's visit then (VIS-05), which no booth
    count shows, so only a solve proves R2 out; R3 takes the second booth."""
    rows = one_slot_rows(False)
    rows["inmates.csv"] = [inmate(f"I{k}", name) for k, name in enumerate(["Adams", "Baker", "Clark"], 1)]
    rows["visitors.csv"] = [adult("V1"), adult("V3")]
    rows["requests.csv"] = [request("R1", "I1", "V1"), request("R2", "I2", "V1", 5), request("R3", "I3", "V3", 9)]
    rows["relations.csv"] = family(rows["requests.csv"])
    facility = FACILITY | {"visitation": {"booths": 2, "windows": [ONE_SLOT]}}
    return load_instance(write_instance(tmp_path / "clash", rows, facility=facility))


def level_2(instance: Instance, settings: SolveSettings):
    week = build_week(instance, settings, only="visitation")
    assert verify(week, instance, partial=True) == []
    [run] = [r for r in week.solver if r.subproblem.startswith("visitation L2 first come")]
    return week, run


def test_a_request_only_a_solve_decides_takes_one_block_solve(tmp_path: Path) -> None:
    week, run = level_2(clash_week(tmp_path), SolveSettings(time_limit=10))
    assert {u.request_id: u.rule for u in week.waitlist} == {"R2": "VIS-05"}
    assert (run.status, run.levels, run.gap) == ("OPTIMAL", [1.0], 0.0)


def test_level_2_solves_at_most_its_rounds_and_names_what_it_left_unproven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No block solve allowed: R2 stays out as the best schedule found has it, and the run
    says so (FEASIBLE, its bound the warm start's rank sum, R2 named)."""
    monkeypatch.setattr(levels, "ROUNDS", 0)
    week, run = level_2(clash_week(tmp_path), SolveSettings(time_limit=10))
    assert "R2" in {u.request_id for u in week.waitlist}
    assert run.status == "FEASIBLE" and run.levels == [0.0]
    assert "1 left out unproven after 0 block solves made: R2" in run.subproblem
    assert run.bound is not None and run.bound <= run.objective


def test_level_2_leaves_level_3_its_share_of_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping the whole budget for level 3, level 2 may not solve: it decides by its proofs
    and names the rest, citing the deadline."""
    monkeypatch.setattr(levels, "KEEP_FOR_TIMES", 1.0)
    week, run = level_2(clash_week(tmp_path), SolveSettings(time_limit=10, budget=100))
    assert run.status == "FEASIBLE" and "after the deadline (raise --deadline): R2" in run.subproblem
    times = [r for r in week.solver if r.subproblem.startswith("visitation L3")]
    assert [r.status for r in times] == ["OPTIMAL"]
