"""STF-01..04: every supervised session has one officer, on shift, one session at a time, with
no declared relationship with the inmates or a relative among the visitors it supervises.

Supervised sessions are the events of a kind in `SUPERVISED`: recreation sessions, razor
batches and hour-outs carry their officer themselves; booth visits and laundry loads are
supervised through posts (kind "post"): one visiting-room post per visitation window and date
that has booth visits (the window's span, covering those visits), one laundry shift per date
with loads (first wash start to last dry end, covering that day's loads). Legal visits and
special-arrangement clergy visits need no post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import SUPERVISED, LaundryLoad, Post, VisitEvent, WeekSchedule
from scheduler.verify.core import (
    Placed,
    Violation,
    events_by_id,
    overlapping_pairs,
    placed_activities,
)

VISIT_POST_PLACE = "visitation room"
LAUNDRY_POST_PLACE = "laundry room"


def _sessions(schedule: WeekSchedule) -> list[Placed]:
    return [a for a in placed_activities(schedule) if a.kind in SUPERVISED]


def _posts(schedule: WeekSchedule, session: str) -> list[Placed]:
    return [
        a for a in placed_activities(schedule) if isinstance(a.event, Post) and a.event.session == session
    ]


def _span(a: Placed) -> str:
    return f"{weekday_of(a.day.date)} {format_clock(a.event.start)}-{format_clock(a.event.end)}"


def _v(rule: str, a: Placed, message: str, *others: str) -> Violation:
    return Violation(
        rule=rule, date=a.day.date, message=f"{a.kind} {a.event.id} {message}", events=[a.event.id, *others]
    )


def needs_post(instance: Instance, event: object) -> bool:
    """Whether a visit is a booth visit supervised by a visiting-room post (STF-01): a social
    visit, or a clergy visit whose request has no special-arrangement time."""
    if not isinstance(event, VisitEvent):
        return False
    if event.kind == "visit":
        return True
    if event.kind == "clergy_visit":
        req = instance.requests.get(event.request_id)
        return req is None or req.special_start is None
    return False


def _window_candidates(instance: Instance, post: Placed, visits: list[Placed]) -> list[int]:
    """Windows on the post's weekday with the post's exact span that serve all its visits' inmates."""
    out = []
    for i, w in enumerate(instance.facility.visitation.windows):
        if w.day != weekday_of(post.day.date) or (w.start, w.end) != (post.event.start, post.event.end):
            continue
        inmates = [instance.inmates.get(iid) for v in visits for iid in v.event.inmates]
        if all(m is not None and w.serves(m, instance.surname_letters.get(m.id, "")) for m in inmates):
            out.append(i)
    return out


