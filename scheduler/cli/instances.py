"""`jailsched validate`, `show` and `schema`: the instance folder checked, summarised, and its
files' JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from models.events import EventsFile
from models.facility import Facility
from models.roster import CSV_FILES
from models.schedule import WeekSchedule
from scheduler.cli.options import INSTANCE, load_or_bundled, reports_bad_input, say_absent
from scheduler.report.summary import summary


@click.command()
@INSTANCE
@reports_bad_input
def validate(instance: Path | None) -> None:
    """Load and check an instance; print one line per problem and exit 2 if any."""
    inst = load_or_bundled(instance)
    say_absent(inst)
    eligible = sum(e.eligible for e in inst.eligibility.values())
    click.echo(
        f"{inst.name}: valid, week of {inst.monday}: {len(inst.inmates)} inmates, "
        f"{len(inst.requests)} visit requests ({eligible} eligible), {len(inst.officers)} officers"
    )


@click.command()
@INSTANCE
@reports_bad_input
def show(instance: Path | None) -> None:
    """Summarise the week: population, requests and eligibility, lockdowns, razor sign-ups."""
    click.echo(summary(load_or_bundled(instance)), nl=False)


@click.command()
@click.option(
    "--part", type=click.Choice(["all", "input", "output", "events"]), default="all", show_default=True
)
def schema(part: str) -> None:
    """Print the JSON Schema of the instance files, of the schedule and of a repair's events file."""
    out: dict[str, Any] = {}
    if part in ("all", "input"):
        inputs: dict[str, Any] = {"facility.yaml": Facility.model_json_schema()}
        inputs["week.yaml"] = {
            "type": "object",
            "properties": {
                "monday": {
                    "type": "string",
                    "format": "date",
                    "description": "The Monday of the week to schedule, YYYY-MM-DD (e.g. 2026-11-23); the "
                    "schedule covers Monday to Sunday, and a date that is not a Monday is refused.",
                }
            },
        }
        inputs |= {name: model.model_json_schema() for name, model in CSV_FILES.items()}
        out["input"] = inputs
    if part in ("all", "output"):
        out["output"] = WeekSchedule.model_json_schema()
    if part in ("all", "events"):
        out["events"] = EventsFile.model_json_schema()
    click.echo(json.dumps(out, indent=2))
