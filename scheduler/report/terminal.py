"""The terminal report of a solved week: solver figures, window capacity, grids, hour-outs,
razor batches, laundry by day, notices, waitlist."""

from __future__ import annotations

from collections import Counter

from models.common import format_clock
from models.schedule import HourOut, LaundryLoad, Post, RazorBatch, VisitGrid, WeekSchedule
from scheduler.report.summary import table


def terminal_report(week: WeekSchedule) -> str:
    """What the administrator reads after `jailsched solve`."""
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
            f"{w.booths} x {w.slots} = {w.capacity}",
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
    rows = [[f"booth {i + 1}", *[c or "." for c in row]] for i, row in enumerate(grid.booths)]
    return f"{grid.window} {grid.date}\n" + table(["", *[format_clock(s) for s in grid.slots]], rows)


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
            f"{format_clock(e.start)}-{format_clock(e.end)}",
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
            f"{format_clock(e.start)}-{format_clock(e.end)}",
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
        missed = [m for m in week.unmet if m.kind == "laundry_load" and m.date == day.date]
        if loads or missed:
            first = min((e.start for e in loads), default=None)
            last = max((e.end for e in loads), default=None)
            span = f"{format_clock(first)}-{format_clock(last)}" if loads else "-"
            rows.append([f"{day.weekday} {day.date}", str(len(loads)), span, str(len(missed))])
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
            f"{format_clock(e.start)}-{format_clock(e.end)}",
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
    lines = [f"Unmet hard demand (UNM-01): {len(hard)}"]
    for u in hard:
        lines.append(
            f"  [{u.rule}] {u.subject}: {u.reason}; needed {u.needed}, available {u.available}; fix: {u.fix}"
        )
    return "\n".join(lines)


def _notices(week: WeekSchedule) -> str:
    notes = [n for n in week.notices if n.rule == "RAZ-07"]
    return "\n".join(f"[{n.rule}] {n.text}" for n in notes)
