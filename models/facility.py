"""The facility configuration: the handbook as data (`facility.yaml`).

Every default is the Warren County value of the rule catalogue (docs/rules.md); values it
marks *assumed* are defaults too, so a facility's `facility.yaml` writes only what differs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator

from models.common import ALL_DAYS, Charge, Commitment, Day, Sex, Strict, Weekday, format_clock, weekday_of
from models.common import DayClock as Clock

if TYPE_CHECKING:
    from models.roster import Inmate

_RANGE = re.compile(r"^([A-Za-z])-([A-Za-z])$")


def _ordered(first: int, second: int, names: str, rule: str) -> None:
    """Refuse a pair of clock settings that does not run forwards (start before end)."""
    if second <= first:
        raise ValueError(f"{names}: {format_clock(first)} is not before {format_clock(second)} ({rule})")


def _fits(minutes: int, start: int, end: int, setting: str, rule: str, hours: str = "") -> None:
    """Refuse an activity that cannot fit its hours at all: nothing of it could ever be scheduled."""
    if minutes > end - start:
        raise ValueError(
            f"{setting}: {minutes} min does not fit {hours}{format_clock(start)}-{format_clock(end)} "
            f"({end - start} min) ({rule})"
        )


class HousingUnit(Strict):
    """A pod (HOU-01): every inmate lives in exactly one; it holds one sex and one commitment type."""

    id: str = Field(min_length=1)
    """The pod's name, e.g. "A" or "Dorm", as inmates.csv `pod` and the `pods` lists refer to it (HOU-01)."""
    sex: Sex
    """The one sex the pod houses: M or F (HOU-02)."""
    commitment: Commitment = "criminal"
    """The one commitment type the pod houses: civil or criminal (HOU-03)."""
    capacity: int = Field(default=48, ge=1, le=10_000)
    """Beds in the pod: the most inmates inmates.csv may place in it (HOU-01)."""


class Routine(Strict):
    """Fixed daily events (DAY-01..06); times are written "HH:MM", held as minutes after midnight."""

    counts: list[Clock] = Field(default_factory=lambda: [420, 720, 1020, 1380])
    """Start times of the daily counts, "HH:MM" before 24:00; no activity overlaps a count (DAY-01)."""
    count_minutes: int = Field(default=30, ge=1, le=120)
    """Length of each count, in minutes (DAY-01)."""
    meals: list[Clock] = Field(default_factory=lambda: [420, 720, 1020])
    """Start times of the meals, "HH:MM" before 24:00; no recreation, razor issue, or laundry pickup or return
    of the pod overlaps one (DAY-02, LAU-06)."""
    meal_minutes: int = Field(default=30, ge=1, le=120)
    """Length of each meal, in minutes (DAY-02)."""
    med_passes: list[Clock] = Field(default_factory=lambda: [480, 1200])
    """Start times of the medication passes, "HH:MM" before 24:00; requests, grievances and outgoing mail are
    collected at them (DAY-03, DAY-06)."""
    med_pass_minutes: int = Field(default=30, ge=1, le=120)
    """Length of each med pass, in minutes (DAY-03)."""
    lights_out: Clock = 1380
    """Lights out, "HH:MM": from then until lights on only lockdown hour-outs take place (DAY-04)."""
    lights_on: Clock = 360
    """Lights on, "HH:MM": no visit, recreation, razor issue or laundry starts earlier (DAY-04)."""
    phones_open: Clock = 450
    """Phones open (after breakfast), "HH:MM"; shown on the daily schedule (DAY-05)."""
    phones_close: Clock = 1380
    """Phones close, "HH:MM"; lockdown inmates phone only in their hour out (DAY-05)."""

    @model_validator(mode="after")
    def _hours(self) -> Routine:
        _ordered(self.lights_on, self.lights_out, "lights_on..lights_out", "DAY-04")
        _ordered(self.phones_open, self.phones_close, "phones_open..phones_close", "DAY-05")
        for name, rule in (("counts", "DAY-01"), ("meals", "DAY-02"), ("med_passes", "DAY-03")):
            times = getattr(self, name)
            if len(set(times)) < len(times) or any(t >= 1440 for t in times):
                raise ValueError(f"{name}: times must differ and fall before 24:00 ({rule})")
        return self


