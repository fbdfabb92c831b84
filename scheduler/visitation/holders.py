"""Who holds each visiting-room post, inside the visitation model (STF-01..03).

A stretch of a window (between shift changes, see `posts`) with a visit needs one officer,
on shift and free for all of it, with no declared relationship with any inmate or visitor
of the visits overlapping it; an officer holds one stretch at a time. So admitting a visit
depends on the others in its window: two visits each barred for a different one of the two
officers on shift cannot share the window. The model keeps that exact with one Boolean
per stretch and officer, but only where it can bind: a group of stretches overlapping in
time in which each stretch has its own officer eligible for every visit that could
meet it (a matching, `hall_set`) is always staffed and needs no variable at all; on the
generated weeks that is nearly every window.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Protocol

from ortools.sat.python import cp_model

from models.facility import Visitation
from models.instance import Instance
from scheduler.engine.officers import hall_set
from scheduler.visitation.classes import SlotClass
from scheduler.visitation.options import BoothSlot, Options
from scheduler.visitation.posts import Eligibility, Stretch


class VisitModel(Protocol):
    """What the holders need of the visitation model (which builds them)."""

    instance: Instance
    options: Options
    vis: Visitation
    model: cp_model.CpModel
    slot: dict[BoothSlot, cp_model.IntVar]
    classes: list[SlotClass]
    counts: list[dict[int, cp_model.IntVar]]


Key = tuple[dt.date, int, int]
"""A stretch: date, window index, position in the window."""

User = tuple[cp_model.IntVar, int, str | None]
"""A placement meeting a stretch: its literal (or class count), the most it counts, and
its request (None for a class, whose members anyone may supervise)."""


def stretch_users(vm: VisitModel) -> dict[Key, list[User]]:
    """The placements meeting each stretch."""
    stretches = vm.options.posts.stretches
    minutes = vm.vis.visit_minutes
    out: dict[Key, list[User]] = defaultdict(list)
    for s, var in vm.slot.items():
        if s.window is not None:
            for k, st in enumerate(stretches[(s.date, s.window)]):
                if st.meets(s.start, s.start + minutes):
                    out[(s.date, s.window, k)].append((var, 1, s.request_id))
    monday = vm.instance.monday
    for c, counts in zip(vm.classes, vm.counts, strict=True):
        top = min(len(c.members), vm.vis.booths)
        for t, window in zip(c.starts, c.windows, strict=True):
            if window is None:
                continue
            day = monday + dt.timedelta(days=t // 1440)
            for k, st in enumerate(stretches[(day, window)]):
                if st.meets(t, t + minutes):
                    out[(day, window, k)].append((counts[t], top, None))
    return out


def bound_groups(vm: VisitModel, users: dict[Key, list[User]]) -> list[list[Key]]:
    """The groups of stretches (overlapping in time, transitively) that need variables: those
    in which the officers eligible for every visit of their stretch cannot each take one."""
    stretches = vm.options.posts.stretches
    rules = vm.options.posts.rules
    out = []
    for group in _overlapping(stretches, users):
        universal = {key: _universal(_at(stretches, key), users[key], rules) for key in group}
        officers = sorted({o for key in group for o in _at(stretches, key).officers})
        no = {(o, key) for key in group for o in officers if o not in universal[key]}
        if hall_set(list(group), officers, no):
            out.append(group)
    return out


def _universal(st: Stretch, users: list[User], rules: Eligibility) -> set[str]:
    """The stretch's officers who may supervise every placement that could meet it (the
    officers barred from any of its requests taken out once, not asked per pair)."""
    requests = {r for _, _, r in users if r is not None}
    barred = frozenset().union(*(rules.barred(r) for r in requests))
    return {o for o in st.officers if o not in barred}


def _at(stretches: dict[tuple[dt.date, int], list[Stretch]], key: Key) -> Stretch:
    return stretches[key[:2]][key[2]]


def _overlapping(
    stretches: dict[tuple[dt.date, int], list[Stretch]], users: dict[Key, list[User]]
) -> list[list[Key]]:
    """Stretches with placements, grouped where they overlap in time (transitively)."""
    keys = sorted(users, key=lambda k: (_at(stretches, k).start, k[1], k[2]))
    groups: list[list[Key]] = []
    end = -1
    for key in keys:
        st = _at(stretches, key)
        if groups and st.start < end:
            groups[-1].append(key)
            end = max(end, st.end)
        else:
            groups.append([key])
            end = st.end
    return groups


def add_holders(vm: VisitModel) -> dict[tuple[Key, str], cp_model.IntVar]:
    """The post holders' Booleans and their rules, for the groups that need them."""
    model = vm.model
    stretches = vm.options.posts.stretches
    rules = vm.options.posts.rules
    users = stretch_users(vm)
    holders: dict[tuple[Key, str], cp_model.IntVar] = {}
    for group in bound_groups(vm, users):
        for key in group:
            st = _at(stretches, key)
            mine = {o: model.new_bool_var(f"post {key} held by {o}") for o in st.officers}
            holders |= {(key, o): var for o, var in mine.items()}
            model.add_at_most_one(mine.values()).with_name(f"STF-01 one officer holds {key}")
            for var, top, rid in users[key]:
                able = [v for o, v in mine.items() if rid is None or rules.may(o, rid)]
                model.add(var <= top * sum(able)).with_name(f"STF-03 post {key} for {rid or 'class'}")
        _one_at_a_time(model, stretches, group, holders)
    return holders


def _one_at_a_time(
    model: cp_model.CpModel,
    stretches: dict[tuple[dt.date, int], list[Stretch]],
    group: list[Key],
    holders: dict[tuple[Key, str], cp_model.IntVar],
) -> None:
    """STF-02: an officer holds one of the stretches in progress at any time."""
    for key in group:
        t = _at(stretches, key).start
        live = [k for k in group if _at(stretches, k).start <= t < _at(stretches, k).end]
        for o in _at(stretches, key).officers:
            lits = [holders[(k, o)] for k in live if (k, o) in holders]
            if len(lits) > 1:
                model.add_at_most_one(lits).with_name(f"STF-02 {o} holds one post at {t}")
