"""The schedule of one week: every solver fills it, the verifier and reports read only it.

Event times are wall-clock minutes on the event's day, written "HH:MM"; a night activity
after midnight keeps the day on which it began, so its times run past "24:00"
(docs/rules.md, conventions).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.common import Clock, Weekday


class Record(BaseModel):
    """Base of the schedule models: unknown fields refused, so a typo in a file is caught.

    The docstring under each field is its description in the JSON Schema (`jailsched schema`)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class EventBase(Record):
    """What every event has: an id unique in the week, a time span, a place and who is in it."""

    id: str
    """The event's id, unique in the week, e.g. recreation:2026-11-23:A:1."""
    start: Clock
    """Start, "HH:MM" on the event's day; past 24:00 for a night activity after midnight (docs/rules.md,
    conventions)."""
    end: Clock
    """End, "HH:MM" on the event's day; past 24:00 when it ends after midnight."""
    place: str
    """Where it happens: all units, the visitation room, a legal room, a recreation area, the laundry room, a
    pod or its dayroom, or outside the unit for an appointment."""
    inmates: list[str] = Field(default_factory=list)
    """Ids of the inmates taking part (inmates.csv `id`); empty for facility-wide routine events and for
    posts."""
    officer: str | None = None
    """Id of the officer supervising it (staff.csv `id`), for a supervised session (STF-01); empty
    otherwise."""


class RoutineEvent(EventBase):
    """A fixed event of the daily routine (DAY-01..06, SUP-01, IND-01, COM-01).

    `pods` empty means the whole facility; `note` says what the administrator must know
    (e.g. that outgoing mail does not go to the post office that day).
    """

    kind: Literal[
        "count", "meal", "med_pass", "mail", "phones", "supply_cart", "indigent_package", "commissary"
    ]
    """Which routine event: count, meal, med_pass, mail, phones, supply_cart, indigent_package or commissary
    (DAY-01..06, SUP-01, IND-01, COM-01)."""
    pods: list[str] = Field(default_factory=list)
    """The housing units concerned; empty: the whole facility."""
    note: str = ""
    """What the administrator must know, e.g. that outgoing mail does not go to the post office, or who may
    buy only hygiene and writing items."""


class VisitorArrival(Record):
    """A visitor of a visit and the time they must arrive (VIS-10)."""

    visitor_id: str
    """The visitor (visitors.csv `id`)."""
    arrive_by: Clock
    """Time the visitor must arrive, "HH:MM": the visit's start less `visitation.registration_lead_minutes`
    (VIS-10)."""


class SubPeriod(Record):
    """A part of a visit with at most two visitors in the booth (VIS-04, VTR-02)."""

    start: Clock
    """Start of this part of the visit, "HH:MM" (VIS-04)."""
    end: Clock
    """End of this part of the visit, "HH:MM" (VIS-04)."""
    visitor_ids: list[str]
    """The visitors in the booth during it, at most `visitation.max_visitors_at_once`; a child is always with
    an adult (VIS-04, VTR-02)."""


class VisitEvent(EventBase):
    """A social, legal or clergy visit of one inmate, in a booth or a legal-visit room."""

    kind: Literal["visit", "legal_visit", "clergy_visit"]
    """visit (social, in a booth), legal_visit (in a legal-visit room) or clergy_visit (VIS-01, VIS-11,
    VIS-12)."""
    request_id: str
    """The visit request served (requests.csv `id`)."""
    booth: int | None = None
    """Booth number, from 1, for a visit in the visitation room (VIS-02); empty for a legal visit."""
    visitors: list[VisitorArrival] = Field(default_factory=list)
    """Each visitor of the visit and the time they must arrive (VIS-10)."""
    subperiods: list[SubPeriod] = Field(default_factory=list)
    """The visit divided among its visitors when more of them come than may be in the booth at once; empty
    otherwise (VIS-04)."""


class RecreationSession(EventBase):
    """One group of one pod in a recreation area (REC-01..05)."""

    kind: Literal["recreation"]
    """Always recreation."""
    pod: str
    """The pod of every inmate in the session (SEP-02)."""
    group: int
    """Group number within the pod, from 1: a pod too large for an area, or with keep-separates, is split into
    groups (REC-03)."""


