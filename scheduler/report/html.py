"""`schedule.html`: the week as one printable, self-contained page (inline CSS and SVG, no
script, nothing fetched), for the administrator. The views (`views.py`, `charts.py`) do the
grouping, sorting and wording; the templates in `templates/` print them, except the big
repeated rows, which `Rows` prints (see there why)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import jinja2
from markupsafe import Markup, escape

from models.instance import Instance
from models.schedule import WeekSchedule, in_words
from scheduler.report import charts, itineraries, templating, views


def environment() -> jinja2.Environment:
    """This module's templates (the shared set-up: escaping on)."""
    return templating.environment("scheduler.report")


def render_html(week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()) -> str:
    """The week's report as one self-contained HTML page."""
    with _collector_paused():
        return environment().get_template("report.html.j2").render(context(week, instance, inmates))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the page is built. A 20,000-inmate week
    allocates about a million objects that live until the page is joined, and the collector
    answers with full collections, each walking every live object (the week, the instance,
    in `jailsched solve` the solver's state too): that doubled the render time. The render
    makes no reference cycle (the macros get `rows` as an argument: importing them `with
    context` would tie the whole context into one), so everything is freed by reference
    counting as usual; the collector is restored, if it was on, however the render ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def changes_view(week: WeekSchedule) -> list[dict[str, str]]:
    """A repaired week's changes as the report's first section lists them (REP-04)."""
    if week.repair is None:
        return []
    return [
        {
            "booking": c.booking,
            "change": c.change,
            "old": in_words(c.old),
            "new": in_words(c.new, cancelled=True),
            "cause": c.cause,
            "rule": c.rule,
        }
        for c in week.repair.changes
    ]


def _changed_ids(week: WeekSchedule) -> frozenset[str]:
    """The bookings a repair changed or added (REP-04), marked where the grids show them."""
    if week.repair is None:
        return frozenset()
    return frozenset(c.booking for c in week.repair.changes if c.new is not None)


def context(week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()) -> dict[str, object]:
    """Everything the template prints, in print order; `inmates` adds those inmates'
    itineraries (an id not in the instance is skipped)."""
    names = views.Names(instance)
    describer = views.Describer(week, names)
    return {
        "cover": views.cover(week, instance, names),
        "changes": changes_view(week),
        "days": views.days(week, instance, describer),
        "rotation": views.rotation(week, instance),
        "razor_charts": charts.razor_charts(week),
        "laundry_charts": charts.laundry_charts(week),
        "hour_outs": views.hour_outs(week, describer),
        "pods": itineraries.pod_itineraries(week, instance, describer),
        "officers": itineraries.officer_itineraries(week, instance, describer),
        "idle_officers": itineraries.idle_officers(week, instance, names),
        "inmates": itineraries.inmate_itineraries(week, instance, describer, inmates),
        "passes": itineraries.passes(week, names),
        "solver": views.solver_rows(week),
        "provenance": week.provenance,
        "dash": views.DASH,
        "rows": Rows(_changed_ids(week)),
    }


class Rows:
    """The big repeated rows of the page (timeline rows, itinerary lines, booth grids, visit
    details, visitor passes, chart lanes and bars), printed here and handed to the templates as
    `Markup`: a 20,000-inmate week has some 150,000 of them, and a Jinja loop or macro call costs
    microseconds a row. Each method prints what the template loop it replaces printed, byte for
    byte: every row ends its line (the template calls it as `{{ rows.x(...) -}}`) and every
    value from the week or the input files is escaped, exactly as autoescape would: with
    `escape(value)` when the value is printed once (an event id, a tooltip), else through
    `self._e[value]`, which escapes each distinct value once. One `Rows` serves one render."""

    def __init__(self, changed: frozenset[str] = frozenset()) -> None:
        self._e = _Escaped()
        self._changed = changed
        """Bookings a repair changed: marked "changed" in timelines and booth grids."""

    def _mark(self, booking: str) -> tuple[str, str]:
        """A changed booking's extra class and its printed mark (nothing for the others)."""
        return (" changed", ' <em class="chg">changed</em>') if booking in self._changed else ("", "")

    def timeline(self, lines: Sequence[tuple[views.Line, str]]) -> Markup:
        """A place's rows on a day's timeline (`Place.lines`: each line with its bar's CSS)."""
        e = self._e
        out = []
        for line, bar in lines:
            officer = '<td class="via">post</td>' if line.via_post else f"<td>{e[line.officer]}</td>"
            cls, mark = self._mark(line.ev)
            out.append(
                f'<tr data-ev="{escape(line.ev)}" class="k-{e[line.kind]}{cls}"><td>{e[line.when]}</td>'
                f"<td>{self._event(line)}{mark}</td>{officer}"
                f'<td class="bar"><i style="{e[bar]}"></i></td></tr>\n'
            )
        return Markup("".join(out))

    def itinerary(self, lines: Sequence[views.Line], with_officer: bool = True) -> Markup:
        """An itinerary's rows: date, time, place, event and, unless it is the officer's own
        itinerary, the officer."""
        e = self._e
        out = []
        for line in lines:
            officer = f"<td>{self._officer(line)}</td>" if with_officer else ""
            out.append(
                f"<tr><td>{e[line.date]}</td><td>{e[line.when]}</td><td>{e[line.place]}</td>"
                f"<td>{self._event(line)}</td>{officer}</tr>\n"
            )
        return Markup("".join(out))

    def _event(self, line: views.Line) -> str:
        """The Event cell: what, then who and the member ids when there are any."""
        e = self._e
        who = f"<br>{e[line.who]}" if line.who else ""
        ids = f' <span class="ids">{e[line.ids]}</span>' if line.ids else ""
        return f"{e[line.what]}{who}{ids}"

    def _officer(self, line: views.Line) -> str:
        """An itinerary's Officer cell, marked '(post)' when the officer is the place's post."""
        if line.via_post:
            return f'<span class="via">{self._e[line.officer]} (post)</span>'
        return self._e[line.officer]

    def booths(self, window: views.WindowView) -> Markup:
        """A visitation window's booth x slot grid, one row per booth; a cell holds the
        inmates, the visitors and (as `data-req`) the request id, "closed" with the reason
        (CAL-01), or nothing."""
        e = self._e
        out = []
        for n, row in enumerate(window.booths, start=1):
            cells = "".join(
                f'<td class="v{self._mark("visit:" + c[2])[0]}" data-req="{e[c[2]]}"><b>{e[c[0]]}</b>'
                f"{escape(c[1])}{self._mark('visit:' + c[2])[1]}</td>"
                if isinstance(c, tuple)
                else f'<td class="closed"><b>closed</b>{e[c]}</td>'
                if c
                else "<td></td>"
                for c in row
            )
            out.append(f"<tr><th>{n}</th>{cells}</tr>\n")
        return Markup("".join(out))

    def visits(self, window: views.WindowView) -> Markup:
        """A visitation window's visits: time, booth, inmate, visitors, who is in the booth when."""
        e = self._e
        return Markup(
            "".join(
                f'<tr><td class="t">{e[time]}</td><td>{e[booth]}</td><td>{e[who]}</td>'
                f"<td>{escape(visitors)}</td><td>{e[parts]}</td></tr>\n"
                for time, booth, who, visitors, parts in window.visits
            )
        )

    def passes(self, cards: Sequence[itineraries.Pass]) -> Markup:
        """The visitor passes, one card each."""
        e = self._e
        return Markup(
            "".join(
                f'<div class="card"><b>{e[p.visitor]}</b> <small>{escape(p.visitor_id)} \u00b7 '
                f"{e[p.request_id]}</small><dl><dt>Visiting<dd>{e[p.inmate]} ({e[p.inmate_id]})"
                f"<dt>Date<dd>{e[p.date]}<dt>Booth<dd>{e[p.booth]}<dt>Time<dd>{e[p.time]}"
                f"<dt>Arrive by<dd>{e[p.arrive_by]}</dl></div>\n"
                for p in cards
            )
        )

    def lanes(self, chart: charts.Gantt) -> Markup:
        """A chart's lanes: a band across the plot and the lane's name on its left (the
        numbers are the chart's integer geometry)."""
        e = self._e
        return Markup(
            "".join(
                f'<rect class="lane" x="{chart.left:d}" y="{y + 1:d}" width="{chart.plot:d}" height="16"/>'
                f'<text x="{chart.left - 6:d}" y="{y + 13:d}" text-anchor="end">{e[name]}</text>\n'
                for y, name in chart.lanes
            )
        )

    def bars(self, chart: charts.Gantt) -> Markup:
        """A chart's bars with their tooltips, and their labels where they fit."""
        e = self._e
        out = []
        for b in chart.bars:
            label = f'<text class="in" x="{e[b.tx]}" y="{e[b.ty]}">{e[b.label]}</text>' if b.label else ""
            out.append(
                f'<rect class="{e[b.tone]}" x="{e[b.x]}" y="{e[b.y]}" width="{e[b.w]}" height="14">'
                f"<title>{escape(b.title)}</title></rect>{label}\n"
            )
        return Markup("".join(out))


class _Escaped(dict[str, str]):
    """`escape` of each distinct text, made once per render: a big week prints the same
    times, dates, places, names and event texts on tens of thousands of rows, and `escape`
    (a `Markup` each time) was a third of the render. Keys are texts only (`str`)."""

    def __missing__(self, text: str) -> str:
        escaped = self[text] = str(escape(text))
        return escaped
