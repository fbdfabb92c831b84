"""A repair's change levels (REP-03 (1)-(3)) against brute force on a tiny week: five
visits published on Saturday morning (two booths; Saturday 08:00-09:30 and Sunday
08:00-09:00 windows), then one event known on Wednesday, of each kind that bears on visits.
Every assignment of the requests to the seats the event leaves them (or none) is enumerated
and the least (cancelled, visitor-facing, booth) triple compared with the repair's proven
levels, and the visits the repair changes with those a least assignment changes. A request
the event leaves no seat is a forced cancellation, not counted (REP-02)."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main
from tests.builders import (
    FACILITY,
    ROUND_THE_CLOCK,
    adult,
    base_tables,
    family,
    inmate,
    night_officer,
    request,
    write_instance,
)

WINDOWS = [
    {"day": "sat", "start": "08:00", "end": "09:30", "sex": "M"},
    {"day": "sun", "start": "08:00", "end": "09:00", "sex": "M"},
]
SAT, SUN = "2026-11-28", "2026-11-29"
SEATS = {(SAT, t): 2 for t in ("08:00", "08:30", "09:00")} | {(SUN, t): 2 for t in ("08:00", "08:30")}
"""Two booths at every slot of the two windows."""
KNOWN = "known_at: 2026-11-25 07:00"
CASES = {
    "closure": (
        "{id: e, kind: closure, %s, closure: {resource: booths, date: 2026-11-28, start: '08:00', "
        "end: '09:30', count: 1, reason: intercom}}",
        lambda rid, seat: True,
        {(SAT, t): 1 for t in ("08:00", "08:30", "09:00")},
    ),
    "appointment": (
        "{id: e, kind: appointment, %s, appointment: {inmate_id: I2, date: 2026-11-28, start: '08:00', "
        "end: '09:30', kind: court}}",
        lambda rid, seat: not (rid == "R2" and seat[0] == SAT),
        {},
    ),
    "offence": (
        "{id: e, kind: offence, %s, inmate_id: I1, date: 2026-11-26, category: minor}",
        lambda rid, seat: not (rid == "R1" and seat[0] == SAT),
        {},
    ),
    "release": (
        "{id: e, kind: release, %s, inmate_id: I2, at: 2026-11-28 08:30}",
        lambda rid, seat: rid != "R2" or seat == (SAT, "08:00"),
        {},
    ),
    "sanction": (
        "{id: e, kind: sanction, %s, inmate_id: I3, privilege: visitation, start: 2026-11-27, end: 2026-11-29}",
        lambda rid, seat: rid != "R3",
        {},
    ),
    "visitor_restriction": (
        "{id: e, kind: visitor_restriction, %s, visitor_id: V4, start: 2026-11-27, end: 2026-11-29, "
        "reason: contraband}",
        lambda rid, seat: rid != "R4",
        {},
    ),
    "request_cancelled": (
        "{id: e, kind: request_cancelled, %s, request_id: R5}",
        lambda rid, seat: rid != "R5",
        {},
    ),
    "keep_separate": (  # I1 and I2 may no longer be in the visiting room at once (VIS-07)
        "{id: e, kind: keep_separate, %s, separation: {inmate_a: I1, inmate_b: I2, reason: adversary}}",
        lambda rid, seat: True,
        {},
    ),
    "officer_absent": (  # every day officer but one away on Saturday: posts move, visits stay
        "{id: e, kind: officer_absent, %s, officer_id: S1, start: 2026-11-28 00:00, end: 2026-11-29 00:00}",
        lambda rid, seat: True,
        {},
    ),
}
APART = {"keep_separate": ("R1", "R2")}
"""Requests whose visits may not share a start after the event (a keep-separate pair)."""


def _week(tmp_path: Path, appointments: list[dict[str, str]] | None = None) -> Path:
    """Five requests R1..R5 (I1..I5 with V1..V5); I6 and V6 on record, with no request. I2
    lives in pod B, so a keep-separate pair of I1 and I2 binds in the visiting room only
    (a repair does not yet open a new recreation group for a member it takes out)."""
    rows = base_tables()
    rows["inmates.csv"] = [inmate(f"I{k}", f"Name{k}", pod="B" if k == 2 else "A") for k in range(1, 7)]
    rows["visitors.csv"] = [adult(f"V{k}") for k in range(1, 7)]
    rows["requests.csv"] = [request(f"R{k}", f"I{k}", f"V{k}", k) for k in range(1, 6)]
    rows["relations.csv"] = family([*rows["requests.csv"], request("R6", "I6", "V6")])
    rows["appointments.csv"] = appointments or []
    rows["staff.csv"] = [*ROUND_THE_CLOCK, night_officer("N1")]  # hour-outs of a lockdown
    rows["staff_relationships.csv"] = []
    facility = FACILITY | {
        "visitation": {"booths": 2, "windows": WINDOWS},
        "recreation": {"start": "13:00", "end": "21:00"},
    }
    return write_instance(tmp_path / "week", rows, facility)


def _best(
    published: dict[str, tuple[str, str, int]],
    allowed: Callable[[str, tuple[str, str]], bool],
    seats: dict,
    apart: tuple[str, str] | None = None,
) -> tuple[tuple[int, int, int], list[set[str]]]:
    """The least (cancelled, facing, booth) over every assignment of the requests that keep a
    seat (the `apart` pair never at one start), and the sets of requests whose place changes
    in each assignment reaching it."""
    rids = sorted(r for r in published if any(allowed(r, s) for s in seats))
    best, moved = None, []
    for choice in itertools.product([None, *seats], repeat=len(rids)):
        taken = [c for c in choice if c is not None]
        if any(taken.count(s) > seats[s] for s in set(taken)):
            continue
        if any(c is not None and not allowed(r, c) for r, c in zip(rids, choice, strict=True)):
            continue
        at = dict(zip(rids, choice, strict=True))
        if apart and at.get(apart[0]) is not None and at.get(apart[0]) == at.get(apart[1]):
            continue
        cost = [0, 0, 0]
        changed = set()
        for rid, seat in zip(rids, choice, strict=True):
            day, start, booth = published[rid]
            if seat is None:
                cost[0] += 1
            elif seat[0] != day:
                cost[1] += 3
            elif seat[1] != start:
                cost[1] += 1
            elif booth > seats[seat]:  # its booth closed (the highest-numbered close first)
                cost[2] += 1
            else:
                continue
            changed.add(rid)
        key = tuple(cost)
        if best is None or key < best:
            best, moved = key, [changed]
        elif key == best:
            moved.append(changed)
    assert best is not None
    return best, moved  # type: ignore[return-value]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_repair_finds_the_fewest_changes_brute_force_finds(tmp_path: Path, kind: str) -> None:
    text, allowed, fewer = CASES[kind]
    folder = _week(tmp_path)
    pub, rep = _repaired(tmp_path, folder, text)
    published = {
        e["request_id"]: (d["date"], e["start"], e["booth"])
        for d in pub["days"]
        for e in d["events"]
        if e["kind"] == "visit"
    }
    assert len(published) == 5 and all(v[0] == "2026-11-28" for v in published.values())
    levels = {
        r["subproblem"].split(" ", 2)[1]: r
        for r in rep["solver"]
        if r["subproblem"].startswith("visitation R")
    }
    found = tuple(int(levels[k]["objective"]) for k in ("R1", "R2", "R3"))
    best, moved = _best(published, allowed, SEATS | fewer, APART.get(kind))
    assert found == best
    assert all(levels[k]["status"] == "OPTIMAL" for k in ("R1", "R2", "R3"))
    # every later level too (a try with the visits in place that is infeasible proves nothing
    # either way and must not mark them unproven)
    assert [r["subproblem"] for r in rep["solver"] if r["status"] != "OPTIMAL"] == []
    changed = {
        c["booking"].removeprefix("visit:")
        for c in rep["repair"]["changes"]
        if c["kind"] == "visit" and c["booking"].removeprefix("visit:") in published
    }
    forced = {r for r in published if not any(allowed(r, s) for s in SEATS)}
    assert changed - forced in moved
    check = CliRunner().invoke(
        main,
        [
            "verify",
            str(tmp_path / "rep" / "schedule.json"),
            str(folder),
            "--baseline",
            str(tmp_path / "pub" / "schedule.json"),
            "--events",
            str(tmp_path / "ev.yaml"),
        ],
    )
    assert check.exit_code == 0, check.output


def _repaired(tmp_path: Path, folder: Path, event: str) -> tuple[dict, dict]:
    """The published week of `folder` and its repair after one event."""
    run = CliRunner().invoke
    assert run(main, ["solve", str(folder), "--out", str(tmp_path / "pub")]).exit_code == 0
    (tmp_path / "ev.yaml").write_text("events:\n  - " + event % KNOWN + "\n")
    args = [
        "repair",
        str(tmp_path / "pub" / "schedule.json"),
        str(folder),
        "--events",
        str(tmp_path / "ev.yaml"),
    ]
    assert run(main, [*args, "--out", str(tmp_path / "rep")]).exit_code == 0
    pub = json.loads((tmp_path / "pub" / "schedule.json").read_text())
    return pub, json.loads((tmp_path / "rep" / "schedule.json").read_text())


def _seats_taken(week: dict) -> dict[tuple[str, str], int]:
    return Counter((d["date"], e["start"]) for d in week["days"] for e in d["events"] if e["kind"] == "visit")


def test_a_late_registration_takes_a_free_seat_and_moves_nobody(tmp_path: Path) -> None:
    """REP-03 (4): R6 registered on Wednesday; five of the ten seats are free, so the
    fewest changes are none and the most served six: R6 added, nobody else touched."""
    event = (
        "{id: e, kind: request, %s, request: {id: R6, inmate_id: I6, kind: social, visitor_ids: [V6], "
        "registered_at: 2026-11-25T06:00:00}}"
    )
    pub, rep = _repaired(tmp_path, _week(tmp_path), event)
    free = sum(SEATS.values()) - sum(_seats_taken(pub).values())
    assert free == 5
    assert [(c["booking"], c["change"]) for c in rep["repair"]["changes"]] == [("visit:R6", "added")]


def test_an_appointment_cancelled_moves_nobody_back(tmp_path: Path) -> None:
    """I2's court date on Saturday morning put R2 on Sunday; the court date cancelled, R2 may
    come on Saturday again, but moving it is a change to serve no one more: nothing moves."""
    court = [{"inmate_id": "I2", "date": SAT, "start": "08:00", "end": "09:30", "kind": "court"}]
    event = "{id: e, kind: appointment_cancelled, %s, inmate_id: I2, date: 2026-11-28, start: '08:00'}"
    pub, rep = _repaired(tmp_path, _week(tmp_path, court), event)
    r2 = next(d["date"] for d in pub["days"] for e in d["events"] if e.get("request_id") == "R2")
    assert r2 == SUN
    assert rep["repair"]["changes"] == []
