"""The razor morning's shortcuts, each alone on a hand-made morning: the grid schedule
(augmenting paths in list order, `razors.flow`), the needed batches placed by a finish
(`razors.packing`) and the pods' own finish floor. Every schedule they build must be a
solution of the morning model, which CP-SAT checks with every variable fixed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.razors.flow import list_greedy, prefix
from scheduler.razors.model import Morning, RazorModel
from scheduler.razors.packing import place
from tests.builders import FACILITY, ROUND_THE_CLOCK, base_tables, inmate, write_instance

GRID = [450, 480, 510]
"""07:30, 08:00, 08:30: three half-hour batches one after another."""


def instance_of(folder: Path, inventory: int, apart: list[tuple[str, str]] = ()) -> Instance:  # type: ignore[assignment]
    """Pods A, B and D of four men each; `apart` keep-separate pairs."""
    people = [inmate(f"{p}{k}", f"Name{k}", pod=p) for p in "ABD" for k in range(1, 5)]
    rows = base_tables() | {"inmates.csv": people, "requests.csv": [], "relations.csv": []}
    rows["staff.csv"] = ROUND_THE_CLOCK
    rows["separations.csv"] = [{"inmate_a": a, "inmate_b": b, "reason": "adversary"} for a, b in apart]
    units = [{"id": p, "sex": "M", "commitment": "criminal", "capacity": 10} for p in "ABD"]
    facility = FACILITY | {"housing_units": units, "razors": {"inventory": inventory}}
    return load_instance(write_instance(folder, rows, facility=facility))


def morning(
    order: list[str],
    own: dict[str, list[int]] | None = None,
    officers: int = 9,
    apart: list[tuple[str, str]] = (),
) -> Morning:
    """A morning on the grid: every pod may use every slot; `own` narrows a sign-up's;
    `apart` pairs are never in one batch."""
    pods: dict[str, list[str]] = {}
    for i in order:
        pods.setdefault(i[0], []).append(i)
    own = {i: (own or {}).get(i, GRID) for i in order}
    return Morning(
        dt.date(2026, 11, 24),
        order,
        pods,
        dict.fromkeys(pods, GRID),
        [f"O{k}" for k in range(officers)],
        len(GRID),
        own=own,
        able=dict.fromkeys(GRID, officers),
        free=[officers] * 120,
        grid=GRID,
        apart=frozenset(frozenset(p) for p in apart),
    )


def model_of(instance: Instance, m: Morning) -> RazorModel:
    return RazorModel(instance, m, {pod: len(GRID) for pod in m.pods})


def is_solution(m: RazorModel, values: dict[cp_model.IntVar, int]) -> bool:
    """Whether these values satisfy every constraint of the morning model."""
    for var, value in values.items():
        m.model.add(var == value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    return solver.solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def served(m: RazorModel, values: dict[cp_model.IntVar, int]) -> list[str]:
    counts = {u.key: sum(values[v] for v in m.unit_vars[u.key]) for u in m.units}
    return [i for i in m.morning.order if m.place[i][1] <= counts[m.place[i][0].key]]


@pytest.fixture
def two_razors(tmp_path: Path) -> Instance:
    return instance_of(tmp_path, inventory=2)


def test_the_grid_serves_the_list_in_order_within_the_inventory(two_razors: Instance) -> None:
    # RAZ-03: 2 razors x 3 slots serve 6 of 8, the first 6 on the list.
    order = ["A1", "B1", "D1", "A2", "B2", "D2", "A3", "B3"]
    m = model_of(two_razors, morning(order))
    grid, count = list_greedy(m)
    values = grid.values()
    assert count == 6 and served(m, values) == order[:6]
    assert all(load <= 2 for load in grid.load.values())
    assert is_solution(m, values)


def test_an_augmenting_path_moves_an_earlier_signup_to_make_room(tmp_path: Path) -> None:
    # One razor. A1 could go at 07:30 or 08:00 and takes 07:30 first; B1 can only use
    # 07:30 (DAY-07 busy after), so A1 moves to 08:00 and both are served.
    instance = instance_of(tmp_path, inventory=1)
    m = model_of(instance, morning(["A1", "B1"], own={"A1": [450, 480], "B1": [450]}))
    grid, count = list_greedy(m)
    assert count == 2 and grid.flow == {450: {"B#0": 1}, 480: {"A#0": 1}, 510: {}}
    assert is_solution(m, grid.values())


def test_officers_bound_the_batches_in_a_slot(two_razors: Instance) -> None:
    # STF-02: one officer free per slot, so one pod's batch per slot; three pods, three slots.
    m = model_of(two_razors, morning(["A1", "B1", "D1", "A2"], officers=1))
    grid, count = list_greedy(m)
    assert count == 4 and all(grid.batches[g] <= 1 for g in GRID)
    assert is_solution(m, grid.values())


def test_keep_separate_signups_are_never_in_one_slot(tmp_path: Path) -> None:
    # SEP-01: A1 and A2 in one pod, kept apart: different slots although one would hold both.
    instance = instance_of(tmp_path, inventory=4, apart=[("A1", "A2")])
    m = model_of(instance, morning(["A1", "A2"], own={"A1": [450], "A2": [450, 480]}, apart=[("A1", "A2")]))
    grid, count = list_greedy(m)
    assert count == 2 and grid.flow[450] == {"A:A1": 1} and grid.flow[480] == {"A:A2": 1}
    assert is_solution(m, grid.values())


def test_a_prefix_stops_at_the_first_it_cannot_serve(tmp_path: Path) -> None:
    # One razor, B1 and D1 both only at 07:30: D1 is not served, and neither is anyone after
    # him in the prefix, although A2 would fit (list order is the round's question).
    instance = instance_of(tmp_path, inventory=1)
    own = {"B1": [450], "D1": [450]}
    m = model_of(instance, morning(["A1", "B1", "D1", "A2"], own=own))
    found = prefix(m, {}, ["A1", "B1", "D1", "A2"])
    assert found is not None and found[1] == 2
    _, all_of_it = list_greedy(m)
    assert all_of_it == 3


def test_forced_counts_that_do_not_fit_give_none(tmp_path: Path) -> None:
    instance = instance_of(tmp_path, inventory=1)
    m = model_of(instance, morning(["B1", "D1"], own={"B1": [450], "D1": [450]}))
    units = {m.place[i][0].key: 1 for i in ("B1", "D1")}
    assert prefix(m, units, []) is None


def test_needed_batches_are_placed_by_a_finish_or_not_at_all(two_razors: Instance) -> None:
    # Six sign-ups, two razors: three batches one after another end at 09:00 at the
    # earliest; by 08:30 there is no schedule, by 09:00 there is one, and it is a solution.
    order = ["A1", "A2", "B1", "B2", "D1", "D2"]
    m = model_of(two_razors, morning(order))
    everyone = {u.key: len(u.members) for u in m.units}
    settings = SolveSettings(time_limit=5)
    assert place(m, everyone, 510, settings, 5.0) is None
    found = place(m, everyone, 540, settings, 5.0)
    assert found is not None
    assert served(m, found[0]) == order and is_solution(m, found[0])


def test_a_pod_that_needs_two_batches_sets_the_finish_floor(tmp_path: Path) -> None:
    # A1 and A2 kept apart need two batches of pod A; its starts are 07:30 and 10:45, so
    # nothing finishes before 11:15, whatever the razors: the floor says so.
    instance = instance_of(tmp_path, inventory=4, apart=[("A1", "A2")])
    m_ = morning(["A1", "A2"], apart=[("A1", "A2")])
    m_.starts = {"A": [450, 645]}
    m_.own = {"A1": [450, 645], "A2": [450, 645]}
    m = RazorModel(instance, m_, {"A": 2})
    counts = {u.key: 1 for u in m.units}
    m.end(2, 2, counts)
    assert m.floor == 675


def test_a_unit_served_ends_no_earlier_than_its_first_start(two_razors: Instance) -> None:
    m_ = morning(["A1"], own={"A1": [510]})
    m = model_of(two_razors, m_)
    m.end(1, 1, {u.key: 1 for u in m.units})
    assert m.floor == 540


def test_the_solution_check_refuses_a_schedule_over_the_inventory(two_razors: Instance) -> None:
    # The check the tests above rely on: A's batch of two and B's of one at 07:30 put three
    # razors out of two (RAZ-03); B's at 08:00 instead is a solution.
    def schedule(b_start: int) -> tuple[RazorModel, dict[cp_model.IntVar, int]]:
        m = model_of(two_razors, morning(["A1", "A2", "B1"]))
        values = dict.fromkeys(m.variables(), 0)
        for pod, unit, t, n in (("A", "A#0", 450, 2), ("B", "B#0", b_start, 1)):
            values[m.at[(pod, 0, t)]], values[m.take[(unit, 0, t)]] = 1, n
        return m, values

    assert not is_solution(*schedule(450))
    assert is_solution(*schedule(480))
