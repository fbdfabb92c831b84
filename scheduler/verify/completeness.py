"""UNM-01: demand is never silently dropped. For each sub-problem in the schedule's `scope`,
every piece of demand of the week is met by an event or listed (waitlist, exclusions, unmet).

- visitation: every request is served by exactly one visit or waitlisted once, not both;
- recreation: every inmate eligible on a recreation day (not on lockdown or suspended, not
  listed as excluded that day) has a session that day or is named in an unmet recreation entry;
- lockdown: every lockdown night of the week has an hour-out of the inmate or an unmet hour_out
  entry naming the inmate and the night;
- razors: every sign-up is issued a razor on its issue day, excluded, or listed as unmet;
- laundry: every load due is a load event or an unmet laundry_load entry (its subject is the
  id the load would have: "laundry:{date}:{pod}:{category}:{n}").

A schedule whose scope is not the full week (`ALL_SUBPROBLEMS`) is itself a UNM-01 violation
unless the caller asks for a partial check (`verify(..., partial=True)`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from models.common import weekday_of
from models.instance import Instance
from models.schedule import ALL_SUBPROBLEMS, Unmet, WeekSchedule
from scheduler.verify.core import Violation, placed_activities, placed_of, solved
from scheduler.verify.laundry import due_loads, load_key
from scheduler.verify.razors import signed_up
from scheduler.verify.recreation import excused


def _names(u: Unmet, inmate_id: str) -> bool:
    """Whether an unmet entry names an inmate: in its inmates, or as its subject (or a part of it)."""
    subjects = u.each_subject()
    return inmate_id in u.inmates or any(s == inmate_id or inmate_id in s.split(":") for s in subjects)


def listed_unmet(schedule: WeekSchedule, kind: str, inmate_id: str, day: dt.date) -> bool:
    """Whether an unmet entry of this kind and date names the inmate (UNM-01)."""
    return any(u.kind == kind and u.date == day and _names(u, inmate_id) for u in schedule.unmet)


def _excluded(schedule: WeekSchedule, activity: str, inmate_id: str, day: dt.date) -> bool:
    return any(
        x.activity == activity and x.inmate_id == inmate_id and x.date in (day, None)
        for x in schedule.exclusions
    )


def _attended(schedule: WeekSchedule, kind: str) -> set[tuple[str, dt.date]]:
    return {(i, a.day.date) for a in placed_activities(schedule) if a.kind == kind for i in a.event.inmates}


def scope_violations(schedule: WeekSchedule) -> list[Violation]:
    """UNM-01: the schedule covers the whole week's sub-problems."""
    missing = [s for s in ALL_SUBPROBLEMS if s not in schedule.scope]
    if not missing:
        return []
    covered = ", ".join(schedule.scope) or "nothing"
    return [
        Violation(
            rule="UNM-01",
            message=f"schedule covers only {covered}; missing {', '.join(missing)} "
            "(a schedule of some sub-problems only is checked with `jailsched verify --partial`)",
        )
    ]


