"""Charts of each key figure against the swept setting, when matplotlib is installed
(`pip install 'jailsched[charts]'`); without it the page shows the table and a note.

Only figures that change across the sweep are drawn. The first swept setting is the x
axis; further swept settings give one line per combination of their values. The SVG is
made reproducible (no date, fixed ids) so two runs write the same page."""

from __future__ import annotations

import io
from dataclasses import dataclass

from scheduler.whatif.compare import Figure, merged
from scheduler.whatif.paths import scalar

Point = tuple[tuple[str, ...], tuple[Figure, ...]]
"""A sweep scenario: its swept values as typed (in the sweeps' order) and its figures."""


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


def draw(paths: list[str], points: list[Point]) -> list[Chart]:
    """A chart per figure that varies across the points; [] without matplotlib."""
    if not available() or not points:
        return []
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "jailsched-whatif"
    rows = merged([figures for _, figures in points])
    varying = [(k, u, v) for k, u, v in rows if len(set(v)) > 1]
    return [_chart(key, unit, values, paths, [p[0] for p in points]) for key, unit, values in varying]


def _chart(
    key: str, unit: str, values: list[float | None], paths: list[str], swept: list[tuple[str, ...]]
) -> Chart:
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
    if not numeric:
        ax.set_xticks(range(len(order)), order)
    ax.set_xlabel(paths[0])
    ax.set_ylabel(_axis(unit))
    ax.set_title(key, fontsize=10)
    ax.grid(alpha=0.3)
    if len(paths) > 1:
        ax.legend(fontsize=8)
    canvas.tight_layout()
    svg, png = io.StringIO(), io.BytesIO()
    canvas.savefig(svg, format="svg", metadata={"Date": None})
    canvas.savefig(png, format="png", dpi=100, metadata={"Software": None})
    return Chart(key, svg.getvalue(), png.getvalue())


def _axis(unit: str) -> str:
    return {"clock": "minutes after midnight", "share": "share", "minutes": "minutes"}.get(unit, "count")
