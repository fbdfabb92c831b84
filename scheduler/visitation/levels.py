"""VIS-09 as true lexicographic optimisation over three levels.

1. Serve the most eligible requests.
2. First come, first served: among the schedules serving that many, the served set is the
   lexicographically greatest in registration order, so no later registration is served
   in place of an earlier one that could have been. A warm start minimises the sum of the
   served requests' registration ranks. Then requests are fixed in registration order:
   served if the current solution serves it (it is feasible with all earlier fixes, and 1
   is the best value), unserved if earlier fixes already fill the inmate's weekly quota, a
   visitor's weekly limit or every booth it could take (`_Fixed`), or if the booths as a
   matching of the requests served so far to slot starts leave it none (`seats`, a proof
   that costs no solve; in a contended week it decides nearly every request left out);
   at any other request,
   the next BLOCK requests are decided by one solve maximising sum 2^(BLOCK-1-k) served_k,
   whose optimum is exactly their lexicographic maximum (each weight exceeds the sum of all
   later ones), and fixed.
3. With the served set fixed, earlier registrations get earlier times: minimise the sum of
   (weight by registration rank) x (slot index), whose optimum pairs the largest weights
   with the smallest times (rearrangement inequality); legal visits add their distance
   from the requested time.

Level 1 is warm-started from a hand-built first-come-first-served schedule (`greedy`),
every later level from the previous level's solution (or the hand-built one when it already
serves the optimum), and every solve is reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.engine.baseline import DAY_WEIGHT
from scheduler.engine.lexicographic import Levels
from scheduler.engine.solving import SolveSettings, decided, figures
from scheduler.visitation.bound import served_bound
from scheduler.visitation.greedy import greedy_hint
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import BoothSlot, open_booths
from scheduler.visitation.repair import Changes
from scheduler.visitation.seats import Seats


@dataclass
class Outcome:
    """The final assignment: booth slot starts and legal starts per served request."""

    booth: dict[str, BoothSlot] = field(default_factory=dict)
    legal: dict[str, int] = field(default_factory=dict)
    runs: list[SolverRun] = field(default_factory=list)
    proven: bool = True


def _decisions(vm: VisitModel) -> list[cp_model.IntVar]:
    """Every decision variable, in the order the levels hint them."""
    out = [*vm.slot.values(), *vm.served.values(), *(var for counts in vm.counts for var in counts.values())]
    out += vm.holders.values()
    for on, start, _ in vm.legal.values():
        out += [on, start]
    return out


def _snapshot(levels: Levels) -> dict[cp_model.IntVar, int]:
    """The decisions' values in the last usable solution."""
    return dict(zip(levels.hinted, levels.values(levels.hinted), strict=True))


def solve_levels(vm: VisitModel, settings: SolveSettings, changes: Changes | None = None) -> Outcome:
    """Run the three levels (after a repair's change levels, REP-03); the outcome holds the
    final placements and every solver run."""
    out = Outcome()
    served = vm.served
    if not served:
        return out
    levels = Levels(vm.model, settings, "visitation", _decisions(vm))
    bound = served_bound(vm.instance, vm.options)
    vm.model.add(sum(served.values()) <= bound).with_name("VIS-09 flow bound")
    if changes is not None:  # a repair starts from the published week, not the hand-built one
        values = _keep_published(vm, levels, changes, bound)
        _earliest_times(vm, levels, values, out)
        out.runs, out.proven = levels.runs, levels.proven
        return out
    greedy = greedy_hint(vm)
    if sum(greedy[served[rid]] for rid in vm.options.order) == bound:  # proven without a solve
        levels.runs.append(
            decided("visitation L1 served (the hand-built schedule meets the flow bound)", bound, bound)
        )
        vm.model.add(sum(served.values()) == bound).with_name("VIS-09 L1 served optimum")
        values = _first_come_first_served(vm, levels, greedy)
    elif levels.level("L1 served", sum(served.values()), maximize=True, rule="VIS-09", hint=greedy):
        best = round(levels.solver.objective_value)  # type: ignore[union-attr]
        hand_built = sum(greedy[served[rid]] for rid in vm.options.order) == best
        values = greedy if hand_built else _snapshot(levels)
        values = _first_come_first_served(vm, levels, values)
    else:  # nothing found in time: the hand-built schedule stands, unproven (its figures say so)
        values = greedy
        levels.runs.append(_kept("L1 served: the hand-built schedule kept", vm, greedy))
        for rid in vm.options.order:
            vm.model.add(served[rid] == greedy[served[rid]]).with_name(f"VIS-09 kept {rid}")
    _earliest_times(vm, levels, values, out)
    out.runs, out.proven = levels.runs, levels.proven
    return out


