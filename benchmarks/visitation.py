"""Visitation benchmark: the bundled week and generated 1,000 / 5,000 / 20,000-inmate weeks.

    python -m benchmarks.visitation            # all four, a Markdown table on stdout
    python -m benchmarks.visitation --sizes 1000

Each instance runs in a fresh process so that its peak memory (max RSS, which includes
CP-SAT's C++ side) is its own. Generated weeks use seed 1. Solver seconds are CP-SAT's
wall time summed over the levels; wall seconds cover model building, all levels and the
schedule data, not loading. Every schedule is checked by the verifier.
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import Row, peak_mib, run, week_folder


def run_one(name: str, inmates: int | None) -> Row:
    """Load (or generate) one week, solve visitation, verify, and report the figures."""
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.verify import verify
    from scheduler.week import build_week

    with tempfile.TemporaryDirectory() as tmp:
        folder = week_folder(tmp, name, inmates)
        started = time.perf_counter()
        instance = load_instance(folder)
        loaded = time.perf_counter()
        schedule = build_week(instance, SolveSettings(), only="visitation")
        solved = time.perf_counter()
    violations = verify(schedule, instance, partial=True)
    runs = [r for r in schedule.solver if r.subproblem.startswith("visitation")]
    levels = {r.subproblem.split()[1]: r for r in runs if "warm start" not in r.subproblem}
    return {
        "instance": name,
        "requests": len(instance.requests),
        "eligible": int(schedule.kpis.get("visits.eligible", 0)),
        "served": int(schedule.kpis.get("visits.served", 0)),
        "status": "OPTIMAL" if all(r.status == "OPTIMAL" for r in runs) else "/".join(r.status for r in runs),
        "levels": {k: (r.objective, r.bound) for k, r in levels.items()},
        "gap": max((r.gap or 0.0) if r.gap is not None else float("inf") for r in runs),
        "solver_s": sum(r.seconds for r in runs),
        "load_s": loaded - started,
        "wall_s": solved - loaded,
        "peak_mib": peak_mib(),
        "violations": len(violations),
    }


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def table(rows: list[Row]) -> str:
    """The figures as a Markdown table."""
    head = (
        "| instance | requests | eligible | served | status | L1 served (bound) | L2 rank sum (bound) "
        "| L3 time cost (bound) | gap | solver s | wall s | load s | peak MiB | violations |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        levels = [
            f"{_number(r['levels'].get(k, (None, None))[0])} ({_number(r['levels'].get(k, (None, None))[1])})"
            for k in ("L1", "L2", "L3")
        ]
        lines.append(
            f"| {r['instance']} | {r['requests']:,} | {r['eligible']:,} | {r['served']:,} | {r['status']} | "
            + " | ".join(levels)
            + f" | {r['gap']:.4f} | {r['solver_s']:.2f} | {r['wall_s']:.2f} | {r['load_s']:.2f} | "
            f"{r['peak_mib']:.0f} | {r['violations']} |"
        )
    return "\n".join(lines)


def main() -> None:
    run(__doc__ or "", run_one, table)


if __name__ == "__main__":
    main()
