"""Baseline (a): the hand method, what an administrator does on paper.

Visitation: each registration, in registration order, takes the earliest free booth slot
(or the legal start closest to the one asked for) that its constraints allow. That is
`scheduler.visitation.greedy.Greedy`, the optimizer's own warm start, run on the options
`options_for` builds, so the very same rules hold; its placements go through the same
output code into a week schedule, which the verifier re-checks like any other.

Recreation (pods in a fixed order) and razors (pod by pod) have no hand baseline yet.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from models.instance import Instance
from models.schedule import SolverRun, WeekSchedule
from scheduler.context import Context
from scheduler.result import SubResult
from scheduler.solving import SolveSettings
from scheduler.visitation.greedy import Greedy
from scheduler.visitation.levels import Outcome
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import options_for
from scheduler.visitation.output import build_result
from scheduler.week import SOLVERS, build_week


def hand_outcome(vm: VisitModel) -> Outcome:
    """The greedy's placements for every request of the model, in registration order."""
    state = Greedy(vm)
    out = Outcome(proven=False)
    for rid in vm.options.order:
        slot, legal = state.place(rid)
        if slot is not None:
            out.booth[rid] = slot
        elif legal is not None:
            out.legal[rid] = legal[1]
    served = len(out.booth) + len(out.legal)
    out.runs = [SolverRun(subproblem="visitation hand (greedy FCFS)", status="FEASIBLE", objective=served)]
    return out


def solve_by_hand(ctx: Context) -> SubResult:
    """Visitation by the hand method, as a sub-problem result (same options, same output)."""
    options = options_for(ctx)
    return build_result(ctx.instance, options, hand_outcome(VisitModel(ctx.instance, options)))


def hand_week(instance: Instance, settings: SolveSettings | None = None) -> WeekSchedule:
    """The week up to visitation with the hand method in the optimizer's place (staffed as
    usual), so the verifier checks it like a solved week."""
    with patch.dict(SOLVERS, visitation=solve_by_hand):
        return build_week(instance, settings or SolveSettings(), only="visitation")


def visitation_figures(instance: Instance) -> dict[str, Any]:
    """The hand method's visits served and the verifier's violations on its schedule."""
    from scheduler.verify import verify

    week = hand_week(instance)
    violations = verify(week, instance, partial=True)
    return {
        "served": int(week.kpis.get("visits.served", 0)),
        "violations": len(violations),
        "rules": sorted({v.rule for v in violations}),
    }
