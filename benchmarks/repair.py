"""Mid-week repair against solving the changed week from scratch (issue 24):
`python -m benchmarks.repair` (the bundled week, generated 1,000 and 5,000), `--small`
(the bundled week: the CI part), `--check` (exit 1 when a scenario's repair changes more
than the fresh solve, a repair level is not OPTIMAL, or the verifier finds a violation),
`--save` (record in benchmarks/results/; else benchmark-results/).

Each week is solved once (the published week); then, for each scenario below, known on
Wednesday at 07:00 (`now`), the week is repaired (`repair_week`) and, apart, the changed
week solved from scratch (`build_week` on the same changed instance). Both are compared
with the published week by the same change list. Scenarios (one per event kind; where the
week has nothing for a kind the scenario is left out and says so):

- offence: five inmates with a visit after `now` commit an offence of the facility's first
  lockdown category on Wednesday;
- sanction: one inmate with a visit after `now` loses visitation from Wednesday to Sunday;
- release: one inmate with a visit after Thursday 09:00 is released then;
- pod move: one inmate moved to another pod of his sex and commitment at 06:00 Wednesday;
- closure (booth): one booth closed for the busiest window after `now`;
- closure (room): the visitation room closed for the window after that;
- closure lifted: the facility's first closure lifted;
- keep separate: two inmates who share a recreation session after `now`;
- keep separate lifted: the first separation pair of the week;
- visitor restriction: one visitor of a visit after `now`, Wednesday to Sunday;
- officer absent: the officer with the most posts after `now`, absent Thursday and Friday;
- appointment: a court date 08:00-12:00 of an inmate with a visit then, after `now`;
- appointment cancelled: the first appointment after `now`;
- request: ten late registrations (visitors on record who asked for no visit of the inmate,
  else a second request of a pair);
- request cancelled: the first visit after the notice horizon;
- pin: five visits on the busy window pinned, then one booth of it closed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import BUNDLED, Row
from benchmarks.suite import LOCAL

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = {"warren (bundled)": None, "generated 1,000": 1000, "generated 5,000": 5000}
TIME_LIMIT = 60.0
Event = dict[str, Any]
Week = Any
"""A WeekSchedule (imported late, in the worker)."""


def _visits(week: Week, after: dt.datetime) -> list[tuple[dt.date, Any]]:
    """The week's booth visits that start after a moment, in time order."""
    out = []
    for d in week.days:
        for e in d.events:
            t = dt.datetime.combine(d.date, dt.time()) + dt.timedelta(minutes=e.start)
            if getattr(e, "kind", "") == "visit" and t >= after:
                out.append((t, d.date, e))
    return [(d, e) for _, d, e in sorted(out, key=lambda x: (x[0], x[2].id))]


