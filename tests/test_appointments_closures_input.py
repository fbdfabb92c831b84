"""Appointments (APT-01) and closures (CAL-01) as input: the load-time checks give one exact
line per problem, old files still load, and generated weeks carry appointments."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from models.problems import InstanceError
from scheduler.generate import GeneratorRates, generate_instance
from scheduler.loading import load_instance
from tests.builders import FACILITY, base_tables, write_instance

SATURDAY = dt.date(2026, 11, 28)
COURT = {
    "inmate_id": "I1",
    "date": "2026-11-24",
    "start": "08:30",
    "end": "12:00",
    "kind": "court",
    "note": "arraignment",
}


def _lines(folder: Path) -> list[str]:
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    return err.value.lines


def _with_appointments(tmp_path: Path, *rows: dict[str, str]) -> Path:
    tables = base_tables()
    tables["appointments.csv"] = list(rows)
    return write_instance(tmp_path / "inst", tables)


def _with_closures(tmp_path: Path, *closures: dict[str, Any], **settings: Any) -> Path:
    return write_instance(tmp_path / "inst", facility=FACILITY | settings | {"closures": list(closures)})


def _closure(resource: str, day: dt.date = SATURDAY, **extra: Any) -> dict[str, Any]:
    return {"resource": resource, "date": day, "reason": "repair"} | extra


# --- appointments.csv ----------------------------------------------------------------------


def test_valid_appointments_load(tmp_path: Path) -> None:
    medical = COURT | {"start": "10:00", "end": "13:00", "kind": "medical", "note": ""}
    inst = load_instance(_with_appointments(tmp_path, COURT, medical))
    assert [(a.inmate_id, a.date, a.start, a.end, a.kind) for a in inst.appointments] == [
        ("I1", dt.date(2026, 11, 24), 510, 720, "court"),
        ("I1", dt.date(2026, 11, 24), 600, 780, "medical"),
    ]
    assert inst.appointments[0].note == "arraignment"


def test_no_appointments_file_means_none(tmp_path: Path) -> None:
    assert load_instance(write_instance(tmp_path / "inst")).appointments == []


@pytest.mark.parametrize(
    ("row", "line"),
    [
        (
            COURT | {"date": "2026-11-30"},
            "appointments.csv: row 2 (inmate_id I1), field date: 2026-11-30 is not a date of the week [APT-01]",
        ),
        (
            COURT | {"inmate_id": "I9"},
            "appointments.csv: row 2 (inmate_id I9), field inmate_id: unknown inmate 'I9' [APT-01]",
        ),
        (
            COURT | {"end": "08:00"},
            "appointments.csv: row 2 (inmate_id I1), field end: an appointment ends after it starts [APT-01]",
        ),
        (
            COURT | {"kind": "visit"},
            "appointments.csv: row 2 (inmate_id I1), field kind: Input should be 'court', 'medical', "
            "'transport' or 'other' (got 'visit') [APT-01]",
        ),
    ],
)
def test_appointment_error_line(tmp_path: Path, row: dict[str, str], line: str) -> None:
    assert _lines(_with_appointments(tmp_path, row)) == [line]


def test_duplicate_appointment_names_the_first_row(tmp_path: Path) -> None:
    folder = _with_appointments(tmp_path, COURT, COURT | {"note": "same again"})
    assert _lines(folder) == [
        "appointments.csv: row 3 (inmate_id I1), field inmate_id: same appointment as row 2 [APT-01]"
    ]


def test_same_times_for_two_inmates_is_no_duplicate(tmp_path: Path) -> None:
    inst = load_instance(_with_appointments(tmp_path, COURT, COURT | {"inmate_id": "I2"}))
    assert len(inst.appointments) == 2


# --- facility.yaml closures ----------------------------------------------------------------


def test_valid_closures_load(tmp_path: Path) -> None:
    folder = _with_closures(
        tmp_path,
        _closure("booths", start="08:00", end="11:00", count=2, reason="intercom repair in booth 4"),
        _closure("legal_room", dt.date(2026, 11, 24)),
        _closure("razor_issue", dt.date(2026, 11, 26)),
        _closure("recreation_area", dt.date(2026, 11, 25), id="Rec"),
        _closure("laundry_machine", dt.date(2026, 11, 26), id="D2"),
        _closure("visitation_room", dt.date(2026, 11, 29)),
    )
    closures = load_instance(folder).facility.closures
    assert [(c.resource, c.span, c.count, c.id) for c in closures] == [
        ("booths", (480, 660), 2, None),
        ("legal_room", (0, 1440), 1, None),
        ("razor_issue", (0, 1440), 1, None),
        ("recreation_area", (0, 1440), 1, "Rec"),
        ("laundry_machine", (0, 1440), 1, "D2"),
        ("visitation_room", (0, 1440), 1, None),
    ]
    assert closures[0].reason == "intercom repair in booth 4"


@pytest.mark.parametrize(
    ("closure", "line"),
    [
        (
            _closure("booths", dt.date(2026, 12, 5)),
            "facility.yaml: closures[0], field date: 2026-12-05 is not a date of the week [CAL-01]",
        ),
        (
            _closure("booths", count=5),
            "facility.yaml: closures[0], field count: count 5 is more than visitation.booths (4) [CAL-01]",
        ),
        (
            _closure("legal_room", count=2),
            "facility.yaml: closures[0], field count: count 2 is more than visitation.legal_rooms (1) [CAL-01]",
        ),
        (
            _closure("razor_issue", dt.date(2026, 11, 23)),
            "facility.yaml: closures[0], field date: 2026-11-23 is not a razor issue day of the week [CAL-01]",
        ),
        (
            _closure("recreation_area", id="Rec", count=2),
            "facility.yaml: closures[0], field count: a recreation_area closure takes no count "
            "(only booths and legal_room do) [CAL-01]",
        ),
        (
            _closure("visitation_room", count=3),
            "facility.yaml: closures[0], field count: a visitation_room closure takes no count "
            "(only booths and legal_room do) [CAL-01]",
        ),
        (
            _closure("booths", id="4"),
            "facility.yaml: closures[0], field id: a booths closure takes no id "
            "(only an area or a machine has one) [CAL-01]",
        ),
        (
            _closure("razor_issue", dt.date(2026, 11, 24), id="A"),
            "facility.yaml: closures[0], field id: a razor_issue closure takes no id "
            "(only an area or a machine has one) [CAL-01]",
        ),
        (
            _closure("booths", start="08:00"),
            "facility.yaml: field closures.0: give both start and end, or neither for the whole day [CAL-01]",
        ),
        (
            _closure("booths", end="11:00"),
            "facility.yaml: field closures.0: give both start and end, or neither for the whole day [CAL-01]",
        ),
        (
            _closure("booths", start="11:00", end="08:00"),
            "facility.yaml: field closures.0: closure end must be after its start [CAL-01]",
        ),
        (
            _closure("recreation_area", id="Gym"),
            "facility.yaml: field closures[0].id: no recreation area 'Gym' (areas Rec) [CAL-01]",
        ),
        (
            _closure("recreation_area"),
            "facility.yaml: field closures.0: a recreation_area closure names the area in id [CAL-01]",
        ),
        (
            _closure("laundry_machine", id="W3"),
            "facility.yaml: field closures[0].id: no laundry machine 'W3' (washers W1..W2, dryers D1..D2) [CAL-01]",
        ),
    ],
)
def test_closure_error_line(tmp_path: Path, closure: dict[str, Any], line: str) -> None:
    assert _lines(_with_closures(tmp_path, closure)) == [line]


def test_razor_issue_days_follow_the_list_days(tmp_path: Path) -> None:
    razors = {"list_days": ["sun", "tue"]}
    ok = _with_closures(tmp_path, _closure("razor_issue", dt.date(2026, 11, 25)), razors=razors)
    assert load_instance(ok).facility.closures[0].date == dt.date(2026, 11, 25)
    # Sunday's list is issued on the next week's Monday, so this week's Monday has no issue.
    bad = _with_closures(tmp_path / "b", _closure("razor_issue", dt.date(2026, 11, 23)), razors=razors)
    assert _lines(bad) == [
        "facility.yaml: closures[0], field date: 2026-11-23 is not a razor issue day of the week [CAL-01]"
    ]


def test_every_closure_problem_is_listed(tmp_path: Path) -> None:
    folder = _with_closures(
        tmp_path, _closure("booths", count=9, id="4"), _closure("legal_room", dt.date(2026, 11, 22))
    )
    assert _lines(folder) == [
        "facility.yaml: closures[0], field count: count 9 is more than visitation.booths (4) [CAL-01]",
        "facility.yaml: closures[0], field id: a booths closure takes no id "
        "(only an area or a machine has one) [CAL-01]",
        "facility.yaml: closures[1], field date: 2026-11-22 is not a date of the week [CAL-01]",
    ]


def test_old_out_of_service_becomes_a_closure(tmp_path: Path) -> None:
    laundry = FACILITY["laundry"] | {"out_of_service": [{"machine": "W2", "date": dt.date(2026, 11, 26)}]}
    folder = write_instance(tmp_path / "inst", facility=FACILITY | {"laundry": laundry})
    [closure] = load_instance(folder).facility.closures
    assert (closure.resource, closure.id, closure.date, closure.span, closure.reason) == (
        "laundry_machine",
        "W2",
        dt.date(2026, 11, 26),
        (0, 1440),
        "out of service",
    )


def test_old_out_of_service_keeps_other_closures(tmp_path: Path) -> None:
    laundry = FACILITY["laundry"] | {"out_of_service": [{"machine": "D1", "date": dt.date(2026, 11, 29)}]}
    facility = FACILITY | {"laundry": laundry, "closures": [_closure("booths")]}
    closures = load_instance(write_instance(tmp_path / "inst", facility=facility)).facility.closures
    assert [(c.resource, c.id) for c in closures] == [("booths", None), ("laundry_machine", "D1")]


def test_old_out_of_service_unknown_machine_is_refused(tmp_path: Path) -> None:
    laundry = FACILITY["laundry"] | {"out_of_service": [{"machine": "W9", "date": dt.date(2026, 11, 26)}]}
    folder = write_instance(tmp_path / "inst", facility=FACILITY | {"laundry": laundry})
    assert _lines(folder) == [
        "facility.yaml: field laundry.out_of_service[0].machine: no laundry machine 'W9' "
        "(washers W1..W2, dryers D1..D2) [CAL-01]"
    ]


# --- bundled week and generator ------------------------------------------------------------


def test_bundled_week_has_appointments_and_a_booth_closure() -> None:
    inst = load_instance(Path(__file__).parent.parent / "instances" / "warren")
    assert 4 <= len(inst.appointments) <= 6
    for a in inst.appointments:
        assert a.date in inst.dates and not inst.on_lockdown(a.inmate_id, a.date)
    [closure] = inst.facility.closed("booths", SATURDAY)
    assert (closure.count, closure.span) == (1, (480, 660))


def _appointment_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "appointments.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_generator_writes_appointments_that_load(tmp_path: Path) -> None:
    generate_instance(tmp_path, 500, seed=4)
    inst = load_instance(tmp_path)
    rows = _appointment_rows(tmp_path)
    assert len(rows) == len(inst.appointments) == 5
    offenders = {o.inmate_id for o in inst.offences}
    assert len({a.inmate_id for a in inst.appointments}) == 5
    for a in inst.appointments:
        assert a.kind in ("court", "medical", "transport")
        assert a.date.weekday() < 5 and 480 <= a.start < a.end <= 960
        assert 60 <= a.end - a.start <= 180
        assert a.inmate_id not in offenders


def test_generator_gives_at_least_two_appointments(tmp_path: Path) -> None:
    generate_instance(tmp_path, 10, seed=2)
    assert len(load_instance(tmp_path).appointments) == 2


def test_generator_appointment_rate_zero_gives_none(tmp_path: Path) -> None:
    generate_instance(tmp_path, 100, seed=2, rates=GeneratorRates(appointments=0))
    assert _appointment_rows(tmp_path) == []
