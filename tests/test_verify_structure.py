"""Nonsense schedules the verifier used to pass, and floods it used to print: exclusions and
unmet entries re-checked against the instance (REC-04, DIS-08, RAZ-05, UNM-01), the daily
routine present at its times (DAY-01..03, DAY-05, DAY-06), weekdays matching dates, scope,
recreation groups and KPIs well formed, and a week whose days are not its seven dates
reported once per problem, not once per event."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.schedule import Exclusion, RazorBatch, RecreationSession, RoutineEvent, Unmet, WeekSchedule
from scheduler.verify import verify
from scheduler.verify.core import Violation

WARREN = Path(__file__).resolve().parents[1] / "instances" / "warren"
MON = dt.date(2026, 11, 23)


def lines(violations: list[Violation]) -> list[str]:
    return [v.line() for v in violations]


def with_rule(violations: list[Violation], rule: str) -> list[Violation]:
    return [v for v in violations if v.rule == rule]


def take_from_recreation(week: WeekSchedule, day: int = 0) -> tuple[str, dt.date]:
    """Remove one inmate from a recreation session of a day (a session of two or more)."""
    s = next(e for e in week.days[day].events if isinstance(e, RecreationSession) and len(e.inmates) >= 2)
    return s.inmates.pop(), week.days[day].date


def take_from_razors(week: WeekSchedule) -> tuple[str, dt.date]:
    """Remove one inmate from a razor batch of two or more (razors counted to match)."""
    day, b = next((d, e) for d, e in week.events() if isinstance(e, RazorBatch) and len(e.inmates) >= 2)
    iid = b.inmates.pop()
    b.razors = len(b.inmates)
    return iid, day.date


def test_solved_week_is_clean(warren: tuple[Instance, WeekSchedule]) -> None:
    """The solver's own week, with its exclusions (REC-04, DIS-08, RAZ-05), passes."""
    instance, week = warren
    assert verify(week, instance) == []
    assert {x.rule for x in week.exclusions} >= {"REC-04", "DIS-08", "RAZ-05"}


# 1. Exclusions are re-checked against the instance.


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_made_up_recreation_exclusion_is_caught(warren: tuple[Instance, WeekSchedule], dated: bool) -> None:
    """An eligible inmate removed from recreation and covered by an invented REC-04 exclusion."""
    instance, week = warren
    week = week.model_copy(deep=True)
    iid, day = take_from_recreation(week)
    assert not instance.on_lockdown(iid, day) and instance.suspended(iid, "recreation", day) is None
    week.exclusions.append(
        Exclusion(
            inmate_id=iid, activity="recreation", date=day if dated else None, rule="REC-04", reason="x"
        )
    )
    found = with_rule(verify(week, instance), "REC-04")
    expected = "neither on lockdown nor suspended" if dated else "has no date"
    assert len(found) == 1 and iid in found[0].message and expected in found[0].message, lines(found)


