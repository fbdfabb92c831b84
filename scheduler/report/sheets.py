"""Post sheets: one printable page set per post and day, for the person who works that post
(issue 22). Each sheet names the facility, the post and the date on every printed page (the
template's page margins, with "page x of y"), and holds only what that post needs: the
visiting room's booth grid and lobby check-in list, the legal visits, the yard's rolls, the
razor issue lists, the laundry's machines and pod pickups, a pod's day, an officer's shift,
the lockdown night's hour-outs.

The sheets read the schedule and the instance only; the views here group and word, the
template `sheet.html.j2` prints.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from models.common import format_when
from models.instance import Instance
from models.schedule import DaySchedule, EventBase, VisitGrid, WeekSchedule
from scheduler.report import templating
from scheduler.report.views import Names, long_date, natural, span, window_words

LOBBY = ("visit", "booth", "inmate", "visitor", "arrive by", "ID checked")
BOX = "\u2610"
"""An empty check box, ticked by hand."""
VISITS = ("visit", "clergy_visit")


@dataclass(frozen=True)
class Table:
    """One table of a sheet; a `grid` (booths by time) is kept on one page when it fits."""

    heading: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    grid: bool = False


@dataclass
class Sheet:
    """One post's sheet for one date."""

    slug: str
    post: str
    date: dt.date
    lead: str = ""
    tables: list[Table] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Where the sheet is written under `posts/`."""
        return f"{self.date}/{self.slug}.html"

    @property
    def when(self) -> str:
        return long_date(self.date)


class Sheets:
    """Every sheet of a week, built from the schedule and the instance."""

    def __init__(self, week: WeekSchedule, instance: Instance) -> None:
        self.week, self.instance, self.names = week, instance, Names(instance)
        self.apart: dict[str, set[str]] = defaultdict(set)
        for pair in instance.keep_apart:
            a, b = sorted(pair)
            self.apart[a].add(b)
            self.apart[b].add(a)

    def all(self) -> list[Sheet]:
        """The week's sheets, by date, then post (empty posts left out)."""
        out = []
        for day in self.week.days:
            for build in self._builders():
                out += [s for s in build(day) if s.tables]
        return out

    def _builders(self) -> list[Callable[[DaySchedule], list[Sheet]]]:
        return [
            self.visiting_room,
            self.legal_visits,
            self.yard,
            self.razors,
            self.laundry,
            self.lockdown_night,
            self.pods,
            self.officers,
        ]

    # ------------------------------------------------------------------ people

    def person(self, iid: str) -> tuple[str, str, str, str]:
        """An inmate as a roll shows them: name, id, cell, classification."""
        i = self.instance.inmates.get(iid)
        if i is None:
            return (iid, iid, "", "")
        kind = ", ".join(x for x in (i.charge or i.commitment, "violent" if i.violent else "") if x)
        return (self.names.inmate_only(iid), iid, i.cell, kind.replace("misdemeanour", "misdem."))

    def warning(self, iid: str, day: DaySchedule) -> str:
        """The inmate's keep-separate partners with a session of the same kind that day."""
        out = sorted(self.apart.get(iid, set()), key=natural)
        return "; ".join(f"keep apart from {self.names.inmate(o)}" for o in out if _in_sessions(day, o))

    def on_duty(self, e: EventBase) -> str:
        return f"officer {self.names.officer(e.officer)}" if e.officer else "NO OFFICER (STF-01)"

    # ------------------------------------------------------------------ the posts

    def visiting_room(self, day: DaySchedule) -> list[Sheet]:
        """A sheet per window (the visiting-room post works one): its booth grid (time by
        booth) and its lobby check-in list, every visitor with the visit's time, booth and
        arrive-by. Pages grow with the window's visitors only (about 35 a page)."""
        visits = {getattr(e, "request_id", ""): e for e in _of(day, *VISITS)}
        out = []
        grids = [g for g in self.week.visit_grids if g.date == day.date]
        placed = {r for g in grids for booth in g.booths for r in booth if r}
        windows = [
            (g, [visits[r] for r in dict.fromkeys(r for b in g.booths for r in b if r in visits)])
            for g in grids
        ]
        other = [e for r, e in visits.items() if r not in placed]  # special arrangements (VIS-12)
        for n, (g, own) in enumerate([*windows, (None, other)], 1):
            if not own:
                continue
            own.sort(key=lambda e: (e.start, getattr(e, "booth", 0) or 0))
            lobby = Table("Lobby check-in", LOBBY, [row for e in own for row in self._lobby(e)])
            tables = [self._grid(g, visits), lobby] if g is not None else [lobby]
            name = window_words(g.window) if g is not None else "outside the windows"
            lead = self._post_lead(day, "visitation_window", own[0].start, own[-1].end)
            out.append(Sheet(f"visiting-room-{n}", f"Visiting room, {name}", day.date, lead, tables))
        return out

    def _lobby(self, e: EventBase) -> list[tuple[str, ...]]:
        """A visit's check-in rows: one per visitor, with a box for the ID check (VTR-01)."""
        return [
            (
                span(e.start, e.end),
                str(getattr(e, "booth", "") or ""),
                self.names.inmate(e.inmates[0]),
                self.names.visitor(v.visitor_id),
                format_when(v.arrive_by),
                BOX,
            )
            for v in getattr(e, "visitors", [])
        ]

    def _grid(self, g: VisitGrid, visits: dict[str, EventBase]) -> Table:
        """A window's booths by slot: the inmate and the number of visitors, or why closed."""
        rows = []
        for k, t in enumerate(g.slots):
            cells = []
            for b, booth in enumerate(g.booths):
                rid = booth[k] if k < len(booth) else None
                closed = g.closed[b][k] if b < len(g.closed) and k < len(g.closed[b]) else None
                e = visits.get(rid or "")
                if e is not None:
                    n = len(getattr(e, "visitors", []))
                    cells.append(f"{self.names.inmate_only(e.inmates[0])} ({_plural(n, 'visitor')})")
                else:
                    cells.append(f"closed: {closed}" if closed else "")
            rows.append((format_when(t), *cells))
        columns = ("time", *(f"booth {b}" for b in range(1, len(g.booths) + 1)))
        return Table(f"Booths, {window_words(g.window)}", columns, rows, grid=True)

    def legal_visits(self, day: DaySchedule) -> list[Sheet]:
        visits = sorted(_of(day, "legal_visit"), key=lambda e: (e.start, e.place))
        rows = [
            (
                span(e.start, e.end),
                e.place,
                self.names.inmate(e.inmates[0]),
                ", ".join(self.names.visitor(v.visitor_id) for v in e.visitors),  # type: ignore[attr-defined]
                BOX,
            )
            for e in visits
        ]
        return (
            [
                Sheet(
                    "legal-visits",
                    "Legal visits",
                    day.date,
                    "",
                    [Table("Visits", ("time", "room", "inmate", "visitors", "ID checked"), rows)],
                )
            ]
            if rows
            else []
        )

    def yard(self, day: DaySchedule) -> list[Sheet]:
        """Each recreation area's sheet: each session's roll (names, cells, classification,
        keep-separate warnings) with a box for who came."""
        areas: dict[str, list[Table]] = defaultdict(list)
        for e in sorted(_of(day, "recreation"), key=lambda e: (e.start, e.place)):
            areas[e.place].append(
                Table(
                    f"{span(e.start, e.end)} \u00b7 pod {getattr(e, 'pod', '')} group "
                    f"{getattr(e, 'group', '')} \u00b7 {self.on_duty(e)}",
                    ("inmate", "id", "cell", "classification", "present", "warnings"),
                    [(*self.person(i), BOX, self.warning(i, day)) for i in sorted(e.inmates, key=natural)],
                )
            )
        return [
            Sheet(f"yard-{_slug(area)}", f"Recreation {area}", day.date, _count(tables, "session"), tables)
            for area, tables in sorted(areas.items(), key=lambda kv: natural(kv[0]))
        ]

    def razors(self, day: DaySchedule) -> list[Sheet]:
        """A sheet per pod (a batch is one pod's): each batch's list of who gets a razor, with
        boxes for issued and returned."""
        pods: dict[str, list[Table]] = defaultdict(list)
        for e in sorted(_of(day, "razor_batch"), key=lambda e: (e.start, e.id)):
            pods[getattr(e, "pod", "")].append(
                Table(
                    f"{span(e.start, e.end)} \u00b7 {_plural(len(e.inmates), 'razor')} \u00b7 "
                    f"{self.on_duty(e)}",
                    ("inmate", "id", "cell", "issued", "returned"),
                    [(*self.person(i)[:3], BOX, BOX) for i in sorted(e.inmates, key=natural)],
                )
            )
        return [
            Sheet(
                f"razors-{_slug(pod)}", f"Razor issue, pod {pod}", day.date, _count(tables, "batch"), tables
            )
            for pod, tables in sorted(pods.items(), key=lambda kv: natural(kv[0]))
        ]

    def laundry(self, day: DaySchedule) -> list[Sheet]:
        """The loads by machine and time, and each pod's pickup and return."""
        loads = sorted(_of(day, "laundry_load"), key=lambda e: (e.start, e.id))
        if not loads:
            return []
        machines = [
            (
                x.id.split(":", 2)[2].replace(":", " ").replace("_", " "),
                x.washer,  # type: ignore[attr-defined]
                span(x.wash_start, x.wash_end),  # type: ignore[attr-defined]
                x.dryer,  # type: ignore[attr-defined]
                span(x.dry_start, x.dry_end),  # type: ignore[attr-defined]
                BOX,
            )
            for x in loads
        ]
        groups: dict[tuple[str, str], list[EventBase]] = defaultdict(list)
        for x in loads:
            groups[(x.pod, x.category)].append(x)  # type: ignore[attr-defined]
        pods = [
            (
                f"pod {p}",
                c.replace("_", " "),
                str(len(own)),
                format_when(min(x.wash_start for x in own)),  # type: ignore[attr-defined]
                format_when(max(x.dry_end for x in own)),  # type: ignore[attr-defined]
                BOX,
                BOX,
            )
            for (p, c), own in sorted(groups.items(), key=lambda kv: (natural(kv[0][0]), kv[0][1]))
        ]
        return [
            Sheet(
                "laundry",
                "Laundry",
                day.date,
                self._post_lead(day, "laundry_shift"),
                [
                    Table(
                        "Pickups and returns",
                        ("pod", "category", "loads", "pickup", "return", "picked up", "returned"),
                        pods,
                    ),
                    Table("Loads", ("load", "washer", "wash", "dryer", "dry", "done"), machines),
                ],
            )
        ]

    def lockdown_night(self, day: DaySchedule) -> list[Sheet]:
        rows = [
            (span(e.start, e.end), *self.person(e.inmates[0])[:3], self.names.officer(e.officer), BOX)
            for e in sorted(_of(day, "hour_out"), key=lambda e: (e.start, e.id))
        ]
        table = Table("Hours out of cell", ("time", "inmate", "id", "cell", "officer", "done"), rows)
        return (
            [Sheet("lockdown-night", "Lockdown hours out", day.date, _plural(len(rows), "hour out"), [table])]
            if rows
            else []
        )

    def pods(self, day: DaySchedule) -> list[Sheet]:
        """Each pod's day: every event of its inmates, in time order."""
        pod_of = {i.id: i.pod for i in self.instance.inmates.values()}
        by_pod: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for e in sorted(day.events, key=lambda e: (e.start, e.end, e.id)):
            if e.kind == "post":
                continue
            pods = {pod_of.get(i, "") for i in e.inmates} | {getattr(e, "pod", "")}
            for pod in pods - {""}:
                who = [i for i in e.inmates if pod_of.get(i) == pod]
                names = ", ".join(self.names.inmate_only(i) for i in sorted(who, key=natural)) or "all"
                by_pod[pod].append(
                    (
                        span(e.start, e.end),
                        e.kind.replace("_", " "),
                        e.place,
                        names,
                        self.names.officer(e.officer),
                    )
                )
        return [
            Sheet(
                f"pod-{pod}",
                f"Pod {pod}",
                day.date,
                _plural(len(rows), "event"),
                [Table("The day", ("time", "what", "where", "who", "officer"), rows)],
            )
            for pod, rows in sorted(by_pod.items(), key=lambda kv: natural(kv[0]))
        ]

    def officers(self, day: DaySchedule) -> list[Sheet]:
        """Each officer's posts of the day, in order, under their shift's hours."""
        posts: dict[str, list[EventBase]] = defaultdict(list)
        for e in day.events:
            if e.officer:
                posts[e.officer].append(e)
        out = []
        for oid, own in sorted(posts.items(), key=lambda kv: natural(kv[0])):
            covered = {c for p in own for c in getattr(p, "covers", [])}
            rows = [
                (
                    span(e.start, e.end),
                    _post_name(e),
                    e.place,
                    _plural(len(e.inmates), "inmate") if e.inmates else "",
                )
                for e in sorted(own, key=lambda e: (e.start, e.id))
                if e.id not in covered
            ]
            shift = getattr(self.instance.officers.get(oid), day.weekday, None)
            lead = f"shift {span(*shift)}" if shift else "no shift on record this day"
            out.append(
                Sheet(
                    f"officer-{oid}",
                    f"Officer {self.names.officer(oid)}",
                    day.date,
                    lead,
                    [Table("Posts", ("time", "post", "where", "inmates"), rows)],
                )
            )
        return out

    def _post_lead(self, day: DaySchedule, session: str, start: int = 0, end: int = 10**6) -> str:
        """The officers on the day's posts of a kind (overlapping [start, end)), with their hours."""
        posts = [
            e
            for e in day.events
            if e.kind == "post" and getattr(e, "session", "") == session and e.start < end and start < e.end
        ]
        return "; ".join(
            f"{span(p.start, p.end)}: {self.names.officer(p.officer) or 'no officer'}"
            for p in sorted(posts, key=lambda p: p.start)
        )