class VisitWindow(Strict):
    """A social visitation window (VIS-01) and the selector of the inmates it serves.

    A selector field left empty matches everyone; `surname` is an inclusive letter range
    such as "A-F" applied to the surname letter (docs/rules.md, conventions).
    """

    day: Weekday
    """Weekday of the window: mon, tue, wed, thu, fri, sat or sun (VIS-01)."""
    start: Clock
    """The window opens, "HH:MM"; visits start on its slot grid from here (VIS-01, VIS-03)."""
    end: Clock
    """The window closes, "HH:MM"; no visit runs past it (VIS-03)."""
    sex: Sex | None = None
    """Serve only inmates of this sex, M or F; left out: both (VIS-01)."""
    surname: str | None = None
    """Inclusive range of surname letters served, such as "A-F" (surname letter: docs/rules.md, conventions);
    left out: every letter (VIS-01)."""
    pods: list[str] | None = None
    """Housing unit ids served; left out: every pod (VIS-01)."""
    commitment: Commitment | None = None
    """Serve only civil or only criminal commitments; left out: both (VIS-01)."""
    charge: Charge | None = None
    """Serve only felony or only misdemeanour charges; left out: both (VIS-01)."""
    tags: list[str] | None = None
    """Custody tags served (VIS-01): an inmate holding any of them; None serves every tag."""

    @field_validator("surname")
    @classmethod
    def _range(cls, value: str | None) -> str | None:
        if value is not None:
            m = _RANGE.match(value)
            if not m or m.group(1).upper() > m.group(2).upper():
                raise ValueError(f"surname range {value!r} is not like 'A-F'")
            return value.upper()
        return value

    @model_validator(mode="after")
    def _ordered(self) -> VisitWindow:
        if self.end <= self.start:
            raise ValueError("window end must be after its start")
        return self

    def serves(self, inmate: Inmate, letter: str) -> bool:
        """Whether the selector matches an inmate whose surname letter is `letter` (VIS-01)."""
        return (
            (self.sex is None or self.sex == inmate.sex)
            and (self.surname is None or self.surname[0] <= letter <= self.surname[-1])
            and (self.pods is None or inmate.pod in self.pods)
            and (self.commitment is None or self.commitment == inmate.commitment)
            and (self.charge is None or self.charge == inmate.charge)
            and (self.tags is None or not set(self.tags).isdisjoint(inmate.tags))
        )

    def describe(self) -> str:
        """A short label such as "sat 08:00-11:00 M A-F"."""
        parts = [
            self.day,
            f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}",
        ]
        parts += [p for p in (self.sex, self.surname, self.commitment, self.charge) if p]
        if self.tags:
            parts.append("tags " + ",".join(self.tags))
        if self.pods:
            parts.append("pods " + ",".join(self.pods))
        return " ".join(parts)


def _warren_windows() -> list[VisitWindow]:
    def w(day: Weekday, start: int, sex: Sex, surname: str) -> VisitWindow:
        return VisitWindow(day=day, start=start * 60, end=start * 60 + 180, sex=sex, surname=surname)

    return [
        w("sat", 8, "M", "A-F"),
        w("sat", 13, "M", "G-L"),
        w("sat", 19, "M", "M-S"),
        w("sun", 8, "M", "T-Z"),
        w("sun", 13, "F", "A-M"),
        w("sun", 19, "F", "N-Z"),
    ]


