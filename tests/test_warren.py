"""The bundled Warren County week: the deliberate special cases come out as the rules say."""

from __future__ import annotations

import datetime as dt

import pytest

from models.instance import Instance
from scheduler.cli import BUNDLED
from scheduler.loading import load_instance


@pytest.fixture(scope="module")
def warren() -> Instance:
    return load_instance(BUNDLED)


def test_population_and_classes(warren: Instance) -> None:
    pods = {u.id: sum(i.pod == u.id for i in warren.inmates.values()) for u in warren.facility.housing_units}
    assert pods == {"A": 30, "B": 30, "C": 28, "D": 10, "Dorm": 22}
    men = {warren.surname_letters[i.id] for i in warren.inmates.values() if i.sex == "M"}
    assert men == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert warren.surname_letters["I0009"] == "O"  # O'Brien
    assert warren.surname_letters["I0107"] == "D"  # de la Cruz
    assert warren.surname_letters["I0064"] == "E"  # Ébert


@pytest.mark.parametrize(
    ("request_id", "rule"),
    [
        ("R0001", None),  # employee visiting his mother
        ("R0002", "VTR-03"),  # employee visiting an unrelated inmate
        ("R0003", None),  # Health employee, relationship before incarceration
        ("R0004", "VTR-01"),  # expired ID, the only adult with a child
        ("R0005", "VTR-02"),  # child alone
        ("R0006", "VTR-02"),  # child visiting an uncle
        ("R0009", "DIS-08"),  # on lockdown that weekend
        ("R0012", "VIS-08"),  # visitation suspended
        ("R0095", None),  # legal visit of a lockdown inmate stays allowed
    ],
)
def test_request_outcomes(warren: Instance, request_id: str, rule: str | None) -> None:
    assert warren.eligibility[request_id].rule == rule


def test_g_to_l_window_is_oversubscribed(warren: Instance) -> None:
    vis = warren.facility.visitation
    capacity = vis.booths * ((vis.windows[1].end - vis.windows[1].start) // vis.slot_minutes)
    wanting = {
        warren.requests[e.request_id].inmate_id
        for e in warren.eligibility.values()
        if any(c.window == 1 for c in e.candidates)
    }
    assert len(wanting) > capacity == 24


def test_lockdowns_and_reviews(warren: Instance) -> None:
    assert len(warren.lockdown_nights) == 4
    assert sorted(warren.lockdown_nights["I0091"]) == [dt.date(2026, 11, d) for d in range(24, 29)]
    assert {r.offence_id for r in warren.admin_reviews} == {"OF05", "OF07"}


def test_indigent_and_notices(warren: Instance) -> None:
    assert warren.indigent == ["I0003", "I0049", "I0060", "I0080", "I0092", "I0093"]
    assert [(n.rule, n.subject) for n in warren.notices] == [("VTR-04", "V002"), ("VTR-04", "O12")]
