"""A run's output files appear together or not at all.

`schedule.json`, `schedule.html` and `csv/` are one set: a reader must never find a new
schedule beside an old report. Each run writes its set into a staging folder of its own,
`OUT/.jailsched/sets/<name>/`, flushes every file to disk, and publishes it with one atomic
step: the symbolic link `OUT/.jailsched/current` is replaced (a new link renamed over it)
to point at the new set. The names the administrator opens, `OUT/schedule.json`,
`OUT/schedule.html` and `OUT/csv`, are links through `current`, made once; so at every
moment they all show one set, the previous one or the new one.

Whatever ends a run (an error, a full disk, Ctrl-C, SIGKILL), the previous set stays
current: a failed run removes its staging folder, and a killed run's staging folder is
removed by the next run into that folder, which also removes the set it replaces. Two runs
into one folder take turns (an exclusive lock on `OUT/.jailsched/lock` while publishing),
so each publishes a whole set and the later one stays.

A folder written by an older jailsched (plain files), or copied with its links followed, is
taken over by the first run before it publishes: the plain files are copied into a set of
their own made current, then each name is replaced by its link (one atomic rename each, so
every name shows the old files throughout); only then is the new set swapped in.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STATE = ".jailsched"
SETS = "sets"
CURRENT = "current"
NAMES = ("schedule.json", "schedule.html", "csv", "letters", "posts")
"""The names a set may hold at the top of `--out` (links through `current`)."""


def publish(out_dir: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Write a set with `write(folder)` (it returns the paths it wrote) and publish it in
    `out_dir` as one step; the published paths, as the administrator names them."""
    state = out_dir / STATE
    sets = state / SETS
    sets.mkdir(parents=True, exist_ok=True)
    with _locked(state):
        _take_over(out_dir, state)
        _clean(state)
        staging = sets / f"set-{os.getpid()}-{os.urandom(4).hex()}"
        staging.mkdir()
        swapped = False
        try:
            written = write(staging)
            _flush(staging)
            names = sorted({p.relative_to(staging).parts[0] for p in written})
            for name in names:  # links through `current`: they show the new set only at the swap
                _link(out_dir / name, Path(STATE) / CURRENT / name)
            _point(state / CURRENT, Path(SETS) / staging.name)
            swapped = True
            _fsync(state)
        except BaseException:
            if not swapped:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        _clean(state)
    return [out_dir / p.relative_to(staging) for p in written]


def _take_over(out_dir: Path, state: Path) -> None:
    """Plain files where the links belong (an older jailsched, or a copy that followed the
    links) become the current set first, name by name, each still showing the same files."""
    current = state / CURRENT
    plain = [p for p in (out_dir / n for n in NAMES) if os.path.lexists(p) and not p.is_symlink()]
    if current.exists() and not current.is_symlink():  # a copied folder: `current` is a folder
        legacy = state / SETS / f"set-taken-{os.urandom(4).hex()}"
        os.replace(current, legacy)
        _point(current, Path(SETS) / legacy.name)
    if not plain:
        return
    legacy = state / SETS / f"set-taken-{os.urandom(4).hex()}"
    legacy.mkdir()
    try:
        for path in plain:
            copy = shutil.copytree if path.is_dir() else shutil.copy2
            copy(path, legacy / path.name)
        _flush(legacy)
        _point(current, Path(SETS) / legacy.name)
    except BaseException:
        shutil.rmtree(legacy, ignore_errors=True)
        raise
    for path in plain:
        _link(path, Path(STATE) / CURRENT / path.name)


@contextmanager
def _locked(state: Path) -> Iterator[None]:
    """One run publishes at a time in a folder (the others wait their turn)."""
    with (state / "lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clean(state: Path) -> None:
    """Remove every set but the current one (staging folders of killed runs, replaced sets),
    and any half-made link."""
    current = state / CURRENT
    keep = os.readlink(current) if current.is_symlink() else None
    for folder in sorted((state / SETS).iterdir()):
        if keep is None or Path(keep).name != folder.name:
            shutil.rmtree(folder, ignore_errors=True)
    for stray in state.glob(f".{CURRENT}.*"):
        stray.unlink(missing_ok=True)
    for name in NAMES:  # a half-made link, or a plain folder moved aside, by a killed run
        for stray in state.parent.glob(f".{name}.*"):
            if stray.is_symlink() or stray.is_file():
                stray.unlink(missing_ok=True)
            else:
                shutil.rmtree(stray, ignore_errors=True)


def _flush(folder: Path) -> None:
    """Every file and folder of the set on disk before it is published."""
    for path in sorted(folder.rglob("*"), reverse=True):
        _fsync(path)
    _fsync(folder)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _point(link: Path, target: Path) -> None:
    """Make `link` point at `target` in one step: a new link renamed over the old one."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _link(path: Path, target: Path) -> None:
    """`path` a link to `target`, replacing a plain file (one rename) or a plain folder (moved
    aside first: its copy is already current, see `_take_over`) an older run left there."""
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    if path.is_dir() and not path.is_symlink():
        aside = path.with_name(f".{path.name}.old.{os.getpid()}")
        os.replace(path, aside)
        _point(path, target)
        shutil.rmtree(aside, ignore_errors=True)
        return
    _point(path, target)