class Visitation(Strict):
    """Social, legal and clergy visits (VIS-01..14, VTR-01..02)."""

    booths: int = Field(default=4, ge=1, le=1000)
    """Booths in the visitation room; each holds one visit at a time (VIS-02)."""
    visit_minutes: int = Field(default=27, ge=1, le=720)
    """Length of a social or clergy visit, in minutes (VIS-03)."""
    turnover_minutes: int = Field(default=3, ge=0, le=120)
    """Minutes a booth stays empty after a visit before the next; visit plus turnover is one slot of the grid
    (VIS-03)."""
    windows: list[VisitWindow] = Field(default_factory=_warren_windows)
    """The social visitation windows and the inmates each serves (VIS-01); default: the Warren County Saturday
    and Sunday windows."""
    max_visitors_at_once: int = Field(default=2, ge=1, le=20)
    """Most visitors (children count) in the booth at one time; a visit with more is divided into sub-periods
    (VIS-04)."""
    max_visitors_per_visit: int = Field(default=4, ge=1, le=20)
    """Most visitors on one visit request (VIS-04)."""
    max_adults_per_visit: int | None = Field(default=None, ge=1)
    """Adults (at or over `child_age` on the visit date) per visit, where the facility caps them
    apart from children (VIS-04); None: only `max_visitors_per_visit` applies."""
    max_children_per_visit: int | None = Field(default=None, ge=0)
    """Children (under `child_age`) per visit, where capped apart (VIS-04)."""
    social_per_week: int = Field(default=1, ge=0, le=50)
    """Most social visits per inmate per week; legal visits do not count (VIS-06)."""
    social_per_day: int = Field(default=1, ge=0, le=10)
    """Most social visits per inmate per day (VIS-06)."""
    visitor_weekly_limit: int | None = Field(default=None, ge=1, le=50)
    """Most social visits one visitor takes part in per week, with any inmates; left out: no limit
    (VIS-14)."""
    registration_lead_minutes: int = Field(default=15, ge=0, le=20_160)
    """Lead time in minutes: a request must be registered at least this long before the window (or legal
    hours) it uses opens, and each visitor must arrive this long before their visit (VIS-10)."""
    lockdown_blocks_visitation: bool = True
    """Whether an inmate on disciplinary lockdown loses social visits; legal visits stay allowed (DIS-08,
    VIS-08)."""
    carry_waitlist: bool = False
    """With `solve --previous`: whether social requests the previous week left out for capacity are offered
    this week before newer registrations, keeping their first registration time (CON-03)."""
    child_age: int = Field(default=16, ge=1, le=21)
    """Age in years under which a visitor is a child: needs no photo ID, visits only immediate family together
    with an adult, counts against the child cap (VTR-01, VTR-02, VIS-04)."""
    legal_rooms: int = Field(default=1, ge=0, le=100)
    """Legal-visit rooms; 0 means no legal visit can be scheduled (VIS-11)."""
    legal_days: list[Weekday] = Field(default_factory=lambda: list(ALL_DAYS))
    """Weekdays on which legal visits take place (VIS-11)."""
    legal_start: Clock = 480
    """Legal visits start no earlier than this, "HH:MM" (VIS-11)."""
    legal_end: Clock = 1320
    """Legal visits end by this time, "HH:MM" (VIS-11)."""
    legal_visit_minutes: int = Field(default=60, ge=1, le=720)
    """Length of a legal visit in minutes, unless its request gives `minutes` (VIS-11)."""
    surname_particles: list[str] = Field(default_factory=list)
    """Leading name particles skipped when taking the surname letter, e.g. ["de", "la"] makes de la Cruz a C;
    empty: none skipped (docs/rules.md, conventions, VIS-01)."""

    @model_validator(mode="after")
    def _hours(self) -> Visitation:
        _ordered(self.legal_start, self.legal_end, "legal_start..legal_end", "VIS-11")
        if self.max_visitors_at_once > self.max_visitors_per_visit:
            raise ValueError(
                f"max_visitors_at_once: {self.max_visitors_at_once} is more than max_visitors_per_visit "
                f"({self.max_visitors_per_visit}) (VIS-04)"
            )
        if self.windows and 0 in (self.social_per_week, self.social_per_day):
            which = "social_per_week" if self.social_per_week == 0 else "social_per_day"
            raise ValueError(f"{which}: 0 allows no social visit, yet windows are given (VIS-06)")
        seen = [w.model_dump() for w in self.windows]
        for i, w in enumerate(seen):
            if w in seen[:i]:
                raise ValueError(f"windows[{i}]: repeats windows[{seen.index(w)}] (VIS-01)")
        for cap in ("max_adults_per_visit", "max_children_per_visit"):
            if (getattr(self, cap) or 0) > self.max_visitors_per_visit:
                raise ValueError(
                    f"{cap}: {getattr(self, cap)} is more than max_visitors_per_visit "
                    f"({self.max_visitors_per_visit}), so it can never apply (VIS-04)"
                )
        _fits(
            self.legal_visit_minutes,
            self.legal_start,
            self.legal_end,
            "legal_visit_minutes",
            "VIS-11",
            "the legal hours ",
        )
        for i, w in enumerate(self.windows):
            _fits(self.visit_minutes, w.start, w.end, "visit_minutes", "VIS-03", f"windows[{i}] {w.day} ")
        return self

    @property
    def slot_minutes(self) -> int:
        """Length of one slot of the visit grid: the visit and the booth turnover (VIS-03)."""
        return self.visit_minutes + self.turnover_minutes


class RecreationArea(Strict):
    """A recreation area (REC-02): one session at a time, up to `capacity` inmates."""

    id: str = Field(min_length=1)
    """The area's name, e.g. "Gym" or "Yard", as sessions and closures name it (REC-02, CAL-01)."""
    capacity: int = Field(default=24, ge=1, le=1000)
    """Most inmates in one session in this area (REC-03)."""