def _keep_published(
    vm: VisitModel, levels: Levels, changes: Changes, bound: int
) -> dict[cp_model.IntVar, int]:
    """REP-03 (1) fewest published visits cancelled, (2) fewest visitor-facing changes (another
    day weighs more), (3) fewest visits moved to another booth, then level 1 and 2 serve
    what the change makes possible without moving anyone further. The published week is the
    warm start."""
    hint = {var: 0 for var in vm.slot.values()} | {var: 0 for var in vm.served.values()}
    hint |= {var: 0 for counts in vm.counts for var in counts.values()} | changes.hint
    _changes_level(levels, changes, hint)
    if levels.solver is None:  # nothing found in time: keep what the hand-built schedule keeps
        greedy = greedy_hint(vm)
        levels.runs.append(_kept("L1 served: the hand-built schedule kept", vm, greedy))
        return _first_come_first_served(vm, levels, greedy)
    values = _snapshot(levels)
    served = sum(values[vm.served[rid]] for rid in vm.options.order)
    if served == bound:  # the flow bound met: proven without a solve
        label = "visitation L1 served (the change levels' solution meets the flow bound)"
        levels.runs.append(decided(label, bound, bound))
        vm.model.add(sum(vm.served.values()) == bound).with_name("VIS-09 L1 served optimum")
        return _first_come_first_served(vm, levels, values)
    levels.level("L1 served", sum(vm.served.values()), maximize=True, rule="VIS-09")
    return _first_come_first_served(vm, levels, _snapshot(levels))


def _changes_level(levels: Levels, changes: Changes, hint: dict[cp_model.IntVar, int]) -> None:
    """REP-03 (1) to (3) in one solve: cancelled, visitor-facing and booth changes weighed so
    that each outweighs every possible count of the next (a mixed-radix objective), whose
    optimum is the lexicographic one and, fixed, fixes all three; each is then reported
    with its value, proven when the solve is."""
    terms = {
        "R1 published visits cancelled": sum(changes.cancelled),
        "R2 visitor-facing changes": sum(changes.facing),
        "R3 visits moved to another booth": sum(changes.booth),
    }
    ranges = [len(changes.cancelled), DAY_WEIGHT * len(changes.cancelled), len(changes.booth)]
    weights = [(ranges[1] + 1) * (ranges[2] + 1), ranges[2] + 1, 1]
    weighed = sum(w * t for w, t in zip(weights, terms.values(), strict=True))
    label = "R1-R3 changes (weighed lexicographically)"
    if _in_place(levels, changes, weighed, hint, weights, label):
        status = "OPTIMAL"
    elif levels.level(label, weighed, fix=False, hint=hint):
        status = levels.runs[-1].status
    else:
        return
    for name, term in terms.items():
        value = levels.solver.value(term) if not isinstance(term, int) else term  # type: ignore[union-attr]
        # each count fixed apart: the same optimum, and small coefficients propagate better
        if not isinstance(term, int):
            levels.model.add(term <= value).with_name(f"REP-03 {name} optimum")
        run = decided(f"visitation {name}", value, value)
        levels.runs.append(
            run if status == "OPTIMAL" else run.model_copy(update={"status": status, "bound": None})
        )


