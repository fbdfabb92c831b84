"""schedule.html (issue 13): every visit, post and unmet item shown, times past midnight read
"(+1)", names escaped, the same bytes for the same week, and nothing fetched from outside."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markupsafe import escape

from models.instance import Instance
from models.schedule import (
    AppointmentEvent,
    EventBase,
    HourOut,
    LaundryLoad,
    Post,
    Provenance,
    RazorBatch,
    RecreationSession,
    RoutineEvent,
    Unmet,
    VisitEvent,
    WeekSchedule,
)
from scheduler.cli import BUNDLED
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.report.html import render_html
from scheduler.report.views import Names, window_view
from scheduler.week import build_week

ROOT = Path(__file__).resolve().parents[1]
NIGHT_CLOCK = re.compile(r"(?<![\d-])(?:2[4-9]|3\d|4[0-7]):[0-5]\d(?!\d)")
"""A clock of the schedule files' night form ("24:30"), never printed for people."""
ROW = re.compile(r'<tr data-ev="([^"]*)"[^>]*>(.*?)</tr>', re.S)


@pytest.fixture(scope="module")
def html(warren: tuple[Instance, WeekSchedule]) -> str:
    instance, week = warren
    return render_html(week, instance)


def timeline_rows(page: str) -> dict[str, str]:
    """The day timelines' rows by event id."""
    return {str(escape(m.group(1))): m.group(2) for m in ROW.finditer(page)}


