"""Same input and seed, same schedule byte for byte (timings aside), whatever Python's
string hash seed: set iteration order must never reach a model, a tie or the output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.generate import generate_instance

ROOT = Path(__file__).resolve().parents[1]
HASH_SEEDS = ("1", "2")
TIME_LIMIT = "60"
"""Far above what these instances need, so no solve stops on the (wall-clock) limit."""


def without_timing(path: Path) -> bytes:
    """A schedule file's bytes with the solver seconds blanked (the only part allowed to vary)."""
    return re.sub(rb'"seconds": [0-9.e-]+', b'"seconds": 0', path.read_bytes())


def solve_under_hash_seeds(instance: Path | None, tmp_path: Path) -> list[bytes]:
    """`solve` run as one subprocess per hash seed, at once; each schedule without timings."""
    procs, outs = [], []
    for seed in HASH_SEEDS:
        out = tmp_path / f"hash{seed}"
        args = [sys.executable, "-m", "scheduler.cli", "solve", *([str(instance)] if instance else [])]
        args += ["--out", str(out), "--time-limit", TIME_LIMIT]
        env = os.environ | {"PYTHONHASHSEED": seed}
        procs.append(
            subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        )
        outs.append(out / "schedule.json")
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
    return [without_timing(path) for path in outs]


@pytest.mark.parametrize("generated", [False, True], ids=["bundled", "generated-300"])
def test_schedule_does_not_depend_on_hash_seed(tmp_path: Path, generated: bool) -> None:
    instance = None
    if generated:
        instance = tmp_path / "g300"
        generate_instance(instance, 300, 1)
    first, *others = solve_under_hash_seeds(instance, tmp_path)
    assert all(other == first for other in others)