def _windows(week: Week, after: dt.datetime) -> list[tuple[dt.date, int, int, int]]:
    """Visiting-room windows after a moment as (date, start, end, visits), busiest first."""
    rows = []
    for d in week.days:
        for e in d.events:
            t = dt.datetime.combine(d.date, dt.time()) + dt.timedelta(minutes=e.start)
            if getattr(e, "session", "") == "visitation_window" and t >= after:
                rows.append((d.date, e.start, e.end, len(e.covers)))
    return sorted(rows, key=lambda r: (-r[3], r[0], r[1]))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def scenarios(inputs: Any, week: Week, now: dt.datetime) -> dict[str, list[Event]]:
    """Each scenario's events (see the module's docstring)."""
    known = now.strftime("%Y-%m-%d %H:%M")
    wed, thu = now.date(), now.date() + dt.timedelta(days=1)
    visits = _visits(week, now)
    windows = _windows(week, now)
    out: dict[str, list[Event]] = {}

    def ev(kind: str, n: int = 1, **fields: Any) -> Event:
        return {"id": f"{kind}-{n}", "kind": kind, "known_at": known, **fields}

    inmates = list(dict.fromkeys(i for _, e in visits for i in e.inmates))
    category = next(iter(inputs.facility.discipline.lockdown_days))
    out["offence"] = [
        ev("offence", n, inmate_id=i, date=str(wed), category=category) for n, i in enumerate(inmates[:5], 1)
    ]
    out["sanction"] = [
        ev(
            "sanction",
            inmate_id=inmates[0],
            privilege="visitation",
            start=str(wed),
            end=str(wed + dt.timedelta(4)),
        )
    ]
    later = _visits(week, dt.datetime.combine(thu, dt.time(9)))
    out["release"] = [ev("release", inmate_id=later[0][1].inmates[0], at=f"{thu} 09:00")]
    out["pod move"] = _pod_move(inputs, week, now, ev)
    if windows:
        day, a, b, _ = windows[0]
        closure = {"resource": "booths", "date": str(day), "start": _clock(a), "end": _clock(b), "count": 1}
        out["closure (booth)"] = [ev("closure", closure={**closure, "reason": "intercom failed"})]
        pins = [ev("pin", n, booking=e.id, reason="promised") for n, (d, e) in enumerate(visits) if d == day]
        out["pin"] = [*pins[:5], ev("closure", closure={**closure, "reason": "intercom failed"})]
    if len(windows) > 1:
        day, a, b, _ = windows[1]
        room = {"resource": "visitation_room", "date": str(day), "start": _clock(a), "end": _clock(b)}
        out["closure (room)"] = [ev("closure", closure={**room, "reason": "flooded"})]
    if inputs.facility.closures:
        out["closure lifted"] = [ev("closure_lifted", closure="facility:1")]
    out["keep separate"] = _new_pair(week, now, ev)
    seps = [s for _, s in inputs.tables["separations.csv"]]
    if seps:
        out["keep separate lifted"] = [
            ev("keep_separate_lifted", inmate_a=seps[0].inmate_a, inmate_b=seps[0].inmate_b)
        ]
    out["visitor restriction"] = [
        ev(
            "visitor_restriction",
            visitor_id=visits[0][1].visitors[0].visitor_id,
            start=str(wed),
            end=str(wed + dt.timedelta(4)),
            reason="contraband",
        )
    ]
    out["officer absent"] = _absent(week, now, ev)
    morning = [(d, e) for d, e in visits if 8 * 60 <= e.start < 12 * 60]
    if morning:
        d, e = morning[0]
        apt = {"inmate_id": e.inmates[0], "date": str(d), "start": "08:00", "end": "12:00", "kind": "court"}
        out["appointment"] = [ev("appointment", appointment=apt)]
    apts = [
        a
        for _, a in inputs.tables["appointments.csv"]
        if dt.datetime.combine(a.date, dt.time()) + dt.timedelta(minutes=a.start) > now
    ]
    if apts:
        a = apts[0]
        out["appointment cancelled"] = [
            ev("appointment_cancelled", inmate_id=a.inmate_id, date=str(a.date), start=_clock(a.start))
        ]
    out["request"] = _late(inputs, now, ev)
    far = _visits(week, now + dt.timedelta(hours=25))
    out["request cancelled"] = [ev("request_cancelled", request_id=far[0][1].request_id)]
    return {k: v for k, v in out.items() if v}


def _pod_move(inputs: Any, week: Week, now: dt.datetime, ev: Callable[..., Event]) -> list[Event]:
    """The first inmate with a recreation session after `now` moved to the next pod that
    houses his sex and commitment."""
    pods = inputs.facility.housing_units
    inmates = {i.id: i for _, i in inputs.tables["inmates.csv"]}
    for d in week.days:
        for e in d.events:
            if getattr(e, "kind", "") == "recreation" and d.date >= now.date() and e.inmates:
                i = inmates[e.inmates[0]]
                to = [p.id for p in pods if p.id != i.pod and (p.sex, p.commitment) == (i.sex, i.commitment)]
                if to:
                    return [ev("pod_move", inmate_id=i.id, pod=to[0], at=now.strftime("%Y-%m-%d 06:00"))]
    return []


def _new_pair(week: Week, now: dt.datetime, ev: Callable[..., Event]) -> list[Event]:
    for d in week.days:
        for e in d.events:
            if getattr(e, "kind", "") == "recreation" and d.date > now.date() and len(e.inmates) > 1:
                pair = {"inmate_a": e.inmates[0], "inmate_b": e.inmates[1], "reason": "adversary"}
                return [ev("keep_separate", separation=pair)]
    return []


