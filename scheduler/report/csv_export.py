"""CSV exports of a solved week that a jail management system (JMS) can import (issue 13).

`csv_files` turns a `WeekSchedule` into file name -> CSV text: one file per event type, two
detail files of the visits (their visitors with arrival times, their sub-periods), two
cross-reference views (every officer assignment, every inmate in every event), and the
waitlist, exclusions and unmet demand. The columns are documented in `docs/csv.md`.

Conventions, the same in every file:

- UTF-8 without BOM, "\\n" line ends, a header row always (even with no rows), RFC 4180
  quoting by the `csv` module (a cell holding a comma, a quote or a line break is quoted).
- Every event file starts with `event_id,date,start,end,start_at,end_at`: `date` is the
  ISO date the event began; `start`/`end` are "HH:MM" on that date's timeline as in
  schedule.json, so a night event after midnight reads "24:30" (docs/rules.md, conventions);
  `start_at`/`end_at` are the real local date and time, "2026-11-24T00:30", so an importer
  needs no convention. Every other time of day gets the same pair (`arrive_by`, `arrive_by_at`).
- One row per event; a list (the inmates of a group, the visitors of a visit, a routine
  event's pods, the events a post covers) is one cell with the items joined by ";" in the
  schedule's order. An empty cell is an empty list, or no value (no officer, no booth, no date).
- Rows in (date, start, end, event_id) order; the list files keep the schedule's order.

`read_back` reads a folder of these files and rebuilds the events (as schedule models), the
two views and the lists, checking every header and every `*_at` cell against its date and
"HH:MM" twin, so a round trip proves nothing was dropped or altered.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter

from models.common import format_clock, parse_clock
from models.instance import Instance
from models.schedule import (
    AppointmentEvent,
    Event,
    EventBase,
    Exclusion,
    HourOut,
    LaundryLoad,
    Post,
    RazorBatch,
    RecreationSession,
    RoutineEvent,
    Unmet,
    Unserved,
    VisitEvent,
    WeekSchedule,
)

SEP = ";"
"""Separator of the items of a list cell (ids never hold one: `models.roster` refuses it)."""

# Cell types of a column: how a value is written and read back.
TEXT = "text"
OPT_TEXT = "opt_text"  # "" is no value
INT = "int"
OPT_INT = "opt_int"  # "" is no value
CLOCK = "clock"  # two columns: "HH:MM" on the date's timeline, and `name_at`
LIST = "list"  # items joined by SEP
DATE = "date"
OPT_DATE = "opt_date"  # "" is no value
BOOL = "bool"  # "true" or "false"


@dataclass(frozen=True)
class EventFile:
    """One event file: the event kinds it holds and the fields of their own after the common
    columns (a CLOCK field takes two columns, `name` and `name_at`)."""

    name: str
    kinds: tuple[str, ...]
    models: tuple[type[EventBase], ...]
    fields: tuple[tuple[str, str], ...]


SPAN = ("date", "start", "end", "start_at", "end_at")
"""The columns of an event's date and times, in every event file and view."""
COMMON_HEAD = ("event_id", *SPAN, "kind", "place")
COMMON_TAIL = ("inmates", "officer")

VISIT_FIELDS = (("request_id", TEXT), ("booth", OPT_INT), ("visitors", LIST))
"""`visitors` holds the visitor ids; their arrival times are in visit_visitors.csv and the
sub-periods in visit_subperiods.csv (one row each: a lobby check-in list is per visitor)."""

