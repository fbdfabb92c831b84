"""Staffing level 1 (STF-04) on hand-made sessions: the flow bound and the matching kept
under it, each alone, without an instance."""

from __future__ import annotations

import datetime as dt
import itertools

from models.schedule import RecreationSession, SolverRun
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.staffing import matching
from scheduler.staffing.sessions import Session, Shift

DAY = dt.date(2026, 11, 25)


def session(n: int, start: str, end: str, shifts: list[Shift]) -> Session:
    a, b = (int(t[:2]) * 60 + int(t[3:]) for t in (start, end))
    event = RecreationSession(id=f"s{n}", kind="recreation", start=a, end=b, place="yard", pod="A", group=n)
    return Session(event, DAY, a, b, set(), set(), sorted(shifts))


EARLY: Shift = ("A", 420, 960)  # 07:00-16:00: ends first
LATE: Shift = ("B", 420, 1380)  # 07:00-23:00


def test_flow_bound_is_the_split_optimum() -> None:
    # Three one-hour sessions that either officer may take, split freely: 90 minutes each,
    # rounded up to whole sessions: 120.
    part = [session(k, "09:00", "10:00", [EARLY, LATE]) for k in range(3)]
    assert matching.flow_bound(part) == 120
    # The longest session is a bound too: a 4.5 h post cannot be split.
    part.append(session(9, "08:00", "12:30", [EARLY, LATE]))
    assert matching.flow_bound(part) == 270


def test_flow_bound_never_exceeds_a_matching() -> None:
    # Every way of giving 5 sessions to 3 officers, one at a time: the bound is below all.
    shifts: list[Shift] = [EARLY, LATE, ("C", 420, 960)]
    part = [session(k, f"{8 + k:02d}:00", f"{9 + k:02d}:30", shifts) for k in range(5)]
    bound = matching.flow_bound(part)
    for owners in itertools.product("ABC", repeat=len(part)):
        chosen = {s.event.id: o for s, o in zip(part, owners, strict=True)}
        clash = any(
            chosen[a.event.id] == chosen[b.event.id] and a.start < b.end and b.start < a.end
            for a, b in itertools.combinations(part, 2)
        )
        if not clash:
            assert bound <= matching.largest(part, chosen)


def test_the_post_holder_is_not_given_more_when_another_officer_is_free() -> None:
    # A 4.5 h post from 08:00 and a recreation at 14:30. In start order both go to the
    # officer whose shift ends first (330 min); kept under the flow bound (270), the
    # recreation goes to the other, and level 1 is proven without a solve (no solve could
    # run in a nanosecond).
    part = [session(1, "08:00", "12:30", [EARLY, LATE]), session(2, "14:30", "15:30", [EARLY, LATE])]
    start_order = matching.greedy(part)
    assert start_order == {"s1": "A", "s2": "A"} and matching.largest(part, start_order) == 330
    result = SubResult()
    chosen = matching.smallest_largest(part, SolveSettings(time_limit=1e-9), result, "test", start_order)
    assert chosen == {"s1": "A", "s2": "B"}
    (run,) = result.runs
    assert (run.status, run.objective, run.bound) == ("OPTIMAL", 270, 270)
    assert "greedy, not solved" not in run.subproblem


def test_flow_bound_rounds_up_to_what_loads_can_be() -> None:
    # Three half-hour sessions for two officers split to 45 minutes each; but a load is a
    # sum of half-hours, so no matching does better than 60: that is the bound.
    part = [session(k, "09:00", "09:30", [EARLY, LATE]) for k in range(3)]
    assert matching.flow_bound(part) == 60


D1: Shift = ("D1", 420, 900)  # 07:00-15:00
D2: Shift = ("D2", 420, 900)
M: Shift = ("M", 480, 960)  # 08:00-16:00: the only shift that covers 14:30-15:30


