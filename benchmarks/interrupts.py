"""Signals at random moments of a solve (issue 23): does the output folder always show one
whole set?

    python -m benchmarks.interrupts --inmates 5000 --trials 20 --seed 23

Generates a week, solves it once (the previous set), then per trial starts `jailsched solve`
into the same folder and sends SIGINT, SIGTERM or SIGKILL at a random moment of a full
solve's wall time. After each: the three names must resolve into one set folder, the
schedule must parse, the report must be complete; the line prints the exit code, whether
the previous or a new set stands, and the run's last stderr line.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path

NAMES = ("schedule.json", "schedule.html", "csv")


def whole(out: Path) -> bool:
    """One set behind the three names, a schedule that parses and a finished report."""
    sets = {(out / name).resolve().parent for name in NAMES}
    html = (out / "schedule.html").read_text(encoding="utf-8").rstrip()
    return (
        len(sets) == 1 and bool(json.loads((out / "schedule.json").read_bytes())) and html.endswith("</html>")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inmates", type=int, default=5000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    from scheduler.generate import generate_instance

    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        week, out = Path(tmp) / "week", Path(tmp) / "out"
        generate_instance(week, args.inmates, 1)
        command = ["jailsched", "solve", str(week), "--out", str(out)]
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        total = time.perf_counter() - started
        print(f"a full solve: {total:.2f} s")
        kept = 0
        for k in range(1, args.trials + 1):
            signum = chance.choice([signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
            delay = chance.uniform(0.2, total + 0.3)
            before = (out / "schedule.json").read_bytes()
            run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            run.send_signal(signum)
            _, said = run.communicate()
            ok = whole(out)
            kept += ok
            which = "previous" if (out / "schedule.json").read_bytes() == before else "new"
            last = (said.strip().splitlines() or [""])[-1]
            name = signal.Signals(signum).name
            state = f"{'one set' if ok else 'MIXED'} ({which})"
            print(f"{k:2} {name:7} at {delay:5.2f} s: exit {run.returncode}, {state}; {last}")
        print(f"{kept} of {args.trials} left one consistent set")


if __name__ == "__main__":
    main()
