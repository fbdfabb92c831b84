"""REC-05's fair share of daylight sessions, shared by the plan and the full rotation model.

A group with n_g of the week's N sessions deserves D* x n_g / N of the D* daylight
sessions held; the deviation |N x D_g - n_g x D*| is scaled by N to stay integral.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.recreation.sessions import Session, daylight


def largest_deviation(
    model: cp_model.CpModel, sessions: list[Session], light: dict[Session, cp_model.LinearExprT], held: int
) -> cp_model.IntVar:
    """The largest |N x D_g - n_g x D*| over groups, bounded below by its `floor`."""
    total = len(sessions)
    groups: dict[tuple[str, int], list[Session]] = {}
    for s in sessions:
        groups.setdefault(s.group, []).append(s)
    worst = model.new_int_var(0, 7 * (total + held), "largest daylight deviation")
    for group, own in sorted(groups.items()):
        dev = total * sum(light[s] for s in own) - len(own) * held
        model.add(worst >= dev).with_name(f"REC-05 fair share {group}")
        model.add(worst >= -dev).with_name(f"REC-05 fair share {group}")
    model.add(worst >= floor(sizes(sessions), total, held)).with_name("REC-05 fair share floor")
    return worst


def at_floor(model: cp_model.CpModel, worst: cp_model.IntVar, least: int) -> cp_model.IntVar:
    """A literal that holds `worst` at its floor `least`: level 2 first assumes it (see
    `Assuming`), and at the floor the min-max search becomes a well-propagated feasibility
    search, and is optimal."""
    reach = model.new_bool_var("every group as fair as integrality allows")
    model.add(worst <= least).only_enforce_if(reach)
    return reach


def sizes(sessions: list[Session]) -> list[int]:
    """Each group's number of sessions in the week."""
    count: dict[tuple[str, int], int] = {}
    for s in sessions:
        count[s.group] = count.get(s.group, 0) + 1
    return list(count.values())


def floor(group_sizes: list[int], total: int, held: int) -> int:
    """The least T such that whole daylight counts D_g in [0, n_g] with sum D* exist and
    every |N D_g - n_g D*| <= T: a lower bound that ignores where sessions can go."""
    candidates = sorted({abs(total * k - n * held) for n in group_sizes for k in range(n + 1)})
    for t in candidates:
        lo = [max(0, -((t - n * held) // total)) for n in group_sizes]
        hi = [min(n, (n * held + t) // total) for n in group_sizes]
        if all(a <= b for a, b in zip(lo, hi, strict=True)) and sum(lo) <= held <= sum(hi):
            return t
    return candidates[-1]


def deviation(instance: Instance, starts: dict[Session, int], held: int) -> int:
    """The largest |N x D_g - n_g x D*| of a rotation."""
    light: dict[tuple[str, int], list[int]] = {}
    for s, t in starts.items():
        light.setdefault(s.group, []).append(int(daylight(instance, t)))
    return max(abs(len(starts) * sum(v) - len(v) * held) for v in light.values())
