"""Letters to visitors (issue 22): a confirmation for each visit served (who, when, which
booth, arrive by, what to bring), a letter for each request left out (why, in plain words,
and what they can do), and after a repair one for each visit that changed (REP-04). Each
letter prints as one page of `letters/letters.html`; `csv/letters.csv` lists them for a
mail merge, one row per visitor.

Letters read the schedule and the instance only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from models.common import format_when
from models.instance import Instance
from models.schedule import ChangeNotice, Unserved, VisitEvent, WeekSchedule
from scheduler.report import templating
from scheduler.report.views import Names, long_date, span

BRING = (
    "Each visitor aged 16 or over brings a valid photo ID issued by a state or federal government, "
    "unexpired on the day of the visit (VTR-01). A visitor under 16 comes with an adult of the visit "
    "and stays with them in the booth (VTR-02)."
)
WHY = {
    "capacity": (
        "every booth at the times you could come was taken by requests registered before yours "
        "(first come, first served)",
        "register again for next week; earlier registrations are served first",
    ),
    "VIS-06": (
        "the inmate already has as many visits this week as the facility allows",
        "register for next week",
    ),
    "VIS-14": (
        "a visitor of the request has already made as many visits this week as the facility allows",
        "another visitor may come, or register for next week",
    ),
    "VIS-08": (
        "the inmate's visits are suspended on those dates",
        "register for a week after the suspension ends",
    ),
    "DIS-08": (
        "the inmate is on lockdown on those dates and may have no visits",
        "register for a later week",
    ),
    "VTR-01": (
        "a visitor of the request has no valid photo ID on record for the visit date",
        "bring a valid state or federal photo ID on record and register again",
    ),
    "VTR-02": (
        "a visitor under 16 must visit immediate family and come with an adult of the visit who has valid ID",
        "register again with an adult visitor, for an immediate family member",
    ),
    "VTR-03": (
        "facility employees may visit only an immediate family member",
        "please contact the facility",
    ),
    "APT-01": (
        "the inmate has an appointment at the times you could come",
        "register for another window or next week",
    ),
    "REP-05": (
        "your visit could not be kept as planned and is being reviewed by the facility",
        "the facility will contact you",
    ),
}
OTHER = (
    "the visiting room could not hold the visit at the times you could come",
    "register for another window or next week",
)


COLUMNS = (
    "letter",
    "kind",
    "request_id",
    "visitor_id",
    "visitor",
    "inmate",
    "date",
    "time",
    "booth",
    "arrive_by",
    "rule",
    "text",
)
"""The columns of `csv/letters.csv` (docs/csv.md)."""


@dataclass
class Letter:
    """One letter: to the visitors of one request."""

    key: str
    kind: str
    """confirmation, not scheduled, or changed."""
    request_id: str
    inmate: str
    visitors: list[tuple[str, str]]
    """(id, name) of each visitor addressed."""
    lines: list[str] = field(default_factory=list)
    date: str = ""
    time: str = ""
    booth: str = ""
    arrive_by: str = ""
    rule: str = ""


def letters(week: WeekSchedule, instance: Instance) -> list[Letter]:
    """Every letter of the week: confirmations, then requests left out, then changes."""
    names = Names(instance)
    out = []
    for day in week.days:
        for e in sorted(day.events, key=lambda e: (e.start, e.id)):
            if e.kind in ("visit", "clergy_visit"):
                out.append(_confirmation(day.date, e, names, week))  # type: ignore[arg-type]
    out += [_left_out(u, instance, names) for u in week.waitlist if u.request_id in instance.requests]
    out += _changed(week, instance, names)
    return out


def _confirmation(date: object, e: VisitEvent, names: Names, week: WeekSchedule) -> Letter:
    visitors = [(v.visitor_id, names.visitor_only(v.visitor_id)) for v in e.visitors]
    arrive = format_when(min((v.arrive_by for v in e.visitors), default=e.start))
    when = f"{long_date(date)}, {span(e.start, e.end)}"  # type: ignore[arg-type]
    lines = [
        f"Your visit with {names.inmate_only(e.inmates[0])} is confirmed for {when}, booth {e.booth}, "
        f"at {week.facility}.",
        f"Please arrive by {arrive} to check in at the lobby (VIS-10).",
        BRING,
    ]
    for p in e.subperiods:
        who = ", ".join(names.visitor_only(v) for v in p.visitor_ids)
        lines.append(f"In the booth {span(p.start, p.end)}: {who} (at most two at a time, VIS-04).")
    return Letter(
        e.id,
        "confirmation",
        e.request_id,
        names.inmate_only(e.inmates[0]),
        visitors,
        lines,
        str(date),
        f"{format_when(e.start)}-{format_when(e.end)}",
        str(e.booth or ""),
        arrive,
        "VIS-10",
    )


def _left_out(u: Unserved, instance: Instance, names: Names) -> Letter:
    request = instance.requests[u.request_id]
    why, do = WHY.get(u.rule, OTHER)
    inmate = names.inmate_only(u.inmate_id)
    lines = [
        f"We are sorry: your request {u.request_id} to visit {inmate} could not be scheduled this week, "
        f"because {why} ({u.rule}).",
        f"What you can do: {do}.",
    ]
    visitors = [(v, names.visitor_only(v)) for v in request.visitor_ids]
    return Letter(
        f"request:{u.request_id}", "not scheduled", u.request_id, inmate, visitors, lines, rule=u.rule
    )


def _changed(week: WeekSchedule, instance: Instance, names: Names) -> list[Letter]:
    """A repair's changes to visits, one letter per changed visit, in the words of its
    visitors' notices (REP-04)."""
    if week.repair is None:
        return []
    notices: dict[str, list[ChangeNotice]] = {}
    for n in week.repair.notices:
        if n.role == "visitor":
            notices.setdefault(n.booking, []).append(n)
    out = []
    for booking, own in notices.items():
        rid = booking.split(":", 1)[1]
        request = instance.requests.get(rid)
        inmate = names.inmate_only(request.inmate_id) if request else ""
        n = own[0]
        lines = [
            f"Your visit with {inmate} has changed: it was {n.old or 'not booked'}; it is now {n.new}.",
            f"Why: {n.reason} ({n.rule}). We are sorry for the trouble.",
        ]
        if n.new != "cancelled":
            lines.append(BRING)
        visitors = [(x.person, names.visitor_only(x.person)) for x in sorted(own, key=lambda x: x.person)]
        out.append(Letter(f"change:{booking}", "changed", rid, inmate, visitors, lines, rule=n.rule))
    return out


def render_letters(week: WeekSchedule, instance: Instance) -> tuple[str, str]:
    """`letters/letters.html` (one page a letter) and `csv/letters.csv` (one row a visitor)."""
    all_ = letters(week, instance)
    env = templating.environment("scheduler.report")
    page = env.get_template("letters.html.j2").render(facility=week.facility, letters=all_)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for x in all_:
        for vid, name in x.visitors:
            writer.writerow(
                [
                    x.key,
                    x.kind,
                    x.request_id,
                    vid,
                    name,
                    x.inmate,
                    x.date,
                    x.time,
                    x.booth,
                    x.arrive_by,
                    x.rule,
                    " ".join(x.lines),
                ]
            )
    return page, text.getvalue()
