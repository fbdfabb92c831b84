"""Mid-week repair, one event kind at a time, on the bundled week (REP-01..05): each repair
verifies against the published week, changes nothing before `now`, and changes exactly
the bookings the fewest changes need where these are known by hand (a booth closed beside
a freed booth, a release, an absent officer, a lockdown in one pod)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scheduler.cli import BUNDLED, main
from scheduler.loading import load_instance
from tests.builders import repair_and_verify

NOW = "2026-11-25 07:00"
KNOWN = f"known_at: {NOW}"
EVENTS = {
    "offence": "{id: e, kind: offence, %s, inmate_id: I0112, date: 2026-11-25, category: minor}",
    "sanction": "{id: e, kind: sanction, %s, inmate_id: I0064, privilege: visitation, "
    "start: 2026-11-25, end: 2026-11-29}",
    "release": "{id: e, kind: release, %s, inmate_id: I0012, at: 2026-11-26 09:00}",
    "pod_move": "{id: e, kind: pod_move, %s, inmate_id: I0001, pod: B, at: 2026-11-25 06:00}",
    "closure": "{id: e, kind: closure, %s, closure: {resource: booths, date: 2026-11-28, start: '13:00', "
    "end: '16:00', count: 1, reason: intercom}}",
    "closure_lifted": "{id: e, kind: closure_lifted, %s, closure: 'facility:1'}",
    "keep_separate": "{id: e, kind: keep_separate, %s, separation: {inmate_a: I0001, inmate_b: I0003, "
    "reason: adversary}}",
    "keep_separate_lifted": "{id: e, kind: keep_separate_lifted, %s, inmate_a: I0075, inmate_b: I0103}",
    "visitor_restriction": "{id: e, kind: visitor_restriction, %s, visitor_id: V081, start: 2026-11-25, "
    "end: 2026-11-29, reason: contraband}",
    "officer_absent": "{id: e, kind: officer_absent, %s, officer_id: O19, start: 2026-11-26 00:00, "
    "end: 2026-11-27 00:00}",
    "appointment": "{id: e, kind: appointment, %s, appointment: {inmate_id: I0100, date: 2026-11-28, "
    "start: '08:00', end: '12:00', kind: court}}",
    "appointment_cancelled": "{id: e, kind: appointment_cancelled, %s, inmate_id: I0002, date: 2026-11-23, "
    "start: '08:30'}",
    "request": "{id: e, kind: request, %s, request: {id: R9001, inmate_id: I0010, kind: social, "
    "visitor_ids: [V001], registered_at: 2026-11-25T06:00:00}}",
    "request_cancelled": "{id: e, kind: request_cancelled, %s, request_id: R0052}",
    "pin": "{id: e, kind: pin, %s, booking: 'visit:R0052', reason: promised}",
}


def _repair(published: Path, tmp_path: Path, *lines: str) -> dict[str, Any]:
    """Repair with these events, assert it verifies, return the repaired schedule."""
    code, week, problems = repair_and_verify(published, "".join(f"  - {x}\n" for x in lines), tmp_path)
    assert code == 0, week.get("unmet")
    assert not problems, problems
    return week


def _changed(week: dict[str, Any]) -> dict[str, str]:
    return {c["booking"]: c["change"] for c in week["repair"]["changes"]}


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_every_event_kind_repairs_from_now_and_verifies(published: Path, tmp_path: Path, kind: str) -> None:
    """REP-01: no change to anything that started before now; every change names the event
    or says it serves more; the verifier (REP-01/02/04/05 and every rule) finds nothing."""
    week = _repair(published, tmp_path, EVENTS[kind] % KNOWN)
    for c in week["repair"]["changes"]:
        for b in (c["old"], c["new"]):
            if b is not None:
                assert (b["date"], b["start"]) >= ("2026-11-25", "07:00"), c
        assert c["cause"] in ("e", "to serve more"), c


def test_booth_closed_beside_a_freed_booth_moves_only_its_visit(published: Path, tmp_path: Path) -> None:
    """Sunday 19:00 has four visits in four booths; one is cancelled (booth 3) and booth 4
    closes: the fewest changes are the cancellation and one booth change, no time moved."""
    week = _repair(
        published,
        tmp_path,
        f"{{id: c1, kind: request_cancelled, {KNOWN}, request_id: R0079}}",
        f"{{id: c2, kind: closure, {KNOWN}, closure: {{resource: booths, date: 2026-11-29, start: '19:00', "
        "end: '19:30', count: 1, reason: intercom}}",
    )
    assert _changed(week) == {"visit:R0079": "cancelled", "visit:R0083": "booth"}
    moved = next(c for c in week["repair"]["changes"] if c["booking"] == "visit:R0083")
    assert (moved["old"]["booth"], moved["new"]["booth"]) == (4, 3)
    assert moved["cause"] == "c2"
    html = (tmp_path / "rep" / "schedule.html").read_text()
    assert '<td class="v changed" data-req="R0083">' in html  # marked in the booth grid
    assert html.count('<em class="chg">changed</em>') == 3  # the legend, the grid cell, the timeline row


def test_a_release_frees_the_inmates_bookings_and_moves_nobody_else(published: Path, tmp_path: Path) -> None:
    """A release on Thursday 09:00: the inmate's visit and sessions from then on change, the
    seat goes to a request waitlisted for capacity, no other booking moves."""
    week = _repair(published, tmp_path, EVENTS["release"] % KNOWN)
    changed = week["repair"]["changes"]
    ours = [c for c in changed if c["cause"] == "e"]
    assert any(c["booking"] == "visit:R0026" and c["change"] == "cancelled" for c in ours)
    assert all("I0012" in (c["old"] or c["new"])["inmates"] for c in ours)
    others = [c for c in changed if c["cause"] != "e"]
    assert all(c["change"] == "added" for c in others), others
    after = [
        e
        for d in week["days"]
        for e in d["events"]
        if "I0012" in e.get("inmates", []) and (d["date"], e["start"]) >= ("2026-11-26", "09:00")
    ]
    assert after and all(e["kind"] == "appointment" and "released (e)" in e["note"] for e in after)
    assert {
        x["rule"] for x in week["exclusions"] if x["inmate_id"] == "I0012" and x["date"] >= "2026-11-26"
    } <= {"HOU-01"}


def test_an_absent_officer_changes_posts_before_any_session(published: Path, tmp_path: Path) -> None:
    """O19 absent on Thursday: another officer takes its post; no session or visit changes
    time, place or members."""
    week = _repair(published, tmp_path, EVENTS["officer_absent"] % KNOWN)
    changed = _changed(week)
    assert changed, "O19 had posts on Thursday and Friday"
    assert set(changed.values()) == {"officer"}
    assert all(c["old"]["officer"] == "O19" for c in week["repair"]["changes"])


def test_a_session_no_officer_left_can_cover_moves_and_only_it(published: Path, tmp_path: Path) -> None:
    """O02 absent from Thursday: on Saturday at 07:30 five pods' razor batches were out with
    five officers and four are left, so one batch must change time (STF-01): exactly one,
    O02's own, moves to a time an officer is free, caused by the absence; every other
    change is an officer's post, and the week is complete (exit 0, no hard unmet)."""
    event = f"{{id: e, kind: officer_absent, {KNOWN}, officer_id: O02, start: 2026-11-26 00:00, end: 2026-11-30 00:00}}"
    week = _repair(published, tmp_path, event)
    timed = [c for c in week["repair"]["changes"] if c["change"] != "officer"]
    assert [(c["booking"], c["change"], c["old"]["officer"], c["cause"]) for c in timed] == [
        ("razors:2026-11-28:B:1", "other time", "O02", "e")
    ]
    assert not [u for u in week["unmet"] if u["hard"]]


