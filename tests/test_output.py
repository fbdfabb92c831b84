"""Where `solve` writes: `--out` checked before solving, schedule.json replaced atomically,
and a run that writes nothing says that the file there is from an earlier run."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED, main
from scheduler.cli import week as solve_command
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.week import build_week


@pytest.fixture(scope="module")
def week() -> WeekSchedule:
    return build_week(load_instance(BUNDLED), SolveSettings(time_limit=10))


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch, week: WeekSchedule) -> list[int]:
    """`build_week` replaced by the bundled week solved once; counts the calls."""
    calls: list[int] = []

    def fake(*_: object, **__: object) -> WeekSchedule:
        calls.append(1)
        return week

    monkeypatch.setattr(solve_command, "build_week", fake)
    return calls


def solve(out: Path | str, *extra: str) -> Result:
    return CliRunner().invoke(main, ["solve", "--out", str(out), *extra])


def test_out_that_cannot_take_the_schedule_is_refused_before_solving(
    tmp_path: Path, solved: list[int]
) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    folder_named_like_it = tmp_path / "taken"
    (folder_named_like_it / "schedule.json").mkdir(parents=True)
    cases = {
        str(a_file): "is a file, not a folder",
        str(a_file / "below"): "cannot be written",
        str(folder_named_like_it): "schedule.json is a folder",
        str(BUNDLED / "out"): "inside the instance folder",
    }
    for out, says in cases.items():
        result = solve(out)
        assert result.exit_code == 2, result.output
        assert says in result.stderr and "Traceback" not in result.output
    assert solved == [], "nothing is solved when the schedule could not be written"
    assert not (BUNDLED / "out").exists()


def test_schedule_is_written_whole(tmp_path: Path, solved: list[int], week: WeekSchedule) -> None:
    assert solve(tmp_path / "new" / "out").exit_code == 0
    written = WeekSchedule.model_validate_json((tmp_path / "new" / "out" / "schedule.json").read_bytes())
    assert written == week
    out = tmp_path / "new" / "out"
    assert sorted(p.name for p in out.iterdir()) == [".jailsched", "csv", "letters", "posts", "schedule.html", "schedule.json"]
    assert all((out / name).is_symlink() for name in ("csv", "schedule.html", "schedule.json"))
    [published] = (out / ".jailsched" / "sets").iterdir()
    assert (out / ".jailsched" / "current").resolve() == published.resolve()
    assert not [p for p in (out / "csv").iterdir() if not p.name.endswith(".csv")], "no temporary left"


def _previous(folder: Path) -> tuple[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "schedule.json"
    path.write_text('{"a good schedule": "from last week"}\n')
    return path, path.read_bytes()


def _interrupted(*_: object) -> None:
    raise KeyboardInterrupt


def _disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("step", "fault", "code", "says"),
    [
        ("replace", _interrupted, 1, "no schedule written"),  # interrupted before the rename
        ("fsync", _disk_full, 2, "could not be written (No space left on device)"),  # the disk fills up
    ],
)
def test_failed_write_keeps_the_previous_schedule(
    tmp_path: Path,
    solved: list[int],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    fault: Callable[..., None],
    code: int,
    says: str,
) -> None:
    path, before = _previous(tmp_path)
    monkeypatch.setattr(os, step, fault)
    result = solve(tmp_path)
    assert result.exit_code == code
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".jailsched", "schedule.json"]
    assert not list((tmp_path / ".jailsched" / "sets").iterdir()), "no staging folder left behind"
    assert says in result.stderr and "unchanged, from an earlier run" in result.stderr


def test_failed_solve_says_the_schedule_there_is_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = _previous(tmp_path)

    def crash(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(solve_command, "build_week", crash)
    result = solve(tmp_path)
    assert result.exit_code != 0
    assert path.read_bytes() == before
    assert f"{path} is unchanged, from an earlier run" in result.stderr


def test_bad_input_says_the_schedule_there_is_old(tmp_path: Path) -> None:
    path, before = _previous(tmp_path / "out")
    instance = tmp_path / "warren"
    shutil.copytree(BUNDLED, instance)
    (instance / "week.yaml").write_text("monday: 2026-11-24\n")
    result = CliRunner().invoke(main, ["solve", str(instance), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert path.read_bytes() == before
    assert result.stderr.splitlines()[-1] == f"nothing written: {path} is unchanged, from an earlier run"