def _in_place(
    levels: Levels,
    changes: Changes,
    weighed: cp_model.LinearExprT,
    hint: dict[cp_model.IntVar, int],
    weights: list[int],
    label: str,
) -> bool:
    """First the change levels with every visit the events leave in place kept there (a much
    smaller search): when that reaches the lower bound of any repair that cancels nothing
    (`repair.booth_floor`), it is the optimum; else (False) the whole search decides."""
    if not changes.stay:
        return False
    floor = weights[1] * changes.floor[0] + weights[2] * changes.floor[1]
    levels.model.add_assumptions(changes.stay)
    found = levels.level(  # a try: infeasible or unproven, the whole search decides (and counts)
        f"{label}, visits in place kept", weighed, fix=False, hint=hint, record=False, proves=False
    )
    levels.model.clear_assumptions()
    if not found or round(levels.last.objective_value) != floor:  # type: ignore[union-attr]
        return False
    run = figures(f"visitation {label}, visits in place kept", levels.last, cp_model.OPTIMAL)  # type: ignore[arg-type]
    levels.runs.append(run.model_copy(update={"bound": float(floor), "gap": 0.0}))
    return True


def _kept(label: str, vm: VisitModel, values: dict[cp_model.IntVar, int]) -> SolverRun:
    """The figures of a schedule kept without a proof: its objective, no bound."""
    served = sum(values[vm.served[rid]] for rid in vm.options.order)
    return SolverRun(subproblem=f"visitation {label}", status="FEASIBLE", objective=float(served))


BLOCK = 30
"""Requests decided together by one level-2 solve; weights 2^29..2^0 keep the block
lexicographic."""

ROUNDS = 4
"""Level 2's block solves at most: the number of solves does not grow with the requests.
Requests no proof decides after that are left as the best schedule found has them, and
named as unproven (on the generated weeks no block solve is needed; on the contended
5,000-inmate week each takes the whole time limit)."""

KEEP_FOR_TIMES = 0.2
"""The share of visitation's deadline level 2 leaves to level 3 (earlier times)."""


def _first_come_first_served(
    vm: VisitModel, levels: Levels, values: dict[cp_model.IntVar, int]
) -> dict[cp_model.IntVar, int]:
    """Level 2: fix requests in registration order; solve only for blocks with an open one,
    at most `ROUNDS` times and while the deadline leaves level 3 its share.

    The warm start's status does not count toward `proven`; the block solves are reported
    as one run, whose bound is the warm start's (no served set of the optimum count has a
    smaller sum of registration ranks)."""
    order, served = vm.options.order, vm.served
    rank_sum = sum(rank * served[rid] for rank, rid in enumerate(order))
    floor = 0.0
    if levels.level("L2 warm start (rank sum)", rank_sum, fix=False, hint=values, proves=False):
        values = _snapshot(levels)
        floor = levels.last.best_objective_bound  # type: ignore[union-attr]
    fixed = _Fixed(vm)
    solves, seconds, i = 0, 0.0, 0
    unproven: list[str] = []
    why = ""
    while i < len(order):
        rid = order[i]
        if fixed.blocked(rid) or values[served[rid]] == 1:
            fixed.fix(rid, 0 if fixed.blocked(rid) else 1)
            i += 1
            continue
        if not fixed.seats.fits(rid):  # proven without a solve: no booth start is left for it
            fixed.fix(rid, 0)
            i += 1
            continue
        why = why or _no_solve_left(levels.settings, solves)
        if why:  # left out as found: served would need a solve there is no room for
            unproven.append(rid)
            fixed.fix(rid, 0)
            i += 1
            continue
        block = [r for r in order[i : i + BLOCK]]
        weights = [1 << (len(block) - 1 - k) for k in range(len(block))]
        objective = sum(w * served[r] for w, r in zip(weights, block, strict=True))
        if levels.level("L2 block", objective, maximize=True, fix=False, hint=values, record=False):
            values = _snapshot(levels)
        solves, seconds = solves + 1, seconds + levels.last.wall_time  # type: ignore[union-attr]
        for r in block:
            fixed.fix(r, values[served[r]])
        i += len(block)
    vm.model.clear_objective()
    levels.proven = levels.proven and not unproven
    levels.runs.append(_order_run(vm, values, levels.proven, floor, unproven, why, solves, seconds))
    return values