class RazorBatch(EventBase):
    """Razors issued to one pod, shaved and collected (RAZ-02..06)."""

    kind: Literal["razor_batch"]
    """Always razor_batch."""
    pod: str
    """The pod issued razors: one pod per batch (RAZ-02)."""
    razors: int
    """Razors issued in the batch, out until it ends (RAZ-03)."""


class LaundryLoad(EventBase):
    """One load washed then dried (LAU-02..04); `start`/`end` span wash start to dry end."""

    kind: Literal["laundry_load"]
    """Always laundry_load."""
    pod: str
    """The pod whose laundry it is (LAU-01)."""
    category: str
    """The laundry category, e.g. orange_uniforms (LAU-01)."""
    washer: str
    """The washer, W1, W2... (LAU-02)."""
    dryer: str
    """The dryer, D1, D2... (LAU-02)."""
    wash_start: Clock
    """Wash starts, "HH:MM" (LAU-02, LAU-04)."""
    wash_end: Clock
    """Wash ends, "HH:MM" (LAU-02)."""
    dry_start: Clock
    """Drying starts, "HH:MM": at most `laundry.max_wait_minutes` after the wash ends (LAU-03)."""
    dry_end: Clock
    """Drying ends, "HH:MM" (LAU-02, LAU-04)."""


class HourOut(EventBase):
    """A lockdown inmate's hour out of cell in their pod's dayroom (DIS-03..07)."""

    kind: Literal["hour_out"]
    """Always hour_out."""
    pod: str
    """The pod in whose dayroom the hour out takes place (DIS-03)."""


class AppointmentEvent(EventBase):
    """An inmate's external appointment (APT-01): busy time for every activity, no officer post."""

    kind: Literal["appointment"]
    """Always appointment."""
    purpose: Literal["court", "medical", "transport", "other"]
    """court, medical, transport or other (appointments.csv `kind`, APT-01)."""
    note: str = ""
    """The appointment's note from appointments.csv."""


class Post(EventBase):
    """An officer post that covers other events (STF-01): the visiting room for a whole window
    on its date, or a day's laundry shift from the first wash to the last dry.

    `inmates` stays empty (the post is not an activity of inmates); `covers` names the events
    it supervises, whose inmates and visitors the officer must have no declared relationship with.
    """

    kind: Literal["post"]
    """Always post."""
    session: Literal["visitation_window", "laundry_shift"]
    """visitation_window: the visiting-room post for a whole window on its date; laundry_shift: a day's
    laundry from the first wash to the last dry (STF-01)."""
    covers: list[str] = Field(default_factory=list)
    """Ids of the events the post supervises (STF-01, STF-03)."""
    window: int | None = Field(default=None, ge=1)
    """The visitation window (1-based, in facility.yaml's order) a visiting-room post supervises;
    empty for the laundry shift."""


Event = Annotated[
    RoutineEvent
    | VisitEvent
    | RecreationSession
    | RazorBatch
    | LaundryLoad
    | HourOut
    | AppointmentEvent
    | Post,
    Field(discriminator="kind"),
]

SUPERVISED = frozenset({"post", "recreation", "razor_batch", "hour_out"})
"""Event kinds that are supervised sessions and need an officer (STF-01)."""

ALL_SUBPROBLEMS: tuple[str, ...] = ("visitation", "laundry", "lockdown", "recreation", "razors")
"""The sub-problems of a full week, in solving order (`WeekSchedule.scope`, UNM-01)."""


class DaySchedule(Record):
    """One day's timeline, events in start order."""

    date: dt.date
    """The date, YYYY-MM-DD."""
    weekday: Weekday
    """Its weekday: mon, tue, wed, thu, fri, sat or sun."""
    events: list[Event] = Field(default_factory=list)
    """Every event of the day in start order; `kind` tells which event it is."""


class Unserved(Record):
    """A visit request not served, and why: a rule ID, or "capacity" (VIS-13)."""

    request_id: str
    """The request not served (requests.csv `id`)."""
    inmate_id: str
    """The inmate it was for (inmates.csv `id`)."""
    rule: str
    """Rule ID that keeps it out, or capacity when its windows were full (VIS-13)."""
    reason: str
    """Why, in words."""
    carried: bool = False
    """True for a request carried from the previous week's waitlist (CON-03)."""


