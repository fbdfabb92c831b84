"""Cross-record checks of an instance: references, duplicates and data rules across files.

Each check returns problems naming file, row, field and rule; none of them stops at the
first problem.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from models.common import weekday_of
from models.facility import Closure, Facility
from models.problems import Problem
from models.roster import Officer, StaffRelationship
from models.schedule import Notice
from scheduler.loading.surname import surname_letter

Rows = list[tuple[int, Any]]
Tables = dict[str, Rows]


RECORD_KEYS = ("id", "inmate_id", "officer_id", "visitor_id")


def record(number: int, rec: Any) -> str:
    """How a problem names a CSV record: its spreadsheet row and its first id column."""
    key = next((k for k in RECORD_KEYS if getattr(rec, k, None)), None)
    return f"row {number} ({key} {getattr(rec, key)})" if key else f"row {number}"


def duplicates(name: str, rows: Rows, key: str, rule: str) -> list[Problem]:
    """A record whose id an earlier row of the same file already used."""
    seen: Counter[str] = Counter()
    out = []
    for number, rec in rows:
        value = getattr(rec, key)
        seen[value] += 1
        if seen[value] > 1:
            out.append(Problem(name, record(number, rec), key, f"duplicate {key} {value!r}", rule))
    return out


def references(
    name: str, rows: Rows, field: str, known: set[str] | dict[str, Any], rule: str, kind: str
) -> list[Problem]:
    """A reference (single id or list of ids) to a `kind` of record that does not exist."""
    out = []
    for number, rec in rows:
        value = getattr(rec, field)
        for v in value if isinstance(value, list) else [value]:
            if v is not None and v not in known:
                out.append(Problem(name, record(number, rec), field, f"unknown {kind} {v!r}", rule))
    return out


KIND_FILES = {"inmate": "inmates.csv", "visitor": "visitors.csv", "officer": "staff.csv"}
"""The file holding each kind of record that other files refer to."""

REFERENCES = [
    ("balances.csv", "inmate_id", "inmate", "IND-01"),
    ("separations.csv", "inmate_a", "inmate", "SEP-01"),
    ("separations.csv", "inmate_b", "inmate", "SEP-01"),
    ("offences.csv", "inmate_id", "inmate", "DIS-01"),
    ("sanctions.csv", "inmate_id", "inmate", "DIS-02"),
    ("relations.csv", "visitor_id", "visitor", "VTR-05"),
    ("relations.csv", "inmate_id", "inmate", "VTR-05"),
    ("requests.csv", "inmate_id", "inmate", "VIS-13"),
    ("requests.csv", "visitor_ids", "visitor", "VIS-04"),
    ("razor_signups.csv", "inmate_id", "inmate", "RAZ-01"),
    ("staff_relationships.csv", "officer_id", "officer", "STF-03"),
    ("staff_relationships.csv", "inmate_id", "inmate", "STF-03"),
    ("staff_relationships.csv", "visitor_id", "visitor", "STF-03"),
    ("appointments.csv", "inmate_id", "inmate", "APT-01"),
]
"""(file, field, kind of record referred to, rule) for every cross-file reference."""

IDENTIFIED = [
    ("inmates.csv", "HOU-01"),
    ("offences.csv", "DIS-01"),
    ("sanctions.csv", "DIS-02"),
    ("visitors.csv", "VTR-01"),
    ("requests.csv", "VIS-13"),
    ("staff.csv", "STF-02"),
]
"""Files whose `id` must be unique, with the rule their records serve."""


def cross_references(tables: Tables, facility: Facility, week: list[dt.date]) -> list[Problem]:
    """Every cross-file check: unique ids, known references, then the data rules."""
    known = {
        "inmate": {rec.id for _, rec in tables["inmates.csv"]},
        "visitor": {rec.id for _, rec in tables["visitors.csv"]},
        "officer": {rec.id for _, rec in tables["staff.csv"]},
    }
    problems = [p for name, rule in IDENTIFIED for p in duplicates(name, tables[name], "id", rule)]
    problems += missing_kinds(tables, known)
    for name, field, kind, rule in REFERENCES:
        if known[kind]:
            problems += references(name, tables[name], field, known[kind], rule, kind)
    return (
        problems
        + housing(tables["inmates.csv"], facility)
        + separations(tables["separations.csv"])
        + offence_categories(tables["offences.csv"], facility)
        + offence_dates(tables["offences.csv"], week)
        + sanction_dates(tables["sanctions.csv"])
        + visitor_dates(tables["visitors.csv"], week)
        + relation_pairs(tables["relations.csv"])
        + [p for name, fields, rule in REPEATABLE_NOT for p in repeated(name, tables[name], fields, rule)]
        + request_visitors(tables["requests.csv"])
        + razor_lists(tables["razor_signups.csv"], facility, week)
        + appointment_rows(tables["appointments.csv"], week)
        + closures(facility, week)
    )


def missing_kinds(tables: Tables, known: dict[str, set[str]]) -> list[Problem]:
    """One line for a kind of record that other files name but whose file is absent or has
    no rows, instead of one "unknown" line per referring row."""
    out = []
    for kind, ids in known.items():
        if ids:
            continue
        naming = Counter()
        rule = None
        for name, field, referred, field_rule in REFERENCES:
            if referred == kind:
                count = sum(1 for _, rec in tables[name] if getattr(rec, field) not in (None, []))
                naming[name] += count
                rule = rule or (field_rule if count else None)
        if naming.total():
            who = ", ".join(f"{n} rows of {name}" for name, n in naming.items() if n)
            out.append(
                Problem(
                    KIND_FILES[kind],
                    "",
                    "",
                    f"is absent or has no rows, but {who} name {_article(kind)} {kind}",
                    rule,
                )
            )
    return out


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def housing(rows: Rows, facility: Facility) -> list[Problem]:
    """HOU-01..03 and the surname letter: a pod that exists and fits the inmate's sex and commitment."""
    units = {u.id: u for u in facility.housing_units}
    particles = facility.visitation.surname_particles
    out = []
    for number, rec in rows:
        where = record(number, rec)
        for tag in rec.tags:
            if tag not in facility.custody_tags:
                known = ", ".join(facility.custody_tags) or "none declared in facility.yaml custody_tags"
                out.append(
                    Problem("inmates.csv", where, "tags", f"unknown custody tag {tag!r} ({known})", "VIS-01")
                )
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
    return out + _over_capacity(rows, facility)


