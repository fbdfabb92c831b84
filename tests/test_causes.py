"""Causes: a solve that proves a day cannot fit names the resource, the people and the
figures; only a solve stopped on the time limit says to raise it (with time used versus
limit). Every result is run through the verifier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.instance import Instance
from models.schedule import SolverRun, WeekSchedule
from scheduler.engine.solving import SolveSettings, stopped_early
from scheduler.loading import load_instance
from scheduler.recreation.outcome import unexplained
from scheduler.recreation.sessions import Session
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import (
    FACILITY,
    LATE_RECREATION,
    ROUND_THE_CLOCK,
    base_tables,
    inmate,
    officer,
    related_razor_rows,
    write_instance,
)

WHITES = {"name": "personal_whites", "days": ["mon"], "pieces_per_inmate": 6}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIME_WORDS = ("time-limit", "time limit")


def solved(
    folder: Path,
    tables: dict[str, list[dict[str, str]]],
    facility: dict[str, Any],
    only: str,
    time_limit: float = 10,
) -> tuple[Instance, WeekSchedule]:
    """Load, solve one sub-problem and verify (a partial week)."""
    instance = load_instance(write_instance(folder, tables, facility=FACILITY | facility))
    return instance, checked(instance, only, time_limit)


def checked(instance: Instance, only: str, time_limit: float = 10) -> WeekSchedule:
    schedule = build_week(instance, SolveSettings(time_limit=time_limit), only=only)
    assert verify(schedule, instance, partial=True) == []
    return schedule


def pod_a(count: int) -> dict[str, list[dict[str, str]]]:
    """`count` inmates in pod A, no visits."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate(f"A{k}", f"Name{k}") for k in range(1, count + 1)]
    return rows


def no_time_advice(text: str) -> bool:
    return not any(w in text.lower() for w in TIME_WORDS)


# Laundry ------------------------------------------------------------------------------


def laundry(
    folder: Path, hours: dict[str, str], staff: list[str] | None = None, limit: float = 10
) -> WeekSchedule:
    """40 inmates' whites on Monday: 4 loads of 45 min wash and 60 min dry."""
    rows = pod_a(40)
    if staff is not None:
        rows["staff.csv"] = [officer(f"S{k}", s) for k, s in enumerate(staff)]
    return solved(folder, rows, {"laundry": {"categories": [WHITES]} | hours}, "laundry", limit)[1]


def test_a_laundry_day_too_short_names_hours_and_minutes_not_the_time_limit(tmp_path: Path) -> None:
    sched = laundry(tmp_path, {"start": "08:00", "end": "10:00"})
    assert all(r.status == "OPTIMAL" for r in sched.solver)  # proven, not cut short
    assert [(u.rule, u.subject) for u in sched.unmet] == [
        ("LAU-04", "laundry:2026-11-23:A:personal_whites:3"),
        ("LAU-04", "laundry:2026-11-23:A:personal_whites:4"),
    ]
    u = sched.unmet[0]
    assert "4 loads need 4 x 45 = 180 washer-minutes and 4 x 60 = 240 dryer-minutes" in u.reason
    assert "laundry can run 08:00-10:00 (120 min: laundry hours 08:00-10:00" in u.reason
    assert "the day would end at 10:45, 45 min after 10:00" in u.reason
    assert u.needed.startswith("4 loads: 180 washer-minutes and 240 dryer-minutes")
    assert u.available == "2 fit in 120 min (08:00-10:00) with 2 washer(s) and 2 dryer(s) in service"
    assert all(no_time_advice(x.reason + x.fix) for x in sched.unmet)


def test_a_laundry_day_short_of_an_officer_names_the_officer_and_span(tmp_path: Path) -> None:
    sched = laundry(tmp_path, {}, staff=["09:00-11:00"])
    assert all(r.status == "OPTIMAL" for r in sched.solver)
    assert len(sched.unmet) == 2
    u = sched.unmet[0]
    assert "officers are free for it only 09:00-11:00 (S0): at most 120 min" in u.reason
    assert "(STF-01)" in u.reason and "-315 min" not in u.reason
    assert u.available.startswith("2 fit in 120 min (09:00-11:00)")
    assert u.fix.startswith("an officer free for the whole laundry shift (165 min or more)")
    assert no_time_advice(u.reason + u.fix)


def test_a_laundry_solve_stopped_on_the_time_limit_says_so_with_the_time(tmp_path: Path) -> None:
    sched = laundry(tmp_path, {"start": "08:00", "end": "10:00"}, limit=1e-6)
    (l0,) = [r for r in sched.solver if r.subproblem.startswith("laundry") and " L0 " in r.subproblem]
    assert stopped_early(l0.status)
    assert sched.unmet and all(u.rule == "LAU-04" for u in sched.unmet)
    u = sched.unmet[0]
    assert "raise --time-limit" in u.reason and "of the 1e-06 s limit" in u.reason
    assert u.fix.startswith("raise --time-limit (the solve used")
    assert "does not fit" not in u.reason  # nothing was proven short


# Razors -------------------------------------------------------------------------------


def razors(folder: Path, count: int, limit: float = 10, busy_until: str = "") -> WeekSchedule:
    """`count` sign-ups of pod A on Monday's list, one razor, issued Tuesday 07:30-11:30;
    with `busy_until`, each at an appointment from 07:00 until then (DAY-07)."""
    rows = pod_a(count)
    if busy_until:
        rows["appointments.csv"] = [
            {
                "inmate_id": f"A{k}",
                "date": "2026-11-24",
                "start": "07:00",
                "end": busy_until,
                "kind": "medical",
            }
            for k in range(1, count + 1)
        ]
    rows["staff.csv"] = [officer("O1", "07:00-15:00"), *ROUND_THE_CLOCK]
    rows["razor_signups.csv"] = [
        {"inmate_id": f"A{k}", "list_date": "2026-11-23", "position": str(k)} for k in range(1, count + 1)
    ]
    facility = {"razors": {"inventory": 1}, "recreation": {"start": "13:00"}}
    return solved(folder, rows, facility, "razors", limit)[1]


def test_a_razor_morning_short_of_razors_names_razors_and_batches(tmp_path: Path) -> None:
    sched = razors(tmp_path, 10)
    assert all(r.status == "OPTIMAL" for r in sched.solver)
    missed = [u for u in sched.unmet if u.kind == "razor"]
    assert [u.inmates for u in missed] == [["A8"], ["A9"], ["A10"]]
    for u in missed:
        assert u.rule == "RAZ-07" and no_time_advice(u.reason + u.fix)
        assert "10 sign-ups need 300 razor-minutes" in u.reason
        assert "1 razors x 7 batches of 30 min between 07:30 and 11:30 give 210" in u.reason
        assert (u.needed, u.available) == ("10 sign-ups", "7 served")
    (notice,) = [n for n in sched.notices if n.rule == "RAZ-07"]
    assert "(A8, A9, A10)" in notice.text and no_time_advice(notice.text)


def test_a_razor_solve_stopped_on_the_time_limit_says_so_with_the_time(tmp_path: Path) -> None:
    # Everyone busy until 07:45 loses the 07:30 batch: no schedule built without a search
    # meets the razor-minutes' 7, so level 1 is searched, and stops on the limit.
    sched = razors(tmp_path, 10, limit=1e-6, busy_until="07:45")
    missed = [u for u in sched.unmet if u.kind == "razor"]
    assert missed and all(u.rule == "RAZ-07" for u in missed)
    for u in missed:
        assert "raise --time-limit" in u.reason and "of the 1e-06 s limit" in u.reason
        assert "razor-minutes" not in u.reason
    (notice,) = [n for n in sched.notices if n.rule == "RAZ-07"]
    assert "raise --time-limit" in notice.text


# Visitation ---------------------------------------------------------------------------


def visits(folder: Path, window: dict[str, str]) -> tuple[Instance, dict[str, Any]]:
    """The base week (request R1 of inmate I1) with one Saturday window for men."""
    facility = {"visitation": {"windows": [{"day": "sat", "sex": "M"} | window]}}
    instance = load_instance(write_instance(folder, base_tables(), facility=FACILITY | facility))
    return instance, facility


def test_a_visit_longer_than_its_window_names_both_lengths(tmp_path: Path) -> None:
    instance, _ = visits(tmp_path, {"start": "09:00", "end": "09:30"})
    # The loader refuses such a window (VIS-03); an instance built past it must still be explained.
    vis = instance.facility.visitation.model_copy(update={"visit_minutes": 45})
    instance.facility = instance.facility.model_copy(update={"visitation": vis})
    sched = checked(instance, "visitation")
    (wait,) = sched.waitlist
    assert (wait.request_id, wait.rule) == ("R1", "VIS-03")
    assert wait.reason == "visit of 45 min does not fit window sat 09:00-09:30 M on 2026-11-28 (30 min)"
    (u,) = [u for u in sched.unmet if u.subject == "R1"]
    assert (u.rule, u.needed) == ("VIS-03", "45 min in one span")
    assert u.available == "30 min (window sat 09:00-09:30 M on 2026-11-28)"
    assert "count" not in u.reason


