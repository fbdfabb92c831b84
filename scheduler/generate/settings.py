"""What can be asked of a generated week: its size, the rates of its events (the flags of
`jailsched generate`), and how its facility differs from Warren County's rules."""

from __future__ import annotations

from dataclasses import dataclass

MIN_INMATES = 10
MAX_INMATES = 20_000


@dataclass(frozen=True)
class GeneratorRates:
    """Rates of the generated week's events (the flags of `jailsched generate`)."""

    requests: float = 0.6  # social requests per inmate
    multi_visitor: float = 0.2  # share of requests with 3-4 visitors
    children: float = 0.1  # share of requests bringing a child under 16
    lockdowns: float = 0.01  # share of inmates on lockdown some nights
    separations: float = 0.02  # keep-separate pairs per inmate
    sanctions: float = 0.02  # share of inmates with a suspended privilege
    appointments: float = 0.01  # share of inmates with an external appointment (at least 2 a week)


DEFAULT_RATES = GeneratorRates()
CUSTODY_TAGS = ("general_population", "restrictive_housing", "administrative_segregation")


CUSTODY_SHARES = (0.06, 0.03)
"""Shares of inmates in restrictive housing and administrative segregation (the rest are
general population) when a variant asks for custody tags."""


TAGGED_WINDOW = {"day": "fri", "start": "13:00", "end": "16:00"}
"""The weekday window of restrictive housing and administrative segregation."""


@dataclass(frozen=True)
class Variant:
    """How a generated facility differs from Warren County's rules (the flags of `jailsched
    generate`); the default changes nothing, so default instances stay byte-identical."""

    visitor_caps: tuple[int, int] | None = None  # max adults, max children per visit (VIS-04)
    custody_tags: bool = False  # tags on inmates, windows selecting them (VIS-01)
    razors: int | None = None  # razor inventory instead of the sized one (RAZ-03): scarce razors
    laundry_hours: tuple[int, int] | None = None  # laundry start and end (LAU-04): a short shift
    area_sizes: tuple[int, ...] | None = None  # recreation area capacities, in turn (REC-03)
    evening_razors: bool = False  # razors issued on the list day, 19:00-22:30 (RAZ-01 offset 0)
    booths: int | None = None  # booths instead of the sized number (VIS-02): scarce booths
    booth_share: float | None = None  # or this share of the sized booths (at least 1)
    families: float = 0.0  # share of social requests whose visitors also visit 1-2 other inmates
    overlapping_windows: bool = False  # extra windows overlapping the defaults in time and inmates
    visits_per_week: int | None = None  # social quota a week and a day (VIS-06): 2+ visits a week


CONTENDED = Variant(booth_share=0.75, families=0.3, overlapping_windows=True)
"""The benchmarks' contended week: a quarter fewer booths than sized, families visiting
several inmates, and inmates served by two overlapping windows, where first come first
served by hand serves fewer (1,000 inmates, seed 1: 532 against 585). With two visits a
week as well (`visits_per_week=2`, `CONTENDED_RATES`), CP-SAT proves the 1,000-inmate week
in about 3 s; with families too, not in 60 s (L1 gap 0.46)."""


CONTENDED_RATES = GeneratorRates(requests=1.0)
"""More requests per inmate, so a quota of two visits a week is contended."""


OVERLAPPING_WINDOWS = (
    {"day": "sat", "start": "09:00", "end": "11:30", "sex": "M", "surname": "A-L"},
    {"day": "sun", "start": "19:30", "end": "22:00", "sex": "M", "surname": "M-Z"},
    {"day": "sun", "start": "08:30", "end": "10:30", "sex": "F"},
)
"""Windows added by `overlapping_windows`: each overlaps a default window in time and in the
inmates it serves (Sat 08-11 A-F, Sun 19-22 F N-Z, Sun 08-11 T-Z), so those inmates are
served by two windows sharing the booths; each lies inside one officer shift (STF-03)."""


DEFAULT_VARIANT = Variant()
