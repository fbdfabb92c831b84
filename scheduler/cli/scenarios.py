"""The `jailsched whatif` command: baseline against changed facilities, as a table on stdout
and whatif.json / whatif.html in --out; bad input is one line per problem, exit 2."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from models.instance import Instance
from models.problems import InstanceError
from scheduler.cli.options import BUNDLED, SEED, fail, time_limit
from scheduler.loading import load_instance
from scheduler.output.folder import write_atomically
from scheduler.whatif import additions, charts, compare, page, scenarios
from scheduler.whatif.paths import Change, SettingError, check_path, split_assignment, with_baseline
from scheduler.whatif.scenarios import ExecutorError, Outcome, Scenario
from scheduler.whatif.sweeps import grid, sweep_values

BASELINE = "baseline"
NO_CHARTS = "Charts need matplotlib: pip install 'jailsched[charts]'."


@dataclass(frozen=True)
class Plan:
    """One facility's part of the run: its baseline, its scenarios (baseline first), the swept paths."""

    folder: Path
    base: Instance
    todo: list[Scenario]
    swept: list[str]


@dataclass(frozen=True)
class Asked:
    """The changes asked for, read once for every facility: the fixed ones and each sweep's values."""

    fixed: list[Change]
    sweeps: list[list[Change]]

    @property
    def anything(self) -> bool:
        return bool(self.fixed or self.sweeps)


@click.command()
@click.argument("instances", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--instances",
    "listed",
    multiple=True,
    metavar="DIR...",
    type=click.Path(path_type=Path),
    help="Several instance folders (a state's facilities): the same changes for each.",
)
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Change a facility.yaml setting.")
@click.option(
    "--sweep", "sweeps", multiple=True, metavar="PATH=A..B|V,V,...", help="Solve for each value (a grid)."
)
@click.option(
    "--add-officer",
    "officers",
    multiple=True,
    metavar="[DAYS=]HH:MM-HH:MM",
    help="Add an officer on that shift (every day, or DAYS like mon-fri or sat,sun).",
)
@click.option(
    "--remove-officer",
    "removals",
    multiple=True,
    metavar="ID[,DAYS]",
    help="Take an officer off duty (every day, or DAYS like sat,sun or mon-fri).",
)
@click.option(
    "--closure",
    "closures",
    multiple=True,
    metavar="WHAT,DATE[,HH:MM-HH:MM]",
    help="Close a resource (W1, D2, booths[:N], legal_room[:N], visitation_room, razor_issue, "
    "recreation_area:ID, laundry_machine:ID) on a date, all day or for the times.",
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
    instances: tuple[Path, ...],
    listed: tuple[Path, ...],
    sets: tuple[str, ...],
    sweeps: tuple[str, ...],
    officers: tuple[str, ...],
    removals: tuple[str, ...],
    closures: tuple[str, ...],
    other: Path | None,
    out_dir: Path,
    time_limit: float,
    seed: int,
    workers: int,
    executor_kind: str,
    address: str | None,
) -> None:
    """Solve the week as is and with changes; print the key figures side by side.

    PATH is a dotted path into facility.yaml, e.g. visitation.booths=5, laundry.washers=1,
    recreation.areas[0].capacity=30; values are read as YAML. --sweep PATH=3..8 (or =3,5,8)
    solves every value, several --sweep a grid. --add-officer 23:00-07:00 adds an officer on
    that shift every day (mon-fri=23:00-07:00: those days) to staff.csv, --remove-officer
    O3,sat,sun takes officer O3 off duty those days (no days: all week); --closure
    W1,2026-11-26 closes washer W1 that day (,08:00-12:00: those hours only), as facility.yaml's
    closures do. Both repeat, and go with --set and --sweep into every changed scenario.

    Several INSTANCES (or --instances DIR...) run the same changes for each facility, all on
    one executor: a table per facility, files in OUT/FOLDER/. Writes OUT/whatif.json and
    OUT/whatif.html."""
    folders = [*listed, *instances] or [BUNDLED]
    changes = bool(sets or sweeps or officers or removals or closures)
    _check_options(folders, executor_kind, address, other, changes)
    asked = _asked(sets, sweeps, (officers, removals), closures)
    plans = _plans(folders, asked, other)
    todo = [s for plan in plans for s in plan.todo]
    where = f"Dask at {address}" if executor_kind == "dask" else f"{min(workers, len(todo))} local worker(s)"
    size = f"{len(todo)} week(s) to solve ({len(plans)} facility(ies)), on {where}, "
    with _executor(executor_kind, address, min(workers, len(todo))) as executor:
        click.echo(size + f"up to {time_limit:g} s per CP-SAT call", err=True)
        outcomes = scenarios.run_all(todo, executor, time_limit, seed, _progress(len(plans) > 1))
    done = []
    for plan in plans:
        mine, outcomes = outcomes[: len(plan.todo)], outcomes[len(plan.todo) :]
        if len(plans) > 1:
            click.echo(f"== {plan.folder.name}: {plan.base.name} ==")
        _report(plan, mine, out_dir / plan.folder.name if len(plans) > 1 else out_dir, time_limit, seed)
        done.append((plan, mine))
    if len(plans) > 1:
        _summary(done, out_dir)