def staffed_within(part: list[Session], chosen: dict[str, str], cap: int) -> bool:
    """Every session staffed by an officer on shift for it, one at a time, none above `cap`."""
    if len(chosen) < len(part):
        return False
    clash = any(
        chosen[a.event.id] == chosen[b.event.id] and a.start < b.end and b.start < a.end
        for a, b in itertools.combinations(part, 2)
    )
    on_shift = all(chosen[s.event.id] in {sh[0] for sh in s.eligible} for s in part)
    return on_shift and not clash and matching.largest(part, chosen) <= cap


def large_group(part: list[Session], start: dict[str, str]) -> tuple[dict[str, str], SolverRun]:
    """Level 1 from `start` (with `SOLVED` patched, the group counts as large): the
    matching and the level's one run."""
    result = SubResult()
    chosen = matching.smallest_largest(part, SolveSettings(time_limit=10), result, "test", start)
    (run,) = result.runs
    return chosen, run


def test_the_capped_greedy_keeps_the_shift_a_late_session_needs() -> None:
    # Ending soonest first fills the day officers by 13:15 and gives 14:00 to M, the one
    # officer on shift at 15:30; room first gives 14:00 to a day officer, whose shift ends at
    # 15:00 with room left, and the flow bound (150) is met without a solve.
    both = [D1, D2, M]
    part = [
        session(1, "10:00", "11:00", both),
        session(2, "11:00", "12:30", both),
        session(3, "11:30", "13:00", both),
        session(4, "12:45", "13:15", both),
        session(5, "14:00", "15:00", both),
        session(6, "14:30", "15:30", [M]),
    ]
    floor = matching.flow_bound(part)
    assert floor == 150
    assert not staffed_within(part, matching.greedy(part, floor, room_first=False), floor)
    result = SubResult()
    chosen = matching.smallest_largest(
        part, SolveSettings(time_limit=1e-9), result, "test", matching.even_out(part, matching.greedy(part))
    )
    assert staffed_within(part, chosen, floor) and chosen["s6"] == "M"
    (run,) = result.runs
    assert (run.status, run.objective, run.bound) == ("OPTIMAL", 150, 150)


def test_a_large_group_the_greedy_misses_is_proven_by_a_search_within_the_bound(monkeypatch) -> None:
    # Both greedy rules miss the flow bound (120) here; treated as a group too large for the
    # min-max model, one feasibility search within the bound finds C taking 09:30 and 15:00.
    part = [
        session(1, "07:30", "09:00", [D1, D2]),
        session(2, "09:30", "10:30", [D1, D2, M]),
        session(3, "13:00", "14:30", [D1, D2, M]),
        session(4, "15:00", "16:00", [M]),
    ]
    floor = matching.flow_bound(part)
    for room_first in (True, False):
        capped = matching.greedy(part, floor, room_first)
        assert not staffed_within(part, capped, floor)
    monkeypatch.setattr(matching, "SOLVED", 0)
    chosen, run = large_group(part, {"s1": "D1", "s2": "D1", "s3": "D1", "s4": "M"})  # 240 for D1
    assert staffed_within(part, chosen, floor) and chosen["s2"] == "M"
    assert "within the flow bound" in run.subproblem
    assert (run.status, run.objective, run.bound) == ("OPTIMAL", floor, floor)


def test_a_flow_bound_no_matching_meets_is_raised_by_the_search(monkeypatch) -> None:
    # Split, the two 08:30 sessions fit under 120; whole, one officer takes 150 at least:
    # the search proves 120 impossible and the bound rises to 150, which the matching meets.
    part = [
        session(1, "07:00", "08:30", [D1, D2]),
        session(2, "08:30", "10:00", [D1, D2, M]),
        session(3, "08:30", "10:00", [D1, D2, M]),
        session(4, "14:30", "15:30", [M]),
    ]
    assert matching.flow_bound(part) == 120
    monkeypatch.setattr(matching, "SOLVED", 0)
    chosen, run = large_group(part, {"s1": "D1", "s2": "D1", "s3": "D2", "s4": "M"})  # 180 for D1
    assert staffed_within(part, chosen, 150)
    assert "within the flow bound" in run.subproblem
    assert (run.status, run.objective, run.bound) == ("OPTIMAL", 150, 150)
