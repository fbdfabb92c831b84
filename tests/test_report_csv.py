"""CSV exports for a jail management system (scheduler/report/csv_export.py, docs/csv.md):
the files read back give the schedule's events and lists unchanged, every event is in
exactly one event file, the bytes are deterministic, awkward text survives, and a night
event after midnight has its real calendar date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any, get_args

import pytest

from models.schedule import (
    DaySchedule,
    Event,
    EventBase,
    Exclusion,
    Unmet,
    Unserved,
    VisitEvent,
    WeekSchedule,
)
from scheduler.cli import BUNDLED
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.output.folder import write_atomically
from scheduler.report.csv_export import (
    EVENT_FILES,
    FILE_OF_KIND,
    HEADERS,
    LIST_FILES,
    csv_files,
    parse_texts,
    read_back,
    read_rows,
    read_texts,
)
from scheduler.report.letters import COLUMNS as LETTER_COLUMNS
from scheduler.week import build_week

DOCS = Path(__file__).resolve().parents[1] / "docs" / "csv.md"

AWKWARD = [
    'Room "A", 2nd floor',
    "Salle d'audience — Élodie Müller, Ñandú",
    "line one\nline two",
    "carriage\r\nreturn, and \ttab",
    "  leading and trailing spaces  ",
    ",",
    '"',
    "=SUM(A1:A2);semi;colons",
    "日本語の部屋",
]


def write_csv(week: WeekSchedule, folder: Path) -> Path:
    """Write the exports as the CLI does (atomically, into OUT/csv/NAME)."""
    for name, text in csv_files(week).items():
        write_atomically(folder / "csv" / name, text)
    return folder / "csv"


def expected_events(week: WeekSchedule) -> dict[str, tuple[dt.date, dict[str, Any]]]:
    """Every event as schedule.json has it (JSON mode: "HH:MM" times), by id, with its date."""
    return {e.id: (day.date, e.model_dump(mode="json")) for day, e in week.events()}


def assert_round_trip(week: WeekSchedule, folder: Path) -> None:
    back = read_back(folder)
    got = {e.id: (day, e.model_dump(mode="json")) for day, e in back.events}
    assert len(got) == len(back.events), "an event id is repeated in the files"
    expected = expected_events(week)
    assert got.keys() == expected.keys()
    for event_id, value in expected.items():
        assert got[event_id] == value, event_id
    assert [u.model_dump() for u in back.waitlist] == [u.model_dump() for u in week.waitlist]
    assert [x.model_dump() for x in back.exclusions] == [x.model_dump() for x in week.exclusions]
    assert [u.model_dump() for u in back.unmet] == [u.model_dump() for u in week.unmet]
    officered = sorted(
        (e.id, e.kind, d.date, e.start, e.end, e.place, e.officer) for d, e in week.events() if e.officer
    )
    assert sorted(back.officer_posts) == officered
    inmate_events = sorted(
        (i, e.id, e.kind, d.date, e.start, e.end, e.place, e.officer)
        for d, e in week.events()
        for i in e.inmates
    )
    assert sorted(back.inmate_events, key=repr) == sorted(inmate_events, key=repr)


def test_round_trip_of_the_bundled_week(warren, tmp_path):
    _, week = warren
    # The week exercises what the files must carry: sub-periods, several visitors, booths
    # and no booth, officers and none, nights past midnight, lists with and without dates.
    events = [e for _, e in week.events()]
    visits = [e for e in events if isinstance(e, VisitEvent)]
    assert any(v.subperiods for v in visits) and any(len(v.visitors) > 1 for v in visits)
    assert {v.booth is None for v in visits} == {True, False}
    assert {e.officer is None for e in events} == {True, False}
    assert any(e.end > 1440 for e in events) and any(e.start >= 1440 for e in events)
    assert week.waitlist and week.exclusions and week.unmet
    assert_round_trip(week, write_csv(week, tmp_path))


def test_every_event_is_in_exactly_one_event_file(warren, tmp_path):
    _, week = warren
    rows = read_rows(write_csv(week, tmp_path))
    seen = Counter(row["event_id"] for spec in EVENT_FILES for row in rows[spec.name])
    assert seen == Counter(e.id for _, e in week.events())
    for spec in EVENT_FILES:
        assert all(row["kind"] in spec.kinds for row in rows[spec.name]), spec.name
    kinds = {e.kind for _, e in week.events()}
    assert {"visit", "legal_visit", "clergy_visit", "recreation", "razor_batch"} <= kinds
    assert {"laundry_load", "hour_out", "appointment", "post", "count", "meal"} <= kinds
    # The officers' roster names every event with an officer, once.
    officered = Counter(row["event_id"] for row in rows["officer_posts.csv"])
    assert officered == Counter(e.id for _, e in week.events() if e.officer)
    assert {row["kind"] for row in rows["officer_posts.csv"]} == {
        "post",
        "recreation",
        "razor_batch",
        "hour_out",
    }


def test_rows_are_in_date_start_end_id_order_whatever_the_schedule_order(warren):
    _, week = warren
    files = csv_files(week)
    back = read_texts(files)
    for spec in EVENT_FILES:
        keys = [(day, e.start, e.end, e.id) for day, e in back.events if e.kind in spec.kinds]
        assert keys == sorted(keys), spec.name
    # Days and each day's events given backwards: the same bytes.
    backwards = week.model_copy(
        update={"days": [d.model_copy(update={"events": d.events[::-1]}) for d in week.days[::-1]]}
    )
    assert csv_files(backwards) == files


def test_two_solves_give_the_same_bytes(warren):
    _, week = warren
    again = build_week(load_instance(BUNDLED), SolveSettings(time_limit=10, seed=0))
    first, second = csv_files(week), csv_files(again)
    assert list(first) == list(HEADERS)
    assert first == second
    assert all(text.endswith("\n") and "\r\n" not in text for text in first.values())


def test_awkward_text_survives_the_round_trip(warren, tmp_path):
    _, week = warren
    days = []
    n = 0
    for day in week.days:
        events = []
        for event in day.events:
            events.append(event.model_copy(update={"place": AWKWARD[n % len(AWKWARD)]}))
            n += 1
        days.append(day.model_copy(update={"events": events}))
    waitlist = [
        u.model_copy(update={"reason": AWKWARD[i % len(AWKWARD)]}) for i, u in enumerate(week.waitlist)
    ]
    exclusions = [
        *week.exclusions,
        Exclusion(inmate_id="I0001", activity='razor, "shave"', date=None, rule="RAZ-05", reason=AWKWARD[2]),
    ]
    unmet = [
        *week.unmet,
        Unmet(
            rule="STF-01",
            kind="session",
            subject='recreation Gym, 2026-11-24 "late"',
            date=dt.date(2026, 11, 24),
            hard=True,
            inmates=["I0001", "I0002"],
            reason=AWKWARD[1],
            needed="2 officers\n(one per area)",
            available="0",
            fix=AWKWARD[3],
        ),
    ]
    odd = week.model_copy(
        update={"days": days, "waitlist": waitlist, "exclusions": exclusions, "unmet": unmet}
    )
    assert {e.place for _, e in odd.events()} == set(AWKWARD)
    folder = write_csv(odd, tmp_path)
    assert_round_trip(odd, folder)
    raw = (folder / "recreation.csv").read_bytes()
    assert b'"Room ""A"", 2nd floor"' in raw
    assert "Élodie".encode() in raw and not raw.startswith(b"\xef\xbb\xbf")


def test_every_file_is_what_csv_writer_writes_for_its_rows(warren):
    """The export joins plain rows itself and reuses pieces encoded once (an event's cells for
    all its inmates, each inmate id for the week); with awkward text in every id, place and
    list item, each file must still be what `csv.writer` writes for its rows, byte for byte."""
    _, week = warren
    awkward = [text.replace(";", ":") for text in AWKWARD]  # ";" separates list items
    days = []
    n = 0
    for day in week.days:
        events = []
        for event in day.events:
            change: dict[str, Any] = {
                "id": event.id + awkward[n % len(awkward)],
                "place": awkward[(n + 1) % len(awkward)],
                "inmates": [i + awkward[(n + k) % len(awkward)] for k, i in enumerate(event.inmates)],
            }
            if event.officer is not None:
                change["officer"] = event.officer + awkward[(n + 2) % len(awkward)]
            events.append(event.model_copy(update=change))
            n += 1
        days.append(day.model_copy(update={"events": events}))
    files = csv_files(week.model_copy(update={"days": days}))
    assert any(line.startswith('"I') for line in files["inmate_events.csv"].splitlines())  # quoted ids
    for name, text in files.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(csv.reader(io.StringIO(text, newline="")))
        assert buffer.getvalue() == text, name


def test_a_night_event_after_midnight_ends_on_the_next_calendar_date(warren, tmp_path):
    _, week = warren
    rows = read_rows(write_csv(week, tmp_path))
    night = [r for r in rows["hour_outs.csv"] if r["end"] > "24:00"]
    assert night
    for row in night:
        began = dt.date.fromisoformat(row["date"])
        hours, minutes = (int(x) for x in row["end"].split(":"))
        assert row["end_at"] == f"{began + dt.timedelta(days=1)}T{hours - 24:02d}:{minutes:02d}"
    after = [r for r in night if r["start"] >= "24:00"]
    assert after, "the bundled week has an hour-out starting after midnight"
    for row in after:
        assert row["start_at"].startswith(str(dt.date.fromisoformat(row["date"]) + dt.timedelta(days=1)))
        assert row["start_at"][:10] > row["date"]
        ids = {row["event_id"]}
        for view in ("officer_posts.csv", "inmate_events.csv"):
            copies = [r for r in rows[view] if r["event_id"] in ids]
            assert copies and all(
                (r["start"], r["start_at"]) == (row["start"], row["start_at"]) for r in copies
            )
    # The explicit case: 23:30 to 00:30 on Monday 2026-11-23.
    first = next(r for r in rows["hour_outs.csv"] if r["event_id"] == "hour_out:2026-11-23:I0046")
    assert (first["date"], first["start"], first["end"]) == ("2026-11-23", "23:30", "24:30")
    assert (first["start_at"], first["end_at"]) == ("2026-11-23T23:30", "2026-11-24T00:30")


def test_an_empty_week_gives_every_file_with_its_header():
    week = WeekSchedule(
        facility="Empty",
        monday=dt.date(2026, 11, 23),
        days=[
            DaySchedule(date=dt.date(2026, 11, 23) + dt.timedelta(days=i), weekday="mon") for i in range(7)
        ],
    )
    files = csv_files(week)
    assert files == {name: ",".join(header) + "\n" for name, header in HEADERS.items()}
    back = read_texts(files)
    assert back.events == [] and back.waitlist == [] and back.unmet == [] and back.exclusions == []


def tamper(files: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in files[name], (name, old)
    return files | {name: files[name].replace(old, new, 1)}


def test_a_dropped_or_altered_field_is_caught(warren):
    """The reader refuses inconsistent files, and the round trip sees any changed cell."""
    _, week = warren
    files = csv_files(week)
    with pytest.raises(ValueError, match="end_at"):
        read_texts(tamper(files, "hour_outs.csv", "2026-11-24T00:30", "2026-11-23T00:30"))
    with pytest.raises(ValueError, match="header"):
        read_texts(tamper(files, "recreation.csv", ",group,", ","))
    visitor = next(line for line in files["visit_visitors.csv"].splitlines(True) if ",V058," in line)
    with pytest.raises(ValueError, match="visitors"):
        read_texts(tamper(files, "visit_visitors.csv", visitor, ""))
    with pytest.raises(ValueError, match="request_id"):
        read_texts(tamper(files, "visit_visitors.csv", "visit:R0038,", "visit:R0041,"))
    with pytest.raises(ValueError, match="missing"):
        read_texts({k: v for k, v in files.items() if k != "unmet.csv"})
    # A cell changed consistently still reads, and the round trip sees the difference.
    expected = expected_events(week)
    changed = read_texts(tamper(files, "razor_batches.csv", ",A,3,", ",A,4,"))
    assert {e.id: (d, e.model_dump(mode="json")) for d, e in changed.events} != expected
    dropped = read_texts(tamper(files, "visit_subperiods.csv", "visit:R0038,", "visit:R0041,"))
    assert {e.id: (d, e.model_dump(mode="json")) for d, e in dropped.events} != expected


def _kinds_of_event_union() -> set[str]:
    models = get_args(get_args(Event)[0])
    return {kind for model in models for kind in get_args(model.model_fields["kind"].annotation)}


def test_the_files_cover_every_kind_and_every_field():
    """A new event kind or field of the schedule models fails here until the export has it."""
    assert set(FILE_OF_KIND) == _kinds_of_event_union()
    common = set(EventBase.model_fields) | {"kind"}
    for spec in EVENT_FILES:
        for model in spec.models:
            own = {name for name, _ in spec.fields} | ({"subperiods"} if model is VisitEvent else set())
            assert set(model.model_fields) == common | own, spec.name
    for name, (model, fields) in LIST_FILES.items():
        assert [f for f, _ in fields] == list(model.model_fields), name
    assert {Unserved, Exclusion, Unmet} == {model for model, _ in LIST_FILES.values()}


def test_the_docs_list_every_column_of_every_file():
    """docs/csv.md has a section per file naming its columns in order."""
    text = DOCS.read_text(encoding="utf-8")
    assert text.startswith("## CSV exports\n")
    sections = dict(re.findall(r"^### (\S+\.csv)\n(.*?)(?=^### |\Z)", text, flags=re.M | re.S))
    headers = HEADERS | {"letters.csv": LETTER_COLUMNS}  # written beside the exports, not read back
    assert list(sections) == list(headers)
    for name, body in sections.items():
        documented = []
        for line in re.findall(r"^- (`[^:]*?`):", body, flags=re.M):
            documented += re.findall(r"`([^`]+)`", line)
        assert documented == list(headers[name]), name


def test_visit_rows_name_their_post_and_the_check_in_list_is_complete(warren):
    """Issue 22: each visit row names the post covering it and its officer; each check-in row
    has the visit's booth and start and the visitor's name."""
    instance, week = warren
    names = {k: f"{v.first_name} {v.last_name}".strip() for k, v in instance.visitors.items()}
    rows = parse_texts(csv_files(week, instance))
    posts = {c: p for _, p in week.events() if p.kind == "post" for c in p.covers}
    visits = {e.id: e for _, e in week.events() if e.kind in ("visit", "legal_visit", "clergy_visit")}
    for name in ("visits.csv", "legal_visits.csv"):
        for row in rows[name]:
            post = posts.get(row["event_id"])
            assert (row["post"], row["post_officer"]) == ((post.id, post.officer or "") if post else ("", ""))
    assert any(row["post_officer"] for row in rows["visits.csv"])
    checked = rows["visit_visitors.csv"]
    assert len(checked) == sum(len(v.visitors) for v in visits.values())
    for row in checked:
        visit = visits[row["event_id"]]
        assert row["booth"] == ("" if visit.booth is None else str(visit.booth))
        assert row["start"] == f"{visit.start // 60:02d}:{visit.start % 60:02d}"
        assert row["visitor_name"] == names[row["visitor_id"]] and row["visitor_name"]


def test_waitlist_and_unmet_rows_carry_visitors_dates_and_numbers(warren):
    """Issue 22: a waitlisted request's visitors, dates and windows; an unmet demand's figures
    as numbers and a visit's dates."""
    instance, week = warren
    rows = parse_texts(csv_files(week, instance))
    for row in rows["waitlist.csv"]:
        request = instance.requests[row["request_id"]]
        assert row["visitor_ids"] == ";".join(request.visitor_ids)
        verdict = instance.eligibility[row["request_id"]]
        assert row["dates"].split(";") == sorted({c.date.isoformat() for c in verdict.candidates}) or not verdict.candidates
    assert any(row["windows"] for row in rows["waitlist.csv"])
    for row, item in zip(rows["unmet.csv"], week.unmet, strict=True):
        assert row["needed_count"] == "" or float(row["needed_count"]) == float(item.needed.split()[0].replace(",", ""))
        assert row["dates"]  # every demand of the bundled week has a date or candidate dates
