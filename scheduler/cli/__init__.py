"""The `jailsched` command line: one module per group of commands, all on the `main` group.

`instances` (validate, show, schema), `week` (solve), `schedules` (report, verify),
`generator` (generate), `scenarios` (whatif), `catalogue` (rules); `options` holds what
they share (the bundled instance, bad input as exit 2).
"""

from __future__ import annotations

import click

from scheduler.cli.catalogue import rules
from scheduler.cli.generator import generate
from scheduler.cli.instances import schema, show, validate
from scheduler.cli.options import BUNDLED
from scheduler.cli.repairing import repair
from scheduler.cli.scenarios import whatif
from scheduler.cli.schedules import report, verify_command
from scheduler.cli.week import solve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Weekly jail schedules from the handbook's rules (rule IDs: `jailsched rules`, docs/rules.md).

    INSTANCE is an instance folder; without it, the bundled Warren County week is used.
    """


for command in (validate, show, schema, solve, repair, report, verify_command, generate, whatif, rules):
    main.add_command(command)

__all__ = ["BUNDLED", "main"]
