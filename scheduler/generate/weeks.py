"""Consecutive generated weeks of one facility (`jailsched generate --weeks N`), to test the
week after week (CON-01..03): the same facility file every week (sized on the first week),
the same staff, and the same inmates with a realistic turnover from one week to the next
(`TURNOVER` released and as many booked in, `MOVES` moved to another pod of their sex and
commitment); each week's requests, appointments, offences, razor sign-ups and balances are
its own. Folders `week-1` ... `week-N` under the output folder, Mondays a week apart."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from scheduler.generate.appointments import appointment_rows
from scheduler.generate.facility import facility_config, size_facility, varied_config
from scheduler.generate.files import Row, write_instance
from scheduler.generate.people import Pod, inmate_rows, make_pods
from scheduler.generate.rows import week_rows
from scheduler.generate.settings import DEFAULT_RATES, DEFAULT_VARIANT, GeneratorRates, Variant
from scheduler.generate.staff import staff_relationship_rows, staff_rows

TURNOVER = 0.08
"""Share of inmates released each week, replaced by as many bookings."""
MOVES = 0.01
"""Share of inmates moved to another pod each week."""


def generate_weeks(
    out: Path,
    inmates: int,
    seed: int,
    weeks: int,
    rates: GeneratorRates = DEFAULT_RATES,
    monday: dt.date = dt.date(2026, 11, 30),
    variant: Variant = DEFAULT_VARIANT,
) -> list[Path]:
    """Write `weeks` consecutive week folders; their paths, first week first."""
    rng = random.Random(seed)
    pods = make_pods(inmates)
    people = inmate_rows(rng, pods)
    folders, config, staff = [], None, None
    for w in range(weeks):
        day = monday + dt.timedelta(days=7 * w)
        if w:
            people = _turnover(random.Random(f"{seed} turnover {w}"), people, pods)
        week_rng = random.Random(f"{seed} week {w}")
        rows = week_rows(week_rng, [dict(p) for p in people], pods, day, rates, variant)
        if config is None:
            sizing = size_facility(pods, people, rows["requests.csv"], rows["razor_signups.csv"], 480)
            staff = staff_rows(week_rng, sizing)
            config = varied_config(facility_config(inmates, seed, pods, sizing), variant)
        rows["staff.csv"] = staff  # type: ignore[assignment]
        rows["staff_relationships.csv"] = staff_relationship_rows(week_rng, rows)
        rows["appointments.csv"] = appointment_rows(week_rng, rows, day, rates.appointments)
        folder = out / f"week-{w + 1}"
        write_instance(folder, day, config, rows)
        folders.append(folder)
    return folders


def _turnover(rng: random.Random, people: list[Row], pods: list[Pod]) -> list[Row]:
    """Releases replaced by bookings into the same pods (new ids after the highest), and a
    few moves between pods of one sex and commitment; the population stays the same."""
    released = set(rng.sample(range(len(people)), round(TURNOVER * len(people))))
    top = max(int(p["id"][1:]) for p in people)
    out = []
    for k, person in enumerate(people):
        if k in released:
            top += 1
            fresh = inmate_rows(rng, [Pod(person["pod"], person["sex"], person["commitment"], 1)])[0]
            out.append(fresh | {"id": f"I{top:05d}", "cell": person["cell"]})
        else:
            out.append(dict(person))
    kinds: dict[tuple[str, str], list[str]] = {}
    for pod in pods:
        kinds.setdefault((pod.sex, pod.commitment), []).append(pod.id)
    for k in rng.sample(range(len(out)), round(MOVES * len(out))):
        person = out[k]
        others = [p for p in kinds[(person["sex"], person["commitment"])] if p != person["pod"]]
        if others:
            person["pod"] = rng.choice(others)
            person["cell"] = f"{person['pod']}-{rng.randint(1, 20):02d}"
    return out
