"""The `jailsched` command's first moments (issue 23): a Ctrl-C or SIGTERM while Python loads
the program ends it with one line and the documented exit code (130, 143), before anything
is read or written. Once loaded, the signals go back to Python's defaults, and `solve`
installs its own handling (`scheduler.engine.interrupt`)."""

from __future__ import annotations

import signal
import sys

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_caught: list[int] = []


def run() -> None:
    """Load the command line under the starting handler, then run it."""
    for signum in SIGNALS:
        signal.signal(signum, _starting)
    try:
        from scheduler.cli import main
    except BaseException:  # a signal inside an extension's import arrives as ImportError
        if not _caught:
            raise
        main = None
    if _caught:
        name = signal.Signals(_caught[0]).name
        sys.stderr.write(f"interrupted ({name}) while starting: nothing read or written\n")
        sys.exit(128 + _caught[0])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    main()


def _starting(signum: int, _frame: object) -> None:
    _caught.append(signum)
    raise SystemExit(128 + signum)
