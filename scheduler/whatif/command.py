"""The `jailsched whatif` command: baseline against changed facilities, as a table on stdout
and whatif.json / whatif.html in --out; bad input is one line per problem, exit 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path

import click

from models.instance import Instance
from scheduler.errors import InstanceError
from scheduler.loader import load_instance
from scheduler.options import SEED, time_limit
from scheduler.whatif import charts, compare, page, scenarios
from scheduler.whatif.paths import Change, SettingError, check_path, split_assignment
from scheduler.whatif.scenarios import ExecutorError, Outcome, Scenario
from scheduler.whatif.sweeps import grid, sweep_values

BASELINE = "baseline"
NO_CHARTS = "Charts need matplotlib: pip install 'jailsched[charts]'."


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


def _bundled() -> Path:
    from scheduler.cli import BUNDLED  # here, not above: cli.py imports this module

    return BUNDLED


@click.command()
@click.argument("instance", required=False, type=click.Path(path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Change a facility.yaml setting.")
@click.option(
    "--sweep", "sweeps", multiple=True, metavar="PATH=A..B|V,V,...", help="Solve for each value (a grid)."
)
@click.option("--compare", "other", type=click.Path(path_type=Path), help="Compare with another instance.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("whatif"), show_default=True)
@time_limit(10.0)
@SEED
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default=True,
    help="Local worker processes.",
)
@click.option(
    "--executor", "executor_kind", type=click.Choice(["local", "dask"]), default="local", show_default=True
)
@click.option("--scheduler", "address", metavar="tcp://HOST:PORT", help="Dask scheduler (--executor dask).")
def whatif(
    instance: Path | None,
    sets: tuple[str, ...],
    sweeps: tuple[str, ...],
    other: Path | None,
    out_dir: Path,
    time_limit: float,
    seed: int,
    workers: int,
    executor_kind: str,
    address: str | None,
) -> None:
    """Solve the week as is and with changed settings; print the key figures side by side.

    PATH is a dotted path into facility.yaml, e.g. visitation.booths=5, laundry.washers=1,
    recreation.areas[0].capacity=30; values are read as YAML. --sweep PATH=3..8 (or =3,5,8)
    solves every value, several --sweep a grid. Writes OUT/whatif.json and OUT/whatif.html."""
    folder = instance or _bundled()
    if executor_kind == "dask" and not address:
        _fail(["--executor dask: give the cluster's --scheduler tcp://HOST:PORT"])
    if other is not None and (sets or sweeps):
        _fail(["--compare: compares two instances as they are; give it without --set or --sweep"])
    if not (sets or sweeps or other):
        _fail(["nothing to compare: give --set PATH=VALUE, --sweep PATH=VALUES or --compare FOLDER"])
    base = _load(folder, "")
    todo, swept = _plan(folder, base, sets, sweeps, other)
    with _executor(executor_kind, address, min(workers, len(todo))) as executor:
        outcomes = scenarios.run_all(todo, executor, time_limit, seed, _progress)
    run = _run(base.name, swept, todo, outcomes, time_limit, seed)
    for s in todo[1:]:
        click.echo(f"{s.name}: {', '.join(c.shown for c in s.changes) or 'the instance ' + s.folder}")
    click.echo(compare.text(run.table), nl=False)
    for o in outcomes:
        if o.not_optimal:
            click.echo(f"{o.name}: {len(o.not_optimal)} solve(s) not OPTIMAL: {'; '.join(o.not_optimal)}")
    try:
        written = page.write(out_dir, run)
    except OSError as exc:
        _fail([f"{exc.filename or out_dir}: could not be written ({exc.strerror or exc})"])
        raise
    for path in written:
        click.echo(f"written: {path}")


def _load(folder: Path, prefix: str) -> Instance:
    try:
        return load_instance(folder)
    except InstanceError as exc:
        _fail([prefix + line for line in exc.lines])
        raise


def _plan(
    folder: Path, base: Instance, sets: tuple[str, ...], sweeps: tuple[str, ...], other: Path | None
) -> tuple[list[Scenario], list[str]]:
    """The scenarios, baseline first, each loaded once here so a bad value stops the run
    before anything is solved; and the swept paths."""
    first = scenarios.scenario(folder, base.facility, (), BASELINE)
    if other is not None:
        _load(other, "--compare: ")
        return [first, scenarios.scenario(other, base.facility, (), other.name)], []
    try:
        fixed = [Change("--set", *split_assignment(s, "--set")) for s in sets]
        swept = [sweep_values(s) for s in sweeps]
        points = grid(swept) if swept else [()]
        problems = _path_problems(base, fixed + [values[0] for values in swept])
    except SettingError as exc:
        _fail([str(exc)])
        raise
    if problems:
        _fail(problems)
    todo = [first]
    for point in points:
        name = ", ".join(c.text for c in point) if point else "changed"
        todo.append(scenarios.scenario(folder, base.facility, (*fixed, *point), name))
    _fail_on_bad_values(todo[1:])
    return todo, [values[0].path for values in swept]


def _path_problems(base: Instance, changes: list[Change]) -> list[str]:
    problems = []
    paths = [c.path for c in changes]
    for change in changes:
        try:
            check_path(base.facility, change.path, change.option)
        except SettingError as exc:
            problems.append(str(exc))
    twice = sorted({p for p in paths if paths.count(p) > 1})
    return problems + [f"{p}: set twice; give it once" for p in twice]


def _fail_on_bad_values(todo: list[Scenario]) -> None:
    """Load every changed scenario; the loader's lines, each led by the changes that made it."""
    lines: list[str] = []
    for s in todo:
        try:
            scenarios.load(s)
        except InstanceError as exc:
            given = " ".join(f"{c.option} {c.shown}" for c in s.changes)
            lines += [f"{given}: {line}" for line in exc.lines if f"{line}" not in lines]
    if lines:
        _fail(list(dict.fromkeys(lines)))


@contextmanager
def _executor(kind: str, address: str | None, workers: int) -> Iterator[Executor]:
    if kind == "dask":
        try:
            with scenarios.dask_executor(address or "") as executor:
                yield executor
        except ExecutorError as exc:
            _fail([str(exc)])
        return
    with scenarios.local_executor(workers) as executor:
        yield executor


def _progress(done: int, total: int, outcome: Outcome) -> None:
    """One stderr line per finished scenario, so stdout stays the same run to run."""
    status = "OPTIMAL" if not outcome.not_optimal else f"{len(outcome.not_optimal)} not OPTIMAL"
    click.echo(f"[{done}/{total}] {outcome.name}: {status}, {outcome.seconds:.2f} s", err=True)


def _run(
    name: str, swept: list[str], todo: list[Scenario], outcomes: list[Outcome], time_limit: float, seed: int
) -> page.Run:
    columns = [o.figures for o in outcomes]
    table = compare.comparison([s.name for s in todo], columns)
    points = [
        (tuple(c.text for c in s.changes if c.option == "--sweep"), o.figures)
        for s, o in zip(todo[1:], outcomes[1:], strict=True)
    ]
    drawn = charts.draw(swept, points) if swept else []
    note = "" if drawn or not swept else (NO_CHARTS if not charts.available() else "No figure changes.")
    return page.Run(name, swept, todo, outcomes, table, drawn, note, time_limit, seed)
