"""A rotation built by hand, kept when the solver finds none before its deadline (REC-01):
every session that fits is still held, reported as found (FEASIBLE), never as proven.

Day by day, the sessions with the fewest starts first, each at its earliest start that
differs from its group's start the day before (REC-05, when it can), in an area that holds
it and is open and free for the whole session (REC-02/03, CAL-01), within every limit on
sessions in progress (officers, STF-01/03).
"""

from __future__ import annotations

from collections import defaultdict

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.recreation.sessions import Limit, Limits, Session, area_free, holders


def greedy_rotation(
    instance: Instance, sessions: list[Session], options: dict[Session, list[int]], limits: Limits
) -> tuple[dict[Session, int], dict[Session, str], list[Session]]:
    """Starts and areas for the sessions that fit, and those that do not."""
    length = instance.facility.recreation.session_minutes
    starts: dict[Session, int] = {}
    areas: dict[Session, str] = {}
    left: list[Session] = []
    before: dict[tuple[str, int], int] = {}
    for day in sorted({s.date for s in sessions}):
        busy: dict[str, list[int]] = defaultdict(list)
        taken: dict[int, list[Session]] = defaultdict(list)
        mine = [x for x in limits if x.day == day]
        today = sorted(
            (s for s in sessions if s.date == day), key=lambda s: (len(options[s]), s.pod, s.label)
        )
        for s in today:
            ordered = sorted(options[s], key=lambda t: (t == before.get(s.group), t))
            spot = next(
                (
                    (t, a)
                    for t in ordered
                    if all(_held(taken, x) < x.cap for x in mine if t in x.starts and x.counts(s))
                    for a in holders(instance, len(s.inmates))
                    if area_free(instance, a, day, t) and all(abs(t - u) >= length for u in busy[a])
                ),
                None,
            )
            if spot is None:
                left.append(s)
                continue
            t, a = spot
            starts[s], areas[s] = t, a
            busy[a].append(t)
            taken[t].append(s)
            before[s.group] = t
    return starts, areas, left


def _held(taken: dict[int, list[Session]], limit: Limit) -> int:
    """Sessions placed so far that count against a limit."""
    return sum(1 for u in limit.starts for s in taken[u] if limit.counts(s))


def greedy_run(placed: int, total: int) -> SolverRun:
    """The figures of the hand-built rotation: found, not proven."""
    return SolverRun(
        subproblem=f"recreation rotation built by hand ({placed} of {total} sessions; no solve in time)",
        status="FEASIBLE",
        objective=float(placed),
    )