EVENT_FILES: tuple[EventFile, ...] = (
    EventFile("visits.csv", ("visit",), (VisitEvent,), VISIT_FIELDS),
    EventFile("legal_visits.csv", ("legal_visit", "clergy_visit"), (VisitEvent,), VISIT_FIELDS),
    EventFile("recreation.csv", ("recreation",), (RecreationSession,), (("pod", TEXT), ("group", INT))),
    EventFile("razor_batches.csv", ("razor_batch",), (RazorBatch,), (("pod", TEXT), ("razors", INT))),
    EventFile(
        "laundry_loads.csv",
        ("laundry_load",),
        (LaundryLoad,),
        (
            ("pod", TEXT),
            ("category", TEXT),
            ("washer", TEXT),
            ("dryer", TEXT),
            ("wash_start", CLOCK),
            ("wash_end", CLOCK),
            ("dry_start", CLOCK),
            ("dry_end", CLOCK),
        ),
    ),
    EventFile("hour_outs.csv", ("hour_out",), (HourOut,), (("pod", TEXT),)),
    EventFile("appointments.csv", ("appointment",), (AppointmentEvent,), (("purpose", TEXT), ("note", TEXT))),
    EventFile("posts.csv", ("post",), (Post,), (("session", TEXT), ("covers", LIST), ("window", OPT_INT))),
    EventFile(
        "routine.csv",
        get_args(RoutineEvent.model_fields["kind"].annotation),
        (RoutineEvent,),
        (("pods", LIST), ("note", TEXT)),
    ),
)
"""Every event of a week is in exactly one of these files, by its kind."""

FILE_OF_KIND = {kind: spec for spec in EVENT_FILES for kind in spec.kinds}

VISIT_VISITORS = "visit_visitors.csv"
VISIT_SUBPERIODS = "visit_subperiods.csv"
OFFICER_POSTS = "officer_posts.csv"
INMATE_EVENTS = "inmate_events.csv"
WAITLIST = "waitlist.csv"
EXCLUSIONS = "exclusions.csv"
UNMET = "unmet.csv"

LIST_FILES: dict[str, tuple[type[BaseModel], tuple[tuple[str, str], ...]]] = {
    WAITLIST: (
        Unserved,
        (("request_id", TEXT), ("inmate_id", TEXT), ("rule", TEXT), ("reason", TEXT), ("carried", BOOL)),
    ),
    EXCLUSIONS: (
        Exclusion,
        (("inmate_id", TEXT), ("activity", TEXT), ("date", OPT_DATE), ("rule", TEXT), ("reason", TEXT)),
    ),
    UNMET: (
        Unmet,
        (
            ("rule", TEXT),
            ("kind", TEXT),
            ("subject", TEXT),
            ("date", OPT_DATE),
            ("hard", BOOL),
            ("inmates", LIST),
            ("reason", TEXT),
            ("needed", TEXT),
            ("available", TEXT),
            ("fix", TEXT),
            ("count", INT),
            ("subjects", LIST),
        ),
    ),
}
"""The week's lists, one row per item in the schedule's order, every field of the model."""


