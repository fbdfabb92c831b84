"""Shared value types: weekdays, wall-clock minutes, the strict model base."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: list[Weekday] = list(WEEKDAYS)
Sex = Literal["M", "F"]
Commitment = Literal["civil", "criminal"]
Charge = Literal["felony", "misdemeanour"]

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(value: object) -> object:
    """Turn "HH:MM" into minutes after midnight; other values pass through to validation.

    Hours up to 47 are accepted so that a night activity after midnight can be written
    on the night it began (docs/rules.md, conventions), e.g. "24:30" for 00:30 next morning.
    """
    if isinstance(value, str):
        m = _CLOCK.match(value.strip())
        if not m or int(m.group(2)) >= 60 or int(m.group(1)) >= 48:
            raise ValueError(f"time {value!r} is not HH:MM")
        return int(m.group(1)) * 60 + int(m.group(2))
    return value


def format_clock(minutes: int) -> str:
    """Minutes after midnight as "HH:MM" (hours past 23 stay as night-of hours)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=4096, typed=True)
def format_when(minutes: int) -> str:
    """Minutes on a day's timeline as people read them: past midnight with the day after
    marked, "00:30 (+1)" (the schedule's own files keep "24:30"; docs/rules.md, conventions).
    Cached: a week's report prints a few thousand distinct times hundreds of thousands of
    times (`typed`, so a float is never answered with an int's text)."""
    days, rest = divmod(minutes, 1440)
    return format_clock(rest) + (f" (+{days})" if days else "")


def _within(limit: int) -> Callable[[int], int]:
    def check(minutes: int) -> int:
        if not 0 <= minutes <= limit:
            shown = format_clock(minutes) if minutes >= 0 else str(minutes)
            raise ValueError(f"time {shown} is outside 00:00-{format_clock(limit)}")
        return minutes

    return check


Clock = Annotated[
    int,
    BeforeValidator(parse_clock),
    AfterValidator(_within(48 * 60 - 1)),
    PlainSerializer(format_clock, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]
"""A wall-clock time, written "HH:MM", held as minutes after midnight; up to 47:59 so a
night activity can be written on the night it began."""

DayClock = Annotated[Clock, AfterValidator(_within(24 * 60))]
"""A time of one day's setting (a window, an opening hour): 00:00 to 24:00."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: object) -> object:
    """A date written YYYY-MM-DD, quoted or not (YAML leaves dates as text, see
    `scheduler.loading.reading`); an impossible date or one with a time of day is refused."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat(sep=' ')} has a time of day; give a date like 2026-11-30")
    if isinstance(value, str):
        text = value.strip()
        if not _DATE.match(text):
            raise ValueError(f"{value!r} is not a date like 2026-11-30")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a calendar date") from None
    return value


Day = Annotated[dt.date, BeforeValidator(parse_day)]
"""A calendar date, written YYYY-MM-DD."""

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ZONED = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def parse_moment(value: object) -> object:
    """A local date and time, "2026-11-18T09:12" or "2026-11-18 09:12[:SS]". A time zone
    is refused: every time in an instance is the facility's local wall clock."""
    if isinstance(value, str):
        text = value.strip()
        if _ZONED.search(text) and not _MOMENT.match(text):
            raise ValueError(
                f"{text!r} has a time zone; give the facility's local time like 2026-11-18T09:12"
            )
        if not _MOMENT.match(text):
            raise ValueError(f"{value!r} is not a date and time like 2026-11-18T09:12")
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a calendar date and time") from None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        raise ValueError(f"{value.isoformat()} has a time zone; give the facility's local time")
    return value


Moment = Annotated[dt.datetime, BeforeValidator(parse_moment)]
"""A local date and time (no time zone)."""


def weekday_of(day: dt.date) -> Weekday:
    """The weekday code of a date."""
    return WEEKDAYS[day.weekday()]


class Strict(BaseModel):
    """Base of every input model: strict types, unknown fields refused, immutable.

    The docstring under each field is its description in the JSON Schema (`jailsched schema`)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)
