"""Whole-week benchmark: `jailsched solve` from process start to files, every sub-problem and
the staffing, on the bundled week and generated weeks (seed 1).

    python -m benchmarks.week                      # bundled, 1,000 and 5,000 inmates
    python -m benchmarks.week --sizes 1000 --baseline /path/to/older/checkout

Each solve is its own `jailsched solve` process, so the wall time covers start-up, loading,
every solve and writing the files, and the peak memory (max RSS of that process, CP-SAT's
C++ side included) is its own. With `--baseline DIR`, the same instance is also solved by
the checkout in DIR (`python -m scheduler.cli solve`, run there), for a before/after figure
measured in one run (generated weeks only: an older checkout may not read the bundled
week's newer settings). Every schedule is re-checked by the verifier.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import BUNDLED, Row

SIZES = (1000, 5000)
SUBPROBLEMS = ("visitation", "laundry", "lockdown", "recreation", "razors", "staffing")


def solve_once(folder: Path, out: Path, cwd: Path | None) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one `solve` process (started from a fresh
    process of its own, whose only child it is, so the peak is that solve's)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_solve_child, (folder, out, cwd))


def _solve_child(folder: Path, out: Path, cwd: Path | None) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "scheduler.cli", "solve", str(folder), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.returncode


def figures(folder: Path, out: Path) -> Row:
    """What the schedule says: sessions staffed, unmet, statuses, solver seconds; verified."""
    from models.schedule import SUPERVISED, WeekSchedule
    from scheduler.loader import load_instance
    from scheduler.verify import verify

    week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    sessions = [e for _, e in week.events() if getattr(e, "kind", "") in SUPERVISED]
    seconds: Counter[str] = Counter()
    for r in week.solver:
        seconds[r.subproblem.split()[0]] += r.seconds
    return {
        "sessions": len(sessions),
        "staffed": sum(1 for e in sessions if e.officer),
        "hard unmet": sum(1 for u in week.unmet if u.hard),
        "runs": len(week.solver),
        "not optimal": sum(1 for r in week.solver if r.status != "OPTIMAL"),
        "violations": len(verify(week, load_instance(folder))),
        "seconds": {name: round(seconds[name], 2) for name in SUBPROBLEMS},
    }


def measure(name: str, folder: Path, baseline: Path | None) -> Row:
    """One instance: this checkout's solve (and the baseline's), with the schedule's figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        wall, peak, code = solve_once(folder, out, Path(__file__).resolve().parent.parent)
        row: Row = {"instance": name, "wall s": round(wall, 2), "peak MiB": round(peak), "exit": code}
        row |= figures(folder, out)
        if baseline is not None:
            before, _, _ = solve_once(folder, Path(tmp) / "before", baseline)
            row["baseline wall s"] = round(before, 2)
            row["ratio"] = round(wall / before, 2)
    return row


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    head = ["instance", "wall s", "peak MiB", "exit", "sessions", "staffed", "hard unmet", "runs"]
    head += ["not optimal", "violations", *(f"{s} s" for s in SUBPROBLEMS)]
    if any("baseline wall s" in r for r in rows):
        head += ["baseline wall s", "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = {**r, **{f"{s} s": r["seconds"][s] for s in SUBPROBLEMS}}
        lines.append("| " + " | ".join(str(cells.get(h, "")) for h in head) + " |")
    return "\n".join(lines)


def main() -> None:
    """Parse the options, generate the weeks, measure each, print the table and the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="generated week sizes")
    parser.add_argument("--seeds", type=int, nargs="*", default=[1], help="generator seeds")
    parser.add_argument("--baseline", type=Path, help="another checkout to time on the same weeks")
    args = parser.parse_args()
    from scheduler.generate import generate_instance

    rows = [measure("warren (bundled)", BUNDLED, None)]  # its closures are newer than a baseline reads
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for seed in args.seeds:
                folder = Path(tmp) / f"g{n}s{seed}"
                generate_instance(folder, n, seed)
                rows.append(measure(f"generated {n:,} (seed {seed})", folder, args.baseline))
    print(table(rows))
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
