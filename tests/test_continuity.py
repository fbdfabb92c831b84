"""Week after week (CON-01, CON-02): the schedule carries what the next week needs, and
`solve --previous` continues the rotation across the boundary; the verifier checks it.

The tiny week: one pod of three, recreation Monday to Friday 13:00-14:15, so a session
has two starts (13:00, 13:15) and the rotation alternates; solved alone, the next week
starts where the last one ended."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.schedule import WeekSchedule
from scheduler.cli import main
from tests.builders import (
    FACILITY,
    ONE_SLOT,
    ROUND_THE_CLOCK,
    adult,
    base_tables,
    family,
    inmate,
    night_officer,
    offence,
    request,
    write_instance,
)

REC = {"start": "13:00", "end": "14:15"}


def _week(tmp_path: Path, monday: str, name: str = "Test County Jail") -> Path:
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate(f"I{k}", f"Name{k}") for k in range(1, 4)]
    rows["staff.csv"] = ROUND_THE_CLOCK
    facility = FACILITY | {"name": name, "recreation": REC}
    return write_instance(tmp_path / f"{name}-{monday}", rows, facility, monday=monday)


def _solve(folder: Path, out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "schedule.json").read_text())


def _starts(week: dict) -> list[str]:
    return [e["start"] for d in week["days"] for e in d["events"] if e["kind"] == "recreation"]


def test_the_rotation_continues_across_the_boundary(tmp_path: Path) -> None:
    """CON-01: alone, the second week's first start repeats the first week's last; with
    --previous it does not, and the verifier given the previous week agrees."""
    first = _solve(_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    last = _starts(first)[-1]
    assert first["carry"]["recreation"][0]["last_start"] == last
    second = _week(tmp_path, "2026-11-30")
    alone = _solve(second, tmp_path / "w2a")
    assert _starts(alone)[0] == last  # the repeat the rule is about
    after = _solve(second, tmp_path / "w2", "--previous", str(tmp_path / "w1" / "schedule.json"))
    assert _starts(after)[0] != last
    previous = ["--previous", str(tmp_path / "w1" / "schedule.json")]
    ok = CliRunner().invoke(main, ["verify", str(tmp_path / "w2" / "schedule.json"), str(second), *previous])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(
        main, ["verify", str(tmp_path / "w2a" / "schedule.json"), str(second), *previous]
    )
    assert bad.exit_code == 1 and "CON-01" in bad.output, bad.output


def test_the_carry_counts_the_fairness_window(tmp_path: Path) -> None:
    """CON-02: daylight and late counts per week of the window, oldest first."""
    first = _solve(_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    after = _solve(
        _week(tmp_path, "2026-11-30"), tmp_path / "w2", "--previous", str(tmp_path / "w1" / "schedule.json")
    )
    g1, g2 = first["carry"]["recreation"][0], after["carry"]["recreation"][0]
    assert g1["daylight"] == [5] and g1["late"] == [0]  # 13:00 and 13:15 are daylight
    assert g2["daylight"] == [5, 5] and g2["late"] == [0, 0]
    assert g2["members"] == ["I1", "I2", "I3"]


@pytest.mark.parametrize(
    ("monday", "name", "expect"),
    [("2026-12-07", "Test County Jail", "not the week before"), ("2026-11-30", "Other Jail", "facility")],
)
def test_previous_of_another_week_or_facility_is_refused(
    tmp_path: Path, monday: str, name: str, expect: str
) -> None:
    """CON-01: --previous must be this facility's week just before: one line, exit 2."""
    _solve(_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    result = CliRunner().invoke(
        main,
        [
            "solve",
            str(_week(tmp_path, monday, name)),
            "--out",
            str(tmp_path / "x"),
            "--previous",
            str(tmp_path / "w1" / "schedule.json"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert [
        line for line in result.output.splitlines() if expect in line
    ] and "Traceback" not in result.output
    assert not (tmp_path / "x" / "schedule.json").exists()


def test_the_carry_round_trips_and_is_in_the_schema(tmp_path: Path) -> None:
    """CON-02: the carry section reads back as written, and `jailsched schema` documents it."""
    _solve(_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    text = (tmp_path / "w1" / "schedule.json").read_text()
    week = WeekSchedule.model_validate_json(text)
    assert week.carry is not None and week.model_dump_json(indent=2) + "\n" == text
    schema = CliRunner().invoke(main, ["schema"])
    assert schema.exit_code == 0
    assert "CarriedGroup" in schema.output and "last_start" in schema.output


def _two_pods(tmp_path: Path, monday: str) -> Path:
    """Pods A and B, one area, recreation 18:00-20:00 with daylight until 19:00: each day
    one group has the daylight start (18:00) and the other a late one, so five days share
    out three and two."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate(f"A{k}", f"Name{k}") for k in range(3)] + [
        inmate(f"B{k}", f"Other{k}", pod="B") for k in range(3)
    ]
    rows["staff.csv"] = ROUND_THE_CLOCK
    rec = {"start": "18:00", "end": "20:00", "daylight_end": "19:00"}
    return write_instance(tmp_path / f"two-{monday}", rows, FACILITY | {"recreation": rec}, monday=monday)


def _daylight(week: dict) -> dict[str, int]:
    return {g["pod"]: g["daylight"][-1] for g in week["carry"]["recreation"]}


def test_the_fair_share_is_over_the_window(tmp_path: Path) -> None:
    """CON-01: a week of five days cannot share five daylight sessions evenly between two
    groups; two weeks can: the group that had two last week gets three this week. Solved
    alone, the second week repeats the first week's split."""
    first = _daylight(_solve(_two_pods(tmp_path, "2026-11-23"), tmp_path / "w1"))
    assert sorted(first.values()) == [2, 3]
    second = _two_pods(tmp_path, "2026-11-30")
    alone = _daylight(_solve(second, tmp_path / "alone"))
    after = _daylight(_solve(second, tmp_path / "w2", "--previous", str(tmp_path / "w1" / "schedule.json")))
    assert {pod: first[pod] + after[pod] for pod in first} == {"A": 5, "B": 5}
    assert {pod: first[pod] + alone[pod] for pod in first} != {"A": 5, "B": 5}


def _one_slot_week(tmp_path: Path, monday: str, carry: bool, requests: list[dict[str, str]]) -> Path:
    """One window of one slot (Saturday 08:00, one booth); I1..I3 with their visitors."""
    rows = base_tables()
    rows["inmates.csv"] = [inmate(f"I{k}", f"Name{k}") for k in range(1, 4)]
    rows["visitors.csv"] = [adult(f"V{k}") for k in range(1, 4)]
    rows["requests.csv"] = requests
    rows["relations.csv"] = family([request(f"X{k}", f"I{k}", f"V{k}") for k in range(1, 4)])
    rows["staff.csv"] = ROUND_THE_CLOCK
    vis = {"booths": 1, "windows": [ONE_SLOT], "carry_waitlist": carry}
    return write_instance(
        tmp_path / f"slot-{monday}-{carry}", rows, FACILITY | {"visitation": vis}, monday=monday
    )


@pytest.mark.parametrize("carry", [True, False])
def test_carried_requests_come_first_only_when_the_facility_says_so(tmp_path: Path, carry: bool) -> None:
    """CON-03: R2 loses the one seat to R1 in week one; in week two R3 registers for the one
    seat. Carried (setting on), R2 keeps its first registration and is served before R3,
    marked carried; not carried (off), R3 is served and R2 is gone."""
    week1 = [request("R1", "I1", "V1"), request("R2", "I2", "V2", 5)]
    first = _solve(_one_slot_week(tmp_path, "2026-11-23", carry, week1), tmp_path / "w1")
    assert [c["request_id"] for c in first["carry"]["waitlist"]] == ["R2"]
    week2 = [request("R3", "I3", "V3", 10080)]  # registered a week after R2
    folder = _one_slot_week(tmp_path, "2026-11-30", carry, week2)
    second = _solve(folder, tmp_path / "w2", "--previous", str(tmp_path / "w1" / "schedule.json"))
    served = [e["request_id"] for d in second["days"] for e in d["events"] if e["kind"] == "visit"]
    assert served == (["R2"] if carry else ["R3"])
    waiting = {u["request_id"]: u["carried"] for u in second["waitlist"]}
    assert waiting == ({"R3": False} if carry else {})
    html = (tmp_path / "w2" / "schedule.html").read_text()
    assert ("carried from last week" in html) == carry
    check = ["verify", str(tmp_path / "w2" / "schedule.json"), str(folder)]
    result = CliRunner().invoke(main, [*check, "--previous", str(tmp_path / "w1" / "schedule.json")])
    assert result.exit_code == 0, result.output


def _lockdown_week(tmp_path: Path, monday: str) -> Path:
    """A1 and A2 of pod A each on a four-night lockdown from Friday 27 November (minor
    offences lock down four days here): Friday to Sunday in the first week, Monday in the
    next. Two night officers, so the pod's order decides who is out last."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate("A1", "Name1"), inmate("A2", "Name2"), inmate("A3", "Name3")]
    rows["staff.csv"] = [*ROUND_THE_CLOCK, night_officer("N1"), night_officer("N2")]
    rows["offences.csv"] = [offence("OF1", "A1", "2026-11-27"), offence("OF2", "A2", "2026-11-27")]
    discipline = {"lockdown_days": {"minor": [4, 5, 10], "disrespect_or_smoking": [5, 10, 15]}}
    return write_instance(
        tmp_path / f"lock-{monday}", rows, FACILITY | {"discipline": discipline}, monday=monday
    )


def _last_out(week: dict) -> dict[str, str]:
    """The night (from the hour-out's id) and who is out last in pod A."""
    nights: dict[str, list[tuple[str, str, str]]] = {}
    for d in week["days"]:
        for e in d["events"]:
            if e["kind"] == "hour_out":
                night = e["id"].split(":")[1]
                nights.setdefault(night, []).append((d["date"], e["start"], e["inmates"][0]))
    return {night: max(outs)[2] for night, outs in sorted(nights.items())}


def test_a_lockdown_over_the_weekend_keeps_rotating_its_last_slot(tmp_path: Path) -> None:
    """DIS-07 across the boundary (CON-01): three nights in the first week give one inmate
    the last hour-out twice; on the fourth night, in the next week, the other one is last."""
    first = _solve(_lockdown_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    lasts = _last_out(first)
    assert len(lasts) == 3
    twice = max(("A1", "A2"), key=list(lasts.values()).count)
    carried = {h["inmate_id"]: h["last_slots"] for h in first["carry"]["hour_outs"]}
    assert carried[twice] == 2 and sum(carried.values()) == 3
    second = _solve(
        _lockdown_week(tmp_path, "2026-11-30"),
        tmp_path / "w2",
        "--previous",
        str(tmp_path / "w1" / "schedule.json"),
    )
    assert list(_last_out(second).values()) == [({"A1", "A2"} - {twice}).pop()]


def test_the_carried_hour_out_counts_decide_the_next_last_slot(tmp_path: Path) -> None:
    """DIS-07 (CON-01) reads the carry: told that A2, not A1, was last twice, the next week
    puts A1 last (solved alone, it puts A2 last)."""
    _solve(_lockdown_week(tmp_path, "2026-11-23"), tmp_path / "w1")
    path = tmp_path / "w1" / "schedule.json"
    week = json.loads(path.read_text())
    for h in week["carry"]["hour_outs"]:
        h["last_slots"] = 2 if h["inmate_id"] == "A2" else 1
    path.write_text(json.dumps(week))
    second = _lockdown_week(tmp_path, "2026-11-30")
    assert list(_last_out(_solve(second, tmp_path / "alone")).values()) == ["A2"]
    assert list(_last_out(_solve(second, tmp_path / "w2", "--previous", str(path))).values()) == ["A1"]


def test_the_verifier_holds_the_carry_to_the_week(tmp_path: Path) -> None:
    """CON-02 and CON-03: a carry that misstates a group's last start, or a waitlist entry
    marked carried that was not, is a violation."""
    folder = _week(tmp_path, "2026-11-23")
    week = _solve(folder, tmp_path / "w1")
    week["carry"]["recreation"][0]["last_start"] = "06:00"
    week["waitlist"].append(
        {"request_id": "R1", "inmate_id": "I1", "rule": "capacity", "reason": "full", "carried": True}
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(week))
    result = CliRunner().invoke(main, ["verify", str(path), str(folder)])
    assert result.exit_code == 1
    assert "CON-02 carry of group A1: last_start 06:00" in result.output, result.output
    assert "CON-03 waitlisted R1 is marked carried=True" in result.output, result.output
