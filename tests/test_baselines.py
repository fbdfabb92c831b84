"""The benchmarks' baselines (issue 14): the hand method never beats the optimizer and loses
on a contended week, HiGHS agrees with CP-SAT, the hand method's schedule keeps the rules,
and the contended-week generator flags give valid instances."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.check import check
from benchmarks.common import BUNDLED
from benchmarks.hand import hand_outcome, recreation_and_razor_figures, visitation_figures
from benchmarks.highs import compare, cpsat_level
from benchmarks.suite import RESULTS
from models.instance import Instance
from scheduler.engine.context import Context
from scheduler.engine.solving import SolveSettings
from scheduler.generate import CONTENDED, CONTENDED_RATES, Variant, generate_instance
from scheduler.loading import load_instance
from scheduler.visitation.greedy import greedy_hint
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import options_for

SETTINGS = SolveSettings(time_limit=20)
COMMITTED = (300, 1)
"""A contended week (inmates, seed) where the hand method serves strictly fewer (148 vs 170)."""


def _model(instance: Instance) -> VisitModel:
    return VisitModel(instance, options_for(Context.of(instance, SETTINGS)))


def _generated(folder: Path, inmates: int, seed: int, variant: Variant = CONTENDED) -> Instance:
    generate_instance(folder, inmates, seed, variant=variant)
    return load_instance(folder)


def _served(vm: VisitModel) -> tuple[int, int]:
    """(hand method's served, optimizer's proven L1 optimum) on one model."""
    hand = hand_outcome(vm)
    best = cpsat_level(vm, sum(vm.served.values()), True, SETTINGS, greedy_hint(vm))
    assert best.status == "OPTIMAL"
    return len(hand.booth) + len(hand.legal), round(best.objective or 0)


@pytest.mark.parametrize(("inmates", "seed"), [(100, 2), (150, 3), (200, 4), (250, 5)])
def test_hand_method_never_serves_more(tmp_path: Path, inmates: int, seed: int) -> None:
    hand, best = _served(_model(_generated(tmp_path, inmates, seed)))
    assert hand <= best


def test_hand_method_serves_fewer_on_a_contended_week(tmp_path: Path) -> None:
    hand, best = _served(_model(_generated(tmp_path, *COMMITTED)))
    assert hand < best


def test_hand_method_schedule_keeps_the_rules(tmp_path: Path) -> None:
    figures = visitation_figures(_generated(tmp_path, *COMMITTED))
    assert figures["served"] > 0
    assert figures["violations"] == 0, figures["rules"]


@pytest.mark.parametrize("inmates", [None, 100])
def test_highs_and_cpsat_agree(tmp_path: Path, inmates: int | None) -> None:
    folder = BUNDLED
    if inmates is not None:
        folder = tmp_path / "week"
        generate_instance(folder, inmates, 1)
    row = compare(_model(load_instance(folder)), SETTINGS)
    assert row["L1 same optimum"] is True
    assert row["L2 same optimum"] is True


def _requests(folder: Path) -> list[dict[str, str]]:
    with (folder / "requests.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_scarce_booths(tmp_path: Path) -> None:
    sized = _generated(tmp_path / "sized", 400, 1, Variant()).facility.visitation.booths
    assert _generated(tmp_path / "share", 400, 1, Variant(booth_share=0.5)).facility.visitation.booths < sized
    assert _generated(tmp_path / "fixed", 400, 1, Variant(booths=2)).facility.visitation.booths == 2


def test_families_visit_several_inmates(tmp_path: Path) -> None:
    _generated(tmp_path, 300, 1, Variant(families=0.3))
    inmates: dict[str, set[str]] = defaultdict(set)
    for r in _requests(tmp_path):
        inmates[r["visitor_ids"]].add(r["inmate_id"])
    assert any(len(found) >= 2 for found in inmates.values())


def test_overlapping_windows_and_two_visits_a_week(tmp_path: Path) -> None:
    variant = Variant(overlapping_windows=True, visits_per_week=2)
    generate_instance(tmp_path, 300, 1, rates=CONTENDED_RATES, variant=variant)
    vis = load_instance(tmp_path).facility.visitation
    assert len(vis.windows) > 6
    assert vis.social_per_week == vis.social_per_day == 2
    sat = [w for w in vis.windows if w.day == "sat" and w.sex == "M"]
    assert any(a is not b and a.start < b.end and b.start < a.end for a in sat for b in sat)


def test_gate_fails_below_the_committed_figures(tmp_path: Path) -> None:
    rows = json.loads((RESULTS / "small.json").read_text())
    assert check(rows, RESULTS / "small.json") == []
    better = [r | {"served": r["served"] + 1} for r in rows]
    (tmp_path / "small.json").write_text(json.dumps(better))
    assert len(check(rows, tmp_path / "small.json")) == len(rows)
    worse = [rows[0] | {"subproblems": {"razors": {"status": "FEASIBLE"}}, "violations": 2}]
    assert len(check(worse, RESULTS / "small.json")) == 2 + len(rows) - 1


@pytest.mark.parametrize("inmates", [None, 300])
def test_hand_recreation_and_razors_never_beat_the_optimizer(tmp_path: Path, inmates: int | None) -> None:
    """Daylight sessions (the rotation's first level) and razor sign-ups served (the razors'
    first level) are maxima the optimizer proves, so the hand method cannot exceed them; its
    recreation keeps the areas (REC-02) and one place at a time (DAY-07)."""
    folder = BUNDLED
    if inmates is not None:
        folder = tmp_path / "week"
        generate_instance(folder, inmates, 1)
    hand = recreation_and_razor_figures(load_instance(folder))
    optimizer = hand["razors"]  # the optimizer's recreation, as the hand razors saw it
    light = "REC-05 daylight sessions"
    assert hand["recreation"].get(light, 0) <= optimizer[light]
    assert hand["recreation"]["recreation sessions"] > 0
    assert not {"REC-02", "DAY-07"} & set(hand["recreation"]["rules"])
    served = hand["razors"].get("RAZ-02 razors issued", 0)
    from scheduler.week import build_week

    best = build_week(load_instance(folder), SETTINGS, only="razors").kpis["razors.served"]
    assert 0 < served <= best
