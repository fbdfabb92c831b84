"""Pages of the post sheets (issue 22): `python3 -m benchmarks.sheets OUT/posts DATE...` prints,
for each date, the pages of each sheet kind, each sheet printed to PDF by headless Chromium
(as the browser tests do) and its pages counted with pypdf."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from pypdf import PdfReader

KINDS = ("visiting-room", "legal-visits", "yard", "razors", "laundry", "lockdown-night", "pod", "officer")


def kind_of(path: Path) -> str:
    """A sheet's kind: its file name less the window, area, pod or officer it is for."""
    return next(k for k in KINDS if path.stem == k or path.stem.startswith(k + "-"))


def pages(chromium: str, page: Path, scratch: Path) -> int:
    pdf = scratch / (page.stem + ".pdf")
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={scratch / 'profile'}",
    ]
    command += [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()]
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=Path, help="a posts/ folder written by solve or report")
    parser.add_argument("dates", nargs="+", help="dates, YYYY-MM-DD")
    args = parser.parse_args()
    chromium = next(p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p)
    with tempfile.TemporaryDirectory() as scratch:
        for day in args.dates:
            counts: dict[str, list[int]] = defaultdict(list)
            for page in sorted((args.posts / day).glob("*.html")):
                counts[kind_of(page)].append(pages(chromium, page, Path(scratch)))
            shown = [
                f"{k}: {sum(v)}" + (f" ({len(v)} sheets, {min(v)}-{max(v)} each)" if len(v) > 1 else "")
                for k, v in sorted(counts.items(), key=lambda kv: KINDS.index(kv[0]))
            ]
            print(f"{day}: " + "; ".join(shown), flush=True)


if __name__ == "__main__":
    main()