class Recreation(Strict):
    """Recreation days, hours and areas (REC-01..05)."""

    days: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    """Weekdays with recreation; every eligible inmate gets a session on each (REC-01)."""
    session_minutes: int = Field(default=60, ge=1, le=720)
    """Length of a recreation session, in minutes (REC-01)."""
    areas: list[RecreationArea] = Field(default_factory=lambda: [RecreationArea(id="Rec")], min_length=1)
    """The recreation areas; each holds one session at a time (REC-02)."""
    start: Clock = 480
    """Recreation hours begin, "HH:MM": no session starts earlier (REC-02)."""
    end: Clock = 1350
    """Recreation hours end, "HH:MM": every session is over by then (REC-02)."""
    daylight_start: Clock = 480
    """Daylight (natural light and fresh air) begins, "HH:MM"; a session wholly inside daylight is a daylight
    session, shared fairly by the rotation (REC-05)."""
    daylight_end: Clock = 1020
    """Daylight ends, "HH:MM" (REC-05)."""
    fairness_weeks: int = Field(default=4, ge=1, le=52)
    """Weeks over which daylight and late sessions are shared fairly, with `solve --previous` (CON-01)."""

    def daylight(self, start: int) -> bool:
        """Whether a session starting then lies wholly inside daylight hours (REC-05)."""
        return self.daylight_start <= start and start + self.session_minutes <= self.daylight_end

    @model_validator(mode="after")
    def _hours(self) -> Recreation:
        _ordered(self.start, self.end, "start..end", "REC-02")
        _ordered(self.daylight_start, self.daylight_end, "daylight_start..daylight_end", "REC-05")
        _fits(self.session_minutes, self.start, self.end, "session_minutes", "REC-01", "recreation hours ")
        ids = [a.id for a in self.areas]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"areas: area id {twice[0]!r} appears twice (REC-02)")
        return self


class Discipline(Strict):
    """The WC 23 baseline table (DIS-01) and the lockdown hour out (DIS-03..05).

    `lockdown_days` maps a category to the days for the 1st, 2nd and 3rd offence; a 4th or
    later offence uses the last column. A category in `review_categories` goes to
    administrative review; any other category is a data error.
    """

    lockdown_days: dict[str, list[int]] = Field(
        default_factory=lambda: {"minor": [3, 5, 10], "disrespect_or_smoking": [5, 10, 15]}
    )
    """Lockdown days by offence category: the days for its 1st, 2nd and 3rd offence (a 4th or later uses the
    last), e.g. minor: [3, 5, 10] (DIS-01)."""
    review_categories: list[str] = Field(default_factory=lambda: ["major"])
    """Offence categories that go to administrative review instead of an automatic lockdown (DIS-01)."""
    hour_out_minutes: int = Field(default=60, ge=1, le=720)
    """Length of a lockdown inmate's nightly hour out of cell, in minutes (DIS-03)."""
    hour_outs_end_by: Clock = 420
    """Every hour-out ends by this time of the next morning, "HH:MM" no later than 12:00, before the morning
    count (DIS-05)."""

    @field_validator("lockdown_days")
    @classmethod
    def _columns(cls, table: dict[str, list[int]]) -> dict[str, list[int]]:
        for category, days in table.items():
            if not days or any(not 1 <= d <= 365 for d in days):
                raise ValueError(f"lockdown_days[{category}] must list day counts from 1 to 365")
        return table

    @model_validator(mode="after")
    def _categories(self) -> Discipline:
        both = sorted(set(self.review_categories) & set(self.lockdown_days))
        if both:
            raise ValueError(f"review_categories: {both[0]!r} is also in lockdown_days (DIS-01)")
        if self.hour_outs_end_by > 720:
            raise ValueError(
                f"hour_outs_end_by: {format_clock(self.hour_outs_end_by)} is not a morning time; hour-outs "
                "end before the morning count (DIS-05)"
            )
        return self


