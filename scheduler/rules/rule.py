"""One entry of the rule catalogue: what a rule says, where it comes from, how to change it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["hard", "soft", "data"]
"""hard: a schedule that breaks it is invalid (the verifier reports a violation); soft: a cost
the optimizer minimises (the verifier reports a figure); data: checked when an instance is
loaded (bad data is one line naming file, record, field and rule; exit 2)."""


@dataclass(frozen=True)
class Rule:
    """A rule as jailsched enforces it, in the project's own words."""

    id: str
    """The ID every message, constraint name and test cites, e.g. `VIS-06`."""
    kind: Kind
    section: str
    """The catalogue section it belongs to, e.g. `Social visitation`."""
    statement: str
    """One sentence (two at most): what a schedule or an instance must satisfy."""
    source: str
    """Where the rule comes from: a handbook section or policy (`WC 14`, `P107 B.2`), or
    `assumed` where the handbook is silent and the value is the project's choice."""
    default: str = ""
    """The default values in words (`1 per week, 1 per day`); empty when the rule has none."""
    settings: tuple[str, ...] = ()
    """Where the default is changed: dotted `facility.yaml` paths (`visitation.social_per_week`)
    or the instance file that declares whom it applies to (`sanctions.csv`); empty when
    nothing configures it."""