def _over_capacity(rows: Rows, facility: Facility) -> list[Problem]:
    """HOU-01: a pod holding more inmates than its capacity (a capacity typed wrong, or an
    inmate assigned to the wrong pod), said once per pod."""
    headcount = Counter(rec.pod for _, rec in rows)
    return [
        Problem(
            "facility.yaml",
            f"housing_units {u.id}",
            "capacity",
            f"{u.capacity} is less than the {headcount[u.id]} inmates of inmates.csv in pod {u.id}",
            "HOU-01",
        )
        for u in facility.housing_units
        if headcount[u.id] > u.capacity
    ]


def separations(rows: Rows) -> list[Problem]:
    """SEP-01: the two inmates differ and the pair is listed once (either direction)."""
    out = []
    seen: set[frozenset[str]] = set()
    for number, rec in rows:
        pair = frozenset((rec.inmate_a, rec.inmate_b))
        if len(pair) == 1:
            out.append(
                Problem(
                    "separations.csv",
                    record(number, rec),
                    "inmate_b",
                    "an inmate kept apart from themself",
                    "SEP-01",
                )
            )
        elif pair in seen:
            out.append(
                Problem(
                    "separations.csv",
                    record(number, rec),
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
            record(n, rec),
            "category",
            f"unknown category {rec.category!r} (known: {', '.join(sorted(known))})",
            "DIS-01",
        )
        for n, rec in rows
        if rec.category not in known
    ]


def offence_dates(rows: Rows, week: list[dt.date]) -> list[Problem]:
    """DIS-01: an offence dated after the week cannot lock anybody down in it (a typed year?)."""
    return [
        Problem(
            "offences.csv", record(n, rec), "date", f"{rec.date} is after the week ({week[-1]})", "DIS-01"
        )
        for n, rec in rows
        if rec.date > week[-1]
    ]


