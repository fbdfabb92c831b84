"""The officer matcher under a published week (REP-01, REP-03 (3)): a session that started
before `now` keeps its officer; then the most sessions staffed, then the fewest posts
changed (a session whose published officer could still take it but gets another), then
the smallest largest load, all on one model per group of sessions."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.engine.baseline import Baseline
from scheduler.engine.lexicographic import Levels
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, decided
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
    if _published_stands(part, published):
        return _kept(part, result, name, published)
    model, x, loads = session_model(part)
    kept: list[cp_model.IntVar] = []
    by_session: dict[int, dict[str, cp_model.IntVar]] = defaultdict(dict)
    for (k, sh), var in x.items():
        by_session[k].setdefault(sh[0], var)
    for k, s in enumerate(part):
        officer = published.get(s.event.id)
        mine = [by_session[k][officer]] if officer in by_session[k] else []
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


def _published_stands(part: list[Session], published: dict[str, str]) -> bool:
    """Whether every session of the group has its published officer, still eligible, and no
    officer has two of them at once (STF-01, STF-02): the events left the group alone."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in part:
        officer = published.get(s.event.id)
        if officer is None or all(sh[0] != officer for sh in s.eligible):
            return False
        spans[officer].append((s.start, s.end))
    return all(a[1] <= b[0] for v in spans.values() for a, b in zip(sorted(v), sorted(v)[1:], strict=False))


def _kept(part: list[Session], result: SubResult, name: str, published: dict[str, str]) -> dict[str, str]:
    """A group the events left alone keeps every post: every session staffed (the most
    possible), no post changed (the least), and so one matching, whose largest load is
    both its value and its bound; no solve is needed to prove any of the three levels."""
    n, top = len(part), largest(part, published)
    result.runs += [
        decided(f"{name} L0 sessions staffed (every published post stands)", n, n),
        decided(f"{name} R3 posts changed", 0, 0),
        decided(f"{name} L1 largest load (the published matching, the only one left)", top, top),
    ]
    return {s.event.id: published[s.event.id] for s in part}
