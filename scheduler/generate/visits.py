"""The generated visits: visitors, their relations to the inmates, and the social, legal and
clergy requests, with families visiting several inmates when asked."""

from __future__ import annotations

import datetime as dt
import math
import random

from scheduler.generate.files import Row
from scheduler.generate.people import ALL_FIRST, LAST_NAMES
from scheduler.generate.settings import GeneratorRates

LEGAL_PER_ROOM = 20
LEGAL_STARTS = (540, 600, 660, 780, 840, 900)
"""Legal visit starts (09:00-15:00) that keep a 60 min visit clear of the 12:00 count and meal."""


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


class Visits:
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
