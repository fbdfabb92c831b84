"""Shared value types: weekdays, wall-clock minutes, the strict model base."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

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
    on the night it began (section 0 of RULES.md), e.g. "24:30" for 00:30 next morning.
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


Clock = Annotated[
    int,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"}),
]
"""A wall-clock time, written "HH:MM", held as minutes after midnight."""


def weekday_of(day: dt.date) -> Weekday:
    """The weekday code of a date."""
    return WEEKDAYS[day.weekday()]


class Strict(BaseModel):
    """Base of every input model: strict types, unknown fields refused, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
