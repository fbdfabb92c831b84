"""The key figures of a solved week and the tables comparing scenarios.

Only reads a finished week (no solving): visits served and waitlisted per window,
recreation compliance and daylight fairness, razor sign-ups, laundry finish and hour-out
end times, officer load and unmet demand. Figures keep their unit so a table prints a
time as "HH:MM" (or "00:30 (+1)") and a difference as minutes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Literal, NamedTuple

from models.common import format_when, weekday_of
from models.schedule import LaundryLoad, WeekSchedule

Unit = Literal["count", "clock", "share", "minutes"]
MISSING = "-"
"""Printed where a scenario has no such figure (a window or a day it does not have)."""


class Figure(NamedTuple):
    """One key figure: its name (the row of the tables), its unit and its value."""

    key: str
    unit: Unit
    value: float


def figures(week: WeekSchedule) -> list[Figure]:
    """The week's key figures, in the order the tables print them."""
    k = week.kpis
    out = [Figure("visits served", "count", k.get("visits.served", 0.0))]
    out += [Figure("visits eligible", "count", k.get("visits.eligible", 0.0))]
    for w in week.windows:
        out.append(Figure(f"visits served {w.window}", "count", w.served))
        out.append(Figure(f"visits waitlisted {w.window}", "count", w.eligible - w.served + w.kept_out))
        if w.closed_out:
            out.append(Figure(f"visits waitlisted by a closure (CAL-01) {w.window}", "count", w.closed_out))
    out += _waitlisted(week)
    out.append(Figure("visit wait mean", "minutes", k.get("visits.wait_mean_minutes", 0.0)))
    out += _recreation(week)
    out.append(Figure("razor sign-ups served", "count", k.get("razors.served", 0.0)))
    out.append(Figure("razor sign-ups unserved", "count", k.get("razors.unserved", 0.0)))
    out.append(Figure("laundry loads missed", "count", k.get("laundry.missed", 0.0)))
    out += [Figure(f"laundry finish {_day(d)}", "clock", end) for d, end in _laundry_finish(week).items()]
    out += [
        Figure(f"hour-outs end {_day(dt.date.fromisoformat(key.split()[-1]))}", "clock", value)
        for key, value in sorted(k.items())
        if key.startswith("lockdown.latest_end ")
    ]
    out.append(Figure("officer largest load", "minutes", k.get("staffing.largest_load_minutes", 0.0)))
    out += _staffing(k)
    out.append(Figure("sessions unstaffed", "count", k.get("staffing.unstaffed", 0.0)))
    out += _unmet(week)
    return out


WAITLIST_REASONS = {
    "quota": ("VIS-06", "VIS-14"),
    "capacity": ("capacity",),
    "closure": ("CAL-01",),
    "staffing": ("STF-02", "STF-03"),
}
"""The reasons a planner acts on, each a row of eligible requests left out (VIS-13); refusals
by the data rules and clashes (a visitor, a keep-separate inmate, busy time) go under other."""


def _waitlisted(week: WeekSchedule) -> list[Figure]:
    """The requests the week left out (its unmet visits), by reason."""
    rules = Counter(u.rule for u in week.unmet if u.kind == "visit")
    out = [
        Figure(f"visits left out: {name}", "count", sum(rules[r] for r in its))
        for name, its in WAITLIST_REASONS.items()
    ]
    known = {r for its in WAITLIST_REASONS.values() for r in its}
    return [
        *out,
        Figure("visits left out: other", "count", sum(n for r, n in rules.items() if r not in known)),
    ]


def _recreation(week: WeekSchedule) -> list[Figure]:
    """Compliance: inmate-sessions held over those held plus those the week could not meet
    (REC-01, UNM-01); fairness: the spread of daylight sessions between groups (REC-05)."""
    held = sum(len(e.inmates) for _, e in week.events() if e.kind == "recreation")
    missed = sum(max(1, len(u.inmates)) for u in week.unmet if u.kind == "recreation")
    daylight = [r.daylight for r in week.rotation]
    return [
        Figure("recreation compliance", "share", held / (held + missed) if held + missed else 1.0),
        Figure("recreation groups", "count", week.kpis.get("recreation.groups", 0.0)),
        Figure("recreation daylight sessions", "count", week.kpis.get("recreation.daylight_sessions", 0.0)),
        Figure("daylight spread (most - fewest)", "count", max(daylight) - min(daylight) if daylight else 0),
    ]


