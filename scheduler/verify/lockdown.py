"""DIS-03..07: lockdown hour-outs, from the schedule's hour-out events and the instance.

The checks read the hour-outs the schedule holds; whether every lockdown night has its
hour-out (or is listed in `unmet`) is UNM-01's check (verify/completeness.py), whether an
hour-out falls on a lockdown night at all is DIS-01's (verify/offences.py, from the offence
table), and the officers (DIS-06) are STF-01..03's (verify/staff.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.common import format_clock
from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Placed, Violation, clashes, placed_of


def _hour_outs(schedule: WeekSchedule) -> list[Placed]:
    return placed_of(schedule, "hour_out")


def check_one_hour_each_night(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-03: at most one hour out per inmate per night (none missing is UNM-01's check), of
    the set length, from lights out, alone, in the inmate's own pod's dayroom. Whether the
    inmate is on lockdown that night is DIS-01's check (verify/offences.py)."""
    d, r = instance.facility.discipline, instance.facility.routine
    out: list[Violation] = []
    seen: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for a in _hour_outs(schedule):
        e, date = a.event, a.day.date
        for iid in e.inmates:
            seen[(iid, date)].append(e.id)
        pod = (
            instance.inmates[e.inmates[0]].pod
            if len(e.inmates) == 1 and e.inmates[0] in instance.inmates
            else None
        )
        problems = []
        if len(e.inmates) != 1:
            problems.append(f"holds {len(e.inmates)} inmates, not one")
        if e.end - e.start != d.hour_out_minutes:
            problems.append(f"lasts {e.end - e.start} min, not {d.hour_out_minutes}")
        if e.start < r.lights_out:
            problems.append(f"starts {format_clock(e.start)}, before lights out {format_clock(r.lights_out)}")
        if pod is not None and e.place != f"pod {pod} dayroom":
            problems.append(f"is in {e.place}, not pod {pod}'s dayroom")
        out += [
            Violation(rule="DIS-03", date=date, message=f"hour-out {e.id} {p}", events=[e.id])
            for p in problems
        ]
    for (iid, date), ids in sorted(seen.items()):
        if len(ids) > 1:
            out.append(
                Violation(
                    rule="DIS-03",
                    date=date,
                    message=f"inmate {iid} has {len(ids)} hour-outs on the night of {date}",
                    events=ids,
                )
            )
    return out


def check_one_out_per_pod(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-04: in one pod at most one lockdown inmate is out at a time."""
    by_pod: dict[str, list[Placed]] = defaultdict(list)
    for a in _hour_outs(schedule):
        by_pod[getattr(a.event, "pod", "")].append(a)
    return clashes("DIS-04", by_pod, "pod")


def check_before_morning(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-05: every hour-out ends by the morning deadline (counts are DAY-01's check)."""
    d = instance.facility.discipline
    return [
        Violation(
            rule="DIS-05",
            date=a.day.date,
            message=f"hour-out {a.event.id} ends {format_clock(a.event.end % 1440)}, "
            f"after {format_clock(d.hour_outs_end_by)}",
            events=[a.event.id],
        )
        for a in _hour_outs(schedule)
        if a.event.end > 1440 + d.hour_outs_end_by
    ]


def lockdown_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """DIS-07 as figures: the latest hour-out end of the week (minutes on the night's date)
    and the most nights one inmate had the last hour-out of their pod."""
    acts = _hour_outs(schedule)
    if not acts:
        return {}
    by_pod_night: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for a in acts:
        by_pod_night[(getattr(a.event, "pod", ""), a.day.date)].append(a)
    last: dict[str, int] = defaultdict(int)
    for group in by_pod_night.values():
        latest = max(group, key=lambda a: a.start).event.inmates
        if len(group) > 1 and latest:
            last[latest[0]] += 1
    return {
        "DIS-07 latest end (min)": float(max(a.event.end for a in acts)),
        "DIS-07 most nights last in pod": float(max(last.values(), default=0)),
    }


CHECKS = [check_one_hour_each_night, check_one_out_per_pod, check_before_morning]
