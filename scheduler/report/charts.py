"""Gantt charts of the HTML report as plain geometry (lanes, ticks, bars in SVG user units),
computed here so the SVG template only prints numbers: razor batches by pod and laundry
loads by washer and dryer, one chart per day."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from models.common import format_when
from models.schedule import LaundryLoad, RazorBatch, WeekSchedule
from scheduler.report.views import long_date, natural, span

WIDTH = 1000
"""The SVG's width in user units; it scales to the page (width 100%)."""
LABELS = 110
"""Room on the left for the lane labels."""
PLOT = WIDTH - LABELS - 24
"""Width of the time axis."""
LANE = 18
TOP = 18
"""Room above the lanes for the hour labels."""
CHAR = 6.2
"""Width of one character of a bar's label, to print the label only where it fits."""


class Bar(NamedTuple):
    """A bar on a lane; `tone` is a CSS class, `title` the tooltip (a named tuple, like
    `Item`: a big week's laundry has tens of thousands)."""

    x: str
    y: str
    w: str
    label: str
    tx: str
    ty: str
    title: str
    tone: str


@dataclass(frozen=True, slots=True)
class Gantt:
    """One chart: its size, the lane labels, the hour ticks and the bars."""

    title: str
    height: int
    left: int
    plot: int
    lanes: list[tuple[int, str]]
    ticks: list[tuple[str, str]]
    bars: list[Bar]
    legend: list[tuple[str, str]]


class Item(NamedTuple):
    """What goes on a chart: a span on a lane."""

    lane: str
    start: int
    end: int
    label: str
    title: str
    tone: str


def gantt(title: str, lanes: list[str], items: list[Item], legend: list[tuple[str, str]]) -> Gantt:
    """Lay out items on lanes against an hour axis that spans them (whole hours)."""
    lo = min(i.start for i in items) // 60 * 60
    hi = max(-(-max(i.end for i in items) // 60) * 60, lo + 60)
    scale = PLOT / (hi - lo)
    row = {lane: n for n, lane in enumerate(lanes)}
    step = 60 if hi - lo <= 12 * 60 else 120
    ticks = [(_num(LABELS + (t - lo) * scale), format_when(t)) for t in range(lo, hi + 1, step)]
    ordered = sorted(items, key=lambda i: (row[i.lane], i.start, i.end, i.title))
    bars = [
        _bar(i, LABELS + (i.start - lo) * scale, (i.end - i.start) * scale, TOP + row[i.lane] * LANE)
        for i in ordered
    ]
    lane_marks = [(TOP + n * LANE, lane) for n, lane in enumerate(lanes)]
    return Gantt(title, TOP + len(lanes) * LANE + 4, LABELS, PLOT, lane_marks, ticks, bars, legend)


def _bar(item: Item, x: float, w: float, y: int) -> Bar:
    label = item.label if w >= len(item.label) * CHAR + 4 else ""
    middle = _num(x + w / 2)
    return Bar(_num(x), str(y + 2), _num(max(w, 1.0)), label, middle, str(y + 13), item.title, item.tone)


@lru_cache(maxsize=1 << 14)
def _num(value: float) -> str:
    """A coordinate with one decimal: short markup, the same bytes on every run (cached: bars
    start and end on the same few hundred minutes, and formatting floats is slow)."""
    return f"{value:.1f}".removesuffix(".0")


def razor_charts(week: WeekSchedule) -> list[Gantt]:
    """Each day's razor batches, one lane per pod (RAZ-02..06)."""
    charts = []
    for day in sorted(week.days, key=lambda d: d.date):
        batches = [e for e in day.events if isinstance(e, RazorBatch)]
        if not batches:
            continue
        lanes = sorted({b.pod for b in batches}, key=natural)
        items = [
            Item(
                b.pod,
                b.start,
                b.end,
                str(b.razors),
                f"pod {b.pod}: {b.razors} razors, {span(b.start, b.end)}",
                "raz",
            )
            for b in batches
        ]
        charts.append(gantt(f"Razors, {long_date(day.date)}", lanes, items, []))
    return charts


def laundry_charts(week: WeekSchedule) -> list[Gantt]:
    """Each day's loads: the wash on its washer's lane, the dry on its dryer's (LAU-02..04)."""
    categories = sorted({e.category for _, e in week.events() if isinstance(e, LaundryLoad)})
    tone = {c: f"c{n % 6}" for n, c in enumerate(categories)}
    charts = []
    for day in sorted(week.days, key=lambda d: d.date):
        loads = [e for e in day.events if isinstance(e, LaundryLoad)]
        if not loads:
            continue
        washers = sorted({x.washer for x in loads}, key=natural)
        dryers = sorted({x.dryer for x in loads}, key=natural)
        items = [item for x in loads for item in _load_items(x, tone[x.category])]
        used = sorted({x.category for x in loads})
        legend = [(tone[c], c.replace("_", " ")) for c in used]
        charts.append(gantt(f"Laundry, {long_date(day.date)}", washers + dryers, items, legend))
    return charts


def _load_items(load: LaundryLoad, tone: str) -> tuple[Item, Item]:
    """A load's wash and dry, each on its machine's lane, labelled with the pod."""
    what = f"pod {load.pod} {load.category}"
    wash = span(load.wash_start, load.wash_end)
    dry = span(load.dry_start, load.dry_end)
    return (
        Item(
            load.washer, load.wash_start, load.wash_end, load.pod, f"{load.washer}: {what}, wash {wash}", tone
        ),
        Item(load.dryer, load.dry_start, load.dry_end, load.pod, f"{load.dryer}: {what}, dry {dry}", tone),
    )
