"""Load an instance folder into a validated `Instance`, or fail with one line per problem.

The folder holds `facility.yaml`, `week.yaml` (the week's Monday) and the CSV files of
`models.roster.CSV_FILES`. Every problem found is collected before failing, so the
administrator fixes a file in one pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from models.common import parse_day, weekday_of
from models.facility import Facility
from models.instance import Instance, Lockdown, Restriction
from models.problems import InstanceError, Problem
from models.roster import CSV_FILES, REQUIRED_FILES, Balance, Sanction
from scheduler.loading import checks
from scheduler.loading.discipline import derive_lockdowns
from scheduler.loading.eligibility import Context, judge
from scheduler.loading.indigent import indigent_inmates
from scheduler.loading.reading import read_table, read_yaml
from scheduler.loading.surname import surname_letter

FILE_RULES = {
    "inmates.csv": "HOU-01",
    "balances.csv": "IND-01",
    "separations.csv": "SEP-01",
    "offences.csv": "DIS-01",
    "sanctions.csv": "DIS-02",
    "visitors.csv": "VTR-01",
    "relations.csv": "VTR-05",
    "requests.csv": "VIS-13",
    "razor_signups.csv": "RAZ-01",
    "staff.csv": "STF-02",
    "staff_relationships.csv": "STF-03",
    "appointments.csv": "APT-01",
}
"""The rule a file's records serve, cited when a problem has no more specific rule."""

FIELD_RULES = {
    ("inmates.csv", "sex"): "HOU-02",
    ("inmates.csv", "commitment"): "HOU-03",
    ("inmates.csv", "charge"): "HOU-04",
    ("inmates.csv", "violent"): "HOU-04",
    ("visitors.csv", "date_of_birth"): "VTR-02",
    ("requests.csv", "visitor_ids"): "VIS-04",
    ("requests.csv", "registered_at"): "VIS-10",
    ("requests.csv", "special_start"): "VIS-12",
}
_RULE_TAG = re.compile(r"\s*\(([A-Z]{3}-\d{2})\)$")
_FIELD_PREFIX = re.compile(r"^([a-z_]+): (.*)$")
_SETTING_PREFIX = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.{1,2}[a-z_]+(?:\[\d+\])?)*): (.*)$")

Rows = list[tuple[int, Any]]


SETTING_RULES = {
    "housing_units": "HOU-01",
    "holidays": "DAY-06",
    "routine.counts": "DAY-01",
    "routine.count_minutes": "DAY-01",
    "routine.meal": "DAY-02",
    "routine.med_pass": "DAY-03",
    "routine.lights": "DAY-04",
    "routine.phones": "DAY-05",
    "visitation": "VIS-01",
    "visitation.booths": "VIS-02",
    "visitation.visit_minutes": "VIS-03",
    "visitation.turnover_minutes": "VIS-03",
    "visitation.max_visitors": "VIS-04",
    "visitation.max_adults": "VIS-04",
    "visitation.max_children": "VIS-04",
    "visitation.social_per": "VIS-06",
    "visitation.visitor_weekly_limit": "VIS-14",
    "visitation.registration_lead_minutes": "VIS-10",
    "visitation.lockdown_blocks_visitation": "DIS-08",
    "visitation.child_age": "VTR-02",
    "visitation.legal": "VIS-11",
    "recreation": "REC-02",
    "recreation.days": "REC-01",
    "recreation.session_minutes": "REC-01",
    "recreation.daylight": "REC-05",
    "discipline": "DIS-01",
    "discipline.hour_out": "DIS-05",
    "razors": "RAZ-02",
    "razors.inventory": "RAZ-03",
    "razors.list_days": "RAZ-01",
    "razors.issue_offset": "RAZ-01",
    "razors.batch_minutes": "RAZ-04",
    "laundry": "LAU-02",
    "laundry.max_wait_minutes": "LAU-03",
    "laundry.start": "LAU-04",
    "laundry.end": "LAU-04",
    "laundry.return_by": "LAU-04",
    "laundry.categories": "LAU-01",
    "supplies": "SUP-01",
    "supplies.indigent": "IND-01",
    "supplies.commissary": "COM-01",
    "closures": "CAL-01",
}
"""The rule a facility.yaml setting serves (longest matching prefix of its path)."""

