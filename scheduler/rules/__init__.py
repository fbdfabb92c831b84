"""The rule catalogue in code: every rule ID jailsched enforces, with its kind, statement,
source, default and settings (`jailsched rules`, `docs/rules.md`).

Messages, constraint names, verifier checks and tests cite these IDs; a test fails when any
of them cites an ID the catalogue lacks, or when a hard rule has no verifier check or no
test (`places` finds them in the code).
"""

from __future__ import annotations

import re

from scheduler.rules.catalogue import CATALOGUE
from scheduler.rules.rule import Kind, Rule

RULES: dict[str, Rule] = {r.id: r for r in CATALOGUE}
"""Every registered rule by ID, in catalogue order."""

FAMILIES = ("DAY", "HOU", "SEP", "DIS", "VIS", "VTR", "STF", "REC", "RAZ")  # fmt: skip
FAMILIES += ("LAU", "SUP", "IND", "COM", "APT", "CAL", "UNM", "REP", "CON")
"""The ID prefixes of the team's rule contract, registered or not yet (REP, CON): any text
that names one of them with a number is a citation."""

_FAMILY = "|".join(FAMILIES)
CITATION = re.compile(rf"\b({_FAMILY})-(\d{{2}})(?:\.\.(?:({_FAMILY})-)?(\d{{2}}))?\b")
"""A rule ID (`VIS-06`) or a range of one family (`VIS-01..14`, `DIS-03..DIS-07`)."""


def cited(text: str) -> set[str]:
    """Every rule ID a text cites, ranges expanded (`DIS-03..05` cites DIS-03, -04, -05)."""
    out = set()
    for family, first, _, last in CITATION.findall(text):
        end = int(last) if last else int(first)
        out.update(f"{family}-{n:02d}" for n in range(int(first), max(int(first), end) + 1))
    return out


def sections() -> list[str]:
    """The catalogue's sections, in order."""
    return list(dict.fromkeys(r.section for r in CATALOGUE))


def select(section: str | None = None, kind: Kind | None = None) -> list[Rule]:
    """The rules of a section (its name, any part of it, or an ID prefix such as `VIS`) and kind."""
    wanted = (section or "").casefold()
    return [
        r
        for r in CATALOGUE
        if (not wanted or wanted in r.section.casefold() or r.id.casefold().startswith(wanted + "-"))
        and (kind is None or r.kind == kind)
    ]


__all__ = ["CATALOGUE", "FAMILIES", "RULES", "Kind", "Rule", "cited", "sections", "select"]
