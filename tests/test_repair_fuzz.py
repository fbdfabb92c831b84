"""REP-01 on event sequences hypothesis draws: whatever events are known and whenever the
repair runs, nothing that started before `now` changes, and the verifier, given the
published week and the events, finds nothing (REP-01/02/04/05 and every rule)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import repair_and_verify

POOL = {
    "offence": "{id: %s, kind: offence, known_at: %s, inmate_id: I0112, date: 2026-11-25, category: minor}",
    "sanction": "{id: %s, kind: sanction, known_at: %s, inmate_id: I0064, privilege: recreation, "
    "start: 2026-11-26, end: 2026-11-29}",
    "release": "{id: %s, kind: release, known_at: %s, inmate_id: I0012, at: 2026-11-27 09:00}",
    "closure": "{id: %s, kind: closure, known_at: %s, closure: {resource: booths, date: 2026-11-28, "
    "start: '13:00', end: '16:00', count: 2, reason: intercom}}",
    "yard": "{id: %s, kind: closure, known_at: %s, closure: {resource: recreation_area, id: Rec, "
    "date: 2026-11-27, reason: resurfacing}}",
    "separate": "{id: %s, kind: keep_separate, known_at: %s, separation: {inmate_a: I0001, inmate_b: I0003, "
    "reason: adversary}}",
    "absent": "{id: %s, kind: officer_absent, known_at: %s, officer_id: O19, start: 2026-11-26 00:00, "
    "end: 2026-11-27 00:00}",
    "court": "{id: %s, kind: appointment, known_at: %s, appointment: {inmate_id: I0100, date: 2026-11-28, "
    "start: '08:00', end: '12:00', kind: court}}",
    "restriction": "{id: %s, kind: visitor_restriction, known_at: %s, visitor_id: V081, start: 2026-11-25, "
    "end: 2026-11-29, reason: contraband}",
}
MONDAY = dt.datetime(2026, 11, 23)


@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kinds=st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=4, unique=True),
    hours=st.integers(min_value=24 + 10, max_value=4 * 24 + 18),
)
def test_nothing_before_now_changes(published: Path, tmp_path_factory, kinds: list[str], hours: int) -> None:
    now = MONDAY + dt.timedelta(hours=hours)
    known = (now - dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
    lines = "".join(f"  - {POOL[k] % (f'f{n}', known)}\n" for n, k in enumerate(kinds))
    out = tmp_path_factory.mktemp("fuzz")
    _, week, problems = repair_and_verify(published, lines, out, "--now", now.strftime("%Y-%m-%d %H:%M"))
    assert not problems, (kinds, now, problems)
    for c in (week.get("repair") or {}).get("changes", []):
        for b in (c["old"], c["new"]):
            if b is not None:
                start = dt.datetime.fromisoformat(b["date"]) + dt.timedelta(
                    hours=int(b["start"][:2]), minutes=int(b["start"][3:])
                )
                assert start >= now, (kinds, now, c)
