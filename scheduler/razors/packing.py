"""The served sign-ups in fixed batches, placed by a small CP-SAT model to finish by a given time.

The morning model decides who goes in which batch and when. But once the served counts are
known, each pod's sign-ups can be split into the fewest batches it needs (`greedy.batches_of`: within
the inventory, keep-separate pairs apart, a start every member may use), and what is left
is only where each batch starts: one choice among a few starts per batch, with the razors,
the officers and the pod's other batches as knapsack and at-most-one rows. That model is a
hundred times smaller and is solved in a fraction of a second at 20,000 inmates.

It is a restriction (the split is fixed), so it proves nothing by itself; a schedule it
finds is a schedule of the morning model, and it decides a level when it meets that level's
bound: every sign-up served (level 1), the pods' need in batches (level 2), the finish floor
(level 3).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from scheduler.engine.solving import SolveSettings, solved
from scheduler.razors.greedy import Batch, batches_of
from scheduler.razors.model import RazorModel


def place(
    m: RazorModel, counts: dict[str, int], finish: int, settings: SolveSettings, limit: float
) -> tuple[dict[cp_model.IntVar, int], float] | None:
    """A schedule of these served counts in the batches each pod needs, every batch ended by
    `finish`, as values of the morning model's variables, with the seconds it took; None
    when the split fails or the model finds none within `limit` seconds."""
    batches = batches_of(m, counts)
    if batches is None:
        return None
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for k, (pod, starts, _) in enumerate(batches):
        ok = [t for t in starts if t + m.length <= finish]
        if not ok:
            return None
        mine = [model.new_bool_var(f"batch {k} of {pod} at {t}") for t in ok]
        x.update(zip(((k, t) for t in ok), mine, strict=True))
        model.add_exactly_one(mine).with_name(f"RAZ-02 batch {k} of {pod}")
    _rows(m, model, batches, x)
    solver = settings.solver(limit)
    if not solved(solver.solve(model)):
        return None
    chosen = {k: t for (k, t), var in x.items() if solver.boolean_value(var)}
    return _values(m, batches, chosen), solver.wall_time


def _rows(
    m: RazorModel, model: cp_model.CpModel, batches: list[Batch], x: dict[tuple[int, int], cp_model.IntVar]
) -> None:
    """RAZ-03 razors, STF-02/RAZ-02 officers and SEP-01 one batch of a pod at a time, at
    every start (where the counts change)."""
    first = m.instance.facility.razors.issue_start
    free = m.morning.free
    points = sorted({t for _, t in x})
    drops = {first + k for k in range(1, len(free)) if free[k] < free[k - 1]}
    watched = sorted(set(points) | drops)
    x_points = set(points)
    razors: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    live: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    starting: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    pod_at: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for (k, t), var in x.items():
        pod, _, members = batches[k]
        starting[t].append(var)
        for p in (p for p in watched if t <= p < t + m.length):
            live[p].append(var)
            if p in x_points:
                razors[p].append((len(members), var))
                pod_at[(pod, p)].append(var)
    for p in points:
        model.add(sum(n * v for n, v in razors[p]) <= m.inventory).with_name(f"RAZ-03 inventory at {p}")
    for p in watched:
        if live[p] and 0 <= p - first < len(free):
            model.add(sum(live[p]) <= max(0, free[p - first])).with_name(f"RAZ-02 officers at {p}")
    for t, vs in starting.items():
        model.add(sum(vs) <= m.morning.able.get(t, 0)).with_name(f"STF-02 officers for {t}")
    for (pod, p), vs in pod_at.items():
        if len(vs) > 1:
            model.add_at_most_one(vs).with_name(f"SEP-01 pod {pod} one batch at {p}")


def _values(m: RazorModel, batches: list[Batch], chosen: dict[int, int]) -> dict[cp_model.IntVar, int]:
    """The placed batches as values of the morning model (a pod's batch k: its k-th in time)."""
    values: dict[cp_model.IntVar, int] = dict.fromkeys(m.variables(), 0)
    by_pod: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for k, (pod, _, members) in enumerate(batches):
        by_pod[pod].append((chosen[k], members))
    for pod, placed in by_pod.items():
        for k, (t, members) in enumerate(sorted(placed)):
            values[m.at[(pod, k, t)]] = 1
            for i in members:
                values[m.take[(m.place[i][0].key, k, t)]] += 1
    return values
