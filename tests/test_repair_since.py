"""`jailsched repair --since`: the events are the differences between the instance the week
was published from and today's export, written out as an events file that reads back, and
the repair from them verifies against the published week."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from scheduler.cli import BUNDLED, main


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert re.search(old, text, flags=re.M), old
    path.write_text(re.sub(old, new, text, count=1, flags=re.M))


def _today(tmp_path: Path) -> Path:
    """Today's export: I0012 released, I0001 moved to pod B, an offence, a request withdrawn,
    O19 off on Thursday, a booth closed on Sunday evening, and an inmate booked in."""
    today = tmp_path / "today"
    shutil.copytree(BUNDLED, today)
    _edit(today / "inmates.csv", r"^I0012,.*\n", "")
    _edit(today / "inmates.csv", r"^I0001,Marcus,Hale,M,A,A-27", "I0001,Marcus,Hale,M,B,B-27")
    _edit(today / "inmates.csv", r"\Z", "I0999,Nadia,Roe,M,A,A-31,criminal,misdemeanour,false,false,false\n")
    _edit(today / "offences.csv", r"\Z", "OF99,I0112,2026-11-25,minor,24\n")
    _edit(today / "requests.csv", r"^R0052,.*\n", "")
    _edit(today / "staff.csv", r"^(O19,(?:[^,]*,){7})08:00-16:00,", r"\1,")
    _edit(
        today / "facility.yaml",
        r"^closures:",
        'closures:\n  - {resource: booths, date: 2026-11-29, start: "19:00", end: "19:30", reason: intercom}',
    )
    return today


def test_events_derived_from_two_exports_repair_and_verify(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "rep"
    args = ["repair", str(published), str(_today(tmp_path)), "--since", str(BUNDLED)]
    result = CliRunner().invoke(main, [*args, "--now", "2026-11-25 07:00", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "not carried: inmates.csv: I0999 booked in" in result.output
    events = yaml.safe_load((out / "events.yaml").read_text())["events"]
    kinds = sorted(e["kind"] for e in events)
    assert kinds == ["closure", "offence", "officer_absent", "pod_move", "release", "request_cancelled"]
    absent = next(e for e in events if e["kind"] == "officer_absent")
    assert (absent["officer_id"], absent["start"], absent["end"]) == (
        "O19",
        "2026-11-26 08:00",
        "2026-11-26 16:00",
    )
    check = CliRunner().invoke(
        main,
        [
            "verify",
            str(out / "schedule.json"),
            "--baseline",
            str(published),
            "--events",
            str(out / "events.yaml"),
        ],
    )
    assert check.exit_code == 0, check.output


def test_since_needs_now_and_excludes_events(published: Path, tmp_path: Path) -> None:
    """--since without --now, or with --events too: one line, exit 2, nothing written."""
    today = _today(tmp_path)
    for extra in ([], ["--now", "2026-11-25 07:00", "--events", str(tmp_path / "e.yaml")]):
        out = tmp_path / f"o{len(extra)}"
        args = ["repair", str(published), str(today), "--since", str(BUNDLED), "--out", str(out), *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert not out.exists()