INDEX = "index.html"


def render_sheets(week: WeekSchedule, instance: Instance) -> dict[str, str]:
    """Each sheet's page by its path under `posts/`, and the index that lists them."""
    env = templating.environment("scheduler.report")
    page, index = env.get_template("sheet.html.j2"), env.get_template("sheets_index.html.j2")
    common = {"facility": week.facility, "schedule_id": f"week of {week.monday}", "box": BOX}
    sheets = Sheets(week, instance).all()
    out = {s.path: page.render(common | {"sheet": s}) for s in sheets}
    days: dict[dt.date, list[Sheet]] = defaultdict(list)
    for s in sheets:
        days[s.date].append(s)
    out[INDEX] = index.render(common | {"days": sorted(days.items())})
    return out


def _slug(text: str) -> str:
    """A file name part from a place or id (letters, digits and dashes)."""
    return "".join(c if c.isalnum() else "-" for c in text).strip("-") or "x"


def _of(day: DaySchedule, *kinds: str) -> Iterator[EventBase]:
    return (e for e in day.events if e.kind in kinds)


def _in_sessions(day: DaySchedule, iid: str) -> bool:
    return any(iid in e.inmates for e in day.events if e.kind in ("recreation", "razor_batch"))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}es" if word.endswith(("s", "ch")) else f"{n} {word}s"


def _count(tables: list[Table], word: str) -> str:
    return _plural(len(tables), word)


def _post_name(e: EventBase) -> str:
    if e.kind == "post":
        return "visiting room" if getattr(e, "session", "") == "visitation_window" else "laundry shift"
    return e.kind.replace("_", " ")
