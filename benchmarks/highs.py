"""Baseline (b): the visitation problem as a MIP solved by HiGHS through OR-Tools' MathOpt.

The MIP is not written a second time by hand: it is translated row by row from the CP-SAT
model that `VisitModel` builds, so it holds exactly the same constraint families (VIS-02
booth cliques, VIS-05/07/11 at-most-ones, VIS-06 quotas, VIS-13 once, class counts, ...).
The only constraints that are not linear rows already are the legal visits' interval
constraints (NoOverlap, Cumulative); they become time-indexed rows: a legal interval with a
variable start gets one binary per allowed start, and each resource gets one row per start
point (the intervals in progress then, times their demand, at most the capacity).

Both solvers then run the same two levels on the same model: L1 serve the most requests
(VIS-09), L2 with L1 fixed, the smallest sum of served registration ranks (the first-come-
first-served warm start of `scheduler.visitation.levels`). CP-SAT runs as in production
(the configured settings, the hand-built hint); MathOpt's HiGHS interface takes no hint.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from ortools.math_opt.python import mathopt
from ortools.sat.python import cp_model

from scheduler.engine.solving import SolveSettings
from scheduler.visitation.greedy import greedy_hint
from scheduler.visitation.model import VisitModel

INF = float("inf")
Placement = tuple[int, Any, int]
"""(start minute, presence expression, length) of one possible position of an interval."""


class Translation:
    """A MathOpt model holding the rows of a CP-SAT model proto (no objective)."""

    def __init__(self, proto: Any) -> None:
        self.proto = proto
        self.model = mathopt.Model(name="visitation")
        self.x = [self._variable(i, v) for i, v in enumerate(proto.variables)]
        self.placements: dict[int, list[Placement]] = {}
        self.rows = 0
        for c in proto.constraints:
            self._constraint(c)

    def _variable(self, i: int, v: Any) -> mathopt.Variable:
        domain = list(v.domain)
        low, high = domain[0], domain[-1]
        return self.model.add_integer_variable(lb=low, ub=high, name=f"x{i}")

    def literal(self, ref: int) -> Any:
        """A CP-SAT literal as a MathOpt expression (a negative ref is a negation)."""
        return self.x[ref] if ref >= 0 else 1 - self.x[-ref - 1]

    def _linear(self, vars_: Any, coeffs: Any, offset: int = 0) -> Any:
        return mathopt.fast_sum(c * self.x[v] for v, c in zip(vars_, coeffs, strict=True)) + offset

    def _constraint(self, c: Any) -> None:
        kind = _kind(c)
        if c.enforcement_literal and kind != "interval":
            raise NotImplementedError(f"enforced {kind} constraint {c.name!r}")
        add = self._row
        if kind == "linear":
            domain = list(c.linear.domain)
            low, high = domain[0], domain[-1]
            if len(domain) > 2:
                raise NotImplementedError(f"linear constraint {c.name!r} with a holed domain")
            add(lb=low, ub=high, expr=self._linear(c.linear.vars, c.linear.coeffs), name=c.name)
        elif kind in ("at_most_one", "exactly_one", "bool_or"):
            lits = getattr(c, kind).literals
            total = mathopt.fast_sum(self.literal(r) for r in lits)
            low, high = {"at_most_one": (0, 1), "exactly_one": (1, 1), "bool_or": (1, len(lits))}[kind]
            add(lb=low, ub=high, expr=total, name=c.name)
        elif kind == "no_overlap":
            self._resource(list(c.no_overlap.intervals), [1] * len(c.no_overlap.intervals), 1, c.name)
        elif kind == "cumulative":
            cum = c.cumulative
            if cum.capacity.vars or any(d.vars for d in cum.demands):
                raise NotImplementedError(f"cumulative {c.name!r} with variable demand or capacity")
            demands = [d.offset for d in cum.demands]
            self._resource(list(cum.intervals), demands, cum.capacity.offset, c.name)
        elif kind != "interval":
            raise NotImplementedError(f"{kind} constraint {c.name!r}")

    def _row(self, lb: float = -INF, ub: float = INF, expr: Any = 0, name: str = "") -> None:
        """A linear row; numbered, as MathOpt wants unique names and CP-SAT's may repeat."""
        self.model.add_linear_constraint(lb=lb, ub=ub, expr=expr, name=f"{self.rows} {name}")
        self.rows += 1

    def _positions(self, index: int) -> list[Placement]:
        """Where an interval may sit: its fixed start, or one binary per allowed start."""
        if index not in self.placements:
            c = self.proto.constraints[index]
            start, size = c.interval.start, c.interval.size
            if size.vars:
                raise NotImplementedError(f"interval {c.name!r} with a variable size")
            on = self.literal(c.enforcement_literal[0]) if c.enforcement_literal else 1
            if not start.vars:
                self.placements[index] = [(start.offset, on, size.offset)]
            else:
                self.placements[index] = self._time_indexed(c, on, size.offset)
        return self.placements[index]

    def _time_indexed(self, c: Any, on: Any, size: int) -> list[Placement]:
        """One binary per start in the start variable's domain; they sum to the presence."""
        (var,), (coeff,), offset = c.interval.start.vars, c.interval.start.coeffs, c.interval.start.offset
        domain = list(self.proto.variables[var].domain)
        starts = [t for a, b in zip(domain[0::2], domain[1::2], strict=True) for t in range(a, b + 1)]
        at = {t: self.model.add_binary_variable(name=f"{c.name} at {t}") for t in starts}
        self._row(0, 0, mathopt.fast_sum(at.values()) - on, name=f"{c.name} placed")
        self._row(0, 0, self.x[var] - mathopt.fast_sum(t * z for t, z in at.items()), name=f"{c.name} start")
        return [(coeff * t + offset, z, size) for t, z in at.items()]

    def _resource(self, intervals: list[int], demands: list[int], capacity: int, name: str) -> None:
        """At every start point, the intervals in progress times their demand fit the capacity."""
        pairs = zip(intervals, demands, strict=True)
        items = sorted(
            ((t, d, on, size) for i, d in pairs for t, on, size in self._positions(i)), key=lambda it: it[0]
        )
        starts = [t for t, *_ in items]
        longest = max((size for *_, size in items), default=0)
        for p in sorted(set(starts)):
            live = items[bisect.bisect_right(starts, p - longest) : bisect.bisect_right(starts, p)]
            terms = [d * on for t, d, on, size in live if t + size > p and d]
            if len(terms) > 1 or sum(d for t, d, _, size in live if t + size > p) > capacity:
                self._row(ub=capacity, expr=mathopt.fast_sum(terms), name=f"{name} at {p}")


