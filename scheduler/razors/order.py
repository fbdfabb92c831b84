"""RAZ-07 list order, exact, in a number of solves bounded by the units cut short.

The rule as the scheduler reads it: the most sign-ups served, ties going to the earlier
places on the list, i.e. among the schedules serving the most, the one whose served
vector in list order is lexicographically largest (each sign-up in turn is served if any
such schedule can still serve it, given the decisions before it).

Sign-ups of one unit (`model.Unit`) are served in list order, so the decision is
only each unit's count. Each round maximises how far down the list (past what is already
decided) every sign-up is served: a prefix of Booleans, each implying its unit serves at
least its rank. With that optimum Y proven, the first Y are served (greedy would serve
each), and the next one on the list cannot be: its unit is closed at the count it has,
and every later sign-up of it is out too. Rounds stop when the served count of level 1 is
reached (everything else is then out) or the list is done. So a morning takes at most one
round more than the units cut short before the morning is full, however many sign-ups are
left out; a round that serves every sign-up there is room for is decided without a solve
when the incumbent already does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.engine.lexicographic import Assigned, Levels
from scheduler.engine.solving import decided
from scheduler.razors.flow import prefix
from scheduler.razors.model import RazorModel

Place = tuple[str, str, int]
"""A sign-up, its unit's key and its rank in the unit (from 1)."""


@dataclass
class Order:
    """Where list order stands: each unit's count served for sure (`lo`), the units closed
    at it (proven), and the sign-ups a round cut short by the time limit left out."""

    lo: dict[str, int]
    closed: set[str] = field(default_factory=set)
    unsure: dict[str, SolverRun] = field(default_factory=dict)


def list_order(m: RazorModel, levels: Levels, best: int) -> dict[str, SolverRun]:
    """RAZ-07 by rounds (see the module docstring); every unit's count is fixed at the end.
    Returns the sign-ups left out unproven, each with the round that stopped on the limit."""
    order = Order({u.key: 0 for u in m.units})
    rest: list[Place] = [(i, m.place[i][0].key, m.place[i][1]) for i in m.morning.order]
    for n in range(1, len(m.units) + 2):
        rest = [(i, u, r) for i, u, r in rest if u not in order.closed and r > order.lo[u]]
        head = rest[: max(0, best - sum(order.lo.values()))]
        if not head:
            break
        got = _round(m, levels, head, order, n)
        if got is None:
            return _stopped(m, levels, order)
        _serve(m, head[:got], order)
        if got == len(head):
            break
        _close(m, head[got], order)
    m.fix_counts(order.lo, "list order")
    return order.unsure


def _round(m: RazorModel, levels: Levels, head: list[Place], order: Order, n: int) -> int | None:
    """How far down `head` every sign-up can be served (all of it at most: the room left
    under level 1's count), proven; None when the solve stopped on the time limit."""
    assert levels.solver is not None
    known = 0
    while known < len(head) and m.is_served(levels.solver, head[known][0]):
        known += 1
    label = f"L1 list order {n}"
    if known == len(head):
        note = f"{levels.name} {label} (the schedule already serves the next {known}, all there is room for)"
        levels.runs.append(decided(note, known, len(head)))
        return known
    grid = prefix(m, order.lo, [i for i, _, _ in head])
    start: dict[cp_model.IntVar, int] = {}
    if grid is not None and m.short_handed(grid[0].values()):  # not staffable: the solve decides
        grid = None
    if grid is not None and grid[1] == len(head):
        note = f"{levels.name} {label} (the grid schedule serves the next {len(head)}, all there is room for)"
        levels.runs.append(decided(note, len(head), len(head)))
        levels.solver = Assigned(grid[0].values(), levels.solver.objective_value)
        return len(head)
    if grid is not None and grid[1] > known:
        start, known = grid[0].values(), grid[1]
    model = m.model
    ys = [model.new_bool_var(f"RAZ-07 round {n} serves {i}") for i, _, _ in head]
    for a, b in itertools.pairwise(ys):
        model.add_implication(b, a)
    for y, (i, u, r) in zip(ys, head, strict=True):
        model.add(m.served[u] >= r).only_enforce_if(y).with_name(f"RAZ-07 round {n} {i} served")
    for u in dict.fromkeys(u for _, u, _ in head):  # in list order: a deterministic model
        mine = [y for y, (_, v, _) in zip(ys, head, strict=True) if v == u]
        model.add(sum(mine) <= m.served[u] - order.lo[u]).with_name(f"RAZ-07 round {n} unit {u}")
    hint = start | {y: int(k < known) for k, y in enumerate(ys)}
    levels.level(label, sum(ys), maximize=True, rule="RAZ-07", fix=False, hint=hint)
    last = levels.last
    assert last is not None
    if levels.runs[-1].status != "OPTIMAL":
        return None
    got = round(last.objective_value)
    for k, y in enumerate(ys):
        model.add(y == int(k < got)).with_name(f"RAZ-07 round {n} optimum")
    return got


def _serve(m: RazorModel, places: list[Place], order: Order) -> None:
    """Each of these sign-ups is served: their units serve at least their ranks."""
    for _, u, r in places:
        order.lo[u] = max(order.lo[u], r)
    for u in dict.fromkeys(u for _, u, _ in places):
        m.model.add(m.served[u] >= order.lo[u]).with_name(f"RAZ-07 list order {u} serves {order.lo[u]}")


def _close(m: RazorModel, place: Place, order: Order) -> None:
    """This sign-up cannot be served after those before it: neither can the rest of its unit."""
    i, u, _ = place
    order.closed.add(u)
    m.model.add(m.served[u] <= order.lo[u]).with_name(f"RAZ-07 list order {i} and after in {u} not served")


def _stopped(m: RazorModel, levels: Levels, order: Order) -> dict[str, SolverRun]:
    """A round stopped on the time limit: the best schedule found stands, every unit fixed at
    its count there; whoever it leaves out, outside the proven closed units, is unsure."""
    solver: cp_model.CpSolver | None = levels.solver
    assert solver is not None
    counts = m.counts(solver)
    m.fix_counts(counts, "list order (time limit)")
    run = levels.runs[-1]
    for i in m.morning.order:
        u, rank = m.place[i]
        if u.key not in order.closed and counts[u.key] < rank:
            order.unsure[i] = run
    return order.unsure