SUMMARY = (
    "visits served",
    "visits left out: capacity",
    "recreation compliance",
    "unmet hard demand",
    "sessions unstaffed",
    "officer largest load",
)
"""The figures of the summary across facilities (`--instances`), one row per scenario."""


def _summary(done: list[tuple[Plan, list[Outcome]]], out_dir: Path) -> None:
    """One table across the facilities: each facility's scenarios with the key figures, on
    stdout and in OUT/summary.json."""
    header = ["facility", "scenario", *SUMMARY]
    rows, data = [], []
    for plan, outcomes in done:
        for o in outcomes:
            values = {f.key: f for f in o.figures}
            rows.append(
                [
                    plan.folder.name,
                    o.name,
                    *(
                        compare.shown(values[k].unit, values[k].value) if k in values else "-"
                        for k in SUMMARY
                    ),
                ]
            )
            data.append(
                {"facility": plan.folder.name, "scenario": o.name}
                | {k: values[k].value for k in SUMMARY if k in values}
            )
    click.echo("== summary across facilities ==")
    click.echo(compare.text(compare.Table(header, rows)), nl=False)
    try:
        write_atomically(out_dir / "summary.json", json.dumps(data, indent=2) + "\n")
    except OSError as exc:
        fail([f"{exc.filename or out_dir}: could not be written ({exc.strerror or exc})"])
        raise
    click.echo(f"written: {out_dir / 'summary.json'}")


def _check_options(
    folders: list[Path], executor_kind: str, address: str | None, other: Path | None, changes: bool
) -> None:
    """Refuse option combinations that cannot mean anything, before anything is loaded."""
    if executor_kind == "dask" and not address:
        fail(["--executor dask: give the cluster's --scheduler tcp://HOST:PORT"])
    if other is not None and changes:
        fail(["--compare: compares two instances as they are; give it with no --set, --sweep or the like"])
    if other is not None and len(folders) > 1:
        fail(["--compare: compares one instance with another; give it one instance folder"])
    if not (changes or other):
        fail(
            [
                "nothing to compare: give --set PATH=VALUE, --sweep PATH=VALUES, --add-officer SHIFT, "
                "--remove-officer ID, "
                "--closure WHAT,DATE or --compare FOLDER"
            ]
        )
    names = [f.name for f in folders]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        fail([f"--instances: two folders named {twice[0]}; each facility's files go in OUT/{twice[0]}/"])


def _asked(
    sets: tuple[str, ...],
    sweeps: tuple[str, ...],
    officers: tuple[tuple[str, ...], tuple[str, ...]],
    closures: tuple[str, ...],
) -> Asked:
    """The changes as typed, their form checked: a malformed one is its one line, exit 2.
    `officers` are the officers added and those taken off duty."""
    try:
        fixed = [Change("--set", *split_assignment(s, "--set")) for s in sets]
        fixed += [additions.officer_change(o) for o in officers[0]]
        fixed += [additions.removal_change(r) for r in officers[1]]
        fixed += [additions.closure_change(c) for c in closures]
        swept = [sweep_values(s) for s in sweeps]
        grid(swept)
    except SettingError as exc:
        fail([str(exc)])
        raise
    return Asked(fixed, swept)


def _plans(folders: list[Path], asked: Asked, other: Path | None) -> list[Plan]:
    """Every facility's scenarios, each loaded once here so a bad value stops the run before
    anything is solved; every facility's problems are listed, each led by its folder when several."""
    bases = _load_all(folders)
    plans: list[Plan] = []
    problems: list[str] = []
    for folder, base in zip(folders, bases, strict=True):
        lead = f"{folder.name}: " if len(folders) > 1 else ""
        plan, lines = _plan(folder, base, asked, other)
        plans.append(plan)
        problems += [lead + line for line in lines]
    if problems:
        fail(list(dict.fromkeys(problems)))
    return plans