def _columns(fields: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(col for name, kind in fields for col in ((name, f"{name}_at") if kind == CLOCK else (name,)))


VISIT_POST = ("post", "post_officer")
"""Derived columns of the visit files (not read back): the post that covers the visit and
its officer, so an importer needs no join with posts.csv."""
CHECK_IN = ("booth", "start", "start_at", "visitor_name")
"""Derived columns of visit_visitors.csv, the lobby's check-in list (not read back)."""


EXTRA = {
    WAITLIST: ("visitor_ids", "dates", "windows"),
    UNMET: ("needed_count", "available_count", "dates"),
}
"""Derived columns of the lists (not read back): a waitlisted request's visitors and the
dates and windows it could have had; an unmet demand's figures as numbers and its dates
(a visit's candidate dates)."""


def _headers() -> dict[str, tuple[str, ...]]:
    headers = {spec.name: COMMON_HEAD + _columns(spec.fields) + COMMON_TAIL for spec in EVENT_FILES}
    for spec in EVENT_FILES:
        if VisitEvent in spec.models:
            headers[spec.name] += VISIT_POST
    headers[VISIT_VISITORS] = (
        "event_id",
        "date",
        "request_id",
        "inmates",
        "visitor_id",
        "arrive_by",
        "arrive_by_at",
        *CHECK_IN,
    )
    headers[VISIT_SUBPERIODS] = ("event_id", *SPAN, "visitor_ids")
    headers[OFFICER_POSTS] = ("event_id", *SPAN, "kind", "place", "officer")
    headers[INMATE_EVENTS] = ("inmate_id", "event_id", *SPAN, "kind", "place", "officer")
    lists = {name: _columns(fields) + EXTRA.get(name, ()) for name, (_model, fields) in LIST_FILES.items()}
    return headers | lists


HEADERS = _headers()
"""File name -> its columns, in the order `csv_files` returns the files."""


# --- writing -----------------------------------------------------------------------------
#
# `csv_files` runs on every solve, and a 20,000-inmate week writes some 190,000 rows (two
# thirds in inmate_events.csv: every event again for each of its inmates). So what a week
# repeats is made once: each (date, minutes) is formatted once, each event's cells once for
# all its inmates' rows, each inmate id once for the week; and each row is encoded as it is
# made, so the export keeps strings, not row objects that would burden the garbage collector.


def at(day: dt.date, minutes: int) -> str:
    """The real local date and time of `minutes` on `day`'s timeline: "2026-11-24T00:30"."""
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
    return moment.isoformat(timespec="minutes")


def _join(items: Sequence[str], what: str | tuple[str, ...]) -> str:
    """The items as one cell; `what` (joined by spaces) names the cell in an error. The check
    is on the joined text, so a valid list, the usual case, costs no loop in Python."""
    text = SEP.join(items)
    if items and ("" in items or text.count(SEP) != len(items) - 1):
        for item in items:
            if not item or SEP in item:
                where = what if isinstance(what, str) else " ".join(what)
                raise ValueError(f"{where}: item {item!r} cannot be written in a {SEP!r}-separated cell")
    return text


Row = Sequence[str]
"""A row's cells, one per column."""


class _Encoder:
    """Rows as `csv.writer` writes them, one line at a time, for files assembled from lines
    and from pieces that are encoded once and reused."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def line(self, row: Row) -> str:
        """The row's line, "\\n" included. A row with nothing `csv` could quote (no comma
        within a cell, no quote, no "\\n" or "\\r": nearly every row) is its cells joined by
        commas, exactly what `csv` writes, in a third of the time; any other row is written
        by `csv` itself."""
        try:
            text = ",".join(row)
        except TypeError:  # a cell that is not a string: `csv` writes str() of it
            return self._written(row)
        if (
            len(row) > 1
            and text.count(",") == len(row) - 1
            and not ('"' in text or "\n" in text or "\r" in text)
        ):
            return text + "\n"
        return self._written(row)

    def _written(self, row: Row) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(row)
        return self._buffer.getvalue()

    def cell(self, cell: str) -> str:
        """The cell as it is written in a row of several (alone, an empty cell reads '""')."""
        return self.line((cell, ""))[:-2]


class _Cells(dict[str, str]):
    """Text -> its cell as `csv` writes it, encoded on first use."""

    def __init__(self, encoder: _Encoder) -> None:
        super().__init__()
        self._encoder = encoder

    def __missing__(self, text: str) -> str:
        cell = self[text] = self._encoder.cell(text)
        return cell


class _Files:
    """The lines of every file, header first, each row encoded as it is added."""

    def __init__(self) -> None:
        self._encoder = _Encoder()
        self._firsts = _Cells(self._encoder)
        self._lines = {name: [self._encoder.line(header)] for name, header in HEADERS.items()}

    def add(self, name: str, row: Row) -> None:
        _check_width(name, len(row))
        self._lines[name].append(self._encoder.line(row))

    def add_each(self, name: str, firsts: Sequence[str], rest: Row) -> None:
        """One row per item of `firsts`, each followed by the same `rest` (the inmates of an
        event, then the event): `rest` is encoded once, and each first cell once per export."""
        if not firsts:
            return
        _check_width(name, 1 + len(rest))
        tail = "," + self._encoder.line(rest)
        cells = self._firsts
        self._lines[name] += [cells[first] + tail for first in firsts]

    def texts(self) -> dict[str, str]:
        """File name -> its text, in HEADERS order."""
        return {name: "".join(lines) for name, lines in self._lines.items()}


def _check_width(name: str, cells: int) -> None:
    if cells != len(HEADERS[name]):  # a programming error, never data
        raise AssertionError(f"{name}: row of {cells} cells for {len(HEADERS[name])} columns")


class _Formatter:
    """The cells of the fields. Times are formatted once per (date, minutes): a large week has
    thousands of events at a few hundred distinct times."""

    def __init__(self) -> None:
        self._clocks: dict[tuple[dt.date, int], tuple[str, str]] = {}
        self._spans: dict[tuple[dt.date, int, int], tuple[str, ...]] = {}

    def clock(self, day: dt.date, minutes: int) -> tuple[str, str]:
        """A CLOCK field's two cells: "HH:MM" on the day's timeline, the real date and time."""
        key = (day, minutes)
        cells = self._clocks.get(key)
        if cells is None:
            cells = self._clocks[key] = (format_clock(minutes), at(day, minutes))
        return cells

    def span(self, day: dt.date, start: int, end: int) -> tuple[str, ...]:
        """The SPAN cells of an event or a sub-period."""
        key = (day, start, end)
        cells = self._spans.get(key)
        if cells is None:
            (start_clock, start_at), (end_clock, end_at) = self.clock(day, start), self.clock(day, end)
            cells = self._spans[key] = (day.isoformat(), start_clock, end_clock, start_at, end_at)
        return cells

    def cells(self, kind: str, value: Any, day: dt.date | None, what: tuple[str, ...]) -> Sequence[str]:
        """The cell(s) of one field: two for a CLOCK (the "HH:MM" and the real date and time).
        `what` (joined by spaces) names the field in an error."""
        if kind == TEXT:
            return ["" if value is None else str(value)]
        if kind == CLOCK:
            assert day is not None
            return self.clock(day, value)
        if kind == LIST:
            return [_join(value, what)]
        if kind == BOOL:
            return ["true" if value else "false"]
        if kind in (DATE, OPT_DATE):
            return ["" if value is None else value.isoformat()]
        if kind in (INT, OPT_INT):
            return ["" if value is None else str(int(value))]
        if value is not None and kind == OPT_TEXT and value == "":
            raise ValueError(f"{' '.join(what)}: an empty text cannot be told from no value")
        return ["" if value is None else str(value)]


def _by_date(week: WeekSchedule) -> Iterator[tuple[dt.date, EventBase]]:
    """The events with their date in (date, start, end, id) order, without keeping a (day, event)
    pair per event through the export: objects that live that long reach the collector's
    oldest generation, and enough of them set off a full collection over the whole process
    (on a 20,000-inmate week, 0.15 s or more: most of the export's own time). The order is
    the same: sorting by (date, start, end, id) is sorting the dates, then each date's
    events (stable, so ties keep the schedule's order either way)."""
    by_date: dict[dt.date, list[EventBase]] = defaultdict(list)
    for day in week.days:
        by_date[day.date] += day.events
    for date in sorted(by_date):
        yield from ((date, event) for event in sorted(by_date[date], key=lambda e: (e.start, e.end, e.id)))


def _event_row(spec: EventFile, head: Row, day: dt.date, event: EventBase, fmt: _Formatter) -> list[str]:
    """The event's row in its event file: `head` (COMMON_HEAD), its own fields, COMMON_TAIL."""
    row = list(head)
    for name, kind in spec.fields:
        value = getattr(event, name)
        if name == "visitors":
            value = [v.visitor_id for v in value]
        row += fmt.cells(kind, value, day, (spec.name, event.id, name))
    row += fmt.cells(LIST, event.inmates, day, (spec.name, event.id, "inmates"))
    row += fmt.cells(OPT_TEXT, event.officer, day, (spec.name, event.id, "officer"))
    return row


def _add_visit(
    files: _Files, event: VisitEvent, day: dt.date, fmt: _Formatter, names: Mapping[str, str]
) -> None:
    """The visit's rows of visit_visitors.csv (with its booth, its start and the visitor's
    name: the lobby's check-in list) and visit_subperiods.csv."""
    inmates = _join(event.inmates, (event.id, "inmates"))
    date = day.isoformat()
    booth = "" if event.booth is None else str(event.booth)
    start = fmt.clock(day, event.start)
    for visitor in event.visitors:
        arrive_by = fmt.clock(day, visitor.arrive_by)
        vid = visitor.visitor_id
        files.add(
            VISIT_VISITORS,
            (event.id, date, event.request_id, inmates, vid, *arrive_by, booth, *start, names.get(vid, "")),
        )
    for part in event.subperiods:
        span = fmt.span(day, part.start, part.end)
        files.add(VISIT_SUBPERIODS, (event.id, *span, _join(part.visitor_ids, event.id)))


def _add_event(
    files: _Files,
    day: dt.date,
    event: EventBase,
    fmt: _Formatter,
    posts: Mapping[str, Post],
    names: Mapping[str, str],
) -> None:
    """The event's row in its event file, its visit details, and its rows of the two views."""
    kind = event.kind  # type: ignore[attr-defined]
    spec = FILE_OF_KIND.get(kind)
    if spec is None:
        raise ValueError(f"event {event.id}: kind {kind!r} has no CSV file")
    head = (event.id, *fmt.span(day, event.start, event.end), kind, event.place)
    row = _event_row(spec, head, day, event, fmt)
    if isinstance(event, VisitEvent):
        post = posts.get(event.id)
        row += ["", ""] if post is None else [post.id, post.officer or ""]
    files.add(spec.name, row)
    if isinstance(event, VisitEvent):
        _add_visit(files, event, day, fmt, names)
    if event.officer is not None:
        files.add(OFFICER_POSTS, (*head, event.officer))
    files.add_each(INMATE_EVENTS, event.inmates, (*head, event.officer or ""))


def _add_lists(files: _Files, week: WeekSchedule, fmt: _Formatter, instance: Instance | None) -> None:
    """The rows of the waitlist, exclusions and unmet files."""
    for name, (_model, fields) in LIST_FILES.items():
        for item in getattr(week, name.removesuffix(".csv")):  # week.waitlist, .exclusions, .unmet
            day = getattr(item, "date", None)
            row: list[str] = []
            for field, kind in fields:
                row += fmt.cells(kind, getattr(item, field), day, (name,))
            if name == WAITLIST:
                row += _waiting(item, instance)
            elif name == UNMET:
                row += [_count(item.needed), _count(item.available), _dates(item, instance)]
            files.add(name, row)


def _waiting(item: Unserved, instance: Instance | None) -> list[str]:
    """A waitlisted request's visitor ids, and the dates and windows it could have had."""
    request = instance.requests.get(item.request_id) if instance else None
    verdict = instance.eligibility.get(item.request_id) if instance else None
    if request is None:
        return ["", "", ""]
    candidates = verdict.candidates if verdict else []
    dates = SEP.join(dict.fromkeys(c.date.isoformat() for c in candidates))
    windows = SEP.join(
        dict.fromkeys(
            instance.facility.visitation.windows[c.window].describe()  # type: ignore[union-attr]
            for c in candidates
            if c.window is not None
        )
    )
    return [SEP.join(request.visitor_ids), dates, windows]


def _count(text: str) -> str:
    """The number a figure starts with ('3 visits' is 3), or empty when it has none."""
    head = text.strip().split(" ", 1)[0].replace(",", "")
    try:
        return f"{float(head):g}"
    except ValueError:
        return ""


def _dates(item: Unmet, instance: Instance | None) -> str:
    """The demand's date, or a visit's candidate dates."""
    if item.date is not None:
        return item.date.isoformat()
    verdict = instance.eligibility.get(item.subject) if instance else None
    return SEP.join(dict.fromkeys(c.date.isoformat() for c in verdict.candidates)) if verdict else ""


def csv_files(week: WeekSchedule, instance: Instance | None = None) -> dict[str, str]:
    """File name -> CSV text, one file per event type plus the visit details, the officer and
    inmate views, the waitlist, exclusions and unmet list (every file, even with no rows).
    The `instance` fills the derived columns that need it (visitor names, a waitlisted
    request's visitors and dates); without it they are empty."""
    files = _Files()
    fmt = _Formatter()
    posts = {c: e for _, e in week.events() if isinstance(e, Post) for c in e.covers}
    names = (
        {k: f"{v.first_name} {v.last_name}".strip() for k, v in instance.visitors.items()} if instance else {}
    )
    for day, event in _by_date(week):
        _add_event(files, day, event, fmt, posts, names)
    _add_lists(files, week, fmt, instance)
    return files.texts()


# --- reading back ------------------------------------------------------------------------

Officered = tuple[str, str, dt.date, int, int, str, str]
"""An officer_posts.csv row: (event_id, kind, date, start, end, place, officer)."""
InmateEvent = tuple[str, str, str, dt.date, int, int, str, str | None]
"""An inmate_events.csv row: (inmate_id, event_id, kind, date, start, end, place, officer)."""


@dataclass
class CsvWeek:
    """What a folder of CSV exports says: the events rebuilt as schedule models (with the
    date each began, in file order), the two views and the three lists."""

    events: list[tuple[dt.date, EventBase]]
    officer_posts: list[Officered]
    inmate_events: list[InmateEvent]
    waitlist: list[Unserved]
    exclusions: list[Exclusion]
    unmet: list[Unmet]


_EVENT = TypeAdapter(Event)


def parse_texts(texts: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """File name -> its rows as column -> cell; every file present with its exact header."""
    out: dict[str, list[dict[str, str]]] = {}
    for name, header in HEADERS.items():
        if name not in texts:
            raise ValueError(f"{name}: missing")
        lines = list(csv.reader(io.StringIO(texts[name], newline="")))
        if not lines or tuple(lines[0]) != header:
            raise ValueError(f"{name}: header {lines[0] if lines else None} is not {list(header)}")
        out[name] = []
        for number, cells in enumerate(lines[1:], start=2):
            if len(cells) != len(header):
                raise ValueError(f"{name}: record {number} has {len(cells)} cells for {len(header)} columns")
            out[name].append(dict(zip(header, cells, strict=True)))
    return out


def read_rows(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The rows of every export file in `folder` (as written by the CLI in OUT/csv)."""
    texts = {}
    for name in HEADERS:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            texts[name] = handle.read()
    return parse_texts(texts)


class _Row:
    """One row being read: typed cells, every `*_at` checked against its date and "HH:MM"."""

    def __init__(self, name: str, number: int, cells: dict[str, str]) -> None:
        self.where = f"{name}: record {number}"
        self.cells = cells
        self.day = _date(cells["date"], self.where) if cells.get("date") else None

    def get(self, column: str, kind: str) -> Any:
        cell = self.cells[column]
        where = f"{self.where}, column {column}"
        if kind == CLOCK:
            minutes = parse_clock(cell)
            if self.day is None or at(self.day, minutes) != self.cells[f"{column}_at"]:  # type: ignore[arg-type]
                raise ValueError(f"{where}_at: {self.cells[f'{column}_at']!r} is not {cell} on {self.day}")
            return minutes
        if kind == LIST:
            return cell.split(SEP) if cell else []
        if kind == BOOL:
            if cell not in ("true", "false"):
                raise ValueError(f"{where}: {cell!r} is not true or false")
            return cell == "true"
        if kind in (OPT_TEXT, OPT_INT, OPT_DATE) and cell == "":
            return None
        if kind in (INT, OPT_INT):
            return int(cell)
        if kind in (DATE, OPT_DATE):
            return _date(cell, where)
        return cell

    def span(self) -> tuple[dt.date, int, int]:
        assert self.day is not None
        return self.day, self.get("start", CLOCK), self.get("end", CLOCK)


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a date like 2026-11-30") from None


def _rows(name: str, rows: list[dict[str, str]]) -> Iterable[_Row]:
    for number, cells in enumerate(rows, start=2):
        yield _Row(name, number, cells)


def _grouped(
    name: str,
    rows: list[dict[str, str]],
    build: Callable[[_Row], dict[str, Any]],
    visits: dict[str, tuple[dt.date, dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """The rows of a visit detail file by visit, in file order; each row's date (and request
    and inmates where given) must be its visit's."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(name, rows):
        event_id = row.cells["event_id"]
        if event_id not in visits:
            raise ValueError(f"{row.where}: event {event_id!r} is not in a visit file")
        day, data = visits[event_id]
        own = {
            "date": day.isoformat(),
            "request_id": data["request_id"],
            "inmates": SEP.join(data["inmates"]),
        }
        for column, value in own.items():
            if column in row.cells and row.cells[column] != value:
                raise ValueError(f"{row.where}, column {column}: {row.cells[column]!r} is not {value!r}")
        groups[event_id].append(build(row))
    return groups


def events_from_rows(rows: dict[str, list[dict[str, str]]]) -> list[tuple[dt.date, EventBase]]:
    """The events of the event files rebuilt as schedule models, with the date each began."""
    built: list[tuple[dt.date, dict[str, Any]]] = []
    for spec in EVENT_FILES:
        for row in _rows(spec.name, rows[spec.name]):
            day, start, end = row.span()
            data: dict[str, Any] = {
                "id": row.cells["event_id"],
                "kind": row.cells["kind"],
                "start": start,
                "end": end,
                "place": row.cells["place"],
                "inmates": row.get("inmates", LIST),
                "officer": row.get("officer", OPT_TEXT),
            }
            if data["kind"] not in spec.kinds:
                raise ValueError(f"{row.where}: kind {data['kind']!r} does not belong in {spec.name}")
            data |= {name: row.get(name, kind) for name, kind in spec.fields}
            built.append((day, data))
    visits = {d["id"]: (day, d) for day, d in built if "visitors" in d}
    arrivals = _grouped(
        VISIT_VISITORS,
        rows[VISIT_VISITORS],
        lambda r: {"visitor_id": r.get("visitor_id", TEXT), "arrive_by": r.get("arrive_by", CLOCK)},
        visits,
    )
    parts = _grouped(
        VISIT_SUBPERIODS,
        rows[VISIT_SUBPERIODS],
        lambda r: {"start": r.span()[1], "end": r.span()[2], "visitor_ids": r.get("visitor_ids", LIST)},
        visits,
    )
    for event_id, (_day, data) in visits.items():
        listed = [a["visitor_id"] for a in arrivals.get(event_id, [])]
        if listed != data["visitors"]:
            raise ValueError(f"{event_id}: visitors {data['visitors']} but {VISIT_VISITORS} lists {listed}")
        data["visitors"] = arrivals.get(event_id, [])
        data["subperiods"] = parts.get(event_id, [])
    return [(day, _EVENT.validate_python(data)) for day, data in built]


def read_texts(texts: dict[str, str]) -> CsvWeek:
    """What the export texts (as `csv_files` returns them) say."""
    return _read(parse_texts(texts))


def read_back(folder: Path) -> CsvWeek:
    """What the export files in `folder` say: events, views and lists rebuilt."""
    return _read(read_rows(folder))


def _read(rows: dict[str, list[dict[str, str]]]) -> CsvWeek:
    officered: list[Officered] = []
    for row in _rows(OFFICER_POSTS, rows[OFFICER_POSTS]):
        day, start, end = row.span()
        c = row.cells
        officered.append((c["event_id"], c["kind"], day, start, end, c["place"], c["officer"]))
    inmate_events: list[InmateEvent] = []
    for row in _rows(INMATE_EVENTS, rows[INMATE_EVENTS]):
        day, start, end = row.span()
        c = row.cells
        officer = row.get("officer", OPT_TEXT)
        inmate_events.append((c["inmate_id"], c["event_id"], c["kind"], day, start, end, c["place"], officer))
    lists: dict[str, list[Any]] = {}
    for name, (model, fields) in LIST_FILES.items():
        lists[name] = [
            model.model_validate({field: row.get(field, kind) for field, kind in fields})
            for row in _rows(name, rows[name])
        ]
    return CsvWeek(
        events=events_from_rows(rows),
        officer_posts=officered,
        inmate_events=inmate_events,
        waitlist=lists[WAITLIST],
        exclusions=lists[EXCLUSIONS],
        unmet=lists[UNMET],
    )
