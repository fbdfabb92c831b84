"""Load an instance folder into a validated `Instance`, or fail with one line per problem.

The folder holds `facility.yaml`, `week.yaml` (the week's Monday) and the CSV files of
`models.roster.CSV_FILES`. Every problem found is collected before failing, so the
administrator fixes a file in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from models.common import weekday_of
from models.facility import Facility
from models.instance import Instance
from models.roster import CSV_FILES, REQUIRED_FILES, Balance, Sanction
from scheduler import checks
from scheduler.discipline import derive_lockdowns
from scheduler.eligibility import Context, judge
from scheduler.errors import InstanceError, Problem
from scheduler.indigent import indigent_inmates
from scheduler.surname import surname_letter

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

Rows = list[tuple[int, Any]]


def load_instance(folder: Path) -> Instance:
    """Read, validate and derive an instance; raise `InstanceError` listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InstanceError([Problem(str(folder), "", "", "instance folder not found")])
    problems: list[Problem] = []
    facility = _read_facility(folder, problems)
    monday = _read_week(folder, problems)
    tables = {name: _read_csv(folder, name, model, problems) for name, model in CSV_FILES.items()}
    if facility is None or monday is None or problems:
        raise InstanceError(problems)
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    problems += checks.cross_references(tables, facility, week)
    if problems:
        raise InstanceError(problems)
    return _derive(folder.name, facility, monday, tables)


def _read_facility(folder: Path, problems: list[Problem]) -> Facility | None:
    data = _read_yaml(folder / "facility.yaml", problems)
    if data is None:
        return None
    try:
        return Facility.model_validate(data)
    except ValidationError as exc:
        problems += _yaml_problems("facility.yaml", exc)
        return None


def _read_week(folder: Path, problems: list[Problem]) -> dt.date | None:
    data = _read_yaml(folder / "week.yaml", problems)
    if data is None:
        return None
    monday = data.get("monday")
    if not isinstance(monday, dt.date):
        problems.append(
            Problem("week.yaml", "", "monday", f"expected a date like 2026-11-30, got {monday!r}")
        )
        return None
    if monday.weekday() != 0:
        problems.append(
            Problem("week.yaml", "", "monday", f"{monday} is a {weekday_of(monday)}, not a Monday")
        )
        return None
    return monday


def _read_yaml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    if not path.is_file():
        problems.append(Problem(path.name, "", "", "file not found"))
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problems.append(Problem(path.name, where, "", f"not valid YAML ({getattr(exc, 'problem', exc)})"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path.name, "", "", "expected a mapping of settings"))
        return None
    return data


def _yaml_problems(name: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"])
        message, rule = _split_rule(err["msg"].removeprefix("Value error, "))
        if err["type"] not in ("value_error", "missing", "extra_forbidden"):
            message += f" (got {err['input']!r})"
        out.append(Problem(name, "", field, message, rule))
    return out


def _split_rule(message: str) -> tuple[str, str | None]:
    m = _RULE_TAG.search(message)
    return (message[: m.start()], m.group(1)) if m else (message, None)


def _read_csv(folder: Path, name: str, model: type[BaseModel], problems: list[Problem]) -> Rows:
    """Validate every row of one CSV file; returns (spreadsheet row number, record) pairs."""
    path = folder / name
    if not path.is_file():
        if name in REQUIRED_FILES:
            problems.append(Problem(name, "", "", "file not found"))
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        known = {f.alias or key for key, f in model.model_fields.items()}
        unknown = [h for h in header if h not in known]
        for column in unknown:
            problems.append(Problem(name, "row 1", column, "unknown column", FILE_RULES[name]))
        rows: Rows = []
        for number, raw in enumerate(reader, start=2):
            cells = {k: v.strip() for k, v in raw.items() if k in known and v is not None and v.strip()}
            try:
                rows.append((number, model.model_validate(cells, strict=False)))
            except ValidationError as exc:
                problems += _row_problems(name, number, raw, exc)
    return rows


def _row_problems(name: str, number: int, raw: dict[str, str], exc: ValidationError) -> list[Problem]:
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


def _derive(name: str, facility: Facility, monday: dt.date, tables: dict[str, Rows]) -> Instance:
    """Apply the data rules once: surname letters, DIS-01, IND-01, VTR-01..05, VIS eligibility."""
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    records = {file: [rec for _, rec in rows] for file, rows in tables.items()}
    inmates = {i.id: i for i in records["inmates.csv"]}
    particles = facility.visitation.surname_particles
    letters = {i.id: surname_letter(i.last_name, particles) or "" for i in inmates.values()}
    lockdowns, reviews = derive_lockdowns(records["offences.csv"], facility.discipline, week)
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
    )
    _judge_requests(instance)
    return instance


def _judge_requests(instance: Instance) -> None:
    """Fill the eligibility of every request and the VTR-04 compliance notices."""
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
    )
    for req in sorted(instance.requests.values(), key=lambda r: (r.registered_at, r.id)):
        inmate = instance.inmates[req.inmate_id]
        verdict, notice = judge(ctx, req, inmate, instance.surname_letters[inmate.id])
        instance.eligibility[req.id] = verdict
        if notice is not None:
            instance.notices.append(notice)
    instance.notices += checks.contact_notices(instance.staff_relationships, instance.officers)
