"""The `jailsched` commands end to end, on the bundled week and on broken input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from models.schedule import RecreationSession, WeekSchedule
from scheduler.cli import main
from tests.builders import base_tables, write_instance


def without_timing(path: Path) -> bytes:
    """A schedule file's bytes with the solver seconds blanked (the only part allowed to vary)."""
    return re.sub(rb'"seconds": [0-9.e-]+', b'"seconds": 0', path.read_bytes())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_bundled_week() -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert out.startswith("warren: valid, week of 2026-11-23: 120 inmates")


def test_show_summarises_the_week() -> None:
    code, out, _ = run("show")
    assert code == 0
    for heading in (
        "Population: 120 inmates",
        "Visit requests:",
        "Refused by rule:",
        "Lockdown nights",
        "Razor sign-ups",
        "Compliance notices (VTR-04): 2",
    ):
        assert heading in out


def test_schema_covers_input_and_output() -> None:
    code, out, _ = run("schema")
    data = json.loads(out)
    assert code == 0
    assert {"facility.yaml", "week.yaml", "inmates.csv", "requests.csv", "staff.csv"} <= set(data["input"])
    assert "days" in data["output"]["properties"]


def test_solve_then_verify_clean_and_deterministic(tmp_path: Path) -> None:
    assert run("solve", "--out", str(tmp_path / "a"))[0] == 0
    assert run("solve", "--out", str(tmp_path / "b"))[0] == 0
    first, second = (tmp_path / d / "schedule.json" for d in "ab")
    assert without_timing(first) == without_timing(second)
    code, out, _ = run("verify", str(first))
    assert (code, out.splitlines()[-1]) == (0, f"{first}: no violations")
    assert "VIS-09 FCFS inversions: 0" in out


def test_verify_reports_violation_with_exit_1(tmp_path: Path) -> None:
    run("solve", "--out", str(tmp_path))
    path = tmp_path / "schedule.json"
    week = WeekSchedule.model_validate_json(path.read_text())
    week.days[0].events.append(
        RecreationSession(
            id="bad", kind="recreation", start=700, end=760, place="Rec", pod="A", group=1, inmates=["I0001"]
        )
    )
    path.write_text(week.model_dump_json())
    code, out, _ = run("verify", str(path))
    assert code == 1
    assert out.splitlines()[0].startswith("DAY-01 2026-11-23 recreation 11:40-12:40 overlaps the count")


def test_verify_speaks_the_users_words(tmp_path: Path) -> None:
    """The CLI flag (not a Python argument), one violation in the singular, clock times."""
    assert run("solve", "--only", "laundry", "--out", str(tmp_path))[0] == 0
    path = str(tmp_path / "schedule.json")
    code, out, err = run("verify", path)
    assert code == 1
    assert "`jailsched verify --partial`" in out and "partial=True" not in out
    assert err.strip() == "1 violation"
    code, out, _ = run("verify", path, "--partial")
    assert code == 0
    assert re.search(r"^LAU-05 latest finish: \d\d:\d\d$", out, re.M), out
    assert "(min)" not in out


def test_verify_refuses_malformed_schedule(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text('{"facility": "x"}')
    code, _, err = run("verify", str(path))
    assert code == 2
    assert err.splitlines()[0] == f"{path}: monday: Field required"


def test_bad_instance_exits_2_without_traceback_and_writes_nothing(tmp_path: Path) -> None:
    tables = base_tables()
    tables["inmates.csv"][0]["pod"] = "Z"
    folder = write_instance(tmp_path / "bad", tables)
    out_dir = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "solve", str(folder), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == "inmates.csv: row 2 (id I1), field pod: unknown housing unit 'Z' [HOU-01]\n"
    assert proc.stdout == ""
    assert not out_dir.exists()


def test_generate_rejects_out_of_range_population(tmp_path: Path) -> None:
    code, _, err = run("generate", "--inmates", "5", str(tmp_path / "g"))
    assert code == 2
    assert "5 is not in the range 10<=x<=20000" in err
    assert not (tmp_path / "g").exists()


def test_version_help_order_and_resource_ids() -> None:
    """`--version`; `--help` lists the commands in the order of a week, each with an example;
    `show` names the ids a closure or an event uses (issue 22)."""
    from importlib.metadata import version

    run = CliRunner().invoke(main, ["--version"])
    assert run.exit_code == 0 and version("jailsched") in run.output
    text = CliRunner().invoke(main, ["--help"], terminal_width=110).output
    listed = re.findall(r"^  (\w+)  ", text.split("Commands:", 1)[1], flags=re.M)
    assert listed[:5] == ["validate", "show", "solve", "verify", "report"]
    for name in listed:
        assert re.search(rf"^\s+jailsched {name} ", text, flags=re.M), name
    shown = CliRunner().invoke(main, ["show"]).output
    assert "recreation areas (recreation_area): Rec" in shown and "washers W1..W2" in shown