class Razors(Strict):
    """Razor sign-up and issue (RAZ-01..07)."""

    inventory: int = Field(default=16, ge=0, le=10_000)
    """Razors the facility holds: the most that may be out at any moment (RAZ-03)."""
    list_days: list[Weekday] = Field(default_factory=lambda: ["mon", "wed", "fri"])
    """Weekdays on which the razor sign-up list circulates (RAZ-01)."""
    issue_start: Clock = 450
    """Razors are issued no earlier than this, "HH:MM" (RAZ-02)."""
    collect_by: Clock = 690
    """Every razor of the day is collected by this time, "HH:MM" (RAZ-02)."""
    batch_minutes: int = Field(default=30, ge=1, le=720)
    """Length of a batch (issue, shave and collection), in minutes (RAZ-04)."""
    issue_offset_days: Literal[0, 1] = 1
    """Days from a list day to its issue day (RAZ-01): 0 issues on the list day itself (an
    evening window before lights out), 1 the following day (a morning window)."""

    @field_validator("issue_offset_days", mode="before")
    @classmethod
    def _offset(cls, value: Any) -> Any:
        if type(value) is not int or value not in (0, 1):
            raise ValueError(
                f"must be 0 (issue on the list day) or 1 (issue the day after), not {value!r} (RAZ-01)"
            )
        return value

    def issue_day(self, list_day: dt.date) -> dt.date:
        """The date a list day's sign-ups are issued their razors (RAZ-01)."""
        return list_day + dt.timedelta(days=self.issue_offset_days)

    @property
    def list_words(self) -> str:
        """Which list an issue day serves, in words: "the list of the same day" or "the list
        of the day before"."""
        return "the list of the " + ("same day" if self.issue_offset_days == 0 else "day before")

    @model_validator(mode="after")
    def _hours(self) -> Razors:
        _ordered(self.issue_start, self.collect_by, "issue_start..collect_by", "RAZ-02")
        _fits(
            self.batch_minutes,
            self.issue_start,
            self.collect_by,
            "batch_minutes",
            "RAZ-04",
            "the issue hours ",
        )
        return self


class LaundryCategory(Strict):
    """A laundry category on its days (LAU-01); `pods` empty means every pod."""

    name: str
    """The category, e.g. orange_uniforms, personal_whites, linens_towels (LAU-01)."""
    days: list[Weekday] = Field(min_length=1)
    """Weekdays on which it is washed (LAU-01)."""
    pods: list[str] | None = None
    """Housing unit ids it serves; left out: every pod (LAU-01)."""
    pieces_per_inmate: int = Field(ge=1, le=1000)
    """Pieces per inmate: a pod's loads are its headcount times this divided by `load_capacity`, rounded up
    (LAU-02)."""


ClosedResource = Literal[
    "visitation_room", "booths", "legal_room", "recreation_area", "laundry_machine", "razor_issue"
]


class Closure(Strict):
    """A resource closed or reduced on a date, all day or from `start` to `end` (CAL-01).

    `visitation_room` closes every booth; `booths` closes `count` of them; `legal_room` closes
    `count` legal-visit rooms; `recreation_area` closes the area `id`; `laundry_machine` the
    washer or dryer `id` ("W1", "D2"); `razor_issue` the razor issue of that date.
    """

    resource: ClosedResource
    """What is closed or reduced: visitation_room, booths, legal_room, recreation_area, laundry_machine or
    razor_issue (CAL-01)."""
    date: Day
    """The date closed, YYYY-MM-DD (CAL-01)."""
    start: Clock | None = None
    """Start of a part-day closure, "HH:MM"; give it with `end`, or neither for the whole day (CAL-01)."""
    end: Clock | None = None
    """End of a part-day closure, "HH:MM" (CAL-01)."""
    count: int = Field(default=1, ge=1, le=1000)
    """How many booths (`booths`) or legal-visit rooms (`legal_room`) are closed (CAL-01)."""
    id: str | None = None
    """The recreation area id, or the laundry machine (W1, W2... washers, D1, D2... dryers), for those two
    resources (CAL-01)."""
    reason: str = Field(min_length=1)
    """Why, as listed beside every activity the closure displaces (CAL-01)."""

    @model_validator(mode="after")
    def _span(self) -> Closure:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither for the whole day (CAL-01)")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("closure end must be after its start (CAL-01)")
        if self.resource in ("recreation_area", "laundry_machine") and not self.id:
            raise ValueError(
                f"a {self.resource} closure names the {self.resource.split('_')[-1]} in id (CAL-01)"
            )
        return self

    @property
    def span(self) -> tuple[int, int]:
        """Minutes of the date closed: the whole date (00:00-24:00) when no times are given;
        no closable resource is used at night, and the next date is not closed."""
        return (0, 1440) if self.start is None or self.end is None else (self.start, self.end)


def _warren_laundry() -> list[LaundryCategory]:
    return [
        LaundryCategory(name="orange_uniforms", days=["thu", "sun"], pieces_per_inmate=2),
        LaundryCategory(name="personal_whites", days=["mon", "wed", "fri"], pieces_per_inmate=6),
        LaundryCategory(name="linens_towels", days=["tue"], pods=["A", "B", "Dorm"], pieces_per_inmate=4),
        LaundryCategory(name="linens_towels", days=["sat"], pods=["C", "D"], pieces_per_inmate=4),
    ]


