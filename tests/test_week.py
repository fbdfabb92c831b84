"""The whole week (`build_week`): busy time across sub-problems (DAY-07, APT-01), officers
for every session (STF-01..03), closures (CAL-01), laundry domains (DAY-04, LAU-06),
completeness (UNM-01), end to end at several sizes, and the `solve` exit codes.

Every behaviour runs on a tiny hand-built instance solved as a full week; a week that
should be clean is also run through the independent verifier."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from models.instance import Instance
from models.problems import InstanceError
from models.schedule import (
    SUPERVISED,
    AppointmentEvent,
    DaySchedule,
    EventBase,
    LaundryLoad,
    Post,
    VisitEvent,
    WeekSchedule,
)
from scheduler.cli import BUNDLED, main
from scheduler.engine.solving import SolveSettings
from scheduler.generate import GeneratorRates, generate_instance
from scheduler.laundry.days import laundry_days
from scheduler.laundry.model import DayModel
from scheduler.loading import load_instance
from scheduler.verify import verify
from scheduler.week import build_week
from tests.builders import (
    FACILITY,
    ROUND_THE_CLOCK,
    adult,
    base_tables,
    inmate,
    officer,
    request,
    write_instance,
)

MON, TUE, SAT = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 28)
ROUTINE = frozenset(
    {"count", "meal", "med_pass", "mail", "phones", "supply_cart", "indigent_package", "commissary"}
)
VISITS = frozenset({"visit", "legal_visit", "clergy_visit"})

# --- shared helpers ------------------------------------------------------------------------


def relation(visitor: str, inmate_id: str, kind: str = "spouse") -> dict[str, str]:
    return {"visitor_id": visitor, "inmate_id": inmate_id, "relation": kind}


def signup(inmate_id: str, list_date: str = "2026-11-23", position: int = 1) -> dict[str, str]:
    """A razor_signups.csv row (Monday's list is issued on Tuesday morning, RAZ-01)."""
    return {"inmate_id": inmate_id, "list_date": list_date, "position": str(position)}


def appointment(inmate_id: str, date: str, start: str, end: str, kind: str = "court") -> dict[str, str]:
    return {"inmate_id": inmate_id, "date": date, "start": start, "end": end, "kind": kind}


def offence(oid: str, inmate_id: str, date: str = "2026-11-23") -> dict[str, str]:
    """A first minor offence: three lockdown nights from `date` (DIS-01)."""
    return {"id": oid, "inmate_id": inmate_id, "date": date, "category": "minor", "rules": "42"}


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def tables(**rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """The base week with no visit requests, with the given tables (file name without .csv)
    replacing or adding to it."""
    out = base_tables() | {"requests.csv": [], "relations.csv": []}
    return out | {f"{name}.csv": value for name, value in rows.items()}


def solve(
    folder: Path, rows: dict[str, list[dict[str, str]]], facility: dict[str, Any] | None = None
) -> tuple[Instance, WeekSchedule]:
    """Load and solve the full week (all five sub-problems, then the officer matcher)."""
    instance = load_instance(write_instance(folder, rows, facility=FACILITY | (facility or {})))
    return instance, build_week(instance, SolveSettings(time_limit=10))


def of_kind(schedule: WeekSchedule, *kinds: str) -> list[tuple[DaySchedule, EventBase]]:
    return [(day, e) for day, e in schedule.events() if getattr(e, "kind", "") in kinds]


def span(schedule: WeekSchedule, day: DaySchedule, event: EventBase) -> tuple[int, int]:
    """An event's absolute minutes from the week's Monday 00:00."""
    t = (day.date - schedule.monday).days * 1440
    return t + event.start, t + event.end


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def presence(schedule: WeekSchedule, inmate_id: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(kind, id, absolute span) of every non-routine event that names the inmate."""
    return [
        (e.kind, e.id, span(schedule, day, e))  # type: ignore[attr-defined]
        for day, e in schedule.events()
        if getattr(e, "kind", "") not in ROUTINE and inmate_id in e.inmates
    ]


def two_places_at_once(schedule: WeekSchedule) -> list[str]:
    """DAY-07 checked here, apart from the verifier: pairs of one inmate's events that overlap."""
    people: set[str] = {i for _, e in schedule.events() for i in e.inmates}
    clashes = []
    for iid in sorted(people):
        mine = sorted(presence(schedule, iid), key=lambda p: p[2])
        for k, (kind, eid, s) in enumerate(mine):
            for kind2, eid2, s2 in mine[k + 1 :]:
                if s2[0] >= s[1]:
                    break
                clashes.append(f"{iid}: {kind} {eid} {s} and {kind2} {eid2} {s2}")
    return clashes


def unstaffed(schedule: WeekSchedule) -> list[str]:
    return [e.id for _, e in schedule.events() if getattr(e, "kind", "") in SUPERVISED and not e.officer]


def assert_clean(instance: Instance, schedule: WeekSchedule, optimal: bool = True) -> None:
    """A clean, fully staffed week with nobody in two places; every solve optimal if asked."""
    assert [v.line() for v in verify(schedule, instance)] == []
    assert unstaffed(schedule) == []
    assert [u for u in schedule.unmet if u.hard] == []
    assert two_places_at_once(schedule) == []
    if optimal:
        assert [(r.subproblem, r.status) for r in schedule.solver if r.status != "OPTIMAL"] == []


# --- 1. razors around the inmate's own visit (DAY-07) --------------------------------------


def _razor_beside_visit(tmp_path: Path, **razors: str) -> tuple[Instance, WeekSchedule]:
    """I1 has a social visit on the issue morning (Tue 07:30, the only slot of the only window)
    and is on Monday's razor list with I2; recreation is in the afternoon."""
    rows = tables(
        requests=[request("R1", "I1", "V1")],
        relations=[relation("V1", "I1")],
        razor_signups=[signup("I1", position=1), signup("I2", position=2)],
    )
    facility = {
        "visitation": {"booths": 1, "windows": [{"day": "tue", "start": "07:30", "end": "08:00"}]},
        "recreation": {"start": "13:00"},
        "razors": razors,
    }
    return solve(tmp_path, rows, facility)


def test_razor_batch_moves_off_the_inmates_visit(tmp_path: Path) -> None:
    instance, sched = _razor_beside_visit(tmp_path)
    [(day, visit)] = of_kind(sched, "visit")
    assert (day.date, visit.start) == (TUE, 450)  # the visit holds the first batch slot, 07:30
    mine = [(d, b) for d, b in of_kind(sched, "razor_batch") if "I1" in b.inmates]
    assert all(not overlap(span(sched, d, b), span(sched, day, visit)) for d, b in mine)
    listed = [x.rule for x in sched.exclusions if x.inmate_id == "I1" and x.activity == "razor"]
    assert len(mine) == 1 or listed == ["RAZ-07"]
    # 08:30-11:30 is free, and the most sign-ups served comes first (RAZ-07): he is served.
    assert (len(mine), listed) == (1, [])
    assert_clean(instance, sched)


def test_razor_signup_whose_only_free_slot_is_his_visit_is_listed(tmp_path: Path) -> None:
    # Issue 07:30-08:30 with the 08:00 med pass: 07:30 is the only batch slot, and I1 is in his visit.
    instance, sched = _razor_beside_visit(tmp_path, collect_by="08:30")
    [(_, visit)] = of_kind(sched, "visit")
    assert visit.start == 450
    batches = [b for _, b in of_kind(sched, "razor_batch")]
    assert [b.inmates for b in batches] == [["I2"]]
    assert [(x.inmate_id, x.rule) for x in sched.exclusions if x.activity == "razor"] == [("I1", "RAZ-07")]
    [unmet] = [u for u in sched.unmet if u.kind == "razor"]
    assert (unmet.inmates, unmet.hard) == (["I1"], False)
    assert "busy (a visit or an appointment) at every time a batch of pod A can start" in unmet.reason
    assert "(DAY-07)" in unmet.reason
    assert_clean(instance, sched)


# --- 2. legal visits and recreation (DAY-07) -----------------------------------------------


def test_legal_visit_and_recreation_never_overlap(tmp_path: Path) -> None:
    # I1 asks for his lawyer on Tuesday 08:30, the first recreation hour of his pod; with
    # recreation only on Tuesday 08:30-11:00 the two compete for the same morning.
    rows = tables(
        inmates=[inmate("I1", "Adams"), inmate("I2", "Baker")],
        visitors=[adult("L1")],
        relations=[relation("L1", "I1", "attorney")],
        requests=[request("L1R", "I1", "L1", kind="legal", special_start="2026-11-24T08:30:00")],
    )
    facility = {"recreation": {"days": ["tue"], "start": "08:30", "end": "11:00"}}
    instance, sched = solve(tmp_path, rows, facility)
    legal = of_kind(sched, "legal_visit")
    recreation = of_kind(sched, "recreation")
    assert len(legal) == 1 and recreation
    assert {i for _, e in recreation for i in e.inmates} == {"I1", "I2"}
    for ld, lv in legal:
        for rd, rs in recreation:
            if lv.inmates[0] in rs.inmates:
                assert not overlap(span(sched, ld, lv), span(sched, rd, rs)), (lv.id, rs.id)
    assert_clean(instance, sched)
    # The verifier sees the clash either way round: the visit moved onto the session, or
    # the session moved onto the visit.
    [(_, lv)] = legal
    [(_, rs)] = [(d, e) for d, e in recreation if "I1" in e.inmates]
    for mover, target in ((lv.id, rs), (rs.id, lv)):
        moved = sched.model_copy(deep=True)
        event = next(e for _, e in moved.events() if e.id == mover)
        event.end = target.start + (event.end - event.start)
        event.start = target.start
        assert "DAY-07" in {v.rule for v in verify(moved, instance)}, mover


# --- 3. an appointment blocks every activity of the inmate (APT-01) ------------------------


def test_appointment_blocks_a_social_visit(tmp_path: Path) -> None:
    rows = tables(
        requests=[request("R1", "I1", "V1")],
        relations=[relation("V1", "I1")],
        appointments=[appointment("I1", "2026-11-28", "07:30", "09:30")],
    )
    facility = {"visitation": {"windows": [{"day": "sat", "start": "08:00", "end": "09:00"}]}}
    instance, sched = solve(tmp_path, rows, facility)
    assert of_kind(sched, "visit") == []
    assert [(u.request_id, u.rule) for u in sched.waitlist] == [("R1", "APT-01")]
    assert_clean(instance, sched)


def test_appointment_blocks_a_legal_visit(tmp_path: Path) -> None:
    # The lawyer asks for Tuesday 09:00, inside the inmate's court appointment.
    rows = tables(
        visitors=[adult("L1")],
        relations=[relation("L1", "I1", "attorney")],
        requests=[request("L1R", "I1", "L1", kind="legal", special_start="2026-11-24T09:00:00")],
        appointments=[appointment("I1", "2026-11-24", "09:00", "11:00")],
    )
    facility = {"visitation": {"legal_days": ["tue"]}}
    instance, sched = solve(tmp_path, rows, facility)
    [(day, visit)] = of_kind(sched, "legal_visit")
    assert day.date == TUE
    assert not overlap((visit.start, visit.end), (540, 660))
    assert_clean(instance, sched)


def test_appointment_blocks_recreation(tmp_path: Path) -> None:
    # Recreation only Tuesday 08:30-11:00; I1 is at the doctor 08:30-10:00.
    rows = tables(
        inmates=[inmate("I1", "Adams"), inmate("I2", "Baker")],
        appointments=[appointment("I1", "2026-11-24", "08:30", "10:00", "medical")],
    )
    facility = {"recreation": {"days": ["tue"], "start": "08:30", "end": "11:00"}}
    instance, sched = solve(tmp_path, rows, facility)
    mine = [e for _, e in of_kind(sched, "recreation") if "I1" in e.inmates]
    assert len(mine) == 1
    assert not overlap((mine[0].start, mine[0].end), (510, 600))
    assert_clean(instance, sched)


def test_appointment_blocks_a_razor_batch(tmp_path: Path) -> None:
    # Issue morning Tuesday 07:30-11:30; I1 is in transport 07:30-10:30.
    rows = tables(
        razor_signups=[signup("I1")],
        appointments=[appointment("I1", "2026-11-24", "07:30", "10:30", "transport")],
    )
    instance, sched = solve(tmp_path, rows, {"recreation": {"start": "13:00"}})
    mine = [e for _, e in of_kind(sched, "razor_batch") if "I1" in e.inmates]
    assert len(mine) == 1  # 10:30-11:30 is free and within the collection deadline
    assert not overlap((mine[0].start, mine[0].end), (450, 630))
    assert_clean(instance, sched)


def test_appointment_blocks_a_lockdown_hour_out(tmp_path: Path) -> None:
    # I1 is on lockdown Mon-Wed nights; on Monday night he is at the hospital 23:30-01:00,
    # where the first hour-out (23:30) would go.
    night = [officer(f"N{k}", "23:00-07:00") for k in (1, 2)]
    rows = tables(
        inmates=[inmate("I1", "Adams"), inmate("I2", "Baker")],
        offences=[offence("X1", "I1")],
        appointments=[appointment("I1", "2026-11-23", "23:30", "25:00", "medical")],
        staff=[*night, *ROUND_THE_CLOCK],
    )
    instance, sched = solve(tmp_path, rows)
    outs = [(d.date, e) for d, e in of_kind(sched, "hour_out")]
    assert sorted(d for d, _ in outs) == [MON, TUE, dt.date(2026, 11, 25)]
    [monday] = [e for d, e in outs if d == MON]
    assert monday.start >= 1500  # after the appointment ends at 01:00
    assert_clean(instance, sched)


def test_appointment_is_an_event_of_the_week(tmp_path: Path) -> None:
    rows = tables(appointments=[appointment("I3", "2026-11-25", "13:00", "15:30", "medical")])
    instance, sched = solve(tmp_path, rows)
    found = [(d.date, e) for d, e in of_kind(sched, "appointment")]
    assert len(found) == 1
    day, event = found[0]
    assert isinstance(event, AppointmentEvent)
    assert (day, event.start, event.end, event.inmates, event.purpose, event.officer) == (
        dt.date(2026, 11, 25),
        780,
        930,
        ["I3"],
        "medical",
        None,
    )
    assert [
        e.id
        for d, e in of_kind(sched, "recreation", "razor_batch", "visit", "legal_visit", "hour_out")
        if d.date == day and "I3" in e.inmates and overlap((e.start, e.end), (780, 930))
    ] == []
    assert_clean(instance, sched)


# --- 4. a window post skips the officer related to a visited inmate (STF-03) ----------------


def _saturday_staff(related: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Saturday's day shift is O1 and O2 only, on the same hours; the round-the-clock
    officers work every other day."""
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sun")
    others = [
        officer(o["id"], o["mon"], weekdays)  # type: ignore[arg-type]
        for o in ROUND_THE_CLOCK
    ]
    return {
        "staff": [officer("O1", "07:00-15:00", ("sat",)), officer("O2", "07:00-15:00", ("sat",)), *others],
        "staff_relationships": related,
    }


def _saturday(tmp_path: Path, related: list[dict[str, str]]) -> tuple[Instance, WeekSchedule]:
    """I1 has a visit in the Saturday 08:00-11:00 window. I2 is on Friday's razor list: his
    batch (Saturday 08:30-09:00, the only slot) also needs one of the two officers."""
    rows = tables(
        requests=[request("R1", "I1", "V1")],
        relations=[relation("V1", "I1")],
        razor_signups=[signup("I2", "2026-11-27")],
        **_saturday_staff(related),
    )
    facility = {
        "visitation": {"windows": [{"day": "sat", "start": "08:00", "end": "11:00"}]},
        "razors": {"issue_start": "08:30", "collect_by": "09:00"},
    }
    return solve(tmp_path, rows, facility)


def _window_and_batch_officers(sched: WeekSchedule) -> tuple[list[tuple[str, str | None]], list]:
    [(_, visit)] = of_kind(sched, "visit")
    posts = [e for _, e in of_kind(sched, "post") if isinstance(e, Post) and visit.id in e.covers]
    batches = [e for _, e in of_kind(sched, "razor_batch")]
    return [(p.session, p.officer) for p in posts], [(b.inmates, b.officer) for b in batches]


@pytest.mark.parametrize(("related", "other"), [("O1", "O2"), ("O2", "O1")])
def test_window_post_goes_to_the_officer_without_a_relationship(
    tmp_path: Path, related: str, other: str
) -> None:
    # Either officer in turn is I1's cousin: the post goes to the other one each time, so
    # the choice is the relationship's, not a tie-break; the razor batch at the same time
    # goes to the related officer (I2 is no relative of his).
    relationship = [{"officer_id": related, "inmate_id": "I1", "kind": "relative"}]
    instance, sched = _saturday(tmp_path, relationship)
    assert _window_and_batch_officers(sched) == ([("visitation_window", other)], [(["I2"], related)])
    assert_clean(instance, sched)


def test_visit_no_window_officer_may_supervise_is_waitlisted_with_stf03(tmp_path: Path) -> None:
    # V1 is a relative of both Saturday officers: the window could have no officer for her
    # visit, so the request is waitlisted with STF-03 instead of leaving the post unstaffed.
    relatives = [{"officer_id": o, "visitor_id": "V1", "kind": "relative"} for o in ("O1", "O2")]
    instance, sched = _saturday(tmp_path, relatives)
    assert of_kind(sched, "visit") == []
    assert [(u.request_id, u.rule) for u in sched.waitlist] == [("R1", "STF-03")]
    assert_clean(instance, sched)


# --- 5. more wishes than officers: the week is still staffed (STF-01, STF-02) ---------------


def test_one_officer_gets_a_staffed_morning_not_an_unstaffed_one(tmp_path: Path) -> None:
    # One officer all week. On Tuesday three sessions would all like 08:30: the recreation
    # of pods A and B (08:30-11:30 only) and pod B's razor batch (issued from 08:30).
    rows = tables(
        inmates=[inmate("I1", "Adams"), inmate("I2", "Baker"), inmate("I3", "Garcia", pod="B")],
        razor_signups=[signup("I3")],
        staff=[officer("O1", "07:00-15:00")],
    )
    facility = {
        "recreation": {"days": ["tue"], "start": "08:30", "end": "11:30"},
        "razors": {"issue_start": "08:30"},
        "visitation": {"windows": []},
    }
    instance, sched = solve(tmp_path, rows, facility)
    supervised = [(d, e) for d, e in of_kind(sched, *SUPERVISED) if d.date == TUE]
    kinds = sorted(e.kind for _, e in supervised)  # type: ignore[attr-defined]
    assert kinds == ["razor_batch", "recreation", "recreation"]
    assert all(e.officer == "O1" for _, e in supervised)
    spans = sorted((e.start, e.end) for _, e in supervised)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert [u for u in sched.unmet if u.kind == "session"] == []
    assert_clean(instance, sched)


# --- 6. a session only conflicted officers could take (STF-01, UNM-01) ----------------------


def _conflicted(tmp_path: Path) -> Path:
    """Recreation only on Tuesday; the officers on shift then, T1 and T2, both declared a
    relationship with I1, the only inmate of pod A."""
    not_tue = ("mon", "wed", "thu", "fri", "sat", "sun")
    staff = [officer("T1", "07:00-23:00", ("tue",)), officer("T2", "07:00-23:00", ("tue",))]
    staff += [officer(o["id"], o["mon"], not_tue) for o in ROUND_THE_CLOCK]  # type: ignore[arg-type]
    rows = tables(
        inmates=[inmate("I1", "Adams"), inmate("I3", "Garcia", pod="B")],
        staff=staff,
        staff_relationships=[
            {"officer_id": "T1", "inmate_id": "I1", "kind": "relative"},
            {"officer_id": "T2", "inmate_id": "I1", "kind": "friend"},
        ],
    )
    facility = FACILITY | {"recreation": {"days": ["tue"]}, "visitation": {"windows": []}}
    return write_instance(tmp_path / "inst", rows, facility=facility)


def test_session_only_conflicted_officers_could_take_is_unmet(tmp_path: Path) -> None:
    folder = _conflicted(tmp_path)
    instance = load_instance(folder)
    sched = build_week(instance, SolveSettings(time_limit=10))
    sessions = [e for _, e in of_kind(sched, "recreation") if "I1" in e.inmates]
    assert len(sessions) == 1 and sessions[0].officer is None
    unmet = [u for u in sched.unmet if u.kind == "session"]
    assert [(u.rule, u.hard, u.subject, u.date, u.inmates) for u in unmet] == [
        ("STF-01", True, sessions[0].id, TUE, ["I1"])
    ]
    assert "T1: declared relative relationship with inmate I1 (STF-03)" in unmet[0].reason
    assert "T2: declared friend relationship with inmate I1 (STF-03)" in unmet[0].reason
    # Pod B's session is staffed by an officer free of any relationship.
    assert [e.officer for _, e in of_kind(sched, "recreation") if "I3" in e.inmates] in (["T1"], ["T2"])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out), "--time-limit", "10"])
    assert result.exit_code == 1
    assert "1 hard demand(s) unmet (UNM-01)" in result.stderr
    written = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    assert [(u.rule, u.kind, u.subject) for u in written.unmet if u.hard] == [
        ("STF-01", "session", sessions[0].id)
    ]


# --- 7. booths closed on Saturday morning (CAL-01) ------------------------------------------


def _booth_week(tmp_path: Path, closures: list[dict[str, Any]]) -> tuple[Instance, WeekSchedule]:
    """Sixteen men A-F asking for the Saturday 08:00-11:00 window (4 booths x 6 slots)."""
    people = [inmate(f"I{k:02d}", f"Able{k}") for k in range(1, 17)]
    rows = tables(
        inmates=people,
        visitors=[adult(f"V{k:02d}") for k in range(1, 17)],
        relations=[relation(f"V{k:02d}", f"I{k:02d}") for k in range(1, 17)],
        requests=[request(f"R{k:02d}", f"I{k:02d}", f"V{k:02d}", minute=k) for k in range(1, 17)],
    )
    facility = {
        "visitation": {"windows": [{"day": "sat", "start": "08:00", "end": "11:00", "sex": "M"}]},
        "closures": closures,
    }
    return solve(tmp_path, rows, facility)


def test_two_closed_booths_serve_fewer_visits_and_say_why(tmp_path: Path) -> None:
    closure = {
        "resource": "booths",
        "date": SAT,
        "start": "08:00",
        "end": "11:00",
        "count": 2,
        "reason": "intercom repair",
    }
    open_instance, open_week = _booth_week(tmp_path / "open", [])
    closed_instance, closed_week = _booth_week(tmp_path / "closed", [closure])
    served_open = [e for _, e in of_kind(open_week, "visit")]
    served_closed = [(d, e) for d, e in of_kind(closed_week, "visit")]
    assert len(served_open) == 16
    assert len(served_closed) < len(served_open)
    assert len(served_closed) == 12  # 2 open booths x 6 slots
    cal = [u for u in closed_week.waitlist if u.rule == "CAL-01"]
    assert cal and all("intercom repair" in u.reason for u in cal)
    for d, e in served_closed:
        assert isinstance(e, VisitEvent)
        if d.date == SAT and overlap((e.start, e.end), (480, 660)):
            assert e.booth is not None and e.booth <= 2, (e.id, e.booth)
    assert_clean(open_instance, open_week)
    assert_clean(closed_instance, closed_week)


# --- 8. laundry before lights on is refused by the model's domains (DAY-04, LAU-06) ----------


def _blocks(instance: Instance) -> list[tuple[int, int]]:
    r = instance.facility.routine
    return [(t, t + r.count_minutes) for t in r.counts] + [(t, t + r.meal_minutes) for t in r.meals]


def _values(domain: list[int]) -> list[int]:
    """The values of a CP-SAT domain given as [lo, hi, lo, hi, ...]."""
    return [v for lo, hi in zip(domain[::2], domain[1::2], strict=True) for v in range(lo, hi + 1)]


def test_no_laundry_before_lights_on_nor_at_a_count_or_meal(tmp_path: Path) -> None:
    # Laundry hours from lights on at 06:30 (earlier hours are refused at load, DAY-04),
    # the 07:00 count and breakfast next; three loads of pod A on Thursday.
    category = {"name": "orange_uniforms", "days": ["thu"], "pods": ["A"], "pieces_per_inmate": 90}
    facility = {
        "routine": {"lights_on": "06:30"},
        "laundry": {"start": "06:30", "categories": [category]},
    }
    instance, sched = solve(tmp_path, tables(), facility)
    loads = [e for _, e in of_kind(sched, "laundry_load") if isinstance(e, LaundryLoad)]
    assert len(loads) == 3
    assert min(e.wash_start for e in loads) >= 390
    pickup, back = min(e.wash_start for e in loads), max(e.dry_end for e in loads)  # LAU-06
    for moment in (pickup, back):
        assert not any(a <= moment < b for a, b in _blocks(instance)), hm(moment)
    assert_clean(instance, sched)
    # The model itself never offers a wash start before lights on, and states the pickup
    # and return (LAU-06) as constraints, not only the verifier.
    [day] = [d for d in laundry_days(instance) if d.loads]
    lau = instance.facility.laundry
    model = DayModel(instance, day, min(lau.end, lau.return_by))
    assert all(_values(list(var.proto.domain))[0] >= 390 for var in model.wash)
    names = {c.name for c in model.model.proto.constraints}
    assert {"LAU-06 pickup A orange_uniforms", "LAU-06 return A orange_uniforms"} <= names


# --- 9. a whole sub-problem deleted is caught (UNM-01) --------------------------------------


@pytest.fixture(scope="module")
def bundled() -> tuple[Instance, WeekSchedule]:
    instance = load_instance(BUNDLED)
    return instance, build_week(instance, SolveSettings(time_limit=10))


DELETIONS = {
    "visits": VISITS | {"visitation_window"},
    "recreation sessions": frozenset({"recreation"}),
    "razor batches": frozenset({"razor_batch"}),
    "laundry loads": frozenset({"laundry_load", "laundry_shift"}),
    "hour-outs": frozenset({"hour_out"}),
}


@pytest.mark.parametrize("what", list(DELETIONS))
def test_deleting_a_whole_subproblem_fails_verify(bundled: tuple[Instance, WeekSchedule], what: str) -> None:
    instance, clean = bundled
    gone = DELETIONS[what]
    sched = clean.model_copy(deep=True)
    before = sum(1 for _, e in sched.events() if getattr(e, "kind", "") in gone)
    assert before > 0, f"the bundled week has no {what}"
    for day in sched.days:
        day.events = [
            e
            for e in day.events
            if getattr(e, "kind", "") not in gone and getattr(e, "session", None) not in gone
        ]
    found = verify(sched, instance)
    assert found, f"deleting every {what} went unnoticed"
    assert "UNM-01" in {v.rule for v in found}


# --- 10. end to end ------------------------------------------------------------------------


def test_bundled_week_end_to_end(bundled: tuple[Instance, WeekSchedule]) -> None:
    instance, sched = bundled
    assert_clean(instance, sched)
    assert of_kind(sched, "appointment")


@pytest.mark.parametrize("inmates", [100, 1000])
def test_generated_week_end_to_end(tmp_path: Path, inmates: int) -> None:
    generate_instance(tmp_path, inmates, 1, GeneratorRates())
    instance = load_instance(tmp_path)
    sched = build_week(instance, SolveSettings(time_limit=10))
    assert_clean(instance, sched)


def test_five_thousand_inmate_week_end_to_end(tmp_path: Path) -> None:
    generate_instance(tmp_path, 5000, 1, GeneratorRates())
    instance = load_instance(tmp_path)
    sched = build_week(instance, SolveSettings(time_limit=10))
    assert_clean(instance, sched, optimal=False)


# --- 11. exit codes ------------------------------------------------------------------------


def test_solve_exits_0_on_the_bundled_week(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["solve", "--out", str(tmp_path), "--time-limit", "10"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "schedule.json").is_file()


def test_solve_exits_2_on_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    rows = tables(appointments=[appointment("I1", "2026-11-24", "10:00", "09:00")])
    folder = write_instance(tmp_path / "bad", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "appointments.csv: row 2 (inmate_id I1), field end: an appointment ends after it starts [APT-01]"
    ]
    assert result.stdout == ""
    assert not out.exists()


# --- closures of each resource (CAL-01) ----------------------------------------------------


def _closure(resource: str, day: dt.date, reason: str, **extra: Any) -> dict[str, Any]:
    return {"resource": resource, "date": day, "reason": reason, **extra}


def test_closed_razor_issue_lists_every_signup_with_its_reason(tmp_path: Path) -> None:
    rows = tables(razor_signups=[signup("I1", position=1), signup("I2", position=2)])
    facility = {"closures": [_closure("razor_issue", TUE, "razor inventory recall")]}
    instance, sched = solve(tmp_path, rows, facility)
    assert of_kind(sched, "razor_batch") == []
    listed = [u for u in sched.unmet if u.kind == "razor"]
    assert [(u.inmates, u.rule, u.hard) for u in listed] == [
        (["I1"], "CAL-01", False),
        (["I2"], "CAL-01", False),
    ]
    assert all("razor inventory recall" in u.reason for u in listed)
    assert_clean(instance, sched)


def test_closed_recreation_area_is_hard_unmet_with_its_reason(tmp_path: Path) -> None:
    # The one area is closed all Tuesday: Tuesday's recreation hours are listed, hard, with
    # the closure's reason; the other days are scheduled as usual.
    facility = {"closures": [_closure("recreation_area", TUE, "yard resurfaced", id="Rec")]}
    instance, sched = solve(tmp_path, tables(), facility)
    sessions = of_kind(sched, "recreation")
    assert sessions and all(day.date != TUE for day, _ in sessions)
    tuesday = [u for u in sched.unmet if u.kind == "recreation"]
    assert tuesday and all(u.date == TUE and u.hard and u.rule == "CAL-01" for u in tuesday)
    assert all("yard resurfaced" in u.reason for u in tuesday)
    assert [v.line() for v in verify(sched, instance)] == []


def test_closed_legal_room_moves_the_legal_visit(tmp_path: Path) -> None:
    rows = tables(
        visitors=[adult("L1")],
        relations=[relation("L1", "I1", "attorney")],
        requests=[request("L1R", "I1", "L1", kind="legal", special_start="2026-11-24T09:00:00")],
    )
    facility = {"closures": [_closure("legal_room", TUE, "flooded", start="08:00", end="12:00")]}
    instance, sched = solve(tmp_path, rows, facility)
    [(day, visit)] = of_kind(sched, "legal_visit")
    assert day.date != TUE or visit.start >= 720
    assert_clean(instance, sched)


def test_machine_closed_part_of_the_day_is_not_used_then(tmp_path: Path) -> None:
    # Thursday's uniforms for 40 inmates; washer W1 is down 08:00-10:00.
    rows = tables(inmates=[inmate(f"A{k}", f"Name{k}") for k in range(1, 41)])
    down = _closure(
        "laundry_machine", dt.date(2026, 11, 26), "pump replaced", id="W1", start="08:00", end="10:00"
    )
    instance, sched = solve(tmp_path, rows, {"closures": [down]})
    thursday = [e for day, e in of_kind(sched, "laundry_load") if day.date == dt.date(2026, 11, 26)]
    assert thursday
    assert all(not (e.washer == "W1" and e.wash_start < 600 and e.wash_end > 480) for e in thursday)
    assert_clean(instance, sched)


def test_whole_day_closure_leaves_the_next_day_open(tmp_path: Path) -> None:
    # The visitation room is closed all Saturday; Sunday's window still serves its request.
    rows = tables(
        requests=[request("R1", "I1", "V1"), request("R2", "I2", "V2")],
        visitors=[adult("V1"), adult("V2")],
        relations=[relation("V1", "I1"), relation("V2", "I2")],
    )
    windows = [
        {"day": "sat", "start": "08:00", "end": "11:00"},
        {"day": "sun", "start": "08:00", "end": "11:00"},
    ]
    facility = {
        "visitation": {"windows": windows, "social_per_week": 2},
        "closures": [_closure("visitation_room", SAT, "fire drill")],
    }
    instance, sched = solve(tmp_path, rows, facility)
    days = {day.date for day, _ in of_kind(sched, "visit")}
    assert days == {SAT + dt.timedelta(days=1)}
    assert_clean(instance, sched)


def test_area_closed_between_grid_times_is_respected(tmp_path: Path) -> None:
    # The area closes at 10:40, between two 15-minute starts: no session may run into it.
    facility = {
        "closures": [_closure("recreation_area", TUE, "floor waxing", id="Rec", start="10:40", end="16:55")]
    }
    instance, sched = solve(tmp_path, tables(), facility)
    tuesday = [e for day, e in of_kind(sched, "recreation") if day.date == TUE]
    assert all(e.end <= 640 or e.start >= 1015 for e in tuesday)
    assert [v.line() for v in verify(sched, instance)] == []


def test_members_with_no_common_start_are_split_not_dropped(tmp_path: Path) -> None:
    # I1 is out 08:00-15:00 and I2 14:30-22:30 on Tuesday: they cannot share a session, so
    # the group is split and both get their hour.
    rows = tables(
        appointments=[
            appointment("I1", "2026-11-24", "08:00", "15:00"),
            appointment("I2", "2026-11-24", "14:30", "22:30"),
        ]
    )
    instance, sched = solve(tmp_path, rows)
    had = {i for day, e in of_kind(sched, "recreation") if day.date == TUE for i in e.inmates}
    assert {"I1", "I2"} <= had
    assert_clean(instance, sched)


def test_a_window_past_lights_out_is_refused_at_load(tmp_path: Path) -> None:
    facility = FACILITY | {"visitation": {"windows": [{"day": "sat", "start": "20:30", "end": "23:30"}]}}
    folder = write_instance(tmp_path / "inst", tables(), facility=facility)
    with pytest.raises(InstanceError) as caught:
        load_instance(folder)
    assert caught.value.lines == [
        "facility.yaml: field visitation.windows[0]: sat 20:30-23:30 runs outside lights on to "
        "lights out (06:00-23:00) [DAY-04]"
    ]


def test_no_razor_batch_across_a_shift_change_without_an_officer_for_both_sides(tmp_path: Path) -> None:
    # Tuesday: T1 works 07:00-09:00 and T2 09:00-23:00, nobody both. I1 is at court until
    # 08:45, so a batch at 08:45 would straddle 09:00 with no officer for all of it (STF-02):
    # the batch waits for T2.
    others = ("mon", "wed", "thu", "fri", "sat", "sun")
    staff = [officer(row["id"], row["mon"], others) for row in ROUND_THE_CLOCK]
    staff += [officer("T1", "07:00-09:00", ("tue",)), officer("T2", "09:00-23:00", ("tue",))]
    rows = tables(
        razor_signups=[signup("I1")],
        appointments=[appointment("I1", "2026-11-24", "07:30", "08:45")],
        staff=staff,
    )
    instance, sched = solve(tmp_path, rows, {"recreation": {"start": "13:00"}})
    [(day, batch)] = of_kind(sched, "razor_batch")
    assert day.date == TUE and batch.start >= 540 and batch.officer == "T2"
    assert_clean(instance, sched)


def test_rotation_repeats_a_start_when_nothing_else_fits(tmp_path: Path) -> None:
    # I1's appointments leave him only 09:30 on Monday and Tuesday: REC-05's "no same start
    # on consecutive days" is soft, so the group keeps 09:30 both days, with a notice,
    # rather than losing its recreation.
    busy = [
        appointment("I1", day, start, end)
        for day in ("2026-11-23", "2026-11-24")
        for start, end in (("08:00", "09:30"), ("10:30", "22:30"))
    ]
    instance, sched = solve(tmp_path, tables(appointments=busy))
    starts = {day.date: e.start for day, e in of_kind(sched, "recreation") if "I1" in e.inmates}
    assert starts[MON] == starts[TUE] == 570
    assert any(n.rule == "REC-05" for n in sched.notices)
    # The first try is recorded as the proof that no rotation avoids repeats.
    assert {r.status for r in sched.solver if r.subproblem.endswith("(no repeats)")} == {"INFEASIBLE"}
    assert all(r.status == "OPTIMAL" for r in sched.solver if not r.subproblem.endswith("(no repeats)"))
    assert_clean(instance, sched, optimal=False)


def test_flow_bound_is_a_lower_bound_and_proves_the_bundled_week() -> None:
    # The max-flow bound never exceeds the largest load of the staffed week, and on the
    # bundled week it meets it: every staffing level 1 is proven without a solve or by one.
    from scheduler.staffing.matching import flow_bound, largest
    from scheduler.staffing.sessions import components, sessions_of

    instance = load_instance(BUNDLED)
    week = build_week(instance, SolveSettings(time_limit=10))
    sessions = sessions_of(instance, week)
    for part in components(sessions):
        chosen = {s.event.id: s.event.officer for s in part if s.event.officer}
        assert flow_bound([s for s in part if s.event.id in chosen]) <= largest(
            part, chosen
        )
    runs = [r for r in week.solver if r.subproblem.startswith("staffing") and "L1" in r.subproblem]
    assert runs and all(r.status == "OPTIMAL" for r in runs)
