"""Ctrl-C and SIGTERM stop a run at any moment, and a stopped search is never taken for a
finished level.

CP-SAT's own SIGINT handling is off (`SolveSettings.solver`): it would end the search,
return its best as if the level were done, and leave SIGINT at its default action. Instead
`install` (called by the commands that solve) routes both signals to Python, which raises
`Interrupted` at the next instruction; while the main thread is inside a solve, where no
Python runs, the signal's byte on a wake-up pipe lets a watcher thread stop every running
search at once (`stop_search` is thread-safe), and the pending signal then raises as the
solve returns. `deferred` holds both signals back while a finished run publishes its files
(the handler notes a signal then, and `deferred` raises it at its end), so a run ends with
the whole previous output or the whole new one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

from ortools.sat.python import cp_model

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_running: set[cp_model.CpSolver] = set()
_lock = threading.Lock()
_installed = False
_holding: list[int] = []
"""While publishing: [] when not holding, else [0] plus each signal noted then."""


class Interrupted(BaseException):
    """A run stopped by a signal (a BaseException, like KeyboardInterrupt, so no `except
    Exception` swallows it); its exit code is 128 + the signal number (130 for Ctrl-C, 143
    for SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def install() -> None:
    """Route SIGINT and SIGTERM to `Interrupted` and start the watcher (main thread, once)."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    for signum in SIGNALS:
        signal.signal(signum, _raise)
    threading.Thread(target=_watch, args=(read,), name="interrupt watcher", daemon=True).start()
    _installed = True


def _raise(signum: int, _frame: object) -> None:
    if _holding:
        _holding.append(signum)  # raised when the publishing block ends
        return
    raise Interrupted(signum)


def _watch(read: int) -> None:
    """Stop every running search when SIGINT's or SIGTERM's byte arrives (other signals'
    bytes, if any, are not an interrupt)."""
    while data := os.read(read, 64):
        if any(byte in SIGNALS for byte in data):
            with _lock:
                for solver in list(_running):
                    solver.stop_search()


class StoppableSolver(cp_model.CpSolver):
    """A CP-SAT solver the watcher can stop while it searches."""

    def solve(self, model: cp_model.CpModel, *args: object, **kwargs: object) -> int:  # type: ignore[override]
        with _lock:
            _running.add(self)
        try:
            return super().solve(model, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            with _lock:
                _running.discard(self)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back: the handler only notes them inside the block, and the
    first one noted is raised as it ends (whatever thread the signal was delivered to)."""
    _holding[:] = [0]
    try:
        yield
    finally:
        noted = _holding[1:]
        _holding.clear()
    if noted:
        raise Interrupted(noted[0])