def test_a_washer_closed_under_one_load_moves_that_load_alone(published: Path, tmp_path: Path) -> None:
    """REP-03 (3) on a laundry day the events change: washer W1 closed on Thursday 09:00-09:30
    stands under pod C's load only; that load moves, every other load of the day keeps its
    time and machines, and the day's change level is proven at that one change."""
    event = (
        f"{{id: e, kind: closure, {KNOWN}, closure: {{resource: laundry_machine, id: W1, "
        "date: 2026-11-26, start: '09:00', end: '09:30', reason: repair}}"
    )
    week = _repair(published, tmp_path, event)
    assert [(c["booking"], c["cause"]) for c in week["repair"]["changes"]] == [
        ("laundry:2026-11-26:C:orange_uniforms:1", "e")
    ]
    runs = [r for r in week["solver"] if r["subproblem"].startswith("laundry 2026-11-26")]
    assert [(r["status"], r["objective"]) for r in runs] == [("OPTIMAL", 1.0)]


def test_a_pod_move_adds_the_new_pods_loads_and_moves_no_other_load(published: Path, tmp_path: Path) -> None:
    """I0001 moves to pod B: on each laundry day B's headcount needs one load more; it is
    added in the machine time left and no published load moves (REP-03 (3))."""
    week = _repair(published, tmp_path, EVENTS["pod_move"] % KNOWN)
    laundry = {c["booking"]: c["change"] for c in week["repair"]["changes"] if c["kind"] == "laundry_load"}
    assert laundry and set(laundry.values()) == {"added"}
    assert all(":B:" in b for b in laundry)


