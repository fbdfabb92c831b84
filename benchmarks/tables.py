"""The suite's results as Markdown: one table for the whole weeks and their sub-problems,
one for the baselines."""

from __future__ import annotations

from benchmarks.common import Row
from benchmarks.week import SUBPROBLEMS
from models.common import format_clock


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


REC = (("REC-05 daylight sessions", "daylight"), ("REC-05 largest deviation from fair daylight share",
       "largest deviation"), ("REC-05 same start on consecutive days", "same start next day"),
       ("recreation unmet", "unmet"))  # fmt: skip
RAZ = (("RAZ-02 razors issued", "served"), ("RAZ-07 sign-ups not served", "not served"),
       ("RAZ-02 batches", "batches"), ("razors finish", "finish"))  # fmt: skip


def _pair(opt: Row, hand: Row, key: str) -> str:
    """One figure as optimizer / hand; a finish as a clock time."""
    a, b = opt.get(key, 0.0), hand.get(key, 0.0)
    if key == "razors finish":
        return f"{format_clock(int(a))} / {format_clock(int(b))}"
    return f"{a:g} / {b:g}"


def _hand_rows(rows: list[Row], part: str, figures: tuple[tuple[str, str], ...]) -> list[list[object]]:
    """Per instance, each figure as optimizer / hand, then the hand schedule's violations."""
    out = []
    for r in rows:
        hand = r["hand"].get(part, {})
        rules = ", ".join(hand.get("rules", [])) or "-"
        cells = [_pair(r.get("figures", {}), hand, key) for key, _ in figures]
        out.append([r["instance"], *cells, f"{hand.get('violations', '-')} ({rules})"])
    return out


def _hand_tables(lines: list[str], rows: list[Row]) -> None:
    """Recreation (pods in a fixed order) and razors (pod by pod) by hand against the optimizer."""
    for part, figures, title in (("recreation", REC, "pods in id order every day"),
                                 ("razors", RAZ, "pod by pod, list order")):  # fmt: skip
        if not any(part in r["hand"] for r in rows):
            continue
        lines += ["", f"## {part.capitalize()}: optimizer / hand method ({title})", ""]
        head = ["instance", *(name for _, name in figures), "hand violations (rules)"]
        _cells(lines, head, _hand_rows(rows, part, figures))


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
    _hand_tables(lines, rows)
    return "\n".join(lines)
