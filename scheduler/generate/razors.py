"""The generated razor sign-ups (RAZ-01): a share of each pod signs each list."""

from __future__ import annotations

import datetime as dt
import random

from models.common import WEEKDAYS
from models.facility import Razors
from scheduler.generate.files import Row
from scheduler.generate.people import Pod, ids_by_pod


def razor_signup_rows(rng: random.Random, people: list[Row], pods: list[Pod], monday: dt.date) -> list[Row]:
    """About 30% of each pod (at most 16) on each list day's razor list, in random order."""
    members = ids_by_pod(people)
    rows: list[Row] = []
    for day in Razors().list_days:
        date = (monday + dt.timedelta(days=WEEKDAYS.index(day))).isoformat()
        names: list[str] = []
        for pod in pods:
            k = min(pod.size, 16, max(0, round(pod.size * 0.3 + rng.uniform(-2, 2))))
            names.extend(rng.sample(members[pod.id], k))
        rng.shuffle(names)
        rows.extend({"inmate_id": i, "list_date": date, "position": str(n + 1)} for n, i in enumerate(names))
    return rows
