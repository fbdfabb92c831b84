"""The CI gate (`python -m benchmarks --small --check`): every sub-problem proven optimal,
no verifier violation (optimizer's or hand method's), the two solvers agreeing, the hand
method never ahead on what the optimizer maximises first (visits served, REC-05 daylight
sessions, razor sign-ups served; not fairness, a later level), and no
quality figure below the committed `benchmarks/results/small.json`."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.common import Row

KPIS = ("served", "staffed")
"""Quality figures that may not fall below the committed ones (more is better)."""


def problems(row: Row, committed: Row | None) -> list[str]:
    """What fails the gate on one instance, each as a line naming the instance."""
    name = row["instance"]
    subs = row["subproblems"].items()
    out = [f"{name}: {k} {s['status']}, not proven optimal" for k, s in subs if s["status"] != "OPTIMAL"]
    if row["violations"]:
        out.append(f"{name}: {row['violations']} verifier violations")
    if row["hand"]["violations"]:
        out.append(f"{name}: the hand method's schedule has {row['hand']['violations']} violations")
    if row["optimizer - hand served"] < 0:
        out.append(f"{name}: the hand method serves more than the optimizer")
    for key, what in (("daylight", "daylight recreation sessions"), ("razors", "razor sign-ups")):
        if row.get(f"optimizer - hand {key}", 0) < 0:
            out.append(f"{name}: the hand method gives more {what} than the optimizer")
    for level in ("L1", "L2"):
        if row["mip"].get(f"{level} same optimum") is False:
            out.append(f"{name}: HiGHS and CP-SAT disagree at {level}")
    for kpi in KPIS if committed else ():
        if row[kpi] < committed[kpi]:  # type: ignore[index]
            out.append(f"{name}: {kpi} {row[kpi]} below the committed {committed[kpi]}")  # type: ignore[index]
    return out


def check(rows: list[Row], committed_file: Path) -> list[str]:
    """Every problem of the run against the committed results (missing instances fail)."""
    committed = {r["instance"]: r for r in json.loads(committed_file.read_text())}
    out = [line for r in rows for line in problems(r, committed.get(r["instance"]))]
    missing = sorted(committed.keys() - {r["instance"] for r in rows})
    out += [f"{name}: in the committed results, not measured" for name in missing]
    return out
