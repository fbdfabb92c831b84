"""What a repair changed, and who must be told (REP-03, REP-04): the published and repaired
weeks compared booking by booking (events keep their ids), each change with the event that
caused it or "to serve more", and one notice per person concerned."""

from __future__ import annotations

import datetime as dt

from models.events import Event
from models.schedule import Booking, Change, ChangeNotice, EventBase, WeekSchedule, in_words

BOOKED = frozenset(
    {"visit", "legal_visit", "clergy_visit", "recreation", "razor_batch", "laundry_load", "hour_out", "post"}
)
VISITS = frozenset({"visit", "legal_visit", "clergy_visit"})
RULE = {
    "offence": "DIS-01",
    "sanction": "DIS-02",
    "closure": "CAL-01",
    "closure_lifted": "CAL-01",
    "keep_separate": "SEP-01",
    "keep_separate_lifted": "SEP-01",
    "visitor_restriction": "VIS-13",
    "officer_absent": "STF-02",
    "appointment": "APT-01",
    "appointment_cancelled": "APT-01",
    "request": "VIS-09",
    "request_cancelled": "VIS-13",
    "release": "HOU-01",
    "pod_move": "HOU-01",
}
SERVE_MORE = "to serve more"


def bookings(week: WeekSchedule) -> dict[str, tuple[dt.date, EventBase]]:
    """Every booking and session of a week by event id."""
    return {e.id: (d.date, e) for d in week.days for e in d.events if getattr(e, "kind", "") in BOOKED}


def booking(day: dt.date, e: EventBase) -> Booking:
    """A booking as a change shows it."""
    return Booking(
        date=day,
        start=e.start,
        end=e.end,
        place=e.place,
        booth=getattr(e, "booth", None),
        officer=e.officer,
        inmates=list(e.inmates),
    )


def _seen(day: dt.date, e: EventBase) -> tuple:
    """What anyone could notice of a booking: `what_changed`'s fields."""
    return (day, e.start, e.end, getattr(e, "booth", None), e.place, tuple(e.inmates), e.officer)


def what_changed(old: Booking | None, new: Booking | None) -> str | None:
    """The most visible difference, or None when there is none."""
    if old is None:
        return "added"
    if new is None:
        return "cancelled"
    for change, same in (
        ("other day", old.date == new.date),
        ("other time", (old.start, old.end) == (new.start, new.end)),
        ("booth", old.booth == new.booth),
        ("place", old.place == new.place),
        ("members", old.inmates == new.inmates),
        ("officer", old.officer == new.officer),
    ):
        if not same:
            return change
    return None


def change_list(published: WeekSchedule, repaired: WeekSchedule, events: list[Event]) -> list[Change]:
    """Every booking or session that differs, in date, time and id order."""
    before, after = bookings(published), bookings(repaired)
    out = []
    for bid in sorted(set(before) | set(after)):
        if bid in before and bid in after and _seen(*before[bid]) == _seen(*after[bid]):
            continue  # the same to everyone: no Booking built (a big week has tens of thousands)
        old = booking(*before[bid]) if bid in before else None
        new = booking(*after[bid]) if bid in after else None
        change = what_changed(old, new)
        if change is None:
            continue
        kind = (before.get(bid) or after[bid])[1].kind  # type: ignore[attr-defined]
        first = old or new
        assert first is not None
        cause = _cause([x for x in (before.get(bid), after.get(bid)) if x], events)
        out.append(
            Change(
                booking=bid,
                kind=kind,
                change=change,  # type: ignore[arg-type]
                old=old,
                new=new,
                cause=cause.id if cause else SERVE_MORE,
                rule=RULE.get(cause.kind, "REP-03") if cause else "REP-03",
                visitor_facing=kind in VISITS and change in ("cancelled", "other day", "other time"),
            )
        )
    _same_day_laundry(out)
    return sorted(
        out, key=lambda c: (c.old or c.new).date.isoformat() + f"{(c.old or c.new).start:05d}" + c.booking
    )  # type: ignore[union-attr]


def _same_day_laundry(changes: list[Change]) -> None:
    """A laundry day is solved again whole when an event changes it (its loads, its shift):
    every change of that day's laundry is the event's doing, not a choice to serve more."""
    caused = {}
    for c in changes:
        if c.cause != SERVE_MORE and (c.kind == "laundry_load" or c.booking.endswith("laundry-shift")):
            caused.setdefault((c.old or c.new).date, c)  # type: ignore[union-attr]
    for c in changes:
        first = caused.get((c.old or c.new).date)  # type: ignore[union-attr]
        if c.kind == "laundry_load" and c.cause == SERVE_MORE and first is not None:
            c.cause, c.rule = first.cause, first.rule


