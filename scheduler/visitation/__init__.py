"""Visitation: the booth x slot grid of social and clergy visits and the legal-visit rooms
(VIS-01..14, VTR-01..05, SEP-01 in the visitation room, DIS-08, HOU-02).

`build -> solve -> events`: `options_for` lists where each eligible request may go,
`VisitModel` holds every constraint, `solve_levels` runs the lexicographic objective, and
`build_result` turns the placements into schedule data.
"""

from __future__ import annotations

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.solving import SolveSettings
from scheduler.visitation.levels import solve_levels
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import options_for
from scheduler.visitation.output import VisitationResult, build_result


def solve_visitation(instance: Instance, settings: SolveSettings) -> tuple[VisitationResult, list[SolverRun]]:
    """The week's visits, and the figures of every solve."""
    options = options_for(instance)
    model = VisitModel(instance, options)
    outcome = solve_levels(model, settings)
    return build_result(instance, options, outcome), outcome.runs


__all__ = ["VisitationResult", "solve_visitation"]
