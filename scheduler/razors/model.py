"""The time-indexed CP-SAT model of one razor issue morning (RAZ-02..06, DAY-07, SEP-01).

Sign-ups are grouped into units of interchangeable sign-ups (`Unit`): a unit is served in
list order, so the model only counts how many of it a batch takes, and "sign-up i is
served" is "its unit serves at least i's rank". That is what lets list order (RAZ-07) be
decided per unit instead of per sign-up (`scheduler/razors/order.py`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.engine.lexicographic import Assigned

Key = tuple[str, int, int]
"""(pod or unit, batch index within the pod, start minute)."""


@dataclass(frozen=True)
class Hall:
    """Sign-ups whose batch, at some of its starts, only officers of `officers` may
    supervise (the officers free then less their related ones, STF-03): batches of
    different pods holding them at one time need as many of these officers (Hall's
    condition), which the count of officers free cannot see."""

    officers: frozenset[str]
    starts: dict[str, frozenset[int]]
    """Each such sign-up and the starts at which its batch needs one of `officers`."""


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
    grid: list[int] = field(default_factory=list)
    """The most batches one after another, earliest first (`chain`): `slots` starts."""
    related: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    """For a sign-up whose clear starts each have only related officers free (STF-03): at
    each such start, those officers; the cause named when the sign-up is left out."""
    apart: frozenset[frozenset[str]] = frozenset()
    """Pairs never in one batch: keep-separate pairs (SEP-01), and two sign-ups whose
    declared relationships together bar every officer free at a start both may use (STF-03:
    one officer supervises a batch)."""
    halls: tuple[Hall, ...] = ()
    """Sets of officers fewer than the pods whose batches may need only them at once."""

    def short_handed(self, length: int, batches: dict[str, list[tuple[int, list[str]]]]) -> bool:
        """Whether at some start more pods' batches are in progress needing only one set of
        officers (`halls`) than it holds: some batch would go unstaffed (STF-01, STF-03)."""
        for hall in self.halls:
            needing = [
                (t, pod)
                for pod, held in batches.items()
                for t, inmates in held
                if any(t in hall.starts.get(i, ()) for i in inmates)
            ]
            for tau, _ in needing:
                pods = {pod for t, pod in needing if t <= tau < t + length}
                if len(pods) > len(hall.officers):
                    return True
        return False


@dataclass
class Plan:
    """A morning's solution: per pod, each batch's start and inmates."""

    batches: dict[str, list[tuple[int, list[str]]]]
    stopped: SolverRun | None = None
    """The most-served solve when it stopped on the time limit: no sign-up is proven left out."""
    unsure: dict[str, SolverRun] = field(default_factory=dict)
    """Sign-ups left out by a list-order round that stopped on the time limit (not proven)."""

    def served(self) -> int:
        """Sign-ups issued a razor."""
        return sum(len(inmates) for batches in self.batches.values() for _, inmates in batches)


@dataclass
class Unit:
    """Sign-ups of one pod that differ in nothing but their places on the list: the same
    batch starts (their own busy time, DAY-07, and officers without a relationship,
    STF-03) and no keep-separate partner (SEP-01). Any schedule can swap two of them, so
    an optimal one serves a unit's first members (RAZ-07) and the model counts them. A
    sign-up with a keep-separate partner is a unit of its own (`single`), with a Boolean
    per batch and start so that the pair can be kept apart; so is one in a `Hall`."""

    key: str
    pod: str
    members: list[str]
    starts: list[int]
    single: bool


def chain(length: int, starts: list[int]) -> list[int]:
    """The starts of the most batches of `length` one after another (earliest first)."""
    out: list[int] = []
    for t in starts:
        if not out or t >= out[-1] + length:
            out.append(t)
    return out


def slots(length: int, starts: list[int]) -> int:
    """The most batches of `length` that fit one after another."""
    return len(chain(length, starts))


def apart(morning: Morning, inmates: list[str]) -> list[tuple[str, str]]:
    """Pairs among these inmates never in one batch (`Morning.apart`)."""
    return [
        (a, b) for n, a in enumerate(inmates) for b in inmates[n + 1 :] if frozenset((a, b)) in morning.apart
    ]


def units(instance: Instance, morning: Morning) -> list[Unit]:
    """The morning's units, pod by pod, each in the order of its first member on the list."""
    place = {i: n for n, i in enumerate(morning.order)}
    out = []
    for pod in sorted(morning.pods):
        inmates, starts = morning.pods[pod], morning.starts[pod]
        paired = {i for pair in apart(morning, inmates) for i in pair}
        paired |= {i for hall in morning.halls for i in hall.starts if i in inmates}
        groups: dict[tuple[int, ...], list[str]] = {}
        for i in inmates:
            own = set(morning.own.get(i, starts))
            grid = tuple(t for t in starts if t in own)
            if i in paired:
                out.append(Unit(f"{pod}:{i}", pod, [i], list(grid), True))
            else:
                groups.setdefault(grid, []).append(i)
        ranked = sorted(groups.items(), key=lambda kv: place[kv[1][0]])
        out += [Unit(f"{pod}#{n}", pod, ids, list(grid), False) for n, (grid, ids) in enumerate(ranked)]
    return out