def _cause(dated: list[tuple[dt.date, EventBase]], events: list[Event]) -> Event | None:
    """The latest event that touches the booking as published or as repaired: its inmates,
    visitors, officer, place and time, or its request."""
    touching = [ev for ev in events if any(_touches(ev, day, e) for day, e in dated)]
    return touching[-1] if touching else None


def _touches(ev: Event, day: dt.date, e: EventBase) -> bool:
    inmates = set(e.inmates)
    visitors = {v.visitor_id for v in getattr(e, "visitors", [])}
    request = getattr(e, "request_id", None)
    k = ev.kind
    if k == "pod_move" and getattr(e, "pod", None) == ev.pod:  # type: ignore[union-attr]
        return True
    if k in ("offence", "sanction", "release", "pod_move"):
        return ev.inmate_id in inmates  # type: ignore[union-attr]
    if k == "keep_separate":
        return bool({ev.separation.inmate_a, ev.separation.inmate_b} & inmates)  # type: ignore[union-attr]
    if k == "keep_separate_lifted":
        return bool({ev.inmate_a, ev.inmate_b} & inmates)  # type: ignore[union-attr]
    if k == "visitor_restriction":
        return ev.visitor_id in visitors  # type: ignore[union-attr]
    if k == "officer_absent":
        return e.officer == ev.officer_id  # type: ignore[union-attr]
    if k == "appointment":
        a = ev.appointment  # type: ignore[union-attr]
        return a.inmate_id in inmates and a.date == day
    if k == "appointment_cancelled":
        return ev.inmate_id in inmates and ev.date == day  # type: ignore[union-attr]
    if k == "request":
        return request == ev.request.id  # type: ignore[union-attr]
    if k == "request_cancelled":
        return request == ev.request_id  # type: ignore[union-attr]
    if k == "closure":
        c = ev.closure  # type: ignore[union-attr]
        a, b = c.span
        return c.date == day and a < e.end and e.start < b and _closes(c.resource, c.id, e)
    return False


def _closes(resource: str, rid: str | None, e: EventBase) -> bool:
    kind = getattr(e, "kind", "")
    if resource in ("visitation_room", "booths"):
        return kind in ("visit", "clergy_visit", "post")
    if resource == "legal_room":
        return kind == "legal_visit"
    if resource == "recreation_area":
        return kind == "recreation" and e.place == rid
    if resource == "laundry_machine":
        return kind == "laundry_load" and rid in (getattr(e, "washer", None), getattr(e, "dryer", None))
    return resource == "razor_issue" and kind == "razor_batch"


def notices(changes: list[Change], published: WeekSchedule, repaired: WeekSchedule) -> list[ChangeNotice]:
    """One row per person (or pod) and change (REP-04): a visit's visitors and inmate, a
    session's pod and inmates who joined or left, every officer whose post changed."""
    before, after = bookings(published), bookings(repaired)
    out = []
    for c in changes:
        either = (after.get(c.booking) or before[c.booking])[1]
        people: list[tuple[str, str]] = []
        if c.kind in VISITS:
            people += [(v.visitor_id, "visitor") for v in getattr(either, "visitors", [])]
            people += [(i, "inmate") for i in either.inmates]
        elif c.kind != "post":
            pod = getattr(either, "pod", None)
            if pod:
                people.append((pod, "pod"))
            old_in = set(c.old.inmates if c.old else [])
            new_in = set(c.new.inmates if c.new else [])
            people += [(i, "inmate") for i in sorted(old_in ^ new_in)]
        officers = {c.old.officer if c.old else None, c.new.officer if c.new else None} - {None}
        if c.change in ("cancelled", "added", "other day", "other time", "officer") or len(officers) > 1:
            people += [(o, "officer") for o in sorted(officers)]  # type: ignore[type-var]
        reason = _reason(c)
        for person, role in dict.fromkeys(people):
            out.append(
                ChangeNotice(
                    person=person,
                    role=role,  # type: ignore[arg-type]
                    booking=c.booking,
                    old=in_words(c.old),
                    new=in_words(c.new, cancelled=True),
                    reason=reason,
                    event=c.cause,
                    rule=c.rule,
                )
            )
    return out


def _reason(c: Change) -> str:
    what = {
        "cancelled": "cancelled",
        "other day": "moved to another day",
        "other time": "moved to another time",
        "booth": "moved to another booth",
        "place": "moved to another place",
        "members": "its members changed",
        "officer": "another officer supervises it",
        "added": "added",
    }[c.change]
    why = "to serve more requests" if c.cause == SERVE_MORE else f"because of event {c.cause} ({c.rule})"
    return f"{c.kind.replace('_', ' ')} {what} {why}"
