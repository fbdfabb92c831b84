"""`jailsched report` and `jailsched verify`: an existing schedule.json read, reported or
re-checked by the independent verifier."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from pydantic import TypeAdapter, ValidationError

from models.common import format_when
from models.schedule import WeekSchedule
from scheduler.cli.options import (
    BUNDLED,
    INMATES,
    INSTANCE,
    fail,
    load_or_bundled,
    reports_bad_input,
    shown,
    unknown_inmates,
)
from scheduler.loading.carried import with_carried
from scheduler.loading.events import applied, effective, read_events, unchanged
from scheduler.loading.loader import instance_from, read_inputs
from scheduler.output.files import mismatched_inputs, write_set
from scheduler.output.folder import out_problems
from scheduler.output.publish import publish
from scheduler.verify import soft_figures, verify
from scheduler.verify.continuity import check_boundary, fairness
from scheduler.verify.repair import check_repair, check_reversal, historical
from scheduler.week import SUBPROBLEMS

MOST_LINES = 10
"""Problems of an unreadable schedule file shown before the rest are counted."""


@click.command(short_help="Write the reports (HTML, CSV, post sheets, letters) again from a schedule.")
@click.argument("schedule_file", metavar="SCHEDULE.json", type=click.Path(path_type=Path))
@INSTANCE
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@INMATES
@reports_bad_input
def report(schedule_file: Path, instance: Path | None, out_dir: Path, inmates: tuple[str, ...]) -> None:
    """Write OUT/schedule.html and OUT/csv/ from an existing schedule (e.g. after a hand edit),
    with a copy of the schedule as OUT/schedule.json: the three are published as one set.

    INSTANCE is the week's data the schedule was solved for (names, rooms, officers); a
    schedule that breaks a rule or was solved from other files is still reported, with a
    warning on stderr."""
    inst = load_or_bundled(instance)
    week = _read_schedule(schedule_file)
    problems = unknown_inmates(inst, inmates) or out_problems(out_dir, instance or BUNDLED)
    if problems:
        fail(problems)
    changed = mismatched_inputs(week, instance or BUNDLED)
    if changed:
        click.echo(f"warning: solved from other data: {', '.join(changed)} differ", err=True)
    broken = verify(week, inst, partial=set(week.scope) != set(SUBPROBLEMS))
    if broken:
        click.echo(f"warning: {len(broken)} rule violation(s); `jailsched verify` lists them", err=True)
    text = schedule_file.read_text(encoding="utf-8-sig")
    try:
        written = publish(out_dir, lambda folder: write_set(folder, text, week, inst, inmates))
    except OSError as exc:
        fail([f"{exc.filename or out_dir}: could not be written ({exc.strerror or exc})"])
        raise
    for path in shown(written):
        click.echo(f"written: {path}")


@click.command(name="verify")
@click.argument("schedule_file", metavar="SCHEDULE.json", type=click.Path(path_type=Path))
@INSTANCE
@click.option("--partial", is_flag=True, help="Accept a schedule of some sub-problems only (--only).")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The published schedule.json repaired.",
)
@click.option(
    "--events", type=click.Path(path_type=Path, dir_okay=False), help="The events file of the repair."
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The previous week's schedule.json: CON-01 across the week boundary.",
)
@reports_bad_input
def verify_command(
    schedule_file: Path,
    instance: Path | None,
    partial: bool,
    baseline: Path | None,
    events: Path | None,
    previous: Path | None,
) -> None:
    """Re-check a schedule against every hard rule; exit 1 on any violation.

    When the schedule was solved from other input files (its provenance), the first line says
    which differ; a schedule of another facility stops there (exit 1). A repaired week is
    checked with --baseline (the published schedule.json) and --events (the events file):
    against the instance the events leave, and against the published week (REP-01..05)."""
    week = _read_schedule(schedule_file)
    if (baseline is None) != (events is None):
        fail(["give --baseline and --events together (REP-01)"])
    if baseline is not None and events is not None:
        _verify_repair(week, schedule_file, instance or BUNDLED, baseline, events)
        return
    inst = load_or_bundled(instance)
    folder = instance or BUNDLED
    before = _read_schedule(previous) if previous is not None else None
    if (
        before is not None
        and before.carry
        and before.carry.waitlist
        and inst.facility.visitation.carry_waitlist
    ):
        inst = instance_from(with_carried(read_inputs(folder), before.carry)[0])  # CON-03: as solved
    if week.facility != inst.facility.name:
        other = f"a schedule of {week.facility!r}, not of {inst.facility.name!r} ({folder})"
        click.echo(f"{schedule_file}: {other}")
        click.echo("not checked: give the instance it was solved for", err=True)
        sys.exit(1)
    changed = mismatched_inputs(week, folder)
    if changed:
        differ = f"solved from other input files than {folder}: {', '.join(changed)} differ"
        click.echo(f"{schedule_file}: {differ}")
    violations = verify(week, inst, partial=partial)
    figures = soft_figures(week, inst)
    if before is not None:
        violations += check_boundary(week, before)
        figures |= fairness(week)
    for v in violations:
        click.echo(v.line())
    for name, value in figures.items():
        click.echo(figure_line(name, value))
    if violations:
        click.echo(f"{len(violations)} violation{'' if len(violations) == 1 else 's'}", err=True)
        sys.exit(1)
    click.echo(f"{schedule_file}: no violations")


def _verify_repair(week: WeekSchedule, path: Path, folder: Path, baseline: Path, events: Path) -> None:
    """A repaired week: the rules on the instance as the events leave it (the past set apart,
    REP-01), then the published week kept (REP-01..06)."""
    published = _read_schedule(baseline)
    standing = effective(read_events(events))
    inputs = read_inputs(folder)
    monday = dt.datetime.combine(published.monday, dt.time())
    now = week.repair.now if week.repair else max((e.known_at for e in standing), default=monday)
    changed = applied(inputs, standing, now)
    inst = instance_from(changed)
    pins = {e.booking: e.reason for e in standing if e.kind == "pin"}
    cancel_out = not pins and unchanged(changed, inputs)
    if week.repair is None and not cancel_out:
        fail([f"{path}: not a repaired week (no repair section); verify it without --baseline"])
    if week.repair is None:  # REP-06: the events change nothing; the published week stands
        violations = verify(week, inst) + check_reversal(week, published, cancel_out)
        done = f"the published week {baseline}, unchanged by the events"
    else:
        violations = historical(verify(week, inst), week) + check_repair(week, published, pins, inst)
        violations += check_reversal(week, published, cancel_out)
        done = f"repair of {baseline}, {len(week.repair.changes)} changes"
    for v in violations:
        click.echo(v.line())
    if violations:
        click.echo(f"{len(violations)} violation{'' if len(violations) == 1 else 's'}", err=True)
        sys.exit(1)
    click.echo(f"{path}: no violations ({done})")


CLOCK = " (min)"
"""The verifier's figures that are times of day, in minutes on the day's timeline."""


def figure_line(name: str, value: float) -> str:
    """A soft figure as people read it: times of day as clock times ("01:30 (+1)"), counts
    as whole numbers."""
    if name.endswith(CLOCK) and value == int(value):
        return f"{name.removesuffix(CLOCK)}: {format_when(int(value))}"
    return f"{name}: {value:g}"


def _read_schedule(path: Path) -> WeekSchedule:
    if path.is_dir():
        fail([f"{path}: is a folder; give the schedule.json in it"])
    if not path.is_file():
        fail([f"{path}: file not found"])
    try:
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")  # a BOM, as an editor may add
    except OSError as exc:
        fail([f"{path}: cannot be read ({exc.strerror or exc})"])
        raise
    try:
        return TypeAdapter(WeekSchedule).validate_json(data)
    except ValidationError as exc:
        errors = exc.errors()
        lines = [f"{path}: {'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in errors[:MOST_LINES]]
        more = len(errors) - MOST_LINES
        fail(
            lines
            + ([f"{path}: {more} more problems; is it a schedule.json written by solve?"] if more > 0 else [])
        )
        raise
