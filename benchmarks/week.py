"""Whole-week benchmark: `jailsched solve` from process start to files, every sub-problem and
the staffing, on the bundled week, generated weeks (seed 1) and two tight variants.

    python -m benchmarks.week                      # bundled, 1,000, 5,000, 20,000 and the variants
    python -m benchmarks.week --sizes 1000 --no-variants --baseline /path/to/older/checkout

The tight variants are generated weeks made by the generator's flags: scarce razors
(`--razors 16` whatever the population) and laundry on a short morning shift
(`--laundry-hours 07:00-12:00`, machines sized for it). Each row also times visitation
alone (`solve --only visitation`), for the ratio whole week / visitation, and the table
ends with the targets of issue 12, each marked met or not.

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

SIZES = (1000, 5000, 20000)
SUBPROBLEMS = ("visitation", "laundry", "lockdown", "recreation", "razors", "staffing")
VARIANT_SIZE = 5000
SCARCE_RAZORS = 16
SHORT_LAUNDRY = (420, 720)


def solve_once(folder: Path, out: Path, cwd: Path | None, *extra: str) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one `solve` process (started from a fresh
    process of its own, whose only child it is, so the peak is that solve's)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_solve_child, (folder, out, cwd, extra))


def _solve_child(
    folder: Path, out: Path, cwd: Path | None, extra: tuple[str, ...]
) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "scheduler.cli", "solve", str(folder), "--out", str(out), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.returncode


def figures(folder: Path, out: Path) -> Row:
    """What the schedule says: sessions staffed, unmet, statuses, solver seconds; verified."""
    from models.schedule import SUPERVISED, WeekSchedule
    from scheduler.loading import load_instance
    from scheduler.verify import verify

    week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    sessions = [e for _, e in week.events() if getattr(e, "kind", "") in SUPERVISED]
    seconds: Counter[str] = Counter()
    statuses: dict[str, set[str]] = {name: set() for name in SUBPROBLEMS}
    for r in week.solver:
        name = r.subproblem.split()[0]
        seconds[name] += r.seconds
        statuses.setdefault(name, set()).add(r.status)
    return {
        "sessions": len(sessions),
        "staffed": sum(1 for e in sessions if e.officer),
        "hard unmet": sum(1 for u in week.unmet if u.hard),
        "runs": len(week.solver),
        "not optimal": sum(1 for r in week.solver if r.status != "OPTIMAL"),
        "violations": len(verify(week, load_instance(folder))),
        "seconds": {name: round(seconds[name], 2) for name in SUBPROBLEMS},
        "statuses": {name: "/".join(sorted(found)) for name, found in statuses.items() if found},
    }


def measure(name: str, folder: Path, baseline: Path | None) -> Row:
    """One instance: this checkout's solve (and the baseline's), with the schedule's figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        wall, peak, code = solve_once(folder, out, Path(__file__).resolve().parent.parent)
        row: Row = {"instance": name, "wall s": round(wall, 2), "peak MiB": round(peak), "exit": code}
        row |= figures(folder, out)
        alone, _, _ = solve_once(folder, Path(tmp) / "visitation", None, "--only", "visitation")
        row["visitation alone s"] = round(alone, 2)
        row["week / visitation"] = round(wall / alone, 2)
        if baseline is not None:
            before, _, _ = solve_once(folder, Path(tmp) / "before", baseline)
            row["baseline wall s"] = round(before, 2)
            row["ratio"] = round(wall / before, 2)
    return row


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    head = ["instance", "wall s", "peak MiB", "visitation alone s", "week / visitation", "exit", "sessions"]
    head += ["staffed", "hard unmet", "runs", "not optimal", "violations", *(f"{s} s" for s in SUBPROBLEMS)]
    if any("baseline wall s" in r for r in rows):
        head += ["baseline wall s", "ratio"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = {**r, **{f"{s} s": _seconds(r, s) for s in SUBPROBLEMS}}
        lines.append("| " + " | ".join(str(cells.get(h, "")) for h in head) + " |")
    return "\n".join(lines)


def _seconds(row: Row, name: str) -> str:
    """A sub-problem's solver seconds, with its statuses when one is not OPTIMAL."""
    status = row.get("statuses", {}).get(name, "OPTIMAL")
    return f"{row['seconds'][name]}" + ("" if status == "OPTIMAL" else f" ({status})")


TARGETS = {
    "generated 20,000": ("wall s", 30.0),
    "generated 5,000": ("wall s", 6.0),
    "scarce razors": ("wall s", 10.0),
    "short laundry": ("wall s", 10.0),
}
"""Issue 12's targets: instance name prefix -> (figure, at most)."""


def targets(rows: list[Row]) -> list[str]:
    """Each target of issue 12 against the measured rows: met or missed, with the figure."""
    out = []
    for r in rows:
        checks = [("every level OPTIMAL", r["not optimal"] == 0, r["not optimal"])]
        checks.append(("no violation", r["violations"] == 0, r["violations"]))
        checks.append(("peak < 1.5 GB", r["peak MiB"] < 1536, r["peak MiB"]))
        if r["instance"].startswith(("generated 5,000", "generated 20,000")):
            checks.append(("week <= 3x visitation", r["week / visitation"] <= 3, r["week / visitation"]))
        for prefix, (figure, most) in TARGETS.items():
            if r["instance"].startswith(prefix):
                checks.append((f"{figure} < {most:g}", r[figure] < most, r[figure]))
        out += [
            f"{r['instance']}: {what}: {'met' if ok else 'MISSED'} ({value})" for what, ok, value in checks
        ]
    return out


def main() -> None:
    """Parse the options, generate the weeks, measure each, print the table and the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="generated week sizes")
    parser.add_argument("--seeds", type=int, nargs="*", default=[1], help="generator seeds")
    parser.add_argument("--baseline", type=Path, help="another checkout to time on the same weeks")
    parser.add_argument("--no-variants", action="store_true", help="skip the two tight variants")
    parser.add_argument("--variant-size", type=int, default=VARIANT_SIZE, help="inmates of the variants")
    args = parser.parse_args()
    from scheduler.generate import Variant, generate_instance

    rows = [measure("warren (bundled)", BUNDLED, None)]  # its closures are newer than a baseline reads
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for seed in args.seeds:
                folder = Path(tmp) / f"g{n}s{seed}"
                generate_instance(folder, n, seed)
                rows.append(measure(f"generated {n:,} (seed {seed})", folder, args.baseline))
        variants = {
            f"scarce razors ({args.variant_size:,}, {SCARCE_RAZORS} razors)": Variant(razors=SCARCE_RAZORS),
            f"short laundry ({args.variant_size:,}, 07:00-12:00)": Variant(laundry_hours=SHORT_LAUNDRY),
        }
        for name, variant in ({} if args.no_variants else variants).items():
            folder = Path(tmp) / name.split()[0]
            generate_instance(folder, args.variant_size, 1, variant=variant)
            rows.append(measure(name, folder, args.baseline))
    print(table(rows))
    print("\n".join(targets(rows)))
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