def _no_solve_left(settings: SolveSettings, solves: int) -> str:
    """Why level 2 may solve no more blocks ('' while it may)."""
    if settings.expired(KEEP_FOR_TIMES):
        return "the deadline (raise --deadline)"
    return f"{ROUNDS} block solves made" if solves >= ROUNDS else ""


def _order_run(
    vm: VisitModel,
    values: dict[cp_model.IntVar, int],
    proven: bool,
    floor: float,
    unproven: list[str],
    why: str,
    solves: int,
    seconds: float,
) -> SolverRun:
    """Level 2's figures: the served set's sum of registration ranks, its bound, and the
    requests left out without a proof that earlier registrations kept them out."""
    ranks = float(sum(k for k, rid in enumerate(vm.options.order) if values[vm.served[rid]]))
    label = "visitation L2 first come first served"
    if unproven:
        shown = ", ".join(unproven[:3]) + (", ..." if len(unproven) > 3 else "")
        label += f" ({len(unproven)} left out unproven after {why}: {shown})"
    bound = ranks if proven else min(ranks, floor)
    return SolverRun(
        subproblem=label,
        status="OPTIMAL" if proven else "FEASIBLE",
        objective=ranks,
        bound=bound,
        gap=abs(ranks - bound) / max(1.0, ranks),
        seconds=round(seconds, 3),
        levels=[float(solves)],
    )


class _Fixed:
    """The fixes made so far, and what they already rule out for a later request.

    An inmate's weekly quota (VIS-06) or a visitor's weekly limit (VIS-14) already used up,
    or booths full at every start the request could take (VIS-02): visits starting at one
    start are all in progress then, so a set of starts holds at most booths x starts
    visits, and requests fixed served whose every option starts in the set may fill it.
    """

    def __init__(self, vm: VisitModel) -> None:
        self.vm = vm
        self.inmates: Counter[str] = Counter()
        self.visitors: Counter[str] = Counter()
        self.held: Counter[frozenset[int]] = Counter()
        self.starts = {
            rid: frozenset(s.start for s in slots)
            for rid, slots in vm.options.booth.items()
            if rid not in vm.options.legal
        }
        every = sorted({t for starts in self.starts.values() for t in starts})
        self.seats = Seats(
            {rid: sorted(starts) for rid, starts in self.starts.items()},
            {t: open_booths(vm.instance, t) for t in every},
        )

    def blocked(self, rid: str) -> bool:
        """Whether earlier fixes already rule this request out."""
        return self._quota_used(rid) or self._booths_full(rid)

    def _quota_used(self, rid: str) -> bool:
        vis, req = self.vm.vis, self.vm.instance.requests[rid]
        if req.kind != "social":
            return False
        limit = vis.visitor_weekly_limit
        return self.inmates[req.inmate_id] >= vis.social_per_week or (
            limit is not None and any(self.visitors[v] >= limit for v in req.visitor_ids)
        )

    def _booths_full(self, rid: str) -> bool:
        starts = self.starts.get(rid)
        if not starts:
            return False
        held = sum(n for key, n in self.held.items() if key <= starts)
        return held >= self.vm.vis.booths * len(starts)

    def fix(self, rid: str, value: int) -> None:
        """Fix a request served (1) or not (0) for the rest of the solve."""
        self.vm.model.add(self.vm.served[rid] == value).with_name(f"VIS-09 level 2 fix {rid}")
        req = self.vm.instance.requests[rid]
        if value and req.kind == "social":
            self.inmates[req.inmate_id] += 1
            self.visitors.update(req.visitor_ids)
        if value and rid in self.starts:
            self.held[self.starts[rid]] += 1
            self.seats.add(rid)


