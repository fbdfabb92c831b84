"""Unmet demand (UNM-01): one entry per cause, with the count and every subject in the JSON,
the cause's own fix and no notice repeating it; and a crowded day costs only that day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from models.schedule import Unmet
from scheduler.engine.grouping import grouped
from tests.builders import ROUND_THE_CLOCK, base_tables, inmate, solved_part

WED = dt.date(2026, 11, 25)


def entry(subject: str, reason: str = "closed", kind: str = "recreation", inmates: tuple = ()) -> Unmet:
    return Unmet(
        rule="CAL-01", kind=kind, subject=subject, date=WED, hard=True, inmates=list(inmates), reason=reason
    )


def test_entries_of_one_cause_become_one_with_count_and_subjects() -> None:
    merged, other, visit, visit2 = grouped(
        [
            entry("recreation:2026-11-25:A:1", inmates=("A1",)),
            entry("recreation:2026-11-25:B:1", reason="another cause"),
            entry("recreation:2026-11-25:B:2", inmates=("B2", "B3")),
            entry("R1", kind="visit"),
            entry("R2", kind="visit"),
        ]
    )
    assert (merged.count, merged.subjects) == (2, ["recreation:2026-11-25:A:1", "recreation:2026-11-25:B:2"])
    assert merged.subject == "2 sessions, pod(s) A, B" and merged.inmates == ["A1", "B2", "B3"]
    assert (other.count, other.subjects, other.each_subject()) == (1, [], ["recreation:2026-11-25:B:1"])
    assert [visit.subject, visit2.subject] == ["R1", "R2"]  # visits stand beside their waitlist entries


def test_a_closed_yard_is_one_line_with_its_reason_and_fix(tmp_path: Path) -> None:
    """Two pods, one area, closed all Wednesday for resurfacing: the day's two sessions are one
    CAL-01 entry naming the closure, with the fix for a closure, and no REC-02 notice."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": [], "visitors.csv": []}
    rows["inmates.csv"] = [inmate("A1", "Ames"), inmate("B1", "Bell", pod="B")]
    rows["staff.csv"] = ROUND_THE_CLOCK
    closure = {"resource": "recreation_area", "id": "Rec", "date": str(WED), "reason": "resurfacing"}
    _, schedule = solved_part(tmp_path, rows, {"closures": [closure]}, "recreation")
    [u] = [u for u in schedule.unmet if u.kind == "recreation"]
    assert (u.rule, u.count, u.date, u.inmates) == ("CAL-01", 2, WED, ["A1", "B1"])
    assert u.subjects == ["recreation:2026-11-25:A:1", "recreation:2026-11-25:B:1"]
    assert u.reason.startswith("Wed 2026-11-25: Rec closed (resurfacing): 2 of 2 group sessions do not fit")
    assert u.fix == "another area, or a make-up day"
    assert not [n for n in schedule.notices if n.rule == "REC-02"]


def test_a_crowded_day_costs_only_that_day(tmp_path: Path) -> None:
    """Two pods of one inmate, one area; on Monday both have appointments until 21:00, so the
    area holds one of Monday's two sessions. Only that session is unmet (REC-02, proven the
    fewest for the day); Tuesday to Friday keep every session."""
    rows = base_tables() | {"requests.csv": [], "relations.csv": [], "visitors.csv": []}
    rows["inmates.csv"] = [inmate("A1", "Ames"), inmate("B1", "Bell", pod="B")]
    rows["staff.csv"] = ROUND_THE_CLOCK
    rows["appointments.csv"] = [
        {"inmate_id": i, "date": "2026-11-23", "start": "08:00", "end": "21:00", "kind": "court", "note": ""}
        for i in ("A1", "B1")
    ]
    _, schedule = solved_part(tmp_path, rows, {}, "recreation")
    held = [e for _, e in schedule.events() if e.kind == "recreation"]
    [u] = [u for u in schedule.unmet if u.kind == "recreation"]
    assert (u.rule, u.date, u.count) == ("REC-02", dt.date(2026, 11, 23), 1)
    assert "only 1 of the day's 2 group sessions fit" in u.reason
    assert len(held) == 9 and sum(e.start >= 1260 for e in held) == 1
    assert [r.status for r in schedule.solver if "most sessions held" in r.subproblem] == ["OPTIMAL"] * 5
