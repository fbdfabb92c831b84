"""`docs/rules.md`, generated from the catalogue (`jailsched rules --markdown`): one table per
section with each rule's kind, statement, source, default and settings."""

from __future__ import annotations

from scheduler.rules import CATALOGUE, sections

HEADER = """# Rules

Every rule jailsched enforces, in the project's words, with where it comes from, its default
and the setting that changes it. Messages, constraint names, the verifier and the tests cite
these IDs. Generated from `scheduler/rules/catalogue.py` by
`jailsched rules --markdown > docs/rules.md`; a test fails when this file is out of date.

`jailsched rules ID` also shows where a rule is enforced, verified and tested, found from the
code. Kinds: **hard**, a schedule that breaks it is invalid (the verifier reports a
violation); **soft**, a cost the optimizer minimises (the verifier reports a figure);
**data**, checked when an instance is loaded (one line per problem, exit 2, nothing solved).

Sources: **WC**, the Warren County Detention Facility inmate handbook (by section);
**P107**, the county's policy 107 on professional staff and inmate relationships; **DPH**,
the county health department's corrections-medicine relationships policy; *assumed* or
*project policy*, where the handbook is silent and the value is the project's choice.

## Conventions

- A schedule covers one week, Monday to Sunday, named by its Monday's date. Times are local
  clock times; an activity after midnight belongs to the night on which it began and is
  written past 24:00 on that night's date (`24:30` for 00:30 the next morning).
- An inmate's **surname letter** is the first letter of the last name once accents are
  dropped (Unicode NFKD) and case is folded, skipping leading non-letters (`O'Brien` is O,
  `Élodie` is E). Particles such as `de la` are skipped only when
  `visitation.surname_particles` lists them (`de la Cruz` is D by default). A last name
  with no letter is a data error.
- Holidays are dates listed in `facility.yaml` (`holidays`).
- A count, meal or med pass blocks, for its whole length, the activities its rule names; the
  23:00 count comes before the first lockdown hour-out, so by default hour-outs start at 23:30.
"""


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """The whole of `docs/rules.md`."""
    out = [HEADER]
    for number, section in enumerate(sections(), start=1):
        out += [f"\n## {number}. {section}\n", "| ID | kind | rule | source | default | setting |"]
        out.append("|---|---|---|---|---|---|")
        for r in CATALOGUE:
            if r.section == section:
                settings = ", ".join(f"`{s}`" for s in r.settings)
                cells = (r.id, r.kind, r.statement, r.source, r.default, settings)
                out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"
