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


def _week(
    tmp_path: Path,
    appointments: list[dict[str, str]] | None = None,
    pod_b: tuple[str, ...] = ("I2",),
    apart: tuple[str, str] | None = None,
    closures: list[dict[str, object]] | None = None,
) -> Path:
    """Five requests R1..R5 (I1..I5 with V1..V5); I6 and V6 on record, with no request. The
    inmates in `pod_b` live in pod B (I2: a keep-separate pair of I1 and I2 then binds in the
    visiting room only), the others in pod A; `apart` a keep-separate pair on record;
    `closures` facility.yaml's."""
    rows = base_tables()
    rows["inmates.csv"] = [
        inmate(f"I{k}", f"Name{k}", pod="B" if f"I{k}" in pod_b else "A") for k in range(1, 7)
    ]
    rows["visitors.csv"] = [adult(f"V{k}") for k in range(1, 7)]
    rows["requests.csv"] = [request(f"R{k}", f"I{k}", f"V{k}", k) for k in range(1, 6)]
    rows["relations.csv"] = family([*rows["requests.csv"], request("R6", "I6", "V6")])
    rows["appointments.csv"] = appointments or []
    rows["staff.csv"] = [*ROUND_THE_CLOCK, night_officer("N1")]  # hour-outs of a lockdown
    rows["staff_relationships.csv"] = []
    if apart:
        rows["separations.csv"] = [{"inmate_a": apart[0], "inmate_b": apart[1], "reason": "adversary"}]
    facility = FACILITY | {
        "visitation": {"booths": 2, "windows": WINDOWS},
        "recreation": {"start": "13:00", "end": "21:00"},
        "closures": closures or [],
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
    pub, rep = _repaired(tmp_path, _week(tmp_path), text)
    published = _visits(pub)
    assert len(published) == 5 and all(v[0] == SAT for v in published.values())
    best, moved = _best(published, allowed, SEATS | fewer, APART.get(kind))
    assert _levels(rep) == best
    forced = {r for r in published if not any(allowed(r, s) for s in SEATS)}
    assert set(_changed(rep)) & set(published) - forced in moved


def test_a_pinned_visit_stays_and_the_other_of_a_pair_moves_instead(tmp_path: Path) -> None:
    """REP-05: a new keep-separate pair I1, I2 whose visits share a start; the repair moves
    one of them. Pin that one and repair again: it stays, the other moves, and brute force
    over every assignment with the pin held finds the same fewest changes."""
    folder = _week(tmp_path)
    published = _visits(_publish(tmp_path, folder))
    assert published["R1"][:2] == published["R2"][:2]
    text = CASES["keep_separate"][0]
    free = set(_changed(_repair(tmp_path, folder, text)))
    assert len(free) == 1
    pinned = free.pop()
    rep = _repair(
        tmp_path,
        folder,
        text + f"\n  - {{id: p, kind: pin, %s, booking: 'visit:{pinned}', reason: promised}}",
    )
    best, moved = _best(
        published, lambda r, seat: r != pinned or seat == published[r][:2], SEATS, ("R1", "R2")
    )
    assert _levels(rep) == best
    assert set(_changed(rep)) in moved
    assert set(_changed(rep)) == {"R1", "R2"} - {pinned}
    assert _visits(rep)[pinned] == published[pinned]
    assert rep["repair"]["review"] == []


def test_a_pin_the_events_make_impossible_is_listed_not_moved(tmp_path: Path) -> None:
    """REP-05: the visit pinned sits in the booth a closure takes; it is not moved to another
    booth or time but left out and listed for review; the other visits of the closing booth
    move as brute force says, with that request no longer counted."""
    folder = _week(tmp_path)
    published = _visits(_publish(tmp_path, folder))
    pinned = min(r for r, (_, _, booth) in published.items() if booth == 2)
    text, _, fewer = CASES["closure"]
    rep = _repair(
        tmp_path,
        folder,
        text + f"\n  - {{id: p, kind: pin, %s, booking: 'visit:{pinned}', reason: promised}}",
    )
    assert pinned not in _visits(rep)
    assert [x["booking"] for x in rep["repair"]["review"]] == [f"visit:{pinned}"]
    rest = {r: v for r, v in published.items() if r != pinned}
    best, moved = _best(rest, lambda r, seat: True, SEATS | fewer)
    assert _levels(rep) == best
    assert set(_changed(rep)) - {pinned} in moved


@pytest.mark.parametrize(
    ("kind", "event", "week"),
    [
        (
            "closure_lifted",
            "{id: e, kind: closure_lifted, %s, closure: 'facility:1'}",
            {
                "closures": [
                    {
                        "resource": "booths",
                        "date": SAT,
                        "start": "08:00",
                        "end": "09:30",
                        "count": 1,
                        "reason": "intercom",
                    }
                ]
            },
        ),
        (
            "keep_separate_lifted",
            "{id: e, kind: keep_separate_lifted, %s, inmate_a: I1, inmate_b: I3}",
            {"apart": ("I1", "I3")},
        ),
    ],
)
def test_a_lifted_restriction_moves_nobody_back(tmp_path: Path, kind: str, event: str, week: dict) -> None:
    """REP-03: what a closure or a separation had pushed away may come back, but moving it
    serves nobody more; with every request served, brute force's fewest changes are none."""
    rep = _repaired(tmp_path, _week(tmp_path, **week), event)[1]
    assert _levels(rep) == (0, 0, 0)
    assert rep["repair"]["changes"] == []


def test_a_keep_separate_pair_in_one_pod_gives_the_later_a_session_of_their_own(tmp_path: Path) -> None:
    """I1 and I2 in one pod's single group: from Wednesday, I2 (the later of the pair) leaves
    the group and, no other session of the pod existing, gets a new one each day: two changes
    a day (the group's members, the new session), the fewest, since I2 must be placed
    (REC-01) and no session holds them; nothing else in recreation changes."""
    _pub, rep = _repaired(tmp_path, _week(tmp_path, pod_b=()), CASES["keep_separate"][0])
    days = ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert _changed(rep, "recreation") == {
        **{f"{d}:A:1": "members" for d in days},
        **{f"{d}:A:2": "added" for d in days},
    }
    assert not [u for u in rep["unmet"] if u["hard"]]
    starts = [e["start"] for d in rep["days"] for e in d["events"] if e["id"].endswith(":A:2")]
    assert all(a != b for a, b in itertools.pairwise(starts))  # REC-05: no repeated start


def test_a_pod_move_moves_the_inmate_into_the_new_pods_session(tmp_path: Path) -> None:
    """I1 moves to pod B (I2's) on Wednesday at 06:00: from Wednesday, out of A's group and
    into B's each day, the fewest (two a day); visits do not depend on the pod: none move."""
    event = "{id: e, kind: pod_move, %s, inmate_id: I1, pod: B, at: 2026-11-25 06:00}"
    rep = _repaired(tmp_path, _week(tmp_path), event)[1]
    days = ["2026-11-25", "2026-11-26", "2026-11-27"]
    assert _changed(rep, "recreation") == {f"{d}:{pod}:1": "members" for d in days for pod in "AB"}
    assert _changed(rep) == {}
    assert _levels(rep) == (0, 0, 0)


def _repaired(tmp_path: Path, folder: Path, event: str) -> tuple[dict, dict]:
    """The published week of `folder` and its repair after the event(s) (`%s`: known when)."""
    return _publish(tmp_path, folder), _repair(tmp_path, folder, event)


def _publish(tmp_path: Path, folder: Path) -> dict:
    assert CliRunner().invoke(main, ["solve", str(folder), "--out", str(tmp_path / "pub")]).exit_code == 0
    return json.loads((tmp_path / "pub" / "schedule.json").read_text())


def _repair(tmp_path: Path, folder: Path, event: str) -> dict:
    """The repair of the published week after the event(s), verified against it."""
    (tmp_path / "ev.yaml").write_text("events:\n  - " + event.replace("%s", KNOWN) + "\n")
    files = [str(tmp_path / "pub" / "schedule.json"), str(folder)]
    events = ["--events", str(tmp_path / "ev.yaml")]
    run = CliRunner().invoke(main, ["repair", *files, *events, "--out", str(tmp_path / "rep")])
    assert run.exit_code == 0, run.output
    base = ["--baseline", files[0]]
    check = CliRunner().invoke(
        main, ["verify", str(tmp_path / "rep" / "schedule.json"), files[1], *base, *events]
    )
    assert check.exit_code == 0, check.output
    return json.loads((tmp_path / "rep" / "schedule.json").read_text())


def _visits(week: dict) -> dict[str, tuple[str, str, int]]:
    return {
        e["request_id"]: (d["date"], e["start"], e["booth"])
        for d in week["days"]
        for e in d["events"]
        if e["kind"] == "visit"
    }


def _levels(week: dict) -> tuple[int, int, int]:
    """The repair's proven change levels R1..R3 of visitation, every solve of it OPTIMAL."""
    assert [r["subproblem"] for r in week["solver"] if r["status"] != "OPTIMAL"] == []
    levels = {
        r["subproblem"].split(" ", 2)[1]: r
        for r in week["solver"]
        if r["subproblem"].startswith("visitation R")
    }
    return tuple(int(levels[k]["objective"]) for k in ("R1", "R2", "R3"))  # type: ignore[return-value]


def _changed(week: dict, kind: str = "visit") -> dict[str, str]:
    return {
        c["booking"].split(":", 1)[1]: c["change"] for c in week["repair"]["changes"] if c["kind"] == kind
    }


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
