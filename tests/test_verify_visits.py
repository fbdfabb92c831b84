"""The verifier catches a solved Warren week broken against each visitation rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.instance import Instance
from models.schedule import SubPeriod, VisitEvent, VisitorArrival, WeekSchedule
from scheduler.cli import BUNDLED
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify
from scheduler.week import build_week
from tests.builders import serve


@pytest.fixture(scope="module")
def warren() -> tuple[Instance, WeekSchedule]:
    instance = load_instance(BUNDLED)
    return instance, build_week(instance, SolveSettings(time_limit=20), only="visitation")


def visit(week: WeekSchedule, rid: str) -> VisitEvent:
    return next(e for _, e in week.events() if isinstance(e, VisitEvent) and e.request_id == rid)


def _move(rid: str, start: int, booth: int | None = None) -> Callable[[WeekSchedule, Instance], None]:
    def change(week: WeekSchedule, _: Instance) -> None:
        e = visit(week, rid)
        shift = start - e.start
        e.start, e.end = start, e.end + shift
        e.booth = booth if booth is not None else e.booth
        for a in e.visitors:
            a.arrive_by += shift
        for p in e.subperiods:
            p.start, p.end = p.start + shift, p.end + shift

    return change


def _set(rid: str, **fields: object) -> Callable[[WeekSchedule, Instance], None]:
    def change(week: WeekSchedule, _: Instance) -> None:
        for k, v in fields.items():
            setattr(visit(week, rid), k, v)

    return change


def _serve(rid: str, day: int, start: int, booth: int) -> Callable[[WeekSchedule, Instance], None]:
    return lambda week, instance: serve(week, instance, rid, day, start, booth) and None


def _drop(rid: str) -> Callable[[WeekSchedule, Instance], None]:
    def change(week: WeekSchedule, _: Instance) -> None:
        for day in week.days:
            day.events = [e for e in day.events if getattr(e, "request_id", None) != rid]

    return change


def _first_part_only_child(week: WeekSchedule, instance: Instance) -> None:
    e = visit(week, "R0025")  # one adult with three children
    kids = [a.visitor_id for a in e.visitors if a.visitor_id != "V035"]
    e.subperiods[0].visitor_ids = kids[:2]


def _three_at_once(week: WeekSchedule, instance: Instance) -> None:
    e = visit(week, "R0025")
    e.subperiods = [SubPeriod(start=e.start, end=e.end, visitor_ids=[a.visitor_id for a in e.visitors])]


def _separated_together(week: WeekSchedule, instance: Instance) -> None:
    """Move one of a served keep-separate pair onto the other's time, in another booth."""
    by_inmate = {e.inmates[0]: e for _, e in week.events() if isinstance(e, VisitEvent) and e.booth}
    a, b = next(sorted(p) for p in sorted(instance.keep_apart, key=sorted) if all(i in by_inmate for i in p))
    target = by_inmate[a]
    _move(by_inmate[b].request_id, target.start, booth=5 - target.booth if target.booth != 4 else 1)(
        week, instance
    )


def _late_arrival(week: WeekSchedule, instance: Instance) -> None:
    visit(week, "R0001").visitors[0].arrive_by += 10


BROKEN = [
    ("VIS-01", _move("R0041", 13 * 60)),  # an A-F inmate in the G-L window
    ("VIS-02", _set("R0041", booth=7)),  # no such booth
    ("VIS-02", _set("R0029", booth=2)),  # booth 2 already holds R0038 at 08:30
    ("VIS-03", _move("R0041", 8 * 60 + 5)),
    ("VIS-04", _three_at_once),
    ("VTR-02", _first_part_only_child),
    ("VIS-05", _move("R0015", 13 * 60, booth=4)),  # same visitor V021 as R0014 at 13:00
    ("VIS-06", _serve("R0019", 6, 10 * 60 + 30, 4)),  # the inmate's second social visit
    ("VIS-07", lambda week, instance: _separated_together(week, instance)),
    ("VIS-08", _serve("R0012", 5, 21 * 60 + 30, 4)),
    ("DIS-08", _serve("R0009", 5, 21 * 60 + 30, 4)),
    ("VIS-10", _late_arrival),
    ("VIS-11", _set("R0095", place="legal room 2")),
    ("VIS-12", _move("R0098", 16 * 60)),
    ("UNM-01", _drop("R0001")),  # neither served nor waitlisted
    ("VTR-01", _serve("R0004", 5, 10 * 60 + 30, 4)),
    ("VTR-03", _serve("R0002", 5, 15 * 60 + 30, 4)),
]


def test_solved_week_is_clean(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    assert verify(week, instance, partial=True) == []
    assert [v.rule for v in verify(week, instance)] == ["UNM-01"]  # visitation only: not a full week
    figures = soft_figures(week, instance)
    assert {k: v for k, v in figures.items() if k.startswith("VIS")} == {
        "VIS-09 served": 80.0,
        "VIS-09 FCFS inversions": 0.0,
    }


@pytest.mark.parametrize(("rule", "change"), BROKEN, ids=[f"{r}-{i}" for i, (r, _) in enumerate(BROKEN)])
def test_broken_week_is_caught(
    warren: tuple[Instance, WeekSchedule], rule: str, change: Callable[[WeekSchedule, Instance], None]
) -> None:
    instance, week = warren
    broken = week.model_copy(deep=True)
    change(broken, instance)
    rules = {v.rule for v in verify(broken, instance, partial=True)}
    assert rule in rules


def test_visitor_weekly_limit_is_checked(warren: tuple[Instance, WeekSchedule]) -> None:
    """VIS-14: V021 visits two brothers; with a limit of 1 the same schedule breaks it."""
    instance, week = warren
    assert {visit(week, "R0014").request_id, visit(week, "R0015").request_id} == {"R0014", "R0015"}
    limited = instance.model_copy(deep=True)
    limited.facility = limited.facility.model_copy(
        update={"visitation": limited.facility.visitation.model_copy(update={"visitor_weekly_limit": 1})}
    )
    assert "VIS-14" in {v.rule for v in verify(week, limited, partial=True)}


def test_fcfs_inversion_is_counted(warren: tuple[Instance, WeekSchedule]) -> None:
    """VIS-09: serving a request left out for capacity in the place of an earlier-registered
    request of the same window, and waitlisting that one instead, shows as inversions."""
    instance, week = warren
    broken = week.model_copy(deep=True)
    assert soft_figures(broken, instance)["VIS-09 FCFS inversions"] == 0

    def windows(rid: str) -> set[int | None]:
        return {c.window for c in instance.eligibility[rid].candidates}

    waiting, early = next(
        (u, e)
        for u in broken.waitlist
        if u.rule == "capacity"
        for _, e in broken.events()
        if isinstance(e, VisitEvent)
        and instance.requests[e.request_id].kind == instance.requests[u.request_id].kind
        and instance.requests[e.request_id].registered_at < instance.requests[u.request_id].registered_at
        and windows(e.request_id) & windows(u.request_id)
    )
    late = instance.requests[waiting.request_id]
    waiting.request_id, waiting.inmate_id = early.request_id, early.inmates[0]
    early.request_id, early.inmates = late.id, [late.inmate_id]
    early.visitors = [VisitorArrival(visitor_id=v, arrive_by=early.start - 15) for v in late.visitor_ids]
    assert soft_figures(broken, instance)["VIS-09 FCFS inversions"] > 0
