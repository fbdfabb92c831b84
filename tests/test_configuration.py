"""Facilities that differ from Warren County by configuration alone: each setting is checked
at load, enforced by the solver and re-checked by the verifier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.problems import InstanceError
from models.schedule import VisitEvent, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import FACILITY, adult, child, family, inmate, request, write_instance


def visitation_week(
    tmp_path: Path, tables: dict[str, list[dict[str, str]]], visitation: dict[str, Any]
) -> tuple[Instance, WeekSchedule]:
    facility = FACILITY | {"visitation": visitation}
    instance = load_instance(write_instance(tmp_path / "inst", tables, facility=facility))
    schedule = build_week(instance, SolveSettings(time_limit=20), only="visitation")
    assert verify(schedule, instance, partial=True) == []
    return instance, schedule


# --- VIS-04: separate caps on adults and children per visit -------------------------------

SAT_WINDOW = [{"day": "sat", "start": "08:00", "end": "11:00", "sex": "M"}]


def _caps_tables() -> dict[str, list[dict[str, str]]]:
    requests = [
        request("R1", "I1", "V1;V2;K1;K2", 0),  # 2 adults, 2 children: allowed by 2 + 2
        request("R2", "I2", "V3;V4;V5", 1),  # 3 adults: over the adult cap
        request("R3", "I3", "V6;K3;K4;K5", 2),  # 3 children: over the child cap
    ]
    return {
        "inmates.csv": [inmate("I1", "Adams"), inmate("I2", "Baker"), inmate("I3", "Clark")],
        "visitors.csv": [adult(f"V{k}") for k in range(1, 7)] + [child(f"K{k}") for k in range(1, 6)],
        "relations.csv": family(requests, "child"),
        "requests.csv": requests,
    }


def test_adult_and_child_caps_refuse_requests_over_either(tmp_path: Path) -> None:
    caps = {"max_adults_per_visit": 2, "max_children_per_visit": 2, "windows": SAT_WINDOW}
    instance, schedule = visitation_week(tmp_path, _caps_tables(), caps)
    assert instance.eligibility["R1"].eligible
    assert (instance.eligibility["R2"].rule, instance.eligibility["R3"].rule) == ("VIS-04", "VIS-04")
    assert "3 adults" in (instance.eligibility["R2"].reason or "")
    assert "3 children" in (instance.eligibility["R3"].reason or "")
    served = {e.request_id for _, e in schedule.events() if isinstance(e, VisitEvent)}
    assert served == {"R1"}
    assert {u.request_id: u.rule for u in schedule.waitlist} == {"R2": "VIS-04", "R3": "VIS-04"}


def test_without_caps_only_the_visitor_total_applies(tmp_path: Path) -> None:
    _, schedule = visitation_week(tmp_path, _caps_tables(), {"windows": SAT_WINDOW})
    served = {e.request_id for _, e in schedule.events() if isinstance(e, VisitEvent)}
    assert served == {"R1", "R2", "R3"}


def test_verifier_catches_a_served_visit_over_a_cap(tmp_path: Path) -> None:
    instance, schedule = visitation_week(tmp_path, _caps_tables(), {"windows": SAT_WINDOW})
    vis = instance.facility.visitation.model_copy(update={"max_children_per_visit": 1})
    capped = instance.model_copy(
        update={"facility": instance.facility.model_copy(update={"visitation": vis})}
    )
    found = {(v.rule, v.message) for v in verify(schedule, capped, partial=True) if v.rule == "VIS-04"}
    assert any("2 children, at most 1" in message for _, message in found)
    assert any("3 children, at most 1" in message for _, message in found)


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("max_adults_per_visit", 0, "greater than or equal to 1"),
        ("max_children_per_visit", -1, "greater than or equal to 0"),
        ("max_adults_per_visit", 5, "more than max_visitors_per_visit (4)"),
    ],
)
def test_caps_are_checked_at_load(tmp_path: Path, setting: str, value: int, says: str) -> None:
    facility = FACILITY | {"visitation": {setting: value}}
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "inst", facility=facility))
    [line] = err.value.lines
    assert setting in line and says in line and line.endswith("[VIS-04]")


# --- VIS-01: custody tags on inmates, a tag selector on windows -----------------------------

TAGS = ["general_population", "restrictive_housing", "administrative_segregation"]
TAGGED_WINDOWS = [
    {"day": "sat", "start": "08:00", "end": "11:00", "tags": ["general_population"]},
    {
        "day": "fri",
        "start": "13:00",
        "end": "16:00",
        "tags": ["restrictive_housing", "administrative_segregation"],
    },
]


def _tagged_tables(tags: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    requests = [request(f"R{k}", iid, f"V{k}", k) for k, iid in enumerate(sorted(tags), 1)]
    return {
        "inmates.csv": [
            inmate(iid, name, tags=tags[iid])
            for iid, name in zip(sorted(tags), ("Adams", "Baker", "Clark"), strict=False)
        ],
        "visitors.csv": [adult(f"V{k}") for k in range(1, len(tags) + 1)],
        "relations.csv": family(requests),
        "requests.csv": requests,
    }


def tagged_week(tmp_path: Path, tags: dict[str, str]) -> tuple[Instance, WeekSchedule]:
    facility = FACILITY | {"custody_tags": TAGS, "visitation": {"windows": TAGGED_WINDOWS}}
    instance = load_instance(write_instance(tmp_path / "inst", _tagged_tables(tags), facility=facility))
    schedule = build_week(instance, SolveSettings(time_limit=20), only="visitation")
    assert verify(schedule, instance, partial=True) == []
    return instance, schedule


def test_windows_serve_the_custody_tags_they_select(tmp_path: Path) -> None:
    tags = {"I1": "general_population", "I2": "restrictive_housing", "I3": ""}
    instance, schedule = tagged_week(tmp_path, tags)
    days = {
        e.request_id: d.date.strftime("%a")
        for d in schedule.days
        for e in d.events
        if isinstance(e, VisitEvent)
    }
    assert days == {"R1": "Sat", "R2": "Fri"}
    assert instance.eligibility["R3"].rule == "VIS-01", "an untagged inmate matches no tagged window"


def test_verifier_catches_a_visit_in_a_window_of_another_tag(tmp_path: Path) -> None:
    instance, schedule = tagged_week(tmp_path, {"I1": "general_population", "I2": "restrictive_housing"})
    moved = instance.inmates["I2"].model_copy(update={"tags": ["general_population"]})
    changed = instance.model_copy(update={"inmates": instance.inmates | {"I2": moved}})
    assert any(v.rule == "VIS-01" for v in verify(schedule, changed, partial=True))


def test_tags_are_checked_at_load(tmp_path: Path) -> None:
    facility = FACILITY | {"custody_tags": TAGS, "visitation": {"windows": TAGGED_WINDOWS}}
    tables = _tagged_tables({"I1": "general_population;solitary"})
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "a", tables, facility=facility))
    assert err.value.lines == [
        "inmates.csv: row 2 (id I1), field tags: unknown custody tag 'solitary' "
        "(general_population, restrictive_housing, administrative_segregation) [VIS-01]"
    ]
    undeclared = FACILITY | {"visitation": {"windows": TAGGED_WINDOWS}}
    with pytest.raises(InstanceError) as err:
        load_instance(write_instance(tmp_path / "b", _tagged_tables({"I1": ""}), facility=undeclared))
    assert err.value.lines == [
        "facility.yaml: field visitation.windows[0].tags: 'general_population' is not one of custody_tags "
        "(none declared) [VIS-01]"
    ]


# --- the generator produces every setting ----------------------------------------------------


def test_generator_variant_writes_each_setting(tmp_path: Path) -> None:
    from scheduler.generate import Variant, generate_instance

    variant = Variant(
        visitor_caps=(2, 2),
        custody_tags=True,
        razors=4,
        laundry_hours=(420, 720),
        area_sizes=(30, 10),
        evening_razors=True,
    )
    generate_instance(tmp_path / "v", 300, 1, variant=variant)
    instance = load_instance(tmp_path / "v")
    facility = instance.facility
    assert (facility.visitation.max_adults_per_visit, facility.visitation.max_children_per_visit) == (2, 2)
    assert all(w.tags for w in facility.visitation.windows)
    tags = {t for i in instance.inmates.values() for t in i.tags}
    assert tags == set(facility.custody_tags), "every custody tag is carried by some inmate"
    assert facility.razors.inventory == 4
    assert (facility.laundry.start, facility.laundry.end) == (420, 720)
    assert [a.capacity for a in facility.recreation.areas][:2] == [30, 10]
    assert (facility.razors.issue_offset_days, facility.razors.issue_start) == (0, 19 * 60)
    assert any(e.rule == "VIS-04" for e in instance.eligibility.values()), "some request is over a cap"


def test_generator_default_variant_changes_nothing(tmp_path: Path) -> None:
    from scheduler.generate import Variant, generate_instance

    generate_instance(tmp_path / "a", 200, 3)
    generate_instance(tmp_path / "b", 200, 3, variant=Variant())
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
