"""Events from two exports (`jailsched repair --since`): a jail that exports its roster,
offences and requests every day does not type events; the differences between the instance
the week was published from and today's export are the events, each known at `now`.

What a difference means: an inmate gone is a release; another pod, a pod move; a new
offence or sanction, one; a separation added or removed, keep-separate or lifted; a
request or appointment added or removed, added or cancelled; an officer's shift gone or
shortened on a day not yet over, an absence; a closure added or removed in facility.yaml,
a closure or a lifting. Differences no event kind carries (an inmate booked in, a new
visitor, a changed setting, a shift added) are returned as notes, one line each, so the
administrator sees what the repair leaves for next week's solve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import yaml

from models.common import format_clock, weekday_of
from models.events import EventsFile
from scheduler.loading.loader import Inputs

_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:00$")
CARRIED = {
    "inmates.csv",
    "offences.csv",
    "sanctions.csv",
    "separations.csv",
    "requests.csv",
    "appointments.csv",
    "staff.csv",
}
"""The files whose differences become events; any other file that differs is a note."""


def derive_events(before: Inputs, after: Inputs, now: dt.datetime) -> tuple[EventsFile, list[str]]:
    """The events that take `before` to `after` (known at `now`), and the differences no
    event carries."""
    found: list[dict[str, Any]] = []
    notes: list[str] = []
    for step in (_inmates, _records, _separations, _appointments, _staff, _closures):
        for kind, fields in step(before, after, now, notes):
            n = sum(e["kind"] == kind for e in found) + 1
            found.append({"id": f"since-{kind}-{n}", "kind": kind, "known_at": now, **fields})
    for name in sorted(set(before.tables) - CARRIED):
        if _rows(before, name) != _rows(after, name):
            notes.append(f"{name} differs: not an event kind; it takes effect when the next week is solved")
    if _settings(before) != _settings(after):
        notes.append("facility.yaml settings differ (other than closures): they take effect next week")
    return EventsFile.model_validate({"events": found}), notes


Found = Iterator[tuple[str, dict[str, Any]]]


def _rows(inputs: Inputs, name: str) -> list[Any]:
    return [r.model_dump() for _, r in inputs.tables[name]]


def _inmates(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    old = {i.id: i for _, i in before.tables["inmates.csv"]}
    new = {i.id: i for _, i in after.tables["inmates.csv"]}
    at = now.strftime("%Y-%m-%d %H:%M")
    for iid in sorted(old):
        if iid not in new:
            yield "release", {"inmate_id": iid, "at": at}
        elif new[iid].pod != old[iid].pod:
            yield "pod_move", {"inmate_id": iid, "pod": new[iid].pod, "at": at}
    for iid in sorted(set(new) - set(old)):
        notes.append(f"inmates.csv: {iid} booked in: not an event kind; scheduled from next week")


def _records(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    """New offences and sanctions (by id); requests added or removed (by id)."""
    for name, kind in (("offences.csv", "offence"), ("sanctions.csv", "sanction")):
        old = {r.id for _, r in before.tables[name]}
        for _, r in after.tables[name]:
            if r.id not in old:
                yield kind, r.model_dump(mode="json", exclude_defaults=False)
    old_req = {r.id: r for _, r in before.tables["requests.csv"]}
    new_req = {r.id: r for _, r in after.tables["requests.csv"]}
    for rid in sorted(set(new_req) - set(old_req)):
        yield "request", {"request": new_req[rid].model_dump(mode="json")}
    for rid in sorted(set(old_req) - set(new_req)):
        yield "request_cancelled", {"request_id": rid}


def _separations(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    def pairs(inputs: Inputs) -> dict[frozenset[str], Any]:
        return {frozenset((s.inmate_a, s.inmate_b)): s for _, s in inputs.tables["separations.csv"]}

    old, new = pairs(before), pairs(after)
    for key in sorted(set(new) - set(old), key=sorted):
        yield "keep_separate", {"separation": new[key].model_dump(mode="json")}
    for key in sorted(set(old) - set(new), key=sorted):
        s = old[key]
        yield "keep_separate_lifted", {"inmate_a": s.inmate_a, "inmate_b": s.inmate_b}


def _appointments(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    def keyed(inputs: Inputs) -> dict[tuple[str, dt.date, int], Any]:
        return {(a.inmate_id, a.date, a.start): a for _, a in inputs.tables["appointments.csv"]}

    old, new = keyed(before), keyed(after)
    for key in sorted(set(new) - set(old)):
        yield "appointment", {"appointment": new[key].model_dump(mode="json")}
    for key in sorted(set(old) - set(new)):
        yield (
            "appointment_cancelled",
            {"inmate_id": key[0], "date": str(key[1]), "start": format_clock(key[2])},
        )


def _staff(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    """A shift gone or shortened on a day whose shift has not ended: the officer absent for
    the hours lost."""
    new = {o.id: o for _, o in after.tables["staff.csv"]}
    for _, o in before.tables["staff.csv"]:
        for k in range(7):
            day = before.monday + dt.timedelta(days=k)
            code = weekday_of(day)
            was, now_shift = getattr(o, code), getattr(new[o.id], code) if o.id in new else None
            if was is None or was == now_shift:
                continue
            lost = _lost(day, was, now_shift)
            if lost is None:
                notes.append(
                    f"staff.csv: {o.id} {code} shift {was} -> {now_shift}: longer hours are not an event"
                )
            elif lost[1] > now:
                yield (
                    "officer_absent",
                    {
                        "officer_id": o.id,
                        "start": lost[0].strftime("%Y-%m-%d %H:%M"),
                        "end": lost[1].strftime("%Y-%m-%d %H:%M"),
                    },
                )


def _lost(
    day: dt.date, was: tuple[int, int], now: tuple[int, int] | None
) -> tuple[dt.datetime, dt.datetime] | None:
    """The span of a shift lost (the whole shift, or the part a shorter shift drops at one
    end); None when the new shift is not inside the old one."""
    t = dt.datetime.combine(day, dt.time())

    def span(shift: tuple[int, int]) -> tuple[dt.datetime, dt.datetime]:
        """A shift's start and end (an end at or before the start is the next day's)."""
        return t + dt.timedelta(minutes=shift[0]), t + dt.timedelta(
            minutes=shift[1] + (1440 if shift[1] <= shift[0] else 0)
        )

    a, b = span(was)
    if now is None:
        return a, b
    c, d = span(now)
    if c == a and a < d < b:
        return d, b
    if d == b and a < c < b:
        return a, c
    return None


def _closures(before: Inputs, after: Inputs, now: dt.datetime, notes: list[str]) -> Found:
    old = [c.model_dump(mode="json") for c in before.facility.closures]
    new = [c.model_dump(mode="json") for c in after.facility.closures]
    for c in new:
        if c not in old:
            yield "closure", {"closure": {k: v for k, v in c.items() if v is not None}}
    for n, c in enumerate(old, start=1):
        if c not in new:
            yield "closure_lifted", {"closure": f"facility:{n}"}


def _settings(inputs: Inputs) -> dict[str, Any]:
    return inputs.facility.model_dump(exclude={"closures"})


def events_yaml(events: EventsFile) -> str:
    """The derived events as an events file the administrator can read, edit and give back
    with --events."""
    data = events.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    for e in data["events"]:
        for key in ("known_at", "at", "start", "end"):
            if isinstance(e.get(key), str) and _ISO.match(e[key]):
                e[key] = e[key][:16].replace("T", " ")
    head = "# Events derived by `jailsched repair --since` from two exports; edit and repair with --events.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