MOST_PER_FIELD = 3
"""Problems listed per file and field before the rest are summed up in one line."""


@dataclass
class Inputs:
    """An instance folder as read and validated row by row, before the cross-file checks and
    the data rules: what a repair's events change before the instance is derived again."""

    name: str
    facility: Facility
    monday: dt.date
    tables: dict[str, Rows]
    absent: list[str]
    restrictions: list[Restriction] = dataclasses.field(default_factory=list)
    departures: dict[str, dt.datetime] = dataclasses.field(default_factory=dict)
    """Inmates released during the week (a repair's events) and when they leave."""
    carried: list[str] = dataclasses.field(default_factory=list)
    """Requests carried from the previous week's waitlist (CON-03)."""


def load_instance(folder: Path) -> Instance:
    """Read, validate and derive an instance; raise `InstanceError` listing every problem."""
    return instance_from(read_inputs(folder))


def read_inputs(folder: Path) -> Inputs:
    """Read and validate every file of an instance folder; raise `InstanceError` listing
    every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        found = "is a file, not an instance folder" if folder.exists() else "instance folder not found"
        raise InstanceError([Problem(str(folder), "", "", found)])
    problems: list[Problem] = []
    facility = _read_facility(folder, problems)
    monday = _read_week(folder, problems)
    tables = {name: _read_csv(folder, name, model, problems) for name, model in CSV_FILES.items()}
    if facility is None or monday is None or problems:
        raise InstanceError(_bounded(problems))
    absent = [name for name in CSV_FILES if not os.path.lexists(folder / name)]
    return Inputs(folder.name, facility, monday, tables, absent)


def instance_from(inputs: Inputs) -> Instance:
    """The cross-file checks and the data rules over read inputs; raise `InstanceError`
    listing every problem."""
    week = [inputs.monday + dt.timedelta(days=i) for i in range(7)]
    problems = checks.cross_references(inputs.tables, inputs.facility, week)
    if problems:
        raise InstanceError(_bounded(problems))
    instance = _derive(inputs)
    instance.absent_files = list(inputs.absent)
    return instance


def _bounded(problems: list[Problem]) -> list[Problem]:
    """At most `MOST_PER_FIELD` lines per file, field and message kind, then one line with
    the count of the rest, so a damaged column is a few lines, not one per row."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        kind = re.sub(r"'[^']*'|\d+", "#", p.message)
        groups.setdefault((p.file, p.field, kind), []).append(p)
    out = []
    for group in groups.values():
        out += group[:MOST_PER_FIELD]
        rest = group[MOST_PER_FIELD:]
        if rest:
            last = rest[-1]
            out.append(
                Problem(
                    last.file,
                    f"{len(rest)} more rows",
                    last.field,
                    f"the same problem up to {last.record}",
                    last.rule,
                )
            )
    return out


def _read_facility(folder: Path, problems: list[Problem]) -> Facility | None:
    data = read_yaml(folder / "facility.yaml", None, problems)
    if data is None:
        return None
    try:
        return Facility.model_validate(data)
    except ValidationError as exc:
        problems += [_older_form(p, data) for p in _yaml_problems("facility.yaml", exc)]
        return None


_CLOSURE = re.compile(r"^closures(?:\[|\.)(\d+)\]?(\.id)?")


