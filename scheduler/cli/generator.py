"""`jailsched generate`: a valid random instance of any size, deterministic for a seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from models.common import parse_clock


def _pair(
    value: str | None, option: str, parse: Callable[[str], Any], sep: str = ","
) -> tuple[Any, Any] | None:
    """An option given as two values "A,B" (or "A-B"), each parsed; a bad one is a usage error."""
    if value is None:
        return None
    parts = value.split(sep)
    try:
        if len(parts) != 2:
            raise ValueError(value)
        return parse(parts[0].strip()), parse(parts[1].strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not two values separated by {sep!r}", param_hint=option
        ) from None


def _numbers(value: str, option: str) -> tuple[int, ...]:
    """Whole numbers of at least 1 separated by commas; anything else is a usage error."""
    try:
        numbers = tuple(int(v) for v in value.split(","))
    except ValueError:
        numbers = ()
    if not numbers or min(numbers) < 1:
        raise click.BadParameter(
            f"{value!r} is not whole numbers of at least 1 like 30,10", param_hint=option
        )
    return numbers


@click.command()
@click.option("--inmates", type=click.IntRange(10, 20000), required=True, help="Population, 10 to 20,000.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    default=1,
    show_default=True,
    help="Consecutive weeks of one facility in OUT/week-1..N (the same inmates, with turnover).",
)
@click.option(
    "--requests",
    "requests_rate",
    type=click.FloatRange(0, 5),
    default=0.6,
    show_default=True,
    help="Social visit requests per inmate.",
)
@click.option(
    "--multi-visitor",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    help="Share of requests with 3-4 visitors.",
)
@click.option(
    "--children",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Share of requests bringing a child under 16.",
)
@click.option(
    "--lockdowns",
    type=click.FloatRange(0, 1),
    default=0.01,
    show_default=True,
    help="Share of inmates on lockdown some nights.",
)
@click.option(
    "--separations",
    type=click.FloatRange(0, 1),
    default=0.02,
    show_default=True,
    help="Keep-separate pairs per inmate.",
)
@click.option(
    "--sanctions",
    type=click.FloatRange(0, 1),
    default=0.02,
    show_default=True,
    help="Share of inmates with a suspended privilege.",
)
@click.option(
    "--appointments",
    type=click.FloatRange(0, 1),
    default=0.01,
    show_default=True,
    help="Share of inmates with a weekday court, medical or transport appointment (at least 2 if not 0).",
)
@click.option(
    "--visitor-caps",
    metavar="ADULTS,CHILDREN",
    callback=lambda _c, _p, v: _pair(v, "--visitor-caps", int),
    help="Cap adults and children per visit separately (VIS-04), e.g. 2,2.",
)
@click.option(
    "--custody-tags", is_flag=True, help="Custody tags on inmates and windows selecting them (VIS-01)."
)
@click.option(
    "--razors", type=click.IntRange(0), help="Razor inventory instead of the sized one (scarce razors)."
)
@click.option(
    "--laundry-hours",
    metavar="HH:MM-HH:MM",
    callback=lambda _c, _p, v: _pair(v, "--laundry-hours", parse_clock, "-"),
    help="Laundry hours (e.g. a short morning shift 07:00-12:00); machines are sized for them.",
)
@click.option(
    "--area-sizes",
    metavar="N,N,...",
    callback=lambda _c, _p, v: None if v is None else _numbers(v, "--area-sizes"),
    help="Recreation area capacities, given to the areas in turn (REC-03), e.g. 30,10.",
)
@click.option("--evening-razors", is_flag=True, help="Issue razors on the list day, 19:00-22:30 (RAZ-01).")
@click.option(
    "--booths", type=click.IntRange(1), help="Booths instead of the sized number (VIS-02): scarce booths."
)
@click.option(
    "--booth-share",
    type=click.FloatRange(0, 1, min_open=True),
    help="Booths as this share of the sized number, at least 1 (VIS-02), e.g. 0.75.",
)
@click.option(
    "--families",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of social requests whose visitors also visit 1-2 other inmates (VIS-05).",
)
@click.option(
    "--overlapping-windows",
    is_flag=True,
    help="Extra windows overlapping the defaults in time and inmates (VIS-01).",
)
@click.option(
    "--visits-per-week",
    type=click.IntRange(1),
    help="Social visits per inmate a week and a day (VIS-06); use with --requests 1 or more.",
)
@click.argument("out", type=click.Path(path_type=Path))
def generate(
    inmates: int,
    seed: int,
    weeks: int,
    requests_rate: float,
    multi_visitor: float,
    children: float,
    lockdowns: float,
    separations: float,
    sanctions: float,
    appointments: float,
    visitor_caps: tuple[int, int] | None,
    custody_tags: bool,
    razors: int | None,
    laundry_hours: tuple[int, int] | None,
    area_sizes: tuple[int, ...] | None,
    evening_razors: bool,
    booths: int | None,
    booth_share: float | None,
    families: float,
    overlapping_windows: bool,
    visits_per_week: int | None,
    out: Path,
) -> None:
    """Write a valid random instance of any size to OUT, deterministic for a seed."""
    from scheduler.generate import GeneratorRates, Variant, generate_instance

    rates = GeneratorRates(
        requests=requests_rate,
        multi_visitor=multi_visitor,
        children=children,
        lockdowns=lockdowns,
        separations=separations,
        sanctions=sanctions,
        appointments=appointments,
    )
    variant = Variant(
        visitor_caps,
        custody_tags,
        razors,
        laundry_hours,
        area_sizes,
        evening_razors,
        booths=booths,
        booth_share=booth_share,
        families=families,
        overlapping_windows=overlapping_windows,
        visits_per_week=visits_per_week,
    )
    if weeks > 1:
        from scheduler.generate.weeks import generate_weeks

        for folder in generate_weeks(out, inmates, seed, weeks, rates, variant=variant):
            click.echo(f"{folder}: {inmates} inmates, seed {seed}")
        return
    generate_instance(out, inmates, seed, rates, variant=variant)
    click.echo(f"{out}: {inmates} inmates, seed {seed}")
