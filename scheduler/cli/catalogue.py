"""`jailsched rules`: the rule catalogue, and for one rule where the code enforces, verifies
and tests it."""

from __future__ import annotations

import click

from scheduler.cli.options import fail
from scheduler.rules import RULES, Rule, select
from scheduler.rules.docs import markdown
from scheduler.rules.places import ROLES, Place, has_tests, places_of, scan

LABELS = {"enforced": "Enforced", "verified": "Verified", "tested": "Tested"}


@click.command(short_help="List the rules, or show one with where it is enforced, verified and tested.")
@click.argument("rule_ids", nargs=-1, metavar="[ID]...")
@click.option("--section", help="Only this section: its name, part of it (`razors`) or an ID prefix (`VIS`).")
@click.option("--kind", type=click.Choice(["hard", "soft", "data"]), help="Only rules of this kind.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print docs/rules.md (Markdown).")
def rules(rule_ids: tuple[str, ...], section: str | None, kind: str | None, as_markdown: bool) -> None:
    """List the rules (ID, kind, statement), or show one rule in full with where it is
    enforced, verified and tested.

    \b
    Examples:
      jailsched rules                      every rule, one line each
      jailsched rules --section VIS --kind hard
      jailsched rules VIS-06               one rule: source, default, setting, places
    """
    if as_markdown:
        click.echo(markdown(), nl=False)
        return
    unknown = [r for r in rule_ids if r.upper() not in RULES]
    if unknown:
        fail([f"rules: unknown rule ID {r!r}; `jailsched rules` lists them" for r in unknown])
    if rule_ids:
        scanned = scan()
        for n, rule_id in enumerate(rule_ids):
            click.echo(("\n" if n else "") + "\n".join(_details(RULES[rule_id.upper()], scanned)))
        return
    chosen = select(section, kind)  # type: ignore[arg-type]
    if not chosen:
        fail([f"rules: no rule matches --section {section!r}" + (f" --kind {kind}" if kind else "")])
    for r in chosen:
        click.echo(f"{r.id}  {r.kind:<4}  {r.statement}")


def _details(rule: Rule, scanned: dict[str, list[Place]]) -> list[str]:
    """One rule in full: its catalogue entry, then its places in the code."""
    lines = [
        f"{rule.id} ({rule.kind}, {rule.section})",
        f"  {rule.statement}",
        f"  Source:   {rule.source}",
        f"  Default:  {rule.default or '-'}",
        f"  Setting:  {', '.join(rule.settings) or '-'}",
    ]
    places = places_of(rule.id, scanned)
    for role in ROLES:
        label = f"  {LABELS[role] + ':':<9} "
        if role == "tested" and not has_tests():
            lines.append(label + "(the tests are not in this installation; run from a source checkout)")
            continue
        found = [str(p) for p in places[role]] or ["-"]
        lines += [label + found[0], *(" " * len(label) + p for p in found[1:])]
    return lines
