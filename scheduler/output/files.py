"""The report files beside `schedule.json`: `schedule.html`, one CSV per event type in
`csv/`, the letters to visitors in `letters/` and the post sheets in `posts/` (`posts/index.html`
lists them), each written atomically. Reports read the schedule and the instance; they never solve."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from models.instance import Instance
from models.schedule import WeekSchedule, in_words
from scheduler.output.folder import CSV_DIR, HTML, LETTERS, POSTS_DIR, SCHEDULE, write_atomically
from scheduler.output.provenance import INPUT_FILES, provenance_inputs
from scheduler.report.csv_export import csv_files
from scheduler.report.html import render_html
from scheduler.report.letters import render_letters
from scheduler.report.sheets import render_sheets


def write_reports(
    out_dir: Path, week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()
) -> list[Path]:
    """Write the HTML report (with the itineraries of `inmates`) and the CSV exports; the
    paths written, the HTML first."""
    written = [out_dir / HTML]
    write_atomically(written[0], render_html(week, instance, inmates))
    for name, text in (csv_files(week, instance) | repair_files(week)).items():
        written.append(out_dir / CSV_DIR / name)
        write_atomically(written[-1], text)
    page, rows = render_letters(week, instance)
    for path, text in ((out_dir / LETTERS, page), (out_dir / CSV_DIR / "letters.csv", rows)):
        written.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    for name, text in render_sheets(week, instance).items():
        written.append(out_dir / POSTS_DIR / name)
        written[-1].parent.mkdir(parents=True, exist_ok=True)
        write_atomically(written[-1], text)
    return written


def repair_files(week: WeekSchedule) -> dict[str, str]:
    """A repaired week's changes.csv and notices.csv (REP-04); none for a fresh week."""
    if week.repair is None:
        return {}
    changes = [
        [c.booking, c.kind, c.change, in_words(c.old), in_words(c.new, cancelled=True), c.cause, c.rule]
        for c in week.repair.changes
    ]
    notices = [
        [n.person, n.role, n.booking, n.old, n.new, n.reason, n.event, n.rule] for n in week.repair.notices
    ]
    return {
        "changes.csv": _table(["booking", "kind", "change", "old", "new", "cause", "rule"], changes),
        "notices.csv": _table(
            ["person", "role", "booking", "old", "new", "reason", "event", "rule"], notices
        ),
    }


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_set(
    folder: Path, schedule_json: str, week: WeekSchedule, instance: Instance, inmates: Sequence[str] = ()
) -> list[Path]:
    """One run's whole set in `folder` (published together, see `publish`): the schedule,
    then the HTML report and the CSV exports."""
    write_atomically(folder / SCHEDULE, schedule_json)
    return [folder / SCHEDULE, *write_reports(folder, week, instance, inmates)]


def mismatched_inputs(week: WeekSchedule, folder: Path) -> list[str]:
    """Input files whose SHA-256 differs from the one the schedule was solved with (a report
    of a schedule against other data names them; nothing is refused)."""
    if week.provenance is None:
        return []
    now = provenance_inputs(folder)
    then = week.provenance.inputs
    return [name for name in INPUT_FILES if now.get(name) != then.get(name)]
