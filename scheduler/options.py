"""Command-line options shared by the commands that solve (`solve`, `whatif`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


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
