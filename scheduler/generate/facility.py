"""The generated facility: resources sized from the generated data so that the week is
feasible, and facility.yaml with a variant's settings on top."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from models.common import format_clock
from models.facility import Laundry, Razors, Recreation, Visitation
from scheduler.generate.files import Row
from scheduler.generate.people import Pod
from scheduler.generate.settings import CUSTODY_TAGS, OVERLAPPING_WINDOWS, TAGGED_WINDOW, Variant
from scheduler.generate.visits import legal_rooms
from scheduler.loading.surname import surname_letter

REC_SESSIONS_PER_DAY = 10


@dataclass(frozen=True)
class Sizing:
    """Facility resources sized from the generated data so that the week is feasible."""

    booths: int
    legal_rooms: int
    areas: int
    inventory: int
    washers: int
    dryers: int
    day_officers: int
    mid_officers: int
    night_officers: int


def varied_config(config: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """facility.yaml with the variant's settings on top of the sized Warren County ones."""
    visitation = config.setdefault("visitation", {})
    if variant.visitor_caps:
        adults, children = variant.visitor_caps
        visitation |= {"max_adults_per_visit": adults, "max_children_per_visit": children}
    if variant.custody_tags:
        config["custody_tags"] = list(CUSTODY_TAGS)
        windows = [w.model_dump(mode="json", exclude_none=True) for w in Visitation().windows]
        visitation["windows"] = [w | {"tags": [CUSTODY_TAGS[0]]} for w in windows]
        visitation["windows"].append(TAGGED_WINDOW | {"tags": list(CUSTODY_TAGS[1:])})
    if variant.overlapping_windows:
        windows = visitation.get("windows") or [
            w.model_dump(mode="json", exclude_none=True) for w in Visitation().windows
        ]
        visitation["windows"] = windows + [dict(w) for w in OVERLAPPING_WINDOWS]
    if variant.visits_per_week is not None:
        visitation |= {"social_per_week": variant.visits_per_week, "social_per_day": variant.visits_per_week}
    if not visitation:
        del config["visitation"]
    if variant.razors is not None:
        config["razors"] = config.get("razors", {}) | {"inventory": variant.razors}
    if variant.area_sizes:
        count = max(len(config.get("recreation", {}).get("areas", [])), len(variant.area_sizes), 1)
        sizes = variant.area_sizes
        areas = [{"id": f"R{k + 1:03d}", "capacity": sizes[k % len(sizes)]} for k in range(count)]
        config["recreation"] = config.get("recreation", {}) | {"areas": areas}
    if variant.evening_razors:
        evening = {"issue_offset_days": 0, "issue_start": "19:00", "collect_by": "22:30"}
        config["razors"] = config.get("razors", {}) | evening
    if variant.laundry_hours:
        start, end = variant.laundry_hours
        config["laundry"] |= {"start": format_clock(start), "end": format_clock(end)}
    return config


def size_facility(
    pods: list[Pod], people: list[Row], requests: list[Row], signups: list[Row], laundry_minutes: int = 480
) -> Sizing:
    """Resources for a feasible week: recreation areas for 1.3x the daily groups at 10
    sessions an area, razors for the busiest list at 4 uses each, officers for every
    booth group, area and one spare (day and evening), mid-shift officers for the windows
    that cross 15:00 and the laundry shift, and a night officer per 4 pods."""
    rec = Recreation().areas[0].capacity
    groups = sum(math.ceil(p.size / rec) for p in pods)
    areas = max(1, math.ceil(groups * 1.3 / REC_SESSIONS_PER_DAY))
    booths = _booths(people, requests)
    day = max(3, math.ceil(booths / 4) + areas + 1)
    per_day = Counter(r["list_date"] for r in signups)
    washers, dryers = _machines(pods, laundry_minutes)
    return Sizing(
        booths=booths,
        legal_rooms=legal_rooms(sum(r["kind"] == "legal" for r in requests)),
        areas=areas,
        inventory=max(16, math.ceil(max(per_day.values(), default=0) / 4)),
        washers=washers,
        dryers=dryers,
        day_officers=day,
        mid_officers=max(2, math.ceil(booths / 4) + 1),
        night_officers=max(2, math.ceil(len(pods) / 4)),
    )


