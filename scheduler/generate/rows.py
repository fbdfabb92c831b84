"""A generated week's own rows around its inmates: balances, separations, offences,
sanctions, visitors and requests, razor sign-ups (one order of draws from `rng`, so a seed
gives the same files)."""

from __future__ import annotations

import datetime as dt
import random

from scheduler.generate.files import Row
from scheduler.generate.people import Pod, balance_rows, offence_rows, sanction_rows, separation_rows
from scheduler.generate.razors import razor_signup_rows
from scheduler.generate.settings import GeneratorRates, Variant
from scheduler.generate.visits import Visits


def week_rows(
    rng: random.Random,
    people: list[Row],
    pods: list[Pod],
    monday: dt.date,
    rates: GeneratorRates,
    variant: Variant,
) -> dict[str, list[Row]]:
    """The week's rows; `people` is the inmates.csv rows (balances mark the indigent)."""
    n = len(people)
    rows: dict[str, list[Row]] = {"inmates.csv": people}
    rows["balances.csv"] = balance_rows(rng, people, monday)
    rows["separations.csv"] = separation_rows(rng, people, pods, round(rates.separations * n))
    rows["offences.csv"] = offence_rows(rng, people, monday, round(rates.lockdowns * n))
    rows["sanctions.csv"] = sanction_rows(rng, people, monday, round(rates.sanctions * n))
    visits = Visits(rng, monday, people)
    visits.build(rates, variant.families)
    rows["visitors.csv"], rows["relations.csv"], rows["requests.csv"] = visits.rows()
    rows["razor_signups.csv"] = razor_signup_rows(rng, people, pods, monday)
    return rows