def _older_form(p: Problem, data: object) -> Problem:
    """A problem in a closure that `laundry.out_of_service` became (the older form) named
    where the administrator wrote it: `laundry.out_of_service[k].machine`, not `closures[n].id`."""
    if not isinstance(data, dict) or not isinstance(data.get("laundry"), dict):
        return p
    down = data["laundry"].get("out_of_service")
    given = data.get("closures")
    m = _CLOSURE.match(p.field)
    if not m or not isinstance(down, list) or not isinstance(given or [], list):
        return p
    k = int(m.group(1)) - len(given or [])
    if k < 0:
        return p
    field = f"laundry.out_of_service[{k}]" + (".machine" if m.group(2) else "") + p.field[m.end() :]
    return Problem(p.file, p.record, field, p.message, p.rule)


WEEK_RULE = "DAY-01"
"""week.yaml gives the Monday of the week whose days (and counts, DAY-01) are scheduled."""


def _read_week(folder: Path, problems: list[Problem]) -> dt.date | None:
    data = read_yaml(folder / "week.yaml", WEEK_RULE, problems)
    if data is None:
        return None
    for key in data:
        if key != "monday":
            problems.append(
                Problem("week.yaml", "", str(key), "unknown setting (week.yaml holds only monday)", WEEK_RULE)
            )
    if "monday" not in data:
        problems.append(
            Problem("week.yaml", "", "monday", "missing: give the week's Monday like 2026-11-30", WEEK_RULE)
        )
        return None
    try:
        monday = parse_day(data["monday"])
    except ValueError as exc:
        problems.append(Problem("week.yaml", "", "monday", str(exc), WEEK_RULE))
        return None
    if not isinstance(monday, dt.date):
        problems.append(
            Problem("week.yaml", "", "monday", f"expected a date like 2026-11-30, got {monday!r}", WEEK_RULE)
        )
        return None
    if monday.weekday() != 0:
        problems.append(
            Problem("week.yaml", "", "monday", f"{monday} is a {weekday_of(monday)}, not a Monday", WEEK_RULE)
        )
        return None
    return monday


MOST_PER_SETTINGS_FILE = 5
"""Lines for one settings file (facility.yaml, week.yaml) at most: one mistake repeated down a
list (every window, every category) is a few lines and a count, not one per entry."""


def _yaml_problems(name: str, exc: ValidationError) -> list[Problem]:
    """The validation errors of a settings file, one line each, at most
    `MOST_PER_SETTINGS_FILE` (the last one counting the rest and naming their fields)."""
    out = _each_yaml_problem(name, exc)
    if len(out) <= MOST_PER_SETTINGS_FILE:
        return out
    kept, rest = out[: MOST_PER_SETTINGS_FILE - 1], out[MOST_PER_SETTINGS_FILE - 1 :]
    fields = sorted({re.sub(r"\.\d+", "[*]", p.field) for p in rest})
    shown = ", ".join(fields[:3]) + (f" and {len(fields) - 3} more" if len(fields) > 3 else "")
    rules = {p.rule for p in rest}
    rule = rules.pop() if len(rules) == 1 else None
    summary = Problem(name, "", "", f"{len(rest)} more problems, in {shown}; fix the ones above first", rule)
    return [*kept, summary]


