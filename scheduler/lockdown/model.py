"""The hour-out model (DIS-03..07, STF-03): one Boolean per inmate, night and grid start, its
lexicographic levels, and Hall cuts where the officers on duty cannot all be matched."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.engine.baseline import Baseline
from scheduler.engine.lexicographic import Assuming, Levels
from scheduler.engine.officers import hall_set
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings
from scheduler.lockdown.nights import Night


@dataclass
class HourOutModel:
    """Variables of the week's hour-outs; `x[(inmate, date)][k]` is "out at start k"."""

    nights: list[Night]
    minutes: int = 60
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, dt.date], list[cp_model.IntVar]] = field(default_factory=dict)
    latest: dict[dt.date, cp_model.IntVar] = field(default_factory=dict)
    last: dict[tuple[str, dt.date], cp_model.IntVar] = field(default_factory=dict)

    def build(self) -> None:
        for n in self.nights:
            for pod, ids in n.pods.items():
                for iid in ids:
                    lits = [self.model.new_bool_var(f"{iid} out {n.date} at {t}") for t in n.starts]
                    self.x[(iid, n.date)] = lits
                    self.model.add_at_most_one(lits).with_name(f"DIS-03 one hour out {iid} {n.date}")
                    for k, lit in enumerate(lits):
                        if k not in n.open[iid]:
                            self.model.add(lit == 0).with_name(f"DAY-07 {iid} busy {n.date} {k}")
                for k, tau in enumerate(n.starts):
                    live = [q for q, t in enumerate(n.starts) if t <= tau < t + self.minutes]
                    self.model.add_at_most_one(self.x[(i, n.date)][q] for i in ids for q in live).with_name(
                        f"DIS-04 pod {pod} one out {n.date} {k}"
                    )
            self._officers(n)
            self._latest(n)
            self._last_of_pod(n)

    def _officers(self, n: Night) -> None:
        """DIS-06: at each start, at most as many out as officers on duty and still free."""
        ids = [i for pod in n.pods.values() for i in pod]
        for k, free in enumerate(n.free):
            self.model.add(sum(self.x[(i, n.date)][k] for i in ids) <= max(0, free)).with_name(
                f"DIS-06 officers {n.date} {k}"
            )
            live = [q for q, t in enumerate(n.starts) if t <= n.starts[k] < t + self.minutes]
            if len(live) > 1:
                self.model.add(
                    sum(self.x[(i, n.date)][q] for i in ids for q in live) <= max(0, n.on_shift[n.starts[k]])
                ).with_name(f"DIS-06 officers in progress {n.date} {k}")

    def given(self) -> cp_model.LinearExprT:
        """The hour-outs given (level 0)."""
        return sum(lit for lits in self.x.values() for lit in lits)

    def _latest(self, n: Night) -> None:
        """DIS-07: the night's latest start index."""
        latest = self.model.new_int_var(0, len(n.starts) - 1, f"latest {n.date}")
        for pod in n.pods.values():
            for i in pod:
                for k, lit in enumerate(self.x[(i, n.date)]):
                    if k:
                        self.model.add(latest >= k).only_enforce_if(lit)
        self.latest[n.date] = latest

    def _last_of_pod(self, n: Night) -> None:
        """DIS-07: whether an inmate has the last hour-out of their pod that night."""
        for ids in n.pods.values():
            if len(ids) < 2:
                continue
            for i in ids:
                last = self.model.new_bool_var(f"last {i} {n.date}")
                for k, lit in enumerate(self.x[(i, n.date)]):
                    later = [
                        self.x[(j, n.date)][q] for j in ids if j != i for q in range(k + 1, len(n.starts))
                    ]
                    self.model.add(last >= lit - sum(later))
                self.last[(i, n.date)] = last

    def starts_of(self, solver: cp_model.CpSolver) -> Starts:
        """The chosen start index of every hour-out given."""
        out = {}
        for key, lits in self.x.items():
            k = next((k for k, lit in enumerate(lits) if solver.boolean_value(lit)), None)
            if k is not None:
                out[key] = k
        return out


Cut = tuple[tuple[str, ...], dt.date, int, int]
"""Hall cut: at most `limit` of these inmates out at start k of that night (STF-03)."""


Starts = dict[tuple[str, dt.date], int]
"""The chosen start index of each (inmate, night)."""


