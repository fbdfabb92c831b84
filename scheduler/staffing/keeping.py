"""The officer matcher under a published week (REP-01, REP-03 (3)): a session that started
before `now` keeps its officer; then the most sessions staffed, then the fewest posts
changed (a session whose published officer could still take it but gets another), then
the smallest largest load, all on one model per group of sessions."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.engine.baseline import Baseline
from scheduler.engine.lexicographic import Levels
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.staffing.matching import largest, load_of, read_matching, session_model
from scheduler.staffing.sessions import Session


def keep_officers(
    part: list[Session],
    settings: SolveSettings,
    result: SubResult,
    name: str,
    baseline: Baseline,
    published: dict[str, str],
) -> dict[str, str]:
    """Officers for a group of sessions, keeping the published ones (see the module)."""
    model, x, loads = session_model(part)
    kept: list[cp_model.IntVar] = []
    for k, s in enumerate(part):
        mine = [var for (j, sh), var in x.items() if j == k and sh[0] == published.get(s.event.id)]
        if mine and baseline.started(s.date, s.event.start):
            model.add(mine[0] == 1).with_name(f"REP-01 {s.event.id} keeps its officer")
        kept += mine
    top = model.new_int_var(0, sum(s.minutes for s in part), "largest load")
    for load in loads.values():
        model.add(top >= load).with_name("STF-04 largest load")
    levels = Levels(model, settings, name, [*x.values(), *loads.values(), top])
    given = {var: int(published.get(part[k].event.id) == sh[0]) for (k, sh), var in x.items()}
    given |= {load: load_of(part, published, sh) for sh, load in loads.items()}
    given[top] = largest(part, published)
    levels.level("L0 sessions staffed", sum(x.values()), maximize=True, rule="STF-01", hint=given)
    if kept:
        levels.level("R3 posts changed", len(kept) - sum(kept), rule="REP-03")
    levels.level("L1 largest load", top, rule="STF-04", fix=False)
    result.runs += levels.runs
    return read_matching(part, x, levels.solver) if levels.solver is not None else {}