def _absent(week: Week, now: dt.datetime, ev: Callable[..., Event]) -> list[Event]:
    thu = now.date() + dt.timedelta(days=1)
    posts = Counter(
        e.officer for d in week.days if d.date >= thu for e in d.events if getattr(e, "officer", None)
    )
    if not posts:
        return []
    officer = min(posts, key=lambda o: (-posts[o], o))
    return [
        ev(
            "officer_absent",
            officer_id=officer,
            start=f"{thu} 00:00",
            end=f"{thu + dt.timedelta(days=2)} 00:00",
        )
    ]


def _late(inputs: Any, now: dt.datetime, ev: Callable[..., Event]) -> list[Event]:
    """Ten late registrations: visitors on record (relations.csv) who asked for no visit of
    that inmate this week, inmates with no request first; where there are fewer than ten,
    visitors who asked already ask for a second visit (their quota may refuse it)."""
    requests = [r for _, r in inputs.tables["requests.csv"]]
    asked = {(v, r.inmate_id) for r in requests for v in r.visitor_ids}
    inmates = {r.inmate_id for r in requests}
    pairs = [
        (rel.visitor_id, rel.inmate_id)
        for _, rel in inputs.tables["relations.csv"]
        if (rel.visitor_id, rel.inmate_id) not in asked
    ]
    pairs = sorted(pairs, key=lambda p: p[1] in inmates) + [(r.visitor_ids[0], r.inmate_id) for r in requests]
    out: list[Event] = []
    for n, (visitor, inmate) in enumerate(pairs[:10], 1):
        req = {
            "id": f"LATE{n:02d}",
            "inmate_id": inmate,
            "kind": "social",
            "visitor_ids": [visitor],
            "registered_at": (now - dt.timedelta(minutes=60 - n)).strftime("%Y-%m-%dT%H:%M:00"),
        }
        out.append(ev("request", n, request=req))
    return out


CATEGORIES = {
    "cancelled": ("cancelled",),
    "time moved": ("other day", "other time"),
    "booth only": ("booth",),
    "other sessions": ("place", "members"),
    "officer posts": ("officer",),
    "added": ("added",),
}


def _counts(changes: list[Any], notices: int, kinds: frozenset[str]) -> Row:
    """Changes by category (sessions moving in time count as other sessions)."""
    row: Row = {k: 0 for k in CATEGORIES}
    for c in changes:
        cat = next(k for k, v in CATEGORIES.items() if c.change in v)
        if cat == "time moved" and c.kind not in kinds:
            cat = "other sessions"
        row[cat] += 1
    row["total"] = len(changes) - row["added"]
    row["people to tell"] = notices
    return row


def measure(name: str, inmates: int | None) -> Row:
    """Solve the week, then each scenario repaired and solved afresh (one process)."""
    import gc

    from models.events import EventsFile
    from scheduler.engine.solving import COLLECTION_THRESHOLDS, SolveSettings
    from scheduler.generate import generate_instance
    from scheduler.loading.events import apply_events, check_events, effective
    from scheduler.loading.loader import instance_from, read_inputs
    from scheduler.repair import repair_week
    from scheduler.repair.changes import VISITS, change_list, notices
    from scheduler.verify import verify
    from scheduler.verify.repair import check_repair, historical
    from scheduler.week import build_week

    gc.set_threshold(*COLLECTION_THRESHOLDS)  # as `jailsched solve` and `repair` run, for both timings
    with tempfile.TemporaryDirectory() as tmp:
        folder = BUNDLED
        if inmates is not None:
            folder = Path(tmp) / "week"
            generate_instance(folder, inmates, 1)
        settings = SolveSettings(time_limit=TIME_LIMIT, seed=0)
        inputs = read_inputs(folder)
        t = time.perf_counter()
        published = build_week(instance_from(inputs), settings)
        full_s = time.perf_counter() - t
    text = published.model_dump_json(indent=2) + "\n"
    now = dt.datetime.combine(inputs.monday + dt.timedelta(days=2), dt.time(7))
    rows = []
    for label, events in scenarios(inputs, published, now).items():
        file = EventsFile.model_validate({"events": events})
        assert not check_events(file, inputs, published, now, label), check_events(
            file, inputs, published, now, label
        )
        standing = effective(file)
        t = time.perf_counter()
        repaired, inst = repair_week(inputs, text, file, now, 24, settings)
        repair_s = time.perf_counter() - t
        t = time.perf_counter()
        fresh = build_week(apply_events(inputs, standing, now), settings)
        fresh_s = time.perf_counter() - t
        week = repaired or published
        r_changes = repaired.repair.changes if repaired and repaired.repair else []
        f_changes = change_list(published, fresh, standing)
        pins = {e.booking: e.reason for e in standing if e.kind == "pin"}
        violations = historical(verify(week, inst), week) + (
            check_repair(week, published, pins, inst) if repaired else []
        )
        rows.append(
            {
                "scenario": label,
                "repair": _counts(r_changes, len(repaired.repair.notices) if repaired else 0, VISITS),
                "fresh": _counts(f_changes, len(notices(f_changes, published, fresh)), VISITS),
                "repair s": round(repair_s, 2),
                "fresh s": round(fresh_s, 2),
                "not optimal": sorted({r.subproblem for r in week.solver if r.status != "OPTIMAL"})
                if repaired
                else [],
                "hard unmet": sum(u.count for u in week.unmet if u.hard),
                "violations": len(violations),
            }
        )
        print(f"{name} / {label}: done", file=sys.stderr, flush=True)
    return {"instance": name, "full solve s": round(full_s, 2), "scenarios": rows}


