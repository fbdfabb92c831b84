"""SEP-01..03: keep-separate pairs, pods and lockdown inmates never meet."""

from __future__ import annotations

from collections import defaultdict

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.verify.core import INPUT_KINDS, Placed, Violation, overlapping_pairs, placed_activities


def check_keep_separate(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """SEP-01: a keep-separate pair never shares an event, nor a place at overlapping times.

    Visits in booths share the place "visitation room"; hour-outs share their pod's dayroom.
    Appointments (APT-01) are input data away from the facility's spaces: not checked here.
    """
    apart = instance.keep_apart
    out = []
    acts = [a for a in placed_activities(schedule) if a.kind not in INPUT_KINDS]
    for act in acts:
        for pair in _pairs_within(act.event.inmates, apart):
            out.append(_sep(act, act, pair, "share"))
    by_place: dict[str, list[Placed]] = defaultdict(list)
    for act in acts:
        if act.event.inmates:
            by_place[act.event.place].append(act)
    for items in by_place.values():
        for a, b in overlapping_pairs(items):
            for x in a.event.inmates:
                for y in b.event.inmates:
                    if x != y and frozenset((x, y)) in apart:
                        out.append(_sep(a, b, (x, y), "overlap in"))
    return out


def _pairs_within(inmates: list[str], apart: frozenset[frozenset[str]]) -> list[tuple[str, str]]:
    return [(x, y) for i, x in enumerate(inmates) for y in inmates[i + 1 :] if frozenset((x, y)) in apart]


def _sep(a: Placed, b: Placed, pair: tuple[str, str], verb: str) -> Violation:
    events = sorted({a.event.id, b.event.id})
    return Violation(
        rule="SEP-01",
        date=a.day.date,
        message=f"keep-separate inmates {pair[0]} and {pair[1]} {verb} {a.event.place}",
        events=events,
    )


def check_pods(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """SEP-02: a group activity holds inmates of one pod, the pod it names."""
    out = []
    for act in placed_activities(schedule):
        pods = sorted({instance.inmates[i].pod for i in act.event.inmates if i in instance.inmates})
        named = getattr(act.event, "pod", None)
        if len(pods) > 1 or (named is not None and pods and pods != [named]):
            out.append(
                Violation(
                    rule="SEP-02",
                    date=act.day.date,
                    message=f"{act.kind} of pod {named or '-'} holds inmates of pods {', '.join(pods)}",
                    events=[act.event.id],
                )
            )
    return out


def check_lockdown_alone(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """SEP-03: an inmate on lockdown that date is never in a session with anyone else."""
    out = []
    for act in placed_activities(schedule):
        if len(act.event.inmates) < 2:
            continue
        for i in act.event.inmates:
            if instance.on_lockdown(i, act.day.date):
                out.append(
                    Violation(
                        rule="SEP-03",
                        date=act.day.date,
                        message=f"inmate {i} on lockdown shares a {act.kind} with others",
                        events=[act.event.id],
                    )
                )
    return out


CHECKS = [check_keep_separate, check_pods, check_lockdown_alone]
