"""What the commands share: their common options and arguments, the instance they use when none
is given, bad input as one line per problem and exit 2, and how written files are shown."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from models.instance import Instance
from models.problems import InstanceError
from scheduler.loading import load_instance
from scheduler.output.folder import CSV_DIR, POSTS_DIR

BUNDLED = Path(__file__).resolve().parents[2] / "instances" / "warren"
"""The bundled Warren County week, used when a command is given no instance folder."""


def time_limit(default: float) -> Callable[[Any], Any]:
    """`--time-limit`: seconds per CP-SAT call (every solve is bounded)."""
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        default=default,
        show_default=True,
        help="Seconds per CP-SAT call.",
    )


DEADLINE = click.option(
    "--deadline",
    type=click.FloatRange(min=0.1),
    default=300.0,
    show_default=True,
    help="Seconds for each sub-problem's whole run; one still solving then keeps its best schedule, "
    "reported with its status, bound and gap.",
)
"""`--deadline`: a budget per sub-problem, every solve included (`--time-limit` bounds each call)."""


SEED = click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
"""`--seed`: CP-SAT's random seed (one search worker: the same seed gives the same week)."""


def fail(lines: list[str]) -> None:
    """Bad input: each problem on its own line on stderr, exit 2, nothing written."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


def reports_bad_input(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an `InstanceError` into its lines on stderr and exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InstanceError as exc:
            fail(exc.lines)

    return wrapper


def load_or_bundled(instance: Path | None) -> Instance:
    """The instance folder given, else the bundled week."""
    return load_instance(instance or BUNDLED)


def say_absent(instance: Instance) -> None:
    """One stderr line naming the optional files the folder lacks (read as no rows), so a
    deleted separations.csv is never silently an empty one."""
    if instance.absent_files:
        click.echo(f"{', '.join(instance.absent_files)}: not in the instance folder, read as empty", err=True)


INSTANCE = click.argument("instance", required=False, type=click.Path(path_type=Path))


INMATES = click.option(
    "--inmate",
    "inmates",
    multiple=True,
    metavar="ID",
    help="Add this inmate's itinerary to schedule.html (repeatable).",
)


def unknown_inmates(instance: Instance, inmates: tuple[str, ...]) -> list[str]:
    """One line per `--inmate` the instance does not have."""
    return [f"--inmate {i}: no inmate {i} in inmates.csv" for i in inmates if i not in instance.inmates]


def shown(written: list[Path]) -> list[str]:
    """The files written, the CSV exports and the post sheets as one folder line each."""
    csv = [p for p in written if p.parent.name == CSV_DIR]
    sheets = [p for p in written if POSTS_DIR in p.parts and p.suffix == ".html"]
    rest = [str(p) for p in written if p not in csv and p not in sheets]
    index = next((p for p in sheets if p.name == "index.html"), None)
    lines = rest + ([f"{csv[0].parent}/ ({len(csv)} CSV files)"] if csv else [])
    return lines + ([f"{index} ({len(sheets) - 1} post sheets)"] if index else [])