def sanction_dates(rows: Rows) -> list[Problem]:
    """DIS-02: a sanction's range ends on or after it starts."""
    return [
        Problem(
            "sanctions.csv",
            record(n, rec),
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
        where = record(n, rec)
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


REPEATABLE_NOT = [
    ("balances.csv", ("inmate_id", "date"), "IND-01"),
    ("staff_relationships.csv", ("officer_id", "inmate_id", "visitor_id"), "STF-03"),
]
"""Files whose rows have an identity made of several fields: a row repeating one is an error
(two balances of one date contradict; a relationship twice is a copy-paste slip)."""


def repeated(name: str, rows: Rows, fields: tuple[str, ...], rule: str) -> list[Problem]:
    """A row whose identifying fields an earlier row already gave."""
    first: dict[tuple[object, ...], int] = {}
    out = []
    for number, rec in rows:
        key = tuple(getattr(rec, f) for f in fields)
        if key in first:
            shown = "/".join(str(k) for k in key if k is not None)
            message = f"{shown} is given twice (first on row {first[key]})"
            out.append(Problem(name, record(number, rec), fields[0], message, rule))
        first.setdefault(key, number)
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
                    record(n, rec),
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
        Problem("requests.csv", record(n, rec), "visitor_ids", "a visitor is listed twice", "VIS-04")
        for n, rec in rows
        if len(set(rec.visitor_ids)) != len(rec.visitor_ids)
    ]


def razor_lists(rows: Rows, facility: Facility, week: list[dt.date]) -> list[Problem]:
    """RAZ-01: sign-ups on a list day of the week, each inmate and position once per list."""
    out = []
    names: set[tuple[str, dt.date]] = set()
    places: set[tuple[int, dt.date]] = set()
    for n, rec in rows:
        where = record(n, rec)
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


def appointment_rows(rows: Rows, week: list[dt.date]) -> list[Problem]:
    """APT-01: an appointment falls in the week, and one inmate's appointment is listed once.

    Two different appointments of one inmate may overlap (a transport around a court
    hearing); only a row repeating an earlier one exactly is a mistake.
    """
    out = []
    first: dict[tuple[str, dt.date, int, int, str], int] = {}
    for n, rec in rows:
        where = record(n, rec)
        if rec.date not in week:
            out.append(
                Problem("appointments.csv", where, "date", f"{rec.date} is not a date of the week", "APT-01")
            )
        key = (rec.inmate_id, rec.date, rec.start, rec.end, rec.kind)
        if key in first:
            out.append(
                Problem(
                    "appointments.csv", where, "inmate_id", f"same appointment as row {first[key]}", "APT-01"
                )
            )
        first.setdefault(key, n)
    return out


COUNTED = {"booths": "booths", "legal_room": "legal_rooms"}
"""Closure resources that take a `count`, and the visitation setting that bounds it (CAL-01)."""

IDENTIFIED_BY = frozenset({"recreation_area", "laundry_machine"})
"""Closure resources with several units, so a closure names one in `id` (CAL-01)."""


def closures(facility: Facility, week: list[dt.date]) -> list[Problem]:
    """CAL-01: each closure is in the week and fits its resource (the model checks times and ids)."""
    issue_days = razor_issue_days(facility, week)
    out = []
    for i, c in enumerate(facility.closures):
        where = f"closures[{i}]"
        out += [
            Problem("facility.yaml", where, field, message, "CAL-01")
            for field, message in _closure_faults(c, facility, week, issue_days)
        ]
    return out


def _closure_faults(
    c: Closure, facility: Facility, week: list[dt.date], issue_days: set[dt.date]
) -> list[tuple[str, str]]:
    """(field, message) for every way one closure does not fit the week or its resource."""
    faults = []
    if c.date not in week:
        faults.append(("date", f"{c.date} is not a date of the week"))
    elif c.resource == "razor_issue" and c.date not in issue_days:
        faults.append(("date", f"{c.date} is not a razor issue day of the week"))
    if c.resource in COUNTED:
        setting = COUNTED[c.resource]
        have = getattr(facility.visitation, setting)
        if c.count > have:
            faults.append(("count", f"count {c.count} is more than visitation.{setting} ({have})"))
    elif c.count != 1:
        faults.append(("count", f"a {c.resource} closure takes no count (only booths and legal_room do)"))
    if c.id is not None and c.resource not in IDENTIFIED_BY:
        faults.append(("id", f"a {c.resource} closure takes no id (only an area or a machine has one)"))
    return faults


def razor_issue_days(facility: Facility, week: list[dt.date]) -> set[dt.date]:
    """RAZ-01: the dates of the week razors are issued, `razors.issue_offset_days` after each
    list day of the week (the list day itself under offset 0)."""
    return set(facility.razor_issue_days(week))


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