def test_a_lockdown_in_one_pod_leaves_other_pods_sessions_alone(published: Path, tmp_path: Path) -> None:
    """An offence of an inmate of pod A (in a razor batch on Thursday: RAZ-05): recreation,
    razors, laundry and visits of the other pods are as published (only an officer may
    change)."""
    pods = {i.id: i.pod for i in load_instance(BUNDLED).inmates.values()}
    week = _repair(published, tmp_path, EVENTS["offence"] % KNOWN)
    for c in week["repair"]["changes"]:
        if c["change"] == "officer" or c["kind"] == "post":
            continue
        b = c["old"] or c["new"]
        assert {pods[i] for i in b["inmates"]} <= {"A"}, c
    assert any(x["inmate_id"] == "I0112" and x["rule"] == "RAZ-05" for x in week["exclusions"])


def test_the_verifier_matches_notices_person_by_person(published: Path, tmp_path: Path) -> None:
    """REP-04: a notice dropped, or one added for someone the change does not concern, is a
    violation the verifier names."""
    week = _repair(published, tmp_path, EVENTS["release"] % KNOWN)
    notices = week["repair"]["notices"]
    dropped = notices[0]
    stranger = {**notices[0], "person": "V999", "role": "visitor"}
    for n, changed in enumerate((notices[1:], [*notices, stranger])):
        tampered = tmp_path / f"t{n}.json"
        tampered.write_text(json.dumps({**week, "repair": {**week["repair"], "notices": changed}}))
        check = CliRunner().invoke(
            main,
            [
                "verify",
                str(tampered),
                "--baseline",
                str(published),
                "--events",
                str(tmp_path / "events.yaml"),
            ],
        )
        assert check.exit_code == 1, check.output
        who = dropped["person"] if n == 0 else "V999"
        assert f"REP-04 {who} is" in check.output, check.output


def test_the_verifier_finds_a_visit_moved_that_could_have_stayed(published: Path, tmp_path: Path) -> None:
    """REP-03: R0079 cancelled frees booth 3 at Sunday 19:00; a repair that also moved R0034
    there from 19:30 (booth 1, still free) changed a visit for nothing."""
    week = _repair(published, tmp_path, f"{{id: c1, kind: request_cancelled, {KNOWN}, request_id: R0079}}")
    visit = next(e for d in week["days"] for e in d["events"] if e["id"] == "visit:R0034")
    old = {**visit}
    visit.update(start="19:00", end="19:27", booth=3)
    change = {**week["repair"]["changes"][0], "booking": "visit:R0034", "change": "other time"}
    change |= {"old": {**change["old"], "start": old["start"], "end": old["end"], "booth": 1}}
    change |= {
        "new": {**change["old"], "start": "19:00", "end": "19:27", "booth": 3},
        "cause": "to serve more",
    }
    week["repair"]["changes"].append(change)
    tampered = tmp_path / "moved.json"
    tampered.write_text(json.dumps(week))
    check = CliRunner().invoke(
        main,
        ["verify", str(tampered), "--baseline", str(published), "--events", str(tmp_path / "events.yaml")],
    )
    assert "REP-03 2026-11-29 visit:R0034 was other time but could have kept booth 1" in check.output, (
        check.output
    )
