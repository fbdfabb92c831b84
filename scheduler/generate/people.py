"""The generated inmates: pods, inmates with names and classifications, account balances,
keep-separate pairs, offences and sanctions, and custody tags."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from models.facility import Discipline
from scheduler.generate.files import Row, yes_no
from scheduler.generate.settings import CUSTODY_SHARES, CUSTODY_TAGS

POD_TARGET = 40
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


@dataclass(frozen=True)
class Pod:
    """A generated housing unit and its headcount."""

    id: str
    sex: str
    commitment: str
    size: int


def tag_custody(rng: random.Random, people: list[Row]) -> None:
    """Custody tags drawn from their own generator, so the rest of the week is unchanged."""
    for person in people:
        draw = rng.random()
        k = 1 if draw < CUSTODY_SHARES[0] else 2 if draw < sum(CUSTODY_SHARES) else 0
        person["tags"] = CUSTODY_TAGS[k]


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


def inmate_rows(rng: random.Random, pods: list[Pod]) -> list[Row]:
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
                    "violent": yes_no(violent),
                    "trustee": yes_no(charge == "misdemeanour" and rng.random() < 0.08),
                    "indigent_request": "false",
                }
            )
    return rows


def balance_rows(rng: random.Random, people: list[Row], monday: dt.date) -> list[Row]:
    """One or two balance rows per inmate; ~3% indigent (<= $0.02) since well before the week."""
    rows: list[Row] = []
    for person in people:
        first = monday - dt.timedelta(days=rng.randint(20, 90))
        if rng.random() < 0.03:
            rows.append(_balance(person["id"], first, rng.randint(0, 2)))
            person["indigent_request"] = yes_no(rng.random() < 0.8)
            continue
        rows.append(_balance(person["id"], first, rng.randint(3, 25_000)))
        if rng.random() < 0.5:
            later = monday - dt.timedelta(days=rng.randint(1, 15))
            rows.append(_balance(person["id"], later, rng.randint(0, 25_000)))
        person["indigent_request"] = yes_no(rng.random() < 0.02)
    return rows


def _balance(inmate_id: str, day: dt.date, cents: int) -> Row:
    return {"inmate_id": inmate_id, "date": day.isoformat(), "balance": f"{cents // 100}.{cents % 100:02d}"}


def separation_rows(rng: random.Random, people: list[Row], pods: list[Pod], count: int) -> list[Row]:
    """Keep-separate pairs, ~85% inside a pod (always bunk parities apart, so two groups
    split them), the rest across pods; no self-pairs or duplicates."""
    members = ids_by_pod(people)
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


def ids_by_pod(people: list[Row]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for person in people:
        members[person["pod"]].append(person["id"])
    return members


def offence_rows(rng: random.Random, people: list[Row], monday: dt.date, count: int) -> list[Row]:
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


def sanction_rows(rng: random.Random, people: list[Row], monday: dt.date, count: int) -> list[Row]:
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
