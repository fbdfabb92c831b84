"""Gaps the independent verifier closed: a repeated event id, an unmet visit deleted while its
request stays waitlisted, appointments at the same times (court and transport); malformed schedules reported, never raised, with
the unknown id named; VTR-02 on served visits; waitlist reasons against the instance's
eligibility (VIS-13); recreation only on recreation days (REC-01); VTR-04 notices present;
every overlapping window tried for VIS-03 and VIS-10; FCFS inversions that are real (VIS-09)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.instance import Instance
from models.schedule import (
    DaySchedule,
    Unserved,
    VisitEvent,
    VisitorArrival,
    WeekSchedule,
)
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify, visits
from scheduler.verify.core import Violation
from scheduler.week import build_week
from tests.builders import FACILITY, MONDAY, base_tables, inmate, serve, write_instance

WARREN = Path(__file__).resolve().parents[1] / "instances" / "warren"
UNKNOWN = "ZZ-UNKNOWN"
SAT = dt.date(2026, 11, 28)


def rules_of(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


def first(week: WeekSchedule, kind: str, **attrs: Any) -> Any:
    """The first event of a kind (with the given attribute values)."""
    return next(
        e
        for _, e in week.events()
        if getattr(e, "kind", "") == kind and all(getattr(e, k) == v for k, v in attrs.items())
    )


def test_solved_week_is_clean(warren: tuple[Instance, WeekSchedule]) -> None:
    """The new checks find nothing in the solver's own week, and it shows no inversion."""
    instance, week = warren
    assert verify(week, instance) == []
    assert soft_figures(week, instance)["VIS-09 FCFS inversions"] == 0


# 1. No traceback on any schema-valid schedule; unknown ids are named.


def _replacements(value: Any) -> list[Any]:
    """Schema-allowed stand-ins for a field: unknown ids, empty lists, out-of-range numbers."""
    if isinstance(value, bool):
        return []
    if isinstance(value, str):
        return [UNKNOWN]
    if isinstance(value, int):
        return [-1, 10**6]
    if isinstance(value, list):
        return [[], [UNKNOWN], value[:1] * 2] if value else [[UNKNOWN]]
    if value is None:
        return [UNKNOWN]
    return []


