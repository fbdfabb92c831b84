"""A repair's events file (REP-01..06): read and checked like any input (one line per problem,
naming the event, field and rule), then applied to the instance's inputs in memory, in the
order the events became known, and the instance derived again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from models.common import weekday_of
from models.events import KINDS, Event, EventsFile, known_order
from models.facility import Closure
from models.instance import Instance, Restriction
from models.problems import InstanceError, Problem
from models.roster import Appointment, Offence, Officer, Sanction
from models.schedule import WeekSchedule
from scheduler.loading.loader import Inputs, instance_from
from scheduler.loading.reading import read_yaml

RULE = "REP-04"
"""The rule an events file serves when a problem has no more specific one."""
REFERS = {"inmate_id": "inmate", "visitor_id": "visitor", "officer_id": "officer", "request_id": "request"}


def read_events(path: Path) -> EventsFile:
    """Read and validate an events file; raise `InstanceError` with one line per problem."""
    problems: list[Problem] = []
    data = read_yaml(path, RULE, problems)
    if problems:
        raise InstanceError(problems)
    try:
        return EventsFile.model_validate(data or {}, strict=False)
    except ValidationError as exc:
        raise InstanceError([_problem(path.name, err, data) for err in exc.errors()]) from None


def _problem(name: str, err: dict, data: object) -> Problem:
    loc = list(err["loc"])
    record = ""
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int):
        n = loc[1]
        given = data.get("events") if isinstance(data, dict) else None
        ident = given[n].get("id") if isinstance(given, list) and isinstance(given[n], dict) else None
        record = f"event {n + 1}" + (f" (id {ident})" if ident else "")
        loc = loc[2:]
        if loc and isinstance(loc[0], str) and loc[0] in KINDS:
            loc = loc[1:]
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown field"
    elif err["type"] == "missing":
        message = "required value is missing"
    return Problem(name, record, ".".join(str(p) for p in loc), message, RULE)


def check_events(
    events: EventsFile, inputs: Inputs, published: WeekSchedule, now: dt.datetime, name: str
) -> list[Problem]:
    """What the events may not say: a reference to nobody, an event before the week or after
    `now`, a pin of a booking the published week does not have, a withdrawal or lifting of
    nothing, a cancellation of a visit that already happened."""
    monday = dt.datetime.combine(inputs.monday, dt.time())
    problems = []
    if now < monday:
        problems.append(
            Problem("--now", "", "now", f"{now:%Y-%m-%d %H:%M} is before the published week", "REP-01")
        )
    known = _known(inputs)
    ids = {e.id for e in events.events}
    bookings = {e.id for _, e in published.events()}
    started = {
        e.request_id  # type: ignore[attr-defined]
        for d, e in published.events()
        if getattr(e, "request_id", None)
        and dt.datetime.combine(d.date, dt.time()) + dt.timedelta(minutes=e.start) < now
    }
    for n, e in enumerate(events.events, start=1):
        where = f"event {n} (id {e.id})"

        def bad(field: str, message: str, rule: str = RULE, where: str = where) -> None:
            problems.append(Problem(name, where, field, message, rule))

        if e.known_at < monday:
            bad(
                "known_at",
                f"{e.known_at:%Y-%m-%d %H:%M} is before the week; put it in the instance's files",
                "REP-01",
            )
        if e.known_at > now:
            bad("known_at", f"{e.known_at:%Y-%m-%d %H:%M} is after --now {now:%Y-%m-%d %H:%M}", "REP-01")
        for field, kind in REFERS.items():
            value = getattr(e, field, None)
            if value is not None and value not in known[kind]:
                bad(field, f"unknown {kind} {value!r}")
        for field in ("inmate_a", "inmate_b"):
            value = getattr(e, field, None) or getattr(getattr(e, "separation", None), field, None)
            if value is not None and value not in known["inmate"]:
                bad(field, f"unknown inmate {value!r}", "SEP-01")
        _dated(e, inputs.monday, bad)
        if e.kind == "pod_move":
            _pod_fits(e, inputs, bad)
            if e.at > now:
                bad(
                    "at",
                    f"{e.at:%Y-%m-%d %H:%M} is after --now: enter a pod move once it has happened",
                    "HOU-01",
                )
        if e.kind == "pin" and e.booking not in bookings:
            bad("booking", f"the published week has no booking {e.booking!r}", "REP-05")
        if e.kind == "withdrawn" and e.event not in ids:
            bad("event", f"no event {e.event!r} in the file to withdraw", "REP-06")
        if e.kind == "request_cancelled" and e.request_id in started:
            bad("request_id", f"the visit of {e.request_id} started before --now", "REP-01")
        if e.kind == "request" and e.request.id in known["request"]:
            bad("request.id", f"request {e.request.id!r} already exists", "VIS-13")
        if e.kind == "closure_lifted" and not _closure_known(e.closure, inputs, events):
            bad("closure", f"no closure {e.closure!r} (an earlier closure event, or facility:N)", "CAL-01")
    return problems


def _known(inputs: Inputs) -> dict[str, set[str]]:
    t = inputs.tables
    return {
        "inmate": {r.id for _, r in t["inmates.csv"]},
        "visitor": {r.id for _, r in t["visitors.csv"]},
        "officer": {r.id for _, r in t["staff.csv"]},
        "request": {r.id for _, r in t["requests.csv"]},
    }


def _dated(e: Event, monday: dt.date, bad: Callable[..., None]) -> None:
    """Dates an event gives must fall in the week (or, for a range, reach into it)."""
    sunday = monday + dt.timedelta(days=6)
    day = getattr(e, "date", None) or getattr(getattr(e, "closure", None), "date", None)
    if isinstance(day, dt.date) and not monday <= day <= sunday:
        bad("date", f"{day} is not in the week {monday} to {sunday}", "REP-01")
    at = getattr(e, "at", None)
    if isinstance(at, dt.datetime) and not monday <= at.date() <= sunday:
        bad("at", f"{at:%Y-%m-%d %H:%M} is not in the week {monday} to {sunday}", "REP-01")


def _pod_fits(e: Event, inputs: Inputs, bad: Callable[..., None]) -> None:
    """A pod move goes to a pod that exists and houses the inmate's sex and commitment."""
    pods = {u.id: u for u in inputs.facility.housing_units}
    pod = pods.get(e.pod)  # type: ignore[attr-defined]
    inmate = next((i for _, i in inputs.tables["inmates.csv"] if i.id == e.inmate_id), None)  # type: ignore[attr-defined]
    if pod is None:
        bad("pod", f"unknown pod {e.pod!r} (facility.yaml housing_units)", "HOU-01")  # type: ignore[attr-defined]
    elif inmate is not None and pod.sex != inmate.sex:
        bad("pod", f"pod {pod.id} houses sex {pod.sex}, the inmate is {inmate.sex}", "HOU-02")
    elif inmate is not None and pod.commitment != inmate.commitment:
        bad(
            "pod",
            f"pod {pod.id} houses {pod.commitment} commitments, the inmate's is {inmate.commitment}",
            "HOU-03",
        )


