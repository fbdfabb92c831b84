"""The `jailsched` command line."""

from __future__ import annotations

import functools
import gc
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from pydantic import TypeAdapter, ValidationError

from models.common import parse_clock
from models.facility import Facility
from models.instance import Instance
from models.problems import InstanceError
from models.roster import CSV_FILES
from models.schedule import WeekSchedule
from scheduler.cli.options import BUNDLED, SEED, fail, time_limit
from scheduler.cli.rules import rules
from scheduler.cli.whatif import whatif
from scheduler.engine.result import SubResult, status_of
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.output.files import mismatched_inputs, write_reports
from scheduler.output.folder import CSV_DIR, SCHEDULE, out_problems, write_atomically
from scheduler.output.provenance import provenance
from scheduler.report.summary import summary
from scheduler.report.terminal import terminal_report, terminal_summary
from scheduler.verify import soft_figures, verify
from scheduler.week import SUBPROBLEMS, build_week

COLLECTION_THRESHOLDS = (50_000, 20, 100)
"""Python's garbage collector while solving: a large week holds about a million long-lived
objects (the instance, the models), and each full collection walks them all; with the
default young-generation threshold (700) a 20,000-inmate week runs 18 full collections,
with this one 10, about 1.5 s less, the same peak memory (nothing solved makes cycles
worth collecting sooner)."""
MOST_LINES = 10
"""Problems of an unreadable schedule file shown before the rest are counted."""