class Laundry(Strict):
    """Laundry machines and cycles (LAU-01..05)."""

    washers: int = Field(default=2, ge=0, le=1000)
    """Washing machines, named W1, W2... in closures and the schedule (LAU-02)."""
    dryers: int = Field(default=2, ge=0, le=1000)
    """Dryers, named D1, D2... in closures and the schedule (LAU-02)."""
    wash_minutes: int = Field(default=45, ge=1, le=720)
    """Length of a wash cycle, in minutes (LAU-02)."""
    dry_minutes: int = Field(default=60, ge=1, le=720)
    """Length of a dry cycle, in minutes (LAU-02)."""
    max_wait_minutes: int = Field(default=30, ge=0, le=720)
    """Most minutes a load waits between the end of its wash and the start of its drying (LAU-03)."""
    load_capacity: int = Field(default=60, ge=1, le=10_000)
    """Pieces in one machine load (LAU-02)."""
    start: Clock = 480
    """Laundry hours begin, "HH:MM": no wash starts earlier (LAU-04)."""
    end: Clock = 960
    """Laundry hours end, "HH:MM": every dry is done by then (LAU-04)."""
    return_by: Clock = 1200
    """Every load is back in its pod by this time, "HH:MM" (LAU-04)."""
    categories: list[LaundryCategory] = Field(default_factory=_warren_laundry)
    """What is washed on which days for which pods (LAU-01); default: the Warren County table."""

    @model_validator(mode="after")
    def _hours(self) -> Laundry:
        _ordered(self.start, self.end, "start..end", "LAU-04")
        if self.return_by < self.end:
            raise ValueError(
                f"return_by: {format_clock(self.return_by)} is before the laundry ends at "
                f"{format_clock(self.end)} (LAU-04)"
            )
        cycle = self.wash_minutes + self.dry_minutes
        _fits(
            cycle, self.start, self.end, "wash_minutes", "LAU-02", f"(with dry_minutes {self.dry_minutes}) "
        )
        for i, c in enumerate(self.categories):
            for j, other in enumerate(self.categories[:i]):
                same = c.name == other.name and set(c.days) & set(other.days)
                if same and (c.pods is None or other.pods is None or set(c.pods) & set(other.pods)):
                    raise ValueError(
                        f"categories[{i}]: {c.name} again on a day and pod of categories[{j}] (LAU-01)"
                    )
        for machines in ("washers", "dryers"):
            if self.categories and getattr(self, machines) == 0:
                raise ValueError(f"{machines}: the laundry categories need at least one (LAU-02)")
        return self


class Supplies(Strict):
    """Supply cart, indigent packages and commissary (SUP-01, IND-01, COM-01).

    The handbook gives their days, not their hours: the times and the length of a round
    (`round_minutes`) are assumed and shown on the daily schedule only.
    """

    supply_cart_days: list[Weekday] = Field(default_factory=lambda: ["tue", "thu", "sat", "sun"])
    """Weekdays the supply cart visits every pod (SUP-01)."""
    indigent_day: Weekday = "wed"
    """Weekday on which indigent packages are handed out (IND-01)."""
    indigent_threshold_cents: int = Field(default=2, ge=0, le=10_000_000)
    """Balance in cents at or below which an inmate counts as indigent, e.g. 2 for $0.02 (IND-01)."""
    indigent_lookback_days: int = Field(default=7, ge=1, le=366)
    """Days before the package day over which the balance must have stayed at or below the threshold
    (IND-01)."""
    indigent_package: list[str] = Field(
        default_factory=lambda: [
            "3 paper",
            "3 stamped envelopes",
            "1 pencil",
            "1 shampoo",
            "1 deodorant",
        ]
    )
    """Items of the indigent package, as listed on the daily schedule (IND-01)."""
    indigent_package_cents: int = Field(default=350, ge=0, le=1_000_000)
    """Cost of the package in cents, charged to the account of each inmate who gets it (IND-01)."""
    commissary_day: Weekday = "thu"
    """Weekday on which commissary is offered to every pod (COM-01)."""
    supply_cart_time: Clock = 540
    """Start of the supply cart round, "HH:MM" (SUP-01)."""
    indigent_time: Clock = 480
    """Start of the indigent package round, "HH:MM" (IND-01)."""
    commissary_time: Clock = 840
    """Start of commissary, "HH:MM" (COM-01)."""
    round_minutes: int = Field(default=60, ge=1, le=240)
    """Length of each supply cart, indigent package and commissary round as shown on the schedule, in
    minutes."""


