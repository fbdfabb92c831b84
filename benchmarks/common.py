"""What the benchmark scripts share: the instances, one fresh process per instance, the CLI."""

from __future__ import annotations

import argparse
import multiprocessing
import resource
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parent.parent / "instances" / "warren"
SIZES = (1000, 5000, 20000)
SEED = 1

Row = dict[str, Any]


def week_folder(tmp: str, name: str, inmates: int | None) -> Path:
    """The bundled week, or a generated one (seed 1) written under `tmp`."""
    if inmates is None:
        return BUNDLED
    from scheduler.generate import generate_instance

    folder = Path(tmp) / name
    generate_instance(folder, inmates, SEED)
    return folder


def peak_mib() -> float:
    """This process's peak memory (max RSS, CP-SAT's C++ side included)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(doc: str, run_one: Callable[[str, int | None], Row], table: Callable[[list[Row]], str]) -> None:
    """Parse `--sizes`, run the bundled week and each size in a fresh process, print the table."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="generated week sizes")
    args = parser.parse_args()
    jobs = [("warren (bundled)", None)] + [(f"generated {n:,}", n) for n in args.sizes]
    rows = []
    for name, inmates in jobs:
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            rows.append(pool.apply(run_one, (name, inmates)))
    print(table(rows))