class Exclusion(Record):
    """An inmate left out of an activity on a date, with the rule ID of the reason."""

    inmate_id: str
    """The inmate left out (inmates.csv `id`)."""
    activity: str
    """The activity: recreation or razor."""
    date: dt.date | None = None
    """The date concerned, YYYY-MM-DD; empty: the whole week."""
    rule: str
    """Rule ID of the reason, e.g. REC-04, RAZ-05, RAZ-07."""
    reason: str
    """Why, in words."""


class Unmet(Record):
    """Demand the week could not meet (UNM-01): what, why, the figures and what would fix it.

    `hard` demand (an hour-out, a recreation hour, a laundry load, an officer for a session)
    makes `solve` exit 1; a visit or razor sign-up left out is a normal outcome (VIS-13, RAZ-07).
    """

    rule: str
    """Rule ID of the demand not met (UNM-01)."""
    kind: Literal["visit", "razor", "laundry_load", "hour_out", "recreation", "session"]
    """What was not met: visit, razor, laundry_load, hour_out, recreation, or session (an officer for a
    supervised session, STF-01)."""
    subject: str
    """The demand in words: the request, the pod and category, the session."""
    date: dt.date | None = None
    """The date concerned, YYYY-MM-DD; empty: the whole week."""
    hard: bool
    """true for hard demand (an hour-out, a recreation hour, a laundry load, an officer for a session):
    `solve` then exits 1 (UNM-01)."""
    inmates: list[str] = Field(default_factory=list)
    """Ids of the inmates concerned."""
    reason: str
    """Why it could not be met."""
    needed: str = ""
    """The figure needed, e.g. loads or razor-minutes (UNM-01)."""
    available: str = ""
    """The figure available, against `needed` (UNM-01)."""
    fix: str = ""
    """What would make it fit (UNM-01)."""
    count: int = Field(default=1, ge=1)
    """How many demands of one cause this entry stands for (sessions, loads, hour-outs)."""
    subjects: list[str] = Field(default_factory=list)
    """Each demand's subject when the entry stands for more than one (then `subject` sums them up)."""

    def each_subject(self) -> list[str]:
        """The subject of every demand the entry stands for."""
        return self.subjects or [self.subject]


class ClosureShown(Record):
    """A closure of the week as the facility declared it (CAL-01)."""

    resource: str
    """What is closed: visitation_room, booths, legal_room, recreation_area, laundry_machine or
    razor_issue."""
    date: dt.date
    """The date closed, YYYY-MM-DD."""
    start: Clock | None = None
    """Start of a part-day closure, "HH:MM"; empty: the whole day."""
    end: Clock | None = None
    """End of a part-day closure, "HH:MM"; empty: the whole day."""
    count: int = 1
    """How many booths or legal-visit rooms are closed (booths, legal_room)."""
    id: str | None = None
    """The recreation area or laundry machine closed."""
    reason: str
    """Why, as given in facility.yaml."""
    displaced: list[str] = Field(default_factory=list)
    """What it displaced: the requests waitlisted, the unmet entries (their subjects) and the exclusions
    (activity:date:inmate) that cite CAL-01 with this closure's reason, on its date."""


class Notice(Record):
    """Something the administrator must act on, such as an employee contact to report (VTR-04)."""

    rule: str
    """Rule ID, e.g. VTR-04."""
    subject: str
    """What or whom it concerns."""
    text: str
    """The notice in words."""


class SolverRun(Record):
    """What a sub-problem's solve returned; a status other than OPTIMAL comes with its gap."""

    subproblem: str
    """The sub-problem, and level, solved, e.g. visitation L2 first come first served."""
    status: str
    """CP-SAT status name (OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN...); OPTIMAL or FEASIBLE for a level decided
    without a solve."""
    objective: float | None = None
    """Objective value of the solution; empty when the solve has no objective or found no solution."""
    bound: float | None = None
    """Best bound proven on the objective; empty with no objective."""
    gap: float | None = None
    """Relative gap |objective - bound| / max(1, |objective|); 0 when optimal, empty with no objective."""
    seconds: float = 0.0
    """Wall-clock seconds the solve took (the only figure that varies between runs)."""
    deadline: float | None = None
    """The seconds the solve was allowed when the sub-problem's deadline (`--deadline`) left less than
    `--time-limit`; empty otherwise."""
    levels: list[float] = Field(default_factory=list)
    """Further figures of a solve in several steps, e.g. the number of CP-SAT calls of the visitation
    first-come-first-served level."""


