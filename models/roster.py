"""The week's data: one model per CSV row, as a jail management system exports it.

Each model is one row of the CSV file named in `CSV_FILES`. CSV cells are text, so the
loader validates rows in lax mode (`strict=False`): "true", "12" and "2026-11-30" become
bool, int and date; a list cell holds items separated by ";".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, model_validator

from models.common import Charge, Clock, Commitment, Day, Moment, Sex, Strict, Weekday, parse_clock


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _cents(value: object) -> object:
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip().lstrip("$"))
        except InvalidOperation:
            raise ValueError(f"amount {value!r} is not a number of dollars") from None
        if not amount.is_finite() or abs(amount) >= 10**9:
            raise ValueError(f"amount {value!r} is not a number of dollars")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"amount {value!r} has fractions of a cent")
        return int((amount * 100).to_integral_value())
    return value


_ID = re.compile(r"^[^\s,;\"'=]+$")


def _id(value: str) -> str:
    """An identifier as a jail management system writes it: no spaces, separators, quotes or
    invisible characters, which would make it silently differ from the same id elsewhere."""
    if not _ID.match(value) or any(unicodedata.category(c) in ("Cf", "Cc") for c in value):
        raise ValueError(
            f"{value!r} is not an id (no spaces, commas, semicolons, quotes or invisible characters)"
        )
    return value


def _whole(value: object) -> object:
    """A whole number written in digits ("1_00" or "1e2" would silently become 100)."""
    if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
        raise ValueError(f"{value!r} is not a whole number")
    return value


Id = Annotated[str, AfterValidator(_id)]
Whole = Annotated[int, BeforeValidator(_whole)]
IdList = Annotated[list[Id], BeforeValidator(_split)]
IntList = Annotated[list[Annotated[Whole, Field(ge=1)]], BeforeValidator(_split)]
Cents = Annotated[int, BeforeValidator(_cents)]

Relation = Literal[
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "grandchild",
    "step_parent",
    "step_child",
    "other_family",
    "friend",
    "attorney",
    "clergy",
    "other",
]
IMMEDIATE_FAMILY: frozenset[str] = frozenset(
    {"spouse", "parent", "child", "sibling", "grandparent", "grandchild", "step_parent", "step_child"}
)
"""VTR-05: the relations that count as immediate family."""

Employer = Literal["justice_services", "health"]
Privilege = Literal["visitation", "recreation", "commissary", "phone", "razor"]


class Inmate(Strict):
    """An inmate on the week's roster (HOU-01..04)."""

    id: Id = Field(min_length=1)
    first_name: str
    last_name: str = Field(min_length=1)
    sex: Sex
    pod: str
    cell: str
    commitment: Commitment
    charge: Charge | None = None
    violent: bool = False
    trustee: bool = False
    indigent_request: bool = False
    tags: IdList = Field(default_factory=list)
    """Custody tags (VIS-01) from the facility's `custody_tags`, separated by ";"."""

    @model_validator(mode="after")
    def _charge(self) -> Inmate:
        if self.commitment == "criminal" and self.charge is None:
            raise ValueError("charge: a criminal commitment needs felony or misdemeanour (HOU-04)")
        if self.violent and self.charge != "felony":
            raise ValueError("violent: only a felony classification can be violent (HOU-04)")
        return self


class Balance(Strict):
    """An account balance from a date on, until the next record (IND-01)."""

    inmate_id: Id
    date: Day
    balance_cents: Cents = Field(alias="balance")


class Separation(Strict):
    """A keep-separate pair (SEP-01); symmetric whichever way round it is written."""

    inmate_a: Id
    inmate_b: Id
    reason: Literal["co_defendant", "adversary", "victim_accused", "protective_custody", "other"]


class Offence(Strict):
    """A disciplinary offence (DIS-01); `rules` are handbook WC 22 rule numbers broken."""

    id: Id = Field(min_length=1)
    inmate_id: Id
    date: Day
    category: str
    rules: IntList = Field(default_factory=list)


class Sanction(Strict):
    """A suspended privilege over an inclusive date range (DIS-02, RAZ-05)."""

    id: Id = Field(min_length=1)
    inmate_id: Id
    privilege: Privilege
    start: Day
    end: Day
    reason: str = ""


class Visitor(Strict):
    """A registered visitor (VTR-01..04). Facility employees name their employer."""

    id: Id = Field(min_length=1)
    first_name: str
    last_name: str
    date_of_birth: Day
    id_kind: Literal["state", "federal", "other", "none"] = "none"
    id_expiry: Day | None = None
    employer: Employer | None = None
    employee_type: str | None = None

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on a date."""
        years = day.year - self.date_of_birth.year
        return years - ((day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day))


class VisitorRelation(Strict):
    """What a visitor is to an inmate (VTR-05): `child` means the visitor is the inmate's child."""

    visitor_id: Id
    inmate_id: Id
    relation: Relation
    prior_to_incarceration: bool = False


