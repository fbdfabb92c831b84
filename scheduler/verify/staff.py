"""STF-01..04: every supervised session has one officer, on shift, one session at a time, with
no declared relationship with the inmates or a relative among the visitors it supervises.

Supervised sessions are the events of a kind in `SUPERVISED`: recreation sessions, razor
batches and hour-outs carry their officer themselves; booth visits and laundry loads are
supervised through posts (kind "post"): visiting-room posts per visitation window and date
that has booth visits (the window's span, or stretches of it passed on at shift changes,
each covering the visits overlapping it), one laundry shift per date
with loads (first wash start to last dry end, covering that day's loads). Legal visits and
special-arrangement clergy visits need no post.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import SUPERVISED, LaundryLoad, Post, VisitEvent, WeekSchedule
from scheduler.verify.core import (
    Placed,
    Violation,
    events_by_id,
    on_shift,
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
    """Windows on the post's weekday whose span holds the post's and that serve all its
    visits' inmates."""
    out = []
    for i, w in enumerate(instance.facility.visitation.windows):
        if w.day != weekday_of(post.day.date) or not (
            w.start <= post.event.start and post.event.end <= w.end
        ):
            continue
        inmates = [instance.inmates.get(iid) for v in visits for iid in v.event.inmates]
        if all(m is not None and w.serves(m, instance.surname_letters.get(m.id, "")) for m in inmates):
            out.append(i)
    return out


def _shift_changes(instance: Instance, day: dt.date) -> set[int]:
    """Minutes of a date at which some officer's shift starts or ends (the overnight shift
    of the day before and the next day's shift included)."""
    out = set()
    for officer in instance.officers.values():
        for offset in (-1, 0, 1):
            shift = officer.shift(weekday_of(day + dt.timedelta(days=offset)))
            if shift is not None:
                out |= {shift[0] + offset * 1440, shift[1] + offset * 1440}
    return out


def check_officer_present(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: every supervised session names an officer (listed in `unmet` or not, it is a
    violation), so every hour-out has its night officer (DIS-06); a post names no inmates itself."""
    listed = {s for u in schedule.unmet if u.kind == "session" for s in u.each_subject()}
    out = []
    for a in _sessions(schedule):
        if not a.event.officer:
            note = "listed in unmet" if a.event.id in listed else "not listed in unmet"
            out.append(_v("STF-01", a, f"{_span(a)} has no officer ({note})"))
        if isinstance(a.event, Post) and a.event.inmates:
            out.append(_v("STF-01", a, f"lists inmates {', '.join(a.event.inmates)}; a post lists none"))
    return out


def check_visiting_posts(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """STF-01: every booth visit that needs a post is supervised through visiting-room posts
    of its date that together span it, and every post of its window overlapping it covers
    it; a post lies in one visitation window of its weekday serving the inmates of the visits
    it covers, in the visitation room, covers only visits overlapping it, at least one; the
    posts of a window do not overlap, and one passes to the next only at a shift change."""
    known = events_by_id(schedule)
    covering: dict[str, list[Placed]] = defaultdict(list)
    out: list[Violation] = []
    by_window: dict[tuple[dt.date, int], list[Placed]] = defaultdict(list)
    for p in _posts(schedule, "visitation_window"):
        visits = _covered_visits(instance, p, known, covering, out)
        windows = _window_candidates(instance, p, visits)
        named = getattr(p.event, "window", None)
        if named is not None and named - 1 not in windows:
            out.append(_v("STF-01", p, f"names window {named}, which does not hold it or serve its visits"))
        elif not windows:
            out.append(_v("STF-01", p, f"{_span(p)} lies in no visitation window serving its visits"))
        elif named is not None or len(windows) == 1:
            by_window[(p.day.date, named - 1 if named is not None else windows[0])].append(p)
    for (day, index), posts in sorted(by_window.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        out += _handovers(instance, day, index, posts)
    for v in placed_activities(schedule):
        if needs_post(instance, v.event):
            out += _supervised(v, covering.get(v.event.id, []), by_window)
    return out


def _covered_visits(
    instance: Instance,
    p: Placed,
    known: dict[str, Placed],
    covering: dict[str, list[Placed]],
    out: list[Violation],
) -> list[Placed]:
    """The booth visits a post covers (each noted in `covering`); what else is wrong with
    the post itself goes to `out`."""
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
        elif target.day.date != p.day.date or not (target.event.start < e.end and e.start < target.event.end):
            out.append(
                _v("STF-01", p, f"{_span(p)} covers {ref} {_span(target)}, which it does not overlap", ref)
            )
        else:
            visits.append(target)
    if not e.covers:
        out.append(_v("STF-01", p, f"{_span(p)} covers no visit"))
    if e.place != VISIT_POST_PLACE:
        out.append(_v("STF-01", p, f"is in {e.place}, not the {VISIT_POST_PLACE}"))
    return visits


def _handovers(instance: Instance, day: dt.date, index: int, posts: list[Placed]) -> list[Violation]:
    """A window's posts on a date never overlap, and each starts or ends inside the window
    only at a shift change (STF-01: the post passes from one officer to the next)."""
    w = instance.facility.visitation.windows[index]
    changes = _shift_changes(instance, day)
    out = []
    ordered = sorted(posts, key=lambda p: (p.event.start, p.event.end, p.event.id))
    for x, y in itertools.combinations(ordered, 2):
        if y.event.start < x.event.end and x.event.start < y.event.end:
            out.append(
                _v(
                    "STF-01",
                    y,
                    f"{_span(y)} overlaps post {x.event.id} {_span(x)} of the same window",
                    x.event.id,
                )
            )
    for p in ordered:
        inside = [m for m in (p.event.start, p.event.end) if w.start < m < w.end and m not in changes]
        if inside:
            when = ", ".join(format_clock(m) for m in inside)
            out.append(
                _v("STF-01", p, f"passes the post of window {index + 1} on at {when}, not at a shift change")
            )
    return out


def _supervised(
    v: Placed, mine: list[Placed], by_window: dict[tuple[dt.date, int], list[Placed]]
) -> list[Violation]:
    """A booth visit's posts span it, and no post of their window overlapping it leaves it out."""
    if not mine:
        return [_v("STF-01", v, f"{_span(v)} is covered by no visiting-room post")]
    out = []
    a, b = v.event.start, v.event.end
    spans = sorted((p.event.start, p.event.end) for p in mine if p.day.date == v.day.date)
    reach = a
    for x, y in spans:
        if x <= reach:
            reach = max(reach, y)
    if reach < b or not spans or spans[0][0] > a:
        ids = [p.event.id for p in mine]
        out.append(_v("STF-01", v, f"{_span(v)} is not spanned by its posts {', '.join(ids)}", *ids))
    ids = {p.event.id for p in mine}
    for posts in by_window.values():
        if not any(p.event.id in ids for p in posts):
            continue
        for p in posts:
            if p.event.id not in ids and p.event.start < b and a < p.event.end:
                out.append(
                    _v(
                        "STF-01",
                        v,
                        f"{_span(v)} overlaps post {p.event.id} of its window, which leaves it out",
                        p.event.id,
                    )
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
        elif not on_shift(instance, officer, a.day.date, a.event.start, a.event.end):
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
    unstaffed |= {s for u in schedule.unmet if u.kind == "session" for s in u.each_subject()}
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
