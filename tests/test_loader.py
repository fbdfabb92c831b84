"""Every loader error path prints exactly one clear line naming file, record, field and rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.problems import InstanceError
from scheduler.loading import load_instance
from tests.builders import FACILITY, base_tables, inmate, write_instance

Tables = dict[str, list[dict[str, str]]]


def _set(file: str, index: int, **values: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[file][index].update(values)

    return change


def _add(file: str, row: dict[str, str]) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables.setdefault(file, []).append(row)

    return change


OFFENCE = {"id": "X1", "inmate_id": "I1", "date": "2026-11-20", "category": "minor", "rules": "42"}
SANCTION = {
    "id": "S1",
    "inmate_id": "I1",
    "privilege": "recreation",
    "start": "2026-11-23",
    "end": "2026-11-25",
}
SIGNUP = {"inmate_id": "I1", "list_date": "2026-11-23", "position": "1"}

CSV_CASES: list[tuple[Callable[[Tables], None], str]] = [
    (
        _set("inmates.csv", 0, sex="X"),
        "inmates.csv: row 2 (id I1), field sex: Input should be 'M' or 'F' (got 'X') [HOU-02]",
    ),
    (
        _set("inmates.csv", 0, last_name=""),
        "inmates.csv: row 2 (id I1), field last_name: required value is empty [HOU-01]",
    ),
    (
        _set("inmates.csv", 0, charge=""),
        "inmates.csv: row 2 (id I1), field charge: a criminal commitment needs felony or misdemeanour [HOU-04]",
    ),
    (
        _set("inmates.csv", 0, pod="Z"),
        "inmates.csv: row 2 (id I1), field pod: unknown housing unit 'Z' [HOU-01]",
    ),
    (
        _set("inmates.csv", 0, pod="F"),
        "inmates.csv: row 2 (id I1), field sex: sex M in pod F for sex F [HOU-02]",
    ),
    (
        _set("inmates.csv", 3, pod="A"),
        "inmates.csv: row 5 (id I4), field commitment: civil commitment in pod A for criminal commitments [HOU-03]",
    ),
    (
        _set("inmates.csv", 0, last_name="123"),
        "inmates.csv: row 2 (id I1), field last_name: last name '123' has no letter [VIS-01]",
    ),
    (_set("inmates.csv", 1, id="I1"), "inmates.csv: row 3 (id I1), field id: duplicate id 'I1' [HOU-01]"),
    (
        _add("balances.csv", {"inmate_id": "I1", "date": "2026-11-01", "balance": "two"}),
        "balances.csv: row 2 (inmate_id I1), field balance: amount 'two' is not a number of dollars [IND-01]",
    ),
    (
        _add("balances.csv", {"inmate_id": "I9", "date": "2026-11-01", "balance": "0.00"}),
        "balances.csv: row 2 (inmate_id I9), field inmate_id: unknown inmate 'I9' [IND-01]",
    ),
    (
        _add("separations.csv", {"inmate_a": "I1", "inmate_b": "I1", "reason": "adversary"}),
        "separations.csv: row 2, field inmate_b: an inmate kept apart from themself [SEP-01]",
    ),
    (
        _add("separations.csv", {"inmate_a": "I1", "inmate_b": "I7", "reason": "adversary"}),
        "separations.csv: row 2, field inmate_b: unknown inmate 'I7' [SEP-01]",
    ),
    (
        _add("offences.csv", OFFENCE | {"category": "rude"}),
        "offences.csv: row 2 (id X1), field category: unknown category 'rude' "
        "(known: disrespect_or_smoking, major, minor) [DIS-01]",
    ),
    (
        _add("offences.csv", OFFENCE | {"date": "2026-11-31"}),
        "offences.csv: row 2 (id X1), field date: 2026-11-31 is not a calendar date [DIS-01]",
    ),
    (
        _add("sanctions.csv", SANCTION | {"end": "2026-11-20"}),
        "sanctions.csv: row 2 (id S1), field end: ends 2026-11-20 before it starts 2026-11-23 [DIS-02]",
    ),
    (
        _add("sanctions.csv", SANCTION | {"privilege": "tv"}),
        "sanctions.csv: row 2 (id S1), field privilege: Input should be 'visitation', 'recreation', 'commissary', "
        "'phone' or 'razor' (got 'tv') [DIS-02]",
    ),
    (
        _set("visitors.csv", 0, id_expiry=""),
        "visitors.csv: row 2 (id V1), field id_expiry: a state ID needs its expiry date [VTR-01]",
    ),
    (
        _set("visitors.csv", 0, date_of_birth="2027-01-01"),
        "visitors.csv: row 2 (id V1), field date_of_birth: 2027-01-01 is after the week [VTR-02]",
    ),
    (
        _add("relations.csv", {"visitor_id": "V1", "inmate_id": "I1", "relation": "friend"}),
        "relations.csv: row 4 (inmate_id I1), field inmate_id: relation V1/I1 listed twice [VTR-05]",
    ),
    (
        _set("relations.csv", 0, relation="cousin"),
        "relations.csv: row 2 (inmate_id I1), field relation: Input should be 'spouse', 'parent', 'child', "
        "'sibling', 'grandparent', 'grandchild', 'step_parent', 'step_child', 'other_family', 'friend', "
        "'attorney', 'clergy' or 'other' (got 'cousin') [VTR-05]",
    ),
    (
        _set("requests.csv", 0, visitor_ids="V1;V9"),
        "requests.csv: row 2 (id R1), field visitor_ids: unknown visitor 'V9' [VIS-04]",
    ),
    (
        _set("requests.csv", 0, visitor_ids="V1;V1"),
        "requests.csv: row 2 (id R1), field visitor_ids: a visitor is listed twice [VIS-04]",
    ),
    (
        _set("requests.csv", 0, inmate_id="I9"),
        "requests.csv: row 2 (id R1), field inmate_id: unknown inmate 'I9' [VIS-13]",
    ),
    (
        _set("requests.csv", 0, registered_at="yesterday"),
        "requests.csv: row 2 (id R1), field registered_at: 'yesterday' is not a date and time like "
        "2026-11-18T09:12 [VIS-10]",
    ),
    (
        _add("razor_signups.csv", SIGNUP | {"list_date": "2026-11-24"}),
        "razor_signups.csv: row 2 (inmate_id I1), field list_date: 2026-11-24 is not a razor list day of the week "
        "[RAZ-01]",
    ),
    (
        _add("razor_signups.csv", SIGNUP | {"position": "0"}),
        "razor_signups.csv: row 2 (inmate_id I1), field position: Input should be greater than or equal to 1 "
        "(got '0') [RAZ-01]",
    ),
    (
        _set("staff.csv", 0, mon="7am"),
        "staff.csv: row 2 (id O1), field mon: shift '7am' is not like '07:00-15:00' [STF-02]",
    ),
    (
        _add("staff_relationships.csv", {"officer_id": "O9", "inmate_id": "I1", "kind": "friend"}),
        "staff_relationships.csv: row 2 (inmate_id I1), field officer_id: unknown officer 'O9' [STF-03]",
    ),
    (
        _add(
            "staff_relationships.csv",
            {"officer_id": "O1", "inmate_id": "I1", "visitor_id": "V1", "kind": "friend"},
        ),
        "staff_relationships.csv: row 2 (inmate_id I1), field visitor_id: give exactly one of inmate_id and "
        "visitor_id (this row has both) [STF-03]",
    ),
]


@pytest.mark.parametrize(
    ("change", "line"), CSV_CASES, ids=[c[1].split(":")[0] + str(i) for i, c in enumerate(CSV_CASES)]
)
def test_csv_error_line(tmp_path: Path, change: Callable[[Tables], None], line: str) -> None:
    tables = base_tables()
    change(tables)
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "inst", tables))
    assert err.value.lines == [line]


def _facility(**changes: Any) -> dict[str, Any]:
    return FACILITY | changes


YAML_CASES: list[tuple[dict[str, Any], str]] = [
    (
        _facility(visitation={"booths": "four"}),
        "facility.yaml: field visitation.booths: Input should be a valid integer (got 'four') [VIS-02]",
    ),
    (
        _facility(visitation={"boths": 5}),
        "facility.yaml: field visitation.boths: unknown setting [VIS-01]",
    ),
    (
        _facility(visitation={"windows": [{"day": "sat", "start": "8am", "end": "11:00"}]}),
        "facility.yaml: field visitation.windows.0.start: time '8am' is not HH:MM [VIS-01]",
    ),
    (
        _facility(visitation={"windows": [{"day": "sat", "start": "11:00", "end": "08:00"}]}),
        "facility.yaml: field visitation.windows.0: window end must be after its start [VIS-01]",
    ),
    (
        _facility(housing_units=[dict(FACILITY["housing_units"][0]) for _ in range(2)]),
        "facility.yaml: housing unit id 'A' appears twice [HOU-01]",
    ),
    (
        _facility(recreation={"areas": [{"id": "R", "capacity": 0}]}),
        "facility.yaml: field recreation.areas.0.capacity: Input should be greater than or equal to 1 (got 0) [REC-02]",
    ),
]


@pytest.mark.parametrize(("facility", "line"), YAML_CASES)
def test_facility_error_line(tmp_path: Path, facility: dict[str, Any], line: str) -> None:
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "inst", facility=facility))
    assert err.value.lines == [line]


def test_week_must_start_on_monday(tmp_path: Path) -> None:
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "inst", monday="2026-11-24"))
    assert err.value.lines == ["week.yaml: field monday: 2026-11-24 is a tue, not a Monday [DAY-01]"]


def test_missing_files_and_folder(tmp_path: Path) -> None:
    folder = write_instance(tmp_path / "inst")
    (folder / "inmates.csv").unlink()
    (folder / "facility.yaml").unlink()
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    assert err.value.lines == ["facility.yaml: file not found", "inmates.csv: file not found [HOU-01]"]
    with pytest.raises(InstanceError) as err:
        load_instance(tmp_path / "nowhere")
    assert err.value.lines == [f"{tmp_path / 'nowhere'}: instance folder not found"]


def test_broken_yaml_and_unknown_column(tmp_path: Path) -> None:
    folder = write_instance(tmp_path / "inst")
    (folder / "facility.yaml").write_text("name: [unclosed\n")
    tables = base_tables()
    tables["inmates.csv"][0]["nickname"] = "Ace"
    write_instance(tmp_path / "two", tables)
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    assert err.value.lines[0].startswith("facility.yaml: line 2: not valid YAML (")
    with pytest.raises(InstanceError) as err:
        load_instance(tmp_path / "two")
    assert err.value.lines == ["inmates.csv: row 1, field nickname: unknown column [HOU-01]"]


def test_every_problem_is_listed_once(tmp_path: Path) -> None:
    tables = base_tables()
    tables["inmates.csv"].append(inmate("I6", "Zed", pod="Q"))
    tables["inmates.csv"].append(inmate("I7", "Young", sex="F"))
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "inst", tables))
    assert err.value.lines == [
        "inmates.csv: row 7 (id I6), field pod: unknown housing unit 'Q' [HOU-01]",
        "inmates.csv: row 8 (id I7), field sex: sex F in pod A for sex M [HOU-02]",
    ]


def test_valid_base_week_loads(tmp_path: Path) -> None:
    inst = load_instance(write_instance(tmp_path / "inst"))
    assert set(inst.inmates) == {"I1", "I2", "I3", "I4", "I5"}
    assert inst.eligibility["R1"].eligible
