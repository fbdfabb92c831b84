"""The verifier's week-wide checks on hand-made schedules: one place at a time (DAY-07),
appointments (APT-01), officers (STF-01..04), laundry pickup and return (LAU-06), lights out
to lights on (DAY-04), closures (CAL-01) and completeness (UNM-01). No solver runs here: a
clean week is written by hand, and each test plants one fault in a copy of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.instance import Instance
from models.schedule import (
    ALL_SUBPROBLEMS,
    AppointmentEvent,
    ClosureShown,
    DaySchedule,
    EventBase,
    Exclusion,
    HourOut,
    LaundryLoad,
    Notice,
    Post,
    RazorBatch,
    RecreationSession,
    Unmet,
    Unserved,
    VisitEvent,
    VisitorArrival,
    WeekSchedule,
)
from scheduler.engine.routine import routine_events
from scheduler.loading import load_instance
from scheduler.verify import closures, completeness, laundry, presence, routine, soft_figures, staff, verify
from scheduler.verify.core import Violation
from tests.builders import FACILITY, base_tables, write_instance

MON, TUE, WED, THU, SAT = (dt.date(2026, 11, d) for d in (23, 24, 25, 26, 28))
NIGHT = "23:00-07:00"
DAY = "07:00-23:00"
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """The base week plus: I2 on lockdown Mon-Wed nights; a clergy request of I3 at a special
    time (Wed 14:00) and a legal request of I4; razor sign-ups of I1 and I2 for Tuesday; an
    appointment of I3 on Tuesday 09:00-11:00; day officers O2..O4 and a night officer N1,
    O3 a friend of I1, O4 a relative of visitor V1 (O2's contact with I1 does not bar him);
    recreation Mon and Tue in Rec or Yard; two loads of pod A on Thursday; meals half an
    hour after the counts; and closures: booths 3-4 Sat 08:00-09:00, the Yard all Monday,
    washer W2 all Thursday, the razor issue Tue 10:00-11:30, the legal room all Wednesday."""
    tables = base_tables()
    tables["offences.csv"] = [
        {"id": "X", "inmate_id": "I2", "date": "2026-11-23", "category": "minor", "rules": "42"}
    ]
    tables["visitors.csv"] += [
        {
            "id": "V3",
            "first_name": "Father",
            "last_name": "Brown",
            "date_of_birth": "1960-01-01",
            "id_kind": "state",
            "id_expiry": "2030-01-01",
        },
        {
            "id": "V4",
            "first_name": "Lena",
            "last_name": "Lawyer",
            "date_of_birth": "1980-01-01",
            "id_kind": "state",
            "id_expiry": "2030-01-01",
        },
    ]
    tables["relations.csv"] += [
        {"visitor_id": "V3", "inmate_id": "I3", "relation": "clergy"},
        {"visitor_id": "V4", "inmate_id": "I4", "relation": "attorney"},
    ]
    tables["requests.csv"] += [
        {
            "id": "R2",
            "inmate_id": "I3",
            "kind": "clergy",
            "visitor_ids": "V3",
            "registered_at": "2026-11-20T10:00:00",
            "special_start": "2026-11-25T14:00:00",
        },
        {
            "id": "R3",
            "inmate_id": "I4",
            "kind": "legal",
            "visitor_ids": "V4",
            "registered_at": "2026-11-20T11:00:00",
        },
    ]
    tables["razor_signups.csv"] = [
        {"inmate_id": "I1", "list_date": "2026-11-23", "position": "1"},
        {"inmate_id": "I2", "list_date": "2026-11-23", "position": "2"},
    ]
    tables["staff.csv"] += [
        {"id": o, "first_name": "Day", "last_name": o} | dict.fromkeys(WEEK, DAY) for o in ("O2", "O3", "O4")
    ]
    tables["staff.csv"].append(
        {"id": "N1", "first_name": "Night", "last_name": "N1"} | dict.fromkeys(WEEK, NIGHT)
    )
    tables["staff_relationships.csv"] = [
        {"officer_id": "O3", "inmate_id": "I1", "kind": "friend"},
        {"officer_id": "O4", "visitor_id": "V1", "kind": "relative"},
        {"officer_id": "O2", "inmate_id": "I1", "kind": "contact"},
    ]
    tables["appointments.csv"] = [
        {"inmate_id": "I3", "date": "2026-11-24", "start": "09:00", "end": "11:00", "kind": "court"}
    ]
    facility: dict[str, Any] = FACILITY | {
        "routine": {"meals": ["07:30", "12:30", "17:30"]},
        "recreation": {"days": ["mon", "tue"], "areas": [{"id": "Rec", "capacity": 24}, {"id": "Yard"}]},
        "laundry": {
            "categories": [
                {"name": "orange_uniforms", "days": ["thu"], "pods": ["A"], "pieces_per_inmate": 40}
            ]
        },
        "closures": [
            {
                "resource": "booths",
                "date": SAT,
                "start": "08:00",
                "end": "09:00",
                "count": 2,
                "reason": "repairs",
            },
            {"resource": "recreation_area", "id": "Yard", "date": MON, "reason": "flooded"},
            {"resource": "laundry_machine", "id": "W2", "date": THU, "reason": "out of service"},
            {
                "resource": "razor_issue",
                "date": TUE,
                "start": "10:00",
                "end": "11:30",
                "reason": "inventory audit",
            },
            {"resource": "legal_room", "date": WED, "count": 1, "reason": "painting"},
        ],
    }
    loaded = load_instance(write_instance(tmp_path_factory.mktemp("week"), tables, facility=facility))
    ROUTINE.update({d: routine_events(loaded, d) for d in loaded.dates})
    fields = {"resource", "date", "start", "end", "count", "id", "reason"}
    CLOSURES[:] = [ClosureShown(**c.model_dump(include=fields)) for c in loaded.facility.closures]
    return loaded


ROUTINE: dict[dt.date, list[Any]] = {}
CLOSURES: list[ClosureShown] = []
"""The instance's closures as a schedule lists them (CAL-01), filled by the fixture."""
"""The daily routine of the module's instance (DAY-01..06): every hand-made day shows it."""


def rec(day: dt.date, pod: str, start: str, end: str, inmates: list[str], officer: str | None = "O2") -> Any:
    return (
        day,
        RecreationSession(
            id=f"recreation:{day}:{pod}:1",
            kind="recreation",
            start=start,
            end=end,
            place="Rec",
            pod=pod,
            group=1,
            inmates=inmates,
            officer=officer,
        ),
    )


def hour_out(day: dt.date) -> Any:
    return (
        day,
        HourOut(
            id=f"hour_out:{day}:I2",
            kind="hour_out",
            start="23:30",
            end="24:30",
            place="pod A dayroom",
            pod="A",
            inmates=["I2"],
            officer="N1",
        ),
    )


def load(n: int, washer: str, wash: tuple[str, str], dryer: str, dry: tuple[str, str]) -> Any:
    return (
        THU,
        LaundryLoad(
            id=f"laundry:{THU}:A:orange_uniforms:{n}",
            kind="laundry_load",
            start=wash[0],
            end=dry[1],
            place="laundry",
            pod="A",
            category="orange_uniforms",
            washer=washer,
            dryer=dryer,
            wash_start=wash[0],
            wash_end=wash[1],
            dry_start=dry[0],
            dry_end=dry[1],
        ),
    )


def visit(
    kind: str, rid: str, inmate_id: str, visitor: str, day: dt.date, start: int, minutes: int = 27
) -> Any:
    return (
        day,
        VisitEvent(
            id=f"{kind}:{rid}",
            kind=kind,
            request_id=rid,
            start=start,
            end=start + minutes,
            place="legal room 1" if kind == "legal_visit" else "visitation room",
            booth=None if kind == "legal_visit" else 1,
            inmates=[inmate_id],
            visitors=[VisitorArrival(visitor_id=visitor, arrive_by=start - 15)],
        ),
    )


def post(day: dt.date, session: str, start: str, end: str, covers: list[str], officer: str = "O1") -> Any:
    kind = "visitation" if session == "visitation_window" else "laundry"
    return (
        day,
        Post(
            id=f"post:{kind}:{day}",
            kind="post",
            session=session,
            start=start,
            end=end,
            place="visitation room" if kind == "visitation" else "laundry room",
            officer=officer,
            covers=covers,
        ),
    )


def clean_events() -> list[tuple[dt.date, EventBase]]:
    loads = [
        load(1, "W1", ("08:30", "09:15"), "D1", ("09:15", "10:15")),
        load(2, "W1", ("09:15", "10:00"), "D2", ("10:00", "11:00")),
    ]
    return [
        rec(MON, "A", "08:30", "09:30", ["I1"]),
        rec(MON, "B", "09:30", "10:30", ["I3"]),
        rec(MON, "C", "10:30", "11:30", ["I4"]),
        rec(MON, "F", "13:00", "14:00", ["I5"]),
        hour_out(MON),
        (
            TUE,
            AppointmentEvent(
                id=f"appointment:{TUE}:I3:1",
                kind="appointment",
                start="09:00",
                end="11:00",
                place="court (outside the unit)",
                inmates=["I3"],
                purpose="court",
            ),
        ),
        (
            TUE,
            RazorBatch(
                id=f"razors:{TUE}:A:1",
                kind="razor_batch",
                start="08:30",
                end="09:00",
                place="pod A",
                pod="A",
                razors=1,
                inmates=["I1"],
                officer="O2",
            ),
        ),
        rec(TUE, "A", "09:30", "10:30", ["I1"]),
        rec(TUE, "B", "13:00", "14:00", ["I3"]),
        rec(TUE, "C", "14:00", "15:00", ["I4"]),
        rec(TUE, "F", "15:00", "16:00", ["I5"]),
        hour_out(TUE),
        visit("clergy_visit", "R2", "I3", "V3", WED, 14 * 60),  # special arrangement: no post
        hour_out(WED),
        *loads,
        post(THU, "laundry_shift", "08:30", "11:00", [e.id for _, e in loads], officer="O2"),
        visit("visit", "R1", "I1", "V1", SAT, 8 * 60),
        post(SAT, "visitation_window", "08:00", "11:00", ["visit:R1"]),
    ]


def week(events: list[tuple[dt.date, EventBase]] | None = None) -> WeekSchedule:
    days = [
        DaySchedule(date=d, weekday=WEEK[i], events=[e.model_copy() for e in ROUTINE.get(d, [])])
        for i, d in enumerate(MON + dt.timedelta(days=i) for i in range(7))
    ]
    for day, event in clean_events() if events is None else events:
        days[(day - MON).days].events.append(event)
    excluded = [
        ("I2", "recreation", MON, "REC-04"),
        ("I2", "recreation", TUE, "REC-04"),
        ("I2", "razor", TUE, "RAZ-05"),
    ]
    return WeekSchedule(
        facility="Test County Jail",
        monday=MON,
        days=days,
        scope=list(ALL_SUBPROBLEMS),
        waitlist=[Unserved(request_id="R3", inmate_id="I4", rule="VIS-11", reason="legal room closed")],
        unmet=[
            Unmet(rule="VIS-11", kind="visit", subject="R3", hard=False, inmates=["I4"], reason="legal room closed")
        ],
        notices=[Notice(rule="VTR-04", subject="O2", text="O2's contact on behalf of I1 (P107 B.5)")],
        closures=list(CLOSURES),
        exclusions=[
            Exclusion(inmate_id=i, activity=a, date=d, rule=r, reason="lockdown") for i, a, d, r in excluded
        ],
    )


def event(schedule: WeekSchedule, eid: str) -> Any:
    return next(e for _, e in schedule.events() if e.id == eid)


def drop(schedule: WeekSchedule, *ids: str) -> WeekSchedule:
    for day in schedule.days:
        day.events = [e for e in day.events if e.id not in ids]
    return schedule


def add(schedule: WeekSchedule, *events: tuple[dt.date, EventBase]) -> WeekSchedule:
    for day, e in events:
        schedule.days[(day - MON).days].events.append(e)
    return schedule


def found(violations: list[Violation]) -> list[tuple[str, list[str]]]:
    return [(v.rule, v.events) for v in violations]


def test_clean_week_passes(instance: Instance) -> None:
    assert verify(week(), instance) == []
    figures = soft_figures(week(), instance)
    assert figures["STF-04 largest load minutes"] == 270  # O2 on Tuesday: a razor batch and four sessions
    assert figures["STF-04 sessions unstaffed"] == 0
    assert figures["LAU-04 loads missing"] == 0


# Each case: a change to the clean week and the violations the whole verifier then reports.
Change = Callable[[WeekSchedule], object]


def _rec_over_visit(w: WeekSchedule) -> None:
    """I1 in recreation Saturday 08:30 while in their visit, moved to 08:30."""
    v = event(w, "visit:R1")
    v.start, v.end, v.visitors[0].arrive_by = 510, 537, 495
    add(w, rec(SAT, "A", "08:30", "09:30", ["I1"]))


def _rec_over_appointment(w: WeekSchedule) -> None:
    s = event(w, f"recreation:{TUE}:B:1")
    s.start, s.end, s.place, s.officer = 600, 660, "Yard", "O3"


def _unstaffed(listed: bool) -> Change:
    def change(w: WeekSchedule) -> None:
        event(w, f"recreation:{MON}:A:1").officer = None
        if listed:
            w.unmet.append(
                Unmet(
                    rule="STF-01",
                    kind="session",
                    subject=f"recreation:{MON}:A:1",
                    date=MON,
                    hard=True,
                    reason="no officer on shift",
                )
            )

    return change


def _double_booked(w: WeekSchedule) -> None:
    s = event(w, f"recreation:{TUE}:C:1")
    s.start, s.end, s.place = 810, 870, "Yard"


def _set(eid: str, **fields: object) -> Change:
    def change(w: WeekSchedule) -> None:
        e = event(w, eid)
        for k, v in fields.items():
            setattr(e, k, v)

    return change


def _laundry_at(minutes: int) -> Change:
    """Move Thursday's laundry (both loads and the shift) by some minutes."""

    def change(w: WeekSchedule) -> None:
        for _, e in w.events():
            if isinstance(e, LaundryLoad):
                for f in ("start", "end", "wash_start", "wash_end", "dry_start", "dry_end"):
                    setattr(e, f, getattr(e, f) + minutes)
            elif isinstance(e, Post) and e.session == "laundry_shift":
                e.start, e.end = e.start + minutes, e.end + minutes

    return change


def _serve_legal(w: WeekSchedule) -> None:
    add(w, visit("legal_visit", "R3", "I4", "V4", WED, 9 * 60, minutes=60))
    w.waitlist, w.unmet = [], []


def _no_razors(w: WeekSchedule) -> None:
    drop(w, f"razors:{TUE}:A:1")
    w.exclusions = [x for x in w.exclusions if x.activity != "razor"]


def _missing_hour_out(listed: bool) -> Change:
    def change(w: WeekSchedule) -> None:
        drop(w, f"hour_out:{TUE}:I2")
        if listed:
            w.unmet.append(
                Unmet(
                    rule="DIS-05",
                    kind="hour_out",
                    subject="I2",
                    date=TUE,
                    hard=True,
                    inmates=["I2"],
                    reason="x",
                )
            )

    return change


def _missing_recreation(listed: bool) -> Change:
    def change(w: WeekSchedule) -> None:
        drop(w, f"recreation:{MON}:C:1")
        if listed:
            w.unmet.append(
                Unmet(
                    rule="REC-01",
                    kind="recreation",
                    subject="C",
                    date=MON,
                    hard=True,
                    inmates=["I4"],
                    reason="x",
                )
            )

    return change


POST, VISIT, LOAD1 = f"post:visitation:{SAT}", "visit:R1", f"laundry:{THU}:A:orange_uniforms:1"
CASES: list[tuple[str, Change, list[tuple[str, list[str]]]]] = [
    (
        "DAY-07 visit and recreation at once",
        _rec_over_visit,  # on a Saturday, which is no recreation day either (REC-01)
        [("DAY-07", [VISIT, f"recreation:{SAT}:A:1"]), ("REC-01", [f"recreation:{SAT}:A:1"])],
    ),
    (
        "APT-01 recreation over an appointment",
        _rec_over_appointment,
        [("APT-01", [f"recreation:{TUE}:B:1", f"appointment:{TUE}:I3:1"])],
    ),
    ("APT-01 appointment missing", lambda w: drop(w, f"appointment:{TUE}:I3:1"), [("APT-01", [])]),
    ("STF-01 session without officer", _unstaffed(False), [("STF-01", [f"recreation:{MON}:A:1"])]),
    (  # no officer on the event; listed unstaffed though an officer is free (claims)
        "STF-01 unstaffed though listed",
        _unstaffed(True),
        [("STF-01", [f"recreation:{MON}:A:1"]), ("STF-01", [f"recreation:{MON}:A:1"])],
    ),
    ("STF-01 window visit without a post", lambda w: drop(w, POST), [("STF-01", [VISIT])]),
    (
        "STF-02 officer off shift",
        _set(f"hour_out:{MON}:I2", officer="O2"),
        [("STF-02", [f"hour_out:{MON}:I2"])],
    ),
    (
        "STF-02 officer in two sessions",
        _double_booked,
        [("STF-02", [f"recreation:{TUE}:B:1", f"recreation:{TUE}:C:1"])],
    ),
    (
        "STF-03 window post officer friend of the inmate",
        _set(POST, officer="O3"),
        [("STF-03", [POST, VISIT])],
    ),
    (
        "STF-03 window post officer relative of a visitor",
        _set(POST, officer="O4"),
        [("STF-03", [POST, VISIT])],
    ),
    ("LAU-06 pickup in the lunch meal", _laundry_at(250), [("LAU-06", [LOAD1])]),
    ("CAL-01 closed booth", _set(VISIT, booth=3), [("CAL-01", [VISIT])]),
    (
        "CAL-01 closed area",
        _set(f"recreation:{MON}:A:1", place="Yard"),
        [("CAL-01", [f"recreation:{MON}:A:1"])],
    ),
    ("CAL-01 closed washer", _set(LOAD1, washer="W2"), [("CAL-01", [LOAD1])]),
    (
        "CAL-01 closed razor issue",
        _set(f"razors:{TUE}:A:1", start=660, end=690),
        [("CAL-01", [f"razors:{TUE}:A:1"])],
    ),
    ("CAL-01 closed legal room", _serve_legal, [("CAL-01", ["legal_visit:R3"])]),
    ("UNM-01 razors gone unlisted", _no_razors, [("UNM-01", []), ("UNM-01", [])]),
    ("UNM-01 hour-out missing unlisted", _missing_hour_out(False), [("UNM-01", [])]),
    ("UNM-01 hour-out missing, listed", _missing_hour_out(True), []),
    ("UNM-01 recreation missing unlisted", _missing_recreation(False), [("UNM-01", [])]),
    ("UNM-01 recreation missing, listed", _missing_recreation(True), []),
    (
        "UNM-01 request neither served nor waitlisted",
        lambda w: (setattr(w, "waitlist", []), setattr(w, "unmet", [])),
        [("UNM-01", [])],
    ),
]


@pytest.mark.parametrize(("case", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_planted_fault_is_found(
    instance: Instance, case: str, change: Change, expected: list[tuple[str, list[str]]]
) -> None:
    broken = week()
    change(broken)
    assert found(verify(broken, instance)) == expected, case


def test_unstaffed_message_says_whether_listed(instance: Instance) -> None:
    for listed, words in ((False, "not listed in unmet"), (True, "(listed in unmet)")):
        broken = week()
        _unstaffed(listed)(broken)
        [v] = staff.check_officer_present(broken, instance)
        assert words in v.message
        assert soft_figures(broken, instance)["STF-04 sessions unstaffed"] == 1


def test_appointment_missing_and_overlapped_is_reported_once(instance: Instance) -> None:
    """Without its event, an activity over the appointment is still APT-01's, not DAY-07's."""
    broken = week()
    drop(broken, f"appointment:{TUE}:I3:1")
    _rec_over_appointment(broken)
    assert found(presence.check_appointments(broken, instance)) == [
        ("APT-01", []),
        ("APT-01", [f"recreation:{TUE}:B:1"]),
    ]
    assert presence.check_one_place_at_a_time(broken, instance) == []


def test_lights_out_lasts_until_lights_on(instance: Instance) -> None:
    """DAY-04: recreation at 05:00 is before lights on (06:00); at 06:00 it is not (other rules
    may object to it, DAY-04 does not)."""
    early = add(week(), rec(WED, "A", "05:00", "06:00", ["I1"]))
    assert found(routine.check_lights_out(early, instance)) == [("DAY-04", [f"recreation:{WED}:A:1"])]
    morning = add(week(), rec(WED, "A", "06:00", "07:00", ["I1"]))
    assert routine.check_lights_out(morning, instance) == []
    late_post = add(week(), post(WED, "visitation_window", "22:30", "23:30", []))
    assert found(routine.check_lights_out(late_post, instance)) == [("DAY-04", [f"post:visitation:{WED}"])]


def test_laundry_return_in_a_count(instance: Instance) -> None:
    """LAU-06 on the return: the last dry end at 12:10 falls inside the 12:00 count."""
    broken = week()
    _laundry_at(70)(broken)
    assert found(laundry.check_pickup_and_return(broken, instance)) == [
        ("LAU-06", [f"laundry:{THU}:A:orange_uniforms:2"])
    ]


def test_laundry_shift_must_span_the_day_and_cover_every_load(instance: Instance) -> None:
    short = week()
    event(short, f"post:laundry:{THU}").end = 630
    assert found(staff.check_laundry_posts(short, instance)) == [("STF-01", [f"post:laundry:{THU}"])]
    partial = week()
    event(partial, f"post:laundry:{THU}").covers = [LOAD1]
    assert [v.rule for v in staff.check_laundry_posts(partial, instance)] == ["STF-01"]
    none = drop(week(), f"post:laundry:{THU}")
    assert [v.rule for v in staff.check_laundry_posts(none, instance)] == ["STF-01"]


def test_window_post_matches_a_window(instance: Instance) -> None:
    """A post lies in one window of its weekday and is passed on only at a shift change; two
    posts of one window never overlap."""
    off = week()
    event(off, POST).end = 600
    assert found(staff.check_visiting_posts(off, instance)) == [("STF-01", [POST])]
    twice = add(week(), post(SAT, "visitation_window", "08:00", "11:00", ["visit:R1"]))
    twice.days[5].events[-1].id = "post:second"
    assert sorted(sorted(v.events) for v in staff.check_visiting_posts(twice, instance)) == [
        sorted(["post:second", POST]),
    ]


def test_overnight_shift_covers_the_next_morning(instance: Instance) -> None:
    """STF-02: N1's Monday 23:00-07:00 shift covers Tuesday 05:00; O2's day shift does not."""
    assert staff.on_shift(instance, "N1", TUE, 300, 360)
    assert staff.on_shift(instance, "N1", MON, 1410, 1470)
    assert not staff.on_shift(instance, "O2", TUE, 300, 360)
    assert not staff.on_shift(instance, "O9", TUE, 600, 660)


def test_booth_visits_in_progress_during_a_room_closure(instance: Instance) -> None:
    """CAL-01: visits with no booth number still count against the booths left open."""
    broken = week()
    for b in (None, None, None):
        e = visit("visit", "RX", "I3", "V1", SAT, 8 * 60)[1]
        e.booth, e.id = b, f"visit:RX{len(broken.days[5].events)}"
        add(broken, (SAT, e))
    [v] = closures.check_booths(broken, instance)
    assert v.rule == "CAL-01" and len(v.events) == 4


def test_laundry_loads_scheduled_or_unmet(instance: Instance) -> None:
    load2 = f"laundry:{THU}:A:orange_uniforms:2"
    missing = drop(week(), load2)
    assert found(completeness.check_loads(missing, instance)) == [("UNM-01", [])]
    missing.unmet.append(
        Unmet(rule="LAU-04", kind="laundry_load", subject=load2, date=THU, hard=True, reason="x")
    )
    assert completeness.check_loads(missing, instance) == []
    assert soft_figures(missing, instance)["LAU-04 loads missing"] == 1
    both = week()
    both.unmet.append(
        Unmet(rule="LAU-04", kind="laundry_load", subject=load2, date=THU, hard=True, reason="x")
    )
    assert found(completeness.check_loads(both, instance)) == [("UNM-01", [load2])]


def test_partial_scope_needs_partial_true(instance: Instance) -> None:
    partial = week()
    partial.scope = ["visitation"]
    [v] = verify(partial, instance)
    assert v.rule == "UNM-01" and "missing laundry, lockdown, recreation, razors" in v.message
    assert verify(partial, instance, partial=True) == []
    bare = week([e for e in clean_events() if e[1].kind == "appointment"])  # appointments are input data
    bare.scope, bare.waitlist, bare.exclusions, bare.unmet = [], [], [], []
    assert verify(bare, instance, partial=True) == []
    assert [v.rule for v in verify(bare, instance)] == ["UNM-01"]


def test_odd_schedule_does_not_crash(instance: Instance) -> None:
    """Unknown ids, empty lists and dangling covers are reported, never raised."""
    odd = week()
    add(
        odd,
        (SAT, VisitEvent(id="v0", kind="visit", request_id="R404", start=540, end=567, place="x", booth=9)),
        (SAT, VisitEvent(id="c0", kind="clergy_visit", request_id="R405", start=540, end=567, place="x")),
        (
            SAT,
            Post(
                id="p0", kind="post", session="visitation_window", start=0, end=10, place="x", covers=["nope"]
            ),
        ),
        (
            THU,
            Post(id="p1", kind="post", session="laundry_shift", start=0, end=10, place="x", officer="O404"),
        ),
        (MON, HourOut(id="h0", kind="hour_out", start=1400, end=1300, place="x", pod="Z", officer="N1")),
        (TUE, RazorBatch(id="r0", kind="razor_batch", start=0, end=1, place="x", pod="Z", razors=0)),
        (TUE, RecreationSession(id="s0", kind="recreation", start=0, end=1, place="Mars", pod="Z", group=0)),
        (WED, AppointmentEvent(id="a0", kind="appointment", start=0, end=1, place="x", purpose="other")),
    )
    odd.waitlist.append(Unserved(request_id="R404", inmate_id="I404", rule="capacity", reason="x"))
    odd.unmet += [
        Unmet(rule="LAU-04", kind="laundry_load", subject="garbage", hard=True, reason="x"),
        Unmet(rule="STF-01", kind="session", subject="p9", hard=True, reason="x"),
    ]
    violations = verify(odd, instance)
    assert violations and all(isinstance(v, Violation) for v in violations)
    assert soft_figures(odd, instance)["STF-04 sessions unstaffed"] >= 1


def test_week_checks_are_registered() -> None:
    from scheduler.verify import FAMILIES

    registered = {c for family in FAMILIES for c in family}
    for module in (presence, staff, closures, completeness):
        assert set(module.CHECKS) <= registered
    assert laundry.check_pickup_and_return in registered


def test_verify_package_imports_no_solver_code() -> None:
    import ast

    allowed = ("models", "scheduler.verify")
    for path in (Path(__file__).resolve().parents[1] / "scheduler" / "verify").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                root = node.module.split(".")[0]
                if root in ("models", "scheduler"):
                    assert node.module.startswith(allowed), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(("scheduler", "ortools")), (
                        f"{path.name} imports {alias.name}"
                    )
