"""Recreation rotation (REC-01, REC-02, REC-05): each day's groups x start times.

Sessions have one length and the areas are identical for a group that fits the smallest
one, so the model has no area index: one Boolean per (session, start) on a grid of starts
that avoid counts, meals and med passes (and the members' visits that day), and at every
grid time at most as many sessions in progress as areas. Areas are assigned afterwards by
interval colouring. A group never has the same start on consecutive days.

Objective (REC-05), lexicographic: (1) the most daylight sessions; (2) with that fixed,
the smallest largest deviation of a group's daylight sessions from its fair share
D* x n_g / N (D* daylight sessions held, n_g the group's sessions, N all sessions),
scaled by N to stay integral; first tried at its floor (see `_fairness`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.solving import SolveSettings, figures, solved

GRID = 15
"""Session starts lie on a 15-minute grid from the start of recreation hours."""


@dataclass(frozen=True)
class Session:
    """One group's session on one day; `group` is the (pod, label) that rotates."""

    date: dt.date
    pod: str
    label: int
    inmates: tuple[str, ...]

    @property
    def group(self) -> tuple[str, int]:
        """The group's identity across the week."""
        return (self.pod, self.label)


def grid_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Starts inside recreation hours whose session meets no count, meal, med pass or busy span."""
    r, rec = instance.facility.routine, instance.facility.recreation
    blocked = [(t, t + r.count_minutes) for t in r.counts]
    blocked += [(t, t + r.meal_minutes) for t in r.meals]
    blocked += [(t, t + r.med_pass_minutes) for t in r.med_passes]
    blocked += busy
    starts = range(rec.start, rec.end - rec.session_minutes + 1, GRID)
    return [t for t in starts if all(t + rec.session_minutes <= a or b <= t for a, b in blocked)]


def daylight(instance: Instance, start: int) -> bool:
    """Whether a session starting then lies inside daylight hours (REC-05)."""
    rec = instance.facility.recreation
    return rec.daylight_start <= start and start + rec.session_minutes <= rec.daylight_end


@dataclass
class Rotation:
    """The chosen start of every session, and the solver figures."""

    starts: dict[Session, int] | None
    """None when no rotation was found: see the last run's status."""
    runs: list[SolverRun]


def rotate(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    settings: SolveSettings,
) -> Rotation:
    """Solve the rotation; `starts` is None when none was found (the runs say why)."""
    rec = instance.facility.recreation
    model = cp_model.CpModel()
    x = {
        (s, t): model.new_bool_var(f"{s.pod} {s.label} {s.date} at {t}") for s in sessions for t in options[s]
    }
    for s in sessions:
        model.add_exactly_one(x[(s, t)] for t in options[s]).with_name(
            f"REC-01 session {s.pod} {s.label} {s.date}"
        )
    _areas(model, sessions, options, x, len(rec.areas), rec.session_minutes)
    _no_repeat(model, sessions, options, x)
    light = {s: sum(x[(s, t)] for t in options[s] if daylight(instance, t)) for s in sessions}
    total = sum(light.values())
    runs: list[SolverRun] = []
    model.maximize(total)
    solver = settings.solver()
    status = solver.solve(model)
    runs.append(figures("recreation L1 daylight sessions", solver, status))
    if not solved(status):
        return Rotation(None, runs)
    best = round(solver.objective_value)
    level1 = {s: t for (s, t), var in x.items() if solver.boolean_value(var)}
    model.add(total >= best).with_name("REC-05 level 1 optimum")
    for var in x.values():
        model.add_hint(var, solver.boolean_value(var))
    worst, floor = _fairness(model, sessions, light, best)
    model.minimize(worst)
    reach = model.new_bool_var("every group as fair as integrality allows")
    model.add(worst <= floor).only_enforce_if(reach)
    model.add_assumptions([reach])
    solver = settings.solver(settings.time_limit / 2)
    status = solver.solve(model)
    model.clear_assumptions()
    if not solved(status):  # the floor is not reachable (or not soon): optimise without it
        model.add_hint(reach, 0)
        model.add_hint(worst, _deviation(instance, level1, best))
        solver = settings.solver()
        status = solver.solve(model)
    runs.append(figures("recreation L2 fair daylight", solver, status))
    if not solved(status):  # level 1's rotation stands; the run reports level 2's status
        return Rotation(level1, runs)
    return Rotation({s: t for (s, t), var in x.items() if solver.boolean_value(var)}, runs)


