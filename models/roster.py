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
    """The inmate's id (booking number), unique in inmates.csv; every other file refers to the inmate by
    it."""
    first_name: str
    """Given name, as shown on the schedule and reports."""
    last_name: str = Field(min_length=1)
    """Family name; its surname letter picks the inmate's visitation windows (VIS-01; docs/rules.md,
    conventions)."""
    sex: Sex
    """M or F; must be the sex of the inmate's pod (HOU-02)."""
    pod: str
    """Housing unit id from facility.yaml `housing_units` (HOU-01)."""
    cell: str
    """Cell or bed within the pod, e.g. A-27; for reference only."""
    commitment: Commitment
    """civil or criminal; must be the commitment type of the inmate's pod (HOU-03)."""
    charge: Charge | None = None
    """felony or misdemeanour; required for a criminal commitment (HOU-04)."""
    violent: bool = False
    """true for a violent felony classification; only a felony can be violent (HOU-04)."""
    trustee: bool = False
    """true for a trustee (trustees work the laundry, LAU-04); shown in the population summary."""
    indigent_request: bool = False
    """true when the inmate asks for the indigent package; it is given only if their balances make them
    indigent (IND-01)."""
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
    """The inmate (inmates.csv `id`)."""
    date: Day
    """Date from which the balance holds, until the inmate's next row, YYYY-MM-DD (IND-01)."""
    balance_cents: Cents = Field(alias="balance")
    """Column `balance`: the account balance in dollars and cents, e.g. 12.34 or $0.02 (IND-01)."""


class Separation(Strict):
    """A keep-separate pair (SEP-01); symmetric whichever way round it is written."""

    inmate_a: Id
    """One inmate of the keep-separate pair (inmates.csv `id`)."""
    inmate_b: Id
    """The other inmate; the pair is kept apart whichever way round it is written (SEP-01)."""
    reason: Literal["co_defendant", "adversary", "victim_accused", "protective_custody", "other"]
    """Why they are kept apart: co_defendant, adversary, victim_accused, protective_custody or other
    (SEP-01)."""


class Offence(Strict):
    """A disciplinary offence (DIS-01); `rules` are handbook WC 22 rule numbers broken."""

    id: Id = Field(min_length=1)
    """The offence's id, unique in offences.csv; lockdowns and administrative reviews cite it."""
    inmate_id: Id
    """The inmate who committed it (inmates.csv `id`)."""
    date: Day
    """Date of the offence, YYYY-MM-DD; a lockdown runs from it (DIS-01)."""
    category: str
    """Offence category: a key of facility.yaml `discipline.lockdown_days` or one of
    `discipline.review_categories` (DIS-01)."""
    rules: IntList = Field(default_factory=list)
    """Handbook WC 22 rule numbers broken, separated by ";"; more than one sends the offence to administrative
    review (DIS-01)."""


class Sanction(Strict):
    """A suspended privilege over an inclusive date range (DIS-02, RAZ-05)."""

    id: Id = Field(min_length=1)
    """The sanction's id, unique in sanctions.csv."""
    inmate_id: Id
    """The sanctioned inmate (inmates.csv `id`)."""
    privilege: Privilege
    """The privilege suspended: visitation, recreation, commissary, phone or razor (DIS-02, RAZ-05)."""
    start: Day
    """First date of the suspension, YYYY-MM-DD (inclusive, DIS-02)."""
    end: Day
    """Last date of the suspension, YYYY-MM-DD (inclusive, DIS-02)."""
    reason: str = ""
    """Why, as shown where the sanction leaves the inmate out."""


class Visitor(Strict):
    """A registered visitor (VTR-01..04). Facility employees name their employer."""

    id: Id = Field(min_length=1)
    """The visitor's id, unique in visitors.csv; requests and relations refer to it."""
    first_name: str
    """Given name, as shown on the schedule and notices."""
    last_name: str
    """Family name, as shown on the schedule and notices."""
    date_of_birth: Day
    """Date of birth, YYYY-MM-DD: the age on the visit date decides the ID and child rules (VTR-01,
    VTR-02)."""
    id_kind: Literal["state", "federal", "other", "none"] = "none"
    """Photo ID presented: state, federal, other or none; a visitor aged `visitation.child_age` or over needs
    an unexpired state or federal one (VTR-01)."""
    id_expiry: Day | None = None
    """Expiry date of the ID, YYYY-MM-DD; required for a state or federal ID, which must still be valid on the
    visit date (VTR-01)."""
    employer: Employer | None = None
    """For a visitor who is a facility employee, the employer: justice_services or health; empty otherwise
    (VTR-03)."""
    employee_type: str | None = None
    """An employee visitor's kind of employment (merit, contract, volunteer, seasonal...), shown in compliance
    notices (VTR-03, VTR-04)."""

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on a date."""
        years = day.year - self.date_of_birth.year
        return years - ((day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day))


class VisitorRelation(Strict):
    """What a visitor is to an inmate (VTR-05): `child` means the visitor is the inmate's child."""

    visitor_id: Id
    """The visitor (visitors.csv `id`)."""
    inmate_id: Id
    """The inmate (inmates.csv `id`)."""
    relation: Relation
    """What the visitor is to the inmate; spouse, parent, child, sibling, grandparent, grandchild, step_parent
    and step_child are immediate family (VTR-05)."""
    prior_to_incarceration: bool = False
    """true when the relationship existed before the inmate's incarceration: lets a health employee visit
    (VTR-03)."""


