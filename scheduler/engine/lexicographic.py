"""One helper for lexicographic optimisation: solve a level, record its figures, fix its
optimum, and warm-start the next level from its solution."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.engine.solving import SolveSettings, figures, solved


@dataclass(frozen=True)
class Assuming:
    """An optimistic first try of a level: solve assuming `literals` true, under `time_limit`
    seconds (e.g. that a min-max objective reaches a lower bound, which turns the search into
    a well-propagated feasibility search). When that finds no solution, the level is solved
    again without the assumptions under the full time limit, the literals hinted false and
    `retry_hint` (variables not hinted yet) added to the hint; only the solve that counts is
    recorded."""

    literals: list[cp_model.IntVar]
    time_limit: float
    retry_hint: dict[cp_model.IntVar, int] = field(default_factory=dict)


@dataclass
class Levels:
    """Levels solved one after another on one model.

    `hinted` are the variables whose values carry from one level's solution to the next as
    a hint. After `level`, `solver` holds the last usable solution (None before any), `last`
    the solver of the latest solve, usable or not, and `proven` stays True while every level
    was solved to optimality.
    """

    model: cp_model.CpModel
    settings: SolveSettings
    name: str
    hinted: list[cp_model.IntVar]
    runs: list[SolverRun] = field(default_factory=list)
    solver: cp_model.CpSolver | None = None
    last: cp_model.CpSolver | None = None
    proven: bool = True

    def level(
        self,
        label: str,
        objective: cp_model.LinearExprT,
        maximize: bool = False,
        rule: str = "",
        fix: bool = True,
        hint: dict[cp_model.IntVar, int] | None = None,
        assuming: Assuming | None = None,
        record: bool = True,
        proves: bool = True,
    ) -> bool:
        """Optimise one level; on success fix its optimum (named after `rule`) and return True.

        When the level finds no solution within the time limit, the previous level's
        solution stands, and the run says so. `hint` replaces the previous solution as the
        warm start (a better first solution built by hand): its variables are hinted in its
        order, then any other `hinted` one from the previous solution. `assuming` tries the
        level under assumptions first (see `Assuming`). `record=False` leaves the solve out
        of `runs` (the caller reports it, e.g. summed with others); `proves=False` keeps its
        status out of `proven` (a solve that only warm-starts later levels)."""
        if maximize:
            self.model.maximize(objective)
        else:
            self.model.minimize(objective)
        self._hint(hint)
        solver, status = self._solve(assuming)
        self.last = solver
        if record:
            self.runs.append(figures(f"{self.name} {label}", solver, status))
        if not solved(status):
            self.proven = self.proven and not proves
            return False
        self.proven = self.proven and (status == cp_model.OPTIMAL or not proves)
        self.solver = solver
        if fix:
            best = round(solver.objective_value)
            bound = objective >= best if maximize else objective <= best
            self.model.add(bound).with_name(f"{rule or self.name} {label} optimum")
        return True

    def _solve(self, assuming: Assuming | None) -> tuple[cp_model.CpSolver, int]:
        """One solve, or the try under `assuming` and, when it finds nothing, the retry."""
        if assuming is not None:
            self.model.add_assumptions(assuming.literals)
            solver = self.settings.solver(assuming.time_limit)
            status = solver.solve(self.model)
            self.model.clear_assumptions()
            if solved(status):
                return solver, status
            for literal in assuming.literals:
                self.model.add_hint(literal, 0)
            for var, value in assuming.retry_hint.items():
                self.model.add_hint(var, value)
        solver = self.settings.solver()
        return solver, solver.solve(self.model)

    def _hint(self, given: dict[cp_model.IntVar, int] | None = None) -> None:
        if self.solver is None and given is None:
            return
        given = given or {}
        self.model.clear_hints()
        for var, value in given.items():
            self.model.add_hint(var, value)
        if self.solver is not None:
            for var in self.hinted:
                if var not in given:
                    self.model.add_hint(var, self.solver.value(var))

    def values(self, variables: Iterable[cp_model.IntVar]) -> list[int]:
        """Values of variables in the last usable solution."""
        assert self.solver is not None, "no level has been solved"
        return [self.solver.value(v) for v in variables]


class Assigned(cp_model.CpSolver):
    """A schedule built by hand, read like a solver's solution (each variable's value), for
    a level decided without a solve; only variables are read from it, never sums."""

    def __init__(self, values: dict[cp_model.IntVar, int], objective: float) -> None:
        super().__init__()
        self._values = {var.index: value for var, value in values.items()}
        self._objective = objective

    def value(self, expression: cp_model.LinearExprT) -> int:
        """A variable's value (or a constant)."""
        if isinstance(expression, int):
            return expression
        return self._values[expression.index]  # type: ignore[union-attr]

    def boolean_value(self, literal: cp_model.LiteralT) -> bool:
        """A Boolean variable's value."""
        return bool(self.value(literal))  # type: ignore[arg-type]

    @property
    def objective_value(self) -> float:
        """The level's objective in this schedule."""
        return self._objective
