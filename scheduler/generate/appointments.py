"""The generated external appointments (court, medical, transport; APT-01)."""

from __future__ import annotations

import datetime as dt
import random

from models.common import format_clock
from scheduler.generate.files import Row

APPOINTMENT_KINDS = ("court", "medical", "transport")
APPOINTMENT_NOTES = {
    "court": ("Hearing at the county court", "Arraignment", "Pre-trial conference"),
    "medical": ("Outside clinic", "Dental clinic", "Hospital follow-up"),
    "transport": ("Escorted transport to another facility", "Transport for a classification interview"),
}


APPOINTMENT_HALVES = ((480, 720), (750, 960))
"""Weekday morning (08:00-12:00) and afternoon (12:30-16:00): clear of the 12:00 count and meal."""


def appointment_rows(
    rng: random.Random, rows: dict[str, list[Row]], monday: dt.date, rate: float
) -> list[Row]:
    """External appointments (APT-01) for about `rate` of the inmates, at least 2 when the rate
    is not 0, one each, on a weekday of the week.

    Drawn last, so the other files stay as before for a seed. Inmates with an offence may be
    on lockdown, and those with a special-arrangement visit have a fixed time to keep: both
    are left out, so no appointment meets a lockdown night or clashes with a fixed visit.
    """
    if rate <= 0:
        return []
    taken = {r["inmate_id"] for r in rows["offences.csv"]}
    taken |= {r["inmate_id"] for r in rows["requests.csv"] if r["special_start"]}
    free = [p["id"] for p in rows["inmates.csv"] if p["id"] not in taken]
    count = min(len(free), max(2, round(rate * len(rows["inmates.csv"]))))
    found = [_appointment(rng, inmate_id, monday) for inmate_id in sorted(rng.sample(free, count))]
    return sorted(found, key=lambda r: (r["date"], r["start"], r["inmate_id"]))


def _appointment(rng: random.Random, inmate_id: str, monday: dt.date) -> Row:
    """One appointment of 1 to 3 hours on the half-hour inside a weekday morning or afternoon."""
    kind = rng.choice(APPOINTMENT_KINDS)
    low, high = rng.choice(APPOINTMENT_HALVES)
    minutes = rng.choice([m for m in (60, 90, 120, 150, 180) if m <= high - low])
    start = low + 30 * rng.randint(0, (high - low - minutes) // 30)
    return {
        "inmate_id": inmate_id,
        "date": (monday + dt.timedelta(days=rng.randrange(5))).isoformat(),
        "start": format_clock(start),
        "end": format_clock(start + minutes),
        "kind": kind,
        "note": rng.choice(APPOINTMENT_NOTES[kind]),
    }