def _closure_known(ref: str, inputs: Inputs, events: EventsFile) -> bool:
    if ref.startswith("facility:") and ref[9:].isdigit():
        return 1 <= int(ref[9:]) <= len(inputs.facility.closures)
    return any(e.id == ref and e.kind == "closure" for e in events.events)


def effective(events: EventsFile) -> list[Event]:
    """The events that stand, in the order they became known: withdrawn ones and their
    withdrawals left out (REP-06), pins kept apart."""
    withdrawn = {e.event for e in events.events if e.kind == "withdrawn"}
    return [e for e in known_order(events.events) if e.id not in withdrawn and e.kind != "withdrawn"]


def apply_events(inputs: Inputs, events: list[Event], now: dt.datetime) -> Instance:
    """The instance as the events leave it (pins change nothing here)."""
    return instance_from(applied(inputs, events, now))


def applied(inputs: Inputs, events: list[Event], now: dt.datetime) -> Inputs:
    """The inputs as the events leave them, before the instance is derived again."""
    tables = {k: list(v) for k, v in inputs.tables.items()}
    closures = list(inputs.facility.closures)
    lifted: set[int] = set()
    restrictions: list[Restriction] = []
    departures: dict[str, dt.datetime] = {}
    row = 1_000_000
    added: dict[str, int] = {}
    for e in events:
        row += 1
        if e.kind == "closure":
            added[e.id] = len(closures)
        if e.kind == "closure_lifted":
            lifted.add(added[e.closure] if e.closure in added else int(e.closure[9:]) - 1)
        if e.kind == "release":
            departures[e.inmate_id] = e.at
            tables["appointments.csv"] += [(row, a) for a in _released(e, inputs.monday)]
        _apply(e, tables, closures, restrictions, now, row)
    closures = [c for k, c in enumerate(closures) if k not in lifted]
    facility = inputs.facility.model_copy(update={"closures": closures})
    facility = type(facility).model_validate(facility.model_dump(by_alias=True))
    return dataclasses.replace(
        inputs, facility=facility, tables=tables, restrictions=restrictions, departures=departures
    )


