"""Recreation rotation (REC-01, REC-02, REC-05): each day's groups x start times.

Sessions have one length and the areas are identical for a group that fits the smallest
one, so then no model has an area index: areas are assigned afterwards by interval
colouring. When some group is larger than some area (areas of different capacities,
REC-03), counts alone do not suffice (a small session kept in the large area can block a
large one that starts while it runs), so the models place each session in an area that
holds it, one session per area at a time.
Objective (REC-05), lexicographic: (1) the most daylight sessions; (2) with that fixed,
the smallest largest deviation of a group's daylight sessions from its fair share. A
group never has the same start on consecutive days.

The rotation is solved in two steps (`plan`): counts per start and daylight per session,
then the sessions matched to them day by day. Should the plan not be realisable without
repeated starts, the full model here (one Boolean per session and start) solves both
levels, and the plan's runs stay in the figures, renamed, as the bounds they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.engine.lexicographic import Assuming, Levels
from scheduler.engine.solving import SolveSettings
from scheduler.recreation.fairness import Past, at_floor, deviation, floor_of, largest_deviation
from scheduler.recreation.plan import areas_of, no_repeat, plan, realise
from scheduler.recreation.sessions import Limits, Session, area_bound, area_free, daylight, holders


@dataclass
class Rotation:
    """The chosen start of every session, and the solver figures."""

    starts: dict[Session, int] | None
    """None when no rotation was found: see the last run's status."""
    runs: list[SolverRun]
    areas: dict[Session, str] | None = None
    """Each session's area when some area is too small for some group; None when any area
    holds any session (areas are then assigned by interval colouring)."""


def rotate(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    settings: SolveSettings,
    limits: Limits,
    repeats: bool = False,
    past: Past | None = None,
) -> Rotation:
    """Solve the rotation; `starts` is None when none was found (the runs say why).
    `limits` caps the sessions in progress at a start (open areas, free officers);
    `repeats` lets a group keep its start on consecutive days (REC-05 is soft: the
    fallback when the members' busy time leaves no rotation without); `past` the groups'
    earlier weeks of the fairness window (CON-01)."""
    chosen, runs = plan(instance, sessions, options, settings, limits, repeats, past)
    if chosen is None:  # the relaxation has no solution (or none in time): nor has the rotation
        return Rotation(None, runs)
    starts = realise(instance, sessions, options, chosen, repeats)
    if starts is not None:
        return Rotation(starts, runs, areas_of(chosen, starts, options) if chosen.rooms is not None else None)
    return _full(instance, sessions, options, settings, runs, limits, repeats, past)


def _full(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    settings: SolveSettings,
    runs: list[SolverRun],
    limits: Limits,
    repeats: bool = False,
    past: Past | None = None,
) -> Rotation:
    """Both levels on one Boolean per session and start; the plan's runs are kept under
    their names as bounds, and the full model's runs follow."""
    for r in runs:
        r.subproblem = f"{r.subproblem} (plan, not realised)"
    model, x, light = _model(instance, sessions, options, limits, repeats)
    z = _rooms(instance, model, sessions, options, x) if area_bound(instance, sessions) else {}
    levels = Levels(model, settings, "recreation", list(x.values()) + list(z.values()), runs=runs)
    if not levels.level("L1 daylight sessions", sum(light.values()), maximize=True, rule="REC-05"):
        return Rotation(None, runs)
    held = round(levels.solver.objective_value)  # type: ignore[union-attr]
    level1 = _starts(x, levels)
    rooms1 = _areas_used(z, levels) if z else None
    worst = largest_deviation(model, sessions, light, held, past)
    reach = at_floor(model, worst, floor_of(sessions, held, past))
    # should the floor not be reachable (or not soon), level 2 starts from level 1's deviation
    first = Assuming([reach], settings.time_limit / 2, {worst: deviation(instance, level1, held, past)})
    if not levels.level("L2 fair daylight", worst, fix=False, assuming=first):
        return Rotation(level1, runs, rooms1)  # level 1's rotation stands; the run reports level 2's status
    return Rotation(_starts(x, levels), runs, _areas_used(z, levels) if z else None)


