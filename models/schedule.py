"""The schedule of one week: every solver fills it, the verifier and reports read only it.

Event times are wall-clock minutes on the event's day, written "HH:MM"; a night activity
after midnight keeps the day on which it began, so its times run past "24:00"
(RULES.md section 0).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.common import Clock, Weekday


class Record(BaseModel):
    """Base of the schedule models: unknown fields refused, so a typo in a file is caught."""

    model_config = ConfigDict(extra="forbid")


class EventBase(Record):
    """What every event has: an id unique in the week, a time span, a place and who is in it."""

    id: str
    start: Clock
    end: Clock
    place: str
    inmates: list[str] = Field(default_factory=list)
    officer: str | None = None


class RoutineEvent(EventBase):
    """A fixed event of the daily routine (DAY-01..06, SUP-01, IND-01, COM-01).

    `pods` empty means the whole facility; `note` says what the administrator must know
    (e.g. that outgoing mail does not go to the post office that day).
    """

    kind: Literal[
        "count", "meal", "med_pass", "mail", "phones", "supply_cart", "indigent_package", "commissary"
    ]
    pods: list[str] = Field(default_factory=list)
    note: str = ""


class VisitorArrival(Record):
    """A visitor of a visit and the time they must arrive (VIS-10)."""

    visitor_id: str
    arrive_by: Clock


class SubPeriod(Record):
    """A part of a visit with at most two visitors in the booth (VIS-04, VTR-02)."""

    start: Clock
    end: Clock
    visitor_ids: list[str]


class VisitEvent(EventBase):
    """A social, legal or clergy visit of one inmate, in a booth or a legal-visit room."""

    kind: Literal["visit", "legal_visit", "clergy_visit"]
    request_id: str
    booth: int | None = None
    visitors: list[VisitorArrival] = Field(default_factory=list)
    subperiods: list[SubPeriod] = Field(default_factory=list)


class RecreationSession(EventBase):
    """One group of one pod in a recreation area (REC-01..05)."""

    kind: Literal["recreation"]
    pod: str
    group: int


class RazorBatch(EventBase):
    """Razors issued to one pod, shaved and collected (RAZ-02..06)."""

    kind: Literal["razor_batch"]
    pod: str
    razors: int


class LaundryLoad(EventBase):
    """One load washed then dried (LAU-02..04); `start`/`end` span wash start to dry end."""

    kind: Literal["laundry_load"]
    pod: str
    category: str
    washer: str
    dryer: str
    wash_start: Clock
    wash_end: Clock
    dry_start: Clock
    dry_end: Clock


class HourOut(EventBase):
    """A lockdown inmate's hour out of cell in their pod's dayroom (DIS-03..07)."""

    kind: Literal["hour_out"]
    pod: str


class AppointmentEvent(EventBase):
    """An inmate's external appointment (APT-01): busy time for every activity, no officer post."""

    kind: Literal["appointment"]
    purpose: Literal["court", "medical", "transport", "other"]
    note: str = ""


class Post(EventBase):
    """An officer post that covers other events (STF-01): the visiting room for a whole window
    on its date, or a day's laundry shift from the first wash to the last dry.

    `inmates` stays empty (the post is not an activity of inmates); `covers` names the events
    it supervises, whose inmates and visitors the officer must have no declared relationship with.
    """

    kind: Literal["post"]
    session: Literal["visitation_window", "laundry_shift"]
    covers: list[str] = Field(default_factory=list)


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
    weekday: Weekday
    events: list[Event] = Field(default_factory=list)


class Unserved(Record):
    """A visit request not served, and why: a rule ID, or "capacity" (VIS-13)."""

    request_id: str
    inmate_id: str
    rule: str
    reason: str


class Exclusion(Record):
    """An inmate left out of an activity on a date, with the rule ID of the reason."""

    inmate_id: str
    activity: str
    date: dt.date | None = None
    rule: str
    reason: str


class Unmet(Record):
    """Demand the week could not meet (UNM-01): what, why, the figures and what would fix it.

    `hard` demand (an hour-out, a recreation hour, a laundry load, an officer for a session)
    makes `solve` exit 1; a visit or razor sign-up left out is a normal outcome (VIS-13, RAZ-07).
    """

    rule: str
    kind: Literal["visit", "razor", "laundry_load", "hour_out", "recreation", "session"]
    subject: str
    date: dt.date | None = None
    hard: bool
    inmates: list[str] = Field(default_factory=list)
    reason: str
    needed: str = ""
    available: str = ""
    fix: str = ""


class Notice(Record):
    """Something the administrator must act on, such as an employee contact to report (VTR-04)."""

    rule: str
    subject: str
    text: str


class SolverRun(Record):
    """What a sub-problem's solve returned; a status other than OPTIMAL comes with its gap."""

    subproblem: str
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    levels: list[float] = Field(default_factory=list)


class VisitGrid(Record):
    """A visitation window's booth x slot grid: `booths[b][k]` is the request in booth b+1 at slot k."""

    window: str
    date: dt.date
    slots: list[Clock]
    booths: list[list[str | None]]


class WindowReport(Record):
    """Demand against capacity for one window, in the administrator's terms (VIS-09, VIS-13)."""

    window: str
    date: dt.date
    requests: int
    eligible: int
    booths: int
    slots: int
    capacity: int
    served: int
    first_left_out: str | None = None
    note: str = ""


class RotationRow(Record):
    """One recreation group's week (REC-05): its start on each recreation day it has."""

    pod: str
    group: int
    starts: dict[dt.date, Clock] = Field(default_factory=dict)
    daylight: int = 0


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


class WeekSchedule(Record):
    """The schedule of a week: seven days of events plus waitlists, notices, KPIs, solver figures.

    `scope` lists the sub-problems solved (all five for a full week, in solving order); the
    verifier checks completeness for each of them. `unmet` is demand that could not be met
    (UNM-01).
    """

    facility: str
    monday: dt.date
    days: list[DaySchedule]
    waitlist: list[Unserved] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    scope: list[str] = Field(default_factory=list)
    unmet: list[Unmet] = Field(default_factory=list)
    notices: list[Notice] = Field(default_factory=list)
    visit_grids: list[VisitGrid] = Field(default_factory=list)
    windows: list[WindowReport] = Field(default_factory=list)
    rotation: list[RotationRow] = Field(default_factory=list)
    kpis: dict[str, float] = Field(default_factory=dict)
    solver: list[SolverRun] = Field(default_factory=list)
    provenance: Provenance | None = None

    def events(self) -> list[tuple[DaySchedule, EventBase]]:
        """Every event of the week with its day."""
        return [(day, event) for day in self.days for event in day.events]