class RazorModel:
    """One issue morning, time-indexed: a Boolean per (pod batch, start) and, per unit, the
    number of its sign-ups in each batch and start (a Boolean for a single). Batches have
    one length and a few left-shifted starts, so the razors and the officers out at any
    time are knapsack rows over those variables (checked at every start, where the counts
    change), whose LP bound is far tighter than a cumulative with variable demands."""

    def __init__(self, instance: Instance, morning: Morning, caps: dict[str, int]) -> None:
        self.instance, self.morning, self.caps = instance, morning, caps
        self.model = cp_model.CpModel()
        rz = instance.facility.razors
        self.length, self.inventory, self.floor = rz.batch_minutes, rz.inventory, rz.issue_start
        self.units = units(instance, morning)
        self.of_pod: dict[str, list[Unit]] = defaultdict(list)
        for u in self.units:
            self.of_pod[u.pod].append(u)
        self.place = {i: (u, r) for u in self.units for r, i in enumerate(u.members, start=1)}
        """Each sign-up's unit and rank in it (from 1)."""
        self.at: dict[Key, cp_model.IntVar] = {}
        """Batch k of the pod starts at t."""
        self.take: dict[Key, cp_model.IntVar] = {}
        """How many of the unit's sign-ups batch k of its pod takes, starting at t."""
        self.present: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.served: dict[str, cp_model.LinearExprT] = {}
        """Each unit's sign-ups served: its first ones on the list."""
        self.unit_vars: dict[str, list[cp_model.IntVar]] = {}
        """The variables whose sum is `served` (read from a solution one by one)."""
        self.points = sorted({t for pod in morning.pods for t in morning.starts[pod]})
        for pod in sorted(morning.pods):
            self._batches(pod, caps[pod])
        self._inventory()
        self._officers()
        self._halls()
        self._razor_minutes()

    def variables(self) -> list[cp_model.IntVar]:
        """Every decision variable, for hints."""
        return [*self.at.values(), *self.take.values()]

    def _batches(self, pod: str, cap: int) -> None:
        """RAZ-02/RAZ-04/RAZ-06 batches of one pod, one after another; its units' sign-ups in
        them (DAY-07: only at their own starts)."""
        m, starts = self.model, self.morning.starts[pod]
        mine = self.of_pod[pod]
        for k in range(cap):
            for t in starts:
                self.at[(pod, k, t)] = m.new_bool_var(f"batch {pod} {k} at {t}")
            self.present[(pod, k)] = sum(self.at[(pod, k, t)] for t in starts)
            m.add(self.present[(pod, k)] <= 1).with_name(f"RAZ-02 batch {pod} {k} once")
            for u in mine:
                self._takes(u, k)
            for t in starts:
                issued = sum(self.take[(u.key, k, t)] for u in mine if (u.key, k, t) in self.take)
                m.add(issued >= self.at[(pod, k, t)]).with_name(f"RAZ-02 batch {pod} {k} issues a razor")
            if k:
                self._after(pod, k, starts)
        for tau in starts:
            live = [self.at[(pod, k, t)] for k in range(cap) for t in starts if t <= tau < t + self.length]
            if len(live) > 1:
                m.add_at_most_one(live).with_name(f"SEP-01 pod {pod} one batch at {tau}")
        for u in mine:
            self._served(u, cap)
        self._implied(pod, mine, cap)

    def _takes(self, u: Unit, k: int) -> None:
        """A unit's sign-ups in batch k at each of its starts, only when the batch is there."""
        size = min(len(u.members), max(1, self.inventory))
        for t in u.starts:
            at = self.at[(u.pod, k, t)]
            if u.single:
                var = self.model.new_bool_var(f"{u.members[0]} in {u.pod} {k} at {t}")
                self.model.add_implication(var, at)
            else:
                var = self.model.new_int_var(0, size, f"unit {u.key} in {u.pod} {k} at {t}")
                self.model.add(var <= size * at).with_name(f"RAZ-03 unit {u.key} batch {k} at {t}")
            self.take[(u.key, k, t)] = var

    def _after(self, pod: str, k: int, starts: list[int]) -> None:
        """Batch k of a pod exists only after batch k-1, and starts after it ends (SEP-01)."""
        m = self.model
        m.add(self.present[(pod, k)] <= self.present[(pod, k - 1)]).with_name(f"RAZ-02 order {pod} {k}")
        m.add(
            sum(t * self.at[(pod, k - 1, t)] for t in starts) + self.length * self.present[(pod, k)]
            <= sum(t * self.at[(pod, k, t)] for t in starts) + starts[-1] * (1 - self.present[(pod, k)])
        ).with_name(f"SEP-01 batches of pod {pod} in order")

    def _served(self, u: Unit, cap: int) -> None:
        """A unit serves at most its members, one razor each (RAZ-02)."""
        mine = [self.take[(u.key, k, t)] for k in range(cap) for t in u.starts]
        self.unit_vars[u.key] = mine
        self.served[u.key] = sum(mine) if mine else self.model.new_constant(0)
        if len(mine) > 1 or not u.single:
            self.model.add(self.served[u.key] <= len(u.members)).with_name(
                f"RAZ-02 one razor each in {u.key}"
            )

    def _implied(self, pod: str, mine: list[Unit], cap: int) -> None:
        """SEP-01 pairs in different batches; implied rows for the fewest-batches level:
        razors per batch and a pair kept apart."""
        m = self.model
        pairs = apart(self.morning, self.morning.pods[pod])
        key = {u.members[0]: u for u in mine if u.single}
        for a, b in pairs:
            for k in range(cap):
                pair = [self.take[(key[i].key, k, t)] for i in (a, b) for t in key[i].starts]
                if len(pair) > 1:
                    m.add_at_most_one(pair).with_name(f"SEP-01 {a} {b} batch {k}")
        held = sum(self.present[(pod, k)] for k in range(cap))
        m.add(max(1, self.inventory) * held >= sum(self.served[u.key] for u in mine)).with_name(
            f"RAZ-03 batches {pod}"
        )
        for a, b in pairs:
            m.add(held >= self.served[key[a].key] + self.served[key[b].key]).with_name(
                f"SEP-01 batches {pod} {a} {b}"
            )

    def _inventory(self) -> None:
        """RAZ-03: razors out at any start never above the inventory."""
        live_at: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (_, _, t), var in self.take.items():
            for tau in self._covered(t):
                live_at[tau].append(var)
        for tau in self.points:
            if live_at[tau]:
                self.model.add(sum(live_at[tau]) <= self.inventory).with_name(f"RAZ-03 inventory at {tau}")

    def _covered(self, t: int) -> list[int]:
        """The points a batch starting at t is in progress at."""
        return self.points[bisect_left(self.points, t) : bisect_left(self.points, t + self.length)]

    def _razor_minutes(self) -> None:
        """RAZ-03, implied: razors out at once never exceed the inventory, so the razors'
        intervals split into `inventory` chains of batches one after another, each at most
        the morning's slots long (interval colouring): at most inventory x slots served."""
        bound = self.inventory * self.morning.slots
        if self.served:
            self.model.add(self.total() <= bound).with_name("RAZ-03 razor-minutes available")

    def _officers(self) -> None:
        """RAZ-02/STF-02: batches in progress never more than the officers on duty and not
        taken by an earlier session, at every minute (checked where either count changes)."""
        rz = self.instance.facility.razors
        free = self.morning.free
        points = set(self.points)
        points |= {rz.issue_start + k for k in range(1, len(free)) if free[k] < free[k - 1]}
        starting: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for (_, _, t), v in self.at.items():
            starting[t].append(v)
        for t in sorted(starting):
            if len(starting[t]) > self.morning.able.get(t, len(starting[t])):
                self.model.add(sum(starting[t]) <= self.morning.able[t]).with_name(f"STF-02 officers for {t}")
        for tau in sorted(points):
            if not 0 <= tau - rz.issue_start < len(free):
                continue
            live = [v for t in starting if t <= tau < t + self.length for v in starting[t]]
            cap = free[tau - rz.issue_start]
            if len(live) > cap:
                self.model.add(sum(live) <= max(0, cap)).with_name(f"RAZ-02 officers at {tau}")

    def _halls(self) -> None:
        """STF-01/STF-03: at every start, the pods whose batch in progress needs only the
        officers of a `Hall` are no more than those officers (one batch per pod at a time)."""
        takes: dict[str, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
        for (key, _, t), var in self.take.items():
            takes[key].append((t, var))
        for n, hall in enumerate(self.morning.halls):
            for tau in self.points:
                lits: dict[str, list[cp_model.IntVar]] = defaultdict(list)
                for i, starts in sorted(hall.starts.items()):
                    unit = self.place[i][0]
                    for t, var in takes[unit.key]:
                        if t in starts and t <= tau < t + self.length:
                            lits[unit.pod].append(var)
                if len(lits) <= len(hall.officers):
                    continue
                needs = []
                for pod, vs in sorted(lits.items()):
                    need = self.model.new_bool_var(f"pod {pod} needs officers of set {n} at {tau}")
                    for v in vs:
                        self.model.add_implication(v, need)
                    needs.append(need)
                self.model.add(sum(needs) <= len(hall.officers)).with_name(
                    f"STF-03 officers of set {n} at {tau}"
                )

    def short_handed(self, values: dict[cp_model.IntVar, int]) -> bool:
        """Whether a schedule given as values (a hand-built one) leaves a batch unstaffed
        for want of unrelated officers at once (`Morning.short_handed`)."""
        if not self.morning.halls:
            return False
        given = dict.fromkeys(self.variables(), 0) | values
        return self.morning.short_handed(self.length, self.plan(Assigned(given, 0)).batches)

    def total(self) -> cp_model.LinearExprT:
        """Sign-ups served (level 1)."""
        return sum(self.served.values())

    def is_served(self, solver: cp_model.CpSolver, i: str) -> bool:
        """Whether the solution serves sign-up i: its unit serves at least its rank."""
        u, rank = self.place[i]
        return sum(solver.value(v) for v in self.unit_vars[u.key]) >= rank

    def need(self, counts: dict[str, int]) -> dict[str, int]:
        """The fewest batches each pod needs for these served counts per unit: its razors
        over the inventory, rounded up, and two when both of a keep-separate pair are in."""
        inventory = max(1, self.inventory)
        out: dict[str, int] = {}
        for pod in self.morning.pods:
            n = sum(counts[u.key] for u in self.of_pod[pod])
            both = any(
                counts[f"{pod}:{a}"] and counts[f"{pod}:{b}"]
                for a, b in apart(self.morning, self.morning.pods[pod])
            )
            out[pod] = max(-(-n // inventory), 2 if both else 0)
        return out

    def fix_counts(self, counts: dict[str, int], why: str) -> None:
        """Fix every unit's served count (RAZ-07) and add each pod's batch need (implied)."""
        for u in self.units:
            self.model.add(self.served[u.key] == counts[u.key]).with_name(f"RAZ-07 {why} {u.key}")
        for pod, need in self.need(counts).items():
            held = sum(self.present[(pod, k)] for k in range(self.caps[pod]))
            self.model.add(held >= need).with_name(f"RAZ-03 batches for the served of {pod}")

    def end(self, razors: int, batches: int, counts: dict[str, int]) -> cp_model.IntVar:
        """The latest end of a present batch, at least the floor of the levels above: the
        razor- and officer-minutes (`_energy_floor`) and each pod's own (`_pod_floor`)."""
        rz = self.instance.facility.razors
        last = self.model.new_int_var(rz.issue_start, rz.collect_by, "latest end")
        for (_, _, t), var in self.at.items():
            self.model.add(last >= (t + self.length) * var)
        self.floor = max(self._energy_floor(razors, batches), self._pod_floor(counts))
        self.model.add(last >= self.floor).with_name("RAZ-03 razor-minutes")
        return last

    def _pod_floor(self, counts: dict[str, int]) -> int:
        """The earliest end each pod's served sign-ups allow on their own: a pod that needs
        k batches ends no earlier than the k-th of its starts taken one after another; a
        unit served ends no earlier than its first start. A valid bound for every schedule."""
        floor = self.instance.facility.razors.issue_start
        for pod, k in self.need(counts).items():
            if k:
                starts = chain(self.length, self.morning.starts[pod])
                floor = max(floor, starts[min(k, len(starts)) - 1] + self.length)
        for u in self.units:
            if counts[u.key] and u.starts:
                floor = max(floor, u.starts[0] + self.length)
        return floor

    def _energy_floor(self, razors: int, batches: int) -> int:
        """The earliest end by which `razors` razors and `batches` batches of the batch length
        fit in the minutes a batch can cover, within the inventory and the officer-minutes
        still free then. A valid bound the rows do not give alone."""
        rz = self.instance.facility.razors
        free = self.morning.free
        for end in sorted({t + self.length for t in self.points}):
            minutes: set[int] = set()
            for t in (t for t in self.points if t + self.length <= end):
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

    def plan(self, solver: cp_model.CpSolver) -> Plan:
        """The solved batches; a unit's sign-ups fill its pod's batches in list order, the
        earlier places in the earlier batches."""
        out: dict[str, list[tuple[int, list[str]]]] = {}
        queue = {u.key: list(u.members) for u in self.units}
        for (pod, k, t), var in sorted(self.at.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])):
            if not solver.boolean_value(var):
                continue
            chosen: set[str] = set()
            for u in (u for u in self.of_pod[pod] if (u.key, k, t) in self.take):
                n = solver.value(self.take[(u.key, k, t)])
                chosen.update(queue[u.key][:n])
                queue[u.key] = queue[u.key][n:]
            out.setdefault(pod, []).append((t, [i for i in self.morning.pods[pod] if i in chosen]))
        return Plan({pod: sorted(bs) for pod, bs in out.items()})

    def counts(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Each unit's served count in a solution."""
        return {u.key: sum(solver.value(v) for v in self.unit_vars[u.key]) for u in self.units}
