"""The visiting-room post (STF-01..03): admitted visits always leave the window an officer,
and the post passes from one officer to the next at a shift change."""

from __future__ import annotations

from pathlib import Path

from models.schedule import Post, WeekSchedule
from tests.builders import adult, base_tables, family, inmate, officer, request, solved_part

SAT = "2026-11-28"


def window_week(
    windows: list[dict[str, str]], staff: list[dict[str, str]], count: int, booths: int = 1
) -> tuple[dict[str, list[dict[str, str]]], dict[str, object]]:
    """`count` inmates with one visitor and one request each (R1 registered first)."""
    rows = base_tables()
    rows["inmates.csv"] = [inmate(f"I{k}", f"Name{k}") for k in range(1, count + 1)]
    rows["visitors.csv"] = [adult(f"V{k}") for k in range(1, count + 1)]
    rows["requests.csv"] = [request(f"R{k}", f"I{k}", f"V{k}", minute=k) for k in range(1, count + 1)]
    rows["relations.csv"] = family(rows["requests.csv"])
    rows["staff.csv"] = staff
    rows["staff_relationships.csv"] = []
    return rows, {"visitation": {"booths": booths, "windows": windows}}


def posts(schedule: WeekSchedule) -> list[Post]:
    return [e for _, e in schedule.events() if isinstance(e, Post)]


def barred_pair(rows: dict[str, list[dict[str, str]]]) -> None:
    """Officer A is a relative of R1's visitor; officer B an associate of R2's inmate."""
    rows["staff_relationships.csv"] = [
        {"officer_id": "A", "inmate_id": "", "visitor_id": "V1", "kind": "relative"},
        {"officer_id": "B", "inmate_id": "I2", "visitor_id": "", "kind": "associate"},
    ]


MORNING = {"day": "sat", "start": "08:00", "end": "09:00", "sex": "M"}
AFTERNOON = {"day": "sat", "start": "13:00", "end": "14:00", "sex": "M"}


def test_a_window_leaves_out_the_visit_that_would_leave_it_no_officer(tmp_path: Path) -> None:
    """Two officers on shift, each barred from a different one of the window's two visits:
    the earlier registration is served and its post staffed; the other is waitlisted under
    STF-03 naming both officers, where admitting both left the window with no officer."""
    staff = [officer("A", "07:00-15:00"), officer("B", "07:00-15:00")]
    rows, facility = window_week([MORNING], staff, 2, booths=2)
    barred_pair(rows)
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    assert [e.request_id for _, e in schedule.events() if e.kind == "visit"] == ["R1"]
    [post] = posts(schedule)
    assert post.officer == "B" and post.covers == ["visit:R1"]
    [u] = schedule.waitlist
    assert (u.request_id, u.rule) == ("R2", "STF-03")
    assert "A (relative of visitor V1 in visit R1)" in u.reason
    assert "B (associate of inmate I2)" in u.reason
    assert not [x for x in schedule.unmet if x.kind == "session"]


def test_a_second_window_takes_the_visit_its_first_could_not_staff(tmp_path: Path) -> None:
    """The same two visits with a second window: both are served, one in each window, each
    window with its own officer."""
    staff = [officer("A", "07:00-15:00"), officer("B", "07:00-15:00")]
    rows, facility = window_week([MORNING, AFTERNOON], staff, 2, booths=2)
    barred_pair(rows)
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    assert sorted(e.request_id for _, e in schedule.events() if e.kind == "visit") == ["R1", "R2"]
    assert schedule.waitlist == []
    assert {(p.covers[0], p.officer) for p in posts(schedule)} == {("visit:R1", "B"), ("visit:R2", "A")}


def test_a_window_across_a_shift_change_is_handed_over(tmp_path: Path) -> None:
    """A window 13:15-16:15 with shifts 07:00-15:00 and 15:00-23:00: every visit is served,
    the post passes from the day officer to the evening officer at 15:00, and the visit
    across the change (14:45-15:12) is supervised by both."""
    window = {"day": "sat", "start": "13:15", "end": "16:15", "sex": "M"}
    staff = [officer("D", "07:00-15:00"), officer("E", "15:00-23:00")]
    rows, facility = window_week([window], staff, 6)
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    assert schedule.waitlist == []
    first, second = sorted(posts(schedule), key=lambda p: p.start)
    assert (first.start, first.end, first.officer) == (795, 900, "D")
    assert (second.start, second.end, second.officer) == (900, 975, "E")
    across = next(e for _, e in schedule.events() if e.kind == "visit" and e.start == 885)
    assert across.id in first.covers and across.id in second.covers
    assert len(first.covers) == 4 and len(second.covers) == 3


def test_a_window_inside_one_shift_keeps_one_post(tmp_path: Path) -> None:
    """With an officer on shift for the whole window, nothing is handed over."""
    window = {"day": "sat", "start": "13:15", "end": "16:15", "sex": "M"}
    staff = [officer("D", "07:00-15:00"), officer("E", "15:00-23:00"), officer("L", "12:00-20:00")]
    rows, facility = window_week([window], staff, 6)
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    [post] = posts(schedule)
    assert (post.start, post.end, post.officer, len(post.covers)) == (795, 975, "L", 6)


def test_minutes_nobody_is_on_shift_are_stf_02(tmp_path: Path) -> None:
    """A window 14:00-15:00 between a shift ending at 14:00 and one starting at 15:00: its
    request is waitlisted under STF-02 with those minutes, not as a relationship."""
    window = {"day": "sat", "start": "14:00", "end": "15:00", "sex": "M"}
    staff = [officer("D", "07:00-14:00"), officer("E", "15:00-23:00")]
    rows, facility = window_week([window], staff, 1)
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    [u] = schedule.waitlist
    assert u.rule == "STF-02"
    assert u.reason == f"nobody is on shift for window sat 14:00-15:00 M on {SAT} at 14:00-15:00"
    [unmet] = schedule.unmet
    assert unmet.fix == "an officer on shift for those minutes of the window, or a window inside the shifts"


def test_overlapping_windows_hand_over_so_that_both_are_staffed(tmp_path: Path) -> None:
    """Two windows 13:00-16:00 at once (surnames A-L and M-Z), both busy before and after the
    15:00 shift change, with officers D 07-15, L 08-16 and E 15-23: each window's post passes
    on at 15:00, so D, L and E staff both; one post per window would need L twice."""
    windows = [
        {"day": "sat", "start": "13:00", "end": "16:00", "sex": "M", "surname": "A-L"},
        {"day": "sat", "start": "13:00", "end": "16:00", "sex": "M", "surname": "M-Z"},
    ]
    staff = [officer("D", "07:00-15:00"), officer("L", "08:00-16:00"), officer("E", "15:00-23:00")]
    rows, facility = window_week(windows, staff, 12, booths=2)
    rows["inmates.csv"] = [inmate(f"I{k}", ("Adams" if k % 2 else "Novak") + str(k)) for k in range(1, 13)]
    _, schedule = solved_part(tmp_path, rows, facility, "visitation")
    assert not [u for u in schedule.unmet if u.kind == "session"]
    assert schedule.waitlist == []
    held = sorted((p.start, p.end, p.officer) for p in posts(schedule))
    assert [(a, b) for a, b, _ in held] == [(780, 900), (780, 900), (900, 960), (900, 960)]
    assert {o for a, _, o in held if a == 780} == {"D", "L"} and {o for a, _, o in held if a == 900} == {
        "E",
        "L",
    }