def problems(case: Row) -> list[str]:
    """The gate: per scenario, no more changes than a fresh solve, every repair level
    OPTIMAL, no verifier violation."""
    out = []
    for s in case["scenarios"]:
        where = f"{case['instance']} / {s['scenario']}"
        if s["repair"]["total"] > s["fresh"]["total"]:
            out.append(f"{where}: repair changes {s['repair']['total']}, a fresh solve {s['fresh']['total']}")
        if s["not optimal"]:
            out.append(f"{where}: not proven optimal: {', '.join(s['not optimal'])}")
        if s["violations"]:
            out.append(f"{where}: {s['violations']} verifier violations")
    return out


def markdown(cases: list[Row]) -> str:
    """One table per week: repair against fresh solve, per scenario."""
    cats = [*CATEGORIES, "total", "people to tell"]
    lines = []
    for case in cases:
        lines += [
            f"### {case['instance']} (full solve {case['full solve s']} s; changes as repair / fresh solve)",
            "",
            "| scenario | "
            + " | ".join(cats)
            + " | repair s | fresh s | hard unmet | not optimal | violations |",
            "|---" * (len(cats) + 6) + "|",
        ]
        for s in case["scenarios"]:
            pairs = [f"{s['repair'][c]} / {s['fresh'][c]}" for c in cats]
            tail = [
                s["repair s"],
                s["fresh s"],
                s["hard unmet"],
                ", ".join(s["not optimal"]) or "-",
                s["violations"],
            ]
            lines.append(f"| {s['scenario']} | " + " | ".join(map(str, pairs + tail)) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    """Run the weeks (each in a fresh process), print the tables, save or check."""
    import multiprocessing

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the bundled week only (the CI part)")
    parser.add_argument("--check", action="store_true", help="exit 1 on a failed gate; save nothing")
    parser.add_argument("--only", nargs="*", help="weeks whose name starts with one of these (nothing saved)")
    parser.add_argument("--save", action="store_true", help="record the results in benchmarks/results/")
    args = parser.parse_args()
    names = ["warren (bundled)"] if args.small else list(SIZES)
    names = [n for n in names if n.startswith(tuple(args.only or ("",)))]
    cases = []
    for name in names:
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            cases.append(pool.apply(measure, (name, SIZES[name])))
    print(markdown(cases))
    failed = [line for case in cases for line in problems(case)]
    if args.check:
        print("\n".join(failed) or "repair gate: passed", file=sys.stderr)
        return 1 if failed else 0
    if args.only:
        return 0
    stem = "repair-small" if args.small else "repair"
    folder = RESULTS if args.save else LOCAL
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(json.dumps(cases, indent=2) + "\n")
    (folder / f"{stem}.md").write_text(markdown(cases) + "\n")
    print(f"results: {folder}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
