"""A crowded day costs only that day (REC-01, REC-02): when no rotation of the week exists,
each day that cannot hold all its sessions on its own keeps the most it can, and only the
rest are listed unmet; the other days are untouched.

Per day, one small model: a Boolean per session and start, at most one start a session, at
most the areas in progress at every start, within every limit (closed areas, officers), a
session in an area that holds it when areas differ (REC-03); maximise the sessions held.
Its optimum is proven per day, so what a day loses is the fewest it can.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from models.instance import Instance
from models.schedule import SolverRun
from scheduler.engine.lexicographic import Levels
from scheduler.engine.solving import SolveSettings
from scheduler.recreation.sessions import Limits, Session, area_free, holders


def most_held(
    instance: Instance,
    today: list[Session],
    options: dict[Session, list[int]],
    limits: Limits,
    settings: SolveSettings,
) -> tuple[list[Session], list[SolverRun]]:
    """The most sessions of one day that fit together (with its solve's figures)."""
    minutes = instance.facility.recreation.session_minutes
    model = cp_model.CpModel()
    x = {(s, t): model.new_bool_var(f"{s.pod} {s.label} at {t}") for s in today for t in options[s]}
    for s in today:
        model.add_at_most_one(x[(s, t)] for t in options[s]).with_name(f"REC-01 once {s.pod} {s.label}")
    by_area: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    for (s, t), var in x.items():
        rooms = [a for a in holders(instance, len(s.inmates)) if area_free(instance, a, s.date, t)]
        z = [model.new_bool_var(f"{s.pod} {s.label} at {t} in {a}") for a in rooms]
        model.add(sum(z) == var).with_name(f"REC-03 an area for {s.pod} {s.label} at {t}")
        for a, v in zip(rooms, z, strict=True):
            by_area.setdefault(a, []).append((t, v))
    for area, starts in sorted(by_area.items()):
        for tau in sorted({t for t, _ in starts}):
            live = [v for t, v in starts if tau - minutes < t <= tau]
            if len(live) > 1:
                model.add_at_most_one(live).with_name(f"REC-02 area {area} at {tau}")
    for limit in limits:
        live = [x[(s, t)] for s in today if limit.counts(s) for t in options[s] if t in limit.starts]
        if len(live) > limit.cap:
            model.add(sum(live) <= limit.cap).with_name(f"{limit.rule} {limit.day} {min(limit.starts)}")
    day: dt.date = today[0].date
    levels = Levels(model, settings, f"recreation {day} most sessions held", list(x.values()))
    if not levels.level("L1 sessions held", sum(x.values()), maximize=True, rule="REC-01"):
        return [], levels.runs
    held = {s for (s, _), on in zip(x, levels.values(x.values()), strict=True) if on}
    return [s for s in today if s in held], levels.runs
