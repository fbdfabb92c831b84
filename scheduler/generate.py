"""Synthetic week instances at any population (`jailsched generate`).

A generated instance is a Warren County week scaled up or down: pods of about 40 inmates,
and booths, recreation areas, razors, machines, legal rooms and officers sized from the
generated data so that the week is feasible. The same (inmates, seed, rates, monday) always
gives byte-identical files: one `random.Random(seed)`, ordered iteration, fixed formatting.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from models.common import WEEKDAYS, format_clock
from models.facility import Discipline, Laundry, Razors, Recreation, Visitation
from models.roster import CSV_FILES
from scheduler.surname import surname_letter

Row = dict[str, str]

MIN_INMATES = 10
MAX_INMATES = 20_000
POD_TARGET = 40
REC_SESSIONS_PER_DAY = 10
LEGAL_PER_ROOM = 20
LEGAL_STARTS = (540, 600, 660, 780, 840, 900)
"""Legal visit starts (09:00-15:00) that keep a 60 min visit clear of the 12:00 count and meal."""

MALE_FIRST = (
    "James", "John", "Robert", "Michael", "William", "David", "José", "Carlos", "Luis", "André",
    "Tyrone", "Kevin", "Brian", "Jason", "Marcus", "Darnell", "Eric", "Steven", "Anthony", "Daniel",
    "Matthew", "Christopher", "Joshua", "Juan", "Miguel", "Thanh", "Wei", "Omar", "Zoltán", "René",
)  # fmt: skip
FEMALE_FIRST = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "María", "Ana", "Sofía", "Jessica", "Ashley",
    "Amanda", "Tiffany", "Keisha", "Nicole", "Michelle", "Emily", "Sarah", "Rachel", "Chloé", "Inés",
    "Mei", "Fatima", "Aaliyah", "Brenda", "Denise", "Gloria", "Hannah", "Yolanda", "Zoë", "Olga",
)  # fmt: skip
ALL_FIRST = FEMALE_FIRST + MALE_FIRST
LAST_NAMES = (
    "Adams", "Allen", "Alvarez", "Álvarez", "Baker", "Brown", "Bennett", "Brooks", "Carter", "Clark",
    "Collins", "Čapek", "Davis", "Diaz", "D'Angelo", "de la Cruz", "Di Napoli", "da Silva", "Edwards",
    "Ellis", "Evans", "Émond", "Fisher", "Flores", "Foster", "Ford", "Garcia", "Gomez", "Green", "Gray",
    "Harris", "Hall", "Hughes", "Hernandez", "Ibáñez", "Irwin", "Ingram", "Iverson", "Jackson",
    "Johnson", "Jones", "Jenkins", "King", "Kelly", "Kim", "Kowalski", "Lee", "Lewis", "Lopez",
    "Le Blanc", "Martin", "Miller", "Moore", "Murphy", "McAllister", "Nelson", "Nguyen", "Nash",
    "Núñez", "O'Brien", "O'Connor", "O'Neill", "Ortiz", "Owens", "Öztürk", "Parker", "Perez", "Patel",
    "Price", "Quinn", "Quintero", "Quigley", "Robinson", "Reed", "Rivera", "Rogers", "Smith", "Scott",
    "Sanchez", "Stewart", "Šimek", "Taylor", "Thomas", "Turner", "Torres", "Underwood", "Upton",
    "Uribe", "Úlfarsson", "Vasquez", "Vaughn", "Vega", "van der Berg", "Walker", "White", "Wilson",
    "Wright", "Xiong", "Xavier", "Young", "Yates", "Yilmaz", "Zimmerman", "Zamora", "Zhang", "Žukowski",
)  # fmt: skip
MINOR_RULES = (26, 32, 33, 35, 38, 42, 45, 46, 47, 48)
DISRESPECT_RULES = (14, 20, 24, 39)
MAJOR_RULES = (3, 4, 9, 12, 19, 25)
SEPARATION_REASONS = ("co_defendant", "adversary", "victim_accused", "protective_custody", "other")
PRIVILEGES = ("visitation", "recreation", "razor", "commissary", "phone")
ADULT_RELATIONS = (
    "spouse",
    "parent",
    "sibling",
    "child",
    "grandparent",
    "other_family",
    "friend",
    "step_parent",
)
CHILD_RELATIONS = ("child", "grandchild", "sibling")
EMPLOYEE_TYPES = ("merit", "contract", "volunteer", "seasonal")
STAFF_KINDS = ("relative", "friend", "associate", "prior_relationship", "adversary")
SHIFTS = ("07:00-15:00", "08:00-16:00", "15:00-23:00", "23:00-07:00")
"""Day, mid (the 08:00-16:00 laundry shift and the 13:00-16:00 windows), evening, night."""


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


@dataclass(frozen=True)
class Pod:
    """A generated housing unit and its headcount."""

    id: str
    sex: str
    commitment: str
    size: int


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
    people = _inmates(rng, pods)
    rows: dict[str, list[Row]] = {"inmates.csv": people}
    rows["balances.csv"] = _balances(rng, people, monday)
    rows["separations.csv"] = _separations(rng, people, pods, round(rates.separations * inmates))
    rows["offences.csv"] = _offences(rng, people, monday, round(rates.lockdowns * inmates))
    rows["sanctions.csv"] = _sanctions(rng, people, monday, round(rates.sanctions * inmates))
    visits = _Visits(rng, monday, people)
    visits.build(rates, variant.families)
    rows["visitors.csv"], rows["relations.csv"], rows["requests.csv"] = visits.rows()
    rows["razor_signups.csv"] = _razor_signups(rng, people, pods, monday)
    hours = variant.laundry_hours
    minutes = hours[1] - hours[0] - 90 if hours else 480  # counts and meals fall inside short hours
    sizing = size_facility(pods, people, rows["requests.csv"], rows["razor_signups.csv"], minutes)
    rows["staff.csv"] = _staff(rng, sizing)
    rows["staff_relationships.csv"] = _staff_relationships(rng, rows)
    rows["appointments.csv"] = _appointments(rng, rows, monday, rates.appointments)
    if variant.custody_tags:
        _tag(random.Random(f"tags {seed}"), people)
    if variant.booths is not None or variant.booth_share is not None:
        booths = variant.booths or max(1, round(sizing.booths * (variant.booth_share or 1.0)))
        sizing = dataclasses.replace(sizing, booths=booths)
    config = _varied(facility_config(inmates, seed, pods, sizing), variant)
    _write(out, monday, config, rows)


def _tag(rng: random.Random, people: list[Row]) -> None:
    """Custody tags drawn from their own generator, so the rest of the week is unchanged."""
    for person in people:
        draw = rng.random()
        k = 1 if draw < CUSTODY_SHARES[0] else 2 if draw < sum(CUSTODY_SHARES) else 0
        person["tags"] = CUSTODY_TAGS[k]


def _varied(config: dict[str, Any], variant: Variant) -> dict[str, Any]:
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


# --- housing and inmates -------------------------------------------------------------------


def make_pods(inmates: int) -> list[Pod]:
    """Pods of about 40: ~10% female, ~5% civil; one male and one female pod when tiny."""
    count = max(2, math.ceil(inmates / POD_TARGET))
    female = 1 if inmates < 20 else max(1, round(count * 0.10))
    civil = 0 if inmates < 20 else round(count * 0.05)
    civil_female = round(female * 0.05)
    civil_male = min(civil - civil_female, count - female - 1)
    kinds = (
        [("M", "criminal")] * (count - female - civil_male)
        + [("M", "civil")] * civil_male
        + [("F", "criminal")] * (female - civil_female)
        + [("F", "civil")] * civil_female
    )
    base, extra = divmod(inmates, count)
    return [
        Pod(f"P{i + 1:03d}", sex, commitment, base + (i < extra)) for i, (sex, commitment) in enumerate(kinds)
    ]


def _inmates(rng: random.Random, pods: list[Pod]) -> list[Row]:
    """One row per inmate, pod by pod, ids I00001...; civil pods have no charge."""
    rows: list[Row] = []
    for pod in pods:
        for bunk in range(pod.size):
            charge = "" if pod.commitment == "civil" else rng.choice(("felony", "felony", "misdemeanour"))
            violent = charge == "felony" and rng.random() < 0.35
            rows.append(
                {
                    "id": f"I{len(rows) + 1:05d}",
                    "first_name": rng.choice(FEMALE_FIRST if pod.sex == "F" else MALE_FIRST),
                    "last_name": rng.choice(LAST_NAMES),
                    "sex": pod.sex,
                    "pod": pod.id,
                    "cell": f"{pod.id}-{bunk // 2 + 1:02d}",
                    "commitment": pod.commitment,
                    "charge": charge,
                    "violent": _flag(violent),
                    "trustee": _flag(charge == "misdemeanour" and rng.random() < 0.08),
                    "indigent_request": "false",
                }
            )
    return rows


def _balances(rng: random.Random, people: list[Row], monday: dt.date) -> list[Row]:
    """One or two balance rows per inmate; ~3% indigent (<= $0.02) since well before the week."""
    rows: list[Row] = []
    for person in people:
        first = monday - dt.timedelta(days=rng.randint(20, 90))
        if rng.random() < 0.03:
            rows.append(_balance(person["id"], first, rng.randint(0, 2)))
            person["indigent_request"] = _flag(rng.random() < 0.8)
            continue
        rows.append(_balance(person["id"], first, rng.randint(3, 25_000)))
        if rng.random() < 0.5:
            later = monday - dt.timedelta(days=rng.randint(1, 15))
            rows.append(_balance(person["id"], later, rng.randint(0, 25_000)))
        person["indigent_request"] = _flag(rng.random() < 0.02)
    return rows


def _balance(inmate_id: str, day: dt.date, cents: int) -> Row:
    return {"inmate_id": inmate_id, "date": day.isoformat(), "balance": f"{cents // 100}.{cents % 100:02d}"}


def _separations(rng: random.Random, people: list[Row], pods: list[Pod], count: int) -> list[Row]:
    """Keep-separate pairs, ~85% inside a pod (always bunk parities apart, so two groups
    split them), the rest across pods; no self-pairs or duplicates."""
    members = _by_pod(people)
    roomy = [p.id for p in pods if p.size >= 2]
    pairs: set[tuple[str, str]] = set()
    for _ in range(count * 20):
        if len(pairs) >= count:
            break
        if rng.random() < 0.85 or len(pods) < 2:
            pod = members[rng.choice(roomy)]
            a, b = rng.choice(pod[0::2]), rng.choice(pod[1::2])
        else:
            one, two = rng.sample(pods, 2)
            a, b = rng.choice(members[one.id]), rng.choice(members[two.id])
        pairs.add((min(a, b), max(a, b)))
    reasons = [rng.choice(SEPARATION_REASONS) for _ in pairs]
    return [
        {"inmate_a": a, "inmate_b": b, "reason": r} for (a, b), r in zip(sorted(pairs), reasons, strict=True)
    ]


def _by_pod(people: list[Row]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for person in people:
        members[person["pod"]].append(person["id"])
    return members


# --- discipline ----------------------------------------------------------------------------


def _offences(rng: random.Random, people: list[Row], monday: dt.date, count: int) -> list[Row]:
    """Lockdown offences putting `count` inmates (at most 3 a pod) on lockdown some nights of
    the week, some of them second offences; plus a few `major` offences for admin review."""
    table = Discipline().lockdown_days
    per_pod: Counter[str] = Counter()
    chosen: list[str] = []
    for person in rng.sample(people, len(people)):
        if len(chosen) >= count:
            break
        if per_pod[person["pod"]] < 3:
            per_pod[person["pod"]] += 1
            chosen.append(person["id"])
    found: list[tuple[str, dt.date, str, str]] = []
    for inmate_id in sorted(chosen):
        category = rng.choice(sorted(table))
        rules = MINOR_RULES if category == "minor" else DISRESPECT_RULES
        nth = 1
        if rng.random() < 0.2:
            earlier = monday - dt.timedelta(days=rng.randint(40, 120))
            found.append((inmate_id, earlier, category, str(rng.choice(rules))))
            nth = 2
        days = table[category][min(nth, len(table[category])) - 1]
        day = monday + dt.timedelta(days=rng.randint(max(-14, 1 - days), 6))
        found.append((inmate_id, day, category, str(rng.choice(rules))))
    for person in rng.sample(people, max(1, round(len(people) * 0.002))):
        rules = rng.sample(MAJOR_RULES, rng.randint(1, 2))
        day = monday + dt.timedelta(days=rng.randint(-10, 3))
        found.append((person["id"], day, "major", ";".join(map(str, sorted(rules)))))
    found.sort()
    return [
        {"id": f"D{k + 1:05d}", "inmate_id": i, "date": d.isoformat(), "category": c, "rules": r}
        for k, (i, d, c, r) in enumerate(found)
    ]


def _sanctions(rng: random.Random, people: list[Row], monday: dt.date, count: int) -> list[Row]:
    """Suspended privileges overlapping the week."""
    rows: list[Row] = []
    for person in sorted(rng.sample(people, count), key=lambda p: p["id"]):
        start = monday + dt.timedelta(days=rng.randint(-3, 6))
        end = max(monday, start + dt.timedelta(days=rng.randint(1, 10)))
        rows.append(
            {
                "id": f"S{len(rows) + 1:05d}",
                "inmate_id": person["id"],
                "privilege": rng.choice(PRIVILEGES),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "reason": rng.choice(("hearing decision", "altered razor", "medical precaution", "")),
            }
        )
    return rows


# --- visits --------------------------------------------------------------------------------


class _Visits:
    """Builds visitors, relations and requests: social (with employee, multi-visitor and
    child visits), legal with attorneys, and clergy; each visitor in at most 2 requests."""

    def __init__(self, rng: random.Random, monday: dt.date, people: list[Row]) -> None:
        self.rng = rng
        self.monday = monday
        self.people = people
        self.visitors: list[Row] = []
        self.relations: dict[tuple[str, str], Row] = {}
        self.requests: list[Row] = []
        self.reusable: list[str] = []

    def build(self, rates: GeneratorRates, families: float = 0.0) -> None:
        """Generate every request, then give them unique registration times."""
        n = len(self.people)
        social = round(rates.requests * n)
        employees = min(social, round(n * 0.002))
        for k in range(social):
            person = self.rng.choice(self.people)
            if k < employees:
                self._employee(person)
            else:
                self._social(person, rates)
        if families > 0:
            self._families(round(families * (social - employees)), employees)
        self._legal(round(n * 0.01))
        self._clergy(round(n * 0.005))
        self._stamp()

    def rows(self) -> tuple[list[Row], list[Row], list[Row]]:
        """visitors.csv, relations.csv and requests.csv rows."""
        relations = [self.relations[key] for key in sorted(self.relations)]
        return self.visitors, relations, self.requests

    def _social(self, person: Row, rates: GeneratorRates) -> None:
        rng = self.rng
        size = rng.randint(3, 4) if rng.random() < rates.multi_visitor else rng.choice((1, 1, 2))
        child = rng.random() < rates.children
        ids: list[str] = []
        if child:
            ids.append(self._visitor(person, rng.choice(("spouse", "parent", "sibling")), state=True))
            ids.append(self._visitor(person, rng.choice(CHILD_RELATIONS), child=True))
        while len(ids) < size:
            ids.append(self._adult(person, ids))
        self._request(person["id"], "social", ids)

    def _adult(self, person: Row, taken: list[str]) -> str:
        """A new adult visitor, or now and then one already in another request."""
        if self.reusable and self.rng.random() < 0.08:
            index = self.rng.randrange(len(self.reusable))
            vid = self.reusable[index]
            if vid not in taken:
                self.reusable[index] = self.reusable[-1]
                self.reusable.pop()
                if (vid, person["id"]) not in self.relations:
                    self._relate(vid, person["id"], self.rng.choice(("friend", "other_family", "other")))
                return vid
        vid = self._visitor(person, self.rng.choice(ADULT_RELATIONS), valid=self.rng.random() > 0.005)
        self.reusable.append(vid)
        return vid

    def _families(self, count: int, employees: int) -> None:
        """Families visiting several inmates: `count` social requests' visitors (employees
        left out) also ask to visit 1 or 2 other inmates, as their siblings (immediate
        family, so children may come too: VTR-02, VTR-05). Their visits then clash in time
        (VIS-05) wherever those inmates' windows overlap."""
        social = self.requests[employees:]
        for row in self.rng.sample(social, min(count, len(social))):
            visitors = row["visitor_ids"].split(";")
            for person in self.rng.sample(self.people, self.rng.randint(1, 2)):
                if person["id"] == row["inmate_id"]:
                    continue
                for vid in visitors:
                    if (vid, person["id"]) not in self.relations:
                        self._relate(vid, person["id"], "sibling")
                self._request(person["id"], "social", visitors)

    def _employee(self, person: Row) -> None:
        employer = self.rng.choice(("justice_services", "health"))
        family = self.rng.random() < 0.7
        relation = self.rng.choice(("spouse", "sibling", "parent")) if family else "friend"
        vid = self._visitor(person, relation, employer=employer)
        if not family and employer == "health" and self.rng.random() < 0.5:
            self.relations[(vid, person["id"])]["prior_to_incarceration"] = "true"
        self._request(person["id"], "social", [vid])

    def _legal(self, count: int) -> None:
        """Legal visits at requested weekday times, never more at one time than legal rooms."""
        rooms = legal_rooms(count)
        seats = [(day, start) for day in range(5) for start in LEGAL_STARTS for _ in range(rooms)]
        times = sorted(self.rng.sample(seats, count))
        attorney = ""
        for k, (person, (day, start)) in enumerate(zip(self._distinct(count), times, strict=True)):
            if k % 2 == 0 or times[k - 1] == (day, start):
                attorney = self._visitor(person, "attorney")
            else:
                self._relate(attorney, person["id"], "attorney")
            self._request(person["id"], "legal", [attorney], special=_at(self.monday, day, start))

    def _clergy(self, count: int) -> None:
        """Clergy visits: half by special arrangement on a weekday, half in the normal windows."""
        for person in self._distinct(count):
            vid = self._visitor(person, "clergy")
            special = None
            if self.rng.random() < 0.5:
                special = _at(self.monday, self.rng.randrange(5), self.rng.choice((600, 840, 930)))
            self._request(person["id"], "clergy", [vid], special=special)

    def _distinct(self, count: int) -> list[Row]:
        return sorted(self.rng.sample(self.people, count), key=lambda p: p["id"])

    def _visitor(
        self,
        person: Row,
        relation: str,
        *,
        valid: bool = True,
        state: bool = False,
        child: bool = False,
        employer: str = "",
    ) -> str:
        """A new visitor related to the inmate; children carry no ID, others mostly a state ID."""
        rng = self.rng
        vid = f"V{len(self.visitors) + 1:06d}"
        age = rng.randint(3, 14) if child else rng.randint(19, 78)
        born = dt.date(self.monday.year - age, 1, 1) + dt.timedelta(rng.randrange(365))
        family = relation not in ("friend", "other", "attorney", "clergy")
        kind = "none" if child else ("state" if state or employer or rng.random() < 0.92 else "federal")
        expiry = self.monday + dt.timedelta(days=rng.randint(30, 1500) if valid else -rng.randint(1, 400))
        self.visitors.append(
            {
                "id": vid,
                "first_name": rng.choice(ALL_FIRST),
                "last_name": person["last_name"] if family and rng.random() < 0.6 else rng.choice(LAST_NAMES),
                "date_of_birth": born.isoformat(),
                "id_kind": kind,
                "id_expiry": "" if child else expiry.isoformat(),
                "employer": employer,
                "employee_type": rng.choice(EMPLOYEE_TYPES) if employer else "",
            }
        )
        self._relate(vid, person["id"], relation)
        return vid

    def _relate(self, vid: str, inmate_id: str, relation: str) -> None:
        self.relations[(vid, inmate_id)] = {
            "visitor_id": vid,
            "inmate_id": inmate_id,
            "relation": relation,
            "prior_to_incarceration": "false",
        }

    def _request(
        self, inmate_id: str, kind: str, visitors: list[str], special: dt.datetime | None = None
    ) -> None:
        self.requests.append(
            {
                "id": f"R{len(self.requests) + 1:06d}",
                "inmate_id": inmate_id,
                "kind": kind,
                "visitor_ids": ";".join(visitors),
                "registered_at": "",
                "special_start": special.isoformat() if special else "",
                "minutes": "",
            }
        )

    def _stamp(self) -> None:
        """Unique registration times: window requests 14 to 2 days before Saturday (odd
        seconds), special arrangements before the Monday (even seconds)."""
        base = dt.datetime.combine(self.monday - dt.timedelta(days=9), dt.time())
        window = [r for r in self.requests if not r["special_start"]]
        special = [r for r in self.requests if r["special_start"]]
        for rows, days, parity in ((window, 12, 1), (special, 9, 0)):
            for row, k in zip(rows, self.rng.sample(range(days * 43_200), len(rows)), strict=True):
                row["registered_at"] = (base + dt.timedelta(seconds=2 * k + parity)).isoformat()