def keep_published(m: HourOutModel, baseline: Baseline) -> list[cp_model.IntVar]:
    """A repair's hold on the published hour-outs: those started before `now` stay (REP-01),
    nothing new starts before it, and the literals of the others' published starts are
    returned (REP-03: each one not kept is a change)."""
    published = {(e.inmates[0], day): e.start for day, e in baseline.events("hour_out")}
    keep = []
    for (i, day), lits in sorted(m.x.items()):
        n = next(n for n in m.nights if n.date == day)
        mine = published.get((i, day))
        for k, lit in enumerate(lits):
            if n.starts[k] == mine:
                if baseline.started(day, mine):
                    m.model.add(lit == 1).with_name(f"REP-01 {i} {day} out as published")
                else:
                    keep.append(lit)
            elif baseline.started(day, n.starts[k]):
                m.model.add(lit == 0).with_name(f"REP-01 {i} {day} nothing new before now")
    return keep


def solve_levels(
    m: HourOutModel,
    settings: SolveSettings,
    result: SubResult,
    keep: list[cp_model.IntVar] | None = None,
    carried: dict[str, int] | None = None,
) -> Starts:
    """Level 0 gives the most hour-outs; a repair then keeps the most published ones (REP-03);
    level 1 minimises the nights' latest ends; level 2, with that fixed, the most nights
    one inmate is last out in their pod, counting the nights of a lockdown that began last
    week (`carried`, CON-01: the last slot keeps rotating across the boundary)."""
    carried = carried or {}
    levels = Levels(m.model, settings, "lockdown", [lit for lits in m.x.values() for lit in lits])
    hint = {lit: 1 for lit in keep or []}
    if levels.level("L0 hour-outs given", m.given(), maximize=True, rule="DIS-03", hint=hint or None):
        if keep is not None:
            levels.level("R3 hour-outs moved", len(keep) - sum(keep), rule="REP-03")
        everyone = round(levels.solver.objective_value) == sum(
            len(ids) for n in m.nights for ids in n.pods.values()
        )
        first = _at_the_floor(m, settings) if everyone else None
        levels.level("L1 latest end", sum(m.latest.values()), rule="DIS-07", assuming=first)
        if m.last:
            worst = m.model.new_int_var(
                0, len(m.nights) + max(carried.values(), default=0), "most nights last"
            )
            per_inmate: dict[str, list[cp_model.IntVar]] = defaultdict(list)
            for (i, _), lit in sorted(m.last.items()):
                per_inmate[i].append(lit)
            for i, lits in per_inmate.items():
                m.model.add(worst >= carried.get(i, 0) + sum(lits)).with_name("DIS-07 rotation")
            levels.level("L2 rotation", worst, rule="DIS-07")
    result.runs += levels.runs
    return m.starts_of(levels.solver) if levels.solver is not None else {}


def _at_the_floor(m: HourOutModel, settings: SolveSettings) -> Assuming:
    """Level 1's first try (when every hour-out is given): each night ends at its floor, the
    start of its largest pod's last hour-out when they go one after another from lights
    out (DIS-04, one out at a time). A bound for every schedule, so a schedule meeting it
    is optimal, and the search for one is a well-propagated feasibility search."""
    literals = []
    for n in m.nights:
        starts: list[int] = []
        for t in n.starts:
            if not starts or t >= starts[-1] + m.minutes:
                starts.append(t)
        most = max(len(ids) for ids in n.pods.values())
        floor = n.starts.index(starts[min(most, len(starts)) - 1])
        reach = m.model.new_bool_var(f"night {n.date} ends at its floor")
        m.model.add(m.latest[n.date] <= floor).only_enforce_if(reach).with_name(f"DIS-07 floor {n.date}")
        literals.append(reach)
    return Assuming(literals, settings.time_limit / 4)


def officer_cuts(m: HourOutModel, starts: Starts, barred: set[tuple[str, str]]) -> list[Cut]:
    """A Hall cut for every start whose hour-outs cannot all get an eligible officer."""
    cuts: list[Cut] = []
    for n in m.nights:
        for k, officers in enumerate(n.officers):
            out = sorted(i for pod in n.pods.values() for i in pod if starts.get((i, n.date)) == k)
            tight = hall_set(out, officers, barred)
            if tight:
                free = {o for o in officers if any((o, i) not in barred for i in tight)}
                cuts.append((tuple(tight), n.date, k, len(free)))
    return cuts
