"""Sweeps: `--sweep visitation.booths=3..8` or `=3,5,8`; several sweeps make a grid."""

from __future__ import annotations

import itertools
import re

from scheduler.whatif.paths import Change, SettingError, split_assignment

_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)$")
MOST_VALUES = 200
"""Values one sweep may take: a range typed with a zero too many is refused, not solved for hours."""


def sweep_values(text: str) -> list[Change]:
    """One `--sweep PATH=VALUES` as a change per value, in the order given (a range ascending)."""
    path, values = split_assignment(text, "--sweep")
    m = _RANGE.match(values)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if high < low:
            raise SettingError(f"--sweep {text}: the range {values} runs backwards; write {high}..{low}")
        texts = [str(v) for v in range(low, high + 1)]
    else:
        texts = [v.strip() for v in values.split(",")]
        if not all(texts):
            raise SettingError(f"--sweep {text}: an empty value in the list {values}")
    if len(texts) > MOST_VALUES:
        raise SettingError(f"--sweep {text}: {len(texts)} values, at most {MOST_VALUES}")
    if len(set(texts)) < len(texts):
        raise SettingError(f"--sweep {text}: a value appears twice in {values}")
    return [Change("--sweep", path, t) for t in texts]


def grid(sweeps: list[list[Change]]) -> list[tuple[Change, ...]]:
    """Every combination of the sweeps' values, the first sweep varying slowest."""
    paths = [s[0].path for s in sweeps]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    if twice:
        raise SettingError(f"--sweep {twice[0]}: swept twice; give its values in one --sweep")
    return list(itertools.product(*sweeps))
