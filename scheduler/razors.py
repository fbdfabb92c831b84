"""Razor issue (RAZ-01..07): each issue morning, batches of one pod each, every razor back
by the collection deadline.

`build -> solve -> events`, one model per issue day. A batch is an optional interval of
fixed length (issue, shave, collect) whose start avoids counts, meals, med passes and the
pod's recreation sessions (RAZ-04, RAZ-06; recreation is fixed input). Razors out at once
stay within the inventory (a cumulative whose demands are the batches' razor counts,
RAZ-03); batches at once stay within the officers on duty (a cumulative of unit demands,
RAZ-02); batches of one pod never overlap (one space, SEP-01) and keep-separate pairs are
never in one batch. Officers are identical except for declared relationships, so they are
matched to batches afterwards (STF-03, least-loaded first, STF-04).

Objective, lexicographic: (1) the most sign-ups served, ties going to the earlier places
on the list (RAZ-07); (2) the fewest batches; (3) the earliest finish. Each pod gets as many
candidate batches as its razors and keep-separate pairs need; only when some sign-up is
not served is the day solved again with a batch per possible slot, so the cap never costs
a sign-up (it could, in principle, cost a batch: see `_batch_caps`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.common import format_clock, weekday_of
from models.facility import Razors
from models.instance import Instance
from models.schedule import Exclusion, Notice, RazorBatch, SolverRun, Unmet
from scheduler.context import Context
from scheduler.lexicographic import Levels
from scheduler.officers import barred, on_duty
from scheduler.result import SubResult
from scheduler.routine import clear_starts
from scheduler.solving import SolveSettings, decided, figures, solved, stopped_early, time_limit_advice


@dataclass
class Morning:
    """One issue morning: each pod's eligible sign-ups in list order, its allowed batch
    starts, each sign-up's starts clear of their own busy time (DAY-07), the officers on
    duty for the whole issue window, and the officers still free at each minute."""

    date: dt.date
    order: list[str]
    pods: dict[str, list[str]]
    starts: dict[str, list[int]]
    officers: list[str]
    slots: int
    """The most batches one after another in the window (razor-minutes available, RAZ-07)."""
    own: dict[str, list[int]] = field(default_factory=dict)
    able: dict[int, int] = field(default_factory=dict)
    """Officers free for the whole of a batch starting at each minute (STF-02)."""
    aligned: dict[str, list[int]] = field(default_factory=dict)
    """Starts left-shifted against the pods' blocks and the officers only (no sign-up's busy
    time): the grid the finish level tries first."""
    free: list[int] = field(default_factory=list)
    """Officers free at each minute from the issue start to the collection deadline."""


def solve_razors(ctx: Context) -> SubResult:
    """The week's razor batches (their officers come from the week's officer matcher)."""
    instance, settings, result = ctx.instance, ctx.settings, SubResult()
    for morning in mornings(ctx, result):
        if not morning.pods:
            continue
        plan = _solve_morning(instance, morning, settings, result)
        _events(instance, morning, plan, result)
        _missed(instance, morning, plan, settings, result)
    batches = [b for day in result.events.values() for b in day]
    result.kpis["razors.batches"] = float(len(batches))
    result.kpis["razors.served"] = float(sum(b.razors for b in batches))
    result.kpis["razors.unserved"] = float(sum(x.rule == "RAZ-07" for x in result.exclusions))
    return result


def mornings(ctx: Context, result: SubResult) -> list[Morning]:
    """Each issue day's eligible sign-ups (RAZ-01, RAZ-05), listing the excluded ones."""
    instance, recreation = ctx.instance, ctx.recreation
    rz = instance.facility.razors
    lists: dict[dt.date, list[str]] = {}
    for s in sorted(instance.razor_signups, key=lambda s: (s.list_date, s.position)):
        lists.setdefault(s.list_date + dt.timedelta(days=1), []).append(s.inmate_id)
    out = []
    for day, names in sorted(lists.items()):
        if day not in instance.dates:
            continue
        pods: dict[str, list[str]] = {}
        order = []
        for iid in names:
            reason = _restriction(instance, iid, day)
            if reason:
                result.exclusions.append(
                    Exclusion(inmate_id=iid, activity="razor", date=day, rule="RAZ-05", reason=reason)
                )
            else:
                pods.setdefault(instance.inmates[iid].pod, []).append(iid)
                order.append(iid)
        closed = [c.span for c in instance.facility.closed("razor_issue", day)]
        able = _able(ctx, day, batch_starts(instance, closed))
        allowed = {
            pod: [t for t in batch_starts(instance, recreation.get((pod, day), []) + closed) if able[t]]
            for pod in pods
        }
        no = barred(instance)
        own = {
            i: [
                t
                for t in batch_starts(instance, ctx.spans(i, day) + closed)
                if any((o, i) not in no for o in able[t])
            ]
            for i in order
        }
        officers = on_duty(instance, day, rz.issue_start, rz.collect_by)
        free = [ctx.officers_free(day, t, t + 1) for t in range(rz.issue_start, rz.collect_by)]
        changes = [rz.issue_start + k for k in range(1, len(free)) if free[k] > free[k - 1]]
        starts = _left_shifted(allowed, rz, [b for i in order for _, b in ctx.spans(i, day)] + changes)
        slots = _slots(instance, batch_starts(instance, closed))
        aligned = _left_shifted(allowed, rz, changes)
        out.append(
            Morning(
                day,
                order,
                pods,
                starts,
                officers,
                slots,
                own=own,
                free=free,
                aligned=aligned,
                able={t: len(v) for t, v in able.items()},
            )
        )
    return out


