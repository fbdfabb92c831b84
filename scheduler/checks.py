"""Cross-record checks of an instance: references, duplicates and data rules across files.

Each check returns problems naming file, row, field and rule; none of them stops at the
first problem.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from models.common import weekday_of
from models.facility import Facility
from models.roster import Officer, StaffRelationship
from models.schedule import Notice
from scheduler.errors import Problem
from scheduler.surname import surname_letter

Rows = list[tuple[int, Any]]
Tables = dict[str, Rows]


def _row(number: int, key: str, value: str) -> str:
    return f"row {number} ({key} {value})"


def duplicates(name: str, rows: Rows, key: str, rule: str) -> list[Problem]:
    """A record whose id an earlier row of the same file already used."""
    seen: Counter[str] = Counter()
    out = []
    for number, rec in rows:
        value = getattr(rec, key)
        seen[value] += 1
        if seen[value] > 1:
            out.append(Problem(name, _row(number, key, value), key, f"duplicate {key} {value!r}", rule))
    return out


def references(
    name: str, rows: Rows, field: str, known: set[str] | dict[str, Any], rule: str
) -> list[Problem]:
    """A reference (single id or list of ids) to a record that does not exist."""
    out = []
    for number, rec in rows:
        value = getattr(rec, field)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and v not in known:
                kind = field.removesuffix("_ids").removesuffix("_id").removeprefix("inmate_")
                out.append(Problem(name, f"row {number}", field, f"unknown {kind or 'inmate'} {v!r}", rule))
    return out


def cross_references(tables: Tables, facility: Facility, week: list[dt.date]) -> list[Problem]:
    """Every cross-file check, in file order."""
    inmates = {rec.id: rec for _, rec in tables["inmates.csv"]}
    visitors = {rec.id for _, rec in tables["visitors.csv"]}
    officers = {rec.id for _, rec in tables["staff.csv"]}
    problems = (
        duplicates("inmates.csv", tables["inmates.csv"], "id", "HOU-01")
        + housing(tables["inmates.csv"], facility)
        + references("balances.csv", tables["balances.csv"], "inmate_id", inmates, "IND-01")
        + separations(tables["separations.csv"], inmates)
        + duplicates("offences.csv", tables["offences.csv"], "id", "DIS-01")
        + references("offences.csv", tables["offences.csv"], "inmate_id", inmates, "DIS-01")
        + offence_categories(tables["offences.csv"], facility)
        + duplicates("sanctions.csv", tables["sanctions.csv"], "id", "DIS-02")
        + references("sanctions.csv", tables["sanctions.csv"], "inmate_id", inmates, "DIS-02")
        + sanction_dates(tables["sanctions.csv"])
        + duplicates("visitors.csv", tables["visitors.csv"], "id", "VTR-01")
        + visitor_dates(tables["visitors.csv"], week)
        + references("relations.csv", tables["relations.csv"], "visitor_id", visitors, "VTR-05")
        + references("relations.csv", tables["relations.csv"], "inmate_id", inmates, "VTR-05")
        + relation_pairs(tables["relations.csv"])
        + duplicates("requests.csv", tables["requests.csv"], "id", "VIS-13")
        + references("requests.csv", tables["requests.csv"], "inmate_id", inmates, "VIS-13")
        + references("requests.csv", tables["requests.csv"], "visitor_ids", visitors, "VIS-04")
        + request_visitors(tables["requests.csv"])
        + references("razor_signups.csv", tables["razor_signups.csv"], "inmate_id", inmates, "RAZ-01")
        + razor_lists(tables["razor_signups.csv"], facility, week)
        + duplicates("staff.csv", tables["staff.csv"], "id", "STF-02")
        + references(
            "staff_relationships.csv", tables["staff_relationships.csv"], "officer_id", officers, "STF-03"
        )
        + references(
            "staff_relationships.csv", tables["staff_relationships.csv"], "inmate_id", inmates, "STF-03"
        )
        + references(
            "staff_relationships.csv", tables["staff_relationships.csv"], "visitor_id", visitors, "STF-03"
        )
    )
    return problems


def housing(rows: Rows, facility: Facility) -> list[Problem]:
    """HOU-01..03 and the surname letter: a pod that exists and fits the inmate's sex and commitment."""
    units = {u.id: u for u in facility.housing_units}
    particles = facility.visitation.surname_particles
    out = []
    for number, rec in rows:
        where = _row(number, "id", rec.id)
        unit = units.get(rec.pod)
        if unit is None:
            out.append(Problem("inmates.csv", where, "pod", f"unknown housing unit {rec.pod!r}", "HOU-01"))
        elif unit.sex != rec.sex:
            out.append(
                Problem(
                    "inmates.csv",
                    where,
                    "sex",
                    f"sex {rec.sex} in pod {unit.id} for sex {unit.sex}",
                    "HOU-02",
                )
            )
        elif unit.commitment != rec.commitment:
            out.append(
                Problem(
                    "inmates.csv",
                    where,
                    "commitment",
                    f"{rec.commitment} commitment in pod {unit.id} for {unit.commitment} commitments",
                    "HOU-03",
                )
            )
        if surname_letter(rec.last_name, particles) is None:
            out.append(
                Problem(
                    "inmates.csv", where, "last_name", f"last name {rec.last_name!r} has no letter", "VIS-01"
                )
            )
    return out