def _fields(record: dict[str, Any], prefix: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every field path of a dumped record (lists of records: their first item)."""
    out = []
    for key, value in record.items():
        if key == "kind":
            continue
        out.append(((*prefix, key), value))
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out += _fields(value[0], (*prefix, key, 0))
    return out


def _with(record: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of the dumped record with the field at `path` replaced, sharing the rest."""
    if not path:
        return value
    node = copy.copy(record)
    node[path[0]] = _with(record[path[0]], path[1:], value)
    return node


def _targets(dump: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """Where the first record of each event kind and each listing sits in the dump."""
    out: dict[str, tuple[Any, ...]] = {}
    for d, day in enumerate(dump["days"]):
        for i, e in enumerate(day["events"]):
            key = f"{e['kind']}:{e.get('session', '')}:{bool(e.get('subperiods'))}"
            out.setdefault(key, ("days", d, "events", i))
    for listing in ("waitlist", "exclusions", "unmet", "notices", "visit_grids", "windows", "rotation"):
        if dump[listing]:
            out[listing] = (listing, 0)
    return out


def _mutants(dump: dict[str, Any]) -> list[tuple[str, WeekSchedule]]:
    """Each field of each target replaced by each stand-in, where the schema allows it."""
    out = []
    for name, where in _targets(dump).items():
        record = dump
        for step in where:
            record = record[step]
        for path, value in _fields(record):
            for new in _replacements(value):
                try:
                    mutant = WeekSchedule.model_validate(_with(dump, where + path, new))
                    out.append((f"{name} {path} = {new!r}", mutant))
                except ValidationError:
                    continue
    return out


def test_fuzzed_schedules_never_raise(warren: tuple[Instance, WeekSchedule]) -> None:
    """Every field of every kind of event and listing set to unknown ids, empty lists and
    out-of-range values: verify() and soft_figures() report, they never raise."""
    instance, week = warren
    mutants = _mutants(week.model_dump())
    assert len(mutants) > 150
    for label, mutant in mutants:
        try:
            found = verify(mutant, instance)  # partial=True differs only by the scope check
            soft_figures(mutant, instance)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
        assert all(isinstance(v, Violation) for v in found)


Change = Callable[[WeekSchedule, Instance], None]


def _visit(**fields: Any) -> Change:
    def change(week: WeekSchedule, _: Instance) -> None:
        for k, v in fields.items():
            setattr(first(week, "visit"), k, v)

    return change


def _event(kind: str, **fields: Any) -> Change:
    def change(week: WeekSchedule, _: Instance) -> None:
        for k, v in fields.items():
            setattr(first(week, kind), k, v)

    return change


def _subperiod_stranger(week: WeekSchedule, _: Instance) -> None:
    e = next(e for _, e in week.events() if isinstance(e, VisitEvent) and e.subperiods)
    e.subperiods[0].visitor_ids = [UNKNOWN]


def _listing(name: str, **fields: Any) -> Change:
    def change(week: WeekSchedule, _: Instance) -> None:
        for k, v in fields.items():
            setattr(getattr(week, name)[0], k, v)

    return change


def _grid_request(week: WeekSchedule, _: Instance) -> None:
    week.visit_grids[0].booths[0][0] = UNKNOWN


NAMED: list[tuple[str, Change, str, str]] = [
    ("visit with no inmate", _visit(inmates=[]), "VIS-13", "names no inmate"),
    ("visit of an unknown request", _visit(request_id=UNKNOWN), "VIS-13", UNKNOWN),
    ("visit of an unknown inmate", _visit(inmates=[UNKNOWN]), "HOU-01", UNKNOWN),
    (
        "visit by an unknown visitor",
        _visit(visitors=[VisitorArrival(visitor_id=UNKNOWN, arrive_by=0)]),
        "VTR-01",
        UNKNOWN,
    ),
    ("sub-period of an unknown visitor", _subperiod_stranger, "VIS-04", UNKNOWN),
    ("visit with an unknown officer", _visit(officer=UNKNOWN), "STF-02", UNKNOWN),
    ("booth visit in an unknown room", _visit(place=UNKNOWN), "VIS-02", UNKNOWN),
    ("count naming an unknown inmate", _event("count", inmates=[UNKNOWN]), "HOU-01", UNKNOWN),
    ("meal for an unknown pod", _event("meal", pods=[UNKNOWN]), "HOU-01", UNKNOWN),
    ("recreation of an unknown pod", _event("recreation", pod=UNKNOWN), "HOU-01", UNKNOWN),
    ("recreation in an unknown area", _event("recreation", place=UNKNOWN), "REC-02", UNKNOWN),
    ("recreation with an unknown officer", _event("recreation", officer=UNKNOWN), "STF-02", UNKNOWN),
    ("load on an unknown washer", _event("laundry_load", washer=UNKNOWN), "LAU-02", UNKNOWN),
    ("load with an unknown officer", _event("laundry_load", officer=UNKNOWN), "STF-02", UNKNOWN),
    ("razor batch of an unknown pod", _event("razor_batch", pod=UNKNOWN), "HOU-01", UNKNOWN),
    ("waitlist of an unknown request", _listing("waitlist", request_id=UNKNOWN), "VIS-13", UNKNOWN),
    ("exclusion of an unknown inmate", _listing("exclusions", inmate_id=UNKNOWN), "UNM-01", UNKNOWN),
    ("unmet entry of an unknown inmate", _listing("unmet", inmates=[UNKNOWN]), "UNM-01", UNKNOWN),
    ("notice about an unknown person", _listing("notices", subject=UNKNOWN), "VTR-04", UNKNOWN),
    ("grid of an unknown window", _listing("visit_grids", window=UNKNOWN), "VIS-01", UNKNOWN),
    ("grid naming an unknown request", _grid_request, "VIS-13", UNKNOWN),
    ("report of an unknown window", _listing("windows", window=UNKNOWN), "VIS-01", UNKNOWN),
    ("rotation of an unknown pod", _listing("rotation", pod=UNKNOWN), "HOU-01", UNKNOWN),
]


@pytest.mark.parametrize(("label", "change", "rule", "text"), NAMED, ids=[n[0] for n in NAMED])
def test_unknown_ids_are_named(
    warren: tuple[Instance, WeekSchedule], label: str, change: Change, rule: str, text: str
) -> None:
    """Each malformed reference is a violation of its rule whose message names the id."""
    instance, week = warren
    broken = week.model_copy(deep=True)
    change(broken, instance)
    found = verify(broken, instance)
    assert any(v.rule == rule and text in v.message for v in found), [v.line() for v in found]


# 2. VTR-02 on served visits.


def test_served_child_not_immediate_family_is_vtr02(warren: tuple[Instance, WeekSchedule]) -> None:
    """R0006 brings V008, under 16 and only other family of I0018, with an adult sibling:
    the loader refused it; served anyway, VTR-02 names the child."""
    instance, week = warren
    broken = week.model_copy(deep=True)
    serve(broken, instance, "R0006", 5, 21 * 60 + 30, 4)
    found = [v for v in verify(broken, instance, partial=True) if v.rule == "VTR-02"]
    assert any("V008" in v.message and "not immediate family" in v.message for v in found)


def test_served_child_needs_an_adult_with_valid_id(warren: tuple[Instance, WeekSchedule]) -> None:
    """R0005's child V006 comes alone: no adult passing VTR-01, so VTR-02 says so."""
    instance, week = warren
    broken = week.model_copy(deep=True)
    serve(broken, instance, "R0005", 5, 21 * 60 + 30, 4)
    found = [v for v in verify(broken, instance, partial=True) if v.rule == "VTR-02"]
    assert any("no adult with valid ID" in v.message for v in found)


# 3. Waitlist reasons against the instance's eligibility.


def _relist(week: WeekSchedule, rid: str, rule: str) -> WeekSchedule:
    broken = week.model_copy(deep=True)
    entry = next(u for u in broken.waitlist if u.request_id == rid)
    entry.rule = rule
    return broken


def test_ineligible_request_relisted_as_capacity(warren: tuple[Instance, WeekSchedule]) -> None:
    """R0002 is refused under VTR-03; a waitlist calling it capacity (or VIS-06) is wrong."""
    instance, week = warren
    assert not instance.eligibility["R0002"].eligible
    for rule in ("capacity", "VIS-06", "VTR-01"):
        found = visits.check_waitlist_reasons(_relist(week, "R0002", rule), instance)
        assert [(v.rule, "R0002" in v.message and "VTR-03" in v.message) for v in found] == [("VIS-13", True)]


def test_eligible_request_listed_with_a_refusal_rule(warren: tuple[Instance, WeekSchedule]) -> None:
    """R0016 is eligible and left out for capacity; listing it under VTR-01 is wrong."""
    instance, week = warren
    assert instance.eligibility["R0016"].eligible
    assert visits.check_waitlist_reasons(week, instance) == []
    found = verify(_relist(week, "R0016", "VTR-01"), instance)
    assert any(v.rule == "VIS-13" and "R0016" in v.message for v in found)


# 4. Recreation only on recreation days.


def test_recreation_on_a_saturday_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """A copy of Monday's first session held on Saturday (not in recreation.days) is REC-01."""
    instance, week = warren
    assert "sat" not in instance.facility.recreation.days
    broken = week.model_copy(deep=True)
    session = first(broken, "recreation").model_copy(update={"id": "recreation:saturday"})
    broken.days[5].events.append(session)
    found = verify(broken, instance)
    assert any(v.rule == "REC-01" and v.events == ["recreation:saturday"] for v in found)


# 5. VTR-04 notices present.


def test_missing_compliance_notice_is_caught(warren: tuple[Instance, WeekSchedule]) -> None:
    """Every VTR-04 notice the instance derives must be in the schedule's notices."""
    instance, week = warren
    subjects = sorted(n.subject for n in instance.notices if n.rule == "VTR-04")
    assert subjects == ["O12", "V002"]
    broken = week.model_copy(deep=True)
    broken.notices = [n for n in broken.notices if n.subject != "O12"]
    found = [v for v in verify(broken, instance) if v.rule == "VTR-04"]
    assert len(found) == 1 and "O12" in found[0].message
    broken.notices = []
    assert len([v for v in verify(broken, instance) if v.rule == "VTR-04"]) == 2


# 6 and 7. Two overlapping windows on different grids; first come, first served.


@pytest.fixture(scope="module")
def overlap(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """One booth and two overlapping Saturday windows for men: 08:00-09:00 (slots 08:00,
    08:30) and 08:15-09:15 (slots 08:15, 08:45). Requests in registration order: RA (I1),
    RD (I4, who has court Sat 08:30-10:00), RC (I3), and RV (I2), registered Saturday 07:50:
    too late for the 08:00 window (VIS-10), in time for the 08:15 one."""
    tables = base_tables()
    tables["inmates.csv"].append(inmate("I6", "Evans"))
    adult = {"first_name": "A", "last_name": "Adult", "date_of_birth": "1980-01-01", "id_kind": "state"}
    tables["visitors.csv"] += [adult | {"id": v, "id_expiry": "2030-01-01"} for v in ("V3", "V4", "V5")]
    tables["requests.csv"] = [
        {"id": rid, "inmate_id": i, "kind": "social", "visitor_ids": v, "registered_at": at}
        for rid, i, v, at in (
            ("RA", "I1", "V1", "2026-11-18T10:00:00"),
            ("RD", "I4", "V4", "2026-11-19T12:00:00"),
            ("RC", "I3", "V3", "2026-11-20T10:00:00"),
            ("RV", "I2", "V5", "2026-11-28T07:50:00"),
        )
    ]
    tables["appointments.csv"] = [
        {"inmate_id": "I4", "date": str(SAT), "start": "08:30", "end": "10:00", "kind": "court"}
    ]
    windows = [
        {"day": "sat", "start": "08:00", "end": "09:00", "sex": "M"},
        {"day": "sat", "start": "08:15", "end": "09:15", "sex": "M"},
    ]
    facility = FACILITY | {"visitation": {"booths": 1, "windows": windows}}
    return load_instance(write_instance(tmp_path_factory.mktemp("overlap"), tables, facility=facility))


def booth_visit(instance: Instance, rid: str, start: str) -> VisitEvent:
    """A booth-1 visit of a request on Saturday at `start` ("HH:MM")."""
    at = int(start[:2]) * 60 + int(start[3:])
    req = instance.requests[rid]
    return VisitEvent(
        id=f"visit:{rid}",
        kind="visit",
        request_id=rid,
        start=at,
        end=at + instance.facility.visitation.visit_minutes,
        place="visitation room",
        booth=1,
        inmates=[req.inmate_id],
        visitors=[VisitorArrival(visitor_id=v, arrive_by=at - 15) for v in req.visitor_ids],
        subperiods=[],
    )


def saturday(instance: Instance, served: list[VisitEvent], waiting: list[str]) -> WeekSchedule:
    """A visitation-only week: the given visits on Saturday, the rest waitlisted for capacity."""
    monday = dt.date.fromisoformat(MONDAY)
    days = [
        DaySchedule(
            date=monday + dt.timedelta(days=i), weekday=instance.weekday(monday + dt.timedelta(days=i))
        )
        for i in range(7)
    ]
    days[5].events = list(served)
    waitlist = [
        Unserved(request_id=r, inmate_id=instance.requests[r].inmate_id, rule="capacity", reason="full")
        for r in waiting
    ]
    return WeekSchedule(
        facility=instance.facility.name, monday=monday, days=days, waitlist=waitlist, scope=["visitation"]
    )


def test_overlapping_windows_each_tried(overlap: Instance) -> None:
    """RV at 08:15 lies in both windows: off the first one's grid and registered too late for
    it, but on the second one's grid and in time for it, so it is accepted (VIS-03, VIS-10)."""
    assert [c.window for c in overlap.eligibility["RV"].candidates] == [1]
    week = saturday(overlap, [booth_visit(overlap, "RV", "08:15")], [])
    assert visits.check_windows(week, overlap) == []
    assert visits.check_arrivals(week, overlap) == []
    off = saturday(overlap, [booth_visit(overlap, "RA", "08:20")], [])
    assert rules_of(visits.check_windows(off, overlap)) == {"VIS-03"}  # on neither grid
    early = saturday(overlap, [booth_visit(overlap, "RV", "08:00")], [])
    assert rules_of(visits.check_arrivals(early, overlap)) == {"VIS-10"}  # only the first window has 08:00


def test_solved_overlapping_windows_verify_clean(overlap: Instance) -> None:
    """The solver's own schedule for the two windows passes the verifier."""
    week = build_week(overlap, SolveSettings(time_limit=10, seed=0), only="visitation")
    assert verify(week, overlap, partial=True) == []


def test_first_come_first_served_has_no_inversion(overlap: Instance) -> None:
    """RA at 08:00 and RC at 08:30 with RD waitlisted is first come, first served: RD was
    registered before RC and shares its windows, but RD's inmate is in court from 08:30, so
    RD could never take RC's slot, and 08:00 is RA's, registered earlier."""
    week = saturday(
        overlap, [booth_visit(overlap, "RA", "08:00"), booth_visit(overlap, "RC", "08:30")], ["RD", "RV"]
    )
    assert soft_figures(week, overlap)["VIS-09 FCFS inversions"] == 0


def test_true_inversion_is_counted(overlap: Instance) -> None:
    """RA, registered first, waitlisted while RD and RC, registered later, hold slots RA could
    use: inversions."""
    week = saturday(
        overlap, [booth_visit(overlap, "RD", "08:00"), booth_visit(overlap, "RC", "08:30")], ["RA", "RV"]
    )
    assert soft_figures(week, overlap)["VIS-09 FCFS inversions"] >= 1


def test_inversion_needs_a_free_visitor(overlap: Instance) -> None:
    """RA waitlisted while RC (later) is served at 08:30, but RA's visitor V1 is in a legal
    visit then: RA could not take RC's slot, so no inversion is counted for it."""
    legal = booth_visit(overlap, "RD", "08:00").model_copy(
        update={
            "id": "legal:x",
            "request_id": "RL",
            "kind": "legal_visit",
            "booth": None,
            "place": "legal room 1",
            "start": 8 * 60 + 30,
            "end": 9 * 60 + 30,
            "inmates": ["I6"],
            "visitors": [VisitorArrival(visitor_id="V1", arrive_by=8 * 60 + 15)],
        }
    )
    week = saturday(overlap, [booth_visit(overlap, "RC", "08:30"), legal], ["RA", "RD", "RV"])
    assert soft_figures(week, overlap)["VIS-09 FCFS inversions"] == 0
    free = saturday(overlap, [booth_visit(overlap, "RC", "08:30")], ["RA", "RD", "RV"])
    assert soft_figures(free, overlap)["VIS-09 FCFS inversions"] == 1


@pytest.fixture(scope="module")
def warren_week() -> tuple[Instance, WeekSchedule]:
    instance = load_instance(WARREN)
    return instance, build_week(instance, SolveSettings(time_limit=10))


def test_a_repeated_event_id_is_reported(warren_week: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren_week
    edited = week.model_copy(deep=True)
    visit = next(e for e in edited.days[5].events if isinstance(e, VisitEvent))
    other = next(e for e in edited.days[6].events if isinstance(e, VisitEvent))
    other.id = visit.id
    found = [v for v in verify(edited, instance) if "ids are unique" in v.message]
    assert [(v.rule, v.events) for v in found] == [("UNM-01", [visit.id])]


def test_an_unmet_visit_deleted_while_waitlisted_is_reported(warren_week: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren_week
    assert verify(week, instance) == []
    unmet = next(u for u in week.unmet if u.kind == "visit")
    edited = week.model_copy(deep=True)
    edited.unmet = [u for u in edited.unmet if u.subject != unmet.subject]
    assert [(v.rule, v.message) for v in verify(edited, instance)] == [
        (
            "UNM-01",
            f"request {unmet.subject} is waitlisted but listed unmet 0 times; "
            "an eligible request left out is listed unmet once",
        )
    ]
    edited.waitlist = [u for u in week.waitlist if u.request_id != unmet.subject]
    edited.unmet = week.unmet
    messages = [v.message for v in verify(edited, instance)]
    assert f"unmet visit {unmet.subject} is not on the waitlist" in messages


def test_two_appointments_at_the_same_times_load_and_verify_alike(tmp_path: Path) -> None:
    """Court, then the transport back, entered with the same times: two appointments the
    loader accepts, each an event of its own, and the verifier agrees."""
    tables = base_tables()
    court = {"inmate_id": "I1", "date": "2026-11-24", "start": "08:30", "end": "12:00", "kind": "court", "note": ""}
    tables["appointments.csv"] = [court, court | {"kind": "transport"}]
    instance = load_instance(write_instance(tmp_path / "inst", tables))
    assert len(instance.appointments) == 2
    week = build_week(instance, SolveSettings(time_limit=10))
    assert sorted(e.purpose for _, e in week.events() if e.kind == "appointment") == ["court", "transport"]
    assert verify(week, instance) == []
    edited = week.model_copy(deep=True)
    for day in edited.days:
        day.events = [e for e in day.events if getattr(e, "purpose", "") != "transport"]
    assert [v.message for v in verify(edited, instance)] == [
        "transport appointment of I1 2026-11-24 08:30-12:00 is not in the schedule"
    ]


def test_closures_shown_are_checked(warren_week: tuple[Instance, WeekSchedule]) -> None:
    """CAL-01 as the schedule shows it: the closure listed, the closed booth marked on the
    grid, the window's capacity counting it out."""
    instance, week = warren_week
    edited = week.model_copy(deep=True)
    edited.closures = []
    [grid] = [g for g in edited.visit_grids if g.closed]
    grid.closed[3][0] = None
    [report] = [w for w in edited.windows if (w.date, w.window) == (grid.date, grid.window)]
    messages = [v.message for v in verify(edited, instance) if v.rule == "CAL-01"]
    assert messages == [
        "the schedule lists 0 closures; the week has 1",
        f"window {grid.window} {grid.date} at 08:00: marks booths [] closed; "
        "1 highest-numbered booth(s) are closed then",
        f"window {grid.window} {grid.date}: reports 6 closed booth slots and capacity 18; "
        "its grid marks 5 closed of 24",
    ]
    grid.closed[3][0] = "intercom repair in booth 4"
    report.capacity = 24
    assert any("capacity 24" in v.message for v in verify(edited, instance))


def test_a_closed_window_lists_what_it_displaced(tmp_path: Path) -> None:
    """The visiting room closed for the whole Saturday-morning window: the closure lists the
    requests it displaced, each waitlisted under CAL-01 with the closure's reason, and the
    verifier refuses a displaced entry that no listing backs."""
    import shutil

    import yaml

    folder = tmp_path / "warren"
    shutil.copytree(WARREN, folder)
    config = yaml.safe_load((folder / "facility.yaml").read_text())
    flood = {"resource": "visitation_room", "date": "2026-11-28", "start": "08:00", "end": "11:00"}
    config["closures"] = [*config.get("closures", []), flood | {"reason": "flood in the visiting room"}]
    (folder / "facility.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    instance = load_instance(folder)
    week = build_week(instance, SolveSettings(time_limit=10))
    assert verify(week, instance) == []
    [closure] = [c for c in week.closures if c.resource == "visitation_room"]
    waitlisted = sorted(
        u.request_id for u in week.waitlist if u.rule == "CAL-01" and "flood in the visiting room" in u.reason
    )
    assert closure.displaced == waitlisted and len(waitlisted) > 0
    [report] = [w for w in week.windows if w.window == "sat 08:00-11:00 M A-F"]
    assert (report.served, report.capacity, report.closed_out) == (0, 0, len(waitlisted))
    assert report.kept_out >= report.closed_out  # an appointment may take a request's other slots
    closure.displaced.append("R9999")
    assert [v.message for v in verify(week, instance)] == [
        "closure visitation_room 2026-11-28 (flood in the visiting room) lists R9999 as displaced; "
        "no listing of the schedule cites CAL-01 for it"
    ]


def test_overlapping_and_mixed_booth_closures_solve_and_verify(tmp_path: Path) -> None:
    """Booth closures overlapping in time (the highest-numbered booths closed at each moment,
    whichever closure closed them), and an all-day closure beside a timed one on one date:
    the solver's grid and the verifier agree, and neither crashes; a ragged grid is reported."""
    import shutil

    import yaml

    folder = tmp_path / "warren"
    shutil.copytree(WARREN, folder)
    config = yaml.safe_load((folder / "facility.yaml").read_text())
    config["closures"] = [
        {"resource": "booths", "date": "2026-11-28", "start": "13:00", "end": "14:00", "count": 2, "reason": "a"},
        {"resource": "booths", "date": "2026-11-28", "start": "13:30", "end": "15:00", "count": 1, "reason": "b"},
        {"resource": "booths", "date": "2026-11-29", "count": 1, "reason": "all day"},
        {"resource": "booths", "date": "2026-11-29", "start": "19:00", "end": "20:00", "count": 1, "reason": "c"},
    ]
    (folder / "facility.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    instance = load_instance(folder)
    week = build_week(instance, SolveSettings(time_limit=10), only="visitation")
    assert verify(week, instance, partial=True) == []
    [grid] = [g for g in week.visit_grids if g.window == "sat 13:00-16:00 M G-L"]
    assert [sum(1 for row in grid.closed if row[k]) for k in range(len(grid.slots))] == [2, 3, 1, 1, 0, 0]
    grid.booths[0] = grid.booths[0][:1]
    assert any("closed marks do not match its grid" in v.message for v in verify(week, instance, partial=True))


def test_a_deadline_not_reached_leaves_no_trace() -> None:
    """A deadline shorter than the time limit but never reached: no solve records it, so the
    schedule is the same byte for byte as without a deadline (timings aside)."""
    instance = load_instance(WARREN)
    week = build_week(instance, SolveSettings(time_limit=60, budget=30), only="visitation")
    assert all(r.deadline is None for r in week.solver)
