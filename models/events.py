"""Mid-week events (REP-01..06): what became known after the week was published, each with
its id and the time it became known, kept in one file and extended through the week.

The file is YAML: `events:` a list of mappings, each with `id`, `known_at` and `kind`, and
the fields of its kind. The docstring under each field is its description in the JSON
Schema (`jailsched schema events`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from models.common import Clock, Day, Moment, Strict
from models.facility import Closure
from models.roster import Appointment, Id, IntList, Privilege, Separation, VisitRequest


class Happened(Strict):
    """What every event has: its id and when it became known."""

    id: Id = Field(min_length=1)
    """The event's id, unique in the file (cited in the change list and the notices)."""
    known_at: Moment
    """When the event became known, YYYY-MM-DD HH:MM; the repair keeps everything that started before the
    repair's `--now` (REP-01)."""
    note: str = ""
    """Free text for the administrator."""


class OffenceEvent(Happened):
    """A new offence: its lockdown follows DIS-01 from the offence's date."""

    kind: Literal["offence"]
    """The event kind: offence."""
    inmate_id: Id
    """The inmate (inmates.csv `id`)."""
    date: Day
    """The offence date, YYYY-MM-DD (its lockdown starts that day, DIS-01)."""
    category: str = Field(min_length=1)
    """The offence category, as in offences.csv (DIS-01)."""
    rules: IntList = Field(default_factory=list)
    """Rule numbers broken, as in offences.csv; several at once go to the administrator's review."""


class SanctionEvent(Happened):
    """A privilege suspended over a date range (DIS-02)."""

    kind: Literal["sanction"]
    """The event kind: sanction."""
    inmate_id: Id
    """The inmate (inmates.csv `id`)."""
    privilege: Privilege
    """The privilege suspended (DIS-02)."""
    start: Day
    """First date suspended, YYYY-MM-DD."""
    end: Day
    """Last date suspended, YYYY-MM-DD."""
    reason: str = ""
    """Why, shown to the administrator."""


class ReleaseEvent(Happened):
    """An inmate leaves the facility at `at` (may be later than `now`): nothing of theirs is
    scheduled from then; their sessions list them as released (HOU-01)."""

    kind: Literal["release"]
    """The event kind: release."""
    inmate_id: Id
    """The inmate released (inmates.csv `id`)."""
    at: Moment
    """When the inmate leaves, YYYY-MM-DD HH:MM."""


class PodMoveEvent(Happened):
    """An inmate moved to another pod at `at` (HOU-01), entered once it has happened (`at` no
    later than the repair's `now`): the inmate's sessions from `now` on are those of the new
    pod, which must house the inmate's sex and commitment (HOU-02, HOU-03)."""

    kind: Literal["pod_move"]
    """The event kind: pod_move."""
    inmate_id: Id
    """The inmate moved (inmates.csv `id`)."""
    pod: str = Field(min_length=1)
    """The new pod, one of facility.yaml's housing units."""
    at: Moment
    """When the move happens, YYYY-MM-DD HH:MM."""


class ClosureEvent(Happened):
    """A resource closed or reduced (CAL-01, the format of facility.yaml's closures)."""

    kind: Literal["closure"]
    """The event kind: closure."""
    closure: Closure
    """The closure, as in facility.yaml `closures`."""


class ClosureLiftedEvent(Happened):
    """A closure lifted: one of facility.yaml's (by its position or id) or an earlier closure event."""

    kind: Literal["closure_lifted"]
    """The event kind: closure_lifted."""
    closure: str = Field(min_length=1)
    """The id of an earlier closure event, or `facility:N` for facility.yaml's N-th closure (1-based)."""


class SeparationEvent(Happened):
    """A keep-separate pair added (SEP-01)."""

    kind: Literal["keep_separate"]
    """The event kind: keep_separate."""
    separation: Separation
    """The pair, as in separations.csv."""


class SeparationLiftedEvent(Happened):
    """A keep-separate pair removed (SEP-01)."""

    kind: Literal["keep_separate_lifted"]
    """The event kind: keep_separate_lifted."""
    inmate_a: Id
    """One inmate of the pair."""
    inmate_b: Id
    """The other inmate of the pair."""


class VisitorRestrictionEvent(Happened):
    """A visitor may not visit from `start` to `end` (inclusive dates): their visits then are refused."""

    kind: Literal["visitor_restriction"]
    """The event kind: visitor_restriction."""
    visitor_id: Id
    """The visitor (visitors.csv `id`)."""
    start: Day
    """First date restricted, YYYY-MM-DD."""
    end: Day
    """Last date restricted, YYYY-MM-DD."""
    reason: str = Field(min_length=1)
    """Why, shown to the administrator and in the visitors' notices."""