class Facility(Strict):
    """A facility's handbook as data: the top level of `facility.yaml`."""

    name: str = "Warren County Detention Facility"
    """The facility's name, shown on the schedule and reports."""
    housing_units: list[HousingUnit] = Field(min_length=1)
    """The pods, at least one (HOU-01)."""
    holidays: list[Day] = Field(default_factory=list)
    """Holiday dates, YYYY-MM-DD: no outgoing mail to the post office and no incoming mail delivery
    (DAY-06)."""
    routine: Routine = Field(default_factory=Routine)
    """Counts, meals, med passes, lights and phones (DAY-01..05)."""
    visitation: Visitation = Field(default_factory=Visitation)
    """Social, legal and clergy visits (VIS-01..14)."""
    recreation: Recreation = Field(default_factory=Recreation)
    """Recreation settings: days, hours, session length and areas (REC-01..05)."""
    discipline: Discipline = Field(default_factory=Discipline)
    """The lockdown table and the lockdown hour out (DIS-01..05)."""
    razors: Razors = Field(default_factory=Razors)
    """Razor settings: list days, issue hours, inventory and batch length (RAZ-01..07)."""
    laundry: Laundry = Field(default_factory=Laundry)
    """Laundry machines, hours and categories (LAU-01..06)."""
    supplies: Supplies = Field(default_factory=Supplies)
    """Supply cart, indigent packages and commissary (SUP-01, IND-01, COM-01)."""
    closures: list[Closure] = Field(default_factory=list)
    """Resources closed or reduced on dates, all day or part of it (CAL-01)."""
    custody_tags: list[str] = Field(default_factory=list)
    """The custody tags inmates may carry (`tags` in inmates.csv) and windows may select
    (VIS-01), e.g. general_population, restrictive_housing, administrative_segregation."""

    @model_validator(mode="before")
    @classmethod
    def _fold_out_of_service(cls, data: Any) -> Any:
        """Older files list machines in `laundry.out_of_service`: they become closures (CAL-01)."""
        if isinstance(data, dict) and isinstance(data.get("laundry"), dict):
            down = data["laundry"].get("out_of_service")
            if isinstance(down, list) and down:
                laundry = {k: v for k, v in data["laundry"].items() if k != "out_of_service"}
                moved = [
                    {
                        "resource": "laundry_machine",
                        "id": d.get("machine"),
                        "date": d.get("date"),
                        "reason": "out of service",
                    }
                    if isinstance(d, dict)
                    else d
                    for d in down
                ]
                closures = data.get("closures") or []
                data = (
                    {**data, "laundry": laundry, "closures": [*closures, *moved]}
                    if isinstance(closures, list)
                    else data
                )
        return data

    @model_validator(mode="after")
    def _lights(self) -> Facility:
        """Daytime activities keep inside lights on..lights out (DAY-04); hour-outs fit the night (DIS-05)."""
        r = self.routine
        hours = {
            "recreation.start..end": (self.recreation.start, self.recreation.end),
            "razors.issue_start..collect_by": (self.razors.issue_start, self.razors.collect_by),
            "laundry.start..end": (self.laundry.start, self.laundry.end),
            "visitation.legal_start..legal_end": (self.visitation.legal_start, self.visitation.legal_end),
        }
        for name, (start, end) in hours.items():
            if start < r.lights_on or end > r.lights_out:
                raise ValueError(
                    f"{name}: {format_clock(start)}-{format_clock(end)} runs outside lights on to lights out "
                    f"({format_clock(r.lights_on)}-{format_clock(r.lights_out)}) (DAY-04)"
                )
        self._room_between_blocks()
        d = self.discipline
        night = "the night "
        _fits(
            d.hour_out_minutes,
            r.lights_out,
            1440 + d.hour_outs_end_by,
            "discipline.hour_out_minutes",
            "DIS-05",
            night,
        )
        self._hour_out_between_counts()
        return self

    def _hour_out_between_counts(self) -> None:
        """DIS-05/DAY-01: some stretch of the night between its counts holds one hour-out;
        otherwise no lockdown inmate could ever have one."""
        r, d = self.routine, self.discipline
        end = 1440 + d.hour_outs_end_by
        blocks = sorted((c + k * 1440, c + k * 1440 + r.count_minutes) for c in r.counts for k in (0, 1))
        stretches, t = [], r.lights_out
        for a, b in blocks:
            if b <= t or a >= end:
                continue
            stretches.append((t, min(a, end)))
            t = max(t, b)
        stretches.append((t, end))
        longest = max(stretches, key=lambda s: s[1] - s[0])
        if d.hour_out_minutes > longest[1] - longest[0]:
            a, b = longest
            raise ValueError(
                f"discipline.hour_out_minutes: {d.hour_out_minutes} min fits no stretch of the night between "
                f"its counts (the longest: {format_clock(a % 1440)}-{format_clock(b % 1440)}, {b - a} min) "
                "(DIS-05)"
            )

    def _room_between_blocks(self) -> None:
        """Recreation (REC-02) and razor batches (RAZ-04) never overlap a count, meal or med
        pass: refuse hours in which not one session or batch could start."""
        r = self.routine
        blocks = [(t, t + r.count_minutes) for t in r.counts]
        blocks += [(t, t + r.meal_minutes) for t in r.meals]
        blocks += [(t, t + r.med_pass_minutes) for t in r.med_passes]
        rec, raz = self.recreation, self.razors
        activities = [
            ("recreation.session_minutes", rec.session_minutes, rec.start, rec.end, rec.days, "REC-02"),
            (
                "razors.batch_minutes",
                raz.batch_minutes,
                raz.issue_start,
                raz.collect_by,
                raz.list_days,
                "RAZ-04",
            ),
        ]
        for setting, length, start, end, days, rule in activities:
            free = any(
                all(s + length <= a or b <= s for a, b in blocks) for s in range(start, end - length + 1)
            )
            if days and not free:
                raise ValueError(
                    f"{setting}: no {length}-min slot in {format_clock(start)}-{format_clock(end)} clears "
                    f"the counts, meals and med passes ({rule})"
                )

    @model_validator(mode="after")
    def _references(self) -> Facility:
        ids = [u.id for u in self.housing_units]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"housing unit id {dupes[0]!r} appears twice (HOU-01)")
        known = set(ids)
        r = self.routine
        for i, w in enumerate(self.visitation.windows):
            if w.start < r.lights_on or w.end > r.lights_out:
                hours = f"{format_clock(r.lights_on)}-{format_clock(r.lights_out)}"
                raise ValueError(
                    f"visitation.windows[{i}]: {w.describe()} runs outside lights on to lights out "
                    f"({hours}) (DAY-04)"
                )
            for tag in w.tags or []:
                if tag not in self.custody_tags:
                    raise ValueError(
                        f"visitation.windows[{i}].tags: {tag!r} is not one of custody_tags "
                        f"({', '.join(self.custody_tags) or 'none declared'}) (VIS-01)"
                    )
            for pod in w.pods or []:
                if pod not in known:
                    raise ValueError(f"visitation.windows[{i}].pods: unknown housing unit {pod!r} (VIS-01)")
            if w.pods and w.sex and all(self.unit(p).sex != w.sex for p in w.pods):
                raise ValueError(f"visitation.windows[{i}]: its pods hold no inmate of sex {w.sex} (VIS-01)")
        for i, c in enumerate(self.laundry.categories):
            for pod in c.pods or []:
                if pod not in known:
                    raise ValueError(f"laundry.categories[{i}].pods: unknown housing unit {pod!r} (LAU-01)")
        machines = {f"W{k}" for k in range(1, self.laundry.washers + 1)}
        machines |= {f"D{k}" for k in range(1, self.laundry.dryers + 1)}
        areas = {a.id for a in self.recreation.areas}
        for i, c in enumerate(self.closures):
            if c in self.closures[:i]:
                raise ValueError(f"closures[{i}]: repeats closures[{self.closures.index(c)}] (CAL-01)")
            if c.resource == "laundry_machine" and c.id not in machines:
                raise ValueError(
                    f"closures[{i}].id: no laundry machine {c.id!r} "
                    f"(washers W1..W{self.laundry.washers}, dryers D1..D{self.laundry.dryers}) (CAL-01)"
                )
            if c.resource == "recreation_area" and c.id not in areas:
                known = ", ".join(sorted(areas))
                raise ValueError(f"closures[{i}].id: no recreation area {c.id!r} (areas {known}) (CAL-01)")
        return self

    def closed(self, resource: str, day: dt.date, key: str | None = None) -> list[Closure]:
        """The closures of a resource (and of one area or machine `key`) on a date (CAL-01)."""
        return [
            c
            for c in self.closures
            if c.resource == resource and c.date == day and (key is None or c.id == key)
        ]

    def razor_issue_days(self, week: list[dt.date]) -> dict[dt.date, dt.date]:
        """RAZ-01: each issue date of the week and the list day it serves, for the list days
        of the week (`razors.issue_offset_days` later). A list day's issue falling after the
        week (a Sunday list with offset 1) is the next week's, so it is left out."""
        rz = self.razors
        lists = [d for d in week if weekday_of(d) in rz.list_days]
        return {rz.issue_day(d): d for d in lists if rz.issue_day(d) in week}

    def unit(self, pod: str) -> HousingUnit:
        """The housing unit with this id."""
        return next(u for u in self.housing_units if u.id == pod)
