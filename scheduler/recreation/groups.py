"""Recreation groups (REC-03, REC-04, SEP-01, HOU-04): each pod's eligible inmates of a
day split into the fewest groups that fit the area, with no keep-separate pair together
and as little classification mixing as possible.

Per pod, the week's groups are solved once for everyone eligible on some recreation day;
a day whose eligible set differs (lockdowns, sanctions) is solved again, lexicographically:
(1) fewest groups, (2) least HOU-04 mixing, (3) most inmates keeping their week's group,
so groups change only where eligibility does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import Exclusion, SolverRun
from scheduler.engine.lexicographic import Levels
from scheduler.engine.solving import SolveSettings


def classification(instance: Instance, inmate_id: str) -> str:
    """HOU-04 class: misdemeanour, felony, violent felony (civil inmates form their own)."""
    i = instance.inmates[inmate_id]
    if i.commitment == "civil":
        return "civil"
    if i.charge == "felony":
        return "violent felony" if i.violent else "felony"
    return "misdemeanour"


def eligible_today(instance: Instance, day: dt.date) -> tuple[dict[str, list[str]], list[Exclusion]]:
    """Each pod's inmates eligible for recreation on a day, and the excluded with a reason: a
    lockdown inmate is in no group session (DIS-08, SEP-03), a suspension keeps one out (REC-04)."""
    pods: dict[str, list[str]] = {}
    excluded = []
    for iid in sorted(instance.inmates):
        inmate = instance.inmates[iid]
        if instance.on_lockdown(iid, day):
            excluded.append(
                Exclusion(
                    inmate_id=iid,
                    activity="recreation",
                    date=day,
                    rule="DIS-08",
                    reason="on disciplinary lockdown",
                )
            )
        elif (s := instance.suspended(iid, "recreation", day)) is not None:
            excluded.append(
                Exclusion(
                    inmate_id=iid,
                    activity="recreation",
                    date=day,
                    rule="REC-04",
                    reason=f"recreation suspended {s.start} to {s.end}",
                )
            )
        else:
            pods.setdefault(inmate.pod, []).append(iid)
    return pods, excluded


@dataclass
class Partition:
    """Groups of one pod's inmates, each sorted; a group's index is its label (a day's
    partition keeps the week's labels, so some may be empty)."""

    groups: list[list[str]]
    mixing: int


def _mixing_pairs(instance: Instance, members: list[str]) -> int:
    classes = sorted({classification(instance, i) for i in members})
    return len(classes) * (len(classes) - 1) // 2


def partition(
    instance: Instance,
    inmates: list[str],
    capacity: int,
    settings: SolveSettings,
    runs: list[SolverRun],
    name: str,
    previous: dict[str, int] | None = None,
    tiers: list[int] | tuple[int, ...] = (),
    officers: Officers | None = None,
) -> Partition:
    """First (given the `officers` who could supervise and whom each inmate bars) the fewest
    groups that no officer may supervise (STF-03); then the fewest groups, then (given
    smaller area capacities `tiers`) the fewest groups larger than each of them, then least
    mixing, then (given `previous` labels) the most inmates keeping their label. A level
    stopped on the time limit keeps the previous level's grouping; with none at all, the
    first-fit split stands."""
    n = len(inmates)
    apart = [
        (a, b)
        for a in range(n)
        for b in range(a + 1, n)
        if frozenset((inmates[a], inmates[b])) in instance.keep_apart
    ]
    top = max(_first_fit(instance, inmates, capacity), len(set((previous or {}).values())))
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"{inmates[i]} in group {g}") for g in range(top)] for i in range(n)]
    used = [model.new_bool_var(f"group {g} used") for g in range(top)]
    for i in range(n):
        model.add_exactly_one(x[i]).with_name(f"REC-01 one group {inmates[i]}")
    for g in range(top):
        members = [x[i][g] for i in range(n)]
        model.add(sum(members) <= capacity * used[g]).with_name(f"REC-03 capacity group {g}")
        if g + 1 < top:
            model.add(used[g] >= used[g + 1])
        for a, b in apart:
            model.add_bool_or([x[a][g].Not(), x[b][g].Not()]).with_name(
                f"SEP-01 keep {inmates[a]} {inmates[b]} apart"
            )
    if previous is None:
        for i in range(n):  # symmetry: inmate i only in groups 0..i
            for g in range(i + 1, top):
                model.add(x[i][g] == 0)
    classes = sorted({classification(instance, i) for i in inmates})
    present = {(g, c): model.new_bool_var(f"group {g} has {c}") for g in range(top) for c in classes}
    for i in range(n):
        c = classification(instance, inmates[i])
        for g in range(top):
            model.add_implication(x[i][g], present[(g, c)])
    mixed = []
    for g in range(top):
        for k, c1 in enumerate(classes):
            for c2 in classes[k + 1 :]:
                m = model.new_bool_var(f"group {g} mixes {c1} {c2}")
                model.add(m >= present[(g, c1)] + present[(g, c2)] - 1)
                mixed.append(m)
    large = []
    for g in range(top):
        for c in tiers:
            over = model.new_bool_var(f"group {g} larger than {c}")
            model.add(sum(x[i][g] for i in range(n)) <= c + (capacity - c) * over).with_name(
                f"REC-03 group {g} larger than {c}"
            )
            large.append(over)
    objectives: list[cp_model.LinearExprT] = [sum(used), *([sum(large)] if tiers else []), sum(mixed)]
    blind = _unsupervised(model, inmates, x, used, officers)
    if blind is not None:
        objectives.insert(0, blind)
    if previous is not None:
        keep = [x[i][previous[inmates[i]]] for i in range(n) if previous.get(inmates[i], top) < top]
        objectives.append(-sum(keep))
    every = [model.get_int_var_from_proto_index(k) for k in range(len(model.proto.variables))]
    levels = Levels(model, settings, f"recreation groups {name}", every, runs=runs)
    for level, objective in enumerate(objectives, 1):
        if not levels.level(f"L{level}", objective):
            break  # stopped on the time limit: the previous level's grouping stands (its run says so)
    solver = levels.solver
    if solver is None:  # not even level 1 in time: the first-fit split is a valid grouping
        groups = _first_fit_groups(instance, inmates, capacity)
    else:
        groups = [[inmates[i] for i in range(n) if solver.boolean_value(x[i][g])] for g in range(top)]
    labelled = [sorted(g) for g in groups if g] if previous is None else [sorted(g) for g in groups]
    return Partition(labelled, sum(_mixing_pairs(instance, g) for g in labelled if g))