def test_a_window_taken_by_the_count_names_the_count(tmp_path: Path) -> None:
    instance, _ = visits(tmp_path, {"start": "11:50", "end": "12:25"})
    sched = checked(instance, "visitation")
    (wait,) = sched.waitlist
    assert (wait.rule, wait.reason) == (
        "DAY-01",
        "the 11:50-12:17 slot on 2026-11-28 meets the 12:00 count (30 min)",
    )


# Lockdown -----------------------------------------------------------------------------


def night_officer(oid: str) -> dict[str, str]:
    return {"id": oid, "first_name": "Night", "last_name": oid} | dict.fromkeys(DAYS, "23:00-07:00")


def test_night_officers_all_related_to_a_lockdown_inmate_are_named(tmp_path: Path) -> None:
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate("I1", "Adams"), inmate("I2", "Baker")]
    # A third minor offence: ten nights of lockdown, so all seven nights of the week (DIS-01).
    dates = ["2026-10-01", "2026-10-20", "2026-11-23"]
    rows["offences.csv"] = [
        {"id": f"X{k}", "inmate_id": "I1", "date": d, "category": "minor", "rules": "42"}
        for k, d in enumerate(dates)
    ]
    rows["staff.csv"] = [night_officer("N1"), night_officer("N2"), *ROUND_THE_CLOCK]
    rows["staff_relationships.csv"] = [
        {"officer_id": "N1", "inmate_id": "I1", "kind": "relative"},
        {"officer_id": "N2", "inmate_id": "I1", "kind": "friend"},
    ]
    _, sched = solved(tmp_path, rows, {}, "lockdown")
    assert all(r.status == "OPTIMAL" for r in sched.solver)
    missed = [u for u in sched.unmet if u.kind == "hour_out"]
    # The verifier wants one entry per night (UNM-01); each tells the whole story.
    assert len(missed) == 7 and {u.rule for u in missed} == {"STF-03"}
    for u in missed:
        assert u.inmates == ["I1"]
        assert "declared relationship with inmate I1 (STF-03): N1 (relative), N2 (friend)" in u.reason
        assert "the same on 7 lockdown nights: Mon 2026-11-23 to Sun 2026-11-29" in u.reason
        assert u.available == "0 of 2 night officer(s) on duty (N1, N2)"
        assert "without a declared relationship with inmate I1" in u.needed + u.fix
    (notice,) = [n for n in sched.notices if n.subject == "hour-outs of I1"]
    assert notice.rule == "STF-03"
    assert notice.text.startswith(
        "inmate I1 (pod A) gets no hour-out on 7 lockdown nights, Mon 2026-11-23 to Sun"
    )
    assert "N1 (relative), N2 (friend)" in notice.text


# Recreation and the shared words ------------------------------------------------------


def test_recreation_gives_time_advice_only_when_the_solve_stopped(tmp_path: Path) -> None:
    instance = load_instance(write_instance(tmp_path, pod_a(2)))
    sessions = [Session(instance.dates[0], "A", 0, ("A1", "A2"))]
    settings = SolveSettings(time_limit=10)
    proof = SolverRun(subproblem="recreation L1 (repeats allowed)", status="INFEASIBLE", seconds=0.7)
    problem = unexplained(instance, sessions, proof, settings)
    assert problem.rule == "REC-02" and no_time_advice(problem.message)
    assert "1 group sessions of pod(s) A (60 min each) do not fit in 1 area(s)" in problem.message
    cut = SolverRun(subproblem="recreation L1", status="UNKNOWN", seconds=10.0)
    problem = unexplained(instance, sessions, cut, settings)
    assert problem.rule == "REC-01"
    assert "UNKNOWN after 10 s of the 10 s limit); raise --time-limit" in problem.message


def test_only_unproven_statuses_count_as_stopped_early() -> None:
    assert stopped_early("UNKNOWN") and stopped_early("FEASIBLE")
    assert not stopped_early("INFEASIBLE") and not stopped_early("OPTIMAL")


def test_a_sign_up_only_related_officers_could_take_names_them_under_stf_03(tmp_path: Path) -> None:
    """The two officers on duty for the razor issue are a relative and a friend of A1: his
    sign-up is left out under STF-03 naming them, not as busy time (DAY-07)."""
    sched = solved(tmp_path, related_razor_rows(), LATE_RECREATION, "razors")[1]
    [u] = [u for u in sched.unmet if u.kind == "razor"]
    assert (u.rule, u.inmates) == ("STF-03", ["A1"])
    assert "O1 (relative), O2 (friend) (STF-03)" in u.reason and "DAY-07" not in u.reason
    assert u.fix == "an officer on duty then with no declared relationship with inmate A1 (STF-03)"
    assert any(b.inmates == ["A2"] for _, b in sched.events() if b.kind == "razor_batch")
