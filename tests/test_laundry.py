"""Laundry (LAU-01..05): each rule where it binds, every result verified; on tiny random days
the objective equals a brute-force optimum."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from models.instance import Instance
from models.schedule import LaundryLoad, WeekSchedule
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify
from scheduler.week import build_week
from tests.builders import (
    FACILITY,
    base_tables,
    inmate,
    write_instance,
)

MONDAY = 0
WHITES = {"name": "personal_whites", "days": ["mon"], "pieces_per_inmate": 6}


def solve(folder: Path, inmates: int, laundry: dict[str, Any]) -> tuple[Instance, WeekSchedule]:
    """`inmates` in pod A, whose whites (6 pieces each, 60 a load) are washed on Monday."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate(f"A{k}", f"Name{k}") for k in range(1, inmates + 1)]
    facility = FACILITY | {"laundry": {"categories": [WHITES]} | laundry}
    instance = load_instance(write_instance(folder, rows, facility=facility))
    schedule = build_week(instance, SolveSettings(time_limit=10), only="laundry")
    assert verify(schedule, instance, partial=True) == []
    assert all(r.status == "OPTIMAL" for r in schedule.solver)
    return instance, schedule


def loads(schedule: WeekSchedule, day: int = MONDAY) -> list[LaundryLoad]:
    return [e for e in schedule.days[day].events if isinstance(e, LaundryLoad)]


SHORT_DAY = {"start": "08:00", "end": "11:00"}


def test_one_washer_out_of_service_still_fits(tmp_path: Path) -> None:
    down = [{"machine": "W1", "date": dt.date(2026, 11, 23)}]
    _, sched = solve(tmp_path, 40, {"out_of_service": down})
    assert len(loads(sched)) == 4 and not sched.unmet
    assert {x.washer for x in loads(sched)} == {"W2"}


def test_one_washer_out_of_service_reports_the_miss(tmp_path: Path) -> None:
    _, both = solve(tmp_path / "a", 40, SHORT_DAY)
    assert len(loads(both)) == 4 and max(x.end for x in loads(both)) == 645
    down = [{"machine": "W1", "date": dt.date(2026, 11, 23)}]
    _, one = solve(tmp_path / "b", 40, SHORT_DAY | {"out_of_service": down})
    assert len(loads(one)) == 2
    assert [(m.subject, m.rule, m.hard) for m in one.unmet] == [
        ("laundry:2026-11-23:A:personal_whites:3", "CAL-01", True),
        ("laundry:2026-11-23:A:personal_whites:4", "CAL-01", True),
    ]
    assert one.unmet[0].reason.startswith(
        "pod A personal whites load 3 does not fit 2026-11-23: 1 washer(s) and 2 dryer(s) in service; "
        "with every load done the day would end at"
    )
    assert "W1 closed all day: out of service" in one.unmet[0].reason


def test_the_wait_between_wash_and_dry_never_exceeds_the_maximum(tmp_path: Path) -> None:
    # One dryer, two washers: washing as early as possible would leave loads waiting an hour.
    _, sched = solve(tmp_path, 40, {"dryers": 1, "max_wait_minutes": 10})
    got = loads(sched)
    assert len(got) == 4
    assert all(0 <= x.dry_start - x.wash_end <= 10 for x in got)
    assert max(x.end for x in got) == 525 + 4 * 60  # the dryer runs back to back from 08:45


def test_lau_01_each_category_runs_on_its_days_for_its_pods() -> None:
    """LAU-01 on the bundled week: orange uniforms Thu and Sun and personal whites Mon, Wed and
    Fri for every pod; linens Tue for pods A, B and Dorm, Sat for pods C and D; nothing else."""
    instance = load_instance(Path(__file__).parent.parent / "instances" / "warren")
    sched = build_week(instance, SolveSettings(time_limit=10), only="laundry")
    assert verify(sched, instance, partial=True) == []
    every = {"A", "B", "C", "D", "Dorm"}
    ran: dict[tuple[str, str], set[str]] = {}
    for k, day in enumerate(sched.days):
        for x in loads(sched, k):
            ran.setdefault((day.weekday, x.category), set()).add(x.pod)
    assert ran == {
        ("mon", "personal_whites"): every,
        ("tue", "linens_towels"): {"A", "B", "Dorm"},
        ("wed", "personal_whites"): every,
        ("thu", "orange_uniforms"): every,
        ("fri", "personal_whites"): every,
        ("sat", "linens_towels"): {"C", "D"},
        ("sun", "orange_uniforms"): every,
    }


def test_verifier_catches_each_broken_load(tmp_path: Path) -> None:
    instance, clean = solve(tmp_path, 40, {})
    mutations: dict[str, Any] = {
        "LAU-02": lambda x: (
            setattr(x, "washer", loads_of[1].washer) or setattr(x, "wash_start", loads_of[1].wash_start)
        ),
        "LAU-03": lambda x: setattr(x, "dry_start", x.wash_end + 45),
        "LAU-04": lambda x: setattr(x, "end", 1250),
    }
    for rule, mutate in mutations.items():
        sched = clean.model_copy(deep=True)
        loads_of = sorted(loads(sched), key=lambda x: x.wash_start)
        mutate(loads_of[0])
        assert rule in {v.rule for v in verify(sched, instance, partial=True)}, rule
    missing = clean.model_copy(deep=True)
    missing.days[MONDAY].events.remove(loads(missing)[0])
    assert "UNM-01" in {v.rule for v in verify(missing, instance)}


def test_figures_count_idle_gaps(tmp_path: Path) -> None:
    instance, sched = solve(tmp_path, 40, {"dryers": 1})
    figures = soft_figures(sched, instance)
    assert figures["LAU-05 latest finish (min)"] == 525 + 4 * 60
    assert figures["LAU-04 loads missing"] == 0
