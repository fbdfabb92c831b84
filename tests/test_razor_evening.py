"""Razor issue on the list day itself (RAZ-01, `razors.issue_offset_days: 0`): an evening
window before lights out, served end to end (solver, verifier, closures, load checks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.problems import InstanceError
from models.schedule import RazorBatch, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.loading.checks import razor_issue_days
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import FACILITY, base_tables, inmate, write_instance

MONDAY, TUESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
EVENING = {"issue_offset_days": 0, "issue_start": "18:00", "collect_by": "22:30", "inventory": 2}
MED_PASS = (1200, 1230)  # the 20:00 med pass (DAY-03, RAZ-04)
SIGNED = [f"A{k}" for k in range(1, 11)]


def _folder(folder: Path, razors: dict[str, Any], **facility: Any) -> Path:
    rows = base_tables()
    rows["inmates.csv"] = rows["inmates.csv"] + [inmate(i, f"Name{i}") for i in SIGNED]
    rows["razor_signups.csv"] = [
        {"inmate_id": i, "list_date": str(MONDAY), "position": str(n + 1)} for n, i in enumerate(SIGNED)
    ]
    return write_instance(folder, rows, facility=FACILITY | {"razors": razors} | facility)


def _lines(folder: Path) -> list[str]:
    with pytest.raises(InstanceError) as err:
        load_instance(folder)
    return err.value.lines


def _batches(schedule: WeekSchedule, day: int) -> list[RazorBatch]:
    return [e for e in schedule.days[day].events if isinstance(e, RazorBatch)]


@pytest.fixture(scope="module")
def evening(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Instance, WeekSchedule]:
    """The full week with Monday's list issued on Monday evening: 10 sign-ups of one pod and
    2 razors need 5 batches one after another (SEP-01), one more than fit before 20:00."""
    folder = _folder(tmp_path_factory.mktemp("evening") / "inst", EVENING)
    instance = load_instance(folder)
    return folder, instance, build_week(instance, SolveSettings(time_limit=20))


def test_offset_zero_issues_mondays_list_on_monday_evening(
    evening: tuple[Path, Instance, WeekSchedule],
) -> None:
    _, instance, schedule = evening
    assert instance.facility.razors.issue_day(MONDAY) == MONDAY
    assert verify(schedule, instance) == []
    got = _batches(schedule, 0)
    assert sorted(i for b in got for i in b.inmates) == sorted(SIGNED)
    assert len(got) == 5  # 10 sign-ups, 2 razors a batch (RAZ-03)
    for b in got:
        assert b.start >= 18 * 60 and b.end <= 22 * 60 + 30  # RAZ-02, inside lights on (DAY-04)
        assert b.end <= MED_PASS[0] or MED_PASS[1] <= b.start  # RAZ-04, DAY-03
        assert b.officer  # an evening officer on shift (STF-01)
    assert max(b.start for b in got) >= MED_PASS[1]  # the fifth waits for the med pass to end
    assert all(not _batches(schedule, d) for d in range(1, 7))
    assert not [x for x in schedule.exclusions if x.activity == "razor"]


def test_the_verifier_flags_a_batch_on_the_wrong_day(evening: tuple[Path, Instance, WeekSchedule]) -> None:
    folder, instance, schedule = evening
    # Offset 0: a batch moved to the day after the list is not on that day's list.
    moved = schedule.model_copy(deep=True)
    batch = _batches(moved, 0)[0]
    moved.days[0].events.remove(batch)
    moved.days[1].events.append(batch)
    found = [v for v in verify(moved, instance) if v.rule == "RAZ-02"]
    assert found and all(v.date == TUESDAY for v in found)
    assert all("not on the list of the same day" in v.message for v in found)
    assert any(v.rule == "UNM-01" for v in verify(moved, instance))
    # Offset 1: the same Monday batches are on the list day, a day early.
    later = load_instance(_folder(folder.parent / "later", EVENING | {"issue_offset_days": 1}))
    early = [v for v in verify(schedule, later) if v.rule == "RAZ-02"]
    assert len(early) == len(SIGNED) and all(v.date == MONDAY for v in early)
    assert all("not on the list of the day before" in v.message for v in early)


def test_a_razor_issue_closure_on_the_list_day_needs_offset_zero(tmp_path: Path) -> None:
    closure = {"resource": "razor_issue", "date": MONDAY, "reason": "training"}
    ok = load_instance(_folder(tmp_path / "same", EVENING, closures=[closure]))
    assert ok.facility.closed("razor_issue", MONDAY)
    next_day = EVENING | {"issue_offset_days": 1}
    assert _lines(_folder(tmp_path / "next", next_day, closures=[closure])) == [
        "facility.yaml: closures[0], field date: 2026-11-23 is not a razor issue day of the week [CAL-01]"
    ]
    # Under offset 0 the day after the list is no issue day.
    tuesday = closure | {"date": TUESDAY}
    assert _lines(_folder(tmp_path / "tue", EVENING, closures=[tuesday])) == [
        "facility.yaml: closures[0], field date: 2026-11-24 is not a razor issue day of the week [CAL-01]"
    ]


def test_a_sunday_list_is_issued_in_the_week_only_under_offset_zero(tmp_path: Path) -> None:
    week = [MONDAY + dt.timedelta(days=k) for k in range(7)]
    sunday = week[-1]
    same = load_instance(_folder(tmp_path / "same", EVENING | {"list_days": ["mon", "sun"]})).facility
    assert same.razor_issue_days(week) == {MONDAY: MONDAY, sunday: sunday}
    # Offset 1: Sunday's list is the next week's Monday issue, so it is not an issue day here.
    nxt = load_instance(_folder(tmp_path / "next", {"list_days": ["mon", "sun"]})).facility
    assert nxt.razor_issue_days(week) == {TUESDAY: MONDAY}
    assert razor_issue_days(nxt, week) == {TUESDAY}


def test_an_evening_closure_keeps_the_batches_out_of_its_hours(tmp_path: Path) -> None:
    closure = {"resource": "razor_issue", "date": MONDAY, "start": "18:00", "end": "20:00", "reason": "drill"}
    instance = load_instance(_folder(tmp_path / "inst", EVENING, closures=[closure]))
    schedule = build_week(instance, SolveSettings(time_limit=20), only="razors")
    assert verify(schedule, instance, partial=True) == []
    got = _batches(schedule, 0)
    assert all(b.start >= MED_PASS[1] for b in got)  # after the closure and the 20:00 med pass
    # 20:30-22:30 holds 4 batches of 2: the first 8 on the list are served (RAZ-07).
    assert sorted(i for b in got for i in b.inmates) == sorted(SIGNED[:8])
    left = {(x.inmate_id, x.date) for x in schedule.exclusions if x.rule == "RAZ-07"}
    assert left == {("A9", MONDAY), ("A10", MONDAY)}


@pytest.mark.parametrize("value", [2, -1, "x", True])
def test_an_offset_other_than_zero_or_one_is_one_load_error(tmp_path: Path, value: Any) -> None:
    (line,) = _lines(_folder(tmp_path / "inst", {"issue_offset_days": value}))
    assert line.startswith("facility.yaml: field razors.issue_offset_days: must be 0")
    assert line.endswith("[RAZ-01]")


def test_an_evening_window_past_lights_out_is_refused(tmp_path: Path) -> None:
    late = EVENING | {"collect_by": "23:30"}
    (line,) = _lines(_folder(tmp_path / "inst", late))
    assert "razors.issue_start..collect_by" in line and line.endswith("[DAY-04]")