def check_requests(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01 (VIS-13): each request is served by exactly one visit or waitlisted once."""
    if not solved(schedule, "visitation"):
        return []
    served: dict[str, list[str]] = defaultdict(list)
    for a in placed_activities(schedule):
        rid = getattr(a.event, "request_id", None)
        if rid is not None:
            served[rid].append(a.event.id)
    listed = Counter(u.request_id for u in schedule.waitlist)
    out = []
    for rid in sorted(instance.requests):
        n, w = len(served.get(rid, [])), listed[rid]
        if n + w != 1:
            problem = (
                "neither served nor waitlisted" if n + w == 0 else f"served {n} and waitlisted {w} times"
            )
            out.append(
                Violation(rule="UNM-01", message=f"request {rid} {problem}", events=served.get(rid, []))
            )
    return out


def check_recreation(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01 (REC-01): every eligible inmate has a session on each recreation day, or is
    named in an unmet recreation entry of that date."""
    if not solved(schedule, "recreation"):
        return []
    had = _attended(schedule, "recreation")
    out = []
    for day in instance.dates:
        if weekday_of(day) not in instance.facility.recreation.days:
            continue
        for iid in sorted(instance.inmates):
            if (
                (iid, day) in had
                or excused(instance, iid, day)
                or _excluded(schedule, "recreation", iid, day)
                or listed_unmet(schedule, "recreation", iid, day)
            ):
                continue
            out.append(
                Violation(
                    rule="UNM-01",
                    date=day,
                    message=f"inmate {iid} has no recreation hour (REC-01) and is not listed as unmet",
                )
            )
    return out


def check_hour_outs(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01 (DIS-03): every lockdown night of the week has the inmate's hour-out, or an
    unmet hour_out entry naming the inmate and the night."""
    if not solved(schedule, "lockdown"):
        return []
    had = _attended(schedule, "hour_out")
    week = set(instance.dates)
    return [
        Violation(
            rule="UNM-01",
            date=night,
            message=f"inmate {iid} on lockdown has no hour-out (DIS-03) on the night of {night} "
            "and is not listed as unmet",
        )
        for iid, nights in sorted(instance.lockdown_nights.items())
        for night in sorted(nights)
        if night in week and (iid, night) not in had and not listed_unmet(schedule, "hour_out", iid, night)
    ]


def check_razors(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01 (RAZ-02): every sign-up of the week is issued a razor on its issue day, listed
    as excluded, or listed as unmet."""
    if not solved(schedule, "razors"):
        return []
    issued = _attended(schedule, "razor_batch")
    week = set(instance.dates)
    return [
        Violation(
            rule="UNM-01",
            date=day,
            message=f"razor sign-up of {iid} for {day} is neither issued (RAZ-02), excluded "
            "nor listed as unmet",
        )
        for (iid, day), _ in sorted(signed_up(instance).items(), key=lambda kv: (kv[0][1], kv[1], kv[0][0]))
        if day in week
        and (iid, day) not in issued
        and not _excluded(schedule, "razor", iid, day)
        and not listed_unmet(schedule, "razor", iid, day)
    ]


def _unmet_load_key(u: Unmet, subject: str) -> tuple[dt.date, str, str] | None:
    """The (date, pod, category) of an unmet load from its subject "laundry:{date}:{pod}:{category}:{n}"."""
    parts = subject.split(":")
    if len(parts) < 5 or parts[0] != "laundry" or u.date is None or parts[1] != str(u.date):
        return None
    return (u.date, parts[2], ":".join(parts[3:-1]))


def check_loads(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01 (LAU-02/LAU-04): every load due is scheduled or listed as an unmet load, never
    both; an unmet load names the load it stands for."""
    if not solved(schedule, "laundry"):
        return []
    loads = placed_of(schedule, "laundry_load")
    scheduled = Counter(load_key(a) for a in loads)
    ids = {a.event.id for a in loads}
    unmet: Counter[tuple[dt.date, str, str]] = Counter()
    out = []
    listed = [(u, s) for u in schedule.unmet if u.kind == "laundry_load" for s in u.each_subject()]
    for u, subject in listed:
        key = _unmet_load_key(u, subject)
        if key is None:
            out.append(
                Violation(
                    rule="UNM-01",
                    date=u.date,
                    message=f"unmet laundry load {subject!r} names no load (laundry:date:pod:category:n)",
                )
            )
        elif subject in ids:
            out.append(
                Violation(
                    rule="UNM-01",
                    date=u.date,
                    message=f"load {subject} is both scheduled and listed as unmet",
                    events=[subject],
                )
            )
        else:
            unmet[key] += 1
    due = due_loads(instance)
    for key in sorted(set(due) | set(unmet)):
        n, m = scheduled[key], unmet[key]
        if n <= due[key] and n + m != due[key]:  # more scheduled than due is LAU-02's check
            out.append(
                Violation(
                    rule="UNM-01",
                    date=key[0],
                    message=f"pod {key[1]} {key[2]}: {due[key]} load(s) due, {n} scheduled and "
                    f"{m} listed as unmet",
                )
            )
    return out


CHECKS = [check_requests, check_recreation, check_hour_outs, check_razors, check_loads]