def _booths(people: list[Row], requests: list[Row]) -> int:
    """max(4, ceil(distinct requesting inmates of the busiest window / visits per booth))."""
    visits = Visitation()
    sex = {p["id"]: p["sex"] for p in people}
    letter = {p["id"]: surname_letter(p["last_name"]) or "" for p in people}
    need = 0
    for window in visits.windows:
        low, high = (window.surname[0], window.surname[-1]) if window.surname else ("A", "Z")
        served = {
            r["inmate_id"]
            for r in requests
            if r["kind"] != "legal"
            and not r["special_start"]
            and window.sex in (None, sex[r["inmate_id"]])
            and low <= letter[r["inmate_id"]] <= high
        }
        slots = (window.end - window.start) // visits.slot_minutes
        need = max(need, math.ceil(len(served) / slots))
    return max(4, need)


def laundry_categories(pods: list[Pod]) -> list[dict[str, Any]]:
    """The default categories; those naming pods share the generated pods out in halves."""
    categories = Laundry().categories
    split = [c for c in categories if c.pods is not None]
    ids = [p.id for p in pods]
    chunk = math.ceil(len(ids) / max(1, len(split)))
    result = []
    k = 0
    for c in categories:
        pods_of = None
        if c.pods is not None:
            pods_of, k = ids[k * chunk : (k + 1) * chunk], k + 1
        pieces = c.pieces_per_inmate
        result.append({"name": c.name, "days": list(c.days), "pods": pods_of, "pieces_per_inmate": pieces})
    return result


def _machines(pods: list[Pod], minutes: int = 480) -> tuple[int, int]:
    """Washers and dryers for the busiest laundry day: 8 washes and 6 dries per machine in
    the default 8 laundry hours, proportionally fewer in a shorter day."""
    sizes = {p.id: p.size for p in pods}
    capacity = Laundry().load_capacity
    loads: Counter[str] = Counter()
    for c in laundry_categories(pods):
        members = sizes if c["pods"] is None else c["pods"]
        count = sum(math.ceil(sizes[p] * c["pieces_per_inmate"] / capacity) for p in members)
        for day in c["days"]:
            loads[day] += count
    busiest = max(loads.values())
    washes, dries = (8, 6) if minutes == 480 else (max(1, minutes * 8 // 480), max(1, minutes * 6 // 480))
    return max(2, math.ceil(busiest / washes)), max(2, math.ceil(busiest / dries))


def facility_config(inmates: int, seed: int, pods: list[Pod], sizing: Sizing) -> dict[str, Any]:
    """facility.yaml: only what differs from the Warren County defaults."""
    units = [
        {"id": p.id, "sex": p.sex} | ({"commitment": p.commitment} if p.commitment == "civil" else {})
        for p in pods
    ]
    visitation = _differing({"booths": sizing.booths, "legal_rooms": sizing.legal_rooms}, Visitation())
    laundry = _differing({"washers": sizing.washers, "dryers": sizing.dryers}, Laundry())
    name = f"Generated facility ({inmates} inmates, seed {seed})"
    config: dict[str, Any] = {"name": name, "housing_units": units}
    if visitation:
        config["visitation"] = visitation
    if sizing.areas > 1:
        config["recreation"] = {"areas": [{"id": f"R{k + 1:03d}"} for k in range(sizing.areas)]}
    if sizing.inventory != Razors().inventory:
        config["razors"] = {"inventory": sizing.inventory}
    config["laundry"] = laundry | {"categories": laundry_categories(pods)}
    return config


def _differing(values: dict[str, int], defaults: object) -> dict[str, int]:
    return {k: v for k, v in values.items() if getattr(defaults, k) != v}