def _laundry_finish(week: WeekSchedule) -> dict[dt.date, int]:
    """The last dry of each day with laundry."""
    out: dict[dt.date, int] = {}
    for day, e in week.events():
        if isinstance(e, LaundryLoad):
            out[day.date] = max(out.get(day.date, 0), e.dry_end)
    return dict(sorted(out.items()))


HARD_KINDS = {
    "laundry_load": "laundry loads",
    "hour_out": "hour-outs",
    "recreation": "recreation",
    "session": "sessions",
}
"""The hard demand of UNM-01, each a row in every table so sweeps line up."""


STAFFING_DAY = {
    "day_on_shift": "officers on shift",
    "day_sessions": "sessions",
    "day_spare_minutes": "spare officer time",
}
"""Each day's staffing figures (the KPIs `staffing.<name> <date>`) and their rows."""


def _staffing(kpis: dict[str, float]) -> list[Figure]:
    """Per day: officers on shift, sessions to supervise, officer-minutes left over."""
    out = []
    for key, value in sorted(kpis.items(), key=lambda kv: (kv[0].split()[-1], kv[0])):
        name, _, date = key.removeprefix("staffing.").partition(" ")
        if date and name in STAFFING_DAY:
            unit: Unit = "minutes" if name == "day_spare_minutes" else "count"
            out.append(Figure(f"{STAFFING_DAY[name]} {_day(dt.date.fromisoformat(date))}", unit, value))
    return out


def _unmet(week: WeekSchedule) -> list[Figure]:
    hard = Counter(u.kind for u in week.unmet if u.hard)
    out = [Figure("unmet hard demand", "count", sum(hard.values()))]
    return out + [Figure(f"unmet {name}", "count", hard[kind]) for kind, name in HARD_KINDS.items()]


def _day(date: dt.date) -> str:
    """A day by its weekday only, so `--compare` of two weeks lines up Monday with Monday."""
    return weekday_of(date)


def shown(unit: Unit, value: float | None) -> str:
    """A value as the table prints it."""
    if value is None:
        return MISSING
    if unit == "clock":
        return format_when(int(value))
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit == "minutes":
        return f"{value:g} min"
    return f"{value:g}"


def difference(unit: Unit, base: float | None, value: float | None) -> str:
    """The change from the baseline: "+3", "-15 min", "+2.5 pts"; empty when unchanged."""
    if base is None or value is None or round(value - base, 6) == 0:
        return ""
    delta = value - base
    if unit == "share":
        return f"{delta * 100:+.1f} pts"
    return f"{delta:+g} min" if unit in ("clock", "minutes") else f"{delta:+g}"


class Table(NamedTuple):
    """A table as text cells: the header row, then one row per figure."""

    header: list[str]
    rows: list[list[str]]


def merged(columns: list[tuple[Figure, ...]]) -> list[tuple[str, Unit, list[float | None]]]:
    """Every figure of any column, in first-seen order, with its value in each column."""
    units: dict[str, Unit] = {}
    for column in columns:
        for f in column:
            units.setdefault(f.key, f.unit)
    values = [{f.key: f.value for f in column} for column in columns]
    return [(key, unit, [v.get(key) for v in values]) for key, unit in units.items()]


def comparison(names: list[str], columns: list[tuple[Figure, ...]]) -> Table:
    """The baseline, the scenario(s) and, for a single scenario, its change from the baseline."""
    single = len(columns) == 2
    header = ["figure", *names] + (["change"] if single else [])
    rows = []
    for key, unit, values in merged(columns):
        row = [key, *(shown(unit, v) for v in values)]
        rows.append(row + ([difference(unit, values[0], values[1])] if single else []))
    return Table(header, rows)


def text(table: Table) -> str:
    """The table as aligned plain text: names left, values right."""
    widths = [max(len(row[i]) for row in [table.header, *table.rows]) for i in range(len(table.header))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table.header), rule, *(line(r) for r in table.rows)]) + "\n"