def _restriction(instance: Instance, iid: str, day: dt.date) -> str:
    """Why an inmate gets no razor that day (RAZ-05), or "" when they may have one."""
    if instance.on_lockdown(iid, day):
        return "on disciplinary lockdown"
    sanction = instance.suspended(iid, "razor", day)
    if sanction is not None:
        return f"razor restriction {sanction.id}" + (f": {sanction.reason}" if sanction.reason else "")
    return ""


def _able(ctx: Context, day: dt.date, starts: list[int]) -> dict[int, list[str]]:
    """The officers who could supervise a batch starting at each minute: on shift for all of
    it and supervising nothing else then (a batch across a shift change needs an officer
    whose shift covers both sides)."""
    length = ctx.instance.facility.razors.batch_minutes
    return {t: ctx.free_officers(day, t, t + length) for t in starts}


def batch_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Minutes at which a batch may start: inside the issue window, clear of counts, meals,
    med passes (RAZ-04) and the pod's recreation (RAZ-06)."""
    rz = instance.facility.razors
    span = range(rz.issue_start, rz.collect_by - rz.batch_minutes + 1)
    return clear_starts(instance, span, rz.batch_minutes, busy)


def _left_shifted(starts: dict[str, list[int]], rz: Razors, ends: list[int]) -> dict[str, list[int]]:
    """Only the starts a left-shifted schedule uses: an allowed minute that follows a
    forbidden one (an anchor, of any pod), the end of a sign-up's busy span (`ends`), or a
    minute where the officers free change, plus whole batch lengths. Every schedule can be
    shifted left, batch by batch in start order, until each batch starts at an anchor or
    where another batch ends, without a later finish, more batches or fewer served; so
    the levels keep their optima and the model gets a few starts instead of every minute."""
    anchors = {t for allowed in starts.values() for t in allowed if t - 1 not in allowed}
    anchors |= {t for t in ends if rz.issue_start <= t < rz.collect_by}
    chained = {
        a + k * rz.batch_minutes for a in anchors for k in range((rz.collect_by - a) // rz.batch_minutes + 1)
    }
    return {pod: [t for t in allowed if t in chained] for pod, allowed in starts.items()}


def _slots(instance: Instance, starts: list[int]) -> int:
    """The most batches that fit one after another (earliest start first)."""
    count, free = 0, -1
    for t in starts:
        if t >= free:
            count, free = count + 1, t + instance.facility.razors.batch_minutes
    return count


@dataclass
class _Plan:
    """A morning's solution: per pod, each batch's start and inmates."""

    batches: dict[str, list[tuple[int, list[str]]]]
    stopped: SolverRun | None = None
    """The most-served solve when it stopped on the time limit: no sign-up is proven left out."""
    unsure: dict[str, SolverRun] = field(default_factory=dict)
    """Sign-ups whose list-order try stopped on the time limit (not proven unservable)."""


class _Model:
    """One issue morning, time-indexed: a Boolean per (pod batch, start); sign-ups that are
    interchangeable (no busy time of their own, no keep-separate partner) are counted per
    batch and start, the others get a Boolean per batch and start. Batches have one length
    and a few left-shifted starts, so the razors and the officers out at any time are
    knapsack rows over those variables (checked at every start, where the counts change),
    whose LP bound is far tighter than a cumulative with variable demands once sign-ups'
    own busy time (DAY-07) breaks the start grid.

    Counted sign-ups are served in list order within their pod (they differ in nothing
    else), so "sign-up i is served" is "the pod serves at least i's rank of them".
    """

    def __init__(self, instance: Instance, morning: Morning, caps: dict[str, int]) -> None:
        self.instance, self.morning = instance, morning
        self.model = cp_model.CpModel()
        self.length = instance.facility.razors.batch_minutes
        self.at: dict[tuple[str, int, int], cp_model.IntVar] = {}
        """Batch k of the pod starts at t."""
        self.z: dict[tuple[str, int, int], cp_model.IntVar] = {}
        """A sign-up with a Boolean is in batch k (of their pod) starting at t."""
        self.n: dict[tuple[str, int, int], cp_model.IntVar] = {}
        self.members: dict[tuple[str, int, int], list[cp_model.IntVar]] = defaultdict(list)
        """The Booleans of each (pod, batch, start)."""
        """How many of the pod's counted sign-ups are in batch k starting at t."""
        self.plain: dict[str, list[str]] = {}
        """Each pod's counted sign-ups, in list order."""
        self.present: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.counted: dict[str, cp_model.LinearExprT] = {}
        self.own: dict[str, cp_model.LinearExprT] = {}
        self.floor = instance.facility.razors.issue_start
        for pod in sorted(morning.pods):
            self._batches(pod, caps[pod])
        self._inventory()
        self._officers()

    def _batches(self, pod: str, cap: int) -> None:
        """RAZ-02/RAZ-04/RAZ-06 batches of one pod, one after another; SEP-01 keep-separates
        apart; DAY-07 a sign-up only in a batch that starts when they are free."""
        m = self.model
        starts = self.morning.starts[pod]
        inmates = self.morning.pods[pod]
        apart = {i for pair in _apart(self.instance, inmates) for i in pair}
        special = [
            i for i in inmates if i in apart or not set(starts) <= set(self.morning.own.get(i, starts))
        ]
        self.plain[pod] = [i for i in inmates if i not in special]
        for k in range(cap):
            for t in starts:
                self.at[(pod, k, t)] = m.new_bool_var(f"batch {pod} {k} at {t}")
                if self.plain[pod]:
                    count = m.new_int_var(0, len(self.plain[pod]), f"counted in {pod} {k} at {t}")
                    m.add(count <= len(self.plain[pod]) * self.at[(pod, k, t)])
                    self.n[(pod, k, t)] = count
            self.present[(pod, k)] = sum(self.at[(pod, k, t)] for t in starts)
            m.add(self.present[(pod, k)] <= 1).with_name(f"RAZ-02 batch {pod} {k} once")
            for i in special:
                own = set(self.morning.own.get(i, starts))
                for t in starts:
                    if t in own:
                        self.z[(i, k, t)] = m.new_bool_var(f"{i} in {pod} {k} at {t}")
                        m.add_implication(self.z[(i, k, t)], self.at[(pod, k, t)])
                        self.members[(pod, k, t)].append(self.z[(i, k, t)])
            for t in starts:
                m.add(self._razors(pod, k, t) >= self.at[(pod, k, t)]).with_name(
                    f"RAZ-02 batch {pod} {k} issues a razor"
                )
            if k:
                m.add(self.present[(pod, k)] <= self.present[(pod, k - 1)]).with_name(
                    f"RAZ-02 order {pod} {k}"
                )
                m.add(
                    sum(t * self.at[(pod, k - 1, t)] for t in starts) + self.length * self.present[(pod, k)]
                    <= sum(t * self.at[(pod, k, t)] for t in starts)
                    + starts[-1] * (1 - self.present[(pod, k)])
                ).with_name(f"SEP-01 batches of pod {pod} in order")
        for tau in starts:
            live = [self.at[(pod, k, t)] for k in range(cap) for t in starts if t <= tau < t + self.length]
            if len(live) > 1:
                m.add_at_most_one(live).with_name(f"SEP-01 pod {pod} one batch at {tau}")
        self.counted[pod] = sum(v for (p, _, _), v in self.n.items() if p == pod)
        if self.plain[pod]:
            m.add(self.counted[pod] <= len(self.plain[pod])).with_name(f"RAZ-02 one razor each in {pod}")
        for i in special:
            mine = [v for (j, _, _), v in self.z.items() if j == i]
            self.own[i] = sum(mine) if mine else m.new_constant(0)
            if len(mine) > 1:
                m.add(sum(mine) <= 1).with_name(f"RAZ-02 one razor for {i}")
        for a, b in _apart(self.instance, inmates):
            for k in range(cap):
                pair = [v for (j, kk, _), v in self.z.items() if kk == k and j in (a, b)]
                if len(pair) > 1:
                    m.add_at_most_one(pair).with_name(f"SEP-01 {a} {b} batch {k}")
        # Implied, for the fewest-batches level: razors per batch, and a pair kept apart.
        held = sum(self.present[(pod, k)] for k in range(cap))
        inventory = self.instance.facility.razors.inventory
        served = self.counted[pod] + sum(self.own[i] for i in special)
        m.add(inventory * held >= served).with_name(f"RAZ-03 batches {pod}")
        for a, b in _apart(self.instance, inmates):
            m.add(held >= self.own[a] + self.own[b]).with_name(f"SEP-01 batches {pod} {a} {b}")

    def _razors(self, pod: str, k: int, t: int) -> cp_model.LinearExprT:
        """Razors issued by batch k of the pod starting at t."""
        return self.n.get((pod, k, t), 0) + sum(self.members.get((pod, k, t), []))

    def everyone_served(self) -> None:
        """With every sign-up served, each pod needs at least its razors over the inventory
        in batches (rounded up): implied, it proves the fewest-batches level at once."""
        inventory = max(1, self.instance.facility.razors.inventory)
        for pod, inmates in self.morning.pods.items():
            held = sum(v for (p, _), v in self.present.items() if p == pod)
            need = -(-len(inmates) // inventory)
            self.model.add(held >= need).with_name(f"RAZ-03 batches for all of {pod}")

    def total(self) -> cp_model.LinearExprT:
        """Sign-ups served (level 1)."""
        return sum(self.counted.values()) + sum(self.own.values())

    def rank(self, i: str) -> tuple[str, int] | None:
        """A counted sign-up's pod and place among the pod's counted sign-ups (from 1)."""
        pod = self.instance.inmates[i].pod
        plain = self.plain.get(pod, [])
        return (pod, plain.index(i) + 1) if i in plain else None

    def is_served(self, solver: cp_model.CpSolver, i: str) -> bool:
        """Whether the solution serves sign-up i."""
        place = self.rank(i)
        if place is None:
            return bool(solver.value(self.own[i]))
        return solver.value(self.counted[place[0]]) >= place[1]

    def fix_served(self, i: str, value: bool, literal: cp_model.IntVar | None = None) -> None:
        """Fix (or, with `literal`, make conditional) whether sign-up i is served (RAZ-07)."""
        place = self.rank(i)
        if place is None:
            expr = self.own[i] == int(value)
        elif value:
            expr = self.counted[place[0]] >= place[1]
        else:
            expr = self.counted[place[0]] <= place[1] - 1
        constraint = self.model.add(expr).with_name(f"RAZ-07 list order {i}")
        if literal is not None:
            constraint.only_enforce_if(literal)

    def _points(self) -> list[int]:
        return sorted({t for (_, _, t) in self.at})

    def _inventory(self) -> None:
        """RAZ-03: razors out at any start never above the inventory."""
        inventory = self.instance.facility.razors.inventory
        for tau in self._points():
            live = [v for (_, _, t), v in self.z.items() if t <= tau < t + self.length]
            live += [v for (_, _, t), v in self.n.items() if t <= tau < t + self.length]
            if live:
                self.model.add(sum(live) <= inventory).with_name(f"RAZ-03 inventory at {tau}")

    def _officers(self) -> None:
        """RAZ-02/STF-02: batches in progress never more than the officers on duty and not
        taken by an earlier session, at every minute (checked where either count changes)."""
        rz = self.instance.facility.razors
        free = self.morning.free
        points = set(self._points())
        points |= {rz.issue_start + k for k in range(1, len(free)) if free[k] < free[k - 1]}
        for t in sorted({t for (_, _, t) in self.at}):
            starting = [v for (_, _, u), v in self.at.items() if u == t]
            if len(starting) > self.morning.able.get(t, len(starting)):
                self.model.add(sum(starting) <= self.morning.able[t]).with_name(f"STF-02 officers for {t}")
        for tau in sorted(points):
            if not 0 <= tau - rz.issue_start < len(free):
                continue
            live = [v for (_, _, t), v in self.at.items() if t <= tau < t + self.length]
            cap = free[tau - rz.issue_start]
            if len(live) > cap:
                self.model.add(sum(live) <= max(0, cap)).with_name(f"RAZ-02 officers at {tau}")

    def end(self, razors: int, batches: int) -> cp_model.IntVar:
        """The latest end of a present batch, at least `_energy_floor` of the levels above."""
        rz = self.instance.facility.razors
        last = self.model.new_int_var(rz.issue_start, rz.collect_by, "latest end")
        for (_, _, t), var in self.at.items():
            self.model.add(last >= (t + self.length) * var)
        self.floor = self._energy_floor(razors, batches)
        self.model.add(last >= self.floor).with_name("RAZ-03 razor-minutes")
        return last

    def _energy_floor(self, razors: int, batches: int) -> int:
        """The earliest end by which `razors` razors and `batches` batches of the batch length
        fit in the minutes a batch can cover, within the inventory and the officer-minutes
        still free then. A valid bound the rows do not give alone."""
        rz = self.instance.facility.razors
        free = self.morning.free
        starts = self._points()
        for end in sorted({t + self.length for t in starts}):
            minutes: set[int] = set()
            for t in (t for t in starts if t + self.length <= end):
                minutes.update(range(t, t + self.length))
            officer_minutes = sum(
                max(0, free[m - rz.issue_start]) for m in minutes if 0 <= m - rz.issue_start < len(free)
            )
            if (
                razors * self.length <= rz.inventory * len(minutes)
                and batches * self.length <= officer_minutes
            ):
                return end
        return rz.issue_start

    def plan(self, solver: cp_model.CpSolver) -> _Plan:
        """The solved batches; counted sign-ups fill their pod's batches in list order, the
        earlier places in the earlier batches."""
        out: dict[str, list[tuple[int, list[str]]]] = {}
        for pod in sorted(self.morning.pods):
            queue = list(self.plain[pod])
            for (p, k, t), var in sorted(self.at.items(), key=lambda kv: (kv[0][2], kv[0][1])):
                if p != pod or not solver.boolean_value(var):
                    continue
                take = solver.value(self.n[(p, k, t)]) if (p, k, t) in self.n else 0
                mine = [
                    i
                    for i in self.morning.pods[pod]
                    if (i, k, t) in self.z and solver.boolean_value(self.z[(i, k, t)])
                ]
                chosen = set(mine) | set(queue[:take])
                queue = queue[take:]
                out.setdefault(pod, []).append((t, [i for i in self.morning.pods[pod] if i in chosen]))
        return _Plan({pod: sorted(bs) for pod, bs in out.items()})

    def hint(self, solver: cp_model.CpSolver) -> None:
        """Warm start the next level from this solution."""
        self.model.clear_hints()
        for var in [*self.at.values(), *self.z.values(), *self.n.values()]:
            self.model.add_hint(var, solver.value(var))


def _apart(instance: Instance, inmates: list[str]) -> list[tuple[str, str]]:
    """Keep-separate pairs among these inmates (SEP-01)."""
    return [
        (a, b)
        for n, a in enumerate(inmates)
        for b in inmates[n + 1 :]
        if frozenset((a, b)) in instance.keep_apart
    ]


def _batch_caps(instance: Instance, morning: Morning, full: bool) -> dict[str, int]:
    """Candidate batches per pod. First try: enough for its razors and for a greedy colouring
    of its keep-separate sign-ups. `full`: one per slot of the window (never binding)."""
    inventory = instance.facility.razors.inventory
    caps = {}
    for pod, inmates in morning.pods.items():
        if full:
            caps[pod] = max(1, min(len(inmates), _slots(instance, morning.starts[pod])))
            continue
        colour: dict[str, int] = {}
        for i in inmates:
            taken = {colour[j] for j in colour if frozenset((i, j)) in instance.keep_apart}
            colour[i] = min(c for c in range(len(inmates)) if c not in taken)
        caps[pod] = max(math.ceil(len(inmates) / max(1, inventory)), max(colour.values()) + 1)
    return caps


def _solve_morning(instance: Instance, morning: Morning, settings: SolveSettings, result: SubResult) -> _Plan:
    """Levels 1-3 on the capped model; again uncapped if a sign-up goes unserved."""
    runs: list[SolverRun] = []
    name = f"razors {morning.date}"
    plan = _levels(_Model(instance, morning, _batch_caps(instance, morning, False)), settings, runs, name)
    if sum(len(inmates) for batches in plan.batches.values() for _, inmates in batches) < len(morning.order):
        runs = []
        plan = _levels(_Model(instance, morning, _batch_caps(instance, morning, True)), settings, runs, name)
    result.runs += runs
    return plan


def _levels(m: _Model, settings: SolveSettings, runs: list[SolverRun], name: str) -> _Plan:
    """(1) most served, then list order; (2) fewest batches; (3) earliest finish, warm-started
    from the level-2 batches packed again as early as they fit (`_repack`)."""
    levels = Levels(m.model, settings, name, [*m.at.values(), *m.z.values(), *m.n.values()])
    if not levels.level("L1 served", m.total(), maximize=True, rule="RAZ-07"):
        runs += levels.runs  # no batch at all is always feasible: only a time limit gets here
        return _Plan({}, stopped=levels.runs[-1])
    first = levels.runs[-1]
    unsure: dict[str, SolverRun] = {}
    best = round(levels.solver.objective_value)  # type: ignore[union-attr]
    if best < len(m.morning.order):
        levels.solver = _list_order(m, levels.solver, settings, unsure)  # type: ignore[arg-type]
    else:
        m.everyone_served()
    fewest = _fewest_already(m, levels, name)
    if fewest is None and levels.level("L2 batches", sum(m.present.values()), rule="RAZ-02"):
        fewest = round(levels.solver.objective_value)  # type: ignore[union-attr]
    if fewest is not None:
        plan = m.plan(levels.solver)  # type: ignore[arg-type]
        _finish(m, levels, m.end(best, fewest), _repack(m, plan))
    runs += levels.runs
    plan = m.plan(levels.solver)  # type: ignore[arg-type]
    plan.stopped = first if stopped_early(first.status) else None
    plan.unsure = unsure
    return plan


def _fewest_already(m: _Model, levels: Levels, name: str) -> int | None:
    """When every sign-up is served and level 1's schedule already has as few batches as
    the pods need (their razors over the inventory, rounded up, and two for a pod with a
    keep-separate pair), level 2 is decided without a solve."""
    if levels.solver is None or round(levels.solver.objective_value) < len(m.morning.order):
        return None
    inventory = max(1, m.instance.facility.razors.inventory)
    need = sum(
        max(-(-len(ids) // inventory), 2 if _apart(m.instance, ids) else 1) for ids in m.morning.pods.values()
    )
    held = sum(levels.solver.value(v) for v in m.at.values())
    if held > need:
        return None
    m.model.add(sum(m.present.values()) <= held).with_name("RAZ-02 L2 batches optimum")
    levels.runs.append(decided(f"{name} L2 batches (level 1 meets the pods' need)", held, need))
    return held


def _finish(m: _Model, levels: Levels, end: cp_model.IntVar, hint: dict[cp_model.IntVar, int]) -> None:
    """Level 3. Sign-ups' busy time adds starts off the pods' grid, which makes packing
    batches harder to search; so the grid alone is tried first. When it meets the
    razor-minute floor (a bound for every start), that is the optimum and the level ends;
    otherwise its schedule warm-starts the level on every start."""
    off_grid = [v for (pod, _, t), v in m.at.items() if t not in m.morning.aligned.get(pod, [])]
    if off_grid:
        m.model.add_assumptions([v.Not() for v in off_grid])
        found = levels.level("L3 finish (pods' grid)", end, rule="RAZ-03", fix=False, hint=hint)
        m.model.clear_assumptions()
        run = levels.runs[-1]
        if found and run.objective is not None and round(run.objective) <= m.floor:
            run.subproblem = f"{levels.name} L3 finish (meets the razor-minute floor on the pods' grid)"
            run.status, run.bound, run.gap = "OPTIMAL", float(m.floor), 0.0
            return
        if found:  # the grid's schedule is the first solution of the full level
            grid = levels.solver
            hint = {var: grid.value(var) for var in levels.hinted} | {end: grid.value(end)}  # type: ignore[union-attr]
            levels.hinted = [*levels.hinted, end]
    levels.level("L3 finish", end, rule="RAZ-03", hint=hint or None)


def _repack(m: _Model, plan: _Plan) -> dict[cp_model.IntVar, int]:
    """The same batches (pods, members) placed again, largest first, each at the earliest
    start its members, its pod's other batches, the razors and the officers allow: a first
    solution for the finish level that often meets its floor outright."""
    rz = m.instance.facility.razors
    razors: dict[int, int] = defaultdict(int)
    batches: dict[int, int] = defaultdict(int)
    pod_busy: dict[str, list[int]] = defaultdict(list)
    chosen: dict[tuple[str, int], int] = {}
    items = [(pod, k, inmates) for pod, bs in plan.batches.items() for k, (_, inmates) in enumerate(bs)]
    for pod, k, inmates in sorted(items, key=lambda x: (-len(x[2]), x[0], x[1])):
        allowed = [
            t
            for t in m.morning.starts[pod]
            if all((i, k, t) in m.z or m.rank(i) is not None for i in inmates)
        ]
        for t in allowed:
            span = range(t, t + m.length)
            points = [p for p in m._points() if p in span] + [t]
            free = m.morning.free
            if any(abs(p - q) < m.length for q in pod_busy[pod] for p in (t,)):
                continue
            if any(razors[p] + len(inmates) > rz.inventory for p in points):
                continue
            if any(
                batches[p] + 1 > free[p - rz.issue_start]
                for p in points
                if 0 <= p - rz.issue_start < len(free)
            ):
                continue
            for p in m._points():
                if p in span:
                    razors[p] += len(inmates)
                    batches[p] += 1
            pod_busy[pod].append(t)
            chosen[(pod, k)] = t
            break
    if len(chosen) < len(items):
        return {}
    hint: dict[cp_model.IntVar, int] = {var: 0 for var in [*m.at.values(), *m.z.values(), *m.n.values()]}
    by_pod: dict[str, list[tuple[int, int, list[str]]]] = defaultdict(list)
    for pod, k, inmates in items:
        by_pod[pod].append((chosen[(pod, k)], k, inmates))
    for pod, placed in by_pod.items():
        for slot, (t, _, inmates) in enumerate(sorted(placed)):  # batch k of a pod: its k-th in time
            hint[m.at[(pod, slot, t)]] = 1
            for i in inmates:
                if m.rank(i) is None:
                    hint[m.z[(i, slot, t)]] = 1
                else:
                    hint[m.n[(pod, slot, t)]] += 1
    return hint


def _list_order(
    m: _Model, solver: cp_model.CpSolver, settings: SolveSettings, unsure: dict[str, SolverRun]
) -> cp_model.CpSolver:
    """RAZ-07: with the most served fixed, each sign-up in list order is served if any
    optimal schedule can still serve it, given the fixes before it (exact lexicographic).
    A try that stops on the time limit leaves its sign-up out unproven: it goes to `unsure`."""
    for i in m.morning.order:
        if m.is_served(solver, i):
            m.fix_served(i, True)
            continue
        m.hint(solver)
        attempt = m.model.new_bool_var(f"serve {i}")
        m.fix_served(i, True, literal=attempt)
        m.model.add_assumptions([attempt])
        trial = settings.solver()
        status = trial.solve(m.model)
        m.model.clear_assumptions()
        if solved(status):
            solver = trial
        elif stopped_early(trial.status_name(status)):
            unsure[i] = figures(f"razors {m.morning.date} L1 list order {i}", trial, status, False)
        m.model.add(attempt == int(solved(status))).with_name(f"RAZ-07 list order {i}")
        m.fix_served(i, solved(status))
    return solver


def _events(instance: Instance, morning: Morning, plan: _Plan, result: SubResult) -> None:
    """Batch events with their officers; RAZ-07 exclusions and the razor-minutes notice."""
    rz = instance.facility.razors
    batches = sorted(
        (t, pod, k, inmates) for pod, bs in plan.batches.items() for k, (t, inmates) in enumerate(bs)
    )
    events = []
    for t, pod, k, inmates in batches:
        events.append(
            RazorBatch(
                kind="razor_batch",
                id=f"razors:{morning.date}:{pod}:{k + 1}",
                start=t,
                end=t + rz.batch_minutes,
                place=f"pod {pod}",
                inmates=inmates,
                pod=pod,
                razors=len(inmates),
            )
        )
    result.add(morning.date, events)


def _missed(
    instance: Instance, morning: Morning, plan: _Plan, settings: SolveSettings, result: SubResult
) -> None:
    """RAZ-07 exclusions, unmet entries and the notice for the sign-ups left out. A sign-up is
    reported short of razors or officers only when the solve proved it; one left out by a
    solve that stopped on the time limit says so, with the time used versus the limit."""
    served = {i for bs in plan.batches.values() for _, inmates in bs for i in inmates}
    missed = [i for i in morning.order if i not in served]
    if not missed:
        return
    figures_ = _razor_minutes(instance, morning)
    for i in missed:
        why, fix = _why_missed(instance, morning, plan, i, settings, figures_)
        reason = "not served: " + why
        result.exclusions.append(
            Exclusion(inmate_id=i, activity="razor", date=morning.date, rule="RAZ-07", reason=reason)
        )
        result.unmet.append(
            Unmet(
                rule="CAL-01" if reason.endswith("(CAL-01)") else "RAZ-07",
                kind="razor",
                subject=f"razor:{morning.date}:{i}",
                date=morning.date,
                hard=False,
                inmates=[i],
                reason=reason,
                needed=f"{len(morning.order)} sign-ups",
                available=f"{len(morning.order) - len(missed)} served",
                fix=fix,
            )
        )
    result.notices.append(_missed_notice(morning, missed, plan, figures_, settings))


def _why_missed(
    instance: Instance, morning: Morning, plan: _Plan, i: str, settings: SolveSettings, figures_: str
) -> tuple[str, str]:
    """Why a sign-up is left out and what would fix it: the sign-up's own busy time or a
    closure, else the time limit when the solve stopped on it, else the razor-minutes."""
    own = _own_reason(instance, morning, i)
    if own:
        return own, "move the inmate's visit or appointment"
    run = plan.stopped or plan.unsure.get(i)
    if run is not None:
        used = f"the solve used {run.seconds:g} s of {settings.time_limit:g} s"
        return time_limit_advice(run, settings.time_limit), f"raise --time-limit ({used})"
    return figures_, "more razors, a longer issue window, or another officer"


def _missed_notice(
    morning: Morning, missed: list[str], plan: _Plan, figures_: str, settings: SolveSettings
) -> Notice:
    """RAZ-07: the morning's sign-ups left out and why: the razor-minutes when proven, the
    time limit when the solve stopped on it."""
    run = plan.stopped or next((plan.unsure[i] for i in missed if i in plan.unsure), None)
    why = figures_ if run is None else time_limit_advice(run, settings.time_limit)
    return Notice(
        rule="RAZ-07",
        subject=f"razors {morning.date}",
        text=f"{len(missed)} of {len(morning.order)} razor sign-ups not served ({', '.join(missed)}): {why}",
    )


def _own_reason(instance: Instance, morning: Morning, i: str) -> str:
    """When a closure of the razor issue (CAL-01) or the sign-up's own busy time (DAY-07)
    leaves no batch start, say so, else ""."""
    shut = instance.facility.closed("razor_issue", morning.date)
    if shut and not any(morning.starts.values()):
        return "razor issue closed: " + "; ".join(c.reason for c in shut) + " (CAL-01)"
    pod = instance.inmates[i].pod
    if set(morning.own.get(i, [])) & set(morning.starts.get(pod, [])):
        return ""
    return (
        f"inmate {i} is busy (a visit or an appointment) at every time a batch of pod {pod} can start "
        f"between {format_clock(instance.facility.razors.issue_start)} and "
        f"{format_clock(instance.facility.razors.collect_by)} (DAY-07)"
    )


def _razor_minutes(instance: Instance, morning: Morning) -> str:
    """RAZ-07: razor-minutes needed versus available that morning, in words; when they would
    do, the batches each pod can have are what is short, so those are given too."""
    rz = instance.facility.razors
    needed = len(morning.order) * rz.batch_minutes
    available = rz.inventory * morning.slots * rz.batch_minutes
    officers = f"{len(morning.officers)} officer(s) on duty" + (
        f" ({', '.join(morning.officers)})" if morning.officers else ""
    )
    text = (
        f"{weekday_of(morning.date).capitalize()} {morning.date}: {len(morning.order)} sign-ups need "
        f"{needed:,} razor-minutes ({rz.batch_minutes} min each); {rz.inventory} razors x {morning.slots} "
        f"batches of {rz.batch_minutes} min between {format_clock(rz.issue_start)} and "
        f"{format_clock(rz.collect_by)} give {available:,}, with {officers}"
    )
    if needed > available:
        return text
    pods = "; ".join(
        f"pod {pod}: {len(ids)} sign-up(s), room for {_slots(instance, morning.starts.get(pod, []))} "
        f"batch(es) of at most {rz.inventory}"
        for pod, ids in sorted(morning.pods.items())
    )
    return (
        f"{text}; the razor-minutes would do, so the batches the pods can have (clear of their "
        f"recreation, counts, meals and med passes, one free officer each) are short: {pods}"
    )
