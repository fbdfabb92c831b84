"""Changes to the week's data rather than its settings: `--add-officer` appends invented officers
to staff.csv, `--closure` appends closures (CAL-01) to facility.yaml.

Only the form of a value is judged here (one line naming the option); what it means is left to
the loader, which judges the changed files exactly as it judges any instance folder, so an
added officer or closure obeys every load-time rule a real one does."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from pydantic import TypeAdapter, ValidationError

from models.common import WEEKDAYS
from models.roster import Shift
from scheduler.whatif.paths import Change, SettingError

ADD_OFFICER = "--add-officer"
REMOVE_OFFICER = "--remove-officer"
CLOSURE = "--closure"
DAYS = WEEKDAYS
OFFICER_ID = "WHATIF"
"""Added officers are WHATIF1, WHATIF2... in the order given, named "What-if Officer 1"..."""
REASON = "what-if closure"
"""The reason every closure a what-if adds gives, as the schedule lists it beside what it displaces."""

SHIFT: TypeAdapter[Any] = TypeAdapter(Shift)
"""staff.csv's own shift check, so a shift it would refuse is one line, not one per weekday."""
_SPAN = re.compile(r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$")
_MACHINE = re.compile(r"^[WD]\d+$")
RESOURCES = ("visitation_room", "booths", "legal_room", "recreation_area", "laundry_machine", "razor_issue")
COUNTED = ("booths", "legal_room")
NAMED = ("recreation_area", "laundry_machine")


def officer_change(text: str) -> Change:
    """One `--add-officer [DAYS=]HH:MM-HH:MM`, its form checked now so a typo stops the run."""
    officer_shifts(text)
    return Change(ADD_OFFICER, "staff.csv", text.strip())


def officer_shifts(text: str) -> dict[str, str]:
    """`mon-fri=23:00-07:00` as {"mon": "23:00-07:00", ...}; no days: every day of the week.
    Days are names (sat), ranges (mon-fri, fri-mon wraps) or several joined by commas."""
    days_text, sep, span = text.strip().rpartition("=")
    if not _SPAN.match(span.strip()):
        raise SettingError(f"{ADD_OFFICER} {text}: expected [DAYS=]HH:MM-HH:MM, like mon-fri=23:00-07:00")
    try:
        SHIFT.validate_python(span.strip())
    except ValidationError as exc:
        reason = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise SettingError(f"{ADD_OFFICER} {text}: {reason} (STF-02)") from None
    days = _days(days_text, text) if sep else list(DAYS)
    return {day: span.strip() for day in days}


def _days(text: str, given: str, option: str = ADD_OFFICER) -> list[str]:
    out: list[str] = []
    for part in (p.strip().lower() for p in text.split(",")):
        first, dash, last = part.partition("-")
        if first not in DAYS or (dash and last not in DAYS):
            raise SettingError(
                f"{option} {given}: {part!r} is not a day or range of days like mon, sat,sun or mon-fri"
            )
        a, b = DAYS.index(first), DAYS.index(last) if dash else DAYS.index(first)
        out += [DAYS[(a + i) % 7] for i in range((b - a) % 7 + 1)]
    return [d for d in DAYS if d in out]


def add_officers(staff: bytes, changes: list[Change]) -> bytes:
    """staff.csv with one officer per change appended, in the file's own columns and line ends."""
    text = staff.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    ending = "\r\n" if "\r\n" in text else "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=ending, extrasaction="ignore")
    for n, change in enumerate(changes, 1):
        row = {"id": f"{OFFICER_ID}{n}", "first_name": "What-if", "last_name": f"Officer {n}"}
        row |= {"role": "officer", "employer": "justice_services", **officer_shifts(change.text)}
        writer.writerow(row)
    lead = "" if not text or text.endswith(("\n", "\r")) else ending
    return staff + (lead + buffer.getvalue()).encode()


def removal_change(text: str) -> Change:
    """One `--remove-officer ID[,DAYS]`, its form checked now so a typo stops the run."""
    removal(text)
    return Change(REMOVE_OFFICER, "staff.csv", text.strip())


def removal(text: str) -> tuple[str, list[str]]:
    """`O3,sat,sun` as ("O3", ["sat", "sun"]); no days: every day of the week."""
    officer, sep, days = text.strip().partition(",")
    if not officer.strip() or (sep and not days.strip()):
        raise SettingError(f"{REMOVE_OFFICER} {text}: expected ID[,DAYS], like O3 or O3,sat,sun")
    return officer.strip(), _days(days, text, REMOVE_OFFICER) if sep else list(DAYS)


def unknown_officers(changes: list[Change], officers: set[str]) -> list[str]:
    """One line per `--remove-officer` naming an officer the facility does not have."""
    return [
        f"{REMOVE_OFFICER} {c.text}: no officer {removal(c.text)[0]!r} in staff.csv"
        for c in changes
        if c.option == REMOVE_OFFICER and removal(c.text)[0] not in officers
    ]


def remove_officers(staff: bytes, changes: list[Change]) -> bytes:
    """staff.csv with each named officer's shifts emptied on the days given (off duty then);
    the row stays, so declared relationships still name a known officer."""
    text = staff.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), [])
    names = {h.strip(): h for h in header}  # the loader strips padded headers; so does this
    rows = list(csv.DictReader(io.StringIO(text)))
    off: dict[str, set[str]] = {}
    for change in changes:
        officer, days = removal(change.text)
        off.setdefault(officer, set()).update(names[d] for d in days if d in names)
    ending = "\r\n" if "\r\n" in text else "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=ending, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        officer = (row.get(names.get("id", "id")) or "").strip()
        gone = off.get(officer, set())
        writer.writerow(row | _cut_nights(row, gone, names) | dict.fromkeys(gone, ""))
    return buffer.getvalue().encode()


