"""Mid-week repair (REP-01..06): the published week kept, the events applied, the rest of the
week solved again by the same pipeline with the changes counted first, and the change list
and notices written beside it.

`repair_week` is the one entry; the command line owns the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from models.events import Event, EventsFile, minute_of
from models.instance import Instance
from models.schedule import Carry, Repair, WeekSchedule
from scheduler.engine.baseline import Baseline
from scheduler.engine.solving import SolveSettings
from scheduler.loading.events import applied, effective, unchanged
from scheduler.loading.loader import Inputs, instance_from
from scheduler.repair.changes import change_list, notices
from scheduler.repair.review import review_of
from scheduler.week import Progress, build_week


def repair_week(
    inputs: Inputs,
    published_text: str,
    events: EventsFile,
    now: dt.datetime,
    notice_hours: float,
    settings: SolveSettings,
    progress: Progress | None = None,
) -> tuple[WeekSchedule | None, Instance]:
    """The repaired week (None when the events leave the instance as published and pin
    nothing: REP-06, the published week stands, byte for byte) and the instance the events
    leave, which the reports read."""
    published = WeekSchedule.model_validate_json(published_text)
    standing = effective(events)
    changed = applied(inputs, standing, now)
    instance = instance_from(changed)
    pins = {e.booking: e.reason for e in standing if e.kind == "pin"}
    if not pins and unchanged(changed, inputs):
        return None, instance
    baseline = Baseline(
        published, minute_of(inputs.monday, now), round(notice_hours * 60), pins, _named(standing)
    )
    week = build_week(instance, settings, progress=progress, baseline=baseline, previous=_before(published))
    changes = change_list(published, week, standing)
    week.repair = Repair(
        baseline=hashlib.sha256(published_text.encode()).hexdigest(),
        now=now,
        notice_hours=notice_hours,
        events=[e.id for e in standing],
        changes=changes,
        notices=notices(changes, published, week),
        review=review_of(published, week, [e for e in standing if e.kind == "pin"]),
    )
    return week, instance


def _before(published: WeekSchedule) -> Carry | None:
    """What the published week had carried in, as far as its own carry tells (CON-02): the
    fairness counts of the weeks before it. Its recreation is kept as published, so last
    week's last starts are not needed; hour-out counts are this week's and left out."""
    c = published.carry
    if c is None:
        return None
    groups = [g.model_copy(update={"daylight": g.daylight[:-1], "late": g.late[:-1]}) for g in c.recreation]
    return c.model_copy(update={"recreation": [g for g in groups if g.daylight], "hour_outs": []})


NAMING = {
    "offence",
    "sanction",
    "release",
    "pod_move",
    "keep_separate",
    "keep_separate_lifted",
    "appointment",
    "appointment_cancelled",
}
"""Event kinds that can take an inmate out of a kept session; the others cannot (visits keep
clear of the kept sessions, a closure moves a session whole, an absence changes officers)."""
CANNOT = {
    "closure",
    "closure_lifted",
    "visitor_restriction",
    "officer_absent",
    "request",
    "request_cancelled",
    "pin",
}


def _named(events: list[Event]) -> frozenset[str] | None:
    """The inmates the events name, or None when an event of another kind might touch any."""
    out: set[str] = set()
    for e in events:
        if e.kind in CANNOT:
            continue
        if e.kind not in NAMING:
            return None
        sep, apt = getattr(e, "separation", None), getattr(e, "appointment", None)
        names = [getattr(e, field, None) for field in ("inmate_id", "inmate_a", "inmate_b")]
        names += [sep.inmate_a, sep.inmate_b] if sep is not None else []
        names += [apt.inmate_id] if apt is not None else []
        out |= {who for who in names if who}
    return frozenset(out)