class VisitGrid(Record):
    """A visitation window's booth x slot grid: `booths[b][k]` is the request in booth b+1 at slot k."""

    window: str
    """The window, e.g. sat 08:00-11:00 M A-F (VIS-01)."""
    date: dt.date
    """The window's date, YYYY-MM-DD."""
    slots: list[Clock]
    """Start time of each slot, "HH:MM" (VIS-03)."""
    booths: list[list[str | None]]
    """One row per booth (booth 1 first), one cell per slot: the request id visited there, or empty
    (VIS-02)."""
    closed: list[list[str | None]] = Field(default_factory=list)
    """Shaped like `booths`: the reason a booth is closed at a slot (CAL-01), else empty; an empty list
    when no booth of the window is closed."""


class WindowReport(Record):
    """Demand against capacity for one window, in the administrator's terms (VIS-09, VIS-13)."""

    window: str
    """The window, e.g. sat 08:00-11:00 M A-F (VIS-01)."""
    date: dt.date
    """The window's date, YYYY-MM-DD."""
    requests: int
    """Social and clergy requests of the inmates the window serves, eligible or not."""
    eligible: int
    """Eligible requests that could be placed in this window (VIS-13)."""
    kept_out: int = 0
    """Eligible requests of this window with no slot left in it, waitlisted: the inmate's busy time
    or a closure took every slot they could take there (APT-01, DAY-07, CAL-01); not counted in
    `eligible`."""
    closed_out: int = 0
    """Of `kept_out`, those waitlisted under a closure (CAL-01)."""
    booths: int
    """Booths in the visitation room (VIS-02)."""
    slots: int
    """Visit slots per booth in the window (VIS-03)."""
    closed: int = 0
    """Booth slots closed by a closure (CAL-01): not counted in `capacity`."""
    capacity: int
    """booths x slots less the closed booth slots: the most visits the window can hold."""
    served: int
    """Visits placed in the window."""
    first_left_out: str | None = None
    """The earliest-registered request left out because the window was full, if any (VIS-09, VIS-13)."""
    note: str = ""
    """When demand exceeds capacity, the figures in words; empty otherwise."""


class RotationRow(Record):
    """One recreation group's week (REC-05): its start on each recreation day it has."""

    pod: str
    """The group's pod."""
    group: int
    """Group number within the pod, from 1 (REC-03)."""
    starts: dict[dt.date, Clock] = Field(default_factory=dict)
    """Session start, "HH:MM", by date (YYYY-MM-DD) for each recreation day of the group (REC-05)."""
    daylight: int = 0
    """How many of its sessions fall in daylight (REC-05)."""


class Provenance(Record):
    """What produced a schedule, so a printed copy can be traced to its inputs: no wall-clock
    time, so two runs on the same inputs stay byte-identical."""

    version: str
    """The jailsched version that solved the week."""
    inputs: dict[str, str] = Field(default_factory=dict)
    """SHA-256 (hex) of each instance file read, by file name."""
    seed: int = 0
    """The CP-SAT random seed (`--seed`)."""
    time_limit: float = 0.0
    """Seconds allowed per CP-SAT call (`--time-limit`)."""


class Booking(Record):
    """A booking or session as one side of a change: when, where, who supervises, who is in it."""

    date: dt.date
    """Its date."""
    start: Clock
    """Its start, HH:MM."""
    end: Clock
    """Its end, HH:MM."""
    place: str
    """Where (the visitation room, a legal room, an area, a dayroom, a machine)."""
    booth: int | None = None
    """The booth of a booth visit."""
    officer: str | None = None
    """The officer supervising it (a session) or holding the post (a window)."""
    inmates: list[str] = Field(default_factory=list)
    """Its inmates."""

    def words(self) -> str:
        """The booking in plain words, as notices and the report print it."""
        where = self.place + (f" booth {self.booth}" if self.booth is not None else "")
        clock = f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"
        return f"{self.date:%a} {self.date} {clock}, {where}"


