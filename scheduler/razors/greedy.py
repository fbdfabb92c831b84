"""A first schedule for a razor morning, built in list order: each sign-up joins the
earliest batch of its pod with a razor to spare, or opens the earliest new batch that
the razors, the officers and the pod's other batches allow, or is left out.

It is only a warm start (a hint): the levels prove or improve it. But it serves the list
in order, so when it serves as many as the razor-minutes allow (the inventory times the
batches one after another), level 1 and list order (RAZ-07) are proven at once, the
common case on a morning with far more sign-ups than razors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.razors.model import Morning, RazorModel, Unit


@dataclass
class _Batch:
    start: int
    members: list[str] = field(default_factory=list)


@dataclass
class State:
    """Razors and batches out at each minute of the window, and each pod's batches."""

    razors: list[int]
    batches: list[int]
    starting: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    pods: dict[str, list[_Batch]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class View:
    """What the greedy reads of a morning: its sign-ups' units and each pod's batch cap."""

    instance: Instance
    morning: Morning
    place: dict[str, tuple[Unit, int]]
    caps: dict[str, int]

    @property
    def length(self) -> int:
        return self.instance.facility.razors.batch_minutes

    @property
    def inventory(self) -> int:
        return self.instance.facility.razors.inventory


def sketch(
    instance: Instance, morning: Morning, place: dict[str, tuple[Unit, int]], caps: dict[str, int]
) -> dict[str, int]:
    """How many batches each pod gets in the list-order schedule with these caps (all of
    them served or not): the caps a smaller model needs for the greedy's schedule."""
    state = _build(View(instance, morning, place, caps))
    return {pod: len(batches) for pod, batches in state.pods.items()}


def greedy(m: RazorModel) -> dict[cp_model.IntVar, int]:
    """The list-order schedule, within the model's batch caps, as values of its variables."""
    return _values(m, _build(View(m.instance, m.morning, m.place, m.caps)))


def _build(m: View) -> State:
    """Every sign-up in list order: join a batch, else open one, else left out."""
    rz = m.instance.facility.razors
    window = rz.collect_by - rz.issue_start
    state = State([0] * window, [0] * window)
    for i in m.morning.order:
        unit = m.place[i][0]
        if not _join(m, state, i, unit.pod, unit.starts):
            _open(m, state, i, unit.pod, unit.starts)
    return state


def _join(m: View, state: State, i: str, pod: str, starts: list[int]) -> bool:
    """Add sign-up i to the earliest batch of the pod he may join, if any."""
    allowed, apart = set(starts), m.morning.apart
    for batch in state.pods[pod]:
        if batch.start not in allowed or any(frozenset((i, j)) in apart for j in batch.members):
            continue
        if fits(m, state.razors, batch.start, m.inventory):
            batch.members.append(i)
            mark(m, state.razors, batch.start)
            return True
    return False


def _open(m: View, state: State, i: str, pod: str, starts: list[int]) -> None:
    """Open the earliest new batch of the pod for sign-up i that everything allows, if any."""
    mine = state.pods[pod]
    if len(mine) >= m.caps[pod]:
        return
    free = m.morning.free
    for t in starts:
        if any(abs(t - b.start) < m.length for b in mine):
            continue
        if state.starting[t] + 1 > m.morning.able.get(t, 0) or not fits(m, state.razors, t, m.inventory):
            continue
        lo = t - m.instance.facility.razors.issue_start
        if any(state.batches[lo + d] + 1 > free[lo + d] for d in range(m.length)):
            continue
        mine.append(_Batch(t, [i]))
        mine.sort(key=lambda b: b.start)
        state.starting[t] += 1
        mark(m, state.razors, t)
        mark(m, state.batches, t)
        return


def fits(m: View, out: list[int], t: int, cap: int) -> bool:
    """Whether one more is out during a batch starting at t without going over `cap`."""
    lo = t - m.instance.facility.razors.issue_start
    return all(out[lo + d] + 1 <= cap for d in range(m.length))


def mark(m: View, out: list[int], t: int) -> None:
    """One more out during a batch starting at t."""
    lo = t - m.instance.facility.razors.issue_start
    for d in range(m.length):
        out[lo + d] += 1


def _values(m: RazorModel, state: State) -> dict[cp_model.IntVar, int]:
    """The greedy batches as values of the model's variables (batch k: the pod's k-th in time)."""
    hint: dict[cp_model.IntVar, int] = dict.fromkeys(m.variables(), 0)
    for pod, batches in state.pods.items():
        for k, batch in enumerate(batches):
            hint[m.at[(pod, k, batch.start)]] = 1
            for i in batch.members:
                hint[m.take[(m.place[i][0].key, k, batch.start)]] += 1
    return hint


def packed(m: RazorModel, counts: dict[str, int]) -> tuple[dict[cp_model.IntVar, int], int] | None:
    """The served sign-ups (each unit's first `counts`) in exactly the batches each pod needs
    (`RazorModel.need`), each batch at the earliest start its members, its pod's other
    batches, the razors and the officers allow, the most constrained first; with its
    finish. None when this packing does not place them all (the levels then solve)."""
    groups = batches_of(m, counts)
    if groups is None:
        return None
    rz = m.instance.facility.razors
    window = rz.collect_by - rz.issue_start
    state = State([0] * window, [0] * window)
    view = View(m.instance, m.morning, m.place, m.caps)
    for pod, starts, members in sorted(groups, key=lambda g: (len(g[1]), g[0], g[1])):
        if not _placed(view, state, pod, starts, members):
            return None
    if any(len(batches) > m.caps[pod] for pod, batches in state.pods.items()):
        return None
    finish = max((b.start + m.length for bs in state.pods.values() for b in bs), default=rz.issue_start)
    return _values(m, state), finish


Batch = tuple[str, list[int], list[str]]
"""A pod, the starts all its members may use, its members."""


def batches_of(m: RazorModel, counts: dict[str, int]) -> list[Batch] | None:
    """Each pod's served sign-ups (each unit's first `counts`) split into the batches it
    needs (`RazorModel.need`, `grouped`); None when the split fails or a pod would need
    more batches than its cap."""
    need = m.need(counts)
    out: list[Batch] = []
    for pod in sorted(m.morning.pods):
        mine = [i for u in m.of_pod[pod] for i in u.members[: counts[u.key]]]
        if not mine:
            continue
        made = grouped(m, pod, mine, need[pod])
        if made is None or len(made) > m.caps[pod]:
            return None
        out += made
    return out


def grouped(
    m: RazorModel, pod: str, mine: list[str], need: int
) -> list[tuple[str, list[int], list[str]]] | None:
    """A pod's served sign-ups split into at most `need` batches: each within the inventory,
    no keep-separate pair together, a start all its members may use. None if this fails."""
    apart = m.morning.apart
    rank = {i: n for n, i in enumerate(mine)}
    allowed = {i: m.place[i][0].starts for i in mine}
    parts: list[tuple[set[int], list[str]]] = []
    for i in sorted(mine, key=lambda i: (len(allowed[i]), rank[i])):
        for starts, members in parts:
            common = starts & set(allowed[i])
            if common and len(members) < m.inventory and not any(frozenset((i, j)) in apart for j in members):
                starts &= common
                members.append(i)
                break
        else:
            if len(parts) >= need or not allowed[i]:
                return None
            parts.append((set(allowed[i]), [i]))
    return [(pod, sorted(starts), sorted(members, key=rank.__getitem__)) for starts, members in parts]


def _placed(m: View, state: State, pod: str, starts: list[int], members: list[str]) -> bool:
    """Open a batch of these members at the earliest start everything allows, if any."""
    mine = state.pods[pod]
    free, first = m.morning.free, m.instance.facility.razors.issue_start
    for t in starts:
        if any(abs(t - b.start) < m.length for b in mine):
            continue
        if state.starting[t] + 1 > m.morning.able.get(t, 0):
            continue
        lo = t - first
        if any(state.razors[lo + d] + len(members) > m.inventory for d in range(m.length)):
            continue
        if any(state.batches[lo + d] + 1 > free[lo + d] for d in range(m.length)):
            continue
        mine.append(_Batch(t, list(members)))
        mine.sort(key=lambda b: b.start)
        state.starting[t] += 1
        for _ in members:
            mark(m, state.razors, t)
        mark(m, state.batches, t)
        return True
    return False
