"""The officer matcher under a published week (REP-01, REP-03 (3)): a session that started
before `now` keeps its officer; then the most sessions staffed, then the fewest posts
changed (a session whose published officer could still take it but gets another), then
the smallest largest load of an officer shift.

Most groups of sessions are left alone by the events: their published matching stands and
the three levels are proven by argument. Where an absence or a new session leaves some
sessions without their officer, the kept posts plus a by-hand match of the others often
proves itself (all staffed, nothing changed, no load above the kept ones); else the kept
posts are fixed and CP-SAT matches the rest; only when that cannot staff every session is
the whole group solved level by level."""

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
    quick = _by_hand(part, result, name, published)
    if quick is not None:
        return quick
    m = _Keeping(part, baseline, published)  # one model: the kept posts first, then all of it
    return _around_kept(m, settings, result, name) or _levels(m, settings, result, name)


class _Keeping:
    """The matcher's model of a group with the published posts: `kept` holds, per session
    whose published officer may still take it, that officer's literal."""

    def __init__(self, part: list[Session], baseline: Baseline, published: dict[str, str]) -> None:
        self.part = part
        self.model, self.x, self.loads = session_model(part)
        self.kept: list[cp_model.IntVar] = []
        by_session: dict[int, dict[str, cp_model.IntVar]] = defaultdict(dict)
        for (k, sh), var in self.x.items():
            by_session[k].setdefault(sh[0], var)
        for k, s in enumerate(part):
            officer = published.get(s.event.id)
            mine = [by_session[k][officer]] if officer in by_session[k] else []
            if mine and baseline.started(s.date, s.event.start):
                self.model.add(mine[0] == 1).with_name(f"REP-01 {s.event.id} keeps its officer")
            self.kept += mine
        self.top = self.model.new_int_var(0, sum(s.minutes for s in part), "largest load")
        for load in self.loads.values():
            self.model.add(self.top >= load).with_name("STF-04 largest load")
        self.given = {var: int(published.get(part[k].event.id) == sh[0]) for (k, sh), var in self.x.items()}
        self.given |= {load: load_of(part, published, sh) for sh, load in self.loads.items()}
        self.given[self.top] = largest(part, published)

    def levels(self, settings: SolveSettings, name: str) -> Levels:
        return Levels(self.model, settings, name, [*self.x.values(), *self.loads.values(), self.top])


def _by_hand(
    part: list[Session], result: SubResult, name: str, published: dict[str, str]
) -> dict[str, str] | None:
    """Every published post that may stay, kept, and each other session (an absent officer's,
    a new one) given, in start order, to the least loaded eligible officer free then. When
    that staffs every session without raising the largest load the kept posts already make,
    the three levels are proven by argument (all staffed; no post changed; the kept loads
    are a floor); None otherwise."""
    chosen: dict[str, str] = {}
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    load: dict[tuple, int] = defaultdict(int)
    ordered = sorted(part, key=lambda s: (s.start, s.event.id))
    for s in ordered:
        officer = published.get(s.event.id)
        if officer is not None and any(sh[0] == officer for sh in s.eligible):
            if any(a < s.end and s.start < b for a, b in busy[officer]):
                return None  # a kept post now clashes (its session moved): solve the group
            chosen[s.event.id] = officer
            busy[officer].append((s.start, s.end))
            load[_shift(s, officer)] += s.minutes
    floor = max(load.values(), default=0)
    for s in ordered:
        if s.event.id in chosen:
            continue
        free = sorted(
            (sh for sh in s.eligible if not any(a < s.end and s.start < b for a, b in busy[sh[0]])),
            key=lambda sh: (load[sh], sh),
        )
        if not free:
            return None
        chosen[s.event.id] = free[0][0]
        busy[free[0][0]].append((s.start, s.end))
        load[free[0]] += s.minutes
    if max(load.values(), default=0) > floor:
        return None
    n = len(part)
    result.runs += [
        decided(f"{name} L0 sessions staffed (kept posts, the others by hand)", n, n),
        decided(f"{name} R3 posts changed (every post that may stay kept)", 0, 0),
        decided(f"{name} L1 largest load (the kept posts' own, a floor)", floor, floor),
    ]
    return chosen


def _shift(s: Session, officer: str) -> tuple:
    """The officer's shift that covers the session (the load it counts in, STF-04)."""
    return next(sh for sh in s.eligible if sh[0] == officer)


def _largest(part: list[Session], chosen: dict[str, str]) -> int:
    """The largest load of one officer shift in a matching (the matcher's L1 objective)."""
    load: dict[tuple, int] = defaultdict(int)
    for s in part:
        if s.event.id in chosen:
            load[_shift(s, chosen[s.event.id])] += s.minutes
    return max(load.values(), default=0)


def _around_kept(m: _Keeping, settings: SolveSettings, result: SubResult, name: str) -> dict[str, str] | None:
    """Every post that may stay, kept (assumed), and only the others matched (an absent
    officer's sessions, new ones): when that staffs every session, no post changed is the
    least possible (R3 0) and the levels are proven on this much smaller search; None
    otherwise, the assumptions dropped for the whole group's levels (the L0 bound found
    stays: the whole group staffs at least as many)."""
    levels = m.levels(settings, name)
    m.model.add_assumptions(m.kept)
    found = levels.level("L0 sessions staffed", sum(m.x.values()), maximize=True, rule="STF-01", hint=m.given)
    m.model.clear_assumptions()
    if not found or round(levels.solver.objective_value) < len(m.part):  # type: ignore[union-attr]
        return None
    for var in m.kept:
        m.model.add(var == 1).with_name("REP-03 published post kept")
    levels.runs.append(decided(f"{name} R3 posts changed (every post that may stay kept)", 0, 0))
    levels.level("L1 largest load", m.top, rule="STF-04", fix=False)
    result.runs += levels.runs
    return read_matching(m.part, m.x, levels.solver) if levels.solver is not None else None


def _levels(m: _Keeping, settings: SolveSettings, result: SubResult, name: str) -> dict[str, str]:
    """The group's levels on the whole matching: most staffed, fewest posts changed, smallest
    largest load."""
    levels = m.levels(settings, name)
    levels.level("L0 sessions staffed", sum(m.x.values()), maximize=True, rule="STF-01", hint=m.given)
    if m.kept:
        levels.level("R3 posts changed", len(m.kept) - sum(m.kept), rule="REP-03")
    levels.level("L1 largest load", m.top, rule="STF-04", fix=False)
    result.runs += levels.runs
    return read_matching(m.part, m.x, levels.solver) if levels.solver is not None else {}


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
    n, top = len(part), _largest(part, published)
    result.runs += [
        decided(f"{name} L0 sessions staffed (every published post stands)", n, n),
        decided(f"{name} R3 posts changed", 0, 0),
        decided(f"{name} L1 largest load (the published matching, the only one left)", top, top),
    ]
    return {s.event.id: published[s.event.id] for s in part}
