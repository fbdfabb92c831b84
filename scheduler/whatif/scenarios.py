"""Scenarios and their solves, on any `concurrent.futures.Executor`.

A scenario carries the instance folder's files themselves (facility.yaml changed), not a
path: a Dask worker on another machine solves it just as a local process does. Each solve
writes the files to a temporary folder and loads them with `load_instance`, so a changed
facility passes every load-time check and is derived exactly as a real one; CP-SAT runs
single-worker with the same seed and time limit everywhere, so the figures do not depend
on the executor or the number of workers."""

from __future__ import annotations

import multiprocessing
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from models.facility import Facility
from models.instance import Instance
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.loading.reading import read_yaml
from scheduler.week import build_week
from scheduler.whatif.additions import (
    ADD_OFFICER,
    CLOSURE,
    REMOVE_OFFICER,
    add_closures,
    add_officers,
    remove_officers,
)
from scheduler.whatif.compare import Figure, figures
from scheduler.whatif.paths import Change, changed

FACILITY = "facility.yaml"
STAFF = "staff.csv"


class ExecutorError(RuntimeError):
    """An executor that cannot be had (dask not installed, no scheduler at the address)."""


@dataclass(frozen=True)
class Scenario:
    """A week to solve: its name, the changes that made it, and the instance folder's files."""

    name: str
    changes: tuple[Change, ...]
    folder: str
    files: tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class Outcome:
    """A scenario's figures, and every solve that did not prove its answer (status not OPTIMAL)."""

    name: str
    figures: tuple[Figure, ...]
    not_optimal: tuple[str, ...]
    seconds: float
    folder: str = ""
    """The instance folder's name, for progress lines when several facilities run at once."""
    unmet: tuple[tuple[tuple[str, str], ...], ...] = ()
    """The scenario's hard demand left unmet (UNM-01): each entry's fields as (name, text)
    pairs, what it is, why and what would fix it, kept for whatif.json and the page."""


def read_folder(folder: Path) -> tuple[tuple[str, bytes], ...]:
    """The instance folder's files, by name (the loader reads no subfolder)."""
    return tuple((p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file())


def scenario(folder: Path, base: Facility, changes: tuple[Change, ...], name: str) -> Scenario:
    """The instance of `folder` with `changes` made: settings and closures to its facility.yaml,
    added officers to its staff.csv (no changes: the folder as is)."""
    files = dict(read_folder(folder))
    settings = [c for c in changes if c.option not in (ADD_OFFICER, REMOVE_OFFICER, CLOSURE)]
    closures = [c for c in changes if c.option == CLOSURE]
    officers = [c for c in changes if c.option == ADD_OFFICER]
    removed = [c for c in changes if c.option == REMOVE_OFFICER]
    if settings or closures:
        data = read_yaml(folder / FACILITY, None, []) or {}
        data = changed(data, base, settings)
        data = add_closures(data, closures) if closures else data
        files[FACILITY] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
    if officers:
        files[STAFF] = add_officers(files.get(STAFF, b""), officers)
    if removed:
        files[STAFF] = remove_officers(files.get(STAFF, b""), removed)
    return Scenario(name, changes, folder.name, tuple(sorted(files.items())))


@contextmanager
def materialized(s: Scenario) -> Iterator[Path]:
    """The scenario's files as a temporary instance folder of the original folder's name."""
    with tempfile.TemporaryDirectory(prefix="jailsched-whatif-") as tmp:
        folder = Path(tmp) / s.folder
        folder.mkdir()
        for name, data in s.files:
            (folder / name).write_bytes(data)
        yield folder


def load(s: Scenario) -> Instance:
    """The scenario's instance; raises `InstanceError` with the loader's own lines."""
    with materialized(s) as folder:
        return load_instance(folder)


def solve(s: Scenario, time_limit: float, seed: int) -> Outcome:
    """Solve one scenario and keep only its figures (small, so any executor ships it back)."""
    started = time.perf_counter()
    instance = load(s)
    week = build_week(instance, SolveSettings(time_limit=time_limit, seed=seed))
    runs = tuple(f"{r.subproblem}: {r.status}" for r in week.solver if r.status != "OPTIMAL")
    fields = ("rule", "kind", "subject", "date", "reason", "needed", "available", "fix")
    unmet = tuple(tuple((name, str(getattr(u, name) or "")) for name in fields) for u in week.unmet if u.hard)
    return Outcome(s.name, tuple(figures(week)), runs, time.perf_counter() - started, s.folder, unmet)


Progress = Callable[[int, int, Outcome], None]


def run_all(
    scenarios: list[Scenario], executor: Executor, time_limit: float, seed: int, progress: Progress
) -> list[Outcome]:
    """Every scenario's outcome, in the scenarios' order whatever order they finish in."""
    futures = {executor.submit(solve, s, time_limit, seed): i for i, s in enumerate(scenarios)}
    out: dict[int, Outcome] = {}
    for future in as_completed(futures):
        out[futures[future]] = future.result()
        progress(len(out), len(scenarios), out[futures[future]])
    return [out[i] for i in range(len(scenarios))]


def local_executor(workers: int) -> Executor:
    """Worker processes that start clean ('forkserver' with the solver preloaded where there is
    one, else 'spawn'): forking a parent that holds OR-Tools' threads is not safe."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """An executor on an existing Dask cluster; the cluster must have jailsched installed."""
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorError("--executor dask: dask is not installed; pip install 'jailsched[dask]'") from None
    probe(address, CONNECT_SECONDS)
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError, ValueError, MemoryError) as exc:
        raise ExecutorError(f"--scheduler {address}: no Dask scheduler there ({exc})") from None
    with client:
        yield client.get_executor()


CONNECT_SECONDS = 10
"""How long `--scheduler` may take to accept and to answer (each)."""
LARGEST_FIRST_MESSAGE = 1 << 26
"""A Dask scheduler's first message (its handshake) is small; a length beyond this is not one."""


def probe(address: str, seconds: float) -> None:
    """A Dask scheduler speaks first after a connection: the length of its handshake, 8 bytes
    little-endian. Raise `ExecutorError` in one line when the address refuses, accepts and
    says nothing within `seconds`, or says something else (an SSH banner, say)."""
    if "://" in address and not address.startswith("tcp://"):
        return  # another transport (inproc, tls): Dask's own timeout applies
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    if not host or not port.isdigit():
        raise ExecutorError(f"--scheduler {address}: expected tcp://HOST:PORT")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=seconds) as conn:
            conn.settimeout(seconds)
            first = _read(conn, 8)
    except TimeoutError:
        raise ExecutorError(
            f"--scheduler {address}: accepted the connection but sent no Dask handshake within {seconds:g} s"
        ) from None
    except OSError as exc:
        raise ExecutorError(
            f"--scheduler {address}: no Dask scheduler there ({exc.strerror or exc})"
        ) from None
    if len(first) < 8 or int.from_bytes(first, "little") > LARGEST_FIRST_MESSAGE:
        said = f"answered {first!r}, not a Dask scheduler's handshake"
        raise ExecutorError(f"--scheduler {address}: {said}; is it the right port?")


def _read(conn: socket.socket, count: int) -> bytes:
    """Up to `count` bytes, fewer only when the other side closes."""
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data
