"""`jailsched solve`: the week's schedule solved and written (schedule.json, schedule.html, csv/),
with a summary, progress on stderr and the exit code of the one failure policy."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

import click

from models.instance import Instance
from models.problems import InstanceError
from models.schedule import Carry, WeekSchedule
from scheduler.cli.options import (
    BUNDLED,
    DEADLINE,
    INMATES,
    INSTANCE,
    SEED,
    fail,
    load_or_bundled,
    reports_bad_input,
    say_absent,
    shown,
    time_limit,
    unknown_inmates,
)
from scheduler.engine import interrupt
from scheduler.engine.result import SubResult, status_of
from scheduler.engine.solving import COLLECTION_THRESHOLDS, SolveSettings
from scheduler.loading.carried import with_carried
from scheduler.loading.loader import instance_from, read_inputs
from scheduler.output.files import write_set
from scheduler.output.folder import SCHEDULE, out_problems
from scheduler.output.provenance import provenance
from scheduler.output.publish import publish
from scheduler.report.terminal import terminal_report, terminal_summary
from scheduler.week import SUBPROBLEMS, build_week


@click.command()
@INSTANCE
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--only", type=click.Choice(SUBPROBLEMS), help="Solve one sub-problem only.")
@time_limit(60.0)
@DEADLINE
@SEED
@click.option("--verbose", is_flag=True, help="Also print the details and every solve's figures.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The schedule.json of the week before: the rotation continues from it (CON-01).",
)
@INMATES
@reports_bad_input
def solve(
    instance: Path | None,
    out_dir: Path,
    only: str | None,
    time_limit: float,
    deadline: float,
    seed: int,
    verbose: bool,
    previous: Path | None,
    inmates: tuple[str, ...],
) -> None:
    """Produce the week's schedule: OUT/schedule.json, OUT/schedule.html and OUT/csv/.

    Prints a short summary (with --verbose, the details before it); one progress line per
    sub-problem goes to stderr. Exit 0 when every demand is met (visits and razor sign-ups
    left out are normal outcomes), 1 when the week is written with unmet hard demand (an
    hour-out, a recreation hour, a laundry load, an officer for a session), 2 for bad input
    (nothing written), 130 on Ctrl-C and 143 on SIGTERM (nothing written, unless the run
    had finished writing)."""
    interrupt.install()
    written: list[Path] = []
    try:
        _run(instance, out_dir, only, (time_limit, deadline, seed), verbose, inmates, written, previous)
    except interrupt.Interrupted as exc:
        path = out_dir / SCHEDULE
        said = "the week was written just before it" if written else f"no schedule written; {_previous(path)}"
        click.echo(f"interrupted ({exc}): {said}", err=True)
        sys.exit(exc.exit_code)


def _run(
    instance: Path | None,
    out_dir: Path,
    only: str | None,
    limits: tuple[float, float, int],
    verbose: bool,
    inmates: tuple[str, ...],
    written: list[Path],
    previous: Path | None = None,
) -> None:
    """The solve command's work; `written` receives the files once all are published."""
    time_limit, deadline, seed = limits
    path = out_dir / SCHEDULE
    stale = [f"nothing written: {_previous(path)}"] if path.is_file() else []
    try:
        inst = load_or_bundled(instance)
    except InstanceError as exc:
        fail(exc.lines + stale)
        raise
    problems = unknown_inmates(inst, inmates) or out_problems(out_dir, instance or BUNDLED)
    carried = None
    if previous is not None and not problems:
        carried, problems = week_before(previous, inst)
    if problems:
        fail(problems + stale)
    if carried is not None and carried.waitlist and inst.facility.visitation.carry_waitlist:
        inputs, notes = with_carried(read_inputs(instance or BUNDLED), carried)
        for note in notes:
            click.echo(note, err=True)
        try:
            inst = instance_from(inputs)
        except InstanceError as exc:
            fail(exc.lines + stale)
            raise
    say_absent(inst)
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    try:
        settings = SolveSettings(time_limit=time_limit, seed=seed, budget=deadline)
        week = build_week(inst, settings, only, progress=_progress, previous=carried)
        week.provenance = provenance(instance or BUNDLED, settings)
        text = week.model_dump_json(indent=2) + "\n"
        with interrupt.deferred():  # a finished run publishes its files whole
            written += publish(out_dir, lambda folder: write_set(folder, text, week, inst, inmates))
    except OSError as exc:
        fail([f"{exc.filename or path}: could not be written ({exc.strerror or exc}); {_previous(path)}"])
        raise
    except interrupt.Interrupted:
        raise  # said once, by `solve`
    except BaseException:
        click.echo(f"interrupted: no schedule written; {_previous(path)}", err=True)
        raise
    if verbose:
        click.echo(terminal_report(week))
    click.echo(terminal_summary(week, _reviews(inst), shown(written)), nl=False)
    hard = [u for u in week.unmet if u.hard]
    if hard:
        count = sum(u.count for u in hard)
        say = f"{count} hard demand(s) unmet (UNM-01): the week is written; see the list above"
        click.echo(say, err=True)
        sys.exit(1)


def week_before(path: Path, inst: Instance) -> tuple[Carry | None, list[str]]:
    """The carry of the previous week's schedule (CON-01), or one line per reason it is not
    the week just before at this facility."""
    try:
        week = WeekSchedule.model_validate_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        return None, [f"{path}: --previous: not a schedule.json ({first}) (CON-01)"]
    problems = []
    if week.facility != inst.facility.name:
        problems.append(
            f"{path}: --previous: facility {week.facility!r}, not {inst.facility.name!r} (CON-01)"
        )
    if week.monday != inst.monday - dt.timedelta(days=7):
        before = inst.monday - dt.timedelta(days=7)
        problems.append(
            f"{path}: --previous: the week of {week.monday}, not the week before ({before}) (CON-01)"
        )
    if week.carry is None and not problems:
        problems.append(
            f"{path}: --previous: no carry section; solve that week again with this version (CON-02)"
        )
    return week.carry, problems


def _progress(name: str, result: SubResult, seconds: float) -> None:
    """One stderr line per step, so stdout stays the same from run to run."""
    click.echo(f"{name}: {status_of(result.runs)}, {seconds:.2f} s", err=True)


def _reviews(instance: Instance) -> list[str]:
    """Offences the administrator reviews instead of an automatic lockdown (DIS-01)."""
    return [f"{r.inmate_id} offence {r.offence_id}: {r.reason}" for r in instance.admin_reviews]


def _previous(path: Path) -> str:
    """What the administrator finds at `path` after a run that wrote nothing."""
    return f"{path} is unchanged, from an earlier run" if path.is_file() else f"there is no {path}"