def _rooms(
    instance: Instance,
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    x: dict[tuple[Session, int], cp_model.IntVar],
) -> dict[tuple[Session, int, str], cp_model.IntVar]:
    """REC-02/03 with areas of different capacities: a session at a start is in one area
    open then (CAL-01) that holds it, and an area has one session in progress at a time."""
    minutes = instance.facility.recreation.session_minutes
    z: dict[tuple[Session, int, str], cp_model.IntVar] = {}
    for s in sessions:
        for t in options[s]:
            own = []
            for a in holders(instance, len(s.inmates)):
                if area_free(instance, a, s.date, t):
                    z[(s, t, a)] = model.new_bool_var(f"{s.pod} {s.label} {s.date} at {t} in {a}")
                    own.append(z[(s, t, a)])
            model.add(x[(s, t)] == sum(own)).with_name(
                f"REC-03 area that holds {s.pod} {s.label} {s.date} {t}"
            )
    by_area: dict[tuple[dt.date, str], list[tuple[int, cp_model.IntVar]]] = {}
    for (s, t, a), var in z.items():
        by_area.setdefault((s.date, a), []).append((t, var))
    for (day, area), starts in sorted(by_area.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - minutes < t <= tau]
            if len(live) > 1:
                model.add_at_most_one(live).with_name(f"REC-02 area {area} {day} {tau}")
    return z


def _areas_used(z: dict[tuple[Session, int, str], cp_model.IntVar], levels: Levels) -> dict[Session, str]:
    """Each session's area in the last usable solution."""
    return {s: a for ((s, _, a), on) in zip(z, levels.values(z.values()), strict=True) if on}


def _starts(x: dict[tuple[Session, int], cp_model.IntVar], levels: Levels) -> dict[Session, int]:
    """Each session's start in the last usable solution."""
    return {s: t for ((s, t), on) in zip(x, levels.values(x.values()), strict=True) if on}


def _model(
    instance: Instance,
    sessions: list[Session],
    options: dict[Session, list[int]],
    limits: Limits,
    repeats: bool = False,
) -> tuple[cp_model.CpModel, dict[tuple[Session, int], cp_model.IntVar], dict[Session, cp_model.LinearExprT]]:
    """REC-01, REC-02 and the no-repeat part of REC-05; and each session's daylight term."""
    rec = instance.facility.recreation
    model = cp_model.CpModel()
    x = {
        (s, t): model.new_bool_var(f"{s.pod} {s.label} {s.date} at {t}") for s in sessions for t in options[s]
    }
    for s in sessions:
        model.add_exactly_one(x[(s, t)] for t in options[s]).with_name(
            f"REC-01 session {s.pod} {s.label} {s.date}"
        )
    _areas(model, sessions, options, x, limits, len(rec.areas), rec.session_minutes)
    if not repeats:
        no_repeat(model, sessions, options, x)
    light = {s: sum(x[(s, t)] for t in options[s] if daylight(instance, t)) for s in sessions}
    return model, x, light


def _areas(
    model: cp_model.CpModel,
    sessions: list[Session],
    options: dict[Session, list[int]],
    x: dict[tuple[Session, int], cp_model.IntVar],
    limits: Limits,
    areas: int,
    minutes: int,
) -> None:
    """REC-02: at every grid time, at most `areas` sessions in progress (per day), fewer
    and within every `limits` entry (closed areas, officers)."""
    by_day: dict[dt.date, list[tuple[int, cp_model.IntVar]]] = {}
    for s in sessions:
        by_day.setdefault(s.date, []).extend((t, x[(s, t)]) for t in options[s])
    for day, starts in sorted(by_day.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - minutes < t <= tau]
            if len(live) > areas:
                model.add(sum(live) <= areas).with_name(f"REC-02 areas {day} {tau}")
    daily: dict[dt.date, list[Session]] = {}
    for s in sessions:
        daily.setdefault(s.date, []).append(s)
    for limit in limits:
        mine = [s for s in daily.get(limit.day, []) if limit.counts(s)]
        live = [x[(s, t)] for s in mine for t in options[s] if t in limit.starts]
        if len(live) > limit.cap:
            model.add(sum(live) <= limit.cap).with_name(f"{limit.rule} {limit.day} {min(limit.starts)}")
