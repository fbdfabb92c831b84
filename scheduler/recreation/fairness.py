"""REC-05's fair share of daylight sessions, shared by the plan and the full rotation model.

A group with n_g of the week's N sessions deserves D* x n_g / N of the D* daylight
sessions held; the deviation |N x D_g - n_g x D*| is scaled by N to stay integral.
Week after week (CON-01) the share is over the fairness window: each group's sessions and
daylight sessions of the earlier weeks (`Past`, p_g and d_g) are added to this week's, so
|(N + P)(D_g + d_g) - (n_g + p_g)(D* + D)| with P and D their sums: a group that drew the
late sessions last week is owed daylight this week.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.recreation.sessions import Session, daylight

Past = dict[tuple[str, int], tuple[int, int]]
"""Per group: its sessions and its daylight sessions in the earlier weeks of the window."""


def largest_deviation(
    model: cp_model.CpModel,
    sessions: list[Session],
    light: dict[Session, cp_model.LinearExprT],
    held: int,
    past: Past | None = None,
) -> cp_model.IntVar:
    """The largest deviation from the fair share over groups (see the module), bounded
    below by its `floor_of`."""
    groups: dict[tuple[str, int], list[Session]] = {}
    for s in sessions:
        groups.setdefault(s.group, []).append(s)
    total, lit = _totals(groups, held, past or {})
    worst = model.new_int_var(0, total * (total + lit), "largest daylight deviation")
    for group, own in sorted(groups.items()):
        p, d = (past or {}).get(group, (0, 0))
        dev = total * (sum(light[s] for s in own) + d) - (len(own) + p) * lit
        model.add(worst >= dev).with_name(f"REC-05 fair share {group}")
        model.add(worst >= -dev).with_name(f"REC-05 fair share {group}")
    model.add(worst >= floor_of(sessions, held, past)).with_name("REC-05 fair share floor")
    return worst


def _totals(groups: dict, held: int, past: Past) -> tuple[int, int]:
    """All sessions and all daylight sessions over the window, of this week's groups."""
    sessions = sum(len(own) for own in groups.values()) + sum(past.get(g, (0, 0))[0] for g in groups)
    return sessions, held + sum(past.get(g, (0, 0))[1] for g in groups)


def floor_of(sessions: list[Session], held: int, past: Past | None = None) -> int:
    """`floor` over the window: the least largest deviation whole daylight counts allow."""
    count: dict[tuple[str, int], int] = {}
    for s in sessions:
        count[s.group] = count.get(s.group, 0) + 1
    past = past or {}
    if not any(g in past for g in count):
        return floor(list(count.values()), len(sessions), held)
    total, lit = _totals({g: [None] * n for g, n in count.items()}, held, past)
    terms = [(n, *past.get(g, (0, 0))) for g, n in count.items()]
    return _window_floor(terms, total, lit, held)


def _window_floor(terms: list[tuple[int, int, int]], total: int, lit: int, held: int) -> int:
    """The least T such that whole D_g in [0, n_g] summing to `held` keep every
    |total (D_g + d_g) - (n_g + p_g) lit| <= T."""
    candidates = sorted({abs(total * (k + d) - (n + p) * lit) for n, p, d in terms for k in range(n + 1)})
    for t in candidates:
        lo = [max(0, -((t - (n + p) * lit) // total) - d) for n, p, d in terms]
        hi = [min(n, ((n + p) * lit + t) // total - d) for n, p, d in terms]
        if all(a <= b for a, b in zip(lo, hi, strict=True)) and sum(lo) <= held <= sum(hi):
            return t
    return candidates[-1]


def at_floor(model: cp_model.CpModel, worst: cp_model.IntVar, least: int) -> cp_model.IntVar:
    """A literal that holds `worst` at its floor `least`: level 2 first assumes it (see
    `Assuming`), and at the floor the min-max search becomes a well-propagated feasibility
    search, and is optimal."""
    reach = model.new_bool_var("every group as fair as integrality allows")
    model.add(worst <= least).only_enforce_if(reach)
    return reach


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


def deviation(instance: Instance, starts: dict[Session, int], held: int, past: Past | None = None) -> int:
    """The largest deviation from the fair share of a rotation (over the window)."""
    light: dict[tuple[str, int], list[int]] = {}
    for s, t in starts.items():
        light.setdefault(s.group, []).append(int(daylight(instance, t)))
    past = past or {}
    total, lit = _totals(light, held, past)
    return max(
        abs(total * (sum(v) + past.get(g, (0, 0))[1]) - (len(v) + past.get(g, (0, 0))[0]) * lit)
        for g, v in light.items()
    )
