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


class Workflow(click.Group):
    """Commands listed in the order a week uses them, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


EXAMPLES = """\b
In the order of a week (each with an example):
  jailsched validate my-jail                    check your instance folder
  jailsched show my-jail                        what the week holds, with the resource ids
  jailsched solve my-jail --out out             the schedule, report, CSV, sheets, letters
  jailsched verify out/schedule.json my-jail    re-check a schedule independently
  jailsched report out/schedule.json my-jail --out out   rewrite the reports after an edit
  jailsched repair out/schedule.json my-jail --events ev.yaml --out rep   mid-week changes
  jailsched whatif my-jail --set visitation.booths=5   compare a capacity change
  jailsched generate --inmates 1000 big-jail    a random instance to try
  jailsched schema --part events                the format of a file
  jailsched rules VIS-06                        one rule, where it is enforced and tested
"""


@click.group(
    cls=Workflow,
    epilog=EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.version_option(package_name="jailsched", prog_name="jailsched")
def main() -> None:
    """Weekly jail schedules from the handbook's rules (rule IDs: `jailsched rules`, docs/rules.md).

    INSTANCE is an instance folder; without it, the bundled Warren County week is used.
    """


for command in (validate, show, solve, verify_command, report, repair, whatif, generate, schema, rules):
    main.add_command(command)

__all__ = ["BUNDLED", "main"]