def in_words(b: Booking | None, cancelled: bool = False) -> str:
    """A change's side in plain words: "cancelled" for a missing new side, "" for a missing old one."""
    if b is None:
        return "cancelled" if cancelled else ""
    return b.words()


class Change(Record):
    """One published booking or session changed by a repair (REP-03, REP-04)."""

    booking: str
    """The event id (the same in both schedules)."""
    kind: str
    """The event kind: visit, legal_visit, clergy_visit, recreation, razor_batch, laundry_load, hour_out or
    post."""
    change: Literal["cancelled", "other day", "other time", "booth", "place", "members", "officer", "added"]
    """What changed, the most visible first: cancelled, moved to another day, another time the same day,
    only its booth, its place, its members, its officer; or added (a booking the published week did not
    have)."""
    old: Booking | None = None
    """As published (none for an added booking)."""
    new: Booking | None = None
    """As repaired (none for a cancellation)."""
    cause: str
    """The id of the event that forced it, or "to serve more" (a change made to serve more, REP-03 (4))."""
    rule: str
    """The rule involved (the event's, or REP-03)."""
    visitor_facing: bool = False
    """Whether visitors must be told (a visit's date or time, or its cancellation)."""


class ChangeNotice(Record):
    """One person (or pod) to tell of one change (REP-04)."""

    person: str
    """The visitor, inmate or officer id, or the pod."""
    role: Literal["visitor", "inmate", "officer", "pod"]
    """Who they are to the booking."""
    booking: str
    """The event id changed."""
    old: str
    """The booking as published, in words ("" for an added one)."""
    new: str
    """The booking as repaired, in words ("cancelled" for a cancellation)."""
    reason: str
    """Why, in plain words."""
    event: str
    """The event id that caused it, or "to serve more"."""
    rule: str
    """The rule involved."""


class Review(Record):
    """An event the rules cannot decide alone, listed for the administrator (REP-05)."""

    booking: str
    """The booking concerned."""
    event: str
    """The event id."""
    reason: str
    """Why it needs the administrator."""


class Repair(Record):
    """What a repair started from and what it changed (REP-01..06)."""

    baseline: str
    """SHA-256 (hex) of the published schedule.json the repair kept."""
    now: dt.datetime
    """The moment of the repair: nothing that started before it changed (REP-01)."""
    notice_hours: float
    """The notice horizon (REP-02)."""
    events: list[str] = Field(default_factory=list)
    """The ids of the events applied, in the order they became known."""
    changes: list[Change] = Field(default_factory=list)
    """Every booking or session changed."""
    notices: list[ChangeNotice] = Field(default_factory=list)
    """Every person to tell, one row per person and change (REP-04)."""
    review: list[Review] = Field(default_factory=list)
    """What the administrator decides by hand (REP-05)."""


class CarriedGroup(Record):
    """A recreation group as the next week needs it (CON-01, CON-02)."""

    pod: str
    """The group's pod."""
    group: int
    """Group number within the pod this week (REC-03); next week's groups are matched to it by members."""
    members: list[str] = Field(default_factory=list)
    """The inmates in its sessions this week, sorted."""
    last_date: dt.date
    """Its last recreation day of the week, YYYY-MM-DD."""
    last_start: Clock
    """Its start that day, "HH:MM": next week's first start must differ (CON-01)."""
    daylight: list[int] = Field(default_factory=list)
    """Its daylight sessions in each week of the fairness window, oldest first, this week last (REC-05)."""
    late: list[int] = Field(default_factory=list)
    """Its sessions outside daylight in each week of the fairness window, oldest first, this week last."""


class CarriedHourOut(Record):
    """A lockdown that runs past Sunday, with its hour-out rotation so far (DIS-07, CON-01)."""

    inmate_id: str
    """The inmate on lockdown."""
    until: dt.date
    """The last lockdown date (DIS-01), after this week's Sunday."""
    last_slots: int = 0
    """Nights this week the inmate had the last hour-out of their pod (DIS-07)."""
    last_start: Clock | None = None
    """The start of the inmate's hour-out on the week's last lockdown night, "HH:MM"."""


