"""Visitation: the booth x slot grid of social and clergy visits and the legal-visit rooms
(VIS-01..14, VTR-01..05, SEP-01 in the visitation room, DIS-08, HOU-02).

`build -> solve -> events`: `options_for` lists where each eligible request may go,
`VisitModel` holds every constraint, `solve_levels` runs the lexicographic objective, and
`build_result` turns the placements into schedule data.
"""

from __future__ import annotations

from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.visitation.levels import solve_levels
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import options_for
from scheduler.visitation.output import build_result
from scheduler.visitation.repair import change_counts, restrict
from scheduler.visitation.rooms import booths_blocked


def solve_visitation(ctx: Context) -> SubResult:
    """The week's visits and visiting-room posts, the waitlist, and the figures of every solve."""
    options = options_for(ctx)
    if ctx.baseline is None:
        model = VisitModel(ctx.instance, options)
        return build_result(ctx.instance, options, solve_levels(model, ctx.settings))
    pub = restrict(options, ctx.baseline, booths_blocked(ctx.instance))
    apart = frozenset(pub.booth) | frozenset(pub.legal)
    model = VisitModel(ctx.instance, options, apart=apart, must=frozenset(pub.fixed))
    outcome = solve_levels(model, ctx.settings, change_counts(model, pub))
    return build_result(ctx.instance, options, outcome, pub)


__all__ = ["solve_visitation"]
