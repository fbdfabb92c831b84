"""`jailsched repair`: the published week kept, the events applied, the rest of the week solved
again with the changes counted first, and who must be told (REP-01..06)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from models.common import parse_moment
from models.problems import InstanceError, Problem
from models.schedule import WeekSchedule
from scheduler.cli.options import BUNDLED, DEADLINE, INSTANCE, SEED, fail, reports_bad_input, time_limit
from scheduler.engine import interrupt
from scheduler.engine.baseline import NOTICE_HOURS
from scheduler.engine.result import SubResult, status_of
from scheduler.engine.solving import COLLECTION_THRESHOLDS, SolveSettings
from scheduler.loading.events import check_events, effective, read_events
from scheduler.loading.loader import read_inputs
from scheduler.output.files import mismatched_inputs, write_set
from scheduler.output.folder import out_problems, write_atomically
from scheduler.output.provenance import provenance
from scheduler.output.publish import publish
from scheduler.repair import repair_week
from scheduler.repair.since import derive_events, events_yaml


@click.command(short_help="Repair a published week after mid-week events, changing the fewest bookings.")
@click.argument("published", type=click.Path(path_type=Path, dir_okay=False))
@INSTANCE
@click.option(
    "--events",
    "events_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The week's events file (YAML; `jailsched schema --part events`).",
)
@click.option(
    "--since",
    "since",
    type=click.Path(path_type=Path, file_okay=False),
    help="The instance folder the week was published from: the events are derived from its "
    "differences with INSTANCE (today's export), written to OUT/events.yaml, and repaired from.",
)
@click.option(
    "--now", "now_text", help="The moment of the repair, YYYY-MM-DD HH:MM [default: the latest event's]."
)
@click.option(
    "--notice-hours",
    type=float,
    default=NOTICE_HOURS,
    show_default=True,
    help="REP-02: no visit's time changes closer than this to its start.",
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@time_limit(60.0)
@DEADLINE
@SEED
@reports_bad_input
def repair(
    published: Path,
    instance: Path | None,
    events_path: Path | None,
    since: Path | None,
    now_text: str | None,
    notice_hours: float,
    out_dir: Path,
    time_limit: float,
    deadline: float,
    seed: int,
) -> None:
    """Repair a published week (PUBLISHED, its schedule.json) after the events of EVENTS:
    nothing that started before --now moves, the fewest bookings change, and
    OUT/csv/changes.csv and OUT/csv/notices.csv say who must be told. Exit codes as for
    `solve`; 2 also when the instance's files changed since PUBLISHED was solved."""
    interrupt.install()
    if (events_path is None) == (since is None):
        fail(["give one of --events (an events file) and --since (the published week's instance folder)"])
    folder = since or instance or BUNDLED
    week = _published(published, folder)
    text = published.read_text(encoding="utf-8")
    inputs = read_inputs(folder)
    derived = None
    if since is not None:
        now = _now(now_text, None)
        events, notes = derive_events(inputs, read_inputs(instance or BUNDLED), now)
        derived = events_yaml(events)
        for note in notes:
            click.echo(f"not carried: {note}", err=True)
        name = "events derived --since"
    else:
        assert events_path is not None
        events = read_events(events_path)
        now = _now(now_text, events)
        name = events_path.name
    problems = check_events(events, inputs, week, now, name)
    if problems:
        raise InstanceError(problems)
    problems_out = out_problems(out_dir, folder)
    if problems_out:
        fail(problems_out)
    settings = SolveSettings(time_limit=time_limit, seed=seed, budget=deadline)
    gc.set_threshold(*COLLECTION_THRESHOLDS)  # as `solve` (see engine.solving)
    repaired, inst = repair_week(inputs, text, events, now, notice_hours, settings, progress=_progress)
    if repaired is None:
        click.echo(
            f"no event changes the week ({len(effective(events))} standing): the published week stands"
        )
        publish(out_dir, lambda f: _with_events(f, derived, write_set(f, text, week, inst)))
        return
    repaired.provenance = provenance(folder, settings)
    inst_text = repaired.model_dump_json(indent=2) + "\n"
    with interrupt.deferred():
        written = publish(
            out_dir, lambda f: _with_events(f, derived, write_set(f, inst_text, repaired, inst))
        )
    r = repaired.repair
    assert r is not None
    facing = sum(c.visitor_facing for c in r.changes)
    click.echo(
        f"repaired from {now:%Y-%m-%d %H:%M}: {len(r.changes)} bookings changed "
        f"({facing} visitor-facing), {len(r.notices)} notices, {len(r.review)} for review; "
        f"written: {written[0]}"
    )
    for v in r.review:
        click.echo(f"review {v.booking}: {v.reason}")
    hard = [u for u in repaired.unmet if u.hard]
    if hard:
        click.echo(
            f"{sum(u.count for u in hard)} hard demand(s) unmet (UNM-01): the week is written", err=True
        )
        sys.exit(1)


def _with_events(folder: Path, derived: str | None, written: list[Path]) -> list[Path]:
    """The set's files, and the events derived by --since beside them (to read and edit)."""
    if derived is None:
        return written
    write_atomically(folder / "events.yaml", derived)
    return [*written, folder / "events.yaml"]


def _published(path: Path, folder: Path) -> WeekSchedule:
    """The published schedule, refused when it is not one or its instance's files changed."""
    try:
        week = WeekSchedule.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InstanceError(
            [Problem(str(path), "", "", f"not a published schedule.json: {first}", "REP-01")]
        ) from None
    changed = mismatched_inputs(week, folder)
    if changed:
        why = f"{', '.join(changed)} changed since the week was published (repair from its own files)"
        raise InstanceError([Problem(str(path), "", "provenance", why, "REP-01")])
    return week


def _now(text: str | None, events: object) -> dt.datetime:
    if text is None and events is None:
        raise InstanceError(
            [Problem("--now", "", "now", "give --now with --since: the moment of the export", "REP-01")]
        )
    if text is None:
        known = [e.known_at for e in events.events]  # type: ignore[attr-defined]
        if not known:
            raise InstanceError(
                [Problem("--now", "", "now", "give --now: the events file has no event", "REP-01")]
            )
        return max(known)
    try:
        return parse_moment(text)
    except ValueError as exc:
        raise InstanceError([Problem("--now", "", "now", str(exc), "REP-01")]) from None


def _progress(name: str, result: SubResult, seconds: float) -> None:
    click.echo(f"{name}: {status_of(result.runs)}, {seconds:.2f} s", err=True)
