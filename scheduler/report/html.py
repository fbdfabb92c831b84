"""`schedule.html`: the week as one printable, self-contained page (inline CSS and SVG, no
script, nothing fetched), for the administrator. The views (`views.py`, `charts.py`) do the
grouping, sorting and wording; the templates in `templates/` only print them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.report import charts, itineraries, views


@cache
def environment() -> jinja2.Environment:
    """The report's templates, escaping every value (names come from input files)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("scheduler.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()) -> str:
    """The week's report as one self-contained HTML page."""
    return environment().get_template("report.html.j2").render(context(week, instance, inmates))


def context(week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()) -> dict[str, object]:
    """Everything the template prints, in print order; `inmates` adds those inmates'
    itineraries (an id not in the instance is skipped)."""
    names = views.Names(instance)
    describer = views.Describer(week, names)
    return {
        "cover": views.cover(week, instance, names),
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
    }
