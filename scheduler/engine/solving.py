"""What every sub-problem's solve shares: solver settings and honest solver figures."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.engine.interrupt import StoppableSolver

WRAP_UP = 0.05
"""The share of a sub-problem's `--deadline` kept after its last solve for building the result
(on the contended 5,000-inmate week, 4 s of visitation's 300)."""

COLLECTION_THRESHOLDS = (50_000, 20, 100)
"""Python's garbage collector while solving: a large week holds about a million long-lived
objects (the instance, the models), and each full collection walks them all; with the
default young-generation threshold (700) a 20,000-inmate week runs 18 full collections,
with this one 10, about 1.5 s less, the same peak memory (nothing solved makes cycles
worth collecting sooner)."""


@dataclass(frozen=True)
class SolveSettings:
    """Time limit per CP-SAT call and the random seed.

    One search worker: CP-SAT is then deterministic for a seed, so the same input gives
    the same schedule byte for byte (multi-worker runs are not, and measured no faster on
    two cores). A hint is taken as the first solution without a separate search phase
    around it, and CP-SAT's presolve is off: on these models it expands quotas and booth
    limits into ~200,000 clauses at 5,000 inmates and costs more time than the whole
    search (see the benchmarks). `probing` off skips CP-SAT's root probing, which on the
    laundry and razor models costs most of each solve (0.30 of 0.35 deterministic seconds a
    level on a 2,000-load laundry day; 2-14 s on a razor morning) and finds nothing the
    search does not.
    """

    time_limit: float = 60.0
    seed: int = 0
    workers: int = 1
    probing: bool = True
    budget: float | None = 300.0
    """Seconds for one sub-problem's whole run (`--deadline`), every solve included; None: no
    limit but each call's."""
    deadline: float | None = None
    """When the running sub-problem must be done (`time.monotonic()`), set by `started`."""

    def started(self) -> SolveSettings:
        """These settings for a sub-problem starting now: its solves end `budget` away, less
        `WRAP_UP` of it, which is left for turning the last solution into the result (the
        waitlist's reasons, the events), so the whole run ends within `budget`."""
        if self.budget is None:
            return self
        return dataclasses.replace(self, deadline=time.monotonic() + self.budget * (1 - WRAP_UP))

    def expired(self, keep: float = 0.0) -> bool:
        """Whether the running sub-problem's deadline has passed: it keeps its best schedule
        and stops solving. `keep`: the share of the budget still to be left for later levels
        (the deadline counts as passed that much sooner)."""
        if self.deadline is None:
            return False
        return time.monotonic() >= self.deadline - keep * (self.budget or 0.0)

    def solver(self, time_limit: float | None = None) -> cp_model.CpSolver:
        """A configured solver; `time_limit` overrides the default for this call, and neither
        runs past the sub-problem's deadline."""
        solver = StoppableSolver()
        limit = self.time_limit if time_limit is None else time_limit
        left = None if self.deadline is None else max(0.001, self.deadline - time.monotonic())
        if left is not None and left < limit:
            limit = left
            solver.cut_by_deadline = round(left, 3)  # read by `figures`: the deadline set this limit
        solver.parameters.max_time_in_seconds = limit
        solver.parameters.random_seed = self.seed
        solver.parameters.num_workers = self.workers
        solver.parameters.catch_sigint_signal = False  # a signal is an interrupt (`interrupt`), not an end
        solver.parameters.hint_conflict_limit = 0
        solver.parameters.cp_model_presolve = False
        if not self.probing:
            solver.parameters.cp_model_probing_level = 0
        return solver

    def unprobed(self) -> SolveSettings:
        """The same settings with probing off."""
        return dataclasses.replace(self, probing=False)


def figures(name: str, solver: cp_model.CpSolver, status: int, has_objective: bool = True) -> SolverRun:
    """Status, objective, bound and relative gap of one solve (gap 0 when optimal)."""
    run = SolverRun(
        subproblem=name,
        status=solver.status_name(status),
        seconds=round(solver.wall_time, 3),
        deadline=getattr(solver, "cut_by_deadline", None)
        if stopped_early(solver.status_name(status))
        else None,
    )
    if has_objective and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        objective, bound = solver.objective_value, solver.best_objective_bound
        run.objective, run.bound = objective, bound
        run.gap = 0.0 if status == cp_model.OPTIMAL else abs(objective - bound) / max(1.0, abs(objective))
    return run


def decided(name: str, objective: float, bound: float) -> SolverRun:
    """The figures of a level decided without a solve: a schedule built or kept by hand and
    a bound proven by argument; OPTIMAL when they meet, else FEASIBLE with the gap."""
    gap = abs(objective - bound) / max(1.0, abs(objective))
    status = "OPTIMAL" if gap == 0 else "FEASIBLE"
    return SolverRun(subproblem=name, status=status, objective=float(objective), bound=float(bound), gap=gap)


def solved(status: int) -> bool:
    """Whether a solve produced a usable solution."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def stopped_early(status: str) -> bool:
    """Whether CP-SAT (by its status name) stopped on the time limit rather than proving its
    answer: FEASIBLE (a solution, optimality unproven) or UNKNOWN (none found). INFEASIBLE
    and OPTIMAL are proofs, so only these two may ever be reported as a time-limit problem."""
    return status in ("FEASIBLE", "UNKNOWN")


def time_limit_advice(run: SolverRun, limit: float) -> str:
    """The words for a solve cut short by the time limit or the sub-problem's deadline, with
    the time used, so the administrator knows that more time (not more resources) may help."""
    if run.deadline is not None:
        return (
            f"the sub-problem's deadline ended the solve with nothing proven ({run.subproblem}: "
            f"{run.status} after {run.seconds:g} s); raise --deadline"
        )
    return (
        f"the solver stopped at the time limit with nothing proven ({run.subproblem}: {run.status} "
        f"after {run.seconds:g} s of the {limit:g} s limit); raise --time-limit"
    )


def more_time(run: SolverRun, limit: float) -> str:
    """The fix for a solve cut short: the option to raise, with the time the solve used."""
    if run.deadline is not None:
        return f"raise --deadline (the sub-problem's deadline ended the solve after {run.seconds:g} s)"
    return f"raise --time-limit (the solve used {run.seconds:g} s of {limit:g} s)"