def _at(monday: dt.date, day: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(minute // 60, minute % 60))


def legal_rooms(requests: int) -> int:
    """Legal rooms for the week's legal requests (30 requestable hours per room)."""
    return max(1, math.ceil(requests / LEGAL_PER_ROOM))


# --- appointments ------------------------------------------------------------------------

APPOINTMENT_KINDS = ("court", "medical", "transport")
APPOINTMENT_NOTES = {
    "court": ("Hearing at the county court", "Arraignment", "Pre-trial conference"),
    "medical": ("Outside clinic", "Dental clinic", "Hospital follow-up"),
    "transport": ("Escorted transport to another facility", "Transport for a classification interview"),
}
APPOINTMENT_HALVES = ((480, 720), (750, 960))
"""Weekday morning (08:00-12:00) and afternoon (12:30-16:00): clear of the 12:00 count and meal."""


def _appointments(rng: random.Random, rows: dict[str, list[Row]], monday: dt.date, rate: float) -> list[Row]:
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


# --- razors --------------------------------------------------------------------------------


def _razor_signups(rng: random.Random, people: list[Row], pods: list[Pod], monday: dt.date) -> list[Row]:
    """About 30% of each pod (at most 16) on each list day's razor list, in random order."""
    members = _by_pod(people)
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


# --- sizing --------------------------------------------------------------------------------


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


# --- staff ---------------------------------------------------------------------------------


def _staff(rng: random.Random, sizing: Sizing) -> list[Row]:
    """Officers on rotating 5-of-7 rosters covering each shift's daily need, plus one
    supervisor a shift."""
    rows: list[Row] = []
    needs = (sizing.day_officers, sizing.mid_officers, sizing.day_officers, sizing.night_officers)
    for shift, need in zip(SHIFTS, needs, strict=True):
        count = _roster_size(need)
        for k in range(count + 1):
            off = {k % 7, (k + 1) % 7}
            row = {
                "id": f"O{len(rows) + 1:04d}",
                "first_name": rng.choice(ALL_FIRST),
                "last_name": rng.choice(LAST_NAMES),
                "role": "supervisor" if k == count else "officer",
                "employer": "justice_services",
            }
            rows.append(row | {d: "" if i in off else shift for i, d in enumerate(WEEKDAYS)})
    return rows


def _roster_size(need: int) -> int:
    """Fewest officers k = 0.. (off on days k and k+1 mod 7) leaving `need` on every day."""
    count = need
    while min(count - sum(1 for k in range(count) if d in (k % 7, (k + 1) % 7)) for d in range(7)) < need:
        count += 1
    return count


def _staff_relationships(rng: random.Random, rows: dict[str, list[Row]]) -> list[Row]:
    """A few declared officer relationships, ~80% with inmates, the rest with visitors."""
    officers = [o["id"] for o in rows["staff.csv"]]
    people = [p["id"] for p in rows["inmates.csv"]]
    visitors = [v["id"] for v in rows["visitors.csv"]]
    found: dict[tuple[str, str, str], str] = {}
    for _ in range(max(2, round(len(officers) * 0.05))):
        officer = rng.choice(officers)
        if visitors and rng.random() < 0.2:
            kind = "relative" if rng.random() < 0.7 else rng.choice(STAFF_KINDS)
            found.setdefault((officer, "", rng.choice(visitors)), kind)
        else:
            found.setdefault((officer, rng.choice(people), ""), rng.choice(STAFF_KINDS))
    return [
        {"officer_id": o, "inmate_id": i, "visitor_id": v, "kind": kind}
        for (o, i, v), kind in sorted(found.items())
    ]


# --- files ---------------------------------------------------------------------------------


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


def _write(out: Path, monday: dt.date, config: dict[str, Any], rows: dict[str, list[Row]]) -> None:
    """Write facility.yaml, week.yaml and every CSV file of the instance."""
    out.mkdir(parents=True, exist_ok=True)
    _write_yaml(out / "facility.yaml", config)
    _write_yaml(out / "week.yaml", {"monday": monday})
    for name, model in CSV_FILES.items():
        header = [f.alias or key for key, f in model.model_fields.items()]
        _write_csv(out / name, header, rows.get(name, []))


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    path.write_text(text, encoding="utf-8", newline="")


def _write_csv(path: Path, header: list[str], rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def _flag(value: bool) -> str:
    return "true" if value else "false"
