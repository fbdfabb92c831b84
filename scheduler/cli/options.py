"""Command-line options shared by the commands that solve (`solve`, `whatif`), and the
instance they use when none is given."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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


SEED = click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")
"""`--seed`: CP-SAT's random seed (one search worker: the same seed gives the same week)."""


def fail(lines: list[str]) -> None:
    """Bad input: each problem on its own line on stderr, exit 2, nothing written."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)
