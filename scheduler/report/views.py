"""View models of the HTML report: everything the templates print, already grouped, sorted and
worded, so the templates only loop. Every list is sorted explicitly (byte-identical output) and
every time goes through `format_when` (a night's 24:30 reads "00:30 (+1)")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from models.common import format_when
from models.instance import Instance
from models.schedule import (
    ALL_SUBPROBLEMS,
    SUPERVISED,
    AppointmentEvent,
    DaySchedule,
    EventBase,
    HourOut,
    LaundryLoad,
    Notice,
    Post,
    RazorBatch,
    RecreationSession,
    RoutineEvent,
    Unmet,
    VisitEvent,
    VisitGrid,
    WeekSchedule,
    WindowReport,
)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
MONTH_NAMES += ("October", "November", "December")
ROUTINE_LABELS = {
    "count": "Count",
    "meal": "Meal",
    "med_pass": "Med pass",
    "mail": "Mail",
    "phones": "Phones",
    "supply_cart": "Supply cart",
    "indigent_package": "Indigent packages",
    "commissary": "Commissary",
}
VISIT_LABELS = {"visit": "Social visit", "legal_visit": "Legal visit", "clergy_visit": "Clergy visit"}
PLACE_RANK = dict.fromkeys(ROUTINE_LABELS, 0) | {
    "visit": 1,
    "legal_visit": 2,
    "clergy_visit": 2,
    "recreation": 3,
    "razor_batch": 4,
    "laundry_load": 5,
    "hour_out": 6,
    "appointment": 7,
}
"""Order of the places on a day's timeline, by the kind of event held there (a post sorts
with the events it covers)."""

DASH = "\u2013"
"""The en dash of time ranges and empty cells."""
_NIGHT_CLOCK = re.compile(r"(?<![\d:])(2[4-9]|3\d|4[0-7]):([0-5]\d)(?!\d)")
_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=512)
def long_date(day: dt.date) -> str:
    """'Monday 23 November 2026', spelled here so the system locale cannot change the output
    (cached: every visitor pass prints one of the week's seven)."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@lru_cache(maxsize=512)
def short_date(day: dt.date) -> str:
    """'Mon 23 Nov', for table cells (cached: every itinerary line prints one)."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"


@lru_cache(maxsize=1 << 14)
def span(start: int, end: int) -> str:
    """A time range as people read it: '23:30-00:30 (+1)' with an en dash (cached: a week
    prints its few thousand distinct ranges some hundred thousand times)."""
    return f"{format_when(start)}{DASH}{format_when(end)}"


def readable(text: str) -> str:
    """Free text from the solvers with any night-of clock ('24:30') in the readable form (most
    texts have no clock at all: they skip the regular expression)."""
    if ":" not in text:
        return text
    return _NIGHT_CLOCK.sub(lambda m: format_when(int(m.group(1)) * 60 + int(m.group(2))), text)


@lru_cache(maxsize=1 << 17)
def natural(text: str) -> tuple[int | str, ...]:
    """A sort key that puts 'W2' before 'W10': the text's runs of digits and of other
    characters as flat pairs, (0, number) or (1, text), which order exactly as a tuple of those
    pairs would but compare faster. Cached: a report sorts the same ids (inmates, visitors,
    pods) over and over (the key is an immutable tuple)."""
    key: list[int | str] = []
    for part in _DIGITS.split(text):
        if part:
            key += (0, int(part)) if part.isdigit() else (1, part)
    return tuple(key)


def anchor(prefix: str, key: str) -> str:
    """A stable fragment id from a prefix and any id (only [A-Za-z0-9-] kept)."""
    return prefix + "-" + re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")


class Names:
    """Display names of inmates, visitors and officers; an unknown id prints as itself. The
    'name (id)' labels are made once, as a big week prints each of them many times."""

    def __init__(self, instance: Instance) -> None:
        self._inmates = {k: f"{v.first_name} {v.last_name}".strip() for k, v in instance.inmates.items()}
        self._visitors = {k: f"{v.first_name} {v.last_name}".strip() for k, v in instance.visitors.items()}
        self._officers = {k: f"{v.first_name} {v.last_name}".strip() for k, v in instance.officers.items()}
        self._inmate_labels = {k: _named(v, k) for k, v in self._inmates.items()}
        self._visitor_labels = {k: _named(v, k) for k, v in self._visitors.items()}
        self._officer_labels = {k: _named(v, k) for k, v in self._officers.items()}

    def inmate(self, iid: str) -> str:
        """'Zoë O'Brien (I0001)'."""
        return self._inmate_labels.get(iid, iid)

    def visitor(self, vid: str) -> str:
        """'Ann Lee (V063)'."""
        return self._visitor_labels.get(vid, vid)

    def officer(self, oid: str | None) -> str:
        """'Dana Park (O16)', or '' for no officer."""
        return self._officer_labels.get(oid, oid) if oid else ""

    def visitor_only(self, vid: str) -> str:
        """The visitor's name alone (a pass prints the id on its own line)."""
        return self._visitors.get(vid) or vid

    def inmate_only(self, iid: str) -> str:
        """The inmate's name alone."""
        return self._inmates.get(iid) or iid


def _named(name: str | None, key: str) -> str:
    return f"{name} ({key})" if name else key


# ---------------------------------------------------------------- events as lines


UNSTAFFED = "UNSTAFFED (STF-01)"
"""The officer cell of a supervised session no officer could take (it is in the unmet list)."""


class Line(NamedTuple):
    """One event as a line of a timeline or an itinerary (immutable, as it is shared by them;
    a named tuple because a big week makes tens of thousands, and a frozen dataclass takes
    twice as long to make)."""

    ev: str
    date: str
    when: str
    place: str
    what: str
    who: str
    ids: str
    officer: str
    via_post: bool
    kind: str


class Describer:
    """Words for events: what, who and the officer (a visit's officer is its window's post).
    One describer serves one report: it words each event once, although the event is printed
    on its day's timeline and on its pods', its officer's and its inmates' itineraries."""

    def __init__(self, week: WeekSchedule, names: Names) -> None:
        self.names = names
        self.post_of: dict[str, str] = {}
        for _, event in week.events():
            if isinstance(event, Post) and event.officer:
                for covered in event.covers:
                    self.post_of.setdefault(covered, event.officer)
        self._lines: dict[int, tuple[EventBase, Line]] = {}

    def line(self, day: DaySchedule, event: EventBase) -> Line:
        """The event (of `day`) as a line, built on first use. Keyed by the event object, not
        its id: an id is unique in a valid week, but a hand-edited file is not checked for it
        (the event is kept with its line so the key cannot be reused by a new object)."""
        found = self._lines.get(id(event))
        if found is None:
            found = self._lines[id(event)] = (event, self._line(day, event))
        return found[1]

    def _line(self, day: DaySchedule, event: EventBase) -> Line:
        what, who, ids = self._words(event)
        kind = getattr(event, "kind", "event")
        officer, via = event.officer, False
        if officer is None and event.id in self.post_of:
            officer, via = self.post_of[event.id], True
        return Line(
            ev=event.id,
            date=short_date(day.date),
            when=span(event.start, event.end),
            place=event.place,
            what=readable(what),
            who=who,
            ids=ids,
            officer=UNSTAFFED if officer is None and kind in SUPERVISED else self.names.officer(officer),
            via_post=via,
            kind=kind,
        )

    def _words(self, event: EventBase) -> tuple[str, str, str]:
        """(what, who, member ids) of an event."""
        n = self.names
        if isinstance(event, VisitEvent):
            booth = f", booth {event.booth}" if event.booth is not None else ""
            who = ", ".join(map(n.inmate, event.inmates))
            seen = ", ".join([n.visitor(v.visitor_id) for v in event.visitors])
            return f"{VISIT_LABELS[event.kind]}{booth} ({event.request_id})", f"{who} with {seen}", ""
        if isinstance(event, RecreationSession):
            return f"Recreation, pod {event.pod} group {event.group}", _count(event.inmates), _ids(event)
        if isinstance(event, RazorBatch):
            return f"Razors, pod {event.pod}: {event.razors} razors", _count(event.inmates), _ids(event)
        if isinstance(event, LaundryLoad):
            what = (
                f"Laundry, pod {event.pod} {event.category}: {event.washer} "
                f"{span(event.wash_start, event.wash_end)}, "
                f"{event.dryer} {span(event.dry_start, event.dry_end)}"
            )
            return what, "", ""
        if isinstance(event, HourOut):
            return f"Hour out, pod {event.pod}", ", ".join(map(n.inmate, event.inmates)), ""
        if isinstance(event, AppointmentEvent):
            note = f": {event.note}" if event.note else ""
            who = ", ".join(map(n.inmate, event.inmates))
            return f"{event.purpose.capitalize()} appointment{note}", who, ""
        if isinstance(event, Post):
            return _post_words(event), "", ""
        if isinstance(event, RoutineEvent):
            pods = f" (pods {', '.join(event.pods)})" if event.pods else ""
            note = f": {event.note}" if event.note else ""
            return f"{ROUTINE_LABELS.get(event.kind, event.kind)}{pods}{note}", "", ""
        return event.id, ", ".join(map(n.inmate, event.inmates)), ""


def _post_words(post: Post) -> str:
    if post.session == "visitation_window":
        return f"Visiting-room post ({len(post.covers)} visits)"
    return f"Laundry shift ({len(post.covers)} loads)"


def _count(inmates: Sequence[str]) -> str:
    return f"{len(inmates)} inmate{'s' if len(inmates) != 1 else ''}"


def _ids(event: EventBase) -> str:
    return " ".join(sorted(event.inmates, key=natural))


def event_key(event: EventBase) -> tuple[int, int, str]:
    """Events in time order, ties by id (never by the solver's list order alone)."""
    return event.start, event.end, event.id


# ---------------------------------------------------------------- first page


@dataclass(frozen=True, slots=True)
class UnmetLine:
    """One unmet demand as the administrator reads it."""

    hard: bool
    rule: str
    kind: str
    subject: str
    date: str
    inmates: str
    reason: str
    needed: str
    available: str
    fix: str


@dataclass
class Cover:
    """The first page: status and everything that needs the administrator."""

    facility: str
    week: str
    status: str
    complete: bool
    scope_note: str
    unmet: list[UnmetLine]
    hard_unmet: int
    notices: list[tuple[str, str, str]]
    reviews: list[tuple[str, str, str]]
    waitlist: list[tuple[str, str, str, str, str, str]]
    exclusions: list[tuple[str, str, str, str, str]]
    kpis: list[tuple[str, str]]
    carried: str = ""
    """The requests carried from last week (CON-03), in words; empty when none."""


def cover(week: WeekSchedule, instance: Instance, names: Names) -> Cover:
    """The first page's view."""
    unmet = sorted(week.unmet, key=_unmet_key)
    hard = sum(u.count for u in unmet if u.hard)
    soft = sum(u.count for u in unmet if not u.hard)
    if hard:
        status = f"{hard} hard demand{'s' if hard != 1 else ''} unmet"
    else:
        status = "Complete: every hard demand is met"
    if soft:
        status += f"; {soft} visit or razor request{'s' if soft != 1 else ''} left out (normal outcome)"
    sunday = week.monday + dt.timedelta(days=6)
    missing = [s for s in ALL_SUBPROBLEMS if s not in week.scope]
    return Cover(
        facility=week.facility,
        week=f"{long_date(week.monday)} to {long_date(sunday)}",
        status=status,
        complete=not hard,
        scope_note=f"Partial schedule, not solved: {', '.join(missing)}" if week.scope and missing else "",
        unmet=[_unmet_line(u, names) for u in unmet],
        hard_unmet=hard,
        notices=[(n.rule, n.subject, readable(n.text)) for n in sorted(week.notices, key=_notice_key)],
        reviews=[
            (names.inmate(r.inmate_id), r.offence_id, readable(r.reason))
            for r in sorted(instance.admin_reviews, key=lambda r: (natural(r.inmate_id), r.offence_id))
        ],
        waitlist=_waitlist(week, instance, names),
        exclusions=_exclusions(week, names),
        kpis=[(kpi_label(k), kpi_value(k, v)) for k, v in sorted(week.kpis.items())],
        carried=_carried(week, instance),
    )


def _carried(week: WeekSchedule, instance: Instance) -> str:
    """How the requests carried from last week's waitlist fared (CON-03)."""
    if not instance.carried:
        return ""
    waiting = sorted(u.request_id for u in week.waitlist if u.carried)
    served = len(instance.carried) - len(waiting)
    text = f"{len(instance.carried)} request(s) carried from last week's waitlist (CON-03): {served} served"
    return text + (f", still waiting: {', '.join(waiting)}" if waiting else "")


def _exclusions(week: WeekSchedule, names: Names) -> list[tuple[str, str, str, str, str]]:
    ordered = sorted(
        week.exclusions, key=lambda x: (x.date or week.monday, natural(x.inmate_id), x.activity, x.rule)
    )
    return [
        (
            short_date(x.date) if x.date else "week",
            names.inmate(x.inmate_id),
            x.activity,
            x.rule,
            readable(x.reason),
        )
        for x in ordered
    ]


def _unmet_key(u: Unmet) -> tuple[object, ...]:
    return not u.hard, u.date or dt.date.min, u.kind, u.rule, natural(u.subject), u.reason


def _notice_key(n: Notice) -> tuple[str, str, str]:
    return n.rule, n.subject, n.text


def _unmet_line(u: Unmet, names: Names) -> UnmetLine:
    return UnmetLine(
        hard=u.hard,
        rule=u.rule,
        kind=u.kind.replace("_", " "),
        subject=readable(u.subject),
        date=short_date(u.date) if u.date else "",
        inmates=", ".join(names.inmate(i) for i in u.inmates),
        reason=readable(u.reason),
        needed=readable(u.needed),
        available=readable(u.available),
        fix=readable(u.fix),
    )


def _waitlist(
    week: WeekSchedule, instance: Instance, names: Names
) -> list[tuple[str, str, str, str, str, str]]:
    """The requests refused by a data rule; those left out by the solve are in the unmet list
    (UNM-01), so they are not printed twice."""
    left_out = {u.subject for u in week.unmet if u.kind == "visit"}
    rows = []
    for w in sorted(week.waitlist, key=lambda w: (natural(w.request_id), w.inmate_id)):
        if w.request_id in left_out:
            continue
        request = instance.requests.get(w.request_id)
        kind = request.kind if request else ""
        visitors = ", ".join(names.visitor(v) for v in request.visitor_ids) if request else ""
        rid = f"{w.request_id} (carried)" if w.carried else w.request_id
        rows.append((rid, kind, names.inmate(w.inmate_id), visitors, w.rule, readable(w.reason)))
    return rows


KPI_LABELS = {
    "laundry.loads": "Laundry loads done",
    "laundry.missed": "Laundry loads missed",
    "lockdown.hour_outs": "Hours out of cell (lockdown)",
    "lockdown.latest_end": "Latest hour out ends",
    "lockdown.most_nights_last": "Most nights one inmate has the last hour out",
    "razors.batches": "Razor batches",
    "razors.served": "Razor sign-ups served",
    "razors.unserved": "Razor sign-ups left out",
    "recreation.daylight_sessions": "Recreation sessions in daylight",
    "recreation.excluded": "Recreation exclusions (inmate-days)",
    "recreation.groups": "Recreation groups",
    "recreation.sessions": "Recreation sessions",
    "staffing.day_on_shift": "Officers on shift",
    "staffing.day_sessions": "Supervised sessions",
    "staffing.day_spare_minutes": "Officer minutes on shift and free",
    "staffing.largest_load_minutes": "Largest officer load (minutes)",
    "staffing.sessions": "Supervised sessions, the week",
    "staffing.unstaffed": "Sessions without an officer",
    "visits.eligible": "Visit requests eligible",
    "visits.requests": "Visit requests",
    "visits.served": "Visits served",
    "visits.share": "Booth slots used",
    "visits.wait_max_minutes": "Longest wait of a visitor for their turn in the booth (minutes)",
    "visits.wait_mean_minutes": "Mean wait of a visitor for their turn in the booth (minutes)",
    "visitation.carried": "Requests carried from last week",
    "visitation.carried_served": "Carried requests served",
}
"""Plain labels of the key figures (schedule.json keeps its keys)."""


def kpi_label(name: str) -> str:
    """A key figure as people read it: 'visits.share sat 08:00-11:00 M A-F' is 'Booth slots
    used, Saturday 08:00-11:00, men, surnames A-F'; an unknown key prints as itself."""
    key, _, rest = name.partition(" ")
    label = KPI_LABELS.get(key)
    if label is None:
        return name
    if not rest:
        return label
    try:
        return f"{label}, {short_date(dt.date.fromisoformat(rest))}"
    except ValueError:
        return f"{label}, {window_words(rest)}"


DAY_WORDS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday"}
DAY_WORDS |= {"sat": "Saturday", "sun": "Sunday"}
SEX_WORDS = {"M": "men", "F": "women"}


def window_words(label: str) -> str:
    """A window's label as people say it: 'sat 08:00-11:00 M A-F' reads 'Saturday
    08:00-11:00, men, surnames A-F' (a label of another shape is kept)."""
    parts = label.split()
    if len(parts) < 2 or parts[0] not in DAY_WORDS:
        return label
    words = [f"{DAY_WORDS[parts[0]]} {parts[1]}"]
    rest = parts[2:]
    if rest and rest[0] in SEX_WORDS:
        words.append(SEX_WORDS[rest.pop(0)])
    if rest:
        words.append("surnames " + " ".join(rest))
    return ", ".join(words)


def kpi_value(name: str, value: float) -> str:
    """A KPI as read: a latest end is a time of the night, a share a percentage."""
    if "latest_end" in name:
        return format_when(round(value))
    if ".share " in name:
        return f"{value:.1%}"
    return f"{value:g}"


# ---------------------------------------------------------------- days


@dataclass
class Place:
    """A place's events on a day, each line with the CSS of its bar on the day's axis (the
    line itself is shared with the itineraries, the bar is the timeline's own)."""

    name: str
    lines: list[tuple[Line, str]]


@dataclass
class WindowView:
    """A visitation window: its figures, its booth x slot grid and the visits in it."""

    title: str
    figures: str
    note: str
    slots: list[str]
    booths: list[list[tuple[str, str, str] | str | None]]
    """Per booth and slot: the visit (inmate, visitors, request id), the reason the booth is
    closed then (CAL-01), or nothing."""
    visits: list[tuple[str, str, str, str, str]]


@dataclass
class DayView:
    """One day's section."""

    anchor: str
    title: str
    holiday: bool
    axis: tuple[str, str]
    places: list[Place]
    windows: list[WindowView]
    events: int


def days(week: WeekSchedule, instance: Instance, describer: Describer) -> list[DayView]:
    """Every day of the week, in date order."""
    visits = {
        (day.date, e.booth, e.start): e
        for day, e in week.events()
        if isinstance(e, VisitEvent) and e.booth is not None
    }
    grids = sorted(week.visit_grids, key=lambda g: (g.date, g.slots[:1], g.window))
    reports = {(w.date, w.window): w for w in week.windows}
    views = []
    for day in sorted(week.days, key=lambda d: d.date):
        windows = [
            window_view(g, reports.get((g.date, g.window)), visits, describer.names)
            for g in grids
            if g.date == day.date
        ]
        views.append(_day(day, instance, describer, windows))
    return views


def _day(day: DaySchedule, instance: Instance, describer: Describer, windows: list[WindowView]) -> DayView:
    events = sorted(day.events, key=event_key)
    lo = min((e.start for e in events), default=0) // 60 * 60
    hi = -(-max((e.end for e in events), default=1440) // 60) * 60
    width = max(hi - lo, 60)
    by_place: dict[str, list[tuple[Line, str]]] = {}
    rank: dict[str, int] = {}
    for e in events:
        bar = _bar_style(e.start - lo, e.end - e.start, width)
        by_place.setdefault(e.place, []).append((describer.line(day, e), bar))
        kind = getattr(e, "kind", "")
        if kind != "post":
            rank[e.place] = min(rank.get(e.place, 99), PLACE_RANK.get(kind, 8))
    places = [Place(p, by_place[p]) for p in sorted(by_place, key=lambda p: (rank.get(p, 8), natural(p)))]
    return DayView(
        anchor=anchor("day", day.date.isoformat()),
        title=long_date(day.date),
        holiday=instance.is_holiday(day.date),
        axis=(format_when(lo), format_when(hi)),
        places=places,
        windows=windows,
        events=len(events),
    )


@lru_cache(maxsize=1 << 12)
def _bar_style(offset: int, length: int, width: int) -> str:
    """The CSS placing a bar `offset` minutes into an axis `width` minutes wide (cached: a day's
    thousands of events share a few hundred bars, and formatting floats is slow)."""
    return f"margin-left:{offset * 100 / width:.1f}%;width:{length * 100 / width:.1f}%"


def window_view(
    grid: VisitGrid,
    report: WindowReport | None,
    visits: dict[tuple[dt.date, int, int], VisitEvent],
    names: Names,
) -> WindowView:
    """A window's grid cells (inmate, visitors, request id) and its visit details. The cells
    come from the visit events (booth and start), not from the stored grid's request ids, so
    a schedule edited by hand shows each visit where its event says it is."""
    booths = []
    shown = []
    for b in range(1, len(grid.booths) + 1):
        cells: list[tuple[str, str, str] | str | None] = []
        closed = grid.closed[b - 1] if len(grid.closed) >= b else [None] * len(grid.slots)
        for k, t in enumerate(grid.slots):
            visit = visits.get((grid.date, b, t))
            if visit is None:
                cells.append(closed[k] if k < len(closed) else None)
                continue
            shown.append(visit)
            who = ", ".join(map(names.inmate, visit.inmates))
            seen = ", ".join([names.visitor_only(v.visitor_id) for v in visit.visitors])
            cells.append((who, seen, visit.request_id))
        booths.append(cells)
    shown.sort(key=lambda v: (v.start, v.booth or 0, v.request_id))
    return WindowView(
        title=grid.window,
        figures=_window_figures(report),
        note=readable(report.note) if report else "",
        slots=[format_when(s) for s in grid.slots],
        booths=booths,
        visits=[_visit_detail(v, names) for v in shown],
    )


def _window_figures(r: WindowReport | None) -> str:
    if r is None:
        return ""
    less = f" less {r.closed} closed" if r.closed else ""
    return (
        f"{r.requests} requests, {r.eligible} eligible, {r.booths} booths x {r.slots} slots{less} = "
        f"{r.capacity} visits, {r.served} served"
    )


def _visit_detail(visit: VisitEvent, names: Names) -> tuple[str, str, str, str, str]:
    visitors = "; ".join(
        [f"{names.visitor(v.visitor_id)}, arrive by {format_when(v.arrive_by)}" for v in visit.visitors]
    )
    parts = "; ".join(
        [
            f"{span(s.start, s.end)}: {', '.join(map(names.visitor_only, s.visitor_ids))}"
            for s in visit.subperiods
        ]
    )
    booth = str(visit.booth) if visit.booth is not None else ""
    return span(visit.start, visit.end), booth, ", ".join(map(names.inmate, visit.inmates)), visitors, parts


# ---------------------------------------------------------------- rotation and hour-outs


@dataclass
class Rotation:
    """The recreation rotation matrix (REC-05) with daylight starts marked."""

    dates: list[str]
    rows: list[tuple[str, int, list[tuple[str, bool] | None], int, int]]
    daylight: str


def rotation(week: WeekSchedule, instance: Instance) -> Rotation:
    """Rows by pod and group, one column per date that has a start."""
    rec = instance.facility.recreation
    dates = sorted({d for r in week.rotation for d in r.starts})
    rows = []
    for r in sorted(week.rotation, key=lambda r: (natural(r.pod), r.group)):
        cells = [
            (format_when(r.starts[d]), rec.daylight(r.starts[d])) if d in r.starts else None for d in dates
        ]
        rows.append((r.pod, r.group, cells, len(r.starts), r.daylight))
    return Rotation([short_date(d) for d in dates], rows, span(rec.daylight_start, rec.daylight_end))


def hour_outs(week: WeekSchedule, describer: Describer) -> list[tuple[str, list[Line]]]:
    """Each night's hour-outs, in time order (times past midnight marked +1)."""
    nights = []
    for day in sorted(week.days, key=lambda d: d.date):
        outs = sorted((e for e in day.events if isinstance(e, HourOut)), key=event_key)
        if outs:
            nights.append((f"Night of {long_date(day.date)}", [describer.line(day, e) for e in outs]))
    return nights


# ---------------------------------------------------------------- solver


def solver_rows(week: WeekSchedule) -> list[tuple[str, str, str, str, str]]:
    """The CP-SAT figures, in solving order (the order is the solver's, and deterministic)."""

    def num(value: float | None) -> str:
        return DASH if value is None else f"{value:g}"

    return [(r.subproblem, r.status, num(r.objective), num(r.bound), num(r.gap)) for r in week.solver]