def separations(rows: Rows, inmates: dict[str, Any]) -> list[Problem]:
    """SEP-01: both inmates exist, differ, and the pair is listed once (either direction)."""
    out = references("separations.csv", rows, "inmate_a", inmates, "SEP-01")
    out += references("separations.csv", rows, "inmate_b", inmates, "SEP-01")
    seen: set[frozenset[str]] = set()
    for number, rec in rows:
        pair = frozenset((rec.inmate_a, rec.inmate_b))
        if len(pair) == 1:
            out.append(
                Problem(
                    "separations.csv",
                    f"row {number}",
                    "inmate_b",
                    "an inmate kept apart from themself",
                    "SEP-01",
                )
            )
        elif pair in seen:
            out.append(
                Problem(
                    "separations.csv",
                    f"row {number}",
                    "inmate_b",
                    f"pair {rec.inmate_a}/{rec.inmate_b} listed twice",
                    "SEP-01",
                )
            )
        seen.add(pair)
    return out


def offence_categories(rows: Rows, facility: Facility) -> list[Problem]:
    """DIS-01: a category the WC 23 table or the review list knows."""
    table = facility.discipline
    known = set(table.lockdown_days) | set(table.review_categories)
    return [
        Problem(
            "offences.csv",
            _row(n, "id", rec.id),
            "category",
            f"unknown category {rec.category!r} (known: {', '.join(sorted(known))})",
            "DIS-01",
        )
        for n, rec in rows
        if rec.category not in known
    ]


def sanction_dates(rows: Rows) -> list[Problem]:
    """DIS-02: a sanction's range ends on or after it starts."""
    return [
        Problem(
            "sanctions.csv",
            _row(n, "id", rec.id),
            "end",
            f"ends {rec.end} before it starts {rec.start}",
            "DIS-02",
        )
        for n, rec in rows
        if rec.end < rec.start
    ]


def visitor_dates(rows: Rows, week: list[dt.date]) -> list[Problem]:
    """VTR-01: a birth date in the past and an expiry date for every state or federal ID."""
    out = []
    for n, rec in rows:
        where = _row(n, "id", rec.id)
        if rec.date_of_birth > week[-1]:
            out.append(
                Problem(
                    "visitors.csv", where, "date_of_birth", f"{rec.date_of_birth} is after the week", "VTR-02"
                )
            )
        if rec.id_kind in ("state", "federal") and rec.id_expiry is None:
            out.append(
                Problem(
                    "visitors.csv", where, "id_expiry", f"a {rec.id_kind} ID needs its expiry date", "VTR-01"
                )
            )
    return out


def relation_pairs(rows: Rows) -> list[Problem]:
    """VTR-05: one relation per visitor and inmate."""
    seen: set[tuple[str, str]] = set()
    out = []
    for n, rec in rows:
        pair = (rec.visitor_id, rec.inmate_id)
        if pair in seen:
            out.append(
                Problem(
                    "relations.csv",
                    f"row {n}",
                    "inmate_id",
                    f"relation {rec.visitor_id}/{rec.inmate_id} listed twice",
                    "VTR-05",
                )
            )
        seen.add(pair)
    return out


def request_visitors(rows: Rows) -> list[Problem]:
    """VIS-04: a visitor is named once per request."""
    return [
        Problem("requests.csv", _row(n, "id", rec.id), "visitor_ids", "a visitor is listed twice", "VIS-04")
        for n, rec in rows
        if len(set(rec.visitor_ids)) != len(rec.visitor_ids)
    ]


def razor_lists(rows: Rows, facility: Facility, week: list[dt.date]) -> list[Problem]:
    """RAZ-01: sign-ups on a list day of the week, each inmate and position once per list."""
    out = []
    names: set[tuple[str, dt.date]] = set()
    places: set[tuple[int, dt.date]] = set()
    for n, rec in rows:
        where = f"row {n} (inmate_id {rec.inmate_id})"
        if rec.list_date not in week or weekday_of(rec.list_date) not in facility.razors.list_days:
            out.append(
                Problem(
                    "razor_signups.csv",
                    where,
                    "list_date",
                    f"{rec.list_date} is not a razor list day of the week",
                    "RAZ-01",
                )
            )
        if (rec.inmate_id, rec.list_date) in names:
            out.append(
                Problem("razor_signups.csv", where, "inmate_id", "signed up twice on one list", "RAZ-01")
            )
        if (rec.position, rec.list_date) in places:
            out.append(
                Problem(
                    "razor_signups.csv", where, "position", f"position {rec.position} used twice", "RAZ-01"
                )
            )
        names.add((rec.inmate_id, rec.list_date))
        places.add((rec.position, rec.list_date))
    return out


def contact_notices(relationships: list[StaffRelationship], officers: dict[str, Officer]) -> list[Notice]:
    """VTR-04: a contact on an inmate's behalf recorded against an employee must be reported."""
    out = []
    for rel in relationships:
        if rel.kind != "contact":
            continue
        o = officers[rel.officer_id]
        party = f"inmate {rel.inmate_id}" if rel.inmate_id else f"visitor {rel.visitor_id}"
        out.append(
            Notice(
                rule="VTR-04",
                subject=o.id,
                text=(
                    f"Officer {o.id} ({o.first_name} {o.last_name}) has a recorded contact on behalf of "
                    f"{party}: the officer must report it through the chain of command (P107 B.5)."
                ),
            )
        )
    return out
