"""Recreation and lockdown benchmark: the bundled week and generated 1,000 / 5,000 /
20,000-inmate weeks (seed 1).

    python -m benchmarks.recreation            # all four, a Markdown table on stdout
    python -m benchmarks.recreation --sizes 1000

Each instance runs in a fresh process (peak memory is its own max RSS). Solver seconds
are CP-SAT's time summed over every recreation solve (groups per pod, both rotation
levels) and over the lockdown levels; wall seconds cover solving and the schedule data,
not loading. Every schedule is checked by the verifier.
"""

from __future__ import annotations

import tempfile
import time
from typing import Any

from benchmarks.common import Row, peak_mib, run, week_folder


def run_one(name: str, inmates: int | None) -> Row:
    """Load (or generate) one week, solve recreation and lockdown, verify, report."""
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.verify import soft_figures, verify
    from scheduler.week import build_week

    with tempfile.TemporaryDirectory() as tmp:
        folder = week_folder(tmp, name, inmates)
        instance = load_instance(folder)
        started = time.perf_counter()
        rec = build_week(instance, SolveSettings(), only="recreation")
        lock = build_week(instance, SolveSettings(), only="lockdown")
        wall = time.perf_counter() - started
    runs = rec.solver + lock.solver
    rotation = {r.subproblem: r for r in rec.solver if not r.subproblem.startswith("recreation groups")}
    figures = soft_figures(rec, instance) | soft_figures(lock, instance)
    return {
        "instance": name,
        "groups": int(rec.kpis.get("recreation.groups", 0)),
        "sessions": int(rec.kpis.get("recreation.sessions", 0)),
        "group_solves": sum(r.subproblem.startswith("recreation groups") for r in rec.solver),
        "status": "OPTIMAL" if all(r.status == "OPTIMAL" for r in runs) else "NOT ALL OPTIMAL",
        "daylight": rotation.get("recreation L1 daylight sessions"),
        "fair": rotation.get("recreation L2 fair daylight"),
        "gap": max((r.gap if r.gap is not None else float("inf") for r in runs), default=0.0),
        "deviation": figures.get("REC-05 largest deviation from fair daylight share", 0.0),
        "repeats": figures.get("REC-05 same start on consecutive days", 0.0),
        "hour_outs": int(lock.kpis.get("lockdown.hour_outs", 0)),
        "most_last": figures.get("DIS-07 most nights last in pod", 0.0),
        "solver_s": sum(r.seconds for r in runs),
        "wall_s": wall,
        "peak_mib": peak_mib(),
        "violations": len(verify(rec, instance, partial=True)) + len(verify(lock, instance, partial=True)),
    }


def _level(run: Any) -> str:
    return "-" if run is None else f"{run.objective:,.0f} ({run.bound:,.0f})"


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table."""
    head = (
        "| instance | groups | sessions | group solves | status | L1 daylight (bound) "
        "| L2 fair-share dev x N (bound) | gap | largest deviation (sessions) | same start next day "
        "| hour-outs | most nights last | solver s | wall s | peak MiB | violations |"
    )
    lines = [head, "|" + "---|" * (head.count(" | ") + 1)]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r['groups']:,} | {r['sessions']:,} | {r['group_solves']:,} | "
            f"{r['status']} | "
            f"{_level(r['daylight'])} | {_level(r['fair'])} | {r['gap']:.4f} | {r['deviation']:.2f} | "
            f"{r['repeats']:.0f} | {r['hour_outs']:,} | {r['most_last']:.0f} | {r['solver_s']:.2f} | "
            f"{r['wall_s']:.2f} | {r['peak_mib']:.0f} | {r['violations']} |"
        )
    return "\n".join(lines)


def main() -> None:
    run(__doc__ or "", run_one, table)


if __name__ == "__main__":
    main()
