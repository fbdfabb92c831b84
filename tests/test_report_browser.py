"""schedule.html in a real browser: headless Chromium loads the bundled week's report without
a console error, its DOM holds the visits, posts and unmet list, it prints one day per page
at least, and a screenshot is kept (also copied to $JAILSCHED_ARTIFACTS when set).

Skipped when no Chromium binary is installed (Debian: `apt-get install chromium`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.report.html import render_html

HEADLESS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
CONSOLE = ("CONSOLE", "Uncaught")
"""What Chromium's stderr log shows for a page's console message or uncaught error."""


@pytest.fixture(scope="module")
def report(warren: tuple[Instance, WeekSchedule], tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance, week = warren
    path = tmp_path_factory.mktemp("report") / "schedule.html"
    path.write_text(render_html(week, instance), encoding="utf-8")
    return path


def browse(chromium: str, page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a page with its own profile; stdout and stderr as text."""
    command = [chromium, *HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if any(mark in line for mark in CONSOLE)]


def test_console_errors_are_caught_by_this_check(chromium: str, tmp_path: Path) -> None:
    """The console check below is not vacuous: a page that errors shows in the log."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); missing();</script>")
    run = browse(chromium, bad, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert any("Uncaught" in line for line in console_lines(run.stderr)), run.stderr[-2000:]


def test_dom_has_visits_posts_and_unmet_without_console_errors(
    chromium: str, report: Path, warren: tuple[Instance, WeekSchedule], tmp_path: Path
) -> None:
    _, week = warren
    run = browse(chromium, report, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    assert console_lines(run.stderr) == []
    dom = run.stdout
    filled = sorted(r for g in week.visit_grids for row in g.booths for r in row if r)
    assert sorted(re.findall(r'<td class="v" data-req="([^"]+)"', dom)) == filled
    shown = set(re.findall(r'<tr data-ev="([^"]+)"', dom))
    assert {e.id for _, e in week.events() if e.officer} <= shown
    assert {e.id for _, e in week.events()} == shown
    unmet = dom[dom.index('id="unmet"') : dom.index('id="notices"')]
    assert len(re.findall(r'<tr class="(?:hard|soft)">', unmet)) == len(week.unmet)
    for item in week.unmet:
        assert item.subject in unmet


def test_screenshot(chromium: str, report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "schedule.png"
    run = browse(chromium, report, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000")
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    if os.environ.get("JAILSCHED_ARTIFACTS"):
        folder = Path(os.environ["JAILSCHED_ARTIFACTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, folder / "schedule.png")


def test_prints_at_least_a_page_per_day(
    chromium: str, report: Path, warren: tuple[Instance, WeekSchedule], tmp_path: Path
) -> None:
    _, week = warren
    pdf = tmp_path / "schedule.pdf"
    run = browse(chromium, report, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert run.returncode == 0, run.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf.read_bytes()))
    assert pages >= len(week.days) + 1
    printed = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Solver figures" not in printed and "Monday" in printed  # on screen only (issue 22)
    # The report's own stylesheet with each day cut to its heading: one page per day, so
    # the page break before each day is what prints them apart.
    page = report.read_text(encoding="utf-8")
    style = re.search(r"<style>.*?</style>", page, re.S)
    days = re.findall(r'<section class="page day" id="[^"]+">\s*<h2>.*?</h2>', page, re.S)
    assert style is not None and len(days) == len(week.days)
    headings = tmp_path / "days.html"
    headings.write_text(
        f"<!doctype html><html><head>{style.group(0)}</head><body>"
        + "".join(d + "</section>" for d in days)
        + "</body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "days.pdf"
    run = browse(chromium, headings, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf.read_bytes())) == len(week.days)


PROBE = """<script>
const over = [];
for (const el of document.querySelectorAll('body *')) {
  if (el.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) continue;
  let boxed = false;
  for (let p = el.parentElement; p && !boxed; p = p.parentElement) {
    boxed = ['auto', 'scroll'].includes(getComputedStyle(p).overflowX);
  }
  if (!boxed) over.push(el.tagName + '#' + el.id);
}
const d = document.documentElement;
document.body.setAttribute('data-probe', d.scrollWidth + ' ' + d.clientWidth + ' ' + over.length + ' ' + over.slice(0, 5));
</script></body>"""


def test_a_phone_width_scrolls_sideways_only_inside_a_box(
    chromium: str, report: Path, tmp_path: Path
) -> None:
    """At a phone's width (390 px asked) the page is no wider than the screen, and every
    element past its right edge sits in a box that scrolls on its own (issue 22)."""
    page = tmp_path / "probe.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    run = browse(chromium, page, tmp_path, "--window-size=390,900", "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'data-probe="(\d+) (\d+) (\d+) ?([^"]*)"', run.stdout)
    assert found is not None
    wide, screen, outside, first = found.groups()
    assert int(wide) <= int(screen) and outside == "0", (wide, screen, first)
