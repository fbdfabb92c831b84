"""Post sheets (issue 22): one printable sheet per post and day. Printed by headless Chromium,
every page of each sheet kind carries the facility, the post, the date and "page x of y";
a window's booth grid prints on one page; the visiting room's check-in list names every
visitor of the day; the sheets are written with the schedule as one set.

The printing tests are skipped when no Chromium binary is installed (Debian: `apt-get
install chromium`)."""

from __future__ import annotations

import html as markup
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.report.sheets import BOX, INDEX, Sheets, render_sheets
from scheduler.report.views import Names

DAYS = ("2026-11-25", "2026-11-28")
"""Wednesday and Saturday of the bundled week."""


@pytest.fixture(scope="module")
def folder(warren: tuple[Instance, WeekSchedule], tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance, week = warren
    root = tmp_path_factory.mktemp("posts")
    for name, text in render_sheets(week, instance).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _printed(chromium: str, page: Path, tmp_path: Path) -> list[str]:
    """Each printed page's text."""
    pdf = tmp_path / (page.stem + ".pdf")
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        page.as_uri(),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(pdf).pages]


def _kind(path: Path) -> str:
    """A sheet's kind: its file name less the pod, officer, area or window it is for."""
    kinds = ("visiting-room", "legal-visits", "yard", "razors", "laundry", "lockdown-night", "pod", "officer")
    return next(k for k in kinds if path.stem == k or path.stem.startswith(k + "-"))


def test_every_post_of_the_week_has_its_sheets(warren: tuple[Instance, WeekSchedule], folder: Path) -> None:
    _, week = warren
    kinds = {(p.parent.name, _kind(p)) for p in folder.glob("*/*.html")}
    sheet_of = {"visit": "visiting-room", "clergy_visit": "visiting-room", "legal_visit": "legal-visits"}
    sheet_of["recreation"] = "yard"
    sheet_of |= {"razor_batch": "razors", "laundry_load": "laundry", "hour_out": "lockdown-night"}
    for day in week.days:
        wanted = {sheet_of[e.kind] for e in day.events if e.kind in sheet_of} | {"pod", "officer"}
        assert {k for d, k in kinds if d == str(day.date)} == wanted
    assert any(k == "lockdown-night" for _, k in kinds) and any(k == "legal-visits" for _, k in kinds)
    officers = {e.officer for d in week.days for e in d.events if e.officer}
    assert {p.stem.removeprefix("officer-") for p in folder.glob("*/officer-*.html")} == officers
    index = (folder / INDEX).read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="(\d{4}-\d\d-\d\d/[^"]+)"', index)) == sorted(
        str(p.relative_to(folder)) for p in folder.glob("*/*.html")
    )


@pytest.mark.parametrize("day", DAYS)
def test_each_printed_page_names_facility_post_date_and_page(
    chromium: str, warren: tuple[Instance, WeekSchedule], folder: Path, tmp_path: Path, day: str
) -> None:
    """One sheet of each kind that day (the first pod's and officer's), printed to PDF."""
    _, week = warren
    seen: dict[str, Path] = {}
    for path in sorted((folder / day).glob("*.html")):
        seen.setdefault(_kind(path), path)
    for kind, path in sorted(seen.items()):
        html = path.read_text(encoding="utf-8")
        post = re.search(r"<h1>(.*?)</h1>", html).group(1)  # type: ignore[union-attr]
        date = re.search(r"· ([A-Z][a-z]+day \d+ [A-Z][a-z]+ \d{4})", html).group(1)  # type: ignore[union-attr]
        pages = _printed(chromium, path, tmp_path)
        assert 1 <= len(pages) <= 6, (kind, len(pages))
        for k, text in enumerate(pages, 1):
            assert (
                week.facility in text
                and markup.unescape(post).replace(" ", "") in text.replace(" ", "")
                and date in text
            ), (
                kind,
                k,
                text[:200],
            )
            assert f"page {k} of {len(pages)}" in text, (kind, k)


def test_a_window_grid_prints_on_one_page(chromium: str, folder: Path, tmp_path: Path) -> None:
    """Saturday's visiting room, a sheet per window: the grid's heading and its last slot on
    the first page."""
    paths = sorted((folder / "2026-11-28").glob("visiting-room-*.html"))
    assert len(paths) == 3
    for path in paths:
        html = path.read_text(encoding="utf-8")
        grid = re.search(r"<h2>(Booths, .*?)</h2>.*?</tbody>", html, re.S)
        assert grid is not None
        last = re.findall(r"<tr><td>(\d\d:\d\d)</td>", grid.group(0))[-1]
        first = _printed(chromium, path, tmp_path)[0]
        assert last in first.split(markup.unescape(grid.group(1)), 1)[1], (path.name, last)


def test_the_lobby_list_names_every_visitor_of_the_day(warren: tuple[Instance, WeekSchedule]) -> None:
    """Over a day's window sheets, every visitor of the day once per visit, with a box."""
    instance, week = warren
    names = Names(instance)
    sheets = Sheets(week, instance)
    for day in week.days:
        lobby = [
            row
            for s in sheets.visiting_room(day)
            for t in s.tables
            if t.heading == "Lobby check-in"
            for row in t.rows
        ]
        visitors = [
            names.visitor(v.visitor_id)
            for e in day.events
            if e.kind in ("visit", "clergy_visit")
            for v in e.visitors
        ]
        assert sorted(row[3] for row in lobby) == sorted(visitors)
        assert all(row[-1] == BOX for row in lobby)


def test_a_roll_lists_each_member_with_cell_once(warren: tuple[Instance, WeekSchedule]) -> None:
    """Each area's yard sheet rolls exactly the members of that area's sessions; the razor
    sheet, every batch's members; each with their cell."""
    instance, week = warren
    sheets = Sheets(week, instance)
    for day in week.days:
        for sheet in sheets.yard(day) + sheets.razors(day):
            if sheet.slug.startswith("razors"):
                events = [
                    e for e in day.events if e.kind == "razor_batch" and sheet.post.endswith(f"pod {e.pod}")
                ]
            else:
                events = [
                    e for e in day.events if e.kind == "recreation" and sheet.post == f"Recreation {e.place}"
                ]
            rolled = sorted(row[1] for t in sheet.tables for row in t.rows)
            assert rolled == sorted(i for e in events for i in e.inmates) and rolled
            assert all(row[2] == instance.inmates[row[1]].cell for t in sheet.tables for row in t.rows)


def test_a_name_in_the_page_header_cannot_break_the_style_sheet() -> None:
    """The printed header's texts are CSS strings: quotes, angle brackets and backslashes are
    escaped, and a space after an escaped character is kept."""
    from scheduler.report.templating import css_string

    text = str(css_string('O\'Neil "Jr" </style><b>\\, A'))
    assert text.startswith('"') and text.endswith('"') and '"' not in text[1:-1]
    assert "<" not in text and ">" not in text and "\\\\" not in text
    assert "\\00002c  A" in text  # the escape's own space, then the name's
