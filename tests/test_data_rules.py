"""Data rules applied at load time: surname letters, DIS-01, IND-01, VTR-01..05."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.facility import Discipline, Supplies
from models.roster import Balance, Offence
from scheduler.loading import load_instance
from scheduler.loading.discipline import derive_lockdowns, lockdown_days
from scheduler.loading.indigent import indigent_inmates
from scheduler.loading.surname import surname_letter
from tests.builders import FACILITY, base_tables, write_instance

WEEK = [dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(7)]


@pytest.mark.parametrize(
    ("name", "particles", "letter"),
    [
        ("O'Brien", [], "O"),
        ("de la Cruz", [], "D"),
        ("de la Cruz", ["de", "la"], "C"),
        ("Élodie", [], "E"),
        ("Ñúñez", [], "N"),
        ("  'Tavares", [], "T"),
        ("123-45", [], None),
    ],
)
def test_surname_letter(name: str, particles: list[str], letter: str | None) -> None:
    assert surname_letter(name, particles) == letter


@pytest.mark.parametrize(
    ("category", "nth", "days"),
    [
        ("minor", 1, 3),
        ("minor", 2, 5),
        ("minor", 3, 10),
        ("minor", 4, 10),
        ("disrespect_or_smoking", 1, 5),
        ("disrespect_or_smoking", 2, 10),
        ("disrespect_or_smoking", 3, 15),
        ("disrespect_or_smoking", 5, 15),
        ("major", 1, None),
        ("major", 3, None),
    ],
)
def test_dis01_table(category: str, nth: int, days: int | None) -> None:
    assert lockdown_days(Discipline(), category, nth) == days


def _offence(oid: str, day: str, category: str = "minor", rules: list[int] | None = None) -> Offence:
    return Offence(
        id=oid, inmate_id="I1", date=dt.date.fromisoformat(day), category=category, rules=rules or [42]
    )


def test_dis01_counts_earlier_offences_of_the_same_category() -> None:
    offences = [
        _offence("a", "2026-09-01"),
        _offence("b", "2026-10-01", "disrespect_or_smoking"),
        _offence("c", "2026-10-10"),
        _offence("d", "2026-11-22"),
    ]
    spells, reviews = derive_lockdowns(offences, Discipline(), WEEK)
    assert [(s.offence_id, s.days) for s in spells] == [("a", 3), ("b", 5), ("c", 5), ("d", 10)]
    assert spells[-1].nights == WEEK  # from Sunday 22nd for 10 days: every night of the week
    assert reviews == []


def test_dis01_admin_review_for_major_and_several_rules() -> None:
    spells, reviews = derive_lockdowns(
        [_offence("m", "2026-11-23", "major"), _offence("s", "2026-11-24", rules=[17, 20])],
        Discipline(),
        WEEK,
    )
    assert spells == []
    assert [(r.offence_id, r.reason) for r in reviews] == [
        ("m", "category 'major'"),
        ("s", "several rules at once"),
    ]


def test_dis01_nights_are_clipped_to_the_week() -> None:
    spells, _ = derive_lockdowns([_offence("x", "2026-11-21")], Discipline(), WEEK)
    assert spells[0].nights == [dt.date(2026, 11, 23)]


def _ledger(*rows: tuple[str, str, str]) -> list[Balance]:
    return [
        Balance.model_validate({"inmate_id": i, "date": d, "balance": b}, strict=False) for i, d, b in rows
    ]


def test_ind01_boundaries() -> None:
    ledger = _ledger(
        ("exact7", "2026-10-01", "5.00"),
        ("exact7", "2026-11-18", "0.02"),
        ("cents3", "2026-10-01", "0.03"),
        ("six", "2026-10-01", "0.00"),
        ("six", "2026-11-18", "1.00"),
        ("six", "2026-11-19", "0.00"),
        ("late", "2026-11-24", "9.00"),
        ("zero", "2026-01-01", "0"),
    )
    wednesday = dt.date(2026, 11, 25)
    assert indigent_inmates(ledger, Supplies(), wednesday) == ["exact7", "zero"]
    assert indigent_inmates(ledger, Supplies(indigent_threshold_cents=3), wednesday) == [
        "cents3",
        "exact7",
        "zero",
    ]


VISITORS = [
    {
        "id": "V1",
        "first_name": "Ann",
        "last_name": "A",
        "date_of_birth": "1970-01-01",
        "id_kind": "state",
        "id_expiry": "2030-01-01",
    },
    {"id": "V2", "first_name": "Kid", "last_name": "A", "date_of_birth": "2016-05-05", "id_kind": "none"},
    {
        "id": "V3",
        "first_name": "Old",
        "last_name": "A",
        "date_of_birth": "1960-01-01",
        "id_kind": "state",
        "id_expiry": "2026-11-27",
    },
    {
        "id": "V4",
        "first_name": "Emp",
        "last_name": "A",
        "date_of_birth": "1980-01-01",
        "id_kind": "state",
        "id_expiry": "2030-01-01",
        "employer": "justice_services",
        "employee_type": "merit",
    },
    {
        "id": "V5",
        "first_name": "Nurse",
        "last_name": "A",
        "date_of_birth": "1985-01-01",
        "id_kind": "federal",
        "id_expiry": "2030-01-01",
        "employer": "health",
        "employee_type": "volunteer",
    },
    {"id": "V6", "first_name": "Turns", "last_name": "A", "date_of_birth": "2010-11-27", "id_kind": "none"},
    {
        "id": "V7",
        "first_name": "Nid",
        "last_name": "A",
        "date_of_birth": "1990-01-01",
        "id_kind": "other",
        "id_expiry": "2030-01-01",
    },
]


def _judge(
    tmp_path: Path, visitors: str, relations: dict[str, str], prior: str = ""
) -> tuple[str | None, str]:
    """Load a week with one social request of I1 (window Saturday 28th) and return its verdict."""
    tables = base_tables()
    tables["visitors.csv"] = VISITORS
    tables["relations.csv"] = [
        {"visitor_id": v, "inmate_id": "I1", "relation": r, "prior_to_incarceration": prior}
        for v, r in relations.items()
    ]
    tables["requests.csv"][0]["visitor_ids"] = visitors
    inst = load_instance(write_instance(tmp_path / "inst", tables))
    verdict = inst.eligibility["R1"]
    return verdict.rule, verdict.reason


def test_vtr01_id_expired_on_the_visit_date(tmp_path: Path) -> None:
    rule, reason = _judge(tmp_path, "V3", {"V3": "parent"})
    assert (rule, reason) == ("VTR-01", "visitor V3's photo ID expired 2026-11-27 (visit 2026-11-28)")


def test_vtr01_id_not_state_or_federal(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V7", {"V7": "friend"})[0] == "VTR-01"


def test_vtr02_child_alone(tmp_path: Path) -> None:
    rule, reason = _judge(tmp_path, "V2", {"V2": "child"})
    assert (rule, reason) == ("VTR-02", "visitor V2 is under 16 and no adult with valid ID comes with them")


def test_vtr02_child_with_adult_without_valid_id(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V3;V2", {"V3": "parent", "V2": "child"})[0] == "VTR-01"


def test_vtr02_child_not_immediate_family(tmp_path: Path) -> None:
    rule, _ = _judge(tmp_path, "V1;V2", {"V1": "spouse", "V2": "other_family"})
    assert rule == "VTR-02"


def test_vtr02_child_with_adult_is_eligible(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V1;V2", {"V1": "spouse", "V2": "child"}) == (None, "")


def test_vtr02_age_is_taken_on_the_visit_date(tmp_path: Path) -> None:
    # V6 turns 16 the day before the Saturday visit: an adult without photo ID then.
    assert _judge(tmp_path, "V6", {"V6": "child"})[0] == "VTR-01"


def test_vtr03_employee_visiting_family_is_allowed(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V4", {"V4": "parent"}) == (None, "")


def test_vtr03_employee_visiting_non_family_is_refused_with_notice(tmp_path: Path) -> None:
    rule, reason = _judge(tmp_path, "V4", {"V4": "friend"})
    assert rule == "VTR-03"
    assert (
        reason == "visitor V4 is a justice_services employee and inmate I1 is not immediate family (friend)"
    )


def test_vtr03_health_employee_with_prior_relationship(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V5", {"V5": "friend"}, prior="true") == (None, "")
    assert _judge(tmp_path, "V5", {"V5": "friend"}, prior="false")[0] == "VTR-03"


def test_vtr03_prior_relationship_does_not_help_justice_services(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V4", {"V4": "friend"}, prior="true")[0] == "VTR-03"


def test_vtr04_notice_for_refused_employee_and_recorded_contact(tmp_path: Path) -> None:
    tables = base_tables()
    tables["visitors.csv"] = VISITORS
    tables["relations.csv"] = [{"visitor_id": "V4", "inmate_id": "I1", "relation": "friend"}]
    tables["requests.csv"][0]["visitor_ids"] = "V4"
    tables["staff_relationships.csv"] = [{"officer_id": "O1", "inmate_id": "I2", "kind": "contact"}]
    inst = load_instance(write_instance(tmp_path / "inst", tables))
    assert [(n.rule, n.subject) for n in inst.notices] == [("VTR-04", "V4"), ("VTR-04", "O1")]
    assert "chain of command" in inst.notices[0].text


def test_vtr05_unrecorded_relation_is_not_family(tmp_path: Path) -> None:
    assert _judge(tmp_path, "V4", {})[0] == "VTR-03"


def test_vis01_inmate_matching_no_window(tmp_path: Path) -> None:
    tables = base_tables()
    tables["requests.csv"][0]["inmate_id"] = "I4"  # a civil commitment; the only window serves criminal ones
    facility = dict(FACILITY)
    facility["visitation"] = {
        "windows": [{"day": "sat", "start": "08:00", "end": "11:00", "commitment": "criminal"}]
    }
    inst = load_instance(write_instance(tmp_path / "inst", tables, facility=facility))
    assert inst.eligibility["R1"].rule == "VIS-01"


def test_vis08_suspension_and_dis08_lockdown(tmp_path: Path) -> None:
    tables = base_tables()
    tables["sanctions.csv"] = [
        {"id": "S1", "inmate_id": "I1", "privilege": "visitation", "start": "2026-11-27", "end": "2026-11-29"}
    ]
    inst = load_instance(write_instance(tmp_path / "a", tables))
    assert inst.eligibility["R1"].rule == "VIS-08"
    tables = base_tables()
    tables["offences.csv"] = [
        {"id": "X", "inmate_id": "I1", "date": "2026-11-27", "category": "minor", "rules": "42"}
    ]
    inst = load_instance(write_instance(tmp_path / "b", tables))
    assert inst.eligibility["R1"].rule == "DIS-08"


def test_vis10_late_registration(tmp_path: Path) -> None:
    tables = base_tables()
    tables["requests.csv"][0]["registered_at"] = "2026-11-28T07:50:00"
    inst = load_instance(write_instance(tmp_path / "inst", tables))
    assert inst.eligibility["R1"].rule == "VIS-10"
    tables["requests.csv"][0]["registered_at"] = "2026-11-28T07:45:00"
    assert load_instance(write_instance(tmp_path / "ok", tables)).eligibility["R1"].eligible
