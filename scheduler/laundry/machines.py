"""Machines for a laundry day's starts (LAU-02, CAL-01, LAU-05's idle gaps).

The model counts loads per lane; here each start gets its machine. A machine closed part
of the day has its own lane, so its loads are already its own. The pool's (machines open
all day) are coloured in start order: a load continues a machine whose load ends as it
starts when one does, else takes a machine never used, else the one idle longest. That
links, at every moment, as many loads as can follow one ending then and opens a new
machine for each of the first c runs: the idle gaps left are exactly the runs beyond the
pool's c machines, the fewest the model's `idle_gaps` counts. At most c loads of the pool
run at once, so a free machine is always there.
"""

from __future__ import annotations

import heapq
from collections import deque
from itertools import groupby


def pool_machines(
    starts: list[int], length: int, pool: list[str], prefer: list[str | None] | None = None
) -> list[str]:
    """A machine of `pool` for each start (in the order given), each running `length`
    minutes, one load at a time; a load with a machine in `prefer` (a repair's published
    one) takes it when it is free then, before the others of its start choose."""
    order = sorted(range(len(starts)), key=lambda k: starts[k])
    rank = {name: k for k, name in enumerate(pool)}
    prefer = prefer or [None] * len(starts)
    fresh, idle = deque(pool), deque[str]()
    running: list[tuple[int, int, str]] = []  # (free at, rank, machine)
    out = [""] * len(starts)
    for start, group in groupby(order, key=lambda k: starts[k]):
        ending = []
        while running and running[0][0] <= start:
            free_at, _, machine = heapq.heappop(running)
            (ending if free_at == start else idle).append(machine)
        rest = []
        for k in group:
            wanted = prefer[k]
            lists = [x for x in (ending, fresh, idle) if wanted in x]
            if wanted is None or not lists:
                rest.append(k)
                continue
            lists[0].remove(wanted)
            out[k] = wanted
            heapq.heappush(running, (start + length, rank[wanted], wanted))
        for k in rest:
            if ending:
                machine = ending.pop(0)
            elif fresh:
                machine = fresh.popleft()
            elif idle:
                machine = idle.popleft()
            else:
                raise ValueError(f"more loads at {start} than machines {pool}")
            out[k] = machine
            heapq.heappush(running, (start + length, rank[machine], machine))
        idle.extend(ending)
    return out


def machines(
    jobs: list[tuple[int, str | None]], length: int, pool: list[str], prefer: list[str | None] | None = None
) -> list[str]:
    """A machine for each (start, machine) job: the machine given (a lane of its own), or
    one of the pool's when None (`prefer`red when free)."""
    mine = [k for k, (_, given) in enumerate(jobs) if given is None]
    wanted = [(prefer or [None] * len(jobs))[k] for k in mine]
    chosen = pool_machines([jobs[k][0] for k in mine], length, pool, wanted)
    out = [given or "" for _, given in jobs]
    for k, machine in zip(mine, chosen, strict=True):
        out[k] = machine
    return out
