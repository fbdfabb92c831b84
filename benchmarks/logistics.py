"""Razor issue and laundry benchmark: the bundled week and generated 1,000 / 5,000 /
20,000-inmate weeks (seed 1).

    python -m benchmarks.logistics            # all four, two Markdown tables on stdout
    python -m benchmarks.logistics --sizes 1000

Each instance runs in a fresh process (peak memory is its own max RSS). Razors take the
week's recreation sessions as fixed input (RAZ-06), so recreation is solved first and its
time is left out. Objectives are summed over the days of each level: razors served,
batches, and latest collection (minutes); laundry loads done, latest finish and packing.
Status is OPTIMAL when every level of every day is, and the gap is the largest of any run.
Every schedule is checked by the verifier.
"""

from __future__ import annotations

import tempfile
from typing import Any

from benchmarks.common import Row, peak_mib, run, week_folder

LEVELS = {
    "razors": ("L1 served", "L2 batches", "L3 finish"),
    "laundry": ("L0 loads done", "L1 finish", "L2 packed"),
}


def run_one(name: str, inmates: int | None) -> Row:
    """Load (or generate) one week, solve it whole, verify, and report razors and laundry.

    Their seconds are CP-SAT's summed over their runs (wall s: the same, since the week is
    solved as one); the KPIs are the week's."""
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.verify import verify
    from scheduler.week import build_week

    with tempfile.TemporaryDirectory() as tmp:
        instance = load_instance(week_folder(tmp, name, inmates))
    week = build_week(instance, SolveSettings())
    row: Row = {"instance": name}
    for part in ("razors", "laundry"):
        runs = [r for r in week.solver if r.subproblem.startswith(part)]
        row[part] = {
            "days": len({r.subproblem.split()[1] for r in runs}),
            "status": "OPTIMAL" if all(r.status == "OPTIMAL" for r in runs) else "NOT ALL OPTIMAL",
            "levels": [_level(runs, level) for level in LEVELS[part]],
            "gap": max((r.gap if r.gap is not None else float("inf") for r in runs), default=0.0),
            "solver_s": sum(r.seconds for r in runs),
            "wall_s": sum(r.seconds for r in runs),
            "kpis": {k: v for k, v in week.kpis.items() if k.startswith(part)},
        }
    row["violations"] = len(verify(week, instance))
    row["peak_mib"] = peak_mib()
    return row


def _level(runs: list[Any], level: str) -> tuple[float, float]:
    """A level's objective and bound, summed over the days."""
    chosen = [r for r in runs if f" {level}" in r.subproblem and not r.subproblem.endswith("(pods' grid)")]
    return sum(r.objective or 0 for r in chosen), sum(r.bound or 0 for r in chosen)


def table(rows: list[Row]) -> str:
    """The figures as two Markdown tables."""
    out = []
    for part, extra in (("razors", ("served", "unserved")), ("laundry", ("loads", "missed"))):
        names = " | ".join(f"{lv} (bound)" for lv in LEVELS[part])
        head = (
            f"| {part} | days | status | {names} | {extra[0]} | {extra[1]} | gap | solver s | wall s "
            "| peak MiB | violations |"
        )
        lines = [head, "|" + "---|" * (head.count(" | ") + 1)]
        for r in rows:
            p = r[part]
            levels = " | ".join(f"{o:,.0f} ({b:,.0f})" for o, b in p["levels"])
            done, short = (p["kpis"].get(f"{part}.{key}", 0) for key in extra)
            lines.append(
                f"| {r['instance']} | {p['days']} | {p['status']} | {levels} | {done:,.0f} | {short:,.0f} | "
                f"{p['gap']:.4f} | {p['solver_s']:.2f} | {p['wall_s']:.2f} | {r['peak_mib']:.0f} | "
                f"{r['violations']} |"
            )
        out.append("\n".join(lines))
    return "\n\n".join(out)


def main() -> None:
    run(__doc__ or "", run_one, table)


if __name__ == "__main__":
    main()
