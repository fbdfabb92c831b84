"""One helper for lexicographic optimisation: solve a level, record its figures, fix its
optimum, and warm-start the next level from its solution."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.schedule import SolverRun
from scheduler.solving import SolveSettings, figures, solved


@dataclass
class Levels:
    """Levels solved one after another on one model.

    `hinted` are the variables whose values carry from one level's solution to the next as
    a hint. After `level`, `solver` holds the last usable solution (None before any), and
    `proven` stays True while every level was solved to optimality.
    """

    model: cp_model.CpModel
    settings: SolveSettings
    name: str
    hinted: list[cp_model.IntVar]
    runs: list[SolverRun] = field(default_factory=list)
    solver: cp_model.CpSolver | None = None
    proven: bool = True

    def level(
        self,
        label: str,
        objective: cp_model.LinearExprT,
        maximize: bool = False,
        rule: str = "",
        fix: bool = True,
        hint: dict[cp_model.IntVar, int] | None = None,
    ) -> bool:
        """Optimise one level; on success fix its optimum (named after `rule`) and return True.

        When the level finds no solution within the time limit, the previous level's
        solution stands, and the run says so. `hint` replaces the previous solution as the
        warm start (a better first solution built by hand)."""
        if maximize:
            self.model.maximize(objective)
        else:
            self.model.minimize(objective)
        self._hint(hint)
        solver = self.settings.solver()
        status = solver.solve(self.model)
        self.runs.append(figures(f"{self.name} {label}", solver, status))
        if not solved(status):
            self.proven = False
            return False
        self.proven = self.proven and status == cp_model.OPTIMAL
        self.solver = solver
        if fix:
            best = round(solver.objective_value)
            bound = objective >= best if maximize else objective <= best
            self.model.add(bound).with_name(f"{rule or self.name} {label} optimum")
        return True

    def _hint(self, given: dict[cp_model.IntVar, int] | None = None) -> None:
        if self.solver is None and given is None:
            return
        self.model.clear_hints()
        for var in self.hinted:
            value = given[var] if given is not None and var in given else self.solver.value(var)  # type: ignore[union-attr]
            self.model.add_hint(var, value)

    def values(self, variables: Iterable[cp_model.IntVar]) -> list[int]:
        """Values of variables in the last usable solution."""
        assert self.solver is not None, "no level has been solved"
        return [self.solver.value(v) for v in variables]