def test_booth_grids_show_every_visit_in_them(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    _, week = warren
    filled = sorted(r for g in week.visit_grids for row in g.booths for r in row if r)
    shown = sorted(re.findall(r'<td class="v" data-req="([^"]+)"', html))
    assert shown == filled
    visits = {e.request_id for _, e in week.events() if isinstance(e, VisitEvent) and e.booth is not None}
    assert set(shown) <= visits
    social = {e.request_id for _, e in week.events() if isinstance(e, VisitEvent) and e.kind == "visit"}
    assert social <= set(shown)
    assert html.count('<div class="card">') == sum(
        len(e.visitors) for _, e in week.events() if isinstance(e, VisitEvent) and e.kind == "visit"
    )


def test_the_bundled_booth_closure_is_shown_and_counted(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    """CAL-01: booth 4 closed Saturday 08:00-11:00 for an intercom repair is listed in the
    schedule, marked with its reason on every slot of its grid row, and the window's capacity
    counts the 3 booths open: 4 x 6 - 6 = 18 visits, its share of them served."""
    _, week = warren
    [closure] = week.closures
    assert (closure.resource, closure.date, closure.start, closure.end, closure.count) == (
        "booths", dt.date(2026, 11, 28), 480, 660, 1
    )
    [report] = [w for w in week.windows if w.window == "sat 08:00-11:00 M A-F"]
    assert (report.booths, report.slots, report.closed, report.capacity) == (4, 6, 6, 18)
    assert week.kpis["visits.share sat 08:00-11:00 M A-F"] == round(report.served / 18, 4)
    [grid] = [g for g in week.visit_grids if g.closed]
    assert grid.closed[3] == [closure.reason] * 6 and not any(any(row) for row in grid.closed[:3])
    assert all(r is None for r in grid.booths[3])
    section = html[html.index("Visitation window sat 08:00-11:00 M A-F") :]
    row = re.search(r"<tr><th>4</th>(.*?)</tr>", section, re.S)
    assert row is not None
    assert row.group(1).count(f'<td class="closed"><b>closed</b>{escape(closure.reason)}</td>') == 6
    assert "4 booths x 6 slots less 6 closed = 18 visits" in section


def test_every_event_and_officer_post_is_on_its_day(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    instance, week = warren
    rows = timeline_rows(html)
    assert set(rows) == {str(escape(e.id)) for _, e in week.events()}
    names = Names(instance)
    posts = [e for _, e in week.events() if e.officer]
    assert posts
    for event in posts:
        assert str(escape(names.officer(event.officer))) in rows[str(escape(event.id))], event.id
    for officer in {e.officer for e in posts}:
        assert f'id="officer-{officer}"' in html


def test_every_unmet_item_is_listed_hard_first(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    hard = Unmet(
        rule="DIS-05",
        kind="hour_out",
        subject="hour out of I0046",
        date=dt.date(2026, 11, 24),
        hard=True,
        inmates=["I0046"],
        reason="no night officer is free at 24:30",
        needed="1 officer",
        available="0",
        fix="put an officer on the night shift",
    )
    page = render_html(week.model_copy(update={"unmet": [*week.unmet, hard]}), instance)
    section = page[page.index('id="unmet"') : page.index('id="notices"')]
    assert section.count("<tr class=") == len(week.unmet) + 1
    assert section.index('<tr class="hard">') < section.index('<tr class="soft">')
    for item in [*week.unmet, hard]:
        assert str(escape(item.subject)) in section
        assert str(escape(item.reason.replace("24:30", "00:30 (+1)"))) in section
    assert "1 hard demand unmet" in page


def test_times_past_midnight_read_plus_one(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    _, week = warren
    assert any(e.end > 24 * 60 for _, e in week.events())
    assert "23:30\u201300:30 (+1)" in html
    assert NIGHT_CLOCK.findall(html) == []


def test_names_are_escaped_and_accents_kept(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    visit = next(e for _, e in week.events() if isinstance(e, VisitEvent) and e.kind == "visit")
    inmate, visitor = visit.inmates[0], visit.visitors[0].visitor_id
    officer = next(e.officer for _, e in week.events() if e.officer)
    renamed = instance.model_copy(
        update={
            "inmates": instance.inmates
            | {
                inmate: instance.inmates[inmate].model_copy(
                    update={"first_name": "Zoë", "last_name": "O'Brien-Núñez"}
                )
            },
            "visitors": instance.visitors
            | {
                visitor: instance.visitors[visitor].model_copy(
                    update={"first_name": "<script>alert(1)</script>"}
                )
            },
            "officers": instance.officers
            | {
                officer: instance.officers[officer].model_copy(
                    update={"first_name": "Siân", "last_name": "D'Arcy"}
                )
            },
        }
    )
    page = render_html(week, renamed, [inmate])
    assert "<script" not in page.lower()
    assert str(escape("<script>alert(1)</script>")) in page
    assert str(escape(f"Zoë O'Brien-Núñez ({inmate})")) in page
    assert str(escape(f"Siân D'Arcy ({officer})")) in page
    assert f'id="inmate-{inmate}"' in page


HOSTILE = "<script>x</script>\"'&"


def hostile_event(event: EventBase) -> EventBase:
    """The event with HOSTILE in every text the Python-printed rows show (ids, place, pod,
    machines, request and visitor ids, notes), links between events kept."""
    update: dict[str, object] = {
        "id": event.id + HOSTILE,
        "place": event.place + HOSTILE,
        "inmates": [i + HOSTILE for i in event.inmates],
    }
    if isinstance(event, (RecreationSession, RazorBatch, LaundryLoad, HourOut)):
        update["pod"] = event.pod + HOSTILE
    if isinstance(event, LaundryLoad):
        update |= {"washer": event.washer + HOSTILE, "dryer": event.dryer + HOSTILE}
    if isinstance(event, VisitEvent):
        update["request_id"] = event.request_id + HOSTILE
        update["visitors"] = [
            v.model_copy(update={"visitor_id": v.visitor_id + HOSTILE}) for v in event.visitors
        ]
        update["subperiods"] = [
            s.model_copy(update={"visitor_ids": [x + HOSTILE for x in s.visitor_ids]})
            for s in event.subperiods
        ]
    if isinstance(event, Post):
        update["covers"] = [c + HOSTILE for c in event.covers]
    if isinstance(event, (AppointmentEvent, RoutineEvent)):
        update["note"] = event.note + HOSTILE
    return event.model_copy(update=update)


def test_rows_printed_in_python_escape_every_value(warren: tuple[Instance, WeekSchedule]) -> None:
    """The long tables and charts are printed by `html.Rows`, not by the autoescaping
    templates: every value from the week must still come out escaped, in every place."""
    instance, week = warren
    days = [d.model_copy(update={"events": [hostile_event(e) for e in d.events]}) for d in week.days]
    grids = [
        g.model_copy(update={"booths": [[r + HOSTILE if r else r for r in row] for row in g.booths]})
        for g in week.visit_grids
    ]
    page = render_html(week.model_copy(update={"days": days, "visit_grids": grids}), instance)
    assert "<script" not in page.lower()
    safe = str(escape(HOSTILE))
    events = [e for d in days for e in d.events]
    assert len(ROW.findall(page)) == len(events)
    for event in events:
        assert f'<tr data-ev="{escape(event.id)}"' in page
        if isinstance(event, (RecreationSession, RazorBatch, LaundryLoad, HourOut)):
            assert f"<td>{escape(event.place)}</td>" in page, event.id  # on its pod's itinerary
    visits = [e for e in events if isinstance(e, VisitEvent)]
    social = [e for e in visits if e.kind == "visit"]
    assert social
    filled = [r for g in grids for row in g.booths for r in row if r]
    assert filled
    for rid in filled:
        assert f'data-req="{escape(rid)}"' in page
    in_grids = [v for v in visits if v.request_id in filled]
    for visit in in_grids:  # its row in the window's visit details
        who, first = ", ".join(visit.inmates), visit.visitors[0].visitor_id
        assert f"<td>{escape(who)}</td><td>{escape(first)}, arrive by" in page, visit.id
    passes = page[page.index('id="passes"') :]
    assert passes.count('<div class="card">') == sum(len(v.visitors) for v in social)
    for visit in social:
        assert f"{escape(visit.visitors[0].visitor_id)} \u00b7 {escape(visit.request_id)}</small>" in passes
    laundry = page[page.index('id="laundry"') : page.index('id="hour-outs"')]
    loads = [e for e in events if isinstance(e, LaundryLoad)]
    assert loads
    for load in loads:
        assert f'text-anchor="end">{escape(load.washer)}</text>' in laundry
        assert f"<title>{escape(load.washer)}: pod {escape(load.pod)}" in laundry
    razors = page[page.index('id="razors"') : page.index('id="laundry"')]
    for batch in (e for e in events if isinstance(e, RazorBatch)):
        assert f'text-anchor="end">{escape(batch.pod)}</text>' in razors
        assert f"<title>pod {escape(batch.pod)}: {batch.razors} razors" in razors
    pods = page[page.index("<h3>Pods</h3>") : page.index('id="passes"')]
    with_ids = sum(isinstance(e, (RecreationSession, RazorBatch)) for e in events)
    assert pods.count(f"{safe}</span></td><td>") == with_ids  # the member ids, then the officer


def test_asked_inmates_get_an_itinerary_and_unknown_ids_are_skipped(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    instance, week = warren
    page = render_html(week, instance, ["I0046", "NO-SUCH-INMATE"])
    section = page[page.index('id="inmate-I0046"') : page.index("<h3>Officers</h3>")]
    assert "Hour out" in section and "DIS-08" in section
    assert "NO-SUCH-INMATE" not in page


def test_two_solves_render_the_same_bytes(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    again = load_instance(BUNDLED)
    second = build_week(again, SolveSettings(time_limit=10, seed=0))
    first_page = render_html(week, instance, ["I0046"])
    assert render_html(second, again, ["I0046"]) == first_page  # solve times are not printed
    assert render_html(week, instance, ["I0046"]) == first_page


def test_a_visit_moved_by_hand_shows_where_its_event_is(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    edited = week.model_copy(deep=True)
    grid = next(g for g in edited.visit_grids if any(None in row for row in g.booths))
    booth, slot = next((b, k) for b, row in enumerate(grid.booths) for k, r in enumerate(row) if r is None)
    rid = next(r for row in grid.booths for r in row if r)
    visit = next(e for _, e in edited.events() if isinstance(e, VisitEvent) and e.request_id == rid)
    length = visit.end - visit.start
    visit.booth, visit.start, visit.end = booth + 1, grid.slots[slot], grid.slots[slot] + length
    assert render_html(edited, instance).count(f'data-req="{rid}"') == 1
    visits = {(grid.date, e.booth, e.start): e for _, e in edited.events() if isinstance(e, VisitEvent) and e.booth}
    cells = window_view(grid, None, visits, Names(instance)).booths
    assert cells[booth][slot] is not None and cells[booth][slot][2] == rid
    assert [c[2] for row in cells for c in row if c].count(rid) == 1


def test_render_does_not_depend_on_the_hash_seed(
    warren: tuple[Instance, WeekSchedule], tmp_path: Path
) -> None:
    instance, week = warren
    schedule = tmp_path / "schedule.json"
    schedule.write_text(week.model_dump_json())
    code = (
        "import sys; from pathlib import Path; from pydantic import TypeAdapter; "
        "from models.schedule import WeekSchedule; from scheduler.cli import BUNDLED; "
        "from scheduler.loading.loader import load_instance; from scheduler.report.html import render_html; "
        "week = TypeAdapter(WeekSchedule).validate_json(Path(sys.argv[1]).read_bytes()); "
        "Path(sys.argv[2]).write_text(render_html(week, load_instance(BUNDLED), ['I0046']), encoding='utf-8')"
    )
    out = tmp_path / "schedule.html"
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    env = os.environ | {"PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-c", code, str(schedule), str(out)], cwd=ROOT, env=env, check=True, timeout=120
    )
    reread = WeekSchedule.model_validate_json(schedule.read_bytes())
    assert out.read_text(encoding="utf-8") == render_html(reread, instance, ["I0046"])


def test_self_contained_and_printable(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    _, week = warren
    for outside in ("http:", "https:", "<script", "<link", "<img", "@import", "url(", "src="):
        assert outside not in html.lower(), outside
    assert html.startswith("<!DOCTYPE html>")
    assert "@page" in html and "@media print" in html
    assert html.count('<section class="page day"') == len(week.days)
    assert "break-before: page" in html


def test_rotation_marks_the_daylight_starts(warren: tuple[Instance, WeekSchedule], html: str) -> None:
    _, week = warren
    table = html[html.index('<table class="rot">') :]
    table = table[: table.index("</table>")]
    assert table.count('<td class="d">') == sum(r.daylight for r in week.rotation)
    assert table.count("<tr><td>") == len(week.rotation)


def test_charts_and_footer(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    stamped = week.model_copy(
        update={
            "provenance": Provenance(version="9.9.9", inputs={"inmates.csv": "ab" * 32}, seed=7, time_limit=3)
        }
    )
    page = render_html(stamped, instance)
    assert "jailsched 9.9.9, seed 7, time limit 3 s" in page and "ab" * 32 in page
    loads = sum(isinstance(e, LaundryLoad) for _, e in week.events())
    laundry = page[page.index('id="laundry"') : page.index('id="hour-outs"')]
    assert laundry.count('<rect class="c') == 2 * loads
    razors = page[page.index('id="razors"') : page.index('id="laundry"')]
    assert razors.count('<rect class="raz"') == sum(isinstance(e, RazorBatch) for _, e in week.events())
    assert "Provenance not recorded" in render_html(week.model_copy(update={"provenance": None}), instance)


def test_bundled_report_is_small_and_quick(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    start = time.perf_counter()
    page = render_html(week, instance)
    assert time.perf_counter() - start < 2.0
    assert len(page.encode()) < 2_000_000


def test_a_session_without_an_officer_reads_unstaffed(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    edited = week.model_copy(deep=True)
    session = next(e for _, e in edited.events() if isinstance(e, RecreationSession))
    session.officer = None
    rows = timeline_rows(render_html(edited, instance))
    assert "UNSTAFFED (STF-01)" in rows[session.id]
    assert "UNSTAFFED" not in "".join(v for k, v in rows.items() if k != session.id)


def test_key_figures_read_as_words(warren: tuple[Instance, WeekSchedule]) -> None:
    """Every key figure of the week has a plain label in the report (schedule.json keeps its
    keys), a window in words (issue 22)."""
    from scheduler.report.views import kpi_label

    _, week = warren
    for key in week.kpis:
        assert kpi_label(key) != key and "." not in kpi_label(key).split(",")[0], key
    assert kpi_label("visits.share sat 08:00-11:00 M A-F") == "Booth slots used, Saturday 08:00-11:00, men, surnames A-F"