def _earliest_times(vm: VisitModel, levels: Levels, values: dict[cp_model.IntVar, int], out: Outcome) -> None:
    """Level 3: with the served set fixed, earlier registrations take earlier slots."""
    order = vm.options.order
    n = len(order)
    step = vm.vis.slot_minutes
    terms = []
    for rank, rid in enumerate(order):
        weight = n - rank
        for s in vm.options.booth.get(rid, []):
            if s in vm.slot:
                terms.append(weight * (s.start // step) * vm.slot[s])
        for i, day in enumerate(vm.legal_days(rid)):
            _, start, _ = vm.legal[(rid, i)]
            target = day.wanted if day.wanted is not None else day.starts[0]
            on = vm.legal[(rid, i)][0]
            dev = vm.model.new_int_var(0, 8 * 1440, f"legal {rid} off target {i}")
            vm.model.add(dev >= start - target).only_enforce_if(on)
            vm.model.add(dev >= target - start).only_enforce_if(on)
            terms.append(dev)
    terms += _class_costs(vm, values, step)
    if levels.level("L3 earliest times", sum(terms), fix=False, hint=values):
        values = _snapshot(levels)
    for s, var in vm.slot.items():
        if values[var]:
            out.booth[s.request_id] = s
    out.booth |= _class_slots(vm, values)
    for (rid, _), (on, start, _) in vm.legal.items():
        if values[on]:
            out.legal[rid] = values[start]


def _served_members(vm: VisitModel, k: int, values: dict[cp_model.IntVar, int]) -> list[str]:
    return [rid for rid in vm.classes[k].members if values[vm.served[rid]]]


def _class_costs(vm: VisitModel, values: dict[cp_model.IntVar, int], step: int) -> list[cp_model.LinearExprT]:
    """Level 3 cost of each class of interchangeable requests, exactly and without a
    Boolean per member and slot.

    Members are interchangeable, so the best way to seat a class's served members in given
    counts per start is registration order (rearrangement). With K served members and
    N_j of them at starts j or later, that costs base + sum_j (idx_j - idx_j-1) G(N_j),
    where G(N) is the sum of the N smallest weights: convex, so z_j >= each of its
    tangent lines gives z_j = G(N_j) at the optimum.
    """
    order = {rid: rank for rank, rid in enumerate(vm.options.order)}
    n = len(order)
    terms: list[cp_model.LinearExprT] = []
    for k, c in enumerate(vm.classes):
        weights = [n - order[rid] for rid in _served_members(vm, k, values)]
        if not weights:
            continue
        idx = [t // step for t in c.starts]
        terms.append(sum(weights) * idx[0])
        smallest = [0]
        for w in reversed(weights):
            smallest.append(smallest[-1] + w)
        for j in range(1, len(c.starts)):
            later = sum(vm.counts[k][t] for t in c.starts[j:])
            z = vm.model.new_int_var(0, smallest[-1], f"class {k} weight from start {j}")
            for m in range(len(weights)):
                slope = smallest[m + 1] - smallest[m]
                vm.model.add(z >= smallest[m] + slope * (later - m))
            terms.append((idx[j] - idx[j - 1]) * z)
    return terms


def _class_slots(vm: VisitModel, values: dict[cp_model.IntVar, int]) -> dict[str, BoothSlot]:
    """Seat each class's served members in registration order into its counts per start."""
    seats: dict[str, BoothSlot] = {}
    for k, c in enumerate(vm.classes):
        members = iter(_served_members(vm, k, values))
        for t in c.starts:
            for _ in range(values[vm.counts[k][t]]):
                rid = next(members)
                seats[rid] = next(s for s in vm.options.booth[rid] if s.start == t)
    return seats