def reports_bad_input(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an `InstanceError` into its lines on stderr and exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InstanceError as exc:
            fail(exc.lines)

    return wrapper


def _load(instance: Path | None) -> Instance:
    return load_instance(instance or BUNDLED)


INSTANCE = click.argument("instance", required=False, type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Weekly jail schedules from the handbook's rules (rule IDs: `jailsched rules`, docs/rules.md).

    INSTANCE is an instance folder; without it, the bundled Warren County week is used.
    """


@main.command()
@INSTANCE
@reports_bad_input
def validate(instance: Path | None) -> None:
    """Load and check an instance; print one line per problem and exit 2 if any."""
    inst = _load(instance)
    eligible = sum(e.eligible for e in inst.eligibility.values())
    click.echo(
        f"{inst.name}: valid, week of {inst.monday}: {len(inst.inmates)} inmates, "
        f"{len(inst.requests)} visit requests ({eligible} eligible), {len(inst.officers)} officers"
    )


@main.command()
@INSTANCE
@reports_bad_input
def show(instance: Path | None) -> None:
    """Summarise the week: population, requests and eligibility, lockdowns, razor sign-ups."""
    click.echo(summary(_load(instance)), nl=False)


@main.command()
@click.option("--part", type=click.Choice(["all", "input", "output"]), default="all", show_default=True)
def schema(part: str) -> None:
    """Print the JSON Schema of the instance files and of the schedule."""
    out: dict[str, Any] = {}
    if part in ("all", "input"):
        inputs: dict[str, Any] = {"facility.yaml": Facility.model_json_schema()}
        inputs["week.yaml"] = {
            "type": "object",
            "properties": {
                "monday": {
                    "type": "string",
                    "format": "date",
                    "description": "The Monday of the week to schedule, YYYY-MM-DD (e.g. 2026-11-23); the "
                    "schedule covers Monday to Sunday, and a date that is not a Monday is refused.",
                }
            },
        }
        inputs |= {name: model.model_json_schema() for name, model in CSV_FILES.items()}
        out["input"] = inputs
    if part in ("all", "output"):
        out["output"] = WeekSchedule.model_json_schema()
    click.echo(json.dumps(out, indent=2))


INMATES = click.option(
    "--inmate",
    "inmates",
    multiple=True,
    metavar="ID",
    help="Add this inmate's itinerary to schedule.html (repeatable).",
)


@main.command()
@INSTANCE
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--only", type=click.Choice(SUBPROBLEMS), help="Solve one sub-problem only.")
@time_limit(60.0)
@SEED
@click.option("--verbose", is_flag=True, help="Also print the details and every solve's figures.")
@INMATES
@reports_bad_input
def solve(
    instance: Path | None,
    out_dir: Path,
    only: str | None,
    time_limit: float,
    seed: int,
    verbose: bool,
    inmates: tuple[str, ...],
) -> None:
    """Produce the week's schedule: OUT/schedule.json, OUT/schedule.html and OUT/csv/.

    Prints a short summary (with --verbose, the details before it); one progress line per
    sub-problem goes to stderr. Exit 0 when every demand is met (visits and razor sign-ups
    left out are normal outcomes), 1 when the week is written with unmet hard demand (an
    hour-out, a recreation hour, a laundry load, an officer for a session), 2 for bad input
    (nothing written)."""
    path = out_dir / SCHEDULE
    stale = [f"nothing written: {_previous(path)}"] if path.is_file() else []
    try:
        inst = _load(instance)
    except InstanceError as exc:
        fail(exc.lines + stale)
        raise
    problems = _unknown_inmates(inst, inmates) or out_problems(out_dir, instance or BUNDLED)
    if problems:
        fail(problems + stale)
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    try:
        settings = SolveSettings(time_limit=time_limit, seed=seed)
        week = build_week(inst, settings, only, progress=_progress)
        week.provenance = provenance(instance or BUNDLED, settings)
        write_atomically(path, week.model_dump_json(indent=2) + "\n")
        written = [path, *write_reports(out_dir, week, inst, inmates)]
    except OSError as exc:
        fail([f"{exc.filename or path}: could not be written ({exc.strerror or exc}); {_previous(path)}"])
        raise
    except BaseException:
        click.echo(f"interrupted: no schedule written; {_previous(path)}", err=True)
        raise
    if verbose:
        click.echo(terminal_report(week))
    click.echo(terminal_summary(week, _reviews(inst), _shown(written)), nl=False)
    hard = [u for u in week.unmet if u.hard]
    if hard:
        click.echo(
            f"{len(hard)} hard demand(s) unmet (UNM-01): the week is written; see the list above", err=True
        )
        sys.exit(1)


def _progress(name: str, result: SubResult, seconds: float) -> None:
    """One stderr line per step, so stdout stays the same from run to run."""
    click.echo(f"{name}: {status_of(result.runs)}, {seconds:.2f} s", err=True)


def _unknown_inmates(instance: Instance, inmates: tuple[str, ...]) -> list[str]:
    return [f"--inmate {i}: no inmate {i} in inmates.csv" for i in inmates if i not in instance.inmates]


def _reviews(instance: Instance) -> list[str]:
    """Offences the administrator reviews instead of an automatic lockdown (DIS-01)."""
    return [f"{r.inmate_id} offence {r.offence_id}: {r.reason}" for r in instance.admin_reviews]


def _shown(written: list[Path]) -> list[str]:
    """The files written, the CSV exports as one folder line."""
    csv = [p for p in written if p.parent.name == CSV_DIR]
    rest = [str(p) for p in written if p not in csv]
    return rest + ([f"{csv[0].parent}/ ({len(csv)} CSV files)"] if csv else [])


@main.command()
@click.argument("schedule_file", metavar="SCHEDULE.json", type=click.Path(path_type=Path))
@INSTANCE
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@INMATES
@reports_bad_input
def report(schedule_file: Path, instance: Path | None, out_dir: Path, inmates: tuple[str, ...]) -> None:
    """Write OUT/schedule.html and OUT/csv/ from an existing schedule (e.g. after a hand edit).

    INSTANCE is the week's data the schedule was solved for (names, rooms, officers); a
    schedule that breaks a rule or was solved from other files is still reported, with a
    warning on stderr."""
    inst = _load(instance)
    week = _read_schedule(schedule_file)
    problems = _unknown_inmates(inst, inmates) or out_problems(out_dir, instance or BUNDLED)
    if problems:
        fail(problems)
    changed = mismatched_inputs(week, instance or BUNDLED)
    if changed:
        click.echo(f"warning: solved from other data: {', '.join(changed)} differ", err=True)
    broken = verify(week, inst, partial=set(week.scope) != set(SUBPROBLEMS))
    if broken:
        click.echo(f"warning: {len(broken)} rule violation(s); `jailsched verify` lists them", err=True)
    try:
        written = write_reports(out_dir, week, inst, inmates)
    except OSError as exc:
        fail([f"{exc.filename or out_dir}: could not be written ({exc.strerror or exc})"])
        raise
    for path in _shown(written):
        click.echo(f"written: {path}")


@main.command(name="verify")
@click.argument("schedule_file", metavar="SCHEDULE.json", type=click.Path(path_type=Path))
@INSTANCE
@click.option("--partial", is_flag=True, help="Accept a schedule of some sub-problems only (--only).")
@reports_bad_input
def verify_command(schedule_file: Path, instance: Path | None, partial: bool) -> None:
    """Re-check a schedule against every hard rule; exit 1 on any violation."""
    inst = _load(instance)
    week = _read_schedule(schedule_file)
    violations = verify(week, inst, partial=partial)
    for v in violations:
        click.echo(v.line())
    for name, value in soft_figures(week, inst).items():
        click.echo(f"{name}: {value:g}")
    if violations:
        click.echo(f"{len(violations)} violations", err=True)
        sys.exit(1)
    click.echo(f"{schedule_file}: no violations")


def _pair(
    value: str | None, option: str, parse: Callable[[str], Any], sep: str = ","
) -> tuple[Any, Any] | None:
    """An option given as two values "A,B" (or "A-B"), each parsed; a bad one is a usage error."""
    if value is None:
        return None
    parts = value.split(sep)
    try:
        if len(parts) != 2:
            raise ValueError(value)
        return parse(parts[0].strip()), parse(parts[1].strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not two values separated by {sep!r}", param_hint=option
        ) from None


def _numbers(value: str, option: str) -> tuple[int, ...]:
    """Whole numbers of at least 1 separated by commas; anything else is a usage error."""
    try:
        numbers = tuple(int(v) for v in value.split(","))
    except ValueError:
        numbers = ()
    if not numbers or min(numbers) < 1:
        raise click.BadParameter(
            f"{value!r} is not whole numbers of at least 1 like 30,10", param_hint=option
        )
    return numbers


def _previous(path: Path) -> str:
    """What the administrator finds at `path` after a run that wrote nothing."""
    return f"{path} is unchanged, from an earlier run" if path.is_file() else f"there is no {path}"


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


@main.command()
@click.option("--inmates", type=click.IntRange(10, 20000), required=True, help="Population, 10 to 20,000.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--requests",
    "requests_rate",
    type=click.FloatRange(0, 5),
    default=0.6,
    show_default=True,
    help="Social visit requests per inmate.",
)
@click.option(
    "--multi-visitor",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    help="Share of requests with 3-4 visitors.",
)
@click.option(
    "--children",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Share of requests bringing a child under 16.",
)
@click.option(
    "--lockdowns",
    type=click.FloatRange(0, 1),
    default=0.01,
    show_default=True,
    help="Share of inmates on lockdown some nights.",
)
@click.option(
    "--separations",
    type=click.FloatRange(0, 1),
    default=0.02,
    show_default=True,
    help="Keep-separate pairs per inmate.",
)
@click.option(
    "--sanctions",
    type=click.FloatRange(0, 1),
    default=0.02,
    show_default=True,
    help="Share of inmates with a suspended privilege.",
)
@click.option(
    "--appointments",
    type=click.FloatRange(0, 1),
    default=0.01,
    show_default=True,
    help="Share of inmates with a weekday court, medical or transport appointment (at least 2 if not 0).",
)
@click.option(
    "--visitor-caps",
    metavar="ADULTS,CHILDREN",
    callback=lambda _c, _p, v: _pair(v, "--visitor-caps", int),
    help="Cap adults and children per visit separately (VIS-04), e.g. 2,2.",
)
@click.option(
    "--custody-tags", is_flag=True, help="Custody tags on inmates and windows selecting them (VIS-01)."
)
@click.option(
    "--razors", type=click.IntRange(0), help="Razor inventory instead of the sized one (scarce razors)."
)
@click.option(
    "--laundry-hours",
    metavar="HH:MM-HH:MM",
    callback=lambda _c, _p, v: _pair(v, "--laundry-hours", parse_clock, "-"),
    help="Laundry hours (e.g. a short morning shift 07:00-12:00); machines are sized for them.",
)
@click.option(
    "--area-sizes",
    metavar="N,N,...",
    callback=lambda _c, _p, v: None if v is None else _numbers(v, "--area-sizes"),
    help="Recreation area capacities, given to the areas in turn (REC-03), e.g. 30,10.",
)
@click.option("--evening-razors", is_flag=True, help="Issue razors on the list day, 19:00-22:30 (RAZ-01).")
@click.option(
    "--booths", type=click.IntRange(1), help="Booths instead of the sized number (VIS-02): scarce booths."
)
@click.option(
    "--booth-share",
    type=click.FloatRange(0, 1, min_open=True),
    help="Booths as this share of the sized number, at least 1 (VIS-02), e.g. 0.75.",
)
@click.option(
    "--families",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of social requests whose visitors also visit 1-2 other inmates (VIS-05).",
)
@click.option(
    "--overlapping-windows",
    is_flag=True,
    help="Extra windows overlapping the defaults in time and inmates (VIS-01).",
)
@click.option(
    "--visits-per-week",
    type=click.IntRange(1),
    help="Social visits per inmate a week and a day (VIS-06); use with --requests 1 or more.",
)
@click.argument("out", type=click.Path(path_type=Path))
def generate(
    inmates: int,
    seed: int,
    requests_rate: float,
    multi_visitor: float,
    children: float,
    lockdowns: float,
    separations: float,
    sanctions: float,
    appointments: float,
    visitor_caps: tuple[int, int] | None,
    custody_tags: bool,
    razors: int | None,
    laundry_hours: tuple[int, int] | None,
    area_sizes: tuple[int, ...] | None,
    evening_razors: bool,
    booths: int | None,
    booth_share: float | None,
    families: float,
    overlapping_windows: bool,
    visits_per_week: int | None,
    out: Path,
) -> None:
    """Write a valid random instance of any size to OUT, deterministic for a seed."""
    from scheduler.generate import GeneratorRates, Variant, generate_instance

    rates = GeneratorRates(
        requests=requests_rate,
        multi_visitor=multi_visitor,
        children=children,
        lockdowns=lockdowns,
        separations=separations,
        sanctions=sanctions,
        appointments=appointments,
    )
    variant = Variant(
        visitor_caps,
        custody_tags,
        razors,
        laundry_hours,
        area_sizes,
        evening_razors,
        booths=booths,
        booth_share=booth_share,
        families=families,
        overlapping_windows=overlapping_windows,
        visits_per_week=visits_per_week,
    )
    generate_instance(out, inmates, seed, rates, variant=variant)
    click.echo(f"{out}: {inmates} inmates, seed {seed}")


main.add_command(whatif)
main.add_command(rules)