KINDS = ("linear", "at_most_one", "exactly_one", "bool_or", "interval", "no_overlap", "cumulative")


def _kind(c: Any) -> str:
    """Which constraint a proto entry holds (OR-Tools 9.15's proto wrapper has no WhichOneof)."""
    return next((k for k in KINDS if getattr(c, f"has_{k}")()), "other")


@dataclass
class Level:
    """One level's result by one solver."""

    status: str
    objective: float | None
    bound: float | None
    seconds: float


def highs_level(t: Translation, objective: Any, maximize: bool, time_limit: float) -> Level:
    """Solve one level with HiGHS (exact gaps: the objectives are integers)."""
    t.model.set_objective(objective, is_maximize=maximize)
    params = mathopt.SolveParameters(
        time_limit=dt.timedelta(seconds=time_limit), relative_gap_tolerance=0.0, absolute_gap_tolerance=0.5
    )
    started = time.perf_counter()
    result = mathopt.solve(t.model, mathopt.SolverType.HIGHS, params=params)
    seconds = time.perf_counter() - started
    optimal = result.termination.reason == mathopt.TerminationReason.OPTIMAL
    objective_value = result.objective_value() if result.has_primal_feasible_solution() else None
    bound = result.termination.objective_bounds.dual_bound
    return Level("OPTIMAL" if optimal else result.termination.reason.name, objective_value, bound, seconds)


def cpsat_level(vm: VisitModel, objective: Any, maximize: bool, settings: SolveSettings, hint: dict) -> Level:
    """Solve one level with CP-SAT as production does (settings, hint)."""
    vm.model.clear_hints()
    for var, value in hint.items():
        vm.model.add_hint(var, value)
    (vm.model.maximize if maximize else vm.model.minimize)(objective)
    solver = settings.solver()
    status = solver.solve(vm.model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return Level(
        solver.status_name(status),
        solver.objective_value if found else None,
        solver.best_objective_bound if found else None,
        solver.wall_time,
    )


def compare(vm: VisitModel, settings: SolveSettings) -> dict[str, Any]:
    """L1 and L2 by both solvers on one visitation model: figures, time ratio, agreement."""
    t = Translation(vm.model.proto)
    order = vm.options.order
    served = [vm.served[rid] for rid in order]
    ranks = list(range(len(order)))
    mip_served = [t.x[v.index] for v in served]
    row: dict[str, Any] = {"requests in model": len(order), "mip rows": t.model.get_num_linear_constraints()}
    row["mip variables"] = t.model.get_num_variables()
    hint = greedy_hint(vm)
    levels = {}
    levels["L1 cp-sat"] = cpsat_level(vm, sum(served), True, settings, hint)
    levels["L1 highs"] = highs_level(t, mathopt.fast_sum(mip_served), True, settings.time_limit)
    best = levels["L1 cp-sat"].objective
    if best is not None and levels["L1 cp-sat"].status == "OPTIMAL":
        vm.model.add(sum(served) == round(best))
        t._row(round(best), round(best), mathopt.fast_sum(mip_served), name="L1 fixed")
        rank_cp = sum(r * s for r, s in zip(ranks, served, strict=True))
        rank_mip = mathopt.fast_sum(r * s for r, s in zip(ranks, mip_served, strict=True))
        levels["L2 cp-sat"] = cpsat_level(vm, rank_cp, False, settings, {})
        levels["L2 highs"] = highs_level(t, rank_mip, False, settings.time_limit)
    for name, level in levels.items():
        row[name] = vars(level)
    for k in ("L1", "L2"):
        cp, hi = levels.get(f"{k} cp-sat"), levels.get(f"{k} highs")
        if cp and hi:
            both = cp.status == hi.status == "OPTIMAL"
            row[f"{k} same optimum"] = both and _same(cp.objective, hi.objective)
            row[f"{k} highs / cp-sat time"] = round(hi.seconds / max(cp.seconds, 1e-3), 2)
    return row


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and round(a) == round(b)
