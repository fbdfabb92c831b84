"""IND-01: indigent status from the balance ledger."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from models.facility import Supplies
from models.roster import Balance


def indigent_inmates(balances: list[Balance], supplies: Supplies, package_day: dt.date) -> list[str]:
    """Inmates whose balance stayed at or below the threshold for the whole look-back.

    The ledger holds change points: a row sets the balance from its date until the next
    row. The look-back is the `indigent_lookback_days` days before the package day; an
    inmate with no balance known at the start of the look-back is not indigent.
    """
    first = package_day - dt.timedelta(days=supplies.indigent_lookback_days)
    by_inmate: dict[str, list[Balance]] = defaultdict(list)
    for row in balances:
        by_inmate[row.inmate_id].append(row)
    result = []
    for inmate_id, rows in sorted(by_inmate.items()):
        rows.sort(key=lambda r: r.date)
        before = [r for r in rows if r.date <= first]
        during = [r for r in rows if first < r.date < package_day]
        if not before:
            continue
        window = [before[-1], *during]
        if all(r.balance_cents <= supplies.indigent_threshold_cents for r in window):
            result.append(inmate_id)
    return result