class CarriedSanction(Record):
    """A sanction that runs past Sunday (DIS-02, CON-02)."""

    id: str
    """The sanction's id (sanctions.csv)."""
    inmate_id: str
    """The inmate."""
    privilege: str
    """The privilege suspended."""
    end: dt.date
    """Its last date."""


class CarriedRequest(Record):
    """A visit request left out for capacity (CON-02), with its first registration."""

    request_id: str
    """The request's id."""
    inmate_id: str
    """The inmate to visit."""
    visitor_ids: list[str] = Field(default_factory=list)
    """The visitors."""
    registered_at: dt.datetime
    """Its first registration time: next week offers it in that order."""


class Carry(Record):
    """What the next week needs of this one (CON-02), read by `jailsched solve --previous`."""

    weeks: int = 4
    """The fairness window in weeks (CON-01): the daylight and late counts cover at most this many."""
    recreation: list[CarriedGroup] = Field(default_factory=list)
    """Each recreation group's last start and its daylight and late counts over the window."""
    hour_outs: list[CarriedHourOut] = Field(default_factory=list)
    """Each lockdown running past Sunday, with its hour-out rotation so far (DIS-07)."""
    sanctions: list[CarriedSanction] = Field(default_factory=list)
    """Sanctions running past Sunday."""
    waitlist: list[CarriedRequest] = Field(default_factory=list)
    """Requests left out for capacity, with their first registration time."""


class WeekSchedule(Record):
    """The schedule of a week: seven days of events plus waitlists, notices, KPIs, solver figures.

    `scope` lists the sub-problems solved (all five for a full week, in solving order); the
    verifier checks completeness for each of them. `unmet` is demand that could not be met
    (UNM-01).
    """

    facility: str
    """The facility's name (facility.yaml `name`)."""
    monday: dt.date
    """The Monday of the week, YYYY-MM-DD (week.yaml `monday`)."""
    days: list[DaySchedule]
    """The seven days, Monday to Sunday, each with its events."""
    waitlist: list[Unserved] = Field(default_factory=list)
    """Visit requests not served, each with its reason (VIS-13)."""
    exclusions: list[Exclusion] = Field(default_factory=list)
    """Inmates left out of recreation or razors, each with its rule (REC-04, RAZ-05, RAZ-07)."""
    scope: list[str] = Field(default_factory=list)
    """The sub-problems solved, in solving order: visitation, laundry, lockdown, recreation, razors for a full
    week (UNM-01)."""
    unmet: list[Unmet] = Field(default_factory=list)
    """Demand the week could not meet, with figures and what would fix it (UNM-01)."""
    notices: list[Notice] = Field(default_factory=list)
    """What the administrator must act on, such as employee contacts to report (VTR-04)."""
    closures: list[ClosureShown] = Field(default_factory=list)
    """The week's closures (CAL-01): what was closed, when and why."""
    visit_grids: list[VisitGrid] = Field(default_factory=list)
    """Each visitation window's booth x slot grid (VIS-02, VIS-03)."""
    windows: list[WindowReport] = Field(default_factory=list)
    """Each visitation window's demand against capacity (VIS-09, VIS-13)."""
    rotation: list[RotationRow] = Field(default_factory=list)
    """Each recreation group's start times over the week (REC-05)."""
    kpis: dict[str, float] = Field(default_factory=dict)
    """Key figures by name, e.g. visits.served, laundry.loads, lockdown.hour_outs."""
    solver: list[SolverRun] = Field(default_factory=list)
    """Figures of every CP-SAT solve, per sub-problem and level."""
    provenance: Provenance | None = None
    """What produced the schedule (version, input hashes, seed, time limit), written by `jailsched solve`."""
    repair: Repair | None = None
    """For a repaired week: the published week it kept, the events applied, the changes and who to tell."""
    carry: Carry | None = None
    """What the next week needs (CON-02): recreation groups' last starts and fairness counts, lockdowns and
    sanctions running on, requests left out for capacity."""

    def events(self) -> list[tuple[DaySchedule, EventBase]]:
        """Every event of the week with its day."""
        return [(day, event) for day in self.days for event in day.events]
