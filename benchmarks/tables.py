"""The suite's results as Markdown: one table for the whole weeks and their sub-problems,
one for the baselines."""

from __future__ import annotations

from benchmarks.common import Row
from benchmarks.week import SUBPROBLEMS


def _cells(lines: list[str], head: list[str], rows: list[list[object]]) -> None:
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]


def _sub(row: Row, name: str) -> str:
    """A sub-problem's cell: status, objective (bound), gap, solver seconds."""
    s = row["subproblems"].get(name)
    if s is None:
        return "-"
    return f"{s['status']} {s['objective']} ({s['bound']}) gap {s['gap']:g}, {s['solver s']} s"


def _level(mip: Row, key: str) -> str:
    level = mip.get(key)
    return "-" if level is None else f"{level['objective']} {level['status']} {level['seconds']:.2f} s"


def _baselines(r: Row, levels: list[str]) -> list[object]:
    mip, hand = r["mip"], r["hand"]
    cells = [r["instance"], r["eligible"], r["served"], hand["served"], r["optimizer - hand served"]]
    cells += [hand["violations"], *(_level(mip, k) for k in levels)]
    cells += [mip.get(k) for k in ("L1 same optimum", "L2 same optimum")]
    cells += [mip.get(f"{k} highs / cp-sat time") for k in ("L1", "L2")]
    return [*cells, f"{mip['mip rows']:,} x {mip['mip variables']:,}"]


def markdown(rows: list[Row]) -> str:
    """Both tables, each row one instance."""
    lines = ["## Whole week (`jailsched solve`, one process each)", ""]
    head = ["instance", "wall s", "peak MiB", "exit", "not optimal", "violations", "hard unmet"]
    _cells(lines, head + [f"{s}: status objective (bound) gap, solver s" for s in SUBPROBLEMS], [
        [r["instance"], r["wall s"], r["peak MiB"], r["exit"], r["not optimal"], r["violations"],
         r["hard unmet"], *(_sub(r, s) for s in SUBPROBLEMS)]
        for r in rows
    ])  # fmt: skip
    lines += ["", "## Visitation against the baselines", ""]
    head = ["instance", "eligible", "served (CP-SAT)", "served by hand", "more served", "hand violations"]
    levels = [f"{k} {solver}" for k in ("L1", "L2") for solver in ("cp-sat", "highs")]
    head += [*levels, "L1 same", "L2 same", "L1 HiGHS/CP-SAT time", "L2 HiGHS/CP-SAT time", "MIP rows x vars"]
    _cells(lines, head, [_baselines(r, levels) for r in rows])
    return "\n".join(lines)