class OfficerAbsentEvent(Happened):
    """An officer absent from `start` to `end` (STF-02): their shifts then are not worked."""

    kind: Literal["officer_absent"]
    """The event kind: officer_absent."""
    officer_id: Id
    """The officer (staff.csv `id`)."""
    start: Moment
    """Absent from, YYYY-MM-DD HH:MM."""
    end: Moment
    """Absent until, YYYY-MM-DD HH:MM."""


class AppointmentEvent(Happened):
    """An appointment added (APT-01): busy time for the inmate."""

    kind: Literal["appointment"]
    """The event kind: appointment."""
    appointment: Appointment
    """The appointment, as in appointments.csv."""


class AppointmentCancelledEvent(Happened):
    """An appointment of appointments.csv (or an earlier appointment event) cancelled."""

    kind: Literal["appointment_cancelled"]
    """The event kind: appointment_cancelled."""
    inmate_id: Id
    """The inmate."""
    date: Day
    """The appointment's date."""
    start: Clock
    """The appointment's start, HH:MM."""


class RequestEvent(Happened):
    """A late registration: a visit request added, with its registration time (VIS-09, VIS-10)."""

    kind: Literal["request"]
    """The event kind: request."""
    request: VisitRequest
    """The request, as in requests.csv."""


class RequestCancelledEvent(Happened):
    """A visit request withdrawn by the visitor or the inmate."""

    kind: Literal["request_cancelled"]
    """The event kind: request_cancelled."""
    request_id: Id
    """The request (requests.csv `id`, or a request event's)."""


class PinEvent(Happened):
    """A published booking that must not move (REP-05)."""

    kind: Literal["pin"]
    """The event kind: pin."""
    booking: str = Field(min_length=1)
    """The published event's id (schedule.json), e.g. a visit's `visit:R0007`."""
    reason: str = Field(min_length=1)
    """Why it is pinned (the administrator's promise)."""


class WithdrawnEvent(Happened):
    """An earlier event of the file taken back (a ban withdrawn, an absence cancelled): as if it never
    happened (REP-06)."""

    kind: Literal["withdrawn"]
    """The event kind: withdrawn."""
    event: Id
    """The id of the earlier event withdrawn."""


Event = Annotated[
    OffenceEvent
    | SanctionEvent
    | ReleaseEvent
    | PodMoveEvent
    | ClosureEvent
    | ClosureLiftedEvent
    | SeparationEvent
    | SeparationLiftedEvent
    | VisitorRestrictionEvent
    | OfficerAbsentEvent
    | AppointmentEvent
    | AppointmentCancelledEvent
    | RequestEvent
    | RequestCancelledEvent
    | PinEvent
    | WithdrawnEvent,
    Field(discriminator="kind"),
]
KINDS = (
    "offence",
    "sanction",
    "release",
    "pod_move",
    "closure",
    "closure_lifted",
    "keep_separate",
    "keep_separate_lifted",
    "visitor_restriction",
    "officer_absent",
    "appointment",
    "appointment_cancelled",
    "request",
    "request_cancelled",
    "pin",
    "withdrawn",
)


class EventsFile(Strict):
    """A week's events file: every event known so far, in any order (they are applied by `known_at`)."""

    events: list[Event] = Field(default_factory=list)
    """The events."""

    @model_validator(mode="after")
    def _unique(self) -> EventsFile:
        seen: set[str] = set()
        for e in self.events:
            if e.id in seen:
                raise ValueError(f"event id {e.id!r} appears twice (REP-04)")
            seen.add(e.id)
        return self


def known_order(events: list[Event]) -> list[Event]:
    """The events in the order they became known (ties by id), the order they are applied in."""
    return sorted(events, key=lambda e: (e.known_at, e.id))


def moment(monday: dt.date, minute: int) -> dt.datetime:
    """The moment of an absolute minute of the week (from its Monday 00:00)."""
    return dt.datetime.combine(monday, dt.time()) + dt.timedelta(minutes=minute)


def minute_of(monday: dt.date, when: dt.datetime) -> int:
    """The absolute minute of a moment, from the week's Monday 00:00."""
    return int((when - dt.datetime.combine(monday, dt.time())).total_seconds() // 60)
