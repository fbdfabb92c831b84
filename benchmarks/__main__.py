"""Benchmarks of issue 14: `python -m benchmarks` (full suite), `--small` (the CI part:
bundled week, 1,000 inmates, contended 1,000), `--check` (exit 1 on a failed gate).

Full suite: the bundled week; generated weeks of 100, 1,000, 5,000 and 20,000 inmates;
contended weeks (scarce booths, families visiting several inmates, overlapping windows;
and one with two visits a week). Each is solved whole by `jailsched solve` (every sub-
problem's status, objective, bound, gap, seconds; wall and peak memory; verifier), then
compared with the hand method and with HiGHS on the same visitation model. Results go to
benchmark-results/{small,full}.json and .md, or with `--save` to the tracked
benchmarks/results/ (the figures the README quotes and `--check` gates against).
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.check import check
from benchmarks.suite import FULL, LOCAL, RESULTS, SMALL, measure, save
from benchmarks.tables import markdown


def main() -> int:
    """Run the chosen cases, print the tables, save (or check) the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the CI part: bundled, 1,000, contended 1,000")
    parser.add_argument("--check", action="store_true", help="gate against results/small.json; save nothing")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve of a baseline")
    parser.add_argument("--only", nargs="*", help="instances whose name starts with one of these")
    parser.add_argument("--save", action="store_true", help="record the results in benchmarks/results/")
    args = parser.parse_args()
    wanted = tuple(args.only or ("",))
    cases = [c for c in (SMALL if args.small else FULL) if c.name.startswith(wanted)]
    rows = []
    for case in cases:
        rows.append(measure(case, args.time_limit))
        print(f"{case.name}: done", file=sys.stderr, flush=True)
    print(markdown(rows))
    if args.check:
        failed = check(rows, RESULTS / "small.json")
        print("\n".join(failed) or "benchmark gate: passed", file=sys.stderr)
        return 1 if failed else 0
    folder = save(rows, "small" if args.small else "full", RESULTS if args.save else LOCAL)
    print(f"results: {folder}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
