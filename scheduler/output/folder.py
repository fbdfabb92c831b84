"""Where `solve` writes: the output folder checked before any solve, files replaced atomically.

A schedule is what the administrator publishes, so a run never leaves a half-written
file, never destroys the previous good schedule, and never lets an old file pass for new.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SCHEDULE = "schedule.json"
HTML = "schedule.html"
CSV_DIR = "csv"
POSTS_DIR = "posts"
LETTERS = "letters/letters.html"


def out_problems(out_dir: Path, instance_dir: Path) -> list[str]:
    """Every reason `out_dir` cannot receive the schedule, found before anything is solved."""
    out = out_dir.resolve()
    source = instance_dir.resolve()
    if out == source or source in out.parents:
        return [f"--out {out_dir}: is inside the instance folder {instance_dir}; write elsewhere"]
    if out.exists() and not out.is_dir():
        return [f"--out {out_dir}: is a file, not a folder"]
    for name in (SCHEDULE, HTML):
        target = out / name
        if target.exists() and not target.is_file():
            return [f"--out {out_dir}: {target} is a folder; {name} cannot be written there"]
    if (out / CSV_DIR).exists() and not (out / CSV_DIR).is_dir():
        return [f"--out {out_dir}: {out / CSV_DIR} is a file; the CSV exports go in a folder of that name"]
    if (out / POSTS_DIR).exists() and not (out / POSTS_DIR).is_dir():
        return [f"--out {out_dir}: {out / POSTS_DIR} is a file; the post sheets go in a folder of that name"]
    return _probe(out_dir)


def _probe(out_dir: Path) -> list[str]:
    """Create the folder if needed and a scratch file in it: the one sure test of writability
    (permission bits say nothing for root, a read-only mount or a full disk)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        return [f"--out {out_dir}: cannot be written ({exc.strerror or exc})"]
    probe = out_dir / f".link-probe.{os.getpid()}"
    try:
        probe.unlink(missing_ok=True)
        os.symlink("schedule.json", probe)
    except OSError as exc:
        why = f"cannot hold symbolic links ({exc.strerror or exc}), through which a run's files are published"
        return [f"--out {out_dir}: {why}"]
    finally:
        probe.unlink(missing_ok=True)
    return []


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`:
    a failure at any point leaves the previous file as it was and no temporary behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc  # name the file, not its temporary
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
