"""The instance generator: reproducible, in range, valid, and sized for a feasible week."""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from models.facility import Facility
from models.roster import CSV_FILES
from scheduler.generate import GeneratorRates, generate_instance
from scheduler.loading.surname import surname_letter

Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Generate each population once per module (seed 7)."""
    cache: dict[int, Path] = {}

    def make(inmates: int) -> Path:
        if inmates not in cache:
            cache[inmates] = tmp_path_factory.mktemp(f"gen{inmates}")
            generate_instance(cache[inmates], inmates, seed=7)
        return cache[inmates]

    return make


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _rows(folder: Path) -> Rows:
    tables: Rows = {}
    for name in CSV_FILES:
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            tables[name] = list(csv.DictReader(handle))
    return tables


def _facility(folder: Path) -> Facility:
    return Facility.model_validate(yaml.safe_load((folder / "facility.yaml").read_text(encoding="utf-8")))


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    rates = GeneratorRates(requests=0.8, children=0.3)
    generate_instance(tmp_path / "a", 1000, seed=3, rates=rates)
    generate_instance(tmp_path / "b", 1000, seed=3, rates=rates)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted([*CSV_FILES, "facility.yaml", "week.yaml"])
    assert first == second


def test_different_seed_differs(tmp_path: Path) -> None:
    generate_instance(tmp_path / "a", 200, seed=1)
    generate_instance(tmp_path / "b", 200, seed=2)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    for name in ("inmates.csv", "requests.csv", "visitors.csv", "razor_signups.csv"):
        assert first[name] != second[name], name


@pytest.mark.parametrize("inmates", [0, 9, 20_001, -5])
def test_population_out_of_range_raises(tmp_path: Path, inmates: int) -> None:
    with pytest.raises(ValueError, match="between 10 and 20000"):
        generate_instance(tmp_path, inmates, seed=1)


@pytest.mark.parametrize("inmates", [10, 1000])
def test_every_row_validates(generated: Callable[[int], Path], inmates: int) -> None:
    folder = generated(inmates)
    _facility(folder)
    for name, rows in _rows(folder).items():
        for row in rows:
            CSV_FILES[name].model_validate({k: v for k, v in row.items() if v != ""}, strict=False)


@pytest.mark.parametrize("inmates", [10, 1000, 20_000])
def test_loader_accepts(generated: Callable[[int], Path], inmates: int) -> None:
    loader = pytest.importorskip("scheduler.loading.loader")
    instance = loader.load_instance(generated(inmates))
    assert len(instance.inmates) == inmates
    per_pod = Counter(instance.inmates[i].pod for i, nights in instance.lockdown_nights.items() if nights)
    assert max(per_pod.values(), default=0) <= 3


def test_tiny_population_has_one_male_and_one_female_pod(generated: Callable[[int], Path]) -> None:
    units = _facility(generated(10)).housing_units
    assert [(u.sex, u.commitment) for u in units] == [("M", "criminal"), ("F", "criminal")]


def test_pods_and_housing(generated: Callable[[int], Path]) -> None:
    folder = generated(1000)
    facility = _facility(folder)
    units = {u.id: u for u in facility.housing_units}
    sizes = Counter(row["pod"] for row in _rows(folder)["inmates.csv"])
    assert max(sizes.values()) <= 40 and min(sizes.values()) >= 35
    assert sum(u.sex == "F" for u in units.values()) >= 1
    assert sum(u.commitment == "civil" for u in units.values()) >= 1
    for row in _rows(folder)["inmates.csv"]:
        unit = units[row["pod"]]
        assert (row["sex"], row["commitment"]) == (unit.sex, unit.commitment)
        assert (row["charge"] == "") == (unit.commitment == "civil")
        assert row["violent"] == "false" or row["charge"] == "felony"
    linens = [c for c in facility.laundry.categories if c.pods is not None]
    assert sorted(p for c in linens for p in c.pods or []) == sorted(units)


def test_visits_are_well_formed(generated: Callable[[int], Path]) -> None:
    tables = _rows(generated(1000))
    related = {(r["visitor_id"], r["inmate_id"]) for r in tables["relations.csv"]}
    visitors = {v["id"]: v for v in tables["visitors.csv"]}
    uses: Counter[str] = Counter()
    for request in tables["requests.csv"]:
        ids = request["visitor_ids"].split(";")
        assert len(ids) == len(set(ids)) <= 4
        uses.update(ids)
        assert all((v, request["inmate_id"]) in related for v in ids)
        children = [v for v in ids if visitors[v]["id_kind"] == "none"]
        if children:
            assert any(
                visitors[v]["id_kind"] == "state" and visitors[v]["id_expiry"] > "2026-12-06" for v in ids
            )
    assert max(uses.values()) <= 2
    stamps = [r["registered_at"] for r in tables["requests.csv"]]
    assert len(set(stamps)) == len(stamps)
    social = [s for s, r in zip(stamps, tables["requests.csv"], strict=True) if not r["special_start"]]
    assert min(social) >= "2026-11-21T00:00:00" and max(social) < "2026-12-03T00:00:00"


def test_separations_have_no_self_pairs_or_duplicates(generated: Callable[[int], Path]) -> None:
    rows = _rows(generated(1000))["separations.csv"]
    pairs = [frozenset((r["inmate_a"], r["inmate_b"])) for r in rows]
    assert len(rows) == 20 and all(len(p) == 2 for p in pairs) and len(set(pairs)) == len(pairs)


def test_booths_fit_the_busiest_window(generated: Callable[[int], Path]) -> None:
    folder = generated(1000)
    facility, tables = _facility(folder), _rows(folder)
    people = {p["id"]: p for p in tables["inmates.csv"]}
    served: dict[int, set[str]] = defaultdict(set)
    for request in tables["requests.csv"]:
        if request["kind"] == "legal" or request["special_start"]:
            continue
        person = people[request["inmate_id"]]
        letter = surname_letter(person["last_name"]) or ""
        for k, w in enumerate(facility.visitation.windows):
            if w.sex == person["sex"] and w.surname and w.surname[0] <= letter <= w.surname[-1]:
                served[k].add(person["id"])
    busiest = max(len(s) for s in served.values())
    assert facility.visitation.booths == max(4, math.ceil(busiest / 6))


def test_officers_cover_every_day(generated: Callable[[int], Path]) -> None:
    folder = generated(1000)
    facility, staff = _facility(folder), _rows(folder)["staff.csv"]
    day_need = max(3, math.ceil(facility.visitation.booths / 4) + len(facility.recreation.areas) + 1)
    night_need = max(2, math.ceil(len(facility.housing_units) / 4))
    officers = [o for o in staff if o["role"] == "officer"]
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        on = Counter(o[day] for o in officers)
        assert on["07:00-15:00"] >= day_need and on["15:00-23:00"] >= day_need
        assert on["23:00-07:00"] >= night_need
        assert on["08:00-16:00"] >= max(2, math.ceil(facility.visitation.booths / 4) + 1)
    assert all(sum(o[d] != "" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")) == 5 for o in staff)
