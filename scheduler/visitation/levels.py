"""VIS-09 as true lexicographic optimisation over three levels.

1. Serve the most eligible requests.
2. First come, first served: among the schedules serving that many, the served set is the
   lexicographically greatest in registration order. Requests are taken in registration
   order; each is fixed served if the current solution serves it, fixed unserved if the
   fixes so far already rule it out (the inmate's weekly quota or a visitor's weekly limit
   is full), and otherwise tried with one feasibility solve warm-started from the current
   solution. So no later registration is served in place of an earlier one that could
   have been.
3. With the served set fixed, earlier registrations get earlier times: minimise the sum of
   (weight by registration rank) x (slot index), whose optimum pairs the largest weights
   with the smallest times (rearrangement inequality); legal visits add their distance
   from the requested time.

Every level is warm-started from the previous solution, and every solve is reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.solving import SolveSettings, figures, solved
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import BoothSlot


@dataclass
class Outcome:
    """The final assignment: booth slot starts and legal starts per served request."""

    booth: dict[str, BoothSlot] = field(default_factory=dict)
    legal: dict[str, int] = field(default_factory=dict)
    runs: list[SolverRun] = field(default_factory=list)
    proven: bool = True


def _snapshot(vm: VisitModel, solver: cp_model.CpSolver) -> dict[cp_model.IntVar, int]:
    values = {var: int(solver.boolean_value(var)) for var in vm.slot.values()}
    values |= {var: int(solver.boolean_value(var)) for var in vm.served.values()}
    for on, start, _ in vm.legal.values():
        values[on] = int(solver.boolean_value(on))
        values[start] = int(solver.value(start))
    return values


def _hint(vm: VisitModel, values: dict[cp_model.IntVar, int]) -> None:
    vm.model.clear_hints()
    for var, value in values.items():
        vm.model.add_hint(var, value)


def solve_levels(vm: VisitModel, settings: SolveSettings) -> Outcome:
    """Run the three levels; the outcome holds the final placements and every solver run."""
    out = Outcome()
    model, served = vm.model, vm.served
    if not served:
        return out
    total = sum(served.values())
    model.maximize(total)
    solver = settings.solver()
    status = solver.solve(model)
    out.runs.append(figures("visitation L1 served", solver, status))
    if not solved(status):
        out.proven = False
        return out
    out.proven = status == cp_model.OPTIMAL
    best = round(solver.objective_value)
    values = _snapshot(vm, solver)
    model.add(total >= best).with_name("VIS-09 level 1 optimum")
    model.clear_objective()
    values = _first_come_first_served(vm, settings, values, out)
    _earliest_times(vm, settings, values, out)
    return out


def _first_come_first_served(
    vm: VisitModel, settings: SolveSettings, values: dict[cp_model.IntVar, int], out: Outcome
) -> dict[cp_model.IntVar, int]:
    """Level 2: fix each request in registration order, trying only those still open."""
    vis, requests = vm.vis, vm.instance.requests
    inmate_load: Counter[str] = Counter()
    visitor_load: Counter[str] = Counter()
    trials = solves = 0
    seconds = 0.0
    for rid in vm.options.order:
        req = requests[rid]
        social = req.kind == "social"
        blocked = social and (
            inmate_load[req.inmate_id] >= vis.social_per_week
            or (
                vis.visitor_weekly_limit is not None
                and any(visitor_load[v] >= vis.visitor_weekly_limit for v in req.visitor_ids)
            )
        )
        keep = values[vm.served[rid]] == 1
        if not keep and not blocked:
            trials += 1
            _hint(vm, values)
            vm.model.add_assumptions([vm.served[rid]])
            solver = settings.solver()
            status = solver.solve(vm.model)
            vm.model.clear_assumptions()
            solves += 1
            seconds += solver.wall_time
            if solved(status):
                values, keep = _snapshot(vm, solver), True
            elif status != cp_model.INFEASIBLE:
                out.proven = False
        vm.model.add(vm.served[rid] == int(keep)).with_name(f"VIS-09 level 2 fix {rid}")
        if keep and social:
            inmate_load[req.inmate_id] += 1
            visitor_load.update(req.visitor_ids)
    rank_sum = sum(i for i, rid in enumerate(vm.options.order) if values[vm.served[rid]])
    out.runs.append(
        SolverRun(
            subproblem="visitation L2 first come first served",
            status="OPTIMAL" if out.proven else "FEASIBLE",
            objective=float(rank_sum),
            bound=float(rank_sum) if out.proven else None,
            gap=0.0 if out.proven else None,
            seconds=round(seconds, 3),
            levels=[float(trials), float(solves)],
        )
    )
    return values


def _earliest_times(
    vm: VisitModel, settings: SolveSettings, values: dict[cp_model.IntVar, int], out: Outcome
) -> None:
    """Level 3: with the served set fixed, earlier registrations take earlier slots."""
    order = vm.options.order
    n = len(order)
    step = vm.vis.slot_minutes
    terms = []
    for rank, rid in enumerate(order):
        weight = n - rank
        for s in vm.options.booth.get(rid, []):
            terms.append(weight * (s.start // step) * vm.slot[s])
        for i, day in enumerate(vm.legal_days(rid)):
            _, start, _ = vm.legal[(rid, i)]
            target = day.wanted if day.wanted is not None else day.starts[0]
            on = vm.legal[(rid, i)][0]
            dev = vm.model.new_int_var(0, 8 * 1440, f"legal {rid} off target {i}")
            vm.model.add(dev >= start - target).only_enforce_if(on)
            vm.model.add(dev >= target - start).only_enforce_if(on)
            terms.append(dev)
    vm.model.minimize(sum(terms))
    _hint(vm, values)
    solver = settings.solver()
    status = solver.solve(vm.model)
    out.runs.append(figures("visitation L3 earliest times", solver, status))
    if not solved(status):
        out.proven = False
        status_values = values
    else:
        out.proven = out.proven and status == cp_model.OPTIMAL
        status_values = _snapshot(vm, solver)
    for s, var in vm.slot.items():
        if status_values[var]:
            out.booth[s.request_id] = s
    for (rid, _), (on, start, _) in vm.legal.items():
        if status_values[on]:
            out.legal[rid] = status_values[start]
