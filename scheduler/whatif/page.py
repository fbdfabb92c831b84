"""The files of a what-if run: whatif.json (every figure of every scenario), whatif.html
(one self-contained page: the table, the charts inlined, nothing fetched) and, with
charts, charts/NN-name.png and .svg beside it. Writes only; nothing here solves."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from scheduler.output.folder import write_atomically
from scheduler.report import templating
from scheduler.whatif.additions import ADD_OFFICER, CLOSURE, REMOVE_OFFICER
from scheduler.whatif.charts import Chart
from scheduler.whatif.compare import Table
from scheduler.whatif.scenarios import Outcome, Scenario

JSON = "whatif.json"
HTML = "whatif.html"
CHARTS = "charts"


@dataclass(frozen=True)
class Run:
    """What a run compared: the instance, the swept settings (none for --set or --compare), the
    scenarios (baseline first) with their outcomes, the table and any charts."""

    instance: str
    swept: list[str]
    scenarios: list[Scenario]
    outcomes: list[Outcome]
    table: Table
    charts: list[Chart]
    charts_note: str
    time_limit: float
    seed: int


def data(run: Run) -> dict[str, Any]:
    """whatif.json: plain numbers (times as minutes after midnight) for other tools."""
    return {
        "instance": run.instance,
        "time_limit": run.time_limit,
        "seed": run.seed,
        "swept": run.swept,
        "scenarios": [
            {
                "name": s.name,
                "changes": {c.path: c.value for c in s.changes if c.setting},
                "added_officers": [c.text for c in s.changes if c.option == ADD_OFFICER],
                "removed_officers": [c.text for c in s.changes if c.option == REMOVE_OFFICER],
                "closures": [c.text for c in s.changes if c.option == CLOSURE],
                "figures": {f.key: f.value for f in o.figures},
                "units": {f.key: f.unit for f in o.figures},
                "not_optimal": list(o.not_optimal),
                "unmet": [dict(entry) for entry in o.unmet],
            }
            for s, o in zip(run.scenarios, run.outcomes, strict=True)
        ],
        "table": {"header": run.table.header, "rows": run.table.rows},
    }


def write(out_dir: Path, run: Run) -> list[Path]:
    """Write the files; returns their paths (the charts folder as one entry)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / JSON, out_dir / HTML
    write_atomically(json_path, json.dumps(data(run), indent=2) + "\n")
    write_atomically(html_path, render(run))
    written = [json_path, html_path]
    if run.charts:
        folder = out_dir / CHARTS
        folder.mkdir(exist_ok=True)
        for name, chart in zip(chart_names(run.charts), run.charts, strict=True):
            (folder / f"{name}.png").write_bytes(chart.png)
            write_atomically(folder / f"{name}.svg", chart.svg)
        written.append(folder)
    return written


def chart_names(charts: list[Chart]) -> list[str]:
    """File names: the order, then the figure as a slug ("03-visits-served")."""
    return [
        f"{i:02d}-{re.sub(r'[^a-z0-9]+', '-', c.key.lower()).strip('-')}" for i, c in enumerate(charts, 1)
    ]


def environment() -> jinja2.Environment:
    """This module's templates (the shared set-up: escaping on)."""
    return templating.environment("scheduler.whatif")


def render(run: Run) -> str:
    """whatif.html; the SVG charts go in as data URIs, so their ids never clash in the page."""
    charts = [
        (c.key, "data:image/svg+xml;base64," + base64.b64encode(c.svg.encode()).decode()) for c in run.charts
    ]
    statuses = [(o.name, list(o.not_optimal)) for o in run.outcomes if o.not_optimal]
    unmet = [(o.name, [dict(entry) for entry in o.unmet]) for o in run.outcomes if o.unmet]
    return (
        environment()
        .get_template("whatif.html.j2")
        .render(
            run=run, charts=charts, statuses=statuses, unmet=unmet, changes=[s.changes for s in run.scenarios]
        )
    )