def _load_all(folders: list[Path]) -> list[Instance]:
    bases, lines = [], []
    for folder in folders:
        try:
            bases.append(load_instance(folder))
        except InstanceError as exc:
            lines += [(f"{folder.name}: " if len(folders) > 1 else "") + line for line in exc.lines]
    if lines:
        fail(lines)
    return bases


def _plan(folder: Path, base: Instance, asked: Asked, other: Path | None) -> tuple[Plan, list[str]]:
    """One facility's scenarios, baseline first, and the lines of any path or value it refuses."""
    first = scenarios.scenario(folder, base.facility, (), BASELINE)
    if other is not None:
        load(other, "--compare: ")
        return Plan(folder, base, [first, scenarios.scenario(other, base.facility, (), other.name)], []), []
    settings = [c for c in asked.fixed if c.setting] + [values[0] for values in asked.sweeps]
    problems = _path_problems(base, settings)
    problems += additions.outside_week([c for c in asked.fixed if c.option == additions.CLOSURE], base.monday)
    problems += additions.unknown_officers(asked.fixed, set(base.officers))
    todo = [first]
    if not problems:
        fixed = [with_baseline(base.facility, c) for c in asked.fixed]
        for point in grid(asked.sweeps) if asked.sweeps else [()]:
            name = ", ".join(c.text for c in point) if point else "changed"
            swept = [with_baseline(base.facility, c) for c in point]
            todo.append(scenarios.scenario(folder, base.facility, (*fixed, *swept), name))
        problems = _bad_values(todo[1:])
    return Plan(folder, base, todo, [values[0].path for values in asked.sweeps]), problems


def _report(plan: Plan, outcomes: list[Outcome], out_dir: Path, time_limit: float, seed: int) -> None:
    """One facility's lines on stdout and its files, the same whether it ran alone or not."""
    run = _run(plan.base.name, plan.swept, plan.todo, outcomes, time_limit, seed)
    for s in plan.todo[1:]:
        click.echo(f"{s.name}: {', '.join(c.shown for c in s.changes) or 'the instance ' + s.folder}")
    click.echo(compare.text(run.table), nl=False)
    for o in outcomes:
        if o.not_optimal:
            click.echo(f"{o.name}: {len(o.not_optimal)} solve(s) not OPTIMAL: {'; '.join(o.not_optimal)}")
    try:
        written = page.write(out_dir, run)
    except OSError as exc:
        fail([f"{exc.filename or out_dir}: could not be written ({exc.strerror or exc})"])
        raise
    for path in written:
        click.echo(f"written: {path}")


def load(folder: Path, prefix: str) -> Instance:
    try:
        return load_instance(folder)
    except InstanceError as exc:
        fail([prefix + line for line in exc.lines])
        raise


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


def _bad_values(todo: list[Scenario]) -> list[str]:
    """Load every changed scenario; the loader's lines, each led by the changes that made it."""
    lines: list[str] = []
    for s in todo:
        try:
            scenarios.load(s)
        except InstanceError as exc:
            given = " ".join(c.given for c in s.changes)
            lines += [f"{given}: {line}" for line in exc.lines]
    return list(dict.fromkeys(lines))


@contextmanager
def _executor(kind: str, address: str | None, workers: int) -> Iterator[Executor]:
    if kind == "dask":
        try:
            with scenarios.dask_executor(address or "") as executor:
                yield executor
        except ExecutorError as exc:
            fail([str(exc)])
        return
    with scenarios.local_executor(workers) as executor:
        yield executor


def _progress(several: bool) -> scenarios.Progress:
    """One stderr line per finished scenario (led by its folder when several), so stdout stays
    the same run to run."""

    def line(done: int, total: int, outcome: Outcome) -> None:
        status = "OPTIMAL" if not outcome.not_optimal else f"{len(outcome.not_optimal)} not OPTIMAL"
        name = f"{outcome.folder}: {outcome.name}" if several else outcome.name
        click.echo(f"[{done}/{total}] {name}: {status}, {outcome.seconds:.2f} s", err=True)

    return line


def _run(
    name: str, swept: list[str], todo: list[Scenario], outcomes: list[Outcome], time_limit: float, seed: int
) -> page.Run:
    columns = [o.figures for o in outcomes]
    table = compare.comparison([s.name for s in todo], columns)
    points = [
        (tuple(c.text for c in s.changes if c.option == "--sweep"), o.figures)
        for s, o in zip(todo[1:], outcomes[1:], strict=True)
    ]
    drawn = charts.draw(swept, points, outcomes[0].figures) if swept else []
    note = "" if drawn or not swept else (NO_CHARTS if not charts.available() else "No figure changes.")
    return page.Run(name, swept, todo, outcomes, table, drawn, note, time_limit, seed)
