"""A run's output files appear together or not at all (issue 23): the set is written in a
staging folder and published by one atomic link swap; a failed, full-disk, killed or
concurrent run never leaves a new schedule beside an old report, nor a temporary for good."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.generate import generate_instance
from scheduler.output.publish import STATE, publish

NAMES = ("schedule.json", "schedule.html", "csv")


def writer(tag: str, fail_after: int | None = None) -> Callable[[Path], list[Path]]:
    """A set of three files tagged `tag`; raise ENOSPC after `fail_after` files."""

    def write(folder: Path) -> list[Path]:
        paths = [folder / "schedule.json", folder / "schedule.html", folder / "csv" / "visits.csv"]
        for n, path in enumerate(paths):
            if fail_after is not None and n == fail_after:
                raise OSError(errno.ENOSPC, "No space left on device")
            path.parent.mkdir(exist_ok=True)
            path.write_text(tag)
        return paths

    return write


def shown(out: Path) -> set[str]:
    """The tags the administrator sees through the three names."""
    return {
        (out / "schedule.json").read_text(),
        (out / "schedule.html").read_text(),
        (out / "csv" / "visits.csv").read_text(),
    }


def sets(out: Path) -> list[str]:
    return sorted(p.name for p in (out / STATE / "sets").iterdir())


def test_a_set_replaces_the_previous_one_whole(tmp_path: Path) -> None:
    first = publish(tmp_path, writer("old"))
    assert first == [tmp_path / "schedule.json", tmp_path / "schedule.html", tmp_path / "csv" / "visits.csv"]
    publish(tmp_path, writer("new"))
    assert shown(tmp_path) == {"new"} and len(sets(tmp_path)) == 1
    assert all((tmp_path / name).is_symlink() for name in NAMES)


def test_a_failed_write_keeps_the_previous_set_and_no_staging(tmp_path: Path) -> None:
    publish(tmp_path, writer("old"))
    with pytest.raises(OSError, match="No space"):
        publish(tmp_path, writer("new", fail_after=2))
    assert shown(tmp_path) == {"old"} and len(sets(tmp_path)) == 1


def test_a_killed_runs_staging_is_removed_by_the_next_run(tmp_path: Path) -> None:
    publish(tmp_path, writer("old"))
    stale = tmp_path / STATE / "sets" / "set-1-dead"
    (stale / "csv").mkdir(parents=True)
    publish(tmp_path, writer("new"))
    assert not stale.exists() and shown(tmp_path) == {"new"} and len(sets(tmp_path)) == 1


def test_plain_files_of_an_older_run_are_taken_over(tmp_path: Path) -> None:
    (tmp_path / "csv").mkdir()
    for path in (tmp_path / "schedule.json", tmp_path / "schedule.html", tmp_path / "csv" / "visits.csv"):
        path.write_text("plain")
    publish(tmp_path, writer("new"))
    assert shown(tmp_path) == {"new"} and all((tmp_path / name).is_symlink() for name in NAMES)


def test_concurrent_runs_take_turns_and_one_whole_set_stays(tmp_path: Path) -> None:
    threads = [threading.Thread(target=publish, args=(tmp_path, writer(f"run {k}"))) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(shown(tmp_path)) == 1 and len(sets(tmp_path)) == 1


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish") / "week"
    generate_instance(folder, 1000, 1)
    return folder


def solve_command(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "scheduler.cli", "solve", str(folder), "--out", str(out)]


def one_set(out: Path) -> Path:
    """The set the three names show: all through the current link, into one folder."""
    targets = {(out / name).resolve().parent for name in NAMES}
    assert len(targets) == 1
    return targets.pop()


@pytest.mark.parametrize(
    ("signum", "moment"),
    [
        (signal.SIGKILL, "solving"),
        (signal.SIGKILL, "writing"),
        (signal.SIGINT, "writing"),
        (signal.SIGTERM, "writing"),
    ],
)
def test_a_signal_leaves_one_whole_set(week: Path, tmp_path: Path, signum: int, moment: str) -> None:
    """A signal mid-solve or while the set is written (the first CSV seen in staging): the
    names still show one whole set, the previous one or the new one, and the next run
    clears the debris. SIGINT and SIGTERM are held back while the set is published, so they
    end the run just after it (exit 130 or 143, saying the week was written)."""
    out = tmp_path / "out"
    assert subprocess.run(solve_command(week, out), capture_output=True, check=False).returncode == 0
    before = {name: (out / name).read_bytes() for name in ("schedule.json", "schedule.html")}
    run = subprocess.Popen(
        solve_command(week, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert run.stderr is not None
    if moment == "solving":
        run.stderr.readline()
    else:
        staging = out / STATE / "sets"
        while run.poll() is None and not any(
            p.name != one_set(out).name and (p / "csv").exists() for p in staging.iterdir()
        ):
            pass
    run.send_signal(signum)
    _, said = run.communicate()
    one_set(out)
    if signum != signal.SIGKILL and run.returncode != 0:  # not already finished
        assert run.returncode == 128 + signum
        assert said.strip().splitlines()[-1].startswith(f"interrupted ({signal.Signals(signum).name}): ")
    if moment == "solving" or (out / "schedule.json").read_bytes() == before["schedule.json"]:
        assert {name: (out / name).read_bytes() for name in before} == before
    assert subprocess.run(solve_command(week, out), capture_output=True, check=False).returncode == 0
    one_set(out)
    assert len(sets(out)) == 1


def test_two_solves_into_one_folder_leave_one_whole_set(week: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(solve_command(week, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]
    assert [r.wait() for r in runs] == [0, 0]
    one_set(out)
    assert len(sets(out)) == 1


def test_a_full_disk_keeps_the_previous_set_and_says_so_truly(week: Path, tmp_path: Path) -> None:
    """RLIMIT_FSIZE below the report's size: the write fails, the previous set stays."""
    out = tmp_path / "out"
    assert subprocess.run(solve_command(week, out), capture_output=True, check=False).returncode == 0
    before = (out / "schedule.json").read_bytes()
    limit = "import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000)); "
    main = "from scheduler.cli import main; sys.argv = ['jailsched', *sys.argv[1:]]; main()"
    done = subprocess.run(
        [sys.executable, "-c", limit + main, "solve", str(week), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "could not be written (File too large)" in done.stderr
    assert f"{out / 'schedule.json'} is unchanged, from an earlier run" in done.stderr
    assert (out / "schedule.json").read_bytes() == before
    one_set(out)
    assert len(sets(out)) == 1
    assert os.path.getsize(out / "schedule.json") > 400_000  # the limit would have cut it


def test_a_stop_just_after_the_swap_keeps_the_new_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt between the swap and its flush: the new set is current and kept."""
    from scheduler.output import publish as module

    publish(tmp_path, writer("old"))
    real = module._fsync

    def stop_at_state(path: Path) -> None:
        if path == tmp_path / STATE:
            raise KeyboardInterrupt
        real(path)

    monkeypatch.setattr(module, "_fsync", stop_at_state)
    with pytest.raises(KeyboardInterrupt):
        publish(tmp_path, writer("new"))
    monkeypatch.setattr(module, "_fsync", real)
    assert shown(tmp_path) == {"new"}
    publish(tmp_path, writer("newer"))
    assert shown(tmp_path) == {"newer"} and len(sets(tmp_path)) == 1


def test_a_takeover_stopped_half_way_still_shows_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduler.output import publish as module

    (tmp_path / "csv").mkdir()
    for path in (tmp_path / "schedule.json", tmp_path / "schedule.html", tmp_path / "csv" / "visits.csv"):
        path.write_text("plain")
    real, calls = module._link, []

    def stop_after_one(path: Path, target: Path) -> None:
        if calls:
            raise KeyboardInterrupt
        calls.append(path)
        real(path, target)

    monkeypatch.setattr(module, "_link", stop_after_one)
    with pytest.raises(KeyboardInterrupt):
        publish(tmp_path, writer("new"))
    assert shown(tmp_path) == {"plain"}  # one name a link, two plain: all the old files
    monkeypatch.setattr(module, "_link", real)
    publish(tmp_path, writer("new"))
    assert shown(tmp_path) == {"new"} and len(sets(tmp_path)) == 1


def test_a_folder_copied_with_its_links_followed_is_taken_over(tmp_path: Path) -> None:
    import shutil

    publish(tmp_path / "a", writer("old"))
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # links followed: `current` becomes a folder
    publish(tmp_path / "b", writer("new"))
    assert shown(tmp_path / "b") == {"new"} and len(sets(tmp_path / "b")) == 1
    assert (tmp_path / "b" / STATE / "current").is_symlink()