def _each_yaml_problem(name: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"])
        message, rule = _split_rule(err["msg"].removeprefix("Value error, "))
        m = _SETTING_PREFIX.match(message)
        if m and m.group(1) != "time":
            field, message = ".".join(filter(None, (field, m.group(1)))), m.group(2)
        if err["type"] == "extra_forbidden":
            message = "unknown setting"
        elif err["type"] not in ("value_error", "missing"):
            message += f" (got {_shown(err['input'])})"
        out.append(Problem(name, "", field, message, rule or _setting_rule(field)))
    return out


def _shown(value: object, most: int = 60) -> str:
    """A refused value as the line shows it: its repr, cut short (a line, not a dump)."""
    text = repr(value)
    return text if len(text) <= most else text[: most - 3] + "..."


def _setting_rule(field: str) -> str | None:
    path = re.sub(r"\.\d+", "", field)
    matches = [key for key in SETTING_RULES if path == key or path.startswith(key)]
    return SETTING_RULES[max(matches, key=len)] if matches else None


def _split_rule(message: str) -> tuple[str, str | None]:
    m = _RULE_TAG.search(message)
    return (message[: m.start()], m.group(1)) if m else (message, None)


def _read_csv(folder: Path, name: str, model: type[BaseModel], problems: list[Problem]) -> Rows:
    """Validate every row of one CSV file; returns (spreadsheet row number, record) pairs."""
    path = folder / name
    rule = FILE_RULES[name]
    if not os.path.lexists(path):
        if name in REQUIRED_FILES:
            problems.append(Problem(name, "", "", "file not found", rule))
        return []
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a broken link, a loop or a device)"
        problems.append(Problem(name, "", "", f"is {kind}; give the file or remove it", rule))
        return []
    table = read_table(path, rule, problems)
    if table is None:
        return []
    columns = _columns(name, model, table.header, rule, problems)
    if columns is None:
        return []
    rows: Rows = []
    start = len(problems)
    for number, cells in table.rows:
        raw = {h: c.strip() for h, c in zip(table.header, cells, strict=True) if h in columns}
        formulas = [h for h, c in raw.items() if c.startswith("=")]
        if formulas:
            record = f"row {number}"
            problems += [
                Problem(name, record, h, "is a spreadsheet formula, not a value", rule) for h in formulas
            ]
            continue
        present = {k: v for k, v in raw.items() if v}
        try:
            rows.append((number, model.model_validate(present, strict=False)))
        except ValidationError as exc:
            problems += _row_problems(name, number, raw, exc, columns)
    problems[start:] = _absent_columns(name, problems[start:], columns)
    return rows


def _absent_columns(name: str, found: list[Problem], columns: set[str]) -> list[Problem]:
    """A column the header lacks that some rows need is one problem, not one per row."""
    absent: dict[str, list[Problem]] = {}
    for p in found:
        if p.field and p.field not in columns:
            absent.setdefault(p.field, []).append(p)
    out = [p for p in found if not (p.field and p.field not in columns)]
    for field, mine in absent.items():
        rows = ", ".join(p.record.split(" ")[1] for p in mine[:3]) + (" ..." if len(mine) > 3 else "")
        why = f"column is missing; {len(mine)} row(s) need it (rows {rows}): {mine[0].message}"
        out.append(Problem(name, "row 1", field, why, mine[0].rule))
    return out


def _columns(
    name: str, model: type[BaseModel], header: list[str], rule: str, problems: list[Problem]
) -> set[str] | None:
    """The header's known columns; every duplicated, unknown or missing required column is a
    problem. None when the first row is not a header at all."""
    fields = {f.alias or key: f for key, f in model.model_fields.items()}
    if not set(header) & set(fields):
        expected = ",".join(fields)
        problems.append(
            Problem(name, "row 1", "", f"is not a header row: expected the columns {expected}", rule)
        )
        return None
    before = len(problems)
    for column in sorted({h for h in header if header.count(h) > 1}):
        problems.append(Problem(name, "row 1", column, "column appears twice in the header", rule))
    for column in header:
        if column not in fields:
            problems.append(Problem(name, "row 1", column or "(blank)", "unknown column", rule))
    for column, f in fields.items():
        if f.is_required() and column not in header:
            problems.append(
                Problem(
                    name, "row 1", column, "required column is missing", FIELD_RULES.get((name, column), rule)
                )
            )
    return set(header) & set(fields) if len(problems) == before else None


def _row_problems(
    name: str, number: int, raw: dict[str, str], exc: ValidationError, columns: set[str]
) -> list[Problem]:
    key = next((k for k in ("id", "inmate_id", "officer_id", "visitor_id") if raw.get(k)), None)
    record = f"row {number}" + (f" ({key} {raw[key]})" if key else "")
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"][:1])
        message, rule = _split_rule(err["msg"].removeprefix("Value error, "))
        m = _FIELD_PREFIX.match(message)
        if not field and m:
            field, message = m.group(1), m.group(2)
        if err["type"] == "missing":
            message = "required value is empty"
        elif err["type"] != "value_error":
            message += f" (got {raw.get(field, '')!r})"
        out.append(
            Problem(name, record, field, message, rule or FIELD_RULES.get((name, field), FILE_RULES[name]))
        )
    return out


