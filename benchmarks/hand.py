"""Baseline (a): the hand method, what an administrator does on paper.

Visitation: each registration, in registration order, takes the earliest free booth slot
(or the legal start closest to the one asked for) that its constraints allow. That is
`scheduler.visitation.greedy.Greedy`, the optimizer's own warm start, run on the options
`options_for` builds, so the very same rules hold; its placements go through the same
output code into a week schedule, which the verifier re-checks like any other.

Recreation and razors (`recreation_and_razor_figures`): the week solved as usual up to
recreation, whose groups (the optimizer's, per pod and day) are then placed by hand, pods in
id order every day, each group at the earliest start its members, an area and an officer
allow; razors by hand on the optimizer's recreation (as the optimizer's razors see it),
pod by pod, each pod's sign-ups in list order cut into batches of at most the inventory,
each batch at the earliest start its razors, an officer and its members allow. Both are
measured by the verifier's own figures and checks, like the optimizer's week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from unittest.mock import patch

from models.instance import Instance
from models.schedule import RecreationSession, SolverRun, WeekSchedule
from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.razors.greedy import State, View, fits, mark
from scheduler.razors.model import Morning, Plan
from scheduler.razors.mornings import batch_starts, mornings
from scheduler.razors.outcome import missed_signups as razor_missed
from scheduler.razors.outcome import plan_events as razor_events
from scheduler.recreation import solve_recreation
from scheduler.recreation.outcome import session_unmet as recreation_unmet
from scheduler.recreation.sessions import Session, area_free, grid_starts
from scheduler.visitation.greedy import Greedy
from scheduler.visitation.levels import Outcome
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import options_for
from scheduler.visitation.output import build_result
from scheduler.week import SOLVERS, build_week


def hand_outcome(vm: VisitModel) -> Outcome:
    """The greedy's placements for every request of the model, in registration order."""
    state = Greedy(vm)
    out = Outcome(proven=False)
    for rid in vm.options.order:
        slot, legal = state.place(rid)
        if slot is not None:
            out.booth[rid] = slot
        elif legal is not None:
            out.legal[rid] = legal[1]
    served = len(out.booth) + len(out.legal)
    out.runs = [SolverRun(subproblem="visitation hand (greedy FCFS)", status="FEASIBLE", objective=served)]
    return out


def solve_by_hand(ctx: Context) -> SubResult:
    """Visitation by the hand method, as a sub-problem result (same options, same output)."""
    options = options_for(ctx)
    return build_result(ctx.instance, options, hand_outcome(VisitModel(ctx.instance, options)))


def hand_week(instance: Instance, settings: SolveSettings | None = None) -> WeekSchedule:
    """The week up to visitation with the hand method in the optimizer's place (staffed as
    usual), so the verifier checks it like a solved week."""
    with patch.dict(SOLVERS, visitation=solve_by_hand):
        return build_week(instance, settings or SolveSettings(), only="visitation")


def visitation_figures(instance: Instance) -> dict[str, Any]:
    """The hand method's visits served and the verifier's violations on its schedule."""
    from scheduler.verify import verify

    week = hand_week(instance)
    violations = verify(week, instance, partial=True)
    return {
        "served": int(week.kpis.get("visits.served", 0)),
        "violations": len(violations),
        "rules": sorted({v.rule for v in violations}),
    }


class HandRecreation:
    """The optimizer's recreation groups re-placed by hand: each day, pods in id order (the same
    every day), a pod's groups in number order, each at the earliest grid start clear of the
    routine and its members' busy time (visits, appointments, hour-outs), in the first area
    that holds it and is open and idle, with an officer free then. What finds no start is unmet."""

    def __init__(self, ctx: Context, optimizer: list[tuple[dt.date, RecreationSession]]) -> None:
        self.ctx = ctx
        self.length = ctx.instance.facility.recreation.session_minutes
        self.placed: dict[dt.date, list[RecreationSession]] = defaultdict(list)
        self.unmet = []
        for day, e in sorted(optimizer, key=lambda x: (x[0], x[1].pod, x[1].group)):
            self._place(day, e)

    def _place(self, day: dt.date, e: RecreationSession) -> None:
        """The earliest start (and area, officer) for one group, else an unmet entry."""
        busy = [span for i in e.inmates for span in self.ctx.spans(i, day)]
        for t in grid_starts(self.ctx.instance, busy):
            spot = self._spot(day, t, len(e.inmates))
            if spot is not None:
                update = {"start": t, "end": t + self.length, "place": spot[0], "officer": spot[1]}
                self.placed[day].append(e.model_copy(update=update))
                return
        session = Session(day, e.pod, e.group - 1, tuple(e.inmates))
        self.unmet.append(recreation_unmet(session, list(e.inmates), "the hand rotation found no start"))

    def _spot(self, day: dt.date, t: int, size: int) -> tuple[str, str] | None:
        """The first area that holds `size`, open and idle from t, and the first officer free then."""
        end = t + self.length
        now = [s for s in self.placed[day] if s.start < end and t < s.end]
        officers = [o for o in self.ctx.free_officers(day, t, end) if o not in {s.officer for s in now}]
        for area in self.ctx.instance.facility.recreation.areas:
            idle = area.id not in {s.place for s in now}
            if officers and area.capacity >= size and idle and area_free(self.ctx.instance, area.id, day, t):
                return area.id, officers[0]
        return None


