"""The benchmark suite of issue 14: every instance solved whole by `jailsched solve` (one
process each, `benchmarks.week`'s figures and verifier), then against two baselines on the
same instance in a fresh process: the hand method (`benchmarks.hand`) and HiGHS on the same
visitation model (`benchmarks.highs`)."""

from __future__ import annotations

import json
import multiprocessing
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import BUNDLED, Row, peak_mib
from benchmarks.week import SUBPROBLEMS, figures, solve_once

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Case:
    """One benchmark instance: the bundled week (no size) or a generated one."""

    name: str
    inmates: int | None = None
    contended: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    """Variant fields on top of the contended ones (e.g. two visits a week)."""

    def folder(self, tmp: str) -> Path:
        """Where the instance is: the bundled week, or generated (seed 1) under `tmp`."""
        if self.inmates is None:
            return BUNDLED
        import dataclasses

        from scheduler.generate import CONTENDED, CONTENDED_RATES, DEFAULT_RATES, Variant, generate_instance

        variant = dataclasses.replace(CONTENDED, **self.extra) if self.contended else Variant()
        rates = CONTENDED_RATES if "visits_per_week" in self.extra else DEFAULT_RATES
        out = Path(tmp) / self.name.replace(" ", "_").replace(",", "")
        generate_instance(out, self.inmates, 1, rates=rates, variant=variant)
        return out


SMALL = (
    Case("warren (bundled)"),
    Case("generated 1,000", 1000),
    Case("contended 1,000", 1000, contended=True),
)
FULL = (
    Case("warren (bundled)"),
    *(Case(f"generated {n:,}", n) for n in (100, 1000, 5000, 20000)),
    Case("contended 1,000", 1000, contended=True),
    Case("contended 5,000", 5000, contended=True),
    Case("two visits a week 1,000", 1000, contended=True, extra={"visits_per_week": 2, "families": 0.0}),
)


def subproblems(out: Path) -> dict[str, Row]:
    """Per sub-problem of a solved week: status, first level's objective and bound, worst
    gap, solver seconds and solves."""
    from models.schedule import WeekSchedule

    week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    found: dict[str, Row] = {}
    for r in week.solver:
        name = r.subproblem.split()[0]
        row = found.setdefault(name, {"status": set(), "objective": r.objective, "bound": r.bound})
        row["status"].add(r.status)
        row["gap"] = max(row.get("gap", 0.0), r.gap if r.gap is not None else float("inf"))
        row["solver s"] = round(row.get("solver s", 0.0) + r.seconds, 3)
        row["solves"] = row.get("solves", 0) + 1
    for row in found.values():
        row["status"] = "/".join(sorted(row["status"]))
    return {name: found[name] for name in SUBPROBLEMS if name in found}


def whole_week(folder: Path) -> Row:
    """`jailsched solve` in its own process: wall, peak, exit; the week's figures, verified."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        wall, peak, code = solve_once(folder, out, ROOT)
        row: Row = {"wall s": round(wall, 2), "peak MiB": round(peak), "exit": code}
        row |= figures(folder, out)
        row["subproblems"] = subproblems(out)
        from models.schedule import WeekSchedule

        week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
        from benchmarks.hand import week_figures
        from scheduler.loading import load_instance

        row["figures"] = week_figures(week, load_instance(folder))
        row["served"] = int(week.kpis.get("visits.served", 0))
        row["eligible"] = int(week.kpis.get("visits.eligible", 0))
    return row


def baselines(folder: Path, time_limit: float) -> Row:
    """The hand method and HiGHS against CP-SAT on one instance (run in a fresh process)."""
    from benchmarks.hand import recreation_and_razor_figures, visitation_figures
    from benchmarks.highs import compare
    from scheduler.engine.context import Context
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.visitation.model import VisitModel
    from scheduler.visitation.options import options_for

    instance = load_instance(folder)
    started = time.perf_counter()
    hand = visitation_figures(instance)
    hand["wall s"] = round(time.perf_counter() - started, 2)
    hand |= recreation_and_razor_figures(instance)
    settings = SolveSettings(time_limit=time_limit)
    vm = VisitModel(instance, options_for(Context.of(instance, settings)))
    return {"hand": hand, "mip": compare(vm, settings), "baseline peak MiB": round(peak_mib())}


def measure(case: Case, time_limit: float) -> Row:
    """One case: the whole week, then the baselines in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = case.folder(tmp)
        row: Row = {"instance": case.name} | whole_week(folder)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            row |= pool.apply(baselines, (folder, time_limit))
    row["optimizer - hand served"] = row["served"] - row["hand"]["served"]
    row["optimizer - hand daylight"] = _more(row, "recreation", "REC-05 daylight sessions")
    row["optimizer - hand razors"] = _more(row, "razors", "RAZ-02 razors issued")
    return row


def _more(row: Row, part: str, figure: str) -> float:
    """The optimizer's figure less the hand method's (a missing figure is 0: nothing held)."""
    return row["figures"].get(figure, 0.0) - row["hand"][part].get(figure, 0.0)


LOCAL = Path("benchmark-results")
"""Where a run writes its results unless asked to record them (`--save`): beside the
working folder, not the tracked benchmarks/results/."""


def save(rows: list[Row], name: str, folder: Path = LOCAL) -> Path:
    """FOLDER/NAME.json and NAME.md; the folder."""
    from benchmarks.tables import markdown

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(rows, indent=1, default=str) + "\n")
    (folder / f"{name}.md").write_text(markdown(rows) + "\n")
    return folder
