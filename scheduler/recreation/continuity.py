"""The rotation across weeks (CON-01): a group's first start of the week is not the start
its group had on the last recreation day of the previous week (REC-05's consecutive days
across the week boundary). Soft like REC-05: the start is taken out of the first session's
options only where another is left, and the fallback that allows repeated starts (when no
rotation avoids them) uses the options as they were. The fair share of daylight is over
the fairness window (`window`, counted by `fairness`)."""

from __future__ import annotations

from scheduler.engine.carry import matched
from scheduler.engine.context import Context
from scheduler.recreation.fairness import Past
from scheduler.recreation.sessions import Session


def across_weeks(ctx: Context, sessions: list[Session], options: dict[Session, list[int]]) -> dict:
    """The options with each group's previous last start taken from its first session."""
    if ctx.previous is None:
        return options
    members: dict[tuple[str, int], set[str]] = {}
    for s in sessions:
        members.setdefault(s.group, set()).update(s.inmates)
    first: dict[tuple[str, int], Session] = {}
    for s in sorted(sessions, key=lambda s: s.date):
        first.setdefault(s.group, s)
    out = dict(options)
    for group, s in first.items():
        before = matched(group[0], group[1], sorted(members[group]), ctx.previous)
        if before is None:
            continue
        kept = [t for t in options[s] if t != before.last_start]
        if kept:
            out[s] = kept
    return out


def window(ctx: Context, sessions: list[Session]) -> Past | None:
    """Each group's sessions and daylight sessions in the earlier weeks of the fairness
    window (CON-01), from the previous week's carry; None for a week on its own."""
    if ctx.previous is None:
        return None
    members: dict[tuple[str, int], set[str]] = {}
    for s in sessions:
        members.setdefault(s.group, set()).update(s.inmates)
    keep = ctx.previous.weeks - 1
    past: Past = {}
    for group, own in members.items():
        before = matched(group[0], group[1], sorted(own), ctx.previous)
        if before is not None and keep > 0:
            light, late = sum(before.daylight[-keep:]), sum(before.late[-keep:])
            past[group] = (light + late, light)
    return past