def _earliest(m: View, state: State, starts: list[int], chunk: list[str]) -> int | None:
    """The earliest of the pod's `starts` where the chunk's razors, an officer and every member
    are free (a sign-up's own starts already avoid their busy time and lack no officer)."""
    common = set.intersection(*(set(m.morning.own.get(i, [])) for i in chunk))
    lo = m.instance.facility.razors.issue_start
    for t in (t for t in starts if t in common):
        if state.starting[t] + 1 > m.morning.able.get(t, 0):
            continue
        officer = all(state.batches[t - lo + d] + 1 <= m.morning.free[t - lo + d] for d in range(m.length))
        if officer and fits(m, state.razors, t, m.inventory - len(chunk) + 1):
            return t
    return None


def _chunks(instance: Instance, signups: list[str], inventory: int) -> list[list[str]]:
    """A pod's sign-ups in list order, cut into batches of at most the inventory; a sign-up
    kept apart from one already in a batch waits for the next."""
    out: list[list[str]] = []
    for i in signups:
        apart = instance.keep_apart
        room = [c for c in out if len(c) < inventory and all(frozenset((i, j)) not in apart for j in c)]
        (room[0].append(i) if room else out.append([i]))
    return out


def hand_morning(ctx: Context, morning: Morning) -> Plan:
    """Pod by pod in id order: each batch at the earliest start after the pod's previous batch;
    a batch that finds none is not served (its sign-ups are listed, RAZ-07)."""
    instance = ctx.instance
    rz = instance.facility.razors
    view = View(instance, morning, {}, {})
    state = State([0] * (rz.collect_by - rz.issue_start), [0] * (rz.collect_by - rz.issue_start))
    closed = [c.span for c in instance.facility.closed("razor_issue", morning.date)]
    batches: dict[str, list[tuple[int, list[str]]]] = {}
    for pod, signups in sorted(morning.pods.items()):
        free_from = rz.issue_start
        starts = batch_starts(instance, ctx.recreation.get((pod, morning.date), []) + closed)
        for chunk in _chunks(instance, [i for i in signups if morning.own.get(i)], rz.inventory):
            t = _earliest(view, state, [t for t in starts if t >= free_from], chunk)
            if t is None:
                continue
            batches.setdefault(pod, []).append((t, chunk))
            free_from = t + rz.batch_minutes
            state.starting[t] += 1
            mark(view, state.batches, t)
            for _ in chunk:
                mark(view, state.razors, t)
    return Plan(batches)


def solve_razors_by_hand(ctx: Context) -> SubResult:
    """Razors by hand, through the optimizer's own output code (batches, RAZ-07 listings)."""
    result = SubResult(runs=[SolverRun(subproblem="razors hand (pod by pod)", status="FEASIBLE")])
    for morning in mornings(ctx, result):
        plan = hand_morning(ctx, morning)
        razor_events(ctx.instance, morning, plan, result)
        razor_missed(ctx.instance, morning, plan, ctx.settings, result)
    return result


def solve_recreation_by_hand(ctx: Context) -> SubResult:
    """The optimizer's recreation (for its groups), its sessions re-placed by `HandRecreation`."""
    result = solve_recreation(ctx)
    hand = HandRecreation(ctx, [(day, e) for day, events in result.events.items() for e in events])
    result.events = dict(hand.placed)
    result.unmet += hand.unmet
    result.runs.append(SolverRun(subproblem="recreation hand (pods in id order)", status="FEASIBLE"))
    return result


def week_figures(week: WeekSchedule, instance: Instance) -> dict[str, float]:
    """What the baselines compare, from the verifier's figures: REC-05 daylight and fairness,
    recreation sessions and unmet, razors issued and not served, the last razor collected."""
    from scheduler.verify.razors import razor_figures
    from scheduler.verify.recreation import recreation_figures

    events = [e for _, e in week.events()]
    rec = [e for e in events if e.kind == "recreation"]  # type: ignore[union-attr]
    razors = [e for e in events if e.kind == "razor_batch"]  # type: ignore[union-attr]
    out = recreation_figures(week, instance) | razor_figures(week, instance)
    out["recreation sessions"] = float(len(rec))
    out["recreation unmet"] = float(sum(u.kind == "recreation" for u in week.unmet))
    out["razors finish"] = float(max((e.end for e in razors), default=0))
    return out


def _patched(instance: Instance, only: str, **solvers: Any) -> dict[str, Any]:
    """One week with the hand method in some solvers' place: its figures and violations."""
    from scheduler.verify import verify

    with patch.dict(SOLVERS, **solvers):
        week = build_week(instance, SolveSettings(), only=only)
    violations = verify(week, instance, partial=True)
    rules = sorted({v.rule for v in violations})
    return week_figures(week, instance) | {"violations": len(violations), "rules": rules}


def recreation_and_razor_figures(instance: Instance) -> dict[str, dict[str, Any]]:
    """The hand recreation (visits, laundry, hour-outs as solved) and the hand razors (on the
    optimizer's recreation, as the optimizer's razors see it), each verified."""
    return {
        "recreation": _patched(instance, "recreation", recreation=solve_recreation_by_hand),
        "razors": _patched(instance, "razors", razors=solve_razors_by_hand),
    }