def _cut_nights(row: dict[str, str], gone: set[str], names: dict[str, str]) -> dict[str, str]:
    """An overnight shift the day before a day off ends at midnight: the officer is off duty
    for the whole of that day ("23:00-07:00" on Saturday becomes "23:00-00:00" when Sunday is off)."""
    out = {}
    for k, day in enumerate(DAYS):
        column, before = names.get(day), names.get(DAYS[k - 1])
        if column not in gone or before is None or before in gone:
            continue
        start, dash, end = (row.get(before) or "").strip().partition("-")
        a, b = _minute(start), _minute(end)
        if dash and a is not None and b is not None and a > 0 and b <= a:
            out[before] = f"{start.strip()}-00:00"
    return out


def _minute(clock: str) -> int | None:
    """ "HH:MM" as minutes after midnight, None when it is not one."""
    hours, colon, minutes = clock.strip().partition(":")
    return int(hours) * 60 + int(minutes) if colon and hours.isdigit() and minutes.isdigit() else None


def closure_change(text: str) -> Change:
    """One `--closure WHAT,DATE[,HH:MM-HH:MM]`, its form checked now so a typo stops the run."""
    closure(text)
    return Change(CLOSURE, "closures", text.strip())


def closure(text: str) -> dict[str, Any]:
    """The closure as facility.yaml writes it. WHAT is a resource of CAL-01, with `:N` for how many
    booths or legal rooms, `:ID` for the recreation area or laundry machine; a machine alone (W1,
    D2) is that machine. No times: the whole day."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (2, 3) or not all(parts):
        raise SettingError(f"{CLOSURE} {text}: expected WHAT,DATE[,HH:MM-HH:MM], like W1,2026-11-26")
    out: dict[str, Any] = {**_what(parts[0], text), "date": parts[1]}
    if len(parts) == 3:
        if not _SPAN.match(parts[2]):
            raise SettingError(f"{CLOSURE} {text}: {parts[2]!r} is not a time span like 08:00-11:00")
        out["start"], out["end"] = parts[2].split("-")
    return {**out, "reason": REASON}


def _what(text: str, given: str) -> dict[str, Any]:
    if _MACHINE.match(text):
        return {"resource": "laundry_machine", "id": text}
    resource, colon, key = (s.strip() for s in text.partition(":"))
    if resource not in RESOURCES:
        raise SettingError(
            f"{CLOSURE} {given}: {resource!r} is not a washer or dryer (W1, D1) "
            f"or one of {', '.join(RESOURCES)}"
        )
    if resource in NAMED:
        if not key:
            raise SettingError(f"{CLOSURE} {given}: name the {resource.split('_')[-1]}, like {resource}:ID")
        return {"resource": resource, "id": key}
    if resource in COUNTED and colon:
        if not key.isdigit():
            raise SettingError(f"{CLOSURE} {given}: {key!r} is not a count; write {resource}:2 for two")
        return {"resource": resource, "count": int(key)}
    if colon:
        raise SettingError(f"{CLOSURE} {given}: {resource} takes no :{key}")
    return {"resource": resource}


def add_closures(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """facility.yaml's data with the closures appended after those the file gives."""
    given = data.get("closures")
    closures = list(given) if isinstance(given, list) else []
    return {**data, "closures": closures + [closure(c.text) for c in changes]}


def outside_week(changes: list[Change], monday: dt.date) -> list[str]:
    """Closures dated outside the week: loaded without complaint, they would change nothing."""
    week = {monday + dt.timedelta(days=i) for i in range(7)}
    lines = []
    for c in changes:
        try:
            date = dt.date.fromisoformat(str(closure(c.text)["date"]))
        except ValueError:
            continue  # not a date: the loader's line says so
        if date not in week:
            last = monday + dt.timedelta(days=6)
            lines.append(f"{CLOSURE} {c.text}: {date} is not in the week {monday}..{last}")
    return lines
