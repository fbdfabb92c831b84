"""Letters to visitors (issue 22): a confirmation per visit served, a letter per request left
out with its reason in plain words, one per changed visit after a repair (REP-04), each a
page of letters.html and a row per visitor of letters.csv."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.report.letters import WHY, letters, render_letters
from tests.builders import repair_and_verify


def test_a_letter_for_every_visit_and_every_request_left_out(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, week = warren
    out = letters(week, instance)
    served = {e.request_id for _, e in week.events() if e.kind in ("visit", "clergy_visit")}  # type: ignore[attr-defined]
    assert {x.request_id for x in out if x.kind == "confirmation"} == served
    assert {x.request_id for x in out if x.kind == "not scheduled"} == {u.request_id for u in week.waitlist}
    for x in out:
        if x.kind == "confirmation":
            visit = next(e for _, e in week.events() if e.id == x.key)
            assert [v for v, _ in x.visitors] == [v.visitor_id for v in visit.visitors]  # type: ignore[attr-defined]
            assert x.booth == str(visit.booth) and x.arrive_by  # type: ignore[attr-defined]
            assert any("photo ID" in line for line in x.lines)
        else:
            assert x.rule in WHY or "could not hold" in x.lines[0]
            assert re.search(r"\b[IV]\d{3,}\b", x.lines[0]) is None  # plain words, no record ids


def test_letters_print_a_page_each_and_the_csv_has_a_row_per_visitor(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    instance, week = warren
    page, text = render_letters(week, instance)
    out = letters(week, instance)
    assert page.count('<section class="letter"') == len(out)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(len(x.visitors) for x in out)
    assert {r["letter"] for r in rows} == {x.key for x in out}


def test_a_repair_writes_a_letter_for_each_changed_visit(published: Path, tmp_path: Path) -> None:
    event = (
        "  - {id: e, kind: closure, known_at: 2026-11-25 07:00, closure: {resource: booths, date: 2026-11-28, "
        "start: '13:00', end: '16:00', count: 1, reason: intercom}}\n"
    )
    code, week, problems = repair_and_verify(published, event, tmp_path)
    assert code == 0 and not problems
    facing = {n["booking"] for n in week["repair"]["notices"] if n["role"] == "visitor"}
    assert facing
    rows = list(csv.DictReader((tmp_path / "rep" / "csv" / "letters.csv").open(encoding="utf-8")))
    assert {r["letter"].removeprefix("change:") for r in rows if r["kind"] == "changed"} == facing
    changed = [r for r in rows if r["kind"] == "changed"]
    notices = {(n["booking"], n["person"]) for n in week["repair"]["notices"] if n["role"] == "visitor"}
    assert {(r["letter"].removeprefix("change:"), r["visitor_id"]) for r in changed} == notices
