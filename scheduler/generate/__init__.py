"""Synthetic week instances at any population (`jailsched generate`).

A generated instance is a Warren County week scaled up or down: pods of about 40 inmates,
and booths, recreation areas, razors, machines, legal rooms and officers sized from the
generated data so that the week is feasible. The same (inmates, seed, rates, monday) always
gives byte-identical files: one `random.Random(seed)`, ordered iteration, fixed formatting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from scheduler.generate.appointments import appointment_rows
from scheduler.generate.facility import facility_config, size_facility, varied_config
from scheduler.generate.files import write_instance
from scheduler.generate.people import inmate_rows, make_pods, tag_custody
from scheduler.generate.rows import week_rows
from scheduler.generate.settings import (
    CONTENDED,
    CONTENDED_RATES,
    DEFAULT_RATES,
    DEFAULT_VARIANT,
    MAX_INMATES,
    MIN_INMATES,
    GeneratorRates,
    Variant,
)
from scheduler.generate.staff import staff_relationship_rows, staff_rows


def generate_instance(
    out: Path,
    inmates: int,
    seed: int,
    rates: GeneratorRates = DEFAULT_RATES,
    monday: dt.date = dt.date(2026, 11, 30),
    variant: Variant = DEFAULT_VARIANT,
) -> None:
    """Write a feasible instance folder of `inmates` inmates to `out`, reproducibly from `seed`."""
    if not MIN_INMATES <= inmates <= MAX_INMATES:
        raise ValueError(f"inmates must be between {MIN_INMATES} and {MAX_INMATES}, got {inmates}")
    if monday.weekday() != 0:
        raise ValueError(f"{monday} is not a Monday")
    rng = random.Random(seed)
    pods = make_pods(inmates)
    people = inmate_rows(rng, pods)
    rows = week_rows(rng, people, pods, monday, rates, variant)
    hours = variant.laundry_hours
    minutes = hours[1] - hours[0] - 90 if hours else 480  # counts and meals fall inside short hours
    sizing = size_facility(pods, people, rows["requests.csv"], rows["razor_signups.csv"], minutes)
    rows["staff.csv"] = staff_rows(rng, sizing)
    rows["staff_relationships.csv"] = staff_relationship_rows(rng, rows)
    rows["appointments.csv"] = appointment_rows(rng, rows, monday, rates.appointments)
    if variant.custody_tags:
        tag_custody(random.Random(f"tags {seed}"), people)
    if variant.booths is not None or variant.booth_share is not None:
        booths = variant.booths or max(1, round(sizing.booths * (variant.booth_share or 1.0)))
        sizing = dataclasses.replace(sizing, booths=booths)
    config = varied_config(facility_config(inmates, seed, pods, sizing), variant)
    write_instance(out, monday, config, rows)


__all__ = [
    "CONTENDED",
    "CONTENDED_RATES",
    "DEFAULT_RATES",
    "MAX_INMATES",
    "MIN_INMATES",
    "GeneratorRates",
    "Variant",
    "generate_instance",
]
