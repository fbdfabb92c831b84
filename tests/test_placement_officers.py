"""Placements see who can staff them (STF-01..03): a recreation session moves to a start where
an officer without a declared relationship is free, a pod's groups are cut so that each has
such an officer, and razor sign-ups barred to different officers get separate batches."""

from __future__ import annotations

from pathlib import Path

from models.schedule import RecreationSession, WeekSchedule
from tests.builders import base_tables, inmate, officer, solved_part

SUNDAY_LAUNDRY = {"categories": [{"name": "orange_uniforms", "days": ["sun"], "pieces_per_inmate": 2}]}


def pod_week(count: int, staff: list[dict[str, str]], ties: list[tuple[str, str, str]]) -> dict:
    rows = base_tables() | {"requests.csv": [], "relations.csv": []}
    rows["inmates.csv"] = [inmate(f"A{k}", f"Name{k}") for k in range(1, count + 1)]
    rows["visitors.csv"] = []
    rows["staff.csv"] = staff
    rows["staff_relationships.csv"] = [
        {"officer_id": o, "inmate_id": i, "visitor_id": "", "kind": kind} for o, i, kind in ties
    ]
    return rows


def razor_staff() -> list[dict[str, str]]:
    """Two morning officers for the razor issue, two late ones for recreation (15:00-21:00)."""
    return [officer(o, "07:00-15:00") for o in ("O1", "O2")] + [officer(o, "14:00-22:00") for o in ("L1", "L2")]


def sessions(schedule: WeekSchedule) -> list[RecreationSession]:
    return [e for _, e in schedule.events() if isinstance(e, RecreationSession)]


def test_a_session_moves_to_the_start_an_unrelated_officer_can_take(tmp_path: Path) -> None:
    """A1's only day-shift officers are his relative and his friend; the evening officer is
    free from 15:00. Every session starts then, with the evening officer, though daylight
    (which ends at 15:00 here) would have pulled them into the morning."""
    staff = [officer("R1", "07:00-15:00"), officer("R2", "07:00-15:00"), officer("E1", "15:00-23:00")]
    rows = pod_week(1, staff, [("R1", "A1", "relative"), ("R2", "A1", "friend")])
    recreation = {"start": "08:00", "end": "21:00", "daylight_end": "15:00"}
    _, schedule = solved_part(
        tmp_path, rows, {"recreation": recreation, "laundry": SUNDAY_LAUNDRY}, "recreation"
    )
    held = sessions(schedule)
    assert len(held) == 5
    assert all(s.start >= 900 and s.officer == "E1" for s in held)
    assert not [u for u in schedule.unmet if u.hard]


def test_groups_are_cut_so_that_each_has_an_officer(tmp_path: Path) -> None:
    """A pod of 26 in an area for 13 with two officers free, one an associate of A1, the
    other a relative of A2: A1 and A2 go to different groups, so each group has an officer
    on every day (together, neither officer could take their group)."""
    staff = [officer("O1", "07:00-15:00"), officer("O2", "07:00-15:00")]
    rows = pod_week(26, staff, [("O1", "A1", "associate"), ("O2", "A2", "relative")])
    recreation = {"start": "08:00", "end": "14:00", "areas": [{"id": "Yard", "capacity": 13}]}
    _, schedule = solved_part(
        tmp_path, rows, {"recreation": recreation, "laundry": SUNDAY_LAUNDRY}, "recreation"
    )
    held = sessions(schedule)
    assert len(held) == 10 and all(s.officer for s in held)
    assert not any({"A1", "A2"} <= set(s.inmates) for s in held)
    assert not [u for u in schedule.unmet if u.hard]


def test_two_signups_barred_to_different_officers_get_separate_batches(tmp_path: Path) -> None:
    """A1 is O1's relative and A2 is O2's friend, the only officers on duty for the razor
    issue: one batch would have no officer who may take it, so each gets its own batch, and
    each batch its officer."""
    rows = pod_week(2, razor_staff(), [("O1", "A1", "relative"), ("O2", "A2", "friend")])
    rows["razor_signups.csv"] = [
        {"inmate_id": f"A{k}", "list_date": "2026-11-23", "position": str(k)} for k in (1, 2)
    ]
    facility = {"recreation": {"start": "15:00", "end": "21:00"}, "laundry": SUNDAY_LAUNDRY}
    _, schedule = solved_part(tmp_path, rows, facility, "razors")
    batches = [e for _, e in schedule.events() if e.kind == "razor_batch"]
    assert sorted(b.inmates for b in batches) == [["A1"], ["A2"]]
    assert {(b.inmates[0], b.officer) for b in batches} == {("A1", "O2"), ("A2", "O1")}
    assert not [u for u in schedule.unmet if u.hard]


def test_batches_of_two_pods_needing_the_one_unrelated_officer_go_one_after_another(tmp_path: Path) -> None:
    """A1 (pod A) and B1 (pod B) are both O1's relatives: O2 is the one officer on duty who
    may take either batch. Different pods may have batches at once, but these two would
    need O2 twice (Hall's condition across batches), so one follows the other and both
    batches have an officer."""
    rows = pod_week(1, razor_staff(), [("O1", "A1", "relative"), ("O1", "B1", "relative")])
    rows["inmates.csv"].append(inmate("B1", "Other", pod="B"))
    rows["razor_signups.csv"] = [
        {"inmate_id": i, "list_date": "2026-11-23", "position": str(k)} for k, i in enumerate(["A1", "B1"], 1)
    ]
    facility = {"recreation": {"start": "15:00", "end": "21:00"}, "laundry": SUNDAY_LAUNDRY}
    _, schedule = solved_part(tmp_path, rows, facility, "razors")
    batches = sorted((e for _, e in schedule.events() if e.kind == "razor_batch"), key=lambda b: b.start)
    assert [b.inmates for b in batches] == [["A1"], ["B1"]] or [b.inmates for b in batches] == [["B1"], ["A1"]]
    assert batches[0].end <= batches[1].start
    assert [b.officer for b in batches] == ["O2", "O2"]
    assert not [u for u in schedule.unmet if u.hard] and not schedule.waitlist
