"""DIS-01: lockdown spells from offences by the WC 23 baseline table, or admin review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.facility import Discipline
from models.instance import AdminReview, Lockdown
from models.roster import Offence


def lockdown_days(table: Discipline, category: str, nth: int) -> int | None:
    """Days of lockdown for the nth offence (1-based) of a category; None means admin review.

    A 4th or later offence uses the table's last column.
    """
    column = table.lockdown_days.get(category)
    if column is None:
        return None
    return column[min(nth, len(column)) - 1]


def derive_lockdowns(
    offences: list[Offence], table: Discipline, week: list[dt.date]
) -> tuple[list[Lockdown], list[AdminReview]]:
    """Lockdown spells (with their nights inside the week) and admin-review cases.

    The nth offence counts the inmate's earlier offences of the same category, in date
    order; an offence breaking several rules at once goes to review. A spell of N days
    runs from the offence date, and each of those dates' nights is a lockdown night.
    """
    seen: dict[tuple[str, str], int] = defaultdict(int)
    spells: list[Lockdown] = []
    reviews: list[AdminReview] = []
    for off in sorted(offences, key=lambda o: (o.date, o.id)):
        seen[(off.inmate_id, off.category)] += 1
        nth = seen[(off.inmate_id, off.category)]
        if len(off.rules) > 1:
            reviews.append(
                AdminReview(inmate_id=off.inmate_id, offence_id=off.id, reason="several rules at once")
            )
            continue
        days = lockdown_days(table, off.category, nth)
        if days is None:
            reviews.append(
                AdminReview(inmate_id=off.inmate_id, offence_id=off.id, reason=f"category {off.category!r}")
            )
            continue
        span = {off.date + dt.timedelta(days=i) for i in range(days)}
        nights = sorted(span.intersection(week))
        spells.append(
            Lockdown(inmate_id=off.inmate_id, offence_id=off.id, start=off.date, days=days, nights=nights)
        )
    return spells, reviews
