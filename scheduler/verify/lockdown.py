"""DIS-03..07: lockdown hour-outs, from the schedule's hour-out events and the instance.

The checks run when the schedule holds the lockdown sub-problem (a lockdown solver run or
an hour-out event); a schedule solved `--only visitation` makes no claim about hour-outs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import Placed, Violation, clashes, placed_activities


def _hour_outs(schedule: WeekSchedule) -> list[Placed]:
    return [a for a in placed_activities(schedule) if a.kind == "hour_out"]


def _covers(schedule: WeekSchedule) -> bool:
    return bool(_hour_outs(schedule)) or any(r.subproblem.startswith("lockdown") for r in schedule.solver)


def check_one_hour_each_night(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-03: exactly one hour out per lockdown inmate per lockdown night, of the set
    length, from lights out, alone, in the inmate's own pod's dayroom; none for others."""
    if not _covers(schedule):
        return []
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
    for iid, nights in sorted(instance.lockdown_nights.items()):
        for date in sorted(n for n in nights if n in instance.dates):
            count = len(seen.get((iid, date), []))
            if count != 1:
                out.append(
                    Violation(
                        rule="DIS-03",
                        date=date,
                        message=f"inmate {iid} on lockdown has {count} hour-outs on the night of {date}",
                        events=seen.get((iid, date), []),
                    )
                )
    for (iid, date), ids in sorted(seen.items()):
        if date not in instance.lockdown_nights.get(iid, frozenset()):
            out.append(
                Violation(
                    rule="DIS-03",
                    date=date,
                    message=f"inmate {iid} is not on lockdown that night",
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


def _on_shift(instance: Instance, officer_id: str, day: dt.date, start: int, end: int) -> bool:
    officer = instance.officers.get(officer_id)
    if officer is None:
        return False
    for offset, date in ((0, day), (1440, day + dt.timedelta(days=1)), (-1440, day - dt.timedelta(days=1))):
        shift = officer.shift(weekday_of(date))
        if shift is not None and shift[0] + offset <= start and end <= shift[1] + offset:
            return True
    return False


def check_officers(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """DIS-06 (with STF-02, STF-03): each hour-out has an officer on shift, no officer in
    two at once, and never one with a declared relationship with the inmate."""
    barred = {
        (r.officer_id, r.inmate_id)
        for r in instance.staff_relationships
        if r.inmate_id is not None and r.kind != "contact"
    }
    acts = _hour_outs(schedule)
    out = []
    for a in acts:
        e = a.event
        if e.officer is None or not _on_shift(instance, e.officer, a.day.date, e.start, e.end):
            out.append(
                Violation(
                    rule="DIS-06",
                    date=a.day.date,
                    message=f"hour-out {e.id} has no night officer on shift ({e.officer})",
                    events=[e.id],
                )
            )
        for iid in e.inmates:
            if (e.officer, iid) in barred:
                out.append(
                    Violation(
                        rule="STF-03",
                        date=a.day.date,
                        message=f"officer {e.officer} has a declared relationship with {iid}",
                        events=[e.id],
                    )
                )
    by_officer: dict[str, list[Placed]] = defaultdict(list)
    for a in acts:
        if a.event.officer:
            by_officer[a.event.officer].append(a)
    return out + clashes("DIS-06", by_officer, "officer")


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
        if len(group) > 1:
            last[max(group, key=lambda a: a.start).event.inmates[0]] += 1
    return {
        "DIS-07 latest end (min)": float(max(a.event.end for a in acts)),
        "DIS-07 most nights last in pod": float(max(last.values(), default=0)),
    }


CHECKS = [check_one_hour_each_night, check_one_out_per_pod, check_before_morning, check_officers]
