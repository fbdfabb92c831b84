"""`solve` and `report` as the administrator meets them: the short summary, the progress lines
on stderr, the report files, provenance, and bad report input (issue 13 items 3-5)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED, main
from tests.builders import base_tables, write_instance

STEPS = ("visitation", "laundry", "lockdown", "recreation", "razors", "staffing")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The bundled week solved by the command line once: its folder, stdout and stderr."""
    out = tmp_path_factory.mktemp("solved")
    code, stdout, stderr = run("solve", "--out", str(out), "--time-limit", "10", "--inmate", "I0001")
    assert code == 0, stderr
    return out, stdout, stderr


def test_summary_is_short_and_says_what_needs_the_administrator(solved: tuple[Path, str, str]) -> None:
    out, stdout, _ = solved
    lines = stdout.splitlines()
    assert lines[2].startswith("Status: complete, every hard demand met (every solve proven optimal)")
    assert "Solver" not in stdout and "booth 1" not in stdout  # the details are behind --verbose
    week = WeekSchedule.model_validate_json((out / "schedule.json").read_text())
    assert f"Waitlist: {len(week.waitlist)} (" in stdout
    assert f"Compliance notices: {len(week.notices)}" in stdout
    assert "lockdown.latest_end" in stdout and "(+1)" in stdout  # end times as people read them
    assert "24:" not in stdout
    assert f"  {out / 'schedule.html'}" in lines and f"  {out / 'schedule.json'}" in lines
    assert len(lines) < 60


def test_progress_goes_to_stderr_one_line_per_step(solved: tuple[Path, str, str]) -> None:
    _, _, stderr = solved
    names = [line.split(":")[0] for line in stderr.splitlines()]
    assert names == list(STEPS)
    assert all(line.split(": ")[1].startswith("OPTIMAL, ") for line in stderr.splitlines()[:-1])


def test_stdout_is_the_same_bytes_from_run_to_run(tmp_path: Path, solved: tuple[Path, str, str]) -> None:
    _, first, _ = solved
    code, again, _ = run("solve", "--out", str(solved[0]), "--time-limit", "10", "--inmate", "I0001")
    assert code == 0 and again == first


def test_verbose_adds_the_solver_table_before_the_summary(tmp_path: Path) -> None:
    code, stdout, _ = run("solve", "--out", str(tmp_path), "--time-limit", "10", "--verbose")
    assert code == 0
    assert stdout.index("Solver\n") < stdout.index("Status: ")
    assert "booth 1" in stdout


def test_provenance_names_the_version_inputs_seed_and_limit(solved: tuple[Path, str, str]) -> None:
    data = json.loads((solved[0] / "schedule.json").read_text())["provenance"]
    assert data["seed"] == 0 and data["time_limit"] == 10.0 and data["version"]
    facility = hashlib.sha256((BUNDLED / "facility.yaml").read_bytes()).hexdigest()
    assert data["inputs"]["facility.yaml"] == facility
    assert set(data["inputs"]) == {p.name for p in BUNDLED.iterdir() if p.suffix in (".yaml", ".csv")}


def test_solve_writes_the_report_and_the_csv_exports(solved: tuple[Path, str, str]) -> None:
    out = solved[0]
    assert (out / "schedule.html").stat().st_size > 0
    assert {"visits.csv", "waitlist.csv", "unmet.csv", "officer_posts.csv"} <= {
        p.name for p in (out / "csv").iterdir()
    }


def test_report_rewrites_the_same_files_from_the_schedule(
    tmp_path: Path, solved: tuple[Path, str, str]
) -> None:
    out = solved[0]
    code, stdout, stderr = run(
        "report", str(out / "schedule.json"), "--out", str(tmp_path), "--inmate", "I0001"
    )
    assert (code, stderr) == (0, "")
    assert (tmp_path / "schedule.html").read_bytes() == (out / "schedule.html").read_bytes()
    for path in (out / "csv").iterdir():
        assert (tmp_path / "csv" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "schedule.json").read_bytes() == (out / "schedule.json").read_bytes()  # one set
    assert stdout.splitlines()[:2] == [
        f"written: {tmp_path / name}" for name in ("schedule.json", "schedule.html")
    ]


def test_report_warns_about_other_data_and_broken_rules(
    tmp_path: Path, solved: tuple[Path, str, str]
) -> None:
    week = WeekSchedule.model_validate_json((solved[0] / "schedule.json").read_text())
    visit = next(e for _, e in week.events() if getattr(e, "kind", "") == "visit")
    visit.start, visit.end = 0, 30  # a hand edit that puts a visit in the night
    edited = tmp_path / "edited.json"
    edited.write_text(week.model_dump_json())
    other = write_instance(tmp_path / "other", base_tables())
    code, _, stderr = run("report", str(edited), "--out", str(tmp_path / "r"))
    assert code == 0 and "rule violation(s); `jailsched verify` lists them" in stderr
    code, _, stderr = run("report", str(edited), str(other), "--out", str(tmp_path / "s"))
    assert "warning: solved from other data: facility.yaml" in stderr


def test_unknown_inmate_is_bad_input_before_solving(tmp_path: Path) -> None:
    code, stdout, stderr = run("solve", "--out", str(tmp_path / "o"), "--inmate", "NOPE")
    assert (code, stdout) == (2, "")
    assert stderr == "--inmate NOPE: no inmate NOPE in inmates.csv\n"
    assert not (tmp_path / "o" / "schedule.json").exists()


def test_report_paths_in_the_way_are_bad_input_before_solving(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "csv").write_text("in the way")
    (tmp_path / "b" / "schedule.html").mkdir(parents=True)
    for folder, says in (
        ("a", "is a file; the CSV exports go in a folder"),
        ("b", "schedule.html is a folder"),
    ):
        code, stdout, stderr = run("solve", "--out", str(tmp_path / folder))
        assert (code, stdout) == (2, "") and says in stderr and len(stderr.splitlines()) == 1
        assert not (tmp_path / folder / "schedule.json").exists()
    code, _, _ = run("solve", "--out", str(tmp_path / "new"), "--inmate", "NOPE")
    assert code == 2 and not (tmp_path / "new").exists()


def test_a_partial_solve_says_so(tmp_path: Path) -> None:
    code, stdout, _ = run("solve", "--out", str(tmp_path), "--only", "visitation", "--time-limit", "10")
    assert code == 0
    assert stdout.splitlines()[2].startswith(
        "Status: PARTIAL schedule (solved: visitation; not solved: laundry, lockdown, recreation, razors)"
    )