class VisitRequest(Strict):
    """A registered visit request (VIS-01..14).

    `special_start` is a clergy visit's special-arrangement time (VIS-12), or a legal
    visit's requested time; `minutes` overrides the legal visit length.
    """

    id: Id = Field(min_length=1)
    inmate_id: Id
    kind: Literal["social", "legal", "clergy"]
    visitor_ids: IdList = Field(min_length=1)
    registered_at: Moment
    special_start: Moment | None = None
    minutes: Whole | None = Field(default=None, ge=1, le=720)


class RazorSignup(Strict):
    """A name on the razor list of a list day (RAZ-01), in list order."""

    inmate_id: Id
    list_date: Day
    position: Whole = Field(ge=1)


def _shift(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        start, sep, end = text.partition("-")
        if not sep:
            raise ValueError(f"shift {value!r} is not like '07:00-15:00'")
        times = (parse_clock(start), parse_clock(end))
        if any(not 0 <= t <= 1440 for t in times if isinstance(t, int)):
            raise ValueError(f"shift {value!r} has a time outside 00:00-24:00")
        if times[0] == times[1]:
            raise ValueError(f"shift {value!r} starts and ends at the same time")
        return times
    return value


Shift = Annotated[
    tuple[int, int] | None,
    BeforeValidator(_shift),
    PlainSerializer(
        lambda s: None if s is None else f"{s[0] // 60:02d}:{s[0] % 60:02d}-{s[1] // 60:02d}:{s[1] % 60:02d}",
        when_used="json",
    ),
]
"""A shift "HH:MM-HH:MM" on one weekday; an end at or before the start runs past midnight."""


class Officer(Strict):
    """A staff member who supervises sessions (STF-01..04), with a shift per weekday."""

    id: Id = Field(min_length=1)
    first_name: str
    last_name: str
    role: Literal["officer", "supervisor"] = "officer"
    employer: Employer = "justice_services"
    mon: Shift = None
    tue: Shift = None
    wed: Shift = None
    thu: Shift = None
    fri: Shift = None
    sat: Shift = None
    sun: Shift = None

    def shift(self, day: Weekday) -> tuple[int, int] | None:
        """The shift on a weekday as (start, end) minutes, end past 1440 when overnight."""
        s = getattr(self, day)
        if s is None:
            return None
        start, end = s
        return (start, end + 1440 if end <= start else end)


class StaffRelationship(Strict):
    """A relationship an officer declared with an inmate or a visitor (STF-03, VTR-04).

    Kind `contact` records a contact on an inmate's behalf, which the officer must report.
    """

    officer_id: Id
    inmate_id: Id | None = None
    visitor_id: Id | None = None
    kind: Literal["relative", "friend", "associate", "prior_relationship", "adversary", "contact"]

    @model_validator(mode="after")
    def _one_party(self) -> StaffRelationship:
        if self.inmate_id is None and self.visitor_id is None:
            raise ValueError("inmate_id: give exactly one of inmate_id and visitor_id (this row has neither)")
        if self.inmate_id is not None and self.visitor_id is not None:
            raise ValueError("visitor_id: give exactly one of inmate_id and visitor_id (this row has both)")
        return self


class Appointment(Strict):
    """An inmate's external appointment (APT-01): court, medical, transport or other.

    Busy time for every activity of that inmate on that date; `end` may run past 24:00 for
    an appointment that goes on after midnight.
    """

    inmate_id: Id
    date: Day
    start: Clock
    end: Clock
    kind: Literal["court", "medical", "transport", "other"]
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Appointment:
        if self.end <= self.start:
            raise ValueError("end: an appointment ends after it starts (APT-01)")
        if self.start >= 1440 or self.end - self.start > 1440:
            raise ValueError("end: an appointment starts on its date and lasts at most 24 hours (APT-01)")
        return self


CSV_FILES: dict[str, type[Strict]] = {
    "inmates.csv": Inmate,
    "balances.csv": Balance,
    "separations.csv": Separation,
    "offences.csv": Offence,
    "sanctions.csv": Sanction,
    "visitors.csv": Visitor,
    "relations.csv": VisitorRelation,
    "requests.csv": VisitRequest,
    "razor_signups.csv": RazorSignup,
    "staff.csv": Officer,
    "staff_relationships.csv": StaffRelationship,
    "appointments.csv": Appointment,
}
"""Every CSV file of an instance folder and the model of its rows."""

REQUIRED_FILES = frozenset({"inmates.csv", "staff.csv"})
"""Files an instance must have (the roster, and the officers every session needs, STF-01);
the others may be absent when the week has no such rows."""