def _derive(inputs: Inputs) -> Instance:
    """Apply the data rules once: surname letters, DIS-01, IND-01, VTR-01..05, VIS eligibility."""
    name, facility, monday, tables = inputs.name, inputs.facility, inputs.monday, inputs.tables
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    records = {file: [rec for _, rec in rows] for file, rows in tables.items()}
    inmates = {i.id: i for i in records["inmates.csv"]}
    particles = facility.visitation.surname_particles
    letters = {i.id: surname_letter(i.last_name, particles) or "" for i in inmates.values()}
    lockdowns, reviews = derive_lockdowns(records["offences.csv"], facility.discipline, week)
    lockdowns = _until_departure(lockdowns, inputs.departures, facility.routine.lights_out)
    package_day = next(d for d in week if weekday_of(d) == facility.supplies.indigent_day)
    balances: list[Balance] = records["balances.csv"]
    sanctions: list[Sanction] = records["sanctions.csv"]
    instance = Instance(
        name=name,
        facility=facility,
        monday=monday,
        inmates=inmates,
        surname_letters=letters,
        separations=records["separations.csv"],
        offences=records["offences.csv"],
        sanctions=sanctions,
        visitors={v.id: v for v in records["visitors.csv"]},
        relations=records["relations.csv"],
        requests={r.id: r for r in records["requests.csv"]},
        razor_signups=records["razor_signups.csv"],
        officers={o.id: o for o in records["staff.csv"]},
        staff_relationships=records["staff_relationships.csv"],
        appointments=records["appointments.csv"],
        lockdowns=lockdowns,
        admin_reviews=reviews,
        indigent=indigent_inmates(balances, facility.supplies, package_day),
        restrictions=inputs.restrictions,
        departures=inputs.departures,
        carried=sorted(inputs.carried),
    )
    _judge_requests(instance)
    return instance


def _until_departure(
    lockdowns: list[Lockdown], departures: dict[str, dt.datetime], lights_out: int
) -> list[Lockdown]:
    """A released inmate's lockdown ends when they leave: no hour-out on a night that starts
    after the departure (a night starts at lights out)."""
    out = []
    for spell in lockdowns:
        gone = departures.get(spell.inmate_id)
        if gone is not None:
            nights = [
                n
                for n in spell.nights
                if dt.datetime.combine(n, dt.time()) + dt.timedelta(minutes=lights_out) < gone
            ]
            spell = spell.model_copy(update={"nights": nights})
        out.append(spell)
    return out


def _judge_requests(instance: Instance) -> None:
    """Fill the eligibility of every request and the VTR-04 compliance notices."""
    restricted: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for r in instance.restrictions:
        restricted.setdefault(r.visitor_id, []).append((r.start, r.end, r.reason))
    suspended: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for s in instance.sanctions:
        if s.privilege == "visitation":
            suspended.setdefault(s.inmate_id, []).append((s.start, s.end))
    ctx = Context(
        instance.facility,
        instance.dates,
        instance.visitors,
        {(r.visitor_id, r.inmate_id): r for r in instance.relations},
        instance.lockdown_nights,
        suspended,
        restricted,
    )
    for req in sorted(instance.requests.values(), key=lambda r: (r.registered_at, r.id)):
        inmate = instance.inmates[req.inmate_id]
        verdict, notice = judge(ctx, req, inmate, instance.surname_letters[inmate.id])
        instance.eligibility[req.id] = verdict
        if notice is not None:
            instance.notices.append(notice)
    instance.notices += checks.contact_notices(instance.staff_relationships, instance.officers)
