"""Lockdown hour-outs (DIS-03..07): each rule where it binds, every result verified."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.instance import Instance
from models.schedule import HourOut, WeekSchedule
from scheduler.cli import main
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify
from scheduler.week import build_week
from tests.builders import ROUND_THE_CLOCK, base_tables, inmate, night_officer, offence, write_instance


def solve(
    tmp_path: Path,
    locked: dict[str, str],
    officers: int = 2,
    relationships: list[dict[str, str]] | None = None,
    appointments: list[dict[str, str]] | None = None,
) -> tuple[Instance, WeekSchedule]:
    """`locked` maps inmate id to pod; every result is run through the verifier."""
    tables = base_tables()
    tables["inmates.csv"] = [inmate(iid, f"Name{iid}", pod=pod) for iid, pod in locked.items()]
    tables["requests.csv"] = []
    tables["relations.csv"] = []
    tables["offences.csv"] = [offence(f"X{k}", iid) for k, iid in enumerate(locked)]
    tables["staff.csv"] = [night_officer(f"N{k}") for k in range(1, officers + 1)] + ROUND_THE_CLOCK
    tables["staff_relationships.csv"] = relationships or []
    tables["appointments.csv"] = appointments or []
    instance = load_instance(write_instance(tmp_path / "inst", tables))
    schedule = build_week(instance, SolveSettings(time_limit=10), only="lockdown")
    assert verify(schedule, instance, partial=True) == []
    assert all(r.status == "OPTIMAL" for r in schedule.solver)
    return instance, schedule


def hour_outs(schedule: WeekSchedule) -> list[tuple[str, str, int, str | None]]:
    return sorted(
        (str(day.date), e.inmates[0], e.start, e.officer)
        for day in schedule.days
        for e in day.events
        if isinstance(e, HourOut)
    )


def test_one_hour_out_per_lockdown_night_after_the_count(tmp_path: Path) -> None:
    _, sched = solve(tmp_path, {"I1": "A"})
    assert [(d, i, t) for d, i, t, _ in hour_outs(sched)] == [
        ("2026-11-23", "I1", 1410),
        ("2026-11-24", "I1", 1410),
        ("2026-11-25", "I1", 1410),
    ]


def test_one_out_at_a_time_per_pod_and_rotation(tmp_path: Path) -> None:
    instance, sched = solve(tmp_path, {"I1": "A", "I2": "A"})
    outs = hour_outs(sched)
    nights = ("2026-11-23", "2026-11-24", "2026-11-25")
    for night in nights:
        assert sorted(t for d, _, t, _ in outs if d == night) == [1410, 1470]
    last = [max((t, i) for d, i, t, _ in outs if d == night)[1] for night in nights]
    assert sorted(set(last)) == ["I1", "I2"]  # the late slot rotates (DIS-07)
    assert soft_figures(sched, instance)["DIS-07 most nights last in pod"] == 2.0


def test_three_inmates_three_nights_each_last_once(tmp_path: Path) -> None:
    instance, sched = solve(tmp_path, {"I1": "A", "I2": "A", "I3": "A"})
    outs = hour_outs(sched)
    nights = ("2026-11-23", "2026-11-24", "2026-11-25")
    assert sorted(max((t, i) for d, i, t, _ in outs if d == night)[1] for night in nights) == [
        "I1",
        "I2",
        "I3",
    ]
    assert soft_figures(sched, instance)["DIS-07 most nights last in pod"] == 1.0


def test_officers_on_duty_limit_concurrent_hour_outs(tmp_path: Path) -> None:
    """DIS-06: hour-outs at one time never outnumber the night officers free then."""
    _, two = solve(tmp_path / "two", {"I1": "A", "I2": "B"}, officers=2)
    assert {t for _, _, t, _ in hour_outs(two)} == {1410}
    _, one = solve(tmp_path / "one", {"I1": "A", "I2": "B"}, officers=1)
    assert sorted(t for d, _, t, _ in hour_outs(one) if d == "2026-11-23") == [1410, 1470]


def test_declared_relationship_keeps_an_officer_away(tmp_path: Path) -> None:
    related = [
        {"officer_id": "N1", "inmate_id": "I1", "kind": "relative"},
        {"officer_id": "N1", "inmate_id": "I2", "kind": "friend"},
    ]
    _, sched = solve(tmp_path, {"I1": "A", "I2": "B"}, officers=2, relationships=related)
    outs = hour_outs(sched)
    assert {o for *_, o in outs} == {"N2"}
    assert sorted(t for d, _, t, _ in outs if d == "2026-11-23") == [1410, 1470]


def test_too_many_lockdown_inmates_in_one_pod_is_explained(tmp_path: Path) -> None:
    tables = base_tables()
    tables["inmates.csv"] = [inmate(f"I{k}", f"Name{k}") for k in range(1, 10)]
    tables["requests.csv"] = []
    tables["relations.csv"] = []
    tables["offences.csv"] = [offence(f"X{k}", f"I{k}") for k in range(1, 10)]
    tables["staff.csv"] = [night_officer("N1"), night_officer("N2"), *ROUND_THE_CLOCK]
    folder = write_instance(tmp_path / "inst", tables)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "--only", "lockdown", "--out", str(out)])
    assert result.exit_code == 1  # the week is written, with the hour-outs that do not fit listed
    week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    unmet = [u for u in week.unmet if u.kind == "hour_out" and u.date == dt.date(2026, 11, 23)]
    assert len(unmet) == 2 and all(u.hard and u.rule == "DIS-05" for u in unmet)
    assert unmet[0].reason.endswith(
        "9 lockdown inmates need an hour out each, one at a "
        "time, but only 7 hour-outs of 60 min fit between 23:30 and 06:30"
    )


@pytest.mark.parametrize("mutation", ["drop", "twice", "early", "late", "same_pod", "no_officer", "related"])
def test_verifier_catches_each_broken_hour_out(tmp_path: Path, mutation: str) -> None:
    related = [{"officer_id": "N2", "inmate_id": "I1", "kind": "relative"}]
    instance, sched = solve(tmp_path, {"I1": "A", "I2": "A"}, relationships=related)
    day = sched.days[0]
    mine = [e for e in day.events if isinstance(e, HourOut)]
    first, second = sorted(mine, key=lambda e: e.start)
    expected = {
        "drop": "UNM-01",
        "twice": "DIS-03",
        "early": "DIS-03",
        "late": "DIS-05",
        "same_pod": "DIS-04",
        "no_officer": "STF-01",
        "related": "STF-03",
    }[mutation]
    if mutation == "drop":
        day.events.remove(first)
    elif mutation == "twice":
        day.events.append(first.model_copy(update={"id": "extra", "start": 1590, "end": 1650}))
    elif mutation == "early":
        first.start, first.end = 1320, 1380
    elif mutation == "late":
        second.start, second.end = 1830, 1890
    elif mutation == "same_pod":
        second.start, second.end = first.start + 30, first.end + 30
    elif mutation == "no_officer":
        first.officer = None
    else:
        (first if "I1" in first.inmates else second).officer = "N2"
    rules = {v.rule for v in verify(sched, instance, partial=True)}
    assert expected in rules


def test_seven_hour_outs_fit_after_night_appointments(tmp_path: Path) -> None:
    """DAY-07 with DIS-05: seven lockdown inmates of one pod each out at an appointment until
    23:45 still get their hour-outs, one after another from 23:45 (not from the 23:30 grid,
    which would leave the last one without)."""
    locked = {f"I{k}": "A" for k in range(1, 8)}
    late = [
        {"inmate_id": i, "date": "2026-11-23", "start": "23:00", "end": "23:45", "kind": "transport"}
        for i in locked
    ]
    _, sched = solve(tmp_path, locked, appointments=late)
    monday = sorted(t for d, _, t, _ in hour_outs(sched) if d == "2026-11-23")
    assert monday == [1425 + 60 * k for k in range(7)]
    assert not [u for u in sched.unmet if u.kind == "hour_out"]


def test_latest_end_at_the_floor_or_above_it_when_officers_bind(tmp_path: Path) -> None:
    # DIS-07 level 1 first tries every night at its floor (the largest pod's hour-outs one
    # after another). Two pods of one with two officers: the floor (start 0) is met on all
    # three nights; with one officer it cannot be, and the level is solved in full: 1 a night.
    def latest(officers: int) -> float | None:
        _, sched = solve(tmp_path / str(officers), {"I1": "A", "I2": "B"}, officers=officers)
        (run,) = [r for r in sched.solver if r.subproblem == "lockdown L1 latest end"]
        assert run.status == "OPTIMAL" and run.bound == run.objective
        return run.objective

    assert latest(2) == 0
    assert latest(1) == 3
