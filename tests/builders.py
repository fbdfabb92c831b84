"""Small hand-built instances for tests: a valid base week that each test bends."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from models.instance import Instance
from models.roster import CSV_FILES
from models.schedule import VisitEvent, VisitorArrival, WeekSchedule

MONDAY = "2026-11-23"

FACILITY: dict[str, Any] = {
    "name": "Test County Jail",
    "housing_units": [
        {"id": "A", "sex": "M", "commitment": "criminal", "capacity": 40},
        {"id": "B", "sex": "M", "commitment": "criminal", "capacity": 40},
        {"id": "C", "sex": "M", "commitment": "civil", "capacity": 10},
        {"id": "F", "sex": "F", "commitment": "criminal", "capacity": 20},
    ],
    "laundry": {
        "categories": [
            {"name": "orange_uniforms", "days": ["thu", "sun"], "pieces_per_inmate": 2},
        ]
    },
}


def inmate(iid: str, last: str, pod: str = "A", sex: str = "M", **extra: str) -> dict[str, str]:
    """An inmates.csv row; civil pods get a civil commitment and no charge."""
    civil = pod == "C"
    row = {
        "id": iid,
        "first_name": "Test",
        "last_name": last,
        "sex": sex,
        "pod": pod,
        "cell": f"{pod}-1",
        "commitment": "civil" if civil else "criminal",
        "charge": "" if civil else "misdemeanour",
    }
    return row | extra


def base_tables() -> dict[str, list[dict[str, str]]]:
    """A valid week: five inmates, two visitors, one social request, one officer."""
    return {
        "inmates.csv": [
            inmate("I1", "Adams"),
            inmate("I2", "Baker"),
            inmate("I3", "Garcia", pod="B"),
            inmate("I4", "Civil", pod="C"),
            inmate("I5", "Novak", pod="F", sex="F"),
        ],
        "visitors.csv": [
            {
                "id": "V1",
                "first_name": "Ann",
                "last_name": "Adams",
                "date_of_birth": "1970-01-01",
                "id_kind": "state",
                "id_expiry": "2030-01-01",
            },
            {
                "id": "V2",
                "first_name": "Kid",
                "last_name": "Adams",
                "date_of_birth": "2016-05-05",
                "id_kind": "none",
            },
        ],
        "relations.csv": [
            {"visitor_id": "V1", "inmate_id": "I1", "relation": "spouse"},
            {"visitor_id": "V2", "inmate_id": "I1", "relation": "child"},
        ],
        "requests.csv": [
            {
                "id": "R1",
                "inmate_id": "I1",
                "kind": "social",
                "visitor_ids": "V1",
                "registered_at": "2026-11-20T10:00:00",
            },
        ],
        "staff.csv": [
            {
                "id": "O1",
                "first_name": "Pat",
                "last_name": "Officer",
                "mon": "07:00-15:00",
                "sat": "07:00-15:00",
            },
            *ROUND_THE_CLOCK,
        ],
    }


def officer(
    oid: str, shift: str, days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
) -> dict[str, str]:
    """A staff.csv row working `shift` on `days`."""
    return {"id": oid, "first_name": "Test", "last_name": oid} | dict.fromkeys(days, shift)


ROUND_THE_CLOCK = [
    officer(f"S{k}", shift)
    for k, shift in enumerate(
        [
            "06:00-14:00",
            "06:00-14:00",
            "08:00-16:00",
            "08:00-16:00",
            "14:00-22:00",
            "14:00-22:00",
            "15:00-23:00",
        ],
        start=1,
    )
]
"""Day, evening and late officers every day, so that every session of a small week can be
staffed (STF-01); tests about hour-out officers bring their own night staff."""


def write_instance(
    folder: Path,
    tables: dict[str, list[dict[str, str]]] | None = None,
    facility: dict[str, Any] | None = None,
    monday: str = MONDAY,
) -> Path:
    """Write an instance folder; tables default to `base_tables()`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "facility.yaml").write_text(yaml.safe_dump(facility or FACILITY, sort_keys=False))
    (folder / "week.yaml").write_text(f"monday: {monday}\n")
    tables = tables if tables is not None else base_tables()
    if "staff.csv" not in tables:  # every session of a small week needs an officer (STF-01)
        tables = tables | {"staff.csv": ROUND_THE_CLOCK}
    for name, rows in tables.items():
        model = CSV_FILES[name]
        header = [f.alias or k for k, f in model.model_fields.items()]
        for row in rows:
            header += [k for k in row if k not in header]
        with (folder / name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def adult(vid: str, **extra: str) -> dict[str, str]:
    row = {
        "id": vid,
        "first_name": "V",
        "last_name": vid,
        "date_of_birth": "1980-01-01",
        "id_kind": "state",
        "id_expiry": "2030-01-01",
    }
    return row | extra


def child(vid: str) -> dict[str, str]:
    return {"id": vid, "first_name": "C", "last_name": vid, "date_of_birth": "2018-01-01", "id_kind": "none"}


def request(
    rid: str, inmate_id: str, visitors: str, minute: int = 0, kind: str = "social", **extra: str
) -> dict[str, str]:
    """A requests.csv row registered `minute` minutes after Friday 08:00 of the week before."""
    registered = dt.datetime(2026, 11, 20, 8) + dt.timedelta(minutes=minute)
    return {
        "id": rid,
        "inmate_id": inmate_id,
        "kind": kind,
        "visitor_ids": visitors,
        "registered_at": registered.isoformat(),
    } | extra


def family(requests: list[dict[str, str]], relation: str = "spouse") -> list[dict[str, str]]:
    """A relation row for every (visitor, inmate) pair of the requests."""
    pairs = sorted({(v, r["inmate_id"]) for r in requests for v in r["visitor_ids"].split(";")})
    return [{"visitor_id": v, "inmate_id": i, "relation": relation} for v, i in pairs]


def serve(week: WeekSchedule, instance: Instance, rid: str, day: int, start: int, booth: int) -> VisitEvent:
    """Put a waitlisted request into the schedule by hand."""
    req = instance.requests[rid]
    event = VisitEvent(
        id=f"visit:{rid}",
        kind="visit",
        request_id=rid,
        start=start,
        end=start + 27,
        place="visitation room",
        booth=booth,
        inmates=[req.inmate_id],
        visitors=[VisitorArrival(visitor_id=v, arrive_by=start - 15) for v in req.visitor_ids],
    )
    week.days[day].events.append(event)
    week.waitlist = [u for u in week.waitlist if u.request_id != rid]
    return event


@st.composite
def tiny_laundry_day(draw: st.DrawFn, most_washers: int = 2) -> dict[str, Any]:
    """A tiny random laundry day (up to three loads, 15-minute data) for brute-force checks."""
    return {
        "loads": draw(st.integers(1, 3)),
        "washers": draw(st.integers(1, most_washers)),
        "dryers": draw(st.integers(1, 2)),
        "wash": draw(st.sampled_from([30, 45, 60])),
        "dry": draw(st.sampled_from([30, 60, 75])),
        "wait": draw(st.sampled_from([0, 15, 30])),
    }


def inside_count_or_meal(t: int) -> bool:
    """LAU-06 with the default routine: a pickup or return inside 07:00, 12:00 or 17:00 + 30 min."""
    return any(a <= t < a + 30 for a in (420, 720, 1020, 1380))


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def night_officer(oid: str) -> dict[str, str]:
    """A staff.csv row on the night shift every day (hour-outs, DIS-06)."""
    return {"id": oid, "first_name": "Night", "last_name": oid} | {d: "23:00-07:00" for d in DAYS}


def offence(oid: str, iid: str, date: str = "2026-11-23") -> dict[str, str]:
    """A first minor offence: three lockdown nights from `date` (DIS-01)."""
    return {"id": oid, "inmate_id": iid, "date": date, "category": "minor", "rules": "42"}


def solved_part(
    folder: Path, tables: dict[str, list[dict[str, str]]], facility: dict[str, Any], only: str
) -> tuple[Instance, WeekSchedule]:
    """Load a small instance, solve up to `only`, match its officers and verify the partial
    week (every solver test runs the verifier)."""
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.verify import verify
    from scheduler.week import build_week

    instance = load_instance(write_instance(folder, tables, facility=FACILITY | facility))
    schedule = build_week(instance, SolveSettings(time_limit=10, seed=0), only=only)
    assert verify(schedule, instance, partial=True) == []
    return instance, schedule


ONE_SLOT = {"day": "sat", "start": "08:00", "end": "08:30", "sex": "M"}
"""A visitation window of one slot (Saturday 08:00)."""


def one_slot_rows(same_inmate: bool) -> dict[str, list[dict[str, str]]]:
    """Two requests for the one-slot window: R1 (I1, V1) and R2 (V2), registered after it,
    for I1 again (`same_inmate`, his daily quota then decides) or for I2."""
    rows = base_tables()
    rows["inmates.csv"] = [inmate("I1", "Adams"), inmate("I2", "Baker")]
    rows["visitors.csv"] = [adult("V1"), adult("V2")]
    rows["requests.csv"] = [request("R1", "I1", "V1"), request("R2", "I1" if same_inmate else "I2", "V2", 5)]
    rows["relations.csv"] = family(rows["requests.csv"])
    rows["staff.csv"] = ROUND_THE_CLOCK
    rows["staff_relationships.csv"] = []
    return rows


def related_razor_rows() -> dict[str, list[dict[str, str]]]:
    """Pod A's A1 and A2 signed up for razors; the two morning officers are a relative and a
    friend of A1, two late officers take recreation (hours 15:00-21:00 keep it theirs)."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate("A1", "Name1"), inmate("A2", "Name2")]
    late = [officer(f"L{k}", "14:00-22:00") for k in (1, 2)]
    rows["staff.csv"] = [officer("O1", "07:00-15:00"), officer("O2", "07:00-15:00"), *late]
    rows["staff_relationships.csv"] = [
        {"officer_id": "O1", "inmate_id": "A1", "visitor_id": "", "kind": "relative"},
        {"officer_id": "O2", "inmate_id": "A1", "visitor_id": "", "kind": "friend"},
    ]
    rows["razor_signups.csv"] = [
        {"inmate_id": f"A{k}", "list_date": "2026-11-23", "position": str(k)} for k in (1, 2)
    ]
    return rows


LATE_RECREATION = {"recreation": {"start": "15:00", "end": "21:00"}}
"""Recreation with the late officers (`related_razor_rows`)."""


def repair_and_verify(
    published: Path, events: str, out: Path, *extra: str
) -> tuple[int, dict[str, Any], str]:
    """`jailsched repair` of the bundled published week with these events (YAML list items),
    then `jailsched verify --baseline --events` of what it wrote: (repair's exit code, the
    repaired schedule.json, the verifier's output)."""
    from click.testing import CliRunner

    from scheduler.cli import main

    out.mkdir(parents=True, exist_ok=True)
    path = out / "events.yaml"
    path.write_text("events:\n" + events if events.strip() else "events: []\n")
    result = CliRunner().invoke(
        main, ["repair", str(published), "--events", str(path), "--out", str(out / "rep"), *extra]
    )
    assert result.exit_code in (0, 1), result.output
    written = out / "rep" / "schedule.json"
    week = json.loads(written.read_text())
    check = CliRunner().invoke(
        main, ["verify", str(written), "--baseline", str(published), "--events", str(path)]
    )
    return result.exit_code, week, check.output if check.exit_code else ""
