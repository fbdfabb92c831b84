"""The schedule's frame (docs/rules.md, conventions): the week's seven dates, once each,
in order, each with its own weekday; a scope naming only known sub-problems; finite KPIs.

`frame_violations` runs before every other check: when the days are not the week's seven
dates, every other family would only repeat that (each missing day's demand, each duplicated
event), so `verify` returns the frame's violations alone. The other checks here are ordinary
checks run with the families.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from models.common import weekday_of
from models.instance import Instance
from models.schedule import ALL_SUBPROBLEMS, WeekSchedule
from scheduler.verify.core import Violation

FRAME_RULE = "DAY-01"
"""The rule the week's calendar is reported under (as a schedule for another week is)."""


def frame_violations(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """The days are exactly the week's seven dates, once each, Monday to Sunday: one line per
    date missing, per date repeated, per date outside the week, and one if they are out of order."""
    week = instance.dates
    dates = [d.date for d in schedule.days]
    seen = Counter(dates)
    out = [Violation(rule=FRAME_RULE, date=d, message=f"day {d} is missing") for d in week if seen[d] == 0]
    out += [
        Violation(rule=FRAME_RULE, date=d, message=f"day {d} appears {'twice' if n == 2 else f'{n} times'}")
        for d, n in sorted(seen.items())
        if n > 1
    ]
    out += [
        Violation(rule=FRAME_RULE, date=d, message=f"day {d} is not in the week of {instance.monday}")
        for d in sorted(seen)
        if d not in week
    ]
    first = list(dict.fromkeys(dates))  # a repeated day is reported above, not as disorder
    if first != sorted(first):
        out.append(
            Violation(
                rule=FRAME_RULE,
                message="days out of order: " + ", ".join(str(d) for d in first),
            )
        )
    return out


def check_weekdays(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """Each day's weekday is its date's."""
    return [
        Violation(
            rule=FRAME_RULE,
            date=day.date,
            message=f"day {day.date} is a {weekday_of(day.date)}, the schedule says {day.weekday}",
        )
        for day in schedule.days
        if day.weekday != weekday_of(day.date)
    ]


def check_scope(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: the scope names only sub-problems of the week (`ALL_SUBPROBLEMS`), each once.
    Whether it names all of them is `completeness.scope_violations` (skipped for partial checks)."""
    out = [
        Violation(
            rule="UNM-01",
            message=f"scope names unknown sub-problem {name!r} (known: {', '.join(ALL_SUBPROBLEMS)})",
        )
        for name in dict.fromkeys(schedule.scope)
        if name not in ALL_SUBPROBLEMS
    ]
    out += [
        Violation(rule="UNM-01", message=f"scope names {name!r} {n} times")
        for name, n in Counter(schedule.scope).items()
        if n > 1
    ]
    return out


def check_kpis(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: every KPI is a finite number (a NaN or infinite figure hides what was met)."""
    return [
        Violation(rule="UNM-01", message=f"KPI {key!r} is {value}, not a finite number")
        for key, value in schedule.kpis.items()
        if not math.isfinite(value)
    ]


def check_event_ids(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: an event id names one event of the week: posts cover visits and loads by id,
    and listings and the completeness checks count events by id, so a repeated id would let
    one event stand for another."""
    days: dict[str, list[str]] = defaultdict(list)
    for day, event in schedule.events():
        days[event.id].append(str(day.date))
    return [
        Violation(
            rule="UNM-01",
            message=f"event id {ident!r} is used by {len(on)} events ({', '.join(on)}); "
            "ids are unique in the week",
            events=[ident],
        )
        for ident, on in sorted(days.items())
        if len(on) > 1
    ]


CHECKS = [check_weekdays, check_scope, check_kpis, check_event_ids]