@dataclass(frozen=True)
class Officers:
    """The officers who could supervise a pod's recreation, and those each inmate bars (STF-03)."""

    ids: list[str]
    barred: dict[str, set[str]]


def _unsupervised(
    model: cp_model.CpModel,
    inmates: list[str],
    x: list[list[cp_model.IntVar]],
    used: list[cp_model.IntVar],
    officers: Officers | None,
) -> cp_model.LinearExprT | None:
    """The number of groups whose members bar every officer (STF-03), or None when some
    officer is barred by nobody here (then every group has one)."""
    if officers is None or not officers.ids:
        return None
    bars = {o: [i for i, m in enumerate(inmates) if o in officers.barred.get(m, ())] for o in officers.ids}
    if any(not who for who in bars.values()):
        return None
    blind = []
    for g, on in enumerate(used):
        free = {o: model.new_bool_var(f"group {g} may have {o}") for o in officers.ids}
        for o, who in bars.items():
            for i in who:
                model.add_implication(x[i][g], free[o].Not())
        none = model.new_bool_var(f"group {g} has no officer")
        model.add(sum(free.values()) + none >= on).with_name(f"STF-03 an officer for group {g}")
        blind.append(none)
    return sum(blind)


def _first_fit(instance: Instance, inmates: list[str], capacity: int) -> int:
    """Groups a first-fit split needs: an upper bound on the fewest."""
    return len(_first_fit_groups(instance, inmates, capacity))


def _first_fit_groups(instance: Instance, inmates: list[str], capacity: int) -> list[list[str]]:
    """Each inmate into the first group with room and no keep-separate partner (REC-03)."""
    groups: list[list[str]] = []
    for i in inmates:
        home = next(
            (
                g
                for g in groups
                if len(g) < capacity and all(frozenset((i, j)) not in instance.keep_apart for j in g)
            ),
            None,
        )
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups
