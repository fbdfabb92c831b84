"""Visitation: each rule on a small instance where it binds, checked by the verifier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.schedule import VisitEvent, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import FACILITY, adult, child, family, inmate, request, write_instance

SAT = "sat"


def week(
    tmp_path: Path,
    requests: list[dict[str, str]],
    visitors: list[dict[str, str]],
    visitation: dict[str, Any],
    inmates: list[dict[str, str]] | None = None,
    relations: list[dict[str, str]] | None = None,
    separations: list[dict[str, str]] | None = None,
) -> tuple[Instance, WeekSchedule]:
    """Solve visitation on a small instance; every result is run through the verifier."""
    tables = {
        "inmates.csv": inmates
        or [inmate(f"I{k}", name) for k, name in enumerate(["Adams", "Baker", "Clark", "Dunn", "Evans"], 1)],
        "visitors.csv": visitors,
        "relations.csv": relations if relations is not None else family(requests),
        "requests.csv": requests,
        "separations.csv": separations or [],
    }
    facility = FACILITY | {"visitation": visitation}
    instance = load_instance(write_instance(tmp_path / "inst", tables, facility=facility))
    schedule = build_week(instance, SolveSettings(time_limit=20), only="visitation")
    assert verify(schedule, instance, partial=True) == []
    return instance, schedule


def served(schedule: WeekSchedule) -> dict[str, VisitEvent]:
    return {e.request_id: e for _, e in schedule.events() if isinstance(e, VisitEvent)}


def waitlisted(schedule: WeekSchedule) -> dict[str, str]:
    return {u.request_id: u.rule for u in schedule.waitlist}


def one_slot(booths: int, **extra: Any) -> dict[str, Any]:
    """One Saturday window of a single 30-minute slot for men A-Z."""
    return {"booths": booths, "windows": [{"day": SAT, "start": "08:00", "end": "08:30", "sex": "M"}]} | extra


def test_five_requests_for_four_booths(tmp_path: Path) -> None:
    reqs = [request(f"R{k}", f"I{k}", f"V{k}", minute=k) for k in range(1, 6)]
    _, sched = week(tmp_path, reqs, [adult(f"V{k}") for k in range(1, 6)], one_slot(4))
    assert sorted(served(sched)) == ["R1", "R2", "R3", "R4"]
    assert waitlisted(sched) == {"R5": "capacity"}
    assert sched.windows[0].first_left_out == "R5"
    assert (
        "demand exceeds capacity: 5 eligible requests from 5 inmates for 4 booths x 1 slots"
        in sched.windows[0].note
    )
    assert sorted({e.booth for e in served(sched).values()}) == [1, 2, 3, 4]


def test_fcfs_under_scarcity_follows_registration_not_ids(tmp_path: Path) -> None:
    reqs = [
        request("R1", "I1", "V1", minute=30),
        request("R2", "I2", "V2", minute=10),
        request("R3", "I3", "V3", minute=20),
    ]
    _, sched = week(tmp_path, reqs, [adult(f"V{k}") for k in range(1, 4)], one_slot(1))
    assert list(served(sched)) == ["R2"]
    assert waitlisted(sched) == {"R1": "capacity", "R3": "capacity"}


def test_earlier_registration_gets_earlier_time(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=30), request("R2", "I2", "V2", minute=10)]
    window = {"booths": 1, "windows": [{"day": SAT, "start": "08:00", "end": "09:00", "sex": "M"}]}
    _, sched = week(tmp_path, reqs, [adult("V1"), adult("V2")], window)
    times = {rid: e.start for rid, e in served(sched).items()}
    assert times == {"R2": 480, "R1": 510}


def test_keep_separate_pair_never_in_the_room_together(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=1), request("R2", "I2", "V2", minute=2)]
    visitors = [adult("V1"), adult("V2")]
    _, together = week(tmp_path / "a", reqs, visitors, one_slot(2))
    assert len(served(together)) == 2
    pair = [{"inmate_a": "I2", "inmate_b": "I1", "reason": "adversary"}]
    _, apart = week(tmp_path / "b", reqs, visitors, one_slot(2), separations=pair)
    assert list(served(apart)) == ["R1"]
    assert waitlisted(apart) == {"R2": "VIS-07"}


def test_keep_separate_pair_moves_to_another_slot(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=1), request("R2", "I2", "V2", minute=2)]
    window = {"booths": 2, "windows": [{"day": SAT, "start": "08:00", "end": "09:00", "sex": "M"}]}
    pair = [{"inmate_a": "I1", "inmate_b": "I2", "reason": "co_defendant"}]
    _, sched = week(tmp_path, reqs, [adult("V1"), adult("V2")], window, separations=pair)
    assert sorted(e.start for e in served(sched).values()) == [480, 510]


def test_visitor_in_two_requests_at_once(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=1), request("R2", "I2", "V1", minute=2)]
    _, sched = week(tmp_path, reqs, [adult("V1")], one_slot(2))
    assert list(served(sched)) == ["R1"]
    two_slots = {"booths": 2, "windows": [{"day": SAT, "start": "08:00", "end": "09:00", "sex": "M"}]}
    _, sched = week(tmp_path / "b", reqs, [adult("V1")], two_slots)
    assert sorted(e.start for e in served(sched).values()) == [480, 510]


def test_visitor_weekly_limit(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=1), request("R2", "I2", "V1", minute=2)]
    windows = {"booths": 2, "windows": [{"day": SAT, "start": "08:00", "end": "09:00", "sex": "M"}]}
    _, free = week(tmp_path / "a", reqs, [adult("V1")], windows)
    assert len(served(free)) == 2
    _, limited = week(tmp_path / "b", reqs, [adult("V1")], windows | {"visitor_weekly_limit": 1})
    assert list(served(limited)) == ["R1"]


def test_inmate_weekly_and_daily_quota(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=2), request("R2", "I1", "V2", minute=1)]
    windows = {
        "booths": 2,
        "windows": [
            {"day": SAT, "start": "08:00", "end": "09:00"},
            {"day": "sun", "start": "08:00", "end": "09:00"},
        ],
    }
    _, sched = week(tmp_path / "a", reqs, [adult("V1"), adult("V2")], windows)
    assert list(served(sched)) == ["R2"]
    assert waitlisted(sched) == {"R1": "VIS-06"}
    _, two = week(tmp_path / "b", reqs, [adult("V1"), adult("V2")], windows | {"social_per_week": 2})
    assert {e.start for e in served(two).values()} == {480}  # one a day, so one on each day
    assert len({d.date for d, e in two.events() if isinstance(e, VisitEvent)}) == 2


def test_request_matching_no_window(tmp_path: Path) -> None:
    reqs = [request("R1", "I1", "V1", minute=1)]
    windows = {"windows": [{"day": SAT, "start": "08:00", "end": "09:00", "surname": "M-Z"}]}
    _, sched = week(tmp_path, reqs, [adult("V1")], windows)
    assert waitlisted(sched) == {"R1": "VIS-01"}


def test_windows_by_pod_and_overlapping_sexes_share_booths(tmp_path: Path) -> None:
    inmates = [
        inmate("M1", "Adams"),
        inmate("M2", "Baker"),
        inmate("M3", "Cole"),
        inmate("F1", "Dove", pod="F", sex="F"),
        inmate("F2", "Eve", pod="F", sex="F"),
        inmate("F3", "Fay", pod="F", sex="F"),
    ]
    reqs = [request(f"R{k}", i["id"], f"V{k}", minute=k) for k, i in enumerate(inmates, 1)]
    windows = {
        "booths": 2,
        "visit_minutes": 20,
        "turnover_minutes": 10,
        "windows": [
            {"day": SAT, "start": "08:00", "end": "09:00", "pods": ["A"]},
            {"day": SAT, "start": "08:30", "end": "09:30", "pods": ["F"]},
        ],
    }
    visitors = [adult(f"V{k}") for k in range(1, 7)]
    _, sched = week(tmp_path / "a", reqs, visitors, windows, inmates=inmates)
    by_start: dict[int, list[str]] = {}
    for e in served(sched).values():
        by_start.setdefault(e.start, []).append(e.inmates[0][0])
    # 08:00 two men, 08:30 two of the shared booths, 09:00 two women: all six fit, none twice.
    assert sorted(by_start) == [480, 510, 540] and all(len(v) == 2 for v in by_start.values())
    assert sorted(by_start[480]) == ["M", "M"] and sorted(by_start[540]) == ["F", "F"]
    same_hour = {
        "booths": 2,
        "windows": [
            {"day": SAT, "start": "08:00", "end": "08:30", "pods": ["A"]},
            {"day": SAT, "start": "08:00", "end": "08:30", "pods": ["F"]},
        ],
    }
    _, shared = week(tmp_path / "b", reqs, visitors, same_hour, inmates=inmates)
    assert sorted(served(shared)) == ["R1", "R2"]  # two booths in all, not two per window


def test_child_alone_and_employee_visits(tmp_path: Path) -> None:
    reqs = [
        request("R1", "I1", "C1", minute=1),
        request("R2", "I2", "E1", minute=2),
        request("R3", "I3", "E2", minute=3),
    ]
    visitors = [
        child("C1"),
        adult("E1", employer="justice_services"),
        adult("E2", employer="justice_services"),
    ]
    relations = [
        {"visitor_id": "C1", "inmate_id": "I1", "relation": "child"},
        {"visitor_id": "E1", "inmate_id": "I2", "relation": "child"},
        {"visitor_id": "E2", "inmate_id": "I3", "relation": "friend"},
    ]
    _, sched = week(tmp_path, reqs, visitors, one_slot(4), relations=relations)
    assert list(served(sched)) == ["R2"]
    assert waitlisted(sched) == {"R1": "VTR-02", "R3": "VTR-03"}
    assert [(n.rule, n.subject) for n in sched.notices] == [("VTR-04", "E2")]


@pytest.mark.parametrize("names", [["A1", "A2", "C1"], ["A1", "C1", "C2", "C3"], ["A1", "A2", "C1", "C2"]])
def test_three_and_four_visitors_with_children(tmp_path: Path, names: list[str]) -> None:
    reqs = [request("R1", "I1", ";".join(names), minute=1)]
    visitors = [child(n) if n.startswith("C") else adult(n) for n in names]
    relations = [
        {"visitor_id": n, "inmate_id": "I1", "relation": "child" if n.startswith("C") else "spouse"}
        for n in names
    ]
    _, sched = week(tmp_path, reqs, visitors, one_slot(1), relations=relations)
    visit = served(sched)["R1"]
    assert (
        visit.subperiods
        and visit.subperiods[0].start == visit.start
        and visit.subperiods[-1].end == visit.end
    )
    for part in visit.subperiods:
        assert len(part.visitor_ids) <= 2
        assert any(v.startswith("A") for v in part.visitor_ids)
    assert {v for p in visit.subperiods for v in p.visitor_ids} == set(names)
    assert all(a.arrive_by == visit.start - 15 for a in visit.visitors)


def test_legal_visits_share_the_room_and_avoid_counts(tmp_path: Path) -> None:
    reqs = [
        request("L1", "I1", "A1", minute=1, kind="legal", special_start="2026-11-24T11:30:00"),
        request("L2", "I2", "A2", minute=2, kind="legal", special_start="2026-11-24T11:30:00"),
    ]
    _, sched = week(
        tmp_path, reqs, [adult("A1"), adult("A2")], {"legal_rooms": 1}, relations=family(reqs, "attorney")
    )
    visits = served(sched)
    assert {e.place for e in visits.values()} == {"legal room 1"}
    spans = sorted((e.start, e.end) for e in visits.values())
    assert spans[0][1] <= spans[1][0]
    for start, end in spans:  # never across the 12:00-12:30 count and meal
        assert end <= 720 or start >= 750


def test_two_legal_rooms_hold_two_visits_at_once(tmp_path: Path) -> None:
    reqs = [
        request("L1", "I1", "A1", minute=1, kind="legal", special_start="2026-11-24T09:00:00"),
        request("L2", "I2", "A2", minute=2, kind="legal", special_start="2026-11-24T09:00:00"),
    ]
    _, sched = week(
        tmp_path, reqs, [adult("A1"), adult("A2")], {"legal_rooms": 2}, relations=family(reqs, "attorney")
    )
    visits = served(sched)
    assert {e.start for e in visits.values()} == {540}
    assert sorted(e.place for e in visits.values()) == ["legal room 1", "legal room 2"]


def test_clergy_special_arrangement(tmp_path: Path) -> None:
    reqs = [request("K1", "I1", "P1", minute=1, kind="clergy", special_start="2026-11-25T15:00:00")]
    _, sched = week(tmp_path, reqs, [adult("P1")], one_slot(1), relations=family(reqs, "clergy"))
    visit = served(sched)["K1"]
    assert (visit.kind, visit.start, visit.booth) == ("clergy_visit", 900, 1)


def test_determinism_of_the_solution(tmp_path: Path) -> None:
    reqs = [request(f"R{k}", f"I{k}", f"V{k}", minute=k) for k in range(1, 6)]
    visitors = [adult(f"V{k}") for k in range(1, 6)]
    runs = [week(tmp_path / str(i), reqs, visitors, one_slot(4))[1] for i in range(2)]
    assert served(runs[0]) == served(runs[1])
