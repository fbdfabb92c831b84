"""Staffing level 1 (STF-04) on hand-made sessions: the flow bound and the matching kept
under it, each alone, without an instance."""

from __future__ import annotations

import datetime as dt
import itertools

from models.schedule import RecreationSession
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
