"""Each sub-problem's whole run ends by its deadline (`--deadline`): a sub-problem still
solving then keeps its best schedule, reports what was not proven, and says to raise the
deadline, never the time limit."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner

from models.instance import Instance
from scheduler.cli import BUNDLED, main
from scheduler.engine import solving
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.visitation import levels as visitation_levels
from scheduler.week import build_week


@pytest.fixture(scope="module")
def instance() -> Instance:
    return load_instance(BUNDLED)


def test_a_deadline_inside_level_2_still_leaves_its_proofs_to_decide(
    instance: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clock that ticks one second per reading: the deadline, 6 s after the start, falls in
    the first-come-first-served level. Its proofs need no solve (served in the last
    solution, quota used, no booth start left), and on the bundled week they decide every
    request, so the level is still proven (a request they leave open is named instead:
    `test_visitation_proofs`)."""
    clock = itertools.count()
    monkeypatch.setattr(solving.time, "monotonic", lambda: float(next(clock)))
    optimum = build_week(instance, SolveSettings(time_limit=10, budget=None), only="visitation")
    week = build_week(instance, SolveSettings(time_limit=10, budget=6), only="visitation")
    assert verify(week, instance, partial=True) == []
    [l2] = [r for r in week.solver if r.subproblem.startswith("visitation L2 first come")]
    assert (l2.status, l2.levels) == ("OPTIMAL", [0.0])
    assert week.kpis["visits.served"] == optimum.kpis["visits.served"]  # level 1 was proven first
    assert {u.request_id for u in week.waitlist} == {u.request_id for u in optimum.waitlist}


def test_level_1_met_by_the_flow_bound_needs_no_time(instance: Instance) -> None:
    """The bundled week's hand-built schedule serves as many as the flow bound allows: level 1
    is proven without a solve, even with no time at all."""
    week = build_week(instance, SolveSettings(time_limit=10, budget=1e-6), only="visitation")
    assert verify(week, instance, partial=True) == []
    [l1] = [r for r in week.solver if r.subproblem.startswith("visitation L1")]
    assert l1.subproblem == "visitation L1 served (the hand-built schedule meets the flow bound)"
    assert (l1.status, l1.objective, l1.bound) == ("OPTIMAL", week.kpis["visits.served"], l1.objective)


def test_no_time_for_any_solve_keeps_the_hand_built_visits(
    instance: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a bound the hand-built schedule does not meet, level 1 must solve; with no time
    for it, the hand-built schedule stands, unproven."""
    monkeypatch.setattr(visitation_levels, "served_bound", lambda instance, options: 10**6)
    week = build_week(instance, SolveSettings(time_limit=10, budget=1e-6), only="visitation")
    assert verify(week, instance, partial=True) == []
    kept = [r for r in week.solver if "hand-built schedule kept" in r.subproblem]
    assert [(r.status, r.bound) for r in kept] == [("FEASIBLE", None)]
    assert week.kpis["visits.served"] == kept[0].objective > 0
    cut = [r for r in week.solver if r.status == "UNKNOWN"]
    assert cut and all(r.deadline is not None and r.deadline < 10 for r in cut)


def test_recreation_keeps_a_rotation_built_by_hand_when_no_solve_has_time(instance: Instance) -> None:
    """No time for any solve: recreation still holds every session, by a rotation built by
    hand, reported as found (FEASIBLE), not proven; the verifier finds it sound."""
    week = build_week(instance, SolveSettings(time_limit=10, budget=1e-6), only="recreation")
    assert verify(week, instance, partial=True) == []
    [run] = [r for r in week.solver if "built by hand" in r.subproblem]
    held = sum(e.kind == "recreation" for _, e in week.events())
    assert (run.status, run.bound, run.objective) == ("FEASIBLE", None, float(held)) and held > 0
    assert not [u for u in week.unmet if u.kind == "recreation"]


def test_what_the_deadline_cut_says_to_raise_the_deadline(instance: Instance) -> None:
    week = build_week(instance, SolveSettings(time_limit=10, budget=1e-6))
    assert verify(week, instance) == []
    fixes = [u.fix for u in week.unmet if "raise --" in u.fix]
    assert fixes and all(f.startswith("raise --deadline") for f in fixes), fixes


def test_solve_takes_a_deadline(tmp_path: str) -> None:
    result = CliRunner().invoke(main, ["solve", "--only", "visitation", "--deadline", "120", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "visitation: OPTIMAL" in result.stderr
