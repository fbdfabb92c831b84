"""Razor sign-ups on the morning's grid, as a transportation problem solved by augmenting paths.

On the grid (`Morning.grid`, the most batches one after another, earliest first) batches
never overlap one another, so a schedule there is only how many of each unit's sign-ups go
to each slot: a slot takes at most the inventory (RAZ-03), a pod's sign-ups in one slot are
one batch (RAZ-02), at most as many pods as officers free for the slot (STF-02), a
keep-separate pair never in one slot (SEP-01), a unit only in slots among its own starts
(RAZ-06, DAY-07). Sign-ups are added one at a time, each along a shortest augmenting path
(moving earlier ones between slots), so whoever has been added stays served.

Added in list order, each if a path exists, this is the greedy of a transversal matroid:
among grid schedules it serves the most and, among those, the earliest places on the list
(RAZ-07). Off the grid a schedule may do better, so the grid only ever proves a level when
it reaches that level's upper bound (everyone in the round, or the razor-minutes); else it
is the warm start of the solve.
"""

from __future__ import annotations

from collections import defaultdict, deque

from ortools.sat.python import cp_model

from scheduler.razors.model import RazorModel, Unit


class Grid:
    """Sign-ups served on the grid so far: each unit's count per slot."""

    def __init__(self, m: RazorModel) -> None:
        """On the morning's grid, within the model's batch caps."""
        self.m = m
        grid = self.grid = m.morning.grid
        self.caps = m.caps
        own = {u.key: set(u.starts) for u in m.units}
        self.slots = {u.key: [g for g in grid if g in own[u.key] and (u.pod, 0, g) in m.at] for u in m.units}
        self.unit = {u.key: u for u in m.units}
        self.flow: dict[int, dict[str, int]] = {g: {} for g in grid}
        """Each slot's count of each unit there."""
        self.load: dict[int, int] = dict.fromkeys(grid, 0)
        self.pods: dict[int, dict[str, int]] = {g: defaultdict(int) for g in grid}
        """Sign-ups of each pod in each slot (a pod with any there has a batch there)."""
        self.batches: dict[int, int] = dict.fromkeys(grid, 0)
        self.used: dict[str, int] = defaultdict(int)
        """Slots each pod has a batch in."""
        partner: dict[str, list[str]] = defaultdict(list)
        single = {u.members[0]: u.key for u in m.units if u.single}
        for pair in m.morning.apart:
            a, b = sorted(pair)
            if a in single and b in single:
                partner[single[a]].append(single[b])
                partner[single[b]].append(single[a])
        self.partner = partner

    def add(self, key: str) -> bool:
        """Serve one more of the unit, along a shortest augmenting path, if one exists
        (slots where the pod has a batch already tried first: no officer more)."""
        if not self.m.inventory:
            return False
        parent: dict[int, tuple[int | None, str]] = {}
        queue: deque[int] = deque()
        self._reach(None, key, parent, queue)
        while queue:
            s = queue.popleft()
            if self.load[s] < self.m.inventory:
                return self._apply(s, parent)
            if len(parent) < len(self.grid):  # else every slot is reached already
                for v in sorted(self.flow[s]):
                    self._reach(s, v, parent, queue)
        return False

    def _reach(
        self, came: int | None, key: str, parent: dict[int, tuple[int | None, str]], queue: deque[int]
    ) -> None:
        """Queue the slots one of the unit may move to (from slot `came`, or newly served)."""
        pod = self.unit[key].pod
        mine = self.slots[key]
        for g in [g for g in mine if self.pods[g][pod]] + [g for g in mine if not self.pods[g][pod]]:
            if g not in parent and self._may_enter(key, g):
                parent[g] = (came, key)
                queue.append(g)

    def _may_enter(self, key: str, g: int) -> bool:
        """Whether one of the unit may join slot g: its pod already has a batch there, or
        one more batch fits the officers and the pod's batch cap; no keep-separate partner."""
        u = self.unit[key]
        if any(p in self.flow[g] for p in self.partner[key]):
            return False
        if self.pods[g][u.pod]:
            return True
        return self.batches[g] < self.m.morning.able.get(g, 0) and self.used[u.pod] < self.caps.get(u.pod, 0)

    def _apply(self, last: int, parent: dict[int, tuple[int | None, str]]) -> bool:
        """Move one along the path ending at slot `last` (which has a razor to spare)."""
        g: int | None = last
        while g is not None:
            came, key = parent[g]
            self._move(key, g, +1)
            if came is not None:
                self._move(key, came, -1)
            g = came
        return True

    def _move(self, key: str, g: int, d: int) -> None:
        """One more (d=1) or one fewer (d=-1) of the unit in slot g."""
        here = self.flow[g].get(key, 0) + d
        if here:
            self.flow[g][key] = here
        else:
            del self.flow[g][key]
        self.load[g] += d
        pod = self.unit[key].pod
        before = self.pods[g][pod]
        self.pods[g][pod] += d
        if (before == 0) != (self.pods[g][pod] == 0):
            self.batches[g] += d
            self.used[pod] += d

    def values(self) -> dict[cp_model.IntVar, int]:
        """The grid schedule as values of the model's variables (a pod's batch k: its k-th slot)."""
        m = self.m
        hint: dict[cp_model.IntVar, int] = dict.fromkeys(m.variables(), 0)
        for pod in sorted(m.of_pod):
            used = [g for g in self.grid if self.pods[g].get(pod, 0)]
            for k, g in enumerate(used):
                hint[m.at[(pod, k, g)]] = 1
                for u in m.of_pod[pod]:
                    if u.key in self.flow[g]:
                        hint[m.take[(u.key, k, g)]] = self.flow[g][u.key]
        return hint


def list_greedy(m: RazorModel) -> tuple[Grid, int]:
    """The grid schedule of the whole list in order, each sign-up served if a path exists
    (the matroid greedy), and how many it serves."""
    grid = Grid(m)
    served = 0
    for i in m.morning.order:
        u: Unit = m.place[i][0]
        served += grid.add(u.key)
    return grid, served


def prefix(m: RazorModel, forced: dict[str, int], head: list[str]) -> tuple[Grid, int] | None:
    """The grid schedule serving every unit's `forced` count and then as many of `head` in
    order as it can, stopping at the first it cannot; None when the forced counts do not
    fit on the grid."""
    grid = Grid(m)
    for u in m.units:
        for _ in range(forced.get(u.key, 0)):
            if not grid.add(u.key):
                return None
    got = 0
    for i in head:
        if not grid.add(m.place[i][0].key):
            break
        got += 1
    return grid, got
