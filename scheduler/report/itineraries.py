"""Itineraries (per pod, per officer, per asked-for inmate) and visitor passes of the HTML
report: the same events as the day timelines, regrouped by who they concern."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from models.common import format_when
from models.instance import Instance
from models.schedule import DaySchedule, EventBase, RoutineEvent, VisitEvent, WeekSchedule
from scheduler.report.views import (
    Describer,
    Line,
    Names,
    anchor,
    long_date,
    natural,
    readable,
    short_date,
    span,
)


@dataclass
class Itinerary:
    """One pod's, officer's or inmate's week."""

    anchor: str
    title: str
    subtitle: str
    lines: list[Line]
    extra: list[str] = field(default_factory=list)


def _lines(describer: Describer, keep: Iterable[tuple[DaySchedule, EventBase]]) -> list[Line]:
    chosen = sorted(keep, key=_dated_key)
    return [describer.line(day, e) for day, e in chosen]


def _dated_key(dated: tuple[DaySchedule, EventBase]) -> tuple[object, ...]:
    """`event_key` with the date first, spelled out (it sorts every itinerary line)."""
    day, event = dated
    return day.date, event.start, event.end, event.id


def pod_itineraries(week: WeekSchedule, instance: Instance, describer: Describer) -> list[Itinerary]:
    """Each pod's events: its sessions, its laundry, and the visits and appointments of its
    inmates (the facility-wide routine is not repeated)."""
    pod_of = {i.id: i.pod for i in instance.inmates.values()}
    found: dict[str, list[tuple[DaySchedule, EventBase]]] = {}
    for day, event in week.events():
        for pod in _pods_of(event, pod_of):
            found.setdefault(pod, []).append((day, event))
    units = [u.id for u in instance.facility.housing_units]
    order = units + sorted((p for p in found if p not in units), key=natural)
    views = []
    for pod in order:
        mine = found.get(pod, [])
        lines = _lines(describer, mine)
        views.append(Itinerary(anchor("pod", pod), f"Pod {pod}", f"{len(mine)} events", lines))
    return views


def _pods_of(event: EventBase, pod_of: dict[str, str]) -> list[str]:
    if isinstance(event, RoutineEvent):
        return sorted(set(event.pods))
    # The model's own fields: getattr(event, "pod", None) raises and catches inside pydantic
    # for every visit, which is slow on a big week.
    pod = vars(event).get("pod")
    if pod is not None:
        return [pod]
    return sorted({pod_of[i] for i in event.inmates if i in pod_of})


def officer_itineraries(week: WeekSchedule, instance: Instance, describer: Describer) -> list[Itinerary]:
    """Each officer's posts of the week (every event whose `officer` is them)."""
    found: dict[str, list[tuple[DaySchedule, EventBase]]] = {}
    for day, event in week.events():
        if event.officer:
            found.setdefault(event.officer, []).append((day, event))
    views = []
    for oid in sorted(found, key=natural):
        minutes = sum(e.end - e.start for _, e in found[oid])
        officer = instance.officers.get(oid)
        role = f"{officer.role}, " if officer else ""
        title = describer.names.officer(oid)
        subtitle = f"{role}{len(found[oid])} posts, {minutes // 60} h {minutes % 60:02d} min supervised"
        views.append(Itinerary(anchor("officer", oid), title, subtitle, _lines(describer, found[oid])))
    return views


def idle_officers(week: WeekSchedule, instance: Instance, names: Names) -> list[str]:
    """Officers with no post this week."""
    busy = {e.officer for _, e in week.events() if e.officer}
    return [names.officer(o) for o in sorted(instance.officers, key=natural) if o not in busy]


def inmate_itineraries(
    week: WeekSchedule, instance: Instance, describer: Describer, inmates: Sequence[str]
) -> list[Itinerary]:
    """The asked-for inmates' weeks, with their exclusions and waitlisted requests; an unknown
    id is skipped (the CLI reports it)."""
    views = []
    for iid in sorted(dict.fromkeys(i for i in inmates if i in instance.inmates), key=natural):
        person = instance.inmates[iid]
        keep = [(d, e) for d, e in week.events() if iid in e.inmates]
        extra = [
            f"{short_date(x.date) if x.date else 'Week'}: no {x.activity} ({x.rule}: {readable(x.reason)})"
            for x in sorted(week.exclusions, key=lambda x: (x.date or week.monday, x.activity, x.rule))
            if x.inmate_id == iid
        ]
        extra += [
            f"Request {w.request_id} not served ({w.rule}: {readable(w.reason)})"
            for w in sorted(week.waitlist, key=lambda w: natural(w.request_id))
            if w.inmate_id == iid
        ]
        subtitle = f"pod {person.pod}, cell {person.cell}, {len(keep)} events"
        title = describer.names.inmate(iid)
        views.append(Itinerary(anchor("inmate", iid), title, subtitle, _lines(describer, keep), extra))
    return views


# ---------------------------------------------------------------- passes


class Pass(NamedTuple):
    """A visitor pass: one card per visitor of a social visit (a named tuple, like
    `views.Line`: a big week makes tens of thousands)."""

    visitor: str
    visitor_id: str
    inmate: str
    inmate_id: str
    date: str
    booth: str
    time: str
    arrive_by: str
    request_id: str


def passes(week: WeekSchedule, names: Names) -> list[Pass]:
    """The week's visitor passes, by date, time, booth and visitor."""
    cards = []
    for day, event in week.events():
        if not isinstance(event, VisitEvent) or event.kind != "visit":
            continue
        inmate = event.inmates[0] if event.inmates else ""
        inmate_name, date = names.inmate_only(inmate), long_date(day.date)
        booth = str(event.booth) if event.booth is not None else ""
        for v in event.visitors:
            cards.append(
                (
                    (day.date, event.start, event.booth or 0, natural(v.visitor_id)),
                    Pass(
                        visitor=names.visitor_only(v.visitor_id),
                        visitor_id=v.visitor_id,
                        inmate=inmate_name,
                        inmate_id=inmate,
                        date=date,
                        booth=booth,
                        time=_presence(event, v.visitor_id),
                        arrive_by=format_when(v.arrive_by),
                        request_id=event.request_id,
                    ),
                )
            )
    cards.sort(key=itemgetter(0))
    return [card for _, card in cards]


def _presence(visit: VisitEvent, visitor_id: str) -> str:
    """When the visitor is in the booth: the subperiods they are in, joined where they touch
    (VIS-04), or the whole visit."""
    if not visit.subperiods:
        return span(visit.start, visit.end)
    spans: list[list[int]] = []
    for part in sorted(visit.subperiods, key=lambda s: (s.start, s.end)):
        if visitor_id not in part.visitor_ids:
            continue
        if spans and spans[-1][1] == part.start:
            spans[-1][1] = part.end
        else:
            spans.append([part.start, part.end])
    return "; ".join(span(a, b) for a, b in spans) or span(visit.start, visit.end)
