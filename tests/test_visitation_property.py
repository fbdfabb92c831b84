"""Visitation on tiny random weeks: the solver matches a brute-force optimum of VIS-09's
first two levels, and the verifier finds nothing.

The brute force tries every assignment of every request to "not served" or one of the
window's slots and checks the rules itself (booths, one visit at a time per inmate and
visitor, keep-separate, quotas, visitor limit), so it shares no code with the model.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.schedule import VisitEvent
from scheduler.engine.solving import SolveSettings
from scheduler.generate import generate_instance
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import FACILITY, adult, family, inmate, request, write_instance

STARTS = (480, 510, 540)
"""The window's slots: Saturday 08:00-09:30, 30-minute slots."""


@st.composite
def tiny_weeks(draw: st.DrawFn) -> dict[str, Any]:
    inmates = draw(st.integers(2, 4))
    n = draw(st.integers(1, 6))
    reqs = []
    for k in range(n):
        visitors = draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))
        reqs.append(
            {
                "inmate": draw(st.integers(1, inmates)),
                "visitors": sorted(visitors),
                "minute": draw(st.integers(0, 50)),
                "id": f"R{k + 1}",
            }
        )
    pairs = [
        p
        for p in itertools.combinations(range(1, inmates + 1), 2)
        if draw(st.booleans()) and draw(st.booleans())
    ]
    return {
        "inmates": inmates,
        "requests": reqs,
        "apart": pairs,
        "booths": draw(st.integers(1, 2)),
        "per_week": draw(st.integers(1, 2)),
        "per_day": draw(st.integers(1, 2)),
        "visitor_limit": draw(st.sampled_from([None, 1])),
    }


def _feasible(week: dict[str, Any], chosen: dict[str, int]) -> bool:
    reqs = {r["id"]: r for r in week["requests"]}
    at: dict[int, list[dict[str, Any]]] = {t: [] for t in STARTS}
    for rid, t in chosen.items():
        at[t].append(reqs[rid])
    apart = {frozenset(p) for p in week["apart"]}
    for group in at.values():
        inmates = [r["inmate"] for r in group]
        visitors = [v for r in group for v in r["visitors"]]
        if (
            len(group) > week["booths"]
            or len(set(inmates)) < len(inmates)
            or len(set(visitors)) < len(visitors)
        ):
            return False
        if any(frozenset(p) in apart for p in itertools.combinations(set(inmates), 2)):
            return False
    per_inmate = Counter(reqs[rid]["inmate"] for rid in chosen)
    per_visitor = Counter(v for rid in chosen for v in reqs[rid]["visitors"])
    limit = week["visitor_limit"]
    return max(per_inmate.values(), default=0) <= min(week["per_week"], week["per_day"]) and (
        limit is None or max(per_visitor.values(), default=0) <= limit
    )


def brute_force(week: dict[str, Any]) -> tuple[int, list[str]]:
    """The most requests served, and the registration-order-first served set among those."""
    order = [r["id"] for r in sorted(week["requests"], key=lambda r: (r["minute"], r["id"]))]
    best: tuple[int, tuple[int, ...]] = (0, tuple(0 for _ in order))
    for placing in itertools.product((None, *STARTS), repeat=len(order)):
        chosen = {rid: t for rid, t in zip(order, placing, strict=True) if t is not None}
        if _feasible(week, chosen):
            key = (len(chosen), tuple(int(rid in chosen) for rid in order))
            best = max(best, key)
    return best[0], [rid for rid, on in zip(order, best[1], strict=True) if on]


def solve(week: dict[str, Any], folder: Path) -> list[str]:
    reqs = [
        request(r["id"], f"I{r['inmate']}", ";".join(f"V{v}" for v in r["visitors"]), r["minute"])
        for r in week["requests"]
    ]
    names = ["Adams", "Baker", "Clark", "Dunn"]
    visitation = {
        "booths": week["booths"],
        "windows": [{"day": "sat", "start": "08:00", "end": "09:30", "sex": "M"}],
        "social_per_week": week["per_week"],
        "social_per_day": week["per_day"],
        "visitor_weekly_limit": week["visitor_limit"],
    }
    tables = {
        "inmates.csv": [inmate(f"I{k}", names[k - 1]) for k in range(1, week["inmates"] + 1)],
        "visitors.csv": [adult(f"V{k}") for k in range(1, 4)],
        "relations.csv": family(reqs),
        "requests.csv": reqs,
        "separations.csv": [
            {"inmate_a": f"I{a}", "inmate_b": f"I{b}", "reason": "adversary"} for a, b in week["apart"]
        ],
    }
    instance = load_instance(write_instance(folder, tables, facility=FACILITY | {"visitation": visitation}))
    schedule = build_week(instance, SolveSettings(time_limit=10), only="visitation")
    assert verify(schedule, instance, partial=True) == []
    assert all(run.status == "OPTIMAL" for run in schedule.solver)
    return sorted(e.request_id for _, e in schedule.events() if isinstance(e, VisitEvent))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_weeks())
def test_served_set_equals_brute_force(week: dict[str, Any]) -> None:
    count, first_come = brute_force(week)
    with tempfile.TemporaryDirectory() as tmp:
        served = solve(week, Path(tmp))
    assert len(served) == count
    assert served == sorted(first_come)


@settings(max_examples=5, deadline=None)
@given(st.integers(10, 40), st.integers(0, 10_000))
def test_generated_tiny_weeks_verify_clean(inmates: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inst"
        generate_instance(folder, inmates, seed)
        instance = load_instance(folder)
        schedule = build_week(instance, SolveSettings(time_limit=10), only="visitation")
    assert verify(schedule, instance, partial=True) == []
    assert all(run.status == "OPTIMAL" for run in schedule.solver)
