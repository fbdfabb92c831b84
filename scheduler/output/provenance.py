"""Where a schedule came from (jailsched version, each input file's SHA-256, seed, time limit):
read by the command line, which owns the files; the solvers never see it."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from models.roster import CSV_FILES
from models.schedule import Provenance
from scheduler.engine.solving import SolveSettings

INPUT_FILES = ("facility.yaml", "week.yaml", *CSV_FILES)
"""Every file an instance folder may hold, in the order the loader reads them."""


def version() -> str:
    """The installed jailsched version."""
    try:
        return metadata.version("jailsched")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def provenance(folder: Path, settings: SolveSettings) -> Provenance:
    """The version, the SHA-256 of each input file present, the seed and the time limit."""
    return Provenance(
        version=version(),
        inputs=provenance_inputs(folder),
        seed=settings.seed,
        time_limit=settings.time_limit,
    )


def provenance_inputs(folder: Path) -> dict[str, str]:
    """The SHA-256 (hex) of each instance file present in `folder`."""
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in INPUT_FILES
        if (folder / name).is_file()
    }
