"""Mid-week repair (REP-01..06) on the bundled week: a booth closure and an offence applied
from Wednesday, nothing before `now` changed, the verifier's repair checks clean; no-op and
reversal give back the published week byte for byte; bad events are one line each, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scheduler.cli import main

CLOSURE = """
  - id: E1
    known_at: 2026-11-25 07:00
    kind: closure
    closure: {resource: booths, date: 2026-11-28, start: "13:00", end: "16:00", count: 1, reason: intercom}
"""
OFFENCE = """
  - id: E2
    known_at: 2026-11-25 07:30
    kind: offence
    inmate_id: I0007
    date: 2026-11-25
    category: minor
"""


def _events(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + text)
    return path


def _repair(published: Path, events: Path, out: Path, *extra: str) -> object:
    return CliRunner().invoke(
        main, ["repair", str(published), "--events", str(events), "--out", str(out), *extra]
    )


def test_closure_and_offence_change_nothing_before_now_and_verify(published: Path, tmp_path: Path) -> None:
    """REP-01 nothing before now differs; REP-03 the closure's visits lose a seat or a booth,
    nothing else moves for it; REP-04 a notice row per person; REP-02 and REP-05 are among the
    verifier's checks run last."""
    events = _events(tmp_path, CLOSURE + OFFENCE)
    result = _repair(published, events, tmp_path / "rep")
    assert result.exit_code == 0, result.output
    week = json.loads((tmp_path / "rep" / "schedule.json").read_text())
    changes = week["repair"]["changes"]
    assert changes, "the closure and the lockdown change something"
    assert all((c["old"] or c["new"])["date"] >= "2026-11-25" for c in changes)
    closed = [c for c in changes if c["cause"] == "E1"]
    assert closed and all(c["old"]["date"] == "2026-11-28" for c in closed)
    assert all(c["change"] in ("cancelled", "booth", "other time", "other day") for c in closed)
    assert any(c["booking"].startswith("hour_out:") and c["change"] == "added" for c in changes)
    notices = (tmp_path / "rep" / "csv" / "notices.csv").read_text().splitlines()
    assert len(notices) - 1 == len(week["repair"]["notices"]) > 0
    check = CliRunner().invoke(
        main,
        [
            "verify",
            str(tmp_path / "rep" / "schedule.json"),
            "--baseline",
            str(published),
            "--events",
            str(events),
        ],
    )
    assert check.exit_code == 0, check.output


def test_no_events_and_reversal_give_the_published_week_back(published: Path, tmp_path: Path) -> None:
    """REP-06: no event, and a closure withdrawn, give back the published schedule byte for byte."""
    for n, text in enumerate(
        ["", CLOSURE + "\n  - {id: E9, known_at: 2026-11-25 08:00, kind: withdrawn, event: E1}\n"]
    ):
        body = text if text else " []\n"
        path = tmp_path / f"e{n}.yaml"
        path.write_text("events:" + ("\n" + body if text else body))
        result = _repair(published, path, tmp_path / f"o{n}", "--now", "2026-11-25 09:00")
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"o{n}" / "schedule.json").read_bytes() == published.read_bytes()


@pytest.mark.parametrize(
    ("text", "extra", "expect"),
    [
        (
            "  - {id: X, known_at: 2026-11-25 08:00, kind: sanction, inmate_id: NOPE, privilege: razor, "
            "start: 2026-11-26, end: 2026-11-27}\n",
            [],
            "unknown inmate 'NOPE'",
        ),
        (
            "  - {id: X, known_at: 2026-11-20 08:00, kind: request_cancelled, request_id: R0001}\n",
            [],
            "is before the week",
        ),
        (
            "  - {id: X, known_at: 2026-11-25 08:00, kind: request_cancelled, request_id: R0001}\n",
            ["--now", "2026-11-01 08:00"],
            "before the published week",
        ),
        (
            "  - {id: X, known_at: 2026-11-25 08:00, kind: pin, booking: visit:NOPE, reason: promised}\n",
            [],
            "has no booking 'visit:NOPE'",
        ),
    ],
)
def test_bad_events_are_one_line_each_exit_2(
    published: Path, tmp_path: Path, text: str, extra: list[str], expect: str
) -> None:
    """REP-05 (a pin of nothing), REP-01 (before the week, now before the week): one line, exit 2."""
    result = _repair(published, _events(tmp_path, text), tmp_path / "out", *extra)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if expect in line]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "schedule.json").exists()


def test_the_verifier_holds_a_reversal_to_the_published_week(published: Path, tmp_path: Path) -> None:
    """REP-06: a week repaired for a closure, checked against the events where the closure
    is withdrawn again, is not the published week: a violation."""
    result = _repair(published, _events(tmp_path, CLOSURE), tmp_path / "rep", "--now", "2026-11-25 09:00")
    assert result.exit_code == 0, result.output
    undone = tmp_path / "undone.yaml"
    undone.write_text(
        "events:\n" + CLOSURE + "  - {id: E9, known_at: 2026-11-25 08:00, kind: withdrawn, event: E1}\n"
    )
    args = [
        "verify",
        str(tmp_path / "rep" / "schedule.json"),
        "--baseline",
        str(published),
        "--events",
        str(undone),
    ]
    check = CliRunner().invoke(main, args)
    assert check.exit_code == 1
    assert "REP-06" in check.output, check.output
