"""Every id a schedule names is one the instance knows: inmates, housing units, officers,
visitors, requests and visitation windows, in events, listings and reports alike.

A schedule that passes the schema can still name anything; the verifier reports an unknown
id as a violation naming it, never as a KeyError. The ids other families already look up
are reported there: inmates of activities (HOU-01, verify/housing.py), officers of supervised
sessions (STF-02, verify/staff.py), visitors and requests of visits and the waitlist (VTR-01,
VIS-04, VIS-13, verify/visits.py), recreation areas (REC-02), machines (LAU-02).
"""

from __future__ import annotations

import datetime as dt

from models.instance import Instance
from models.schedule import SUPERVISED, RoutineEvent, WeekSchedule
from scheduler.verify.core import Violation


def _unknown(
    rule: str, what: str, ident: str, where: str, day: dt.date | None = None, event: str = ""
) -> Violation:
    """One violation naming the unknown id, where it was found and the event it is on."""
    return Violation(
        rule=rule,
        date=day,
        message=f"{where} names unknown {what} {ident!r}",
        events=[event] if event else [],
    )


def _pods(instance: Instance) -> set[str]:
    return {u.id for u in instance.facility.housing_units}


def check_routine_events(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """HOU-01: a routine event names only known inmates and housing units (routine events are
    not activities, so housing.check_known_inmates does not read them)."""
    pods, out = _pods(instance), []
    for day, e in schedule.events():
        if not isinstance(e, RoutineEvent):
            continue
        where = f"{e.kind} {e.id}"
        out += [
            _unknown("HOU-01", "inmate", i, where, day.date, e.id)
            for i in e.inmates
            if i not in instance.inmates
        ]
        out += [_unknown("HOU-01", "housing unit", p, where, day.date, e.id) for p in e.pods if p not in pods]
    return out


def check_event_pods(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """HOU-01: the pod a session is for (recreation, razor batch, laundry load, hour-out) exists."""
    pods = _pods(instance)
    return [
        _unknown("HOU-01", "housing unit", pod, f"{getattr(e, 'kind', '')} {e.id}", day.date, e.id)
        for day, e in schedule.events()
        if (pod := getattr(e, "pod", None)) is not None and pod not in pods
    ]


def check_other_officers(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-02: an officer named on an event that needs none (a visit, a load, an appointment,
    a routine event) still exists; supervised sessions are staff.check_shifts'."""
    return [
        _unknown("STF-02", "officer", e.officer, f"{getattr(e, 'kind', '')} {e.id}", day.date, e.id)
        for day, e in schedule.events()
        if e.officer and getattr(e, "kind", "") not in SUPERVISED and e.officer not in instance.officers
    ]


def check_listings(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: exclusions and unmet entries name known inmates, so nobody is listed for
    someone else; VTR-04: a compliance notice is about a known visitor or officer (other
    notices' subjects are free text)."""
    out = [
        _unknown("UNM-01", "inmate", x.inmate_id, f"{x.activity} exclusion", x.date)
        for x in schedule.exclusions
        if x.inmate_id not in instance.inmates
    ]
    out += [
        _unknown("UNM-01", "inmate", i, f"unmet {u.kind} {u.subject}", u.date)
        for u in schedule.unmet
        for i in u.inmates
        if i not in instance.inmates
    ]
    out += [
        _unknown("VTR-04", "visitor or officer", n.subject, f"{n.rule} notice")
        for n in schedule.notices
        if n.rule == "VTR-04" and n.subject not in instance.visitors and n.subject not in instance.officers
    ]
    return out


def check_reports(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """VIS-01/VIS-13: the visit grids and window reports name windows of the facility and
    known requests; HOU-01: the recreation rotation names known pods."""
    windows = {w.describe() for w in instance.facility.visitation.windows}
    out = []
    for g in schedule.visit_grids:
        if g.window not in windows:
            out.append(_unknown("VIS-01", "window", g.window, "visit grid", g.date))
        ids = {r for row in g.booths for r in row if r is not None and r not in instance.requests}
        out += [_unknown("VIS-13", "request", r, f"visit grid of {g.window}", g.date) for r in sorted(ids)]
    for r in schedule.windows:
        if r.window not in windows:
            out.append(_unknown("VIS-01", "window", r.window, "window report", r.date))
        if r.first_left_out is not None and r.first_left_out not in instance.requests:
            out.append(
                _unknown("VIS-13", "request", r.first_left_out, f"window report of {r.window}", r.date)
            )
    pods = _pods(instance)
    out += [
        _unknown("HOU-01", "housing unit", row.pod, "recreation rotation")
        for row in schedule.rotation
        if row.pod not in pods
    ]
    return out


CHECKS = [check_routine_events, check_event_pods, check_other_officers, check_listings, check_reports]