def _areas(
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    x: dict[tuple[Session, int], cp_model.IntVar],
    areas: int,
    minutes: int,
) -> None:
    """REC-02: at every grid time, at most `areas` sessions in progress (per day)."""
    by_day: dict[dt.date, list[tuple[int, cp_model.IntVar]]] = {}
    for s in sessions:
        by_day.setdefault(s.date, []).extend((t, x[(s, t)]) for t in options[s])
    for day, starts in sorted(by_day.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - minutes < t <= tau]
            if len(live) > areas:
                model.add(sum(live) <= areas).with_name(f"REC-02 areas {day} {tau}")


def _no_repeat(
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    x: dict[tuple[Session, int], cp_model.IntVar],
) -> None:
    """REC-05: a group never has the same start on two consecutive days."""
    by_group = {(s.group, s.date): s for s in sessions}
    for s in sessions:
        nxt = by_group.get((s.group, s.date + dt.timedelta(days=1)))
        if nxt is None:
            continue
        for t in set(options[s]) & set(options[nxt]):
            model.add_at_most_one([x[(s, t)], x[(nxt, t)]]).with_name(
                f"REC-05 {s.pod} {s.label} {s.date} {t}"
            )


def _fairness(
    model: cp_model.CpModel, sessions: list[Session], light: dict[Session, cp_model.LinearExprT], best: int
) -> tuple[cp_model.IntVar, int]:
    """The largest |N x D_g - n_g x D*| over groups, and its floor (`_floor`). A solution at
    the floor is optimal; trying it first turns a slow min-max search into a
    well-propagated feasibility search."""
    total_sessions = len(sessions)
    groups: dict[tuple[str, int], list[Session]] = {}
    for s in sessions:
        groups.setdefault(s.group, []).append(s)
    worst = model.new_int_var(0, 7 * (total_sessions + best), "largest daylight deviation")
    for group, own in sorted(groups.items()):
        d_g = sum(light[s] for s in own)
        dev = total_sessions * d_g - len(own) * best
        model.add(worst >= dev).with_name(f"REC-05 fair share {group}")
        model.add(worst >= -dev).with_name(f"REC-05 fair share {group}")
    floor = _floor([len(own) for own in groups.values()], total_sessions, best)
    model.add(worst >= floor).with_name("REC-05 fair share floor")
    return worst, floor


def _floor(sizes: list[int], total: int, held: int) -> int:
    """The least T such that whole daylight counts D_g in [0, n_g] with sum D* exist and
    every |N D_g - n_g D*| <= T: a lower bound that ignores where sessions can go."""
    candidates = sorted({abs(total * k - n * held) for n in sizes for k in range(n + 1)})
    for t in candidates:
        lo = [max(0, -((t - n * held) // total)) for n in sizes]
        hi = [min(n, (n * held + t) // total) for n in sizes]
        if all(a <= b for a, b in zip(lo, hi, strict=True)) and sum(lo) <= held <= sum(hi):
            return t
    return candidates[-1]


def _deviation(instance: Instance, starts: dict[Session, int], held: int) -> int:
    """The largest |N x D_g - n_g x D*| of a rotation."""
    light: dict[tuple[str, int], list[int]] = {}
    for s, t in starts.items():
        light.setdefault(s.group, []).append(int(daylight(instance, t)))
    return max(abs(len(starts) * sum(v) - len(v) * held) for v in light.values())
