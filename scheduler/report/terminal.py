"""What `solve` prints: a short summary (status, KPIs, what needs the administrator, where the
files are) and, with `--verbose`, the details before it (solver figures, window capacity,
grids, hour-outs, razor batches, laundry by day, posts, waitlist, unmet demand).

The summary holds no timings, so two runs print the same bytes; the verbose solver table
has each solve's seconds."""

from __future__ import annotations

from collections import Counter

from models.common import format_when
from models.schedule import (
    ALL_SUBPROBLEMS,
    HourOut,
    LaundryLoad,
    Post,
    RazorBatch,
    Unmet,
    VisitGrid,
    WeekSchedule,
)
from scheduler.report.summary import table
from scheduler.report.views import kpi_value, readable

SHOWN = 10
"""Items of one kind listed in the summary; the rest are counted (all are in the files)."""


def terminal_summary(week: WeekSchedule, admin_reviews: list[str], files: list[str]) -> str:
    """Status, KPIs, what needs the administrator, and the files written."""
    parts = [
        f"{week.facility}: week of {week.monday}",
        _status(week),
        _kpis(week),
        _attention(week, admin_reviews),
        "Files\n" + "\n".join(f"  {f}" for f in files),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _status(week: WeekSchedule) -> str:
    hard = [u for u in week.unmet if u.hard]
    proven = all(r.status == "OPTIMAL" for r in week.solver)
    proof = "every solve proven optimal" if proven else _not_proven(week)
    missing = [name for name in ALL_SUBPROBLEMS if name not in week.scope]
    if missing:
        partial = f"solved: {', '.join(week.scope)}; not solved: {', '.join(missing)}"
        return f"Status: PARTIAL schedule ({partial}), {_demands(hard)} hard demand(s) unmet ({proof})"
    if not hard:
        return f"Status: complete, every hard demand met ({proof})"
    kinds: Counter[str] = Counter()
    for u in hard:
        kinds[u.kind.replace("_", " ")] += u.count
    what = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return f"Status: INCOMPLETE, {_demands(hard)} hard demand(s) unmet (UNM-01): {what} ({proof})"


def _demands(entries: list[Unmet]) -> int:
    """Demands the entries stand for (an entry may group several of one cause)."""
    return sum(u.count for u in entries)


def _not_proven(week: WeekSchedule) -> str:
    other = [r for r in week.solver if r.status != "OPTIMAL"]
    worst = max(other, key=lambda r: r.gap or 0.0)
    return (
        f"{len(other)} of {len(week.solver)} solves not proven optimal; largest gap "
        f"{_num(worst.gap)} in {worst.subproblem} ({worst.status})"
    )


def _kpis(week: WeekSchedule) -> str:
    """The week's figures; a figure kept per window or per night is shown as its range."""
    rows: list[list[str]] = []
    ranges: dict[str, list[float]] = {}
    for name, value in week.kpis.items():
        if " " in name:
            ranges.setdefault(name.split(" ")[0], []).append(value)
        else:
            rows.append([name, kpi_value(name, value)])
    for name, values in ranges.items():
        low, high = kpi_value(name + " ", min(values)), kpi_value(name + " ", max(values))
        unit = PER.get(name, "items")
        count = f"{len(values)} {unit}"
        spread = f"{low} to {high} over {count}" if low != high else f"{low} (all {count})"
        rows.append([name, spread])
    return "KPIs\n" + table(["figure", "value"], sorted(rows)) if rows else ""


PER = {
    "lockdown.latest_end": "nights",
    "visits.share": "windows",
    "staffing.day_on_shift": "days",
    "staffing.day_sessions": "days",
    "staffing.day_spare_minutes": "days",
}
"""What a figure kept per item is kept per, for its range in the summary."""


def _attention(week: WeekSchedule, admin_reviews: list[str]) -> str:
    """Everything the administrator must act on, the first few of each kind listed."""
    hard = [u for u in week.unmet if u.hard]
    soft = [u for u in week.unmet if not u.hard]
    blocks = [
        _listed("Unmet hard demand (UNM-01)", [_unmet_text(u) for u in hard], _demands(hard)),
        _counted("Left out, a normal outcome (VIS-13, RAZ-07)", [f"{u.kind} {u.rule}" for u in soft]),
        _counted("Waitlist", [u.rule for u in week.waitlist]),
        _counted("Exclusions", [f"{e.activity} {e.rule}" for e in week.exclusions]),
        _listed("Compliance notices", [readable(f"[{n.rule}] {n.subject}: {n.text}") for n in week.notices]),
        _listed("Administrative review (DIS-01)", sorted(admin_reviews)),
    ]
    body = "\n".join(b for b in blocks if b)
    return "Needs the administrator\n" + (body or "  nothing")


def _listed(title: str, lines: list[str], total: int | None = None) -> str:
    """A titled list, the first few lines shown; `total` when a line may stand for several."""
    if not lines:
        return ""
    more = [f"  ... and {len(lines) - SHOWN} more (schedule.html, csv/)"] if len(lines) > SHOWN else []
    head = f"  {title}: {total if total is not None else len(lines)}"
    return "\n".join([head, *[f"    {line}" for line in lines[:SHOWN]], *more])


def _counted(title: str, keys: list[str]) -> str:
    if not keys:
        return ""
    counts = ", ".join(f"{k} {n}" for k, n in sorted(Counter(keys).items()))
    return f"  {title}: {len(keys)} ({counts})"


def terminal_report(week: WeekSchedule) -> str:
    """The details `solve --verbose` prints before the summary."""
    parts = [f"{week.facility}: week of {week.monday}", _solver(week)]
    if week.windows:
        parts.append(_windows(week))
        parts += [_grid(g) for g in week.visit_grids if any(any(row) for row in g.booths)]
    parts.append(_hour_outs(week))
    parts += [_razors(week), _laundry(week), _posts(week), _notices(week)]
    parts.append(_waitlist(week))
    parts.append(_unmet(week))
    return "\n\n".join(p for p in parts if p) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _solver(week: WeekSchedule) -> str:
    rows = [
        [r.subproblem, r.status, _num(r.objective), _num(r.bound), _num(r.gap), f"{r.seconds:.3f}"]
        for r in week.solver
    ]
    if not rows:
        return ""
    return "Solver\n" + table(["sub-problem", "status", "objective", "bound", "gap", "seconds"], rows)


def _windows(week: WeekSchedule) -> str:
    rows = [
        [
            w.window,
            w.date,
            w.requests,
            w.eligible,
            f"{w.booths} x {w.slots}" + (f" - {w.closed} closed" if w.closed else "") + f" = {w.capacity}",
            w.served,
            w.first_left_out or "-",
        ]
        for w in week.windows
    ]
    text = "Visitation windows\n" + table(
        ["window", "date", "requests", "eligible", "booths x slots", "served", "first left out"], rows
    )
    notes = [f"  {w.window} {w.date}: {w.note}" for w in week.windows if w.note]
    return "\n".join([text, *notes])


def _grid(grid: VisitGrid) -> str:
    closed = grid.closed or [[None] * len(grid.slots) for _ in grid.booths]
    rows = [
        [f"booth {i + 1}", *[c or ("closed" if why else ".") for c, why in zip(row, shut, strict=False)]]
        for i, (row, shut) in enumerate(zip(grid.booths, closed, strict=False))
    ]
    return f"{grid.window} {grid.date}\n" + table(["", *[format_when(s) for s in grid.slots]], rows)


def _waitlist(week: WeekSchedule) -> str:
    if not week.waitlist:
        return "Waitlist: empty"
    by_rule = Counter(u.rule for u in week.waitlist)
    head = (
        f"Waitlist: {len(week.waitlist)} requests ("
        + ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items()))
        + ")"
    )
    return "\n".join(
        [head, *[f"  {u.request_id} {u.inmate_id} [{u.rule}] {u.reason}" for u in week.waitlist]]
    )


