"""A loaded and validated instance: the facility, the week's data, and the facts the data
rules derive from it once (surname letters, lockdown nights, indigence, request eligibility).

Solvers and the verifier read only this; nothing in it is read from files.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from models.common import Clock, weekday_of
from models.facility import Facility
from models.roster import (
    Appointment,
    Inmate,
    Offence,
    Officer,
    RazorSignup,
    Sanction,
    Separation,
    StaffRelationship,
    Visitor,
    VisitorRelation,
    VisitRequest,
)
from models.schedule import Notice


class Candidate(BaseModel):
    """A span in which a request may be served: a visitation window, legal hours, or a
    special arrangement (VIS-01, VIS-11, VIS-12)."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    start: Clock
    end: Clock
    source: str
    window: int | None = None


class Eligibility(BaseModel):
    """The loader's verdict on one request: where it may be served, or the rule refusing it."""

    request_id: str
    candidates: list[Candidate] = Field(default_factory=list)
    rule: str | None = None
    reason: str = ""

    @property
    def eligible(self) -> bool:
        """Whether the request may be served somewhere."""
        return bool(self.candidates)


class Lockdown(BaseModel):
    """Disciplinary lockdown from one offence (DIS-01): its days and the nights in this week."""

    inmate_id: str
    offence_id: str
    start: dt.date
    days: int
    nights: list[dt.date]


class AdminReview(BaseModel):
    """An offence that goes to administrative review instead of an automatic lockdown (DIS-01)."""

    inmate_id: str
    offence_id: str
    reason: str


class Restriction(BaseModel):
    """A visitor who may not visit from `start` to `end` (a repair's event, REP-04)."""

    visitor_id: str
    start: dt.date
    end: dt.date
    reason: str


class Instance(BaseModel):
    """Everything one week's scheduling needs, validated and with its data rules applied."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    facility: Facility
    monday: dt.date
    inmates: dict[str, Inmate]
    surname_letters: dict[str, str]
    separations: list[Separation] = Field(default_factory=list)
    offences: list[Offence] = Field(default_factory=list)
    sanctions: list[Sanction] = Field(default_factory=list)
    visitors: dict[str, Visitor] = Field(default_factory=dict)
    relations: list[VisitorRelation] = Field(default_factory=list)
    requests: dict[str, VisitRequest] = Field(default_factory=dict)
    razor_signups: list[RazorSignup] = Field(default_factory=list)
    officers: dict[str, Officer] = Field(default_factory=dict)
    staff_relationships: list[StaffRelationship] = Field(default_factory=list)
    appointments: list[Appointment] = Field(default_factory=list)
    lockdowns: list[Lockdown] = Field(default_factory=list)
    admin_reviews: list[AdminReview] = Field(default_factory=list)
    indigent: list[str] = Field(default_factory=list)
    restrictions: list[Restriction] = Field(default_factory=list)
    carried: list[str] = Field(default_factory=list)
    """Requests carried from the previous week's waitlist (CON-03), sorted."""
    departures: dict[str, dt.datetime] = Field(default_factory=dict)
    """Inmates released during the week (a repair's release events) and when they leave:
    busy from then on, through appointments the events add."""
    eligibility: dict[str, Eligibility] = Field(default_factory=dict)
    absent_files: list[str] = Field(default_factory=list)
    """Optional CSV files not in the instance folder, read as having no rows (said once per run)."""
    notices: list[Notice] = Field(default_factory=list)
    _memo: dict[str, dict] = PrivateAttr(default_factory=dict)

    @property
    def memo(self) -> dict[str, dict]:
        """Answers derived from this instance that solvers ask for many times (never data)."""
        return self._memo

    @property
    def dates(self) -> list[dt.date]:
        """Monday to Sunday of the week."""
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    @cached_property
    def keep_apart(self) -> frozenset[frozenset[str]]:
        """Keep-separate pairs, symmetric whichever way the data wrote them (SEP-01)."""
        return frozenset(frozenset((s.inmate_a, s.inmate_b)) for s in self.separations)

    @cached_property
    def lockdown_nights(self) -> dict[str, frozenset[dt.date]]:
        """For each inmate on lockdown this week, the dates whose night they are locked down."""
        nights: dict[str, set[dt.date]] = {}
        for spell in self.lockdowns:
            if spell.nights:
                nights.setdefault(spell.inmate_id, set()).update(spell.nights)
        return {k: frozenset(v) for k, v in nights.items()}

    def on_lockdown(self, inmate_id: str, day: dt.date) -> bool:
        """Whether the inmate is on disciplinary lockdown on this date (DIS-01)."""
        return day in self.lockdown_nights.get(inmate_id, frozenset())

    def gone(self, inmate_id: str, day: dt.date, start: int) -> bool:
        """Whether the inmate has left the facility (released) by this minute of this date."""
        at = self.departures.get(inmate_id)
        return at is not None and at <= dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)

    def suspended(self, inmate_id: str, privilege: str, day: dt.date) -> Sanction | None:
        """The sanction suspending this privilege on this date, if any (DIS-02)."""
        for s in self._sanctions_of().get((inmate_id, privilege), []):
            if s.start <= day <= s.end:
                return s
        return None

    def _sanctions_of(self) -> dict[tuple[str, str], list[Sanction]]:
        """The sanctions by inmate and privilege, in file order (built again when a
        sanction is added after loading, as the verifier's tests do)."""
        memo = self.memo.setdefault("sanctions by inmate", {})
        if memo.get("count") != len(self.sanctions):
            index: dict[tuple[str, str], list[Sanction]] = {}
            for s in self.sanctions:
                index.setdefault((s.inmate_id, s.privilege), []).append(s)
            memo |= {"count": len(self.sanctions), "index": index}
        return memo["index"]

    def relation(self, visitor_id: str, inmate_id: str) -> VisitorRelation | None:
        """The visitor's recorded relation to the inmate (VTR-05), if any."""
        return self._relations.get((visitor_id, inmate_id))

    @cached_property
    def _relations(self) -> dict[tuple[str, str], VisitorRelation]:
        return {(r.visitor_id, r.inmate_id): r for r in self.relations}

    def is_holiday(self, day: dt.date) -> bool:
        """Whether a date is a holiday of the facility (DAY-06)."""
        return day in self.facility.holidays

    def weekday(self, day: dt.date) -> str:
        """The weekday code of a date."""
        return weekday_of(day)