def test_lockdown_exclusion_of_an_inmate_not_locked_down_is_caught(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    """DIS-08 states lockdown: an inmate merely suspended from recreation is not excluded under it."""
    instance, week = warren
    week = week.model_copy(deep=True)
    x = next(x for x in week.exclusions if x.rule == "REC-04")
    assert x.date is not None and not instance.on_lockdown(x.inmate_id, x.date)
    x.rule = "DIS-08"
    found = verify(week, instance)
    assert [v.rule for v in found] == ["DIS-08"] and x.inmate_id in found[0].message


def test_made_up_razor_exclusions_are_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """RAZ-05 states a restriction: an issued inmate removed and listed as restricted is caught,
    and so is a razor exclusion of an inmate not on the list at all, or without a date."""
    instance, week = warren
    week = week.model_copy(deep=True)
    iid, day = take_from_razors(week)
    signed = {(s.inmate_id, s.list_date + dt.timedelta(days=1)) for s in instance.razor_signups}
    other = next(i for i in sorted(instance.inmates) if (i, day) not in signed)
    week.exclusions += [
        Exclusion(inmate_id=iid, activity="razor", date=day, rule="RAZ-05", reason="x"),
        Exclusion(inmate_id=other, activity="razor", date=day, rule="RAZ-07", reason="x"),
        Exclusion(inmate_id=other, activity="razor", date=None, rule="RAZ-05", reason="x"),
    ]
    found = verify(week, instance)
    assert [(v.rule, v.message.split(" ", 4)[3]) for v in found] == [
        ("RAZ-05", iid),
        ("RAZ-07", other),
        ("RAZ-05", other),
    ], lines(found)
    assert "neither on lockdown nor on razor restriction" in found[0].message
    assert "not on the list" in found[1].message and "has no date" in found[2].message


def test_exclusion_from_an_unknown_activity_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    week = week.model_copy(deep=True)
    week.exclusions.append(
        Exclusion(inmate_id="I0001", activity="visitation", date=MON, rule="X", reason="x")
    )
    assert [v.rule for v in verify(week, instance)] == ["UNM-01"]


# 2. An unmet entry's `hard` flag is its kind's (UNM-01).


def test_removal_listed_as_soft_unmet_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """A recreation hour is hard demand: listing a removed inmate as unmet with hard: false is
    a violation (listed as hard, it is a legitimate unmet hour)."""
    instance, week = warren
    week = week.model_copy(deep=True)
    iid, day = take_from_recreation(week)
    unmet = Unmet(
        rule="REC-01",
        kind="recreation",
        subject=f"recreation:{day}:x",
        date=day,
        hard=False,
        inmates=[iid],
        reason="x",
    )
    week.unmet.append(unmet)
    found = verify(week, instance)
    assert [v.rule for v in found] == ["UNM-01"] and "hard: false" in found[0].message, lines(found)
    unmet.hard = True
    assert verify(week, instance) == []


def test_unserved_visit_marked_hard_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    week = week.model_copy(deep=True)
    u = next(u for u in week.unmet if u.kind == "visit")
    u.hard = True
    found = verify(week, instance)
    assert [v.rule for v in found] == ["UNM-01"] and u.subject in found[0].message


# 3. The daily routine is present at its times.


def test_removed_routine_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """Every count, meal, med pass, mail and phones event removed: one line per kind and day."""
    instance, week = warren
    week = week.model_copy(deep=True)
    gone = {"count", "meal", "med_pass", "mail", "phones"}
    for day in week.days:
        day.events = [e for e in day.events if not (isinstance(e, RoutineEvent) and e.kind in gone)]
    found = verify(week, instance)
    assert sorted({v.rule for v in found}) == ["DAY-01", "DAY-02", "DAY-03", "DAY-05", "DAY-06"]
    assert len(found) == 7 * len(gone), lines(found)
    assert all("missing" in v.message for v in found)


def test_removed_supplies_rounds_are_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """The supply cart (SUP-01), indigent packages (IND-01) and commissary (COM-01) removed:
    one line per round and the day it was due."""
    instance, week = warren
    week = week.model_copy(deep=True)
    gone = {"supply_cart": "SUP-01", "indigent_package": "IND-01", "commissary": "COM-01"}
    due = {
        k: sum(isinstance(e, RoutineEvent) and e.kind == k for d in week.days for e in d.events) for k in gone
    }
    assert all(due.values()), "the bundled week has every round"
    for day in week.days:
        day.events = [e for e in day.events if not (isinstance(e, RoutineEvent) and e.kind in gone)]
    found = verify(week, instance)
    assert sorted(v.rule for v in found) == sorted(r for k, r in gone.items() for _ in range(due[k])), lines(
        found
    )


def test_moved_count_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """A count shown ten minutes late is missing at its time and out of the routine at the other."""
    instance, week = warren
    week = week.model_copy(deep=True)
    count = next(e for e in week.days[2].events if isinstance(e, RoutineEvent) and e.kind == "count")
    count.start, count.end = count.start + 10, count.end + 10
    found = verify(week, instance)
    assert [v.rule for v in found] == ["DAY-01", "DAY-01"], lines(found)
    assert {"missing" in v.message for v in found} == {True, False}


# 4. Weekdays match dates.


def test_wrong_weekday_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    dump = json.loads(week.model_dump_json())
    dump["days"][0]["weekday"] = "sun"
    found = verify(WeekSchedule.model_validate_json(json.dumps(dump)), instance)
    assert lines(found) == ["DAY-01 2026-11-23 day 2026-11-23 is a mon, the schedule says sun"]


# 5. Scope, recreation groups and KPIs are well formed.


def _mutated(week: WeekSchedule, change: Any) -> WeekSchedule:
    copy = week.model_copy(deep=True)
    change(copy)
    return copy


def _group(week: WeekSchedule) -> None:
    next(e for _, e in week.events() if isinstance(e, RecreationSession)).group = -1
    week.carry = None  # derived from the sessions, so stale now: CON-02 checks it (test_continuity)


MALFORMED = [
    ("unknown sub-problem in scope", lambda w: w.scope.append("foo"), "UNM-01", "'foo'"),
    ("recreation group -1", _group, "REC-03", "group -1"),
    ("NaN KPI", lambda w: w.kpis.update({"visits.served": float("nan")}), "UNM-01", "'visits.served'"),
    ("infinite KPI", lambda w: w.kpis.update({"razors.batches": float("inf")}), "UNM-01", "'razors.batches'"),
]


@pytest.mark.parametrize(("label", "change", "rule", "text"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_fields_are_caught(
    warren: tuple[Instance, WeekSchedule], label: str, change: Any, rule: str, text: str
) -> None:
    instance, week = warren
    for partial in (False, True):
        found = verify(_mutated(week, change), instance, partial=partial)
        assert [v.rule for v in found] == [rule] and text in found[0].message, (label, lines(found))


# 6. A week whose days are not its seven dates: one line per problem, nothing else.


def test_no_days_is_seven_lines(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    found = verify(_mutated(week, lambda w: w.days.clear()), instance)
    assert lines(found) == [f"DAY-01 {d} day {d} is missing" for d in instance.dates]


def test_duplicated_day_is_one_line(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    found = verify(_mutated(week, lambda w: w.days.append(w.days[1].model_copy(deep=True))), instance)
    assert lines(found) == ["DAY-01 2026-11-24 day 2026-11-24 appears twice"]


def test_day_replaced_by_a_duplicate_is_two_lines(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren

    def change(w: WeekSchedule) -> None:
        w.days[2] = w.days[1].model_copy(deep=True)

    found = verify(_mutated(week, change), instance)
    assert lines(found) == [
        "DAY-01 2026-11-25 day 2026-11-25 is missing",
        "DAY-01 2026-11-24 day 2026-11-24 appears twice",
    ]


def test_swapped_dates_are_one_line(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren

    def change(w: WeekSchedule) -> None:
        w.days[3].date, w.days[4].date = w.days[4].date, w.days[3].date

    found = verify(_mutated(week, change), instance)
    assert len(found) == 1 and found[0].message.startswith("days out of order"), lines(found)


def test_day_outside_the_week_is_named(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren

    def change(w: WeekSchedule) -> None:
        w.days[6].date = dt.date(2026, 12, 6)

    found = verify(_mutated(week, change), instance)
    assert lines(found) == [
        "DAY-01 2026-11-29 day 2026-11-29 is missing",
        "DAY-01 2026-12-06 day 2026-12-06 is not in the week of 2026-11-23",
    ]