def check_officer_present(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: every supervised session names an officer (listed in `unmet` or not, it is a
    violation), so every hour-out has its night officer (DIS-06); a post names no inmates itself."""
    listed = {u.subject for u in schedule.unmet if u.kind == "session"}
    out = []
    for a in _sessions(schedule):
        if not a.event.officer:
            note = "listed in unmet" if a.event.id in listed else "not listed in unmet"
            out.append(_v("STF-01", a, f"{_span(a)} has no officer ({note})"))
        if isinstance(a.event, Post) and a.event.inmates:
            out.append(_v("STF-01", a, f"lists inmates {', '.join(a.event.inmates)}; a post lists none"))
    return out


def check_visiting_posts(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: every booth visit that needs a post is covered by exactly one visiting-room post
    of its date whose span contains it; a post spans one visitation window of its weekday,
    serving the inmates of the visits it covers, in the visitation room, covers only such
    visits, at least one, and a window has one post a date."""
    known = events_by_id(schedule)
    posts = _posts(schedule, "visitation_window")
    covering: dict[str, list[Placed]] = defaultdict(list)
    out: list[Violation] = []
    seen: dict[tuple[dt.date, int], Placed] = {}
    for p in posts:
        e = p.event
        assert isinstance(e, Post)
        visits = []
        for ref in dict.fromkeys(e.covers):
            covering[ref].append(p)
            target = known.get(ref)
            if target is None:
                out.append(_v("STF-01", p, f"covers unknown event {ref}"))
            elif not needs_post(instance, target.event):
                out.append(_v("STF-01", p, f"covers {target.kind} {ref}, not a booth visit", ref))
            else:
                visits.append(target)
        if not e.covers:
            out.append(_v("STF-01", p, f"{_span(p)} covers no visit"))
        if e.place != VISIT_POST_PLACE:
            out.append(_v("STF-01", p, f"is in {e.place}, not the {VISIT_POST_PLACE}"))
        windows = _window_candidates(instance, p, visits)
        if not windows:
            out.append(_v("STF-01", p, f"{_span(p)} is the span of no visitation window serving its visits"))
        elif len(windows) == 1:
            key = (p.day.date, windows[0])
            if key in seen:
                out.append(
                    _v(
                        "STF-01",
                        p,
                        f"is a second post of window {windows[0] + 1} on {key[0]}",
                        seen[key].event.id,
                    )
                )
            else:
                seen[key] = p
    for v in placed_activities(schedule):
        if not needs_post(instance, v.event):
            continue
        mine = covering.get(v.event.id, [])
        if not mine:
            out.append(_v("STF-01", v, f"{_span(v)} is covered by no visiting-room post"))
        elif len(mine) > 1:
            ids = [p.event.id for p in mine]
            out.append(_v("STF-01", v, f"is covered by {len(mine)} posts", *ids))
        else:
            p = mine[0]
            if p.day.date != v.day.date or not (
                p.event.start <= v.event.start and v.event.end <= p.event.end
            ):
                out.append(
                    _v("STF-01", v, f"{_span(v)} lies outside its post {p.event.id} {_span(p)}", p.event.id)
                )
    return out


def check_laundry_posts(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: every date with laundry loads has exactly one laundry-shift post, from the
    day's first wash start to its last dry end, in the laundry room, covering all that day's
    loads and nothing else; no laundry shift on a date without loads."""
    loads: dict[dt.date, list[Placed]] = defaultdict(list)
    for a in placed_activities(schedule):
        if isinstance(a.event, LaundryLoad):
            loads[a.day.date].append(a)
    posts: dict[dt.date, list[Placed]] = defaultdict(list)
    for p in _posts(schedule, "laundry_shift"):
        posts[p.day.date].append(p)
    out: list[Violation] = []
    for day in sorted(set(loads) | set(posts)):
        mine, shift = loads.get(day, []), posts.get(day, [])
        if not mine:
            out += [_v("STF-01", p, f"is a laundry shift on {day}, which has no loads") for p in shift]
            continue
        if not shift:
            out.append(
                Violation(
                    rule="STF-01",
                    date=day,
                    message=f"laundry on {day} ({len(mine)} loads) has no laundry-shift post",
                    events=[a.event.id for a in mine],
                )
            )
            continue
        ids = {a.event.id for a in mine}
        shift = sorted(shift, key=lambda p: -len(ids & set(getattr(p.event, "covers", []))))
        for extra in shift[1:]:
            out.append(_v("STF-01", extra, f"is a second laundry shift on {day}", shift[0].event.id))
        p = shift[0]
        post = p.event
        assert isinstance(post, Post)
        first = min(getattr(a.event, "wash_start", a.event.start) for a in mine)
        last = max(getattr(a.event, "dry_end", a.event.end) for a in mine)
        if (post.start, post.end) != (first, last):
            out.append(
                _v(
                    "STF-01",
                    p,
                    f"runs {format_clock(post.start)}-{format_clock(post.end)}, not from the first "
                    f"wash {format_clock(first)} to the last dry end {format_clock(last)}",
                )
            )
        if post.place != LAUNDRY_POST_PLACE:
            out.append(_v("STF-01", p, f"is in {post.place}, not the {LAUNDRY_POST_PLACE}"))
        missing = sorted(ids - set(post.covers))
        if missing:
            out.append(_v("STF-01", p, f"does not cover loads {', '.join(missing)}", *missing))
        others = sorted(set(post.covers) - ids)
        if others:
            out.append(_v("STF-01", p, f"covers {', '.join(others)}, not loads of {day}"))
    return out


def _on_shift(instance: Instance, officer_id: str, day: dt.date, start: int, end: int) -> bool:
    """Whether one shift of the officer covers [start, end) on the date: the shift of that
    weekday, the previous day's (overnight) shift moved back a day, or the next day's moved on."""
    officer = instance.officers.get(officer_id)
    if officer is None:
        return False
    for offset in (0, -1, 1):
        shift = officer.shift(weekday_of(day + dt.timedelta(days=offset)))
        if shift is not None and shift[0] + offset * 1440 <= start and end <= shift[1] + offset * 1440:
            return True
    return False


def check_shifts(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-02: a session's officer exists and one of their shifts covers the whole session;
    an officer supervises one session at a time (all kinds, all days, absolute minutes)."""
    out = []
    by_officer: dict[str, list[Placed]] = defaultdict(list)
    for a in _sessions(schedule):
        officer = a.event.officer
        if not officer:
            continue
        by_officer[officer].append(a)
        if officer not in instance.officers:
            out.append(_v("STF-02", a, f"names unknown officer {officer}"))
        elif not _on_shift(instance, officer, a.day.date, a.event.start, a.event.end):
            out.append(_v("STF-02", a, f"{_span(a)} is outside officer {officer}'s shift"))
    for officer, items in sorted(by_officer.items()):
        for x, y in overlapping_pairs(items):
            if x.event is y.event:
                continue
            out.append(
                Violation(
                    rule="STF-02",
                    date=x.day.date,
                    message=f"officer {officer} supervises {x.kind} {x.event.id} {_span(x)} and "
                    f"{y.kind} {y.event.id} {_span(y)} at once",
                    events=[x.event.id, y.event.id],
                )
            )
    return out


def check_relationships(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-03: an officer never supervises an inmate with whom they declared a relationship
    (other than a reported contact), nor a visit by one of their relatives; a post supervises
    the inmates and visitors of every event it covers."""
    barred: dict[tuple[str, str], str] = {}
    relatives: set[tuple[str, str]] = set()
    for r in instance.staff_relationships:
        if r.inmate_id is not None and r.kind != "contact":
            barred.setdefault((r.officer_id, r.inmate_id), r.kind)
        if r.visitor_id is not None and r.kind == "relative":
            relatives.add((r.officer_id, r.visitor_id))
    known = events_by_id(schedule)
    out = []
    for a in _sessions(schedule):
        officer = a.event.officer
        if not officer:
            continue
        members = [(a, iid) for iid in a.event.inmates]
        visits: list[Placed] = []
        if isinstance(a.event, Post):
            for ref in dict.fromkeys(a.event.covers):
                target = known.get(ref)
                if target is not None:
                    members += [(target, iid) for iid in target.event.inmates]
                    visits.append(target)
        for target, iid in members:
            kind = barred.get((officer, iid))
            if kind is not None:
                others = [target.event.id] if target is not a else []
                out.append(
                    _v(
                        "STF-03",
                        a,
                        f"officer {officer} has a declared {kind} relationship with {iid}",
                        *others,
                    )
                )
        for target in visits:
            for arrival in getattr(target.event, "visitors", []):
                if (officer, arrival.visitor_id) in relatives:
                    out.append(
                        _v(
                            "STF-03",
                            a,
                            f"officer {officer} is a relative of visitor {arrival.visitor_id} "
                            f"of {target.event.id}",
                            target.event.id,
                        )
                    )
    return out


def staff_figures(schedule: WeekSchedule, instance: Instance) -> dict[str, float]:
    """STF-04 as figures: the largest number of minutes one officer supervises on one date,
    and the sessions without an officer (events with none, and sessions listed in unmet)."""
    sessions = _sessions(schedule)
    unstaffed = {a.event.id for a in sessions if not a.event.officer}
    unstaffed |= {u.subject for u in schedule.unmet if u.kind == "session"}
    if not sessions and not unstaffed:
        return {}
    load: dict[tuple[str, dt.date], int] = defaultdict(int)
    for a in sessions:
        if a.event.officer:
            load[(a.event.officer, a.day.date)] += max(0, a.event.end - a.event.start)
    return {
        "STF-04 largest load minutes": float(max(load.values(), default=0)),
        "STF-04 sessions unstaffed": float(len(unstaffed)),
    }


CHECKS = [check_officer_present, check_visiting_posts, check_laundry_posts, check_shifts, check_relationships]