def _apply(
    e: Event,
    tables: dict[str, list],
    closures: list[Closure],
    restrictions: list[Restriction],
    now: dt.datetime,
    row: int,
) -> None:
    """One event's change to the inputs."""
    if e.kind == "offence":
        tables["offences.csv"].append(
            (row, Offence(id=e.id, inmate_id=e.inmate_id, date=e.date, category=e.category, rules=e.rules))
        )
    elif e.kind == "sanction":
        s = Sanction(
            id=e.id, inmate_id=e.inmate_id, privilege=e.privilege, start=e.start, end=e.end, reason=e.reason
        )
        tables["sanctions.csv"].append((row, s))
    elif e.kind == "closure":
        closures.append(_from_now(e.closure, now))
    elif e.kind == "keep_separate":
        tables["separations.csv"].append((row, e.separation))
    elif e.kind == "keep_separate_lifted":
        pair = {e.inmate_a, e.inmate_b}
        tables["separations.csv"] = [
            (n, s) for n, s in tables["separations.csv"] if {s.inmate_a, s.inmate_b} != pair
        ]
    elif e.kind == "visitor_restriction":
        restrictions.append(
            Restriction(visitor_id=e.visitor_id, start=e.start, end=e.end, reason=f"{e.reason} ({e.id})")
        )
    elif e.kind == "officer_absent":
        tables["staff.csv"] = [
            (n, _absent(o, max(e.start, now), e.end) if o.id == e.officer_id else o)
            for n, o in tables["staff.csv"]
        ]
    elif e.kind == "appointment":
        tables["appointments.csv"].append((row, e.appointment))
    elif e.kind == "appointment_cancelled":
        tables["appointments.csv"] = [
            (n, a)
            for n, a in tables["appointments.csv"]
            if (a.inmate_id, a.date, a.start) != (e.inmate_id, e.date, e.start)
        ]
    elif e.kind == "request":
        tables["requests.csv"].append((row, e.request))
    elif e.kind == "request_cancelled":
        tables["requests.csv"] = [(n, r) for n, r in tables["requests.csv"] if r.id != e.request_id]
    elif e.kind == "pod_move":
        tables["inmates.csv"] = [
            (n, i.model_copy(update={"pod": e.pod}) if i.id == e.inmate_id else i)
            for n, i in tables["inmates.csv"]
        ]


def _released(e: Event, monday: dt.date) -> list[Appointment]:
    """A release as busy time from the moment the inmate leaves to the end of the week, so
    every rule that keeps an activity clear of an appointment keeps it clear of the release
    (the verifier's too); `Instance.departures` says why."""
    at, sunday = e.at, monday + dt.timedelta(days=6)  # type: ignore[attr-defined]
    out, day = [], at.date()
    while day <= sunday:
        start = at.hour * 60 + at.minute if day == at.date() else 0
        out.append(
            Appointment(
                inmate_id=e.inmate_id,  # type: ignore[attr-defined]
                date=day,
                start=start,
                end=1440,
                kind="other",
                note=f"released ({e.id})",
            )
        )
        day += dt.timedelta(days=1)
    return out


def _from_now(closure: Closure, now: dt.datetime) -> Closure:
    """A closure as it applies from `now` on: the part of it already past is history (REP-01)."""
    if closure.date != now.date():
        return closure
    minute = now.hour * 60 + now.minute
    start, end = (closure.start, closure.end) if closure.start is not None else (0, 1440)
    if end <= minute:
        return closure
    return closure.model_copy(update={"start": max(start, minute), "end": end})


def _absent(officer: Officer, start: dt.datetime, end: dt.datetime) -> Officer:
    """The officer without the hours of an absence (from `now` on: hours before it were
    worked as published, REP-01): a shift it covers is dropped, one it cuts keeps its part
    before the absence, else its part after."""
    changes = {}
    for k in range(-1, (end.date() - start.date()).days + 1):
        day = start.date() + dt.timedelta(days=k)
        code = weekday_of(day)
        shift = getattr(officer, code)
        if shift is None:
            continue
        t = dt.datetime.combine(day, dt.time())
        a = t + dt.timedelta(minutes=shift[0])
        b = t + dt.timedelta(minutes=shift[1] + (1440 if shift[1] <= shift[0] else 0))
        if end <= a or b <= start:
            continue
        if a < start:
            changes[code] = (shift[0], _clock(start - t))
        elif end < b:
            changes[code] = (_clock(end - t), shift[1])
        else:
            changes[code] = None
    return officer.model_copy(update=changes)


def _clock(delta: dt.timedelta) -> int:
    """Minutes of a day from a span since its midnight (past midnight wraps, as shifts write it)."""
    return int(delta.total_seconds() // 60) % 1440


def unchanged(changed: Inputs, inputs: Inputs) -> bool:
    """Whether events left the inputs as they were (none, or each undone: REP-06)."""
    return (
        not changed.restrictions
        and not changed.departures
        and changed.facility == inputs.facility
        and all([r for _, r in changed.tables[k]] == [r for _, r in v] for k, v in inputs.tables.items())
    )