def _hour_outs(week: WeekSchedule) -> str:
    rows = [
        [
            f"{day.weekday} {day.date}",
            e.pod,
            e.inmates[0],
            f"{format_when(e.start)}-{format_when(e.end)}",
            e.officer or "-",
        ]
        for day in week.days
        for e in day.events
        if isinstance(e, HourOut)
    ]
    if not rows:
        return ""
    return "Lockdown hour-outs (DIS-03..07)\n" + table(["night", "pod", "inmate", "time", "officer"], rows)


def _razors(week: WeekSchedule) -> str:
    rows = [
        [
            f"{day.weekday} {day.date}",
            e.pod,
            f"{format_when(e.start)}-{format_when(e.end)}",
            str(e.razors),
            e.officer or "-",
        ]
        for day in week.days
        for e in day.events
        if isinstance(e, RazorBatch)
    ]
    if not rows:
        return ""
    return "Razor batches (RAZ-02..06)\n" + table(["issue day", "pod", "time", "razors", "officer"], rows)


def _laundry(week: WeekSchedule) -> str:
    rows = []
    for day in week.days:
        loads = [e for e in day.events if isinstance(e, LaundryLoad)]
        missed = sum(m.count for m in week.unmet if m.kind == "laundry_load" and m.date == day.date)
        if loads or missed:
            first = min((e.start for e in loads), default=None)
            last = max((e.end for e in loads), default=None)
            span = f"{format_when(first)}-{format_when(last)}" if loads else "-"
            rows.append([f"{day.weekday} {day.date}", str(len(loads)), span, str(missed)])
    if not rows:
        return ""
    lines = "Laundry (LAU-01..05)\n" + table(["day", "loads", "washing to last dry", "missed"], rows)
    return lines


def _posts(week: WeekSchedule) -> str:
    """STF-01: the visiting-room and laundry posts with their officers."""
    rows = [
        [
            f"{day.weekday} {day.date}",
            e.session.replace("_", " "),
            f"{format_when(e.start)}-{format_when(e.end)}",
            str(len(e.covers)),
            e.officer or "UNSTAFFED",
        ]
        for day in week.days
        for e in day.events
        if isinstance(e, Post)
    ]
    if not rows:
        return ""
    return "Officer posts (STF-01)\n" + table(["day", "post", "time", "events", "officer"], rows)


def _unmet(week: WeekSchedule) -> str:
    """UNM-01: hard demand that could not be met, with the figures and the fix."""
    hard = [u for u in week.unmet if u.hard]
    if not hard:
        return "Unmet hard demand (UNM-01): none"
    lines = [f"Unmet hard demand (UNM-01): {_demands(hard)}"]
    lines += ["  " + _unmet_text(u) for u in hard]
    return "\n".join(lines)


def _notices(week: WeekSchedule) -> str:
    notes = [n for n in week.notices if n.rule == "RAZ-07"]
    return "\n".join(f"[{n.rule}] {n.text}" for n in notes)


def _unmet_text(u: Unmet) -> str:
    """One unmet demand on one line: rule, subject, why, the figures and the fix (UNM-01)."""
    return readable(
        f"[{u.rule}] {u.subject}: {u.reason}; needed {u.needed}, available {u.available}; fix: {u.fix}"
    )
