"""Week after week (issue 25): `python -m benchmarks.weeks [--inmates 1000] [--weeks 4]`.

Generates consecutive weeks of one facility (`generate_weeks`, seed 1) and solves them in
sequence twice: chained, each from the previous week's schedule (`--previous`, CON-01), and
independently. Per week and over the run: the recreation starts repeated across the week
boundary (the verifier's CON-01 check), the largest deviation of a group's daylight share
from the facility's over the fairness window and within the week alone, the most and fewest
late sessions of a group over the window, carried requests served (CON-03), wall seconds.
Both runs' window counts come from the same `carry_of` chain, so they compare like with like.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def _deviation(groups: list[tuple[int, int]]) -> float:
    """The largest |share of daylight of a group - the share of all| over (daylight, late)."""
    light = sum(d for d, _ in groups)
    total = sum(d + late for d, late in groups)
    if not total:
        return 0.0
    return max(abs(d / max(1, d + late) - light / total) for d, late in groups)


def run(inmates: int, weeks: int) -> list[Row]:
    """Both runs over the same generated weeks; one row per week and run."""
    from models.schedule import Carry
    from scheduler.engine.carry import carry_of
    from scheduler.engine.solving import SolveSettings
    from scheduler.generate.weeks import generate_weeks
    from scheduler.loading import load_instance
    from scheduler.verify.continuity import check_boundary
    from scheduler.week import build_week

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folders = generate_weeks(Path(tmp), inmates, 1, weeks)
        instances = [load_instance(f) for f in folders]
        for chained in (True, False):
            previous_week, chain = None, None
            for k, inst in enumerate(instances, start=1):
                started = time.perf_counter()
                week = build_week(
                    inst, SolveSettings(time_limit=60, seed=0), previous=chain if chained else None
                )
                seconds = time.perf_counter() - started
                window: Carry = carry_of(week, inst, chain)  # the same window arithmetic for both runs
                repeats = len(check_boundary(week, previous_week)) if previous_week is not None else 0
                last = [(g.daylight[-1], g.late[-1]) for g in window.recreation]
                over = [(sum(g.daylight), sum(g.late)) for g in window.recreation]
                rows.append(
                    {
                        "run": "chained (--previous)" if chained else "independent",
                        "week": k,
                        "repeats across the boundary": repeats,
                        "daylight deviation, week": round(_deviation(last), 4),
                        "daylight deviation, window": round(_deviation(over), 4),
                        "late sessions over the window, most / fewest": f"{max(x for _, x in over)} / "
                        f"{min(x for _, x in over)}",
                        "carried served": int(week.kpis.get("visitation.carried_served", 0)),
                        "not optimal": sum(r.status != "OPTIMAL" for r in week.solver),
                        "seconds": round(seconds, 2),
                    }
                )
                previous_week, chain = week, window
                print(
                    f"{'chained' if chained else 'independent'} week {k}: done", file=sys.stderr, flush=True
                )
    return rows


def markdown(rows: list[Row]) -> str:
    """One table, both runs."""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|---" * len(keys) + "|"]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inmates", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=4)
    args = parser.parse_args()
    print(markdown(run(args.inmates, args.weeks)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