class VisitRequest(Strict):
    """A registered visit request (VIS-01..14).

    `special_start` is a clergy visit's special-arrangement time (VIS-12), or a legal
    visit's requested time; `minutes` overrides the legal visit length.
    """

    id: Id = Field(min_length=1)
    """The request's id, unique in requests.csv; the schedule and the waitlist cite it."""
    inmate_id: Id
    """The inmate to be visited (inmates.csv `id`)."""
    kind: Literal["social", "legal", "clergy"]
    """social (a booth in a window), legal (a legal-visit room) or clergy (a booth, or a special arrangement)
    (VIS-01, VIS-11, VIS-12)."""
    visitor_ids: IdList = Field(min_length=1)
    """The visitors (visitors.csv `id`), separated by ";"; at least one (VIS-04)."""
    registered_at: Moment
    """When the request was registered, local date and time like 2026-11-18T09:12; earlier registrations are
    served first (VIS-09, VIS-10)."""
    special_start: Moment | None = None
    """Local date and time like 2026-11-28T14:00: a clergy visit's special-arrangement time (VIS-12), or the
    date and time a legal visit asks for (VIS-11); empty: none."""
    minutes: Whole | None = Field(default=None, ge=1, le=720)
    """Length of a legal visit in minutes, instead of `visitation.legal_visit_minutes` (VIS-11); empty: that
    default."""


class RazorSignup(Strict):
    """A name on the razor list of a list day (RAZ-01), in list order."""

    inmate_id: Id
    """The inmate signing up (inmates.csv `id`)."""
    list_date: Day
    """Date of the list signed, YYYY-MM-DD; the razor is issued `razors.issue_offset_days` later (RAZ-01)."""
    position: Whole = Field(ge=1)
    """Place on that day's list, from 1: the list order (RAZ-01)."""


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
    """The officer's id, unique in staff.csv; the schedule names it on every session supervised."""
    first_name: str
    """Given name, as shown on the schedule and notices."""
    last_name: str
    """Family name, as shown on the schedule and notices."""
    role: Literal["officer", "supervisor"] = "officer"
    """Rank: officer or supervisor; either may supervise a session (STF-01)."""
    employer: Employer = "justice_services"
    """The officer's employer: justice_services or health."""
    mon: Shift = None
    """Monday's shift, "HH:MM-HH:MM" (an end at or before the start runs past midnight); empty: off duty
    (STF-02)."""
    tue: Shift = None
    """Tuesday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""
    wed: Shift = None
    """Wednesday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""
    thu: Shift = None
    """Thursday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""
    fri: Shift = None
    """Friday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""
    sat: Shift = None
    """Saturday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""
    sun: Shift = None
    """Sunday's shift, "HH:MM-HH:MM"; empty: off duty (STF-02)."""

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
    """The officer who declared it (staff.csv `id`)."""
    inmate_id: Id | None = None
    """The inmate it concerns (inmates.csv `id`); give this or `visitor_id`, not both (STF-03)."""
    visitor_id: Id | None = None
    """The visitor it concerns (visitors.csv `id`); give this or `inmate_id`, not both (STF-03, VTR-04)."""
    kind: Literal["relative", "friend", "associate", "prior_relationship", "adversary", "contact"]
    """relative, friend, associate, prior_relationship or adversary: the officer supervises no session with
    that inmate, nor a visit by a visitor who is their relative (STF-03); contact: a contact on an inmate's
    behalf, which the officer must report (VTR-04)."""

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
    """The inmate (inmates.csv `id`)."""
    date: Day
    """Date of the appointment, YYYY-MM-DD (APT-01)."""
    start: Clock
    """Start, "HH:MM" before 24:00 (APT-01)."""
    end: Clock
    """End, "HH:MM"; past 24:00 (e.g. 25:30) for one that runs after midnight, at most 24 hours after the
    start (APT-01)."""
    kind: Literal["court", "medical", "transport", "other"]
    """court, medical, transport or other (APT-01)."""
    note: str = ""
    """Free text shown on the schedule, e.g. the court or clinic."""

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
