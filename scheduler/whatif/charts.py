"""Charts of each key figure against the swept setting, when matplotlib is installed
(`pip install 'jailsched[charts]'`); without it the page shows the table and a note.

Only figures that change across the sweep are drawn. The first swept setting is the x
axis; further swept settings give one line per combination of their values. The SVG is
made reproducible (no date, fixed ids) so two runs write the same page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import NamedTuple

from models.common import format_when
from scheduler.whatif.compare import Figure, merged
from scheduler.whatif.paths import scalar

Point = tuple[tuple[str, ...], tuple[Figure, ...]]
"""A sweep scenario: its swept values as typed (in the sweeps' order) and its figures."""


class Series(NamedTuple):
    """One figure across the sweep: its name, unit, value at each point and the baseline's."""

    key: str
    unit: str
    values: list[float | None]
    base: float | None


@dataclass(frozen=True)
class Chart:
    """One figure against the swept setting, as SVG text and PNG bytes."""

    key: str
    svg: str
    png: bytes


def available() -> bool:
    """Whether matplotlib can be imported (the optional `charts` extra)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def draw(paths: list[str], points: list[Point], baseline: tuple[Figure, ...] = ()) -> list[Chart]:
    """A chart per figure that varies across the points, the baseline's value marked; a
    two-setting sweep as a heatmap of values; [] without matplotlib."""
    if not available() or not points:
        return []
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "jailsched-whatif"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, smaller
    rows = merged([figures for _, figures in points])
    varying = [(k, u, v) for k, u, v in rows if len(set(v)) > 1]
    base = {f.key: f.value for f in baseline}
    swept = [p[0] for p in points]
    draw_one = _heatmap if len(paths) == 2 else _lines
    return [
        _saved(key, draw_one(Series(key, unit, values, base.get(key)), paths, swept))
        for key, unit, values in varying
    ]


def _lines(series: Series, paths: list[str], swept: list[tuple[str, ...]]) -> object:
    """The figure against the first swept setting, a line per value of the others."""
    key, unit, values, base = series
    from matplotlib.figure import Figure as Canvas

    canvas = Canvas(figsize=(6, 3.2))
    ax = canvas.subplots()
    xs = [s[0] for s in swept]
    numeric = all(isinstance(scalar(x), (int, float)) and not isinstance(scalar(x), bool) for x in xs)
    order = list(dict.fromkeys(xs))
    for rest in dict.fromkeys(s[1:] for s in swept):
        mine = [
            (x, v) for (x, *r), v in zip(swept, values, strict=True) if tuple(r) == rest and v is not None
        ]
        px = [scalar(x) if numeric else order.index(x) for x, _ in mine]
        label = ", ".join(f"{p}={v}" for p, v in zip(paths[1:], rest, strict=True)) or None
        ax.plot(px, [v for _, v in mine], marker="o", label=label)
    if base is not None:
        ax.axhline(base, color="grey", linestyle="--", linewidth=1, label="baseline")
    if not numeric:
        ax.set_xticks(range(len(order)), order)
    elif all(isinstance(scalar(x), int) for x in xs):
        _integer(ax.xaxis)
    ax.set_xlabel(paths[0])
    _value_axis(ax, unit)
    ax.set_title(key, fontsize=10)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    return canvas


def _heatmap(series: Series, paths: list[str], swept: list[tuple[str, ...]]) -> object:
    """A two-setting sweep: a grid of values, the first setting across, the second down."""
    key, unit, values, base = series
    from matplotlib.figure import Figure as Canvas

    xs, ys = list(dict.fromkeys(s[0] for s in swept)), list(dict.fromkeys(s[1] for s in swept))
    grid = [[float("nan")] * len(xs) for _ in ys]
    for (x, y), v in zip(swept, values, strict=True):
        if v is not None:
            grid[ys.index(y)][xs.index(x)] = v
    canvas = Canvas(figsize=(6, 3.6))
    ax = canvas.subplots()
    image = ax.imshow(grid, cmap="viridis", aspect="auto", origin="lower")
    canvas.colorbar(image, ax=ax, label=_axis(unit))
    known = [v for row in grid for v in row if v == v]  # NaN is not equal to itself
    middle = (min(known) + max(known)) / 2 if known else 0.0
    for j, row in enumerate(grid):
        for i, v in enumerate(row):
            if v == v:
                colour = "white" if v < middle else "black"  # readable on the dark and the light end
                ax.text(i, j, _label(unit, v), ha="center", va="center", color=colour, fontsize=8)
    ax.set_xticks(range(len(xs)), xs)
    ax.set_yticks(range(len(ys)), ys)
    ax.set_xlabel(paths[0])
    ax.set_ylabel(paths[1])
    marked = f" (baseline {_label(unit, base)})" if base is not None else ""
    ax.set_title(key + marked, fontsize=10)
    return canvas


def _value_axis(ax: object, unit: str) -> None:
    """Counts, shares and minutes from zero, counts in whole numbers, times of day as clocks."""
    from matplotlib.ticker import FuncFormatter

    ax.set_ylabel(_axis(unit))  # type: ignore[attr-defined]
    if unit == "clock":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_when(round(v))))  # type: ignore[attr-defined]
        return
    ax.set_ylim(bottom=0)  # type: ignore[attr-defined]
    if unit == "count":
        _integer(ax.yaxis)  # type: ignore[attr-defined]


def _integer(axis: object) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def _label(unit: str, value: float | None) -> str:
    if value is None:
        return "-"
    if unit == "clock":
        return format_when(round(value))
    if unit == "share":
        return f"{value * 100:.0f}%"
    return f"{value:g}"


def _saved(key: str, canvas: object) -> Chart:
    """The chart as SVG text and PNG bytes, reproducibly (no date, fixed ids)."""
    canvas.tight_layout()  # type: ignore[attr-defined]
    svg, png = io.StringIO(), io.BytesIO()
    canvas.savefig(svg, format="svg", metadata={"Date": None})  # type: ignore[attr-defined]
    canvas.savefig(png, format="png", dpi=100, metadata={"Software": None})  # type: ignore[attr-defined]
    return Chart(key, svg.getvalue(), png.getvalue())


def _axis(unit: str) -> str:
    return {"clock": "time of day", "share": "share", "minutes": "minutes"}.get(unit, "count")
