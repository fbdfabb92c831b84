"""Week after week (CON-01, CON-02): what a week's schedule carries to the next (`carry_of`), and
how the next week finds last week's recreation group for each of its own (`matched`).

Groups are renumbered every week (pods' populations change), so a group is matched to the
previous week's group of the same pod with which it shares the most members (ties: the
same number, then the lower); a group with no member in common starts afresh.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.instance import Instance
from models.schedule import (
    CarriedGroup,
    CarriedHourOut,
    CarriedRequest,
    CarriedSanction,
    Carry,
    WeekSchedule,
)


def carry_of(week: WeekSchedule, instance: Instance, previous: Carry | None = None) -> Carry:
    """What the next week needs of `week` (CON-02), the fairness counts continuing
    `previous`'s within the window."""
    weeks = instance.facility.recreation.fairness_weeks
    return Carry(
        weeks=weeks,
        recreation=_groups(week, instance, previous, weeks),
        hour_outs=_hour_outs(week, instance),
        sanctions=[
            CarriedSanction(id=s.id, inmate_id=s.inmate_id, privilege=s.privilege, end=s.end)
            for s in instance.sanctions
            if s.end > instance.dates[-1]
        ],
        waitlist=[
            CarriedRequest(
                request_id=u.request_id,
                inmate_id=instance.requests[u.request_id].inmate_id,
                visitor_ids=list(instance.requests[u.request_id].visitor_ids),
                registered_at=instance.requests[u.request_id].registered_at,
            )
            for u in week.waitlist
            if u.rule == "capacity" and u.request_id in instance.requests
        ],
    )


def _groups(week: WeekSchedule, instance: Instance, previous: Carry | None, weeks: int) -> list[CarriedGroup]:
    sessions: dict[tuple[str, int], list[tuple[dt.date, int, list[str]]]] = defaultdict(list)
    for day in week.days:
        for e in day.events:
            if getattr(e, "kind", "") == "recreation":
                sessions[(e.pod, e.group)].append((day.date, e.start, list(e.inmates)))  # type: ignore[attr-defined]
    rec = instance.facility.recreation
    out = []
    for (pod, group), items in sorted(sessions.items()):
        members = sorted({i for _, _, ids in items for i in ids})
        last = max(items)
        light = sum(rec.daylight(start) for _, start, _ in items)
        before = matched(pod, group, members, previous)
        out.append(
            CarriedGroup(
                pod=pod,
                group=group,
                members=members,
                last_date=last[0],
                last_start=last[1],
                daylight=[*(before.daylight if before else [])[-(weeks - 1) :], light][-weeks:],
                late=[*(before.late if before else [])[-(weeks - 1) :], len(items) - light][-weeks:],
            )
        )
    return out


def matched(pod: str, group: int, members: list[str], previous: Carry | None) -> CarriedGroup | None:
    """Last week's group of this pod sharing the most members with this one (see module)."""
    if previous is None:
        return None
    mine = set(members)
    best = None
    for g in previous.recreation:
        if g.pod != pod:
            continue
        shared = len(mine & set(g.members))
        key = (shared, g.group == group, -g.group)
        if shared and (best is None or key > best[0]):
            best = (key, g)
    return best[1] if best else None


def _hour_outs(week: WeekSchedule, instance: Instance) -> list[CarriedHourOut]:
    """Each lockdown running past Sunday: how often the inmate had the pod's last hour-out
    this week, and the start of their hour-out on the week's last lockdown night."""
    sunday = instance.dates[-1]
    running: dict[str, dt.date] = {}
    for spell in instance.lockdowns:
        end = spell.start + dt.timedelta(days=spell.days - 1)
        if end > sunday:
            running[spell.inmate_id] = max(end, running.get(spell.inmate_id, end))
    nights: dict[dt.date, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for day in week.days:
        for e in day.events:
            if getattr(e, "kind", "") == "hour_out":  # its id names its night: hour_out:DATE:INMATE
                night = dt.date.fromisoformat(e.id.split(":")[1])
                at = (day.date - night).days * 1440 + e.start
                nights[night][e.pod].append((at, e.inmates[0]))  # type: ignore[attr-defined]
    last: dict[str, int] = defaultdict(int)
    final: dict[str, int] = {}
    for date in sorted(nights):
        for outs in nights[date].values():
            for start, iid in outs:
                final[iid] = start % 1440
            if len(outs) > 1:
                last[max(outs)[1]] += 1
    return [
        CarriedHourOut(inmate_id=i, until=running[i], last_slots=last[i], last_start=final.get(i))
        for i in sorted(running)
    ]
