"""The visitation CP-SAT model: one place for every constraint, each named by its rule ID.

Booths are identical, so the model has no booth index: a booth slot is one Boolean per
(request, start), and the booth limit is a clique constraint at every start on the week's
time line (windows that overlap in time share the booths). Requests that clash with
nothing are interchangeable (see `classes`): their class gets one integer count per slot
start instead of a Boolean per request and start. Booths are assigned afterwards
by interval colouring, which never needs more booths than the largest clique. Legal visits
are optional interval variables on a cumulative over the legal-visit rooms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model

from models.instance import Instance
from scheduler.visitation.classes import SlotClass, slot_classes
from scheduler.visitation.holders import add_holders
from scheduler.visitation.options import BoothSlot, LegalDay, Options, closures_at, open_booths


class VisitModel:
    """Variables and constraints of one week's visitation; objectives are set by `levels`."""

    def __init__(
        self,
        instance: Instance,
        options: Options,
        apart: frozenset[str] = frozenset(),
        must: frozenset[str] = frozenset(),
    ) -> None:
        self.instance = instance
        self.options = options
        self.vis = instance.facility.visitation
        self.model = cp_model.CpModel()
        self.slot: dict[BoothSlot, cp_model.IntVar] = {}
        self.legal: dict[tuple[str, int], tuple[cp_model.IntVar, cp_model.IntVar, cp_model.IntervalVar]] = {}
        self.served: dict[str, cp_model.IntVar] = {}
        self.classes: list[SlotClass] = slot_classes(instance, options, apart)
        self.counts: list[dict[int, cp_model.IntVar]] = []
        self.free: set[str] = {rid for c in self.classes for rid in c.members}
        self._intervals: dict[BoothSlot, cp_model.IntervalVar] = {}
        self._variables()
        self._each_request_once()
        self._booth_capacity()
        self._legal_rooms()
        self._inmate_one_at_a_time()
        self._visitor_one_at_a_time()
        self._keep_separate()
        self._social_quotas()
        self._visitor_weekly_limit()
        for rid in sorted(must):
            self.model.add(self.served[rid] == 1).with_name(f"REP-01/REP-05 {rid} kept where published")
        self.holders = add_holders(self)
        """STF-01..03: who holds each window stretch, where that can bind (see `holders`)."""

    def _variables(self) -> None:
        for rid, slots in self.options.booth.items():
            if rid in self.free:
                continue
            for s in slots:
                self.slot[s] = self.model.new_bool_var(f"visit {rid} at {s.start}")
        for k, c in enumerate(self.classes):
            top = min(len(c.members), self.vis.booths)
            self.counts.append({t: self.model.new_int_var(0, top, f"class {k} at {t}") for t in c.starts})
        for rid, days in self.options.legal.items():
            for i, day in enumerate(days):
                on = self.model.new_bool_var(f"legal {rid} on {day.date}")
                start = self.model.new_int_var_from_domain(
                    cp_model.Domain.from_values(day.starts), f"legal {rid} start {day.date}"
                )
                gap = self.model.new_optional_fixed_size_interval_var(start, day.minutes, on, f"legal {rid}")
                self.legal[(rid, i)] = (on, start, gap)
        for rid in self.options.order:
            self.served[rid] = self.model.new_bool_var(f"served {rid}")

    def presences(self, rid: str) -> list[cp_model.IntVar]:
        """The literals of a request's placements (none for a class member)."""
        booth = [self.slot[s] for s in self.options.booth.get(rid, []) if s in self.slot]
        legal = [self.legal[(rid, i)][0] for i in range(len(self.options.legal.get(rid, [])))]
        return booth + legal

    def intervals(self, rid: str, booth_only: bool = False) -> list[cp_model.IntervalVar]:
        """The visit spans of a request's placements (created on first use)."""
        out = [self._interval(s) for s in self.options.booth.get(rid, []) if s in self.slot]
        if not booth_only:
            out += [self.legal[(rid, i)][2] for i in range(len(self.options.legal.get(rid, [])))]
        return out

    def _interval(self, s: BoothSlot) -> cp_model.IntervalVar:
        if s not in self._intervals:
            self._intervals[s] = self.model.new_optional_fixed_size_interval_var(
                s.start, self.vis.visit_minutes, self.slot[s], f"span {s.request_id} {s.start}"
            )
        return self._intervals[s]

    def _each_request_once(self) -> None:
        """VIS-13: a request is served at most once; `served` says whether it is. A class
        places exactly its served members."""
        for rid in self.options.order:
            if rid not in self.free:
                self.model.add(sum(self.presences(rid)) == self.served[rid]).with_name(f"VIS-13 once {rid}")
        for k, c in enumerate(self.classes):
            served = sum(self.served[r] for r in c.members)
            self.model.add(sum(self.counts[k].values()) == served).with_name(f"VIS-13 once class {k}")

    def _booth_capacity(self) -> None:
        """VIS-02/VIS-03/CAL-01: at every slot start and every start of a booth closure, the
        visits in progress (visit plus turnover) number at most the booths open then."""
        length = self.vis.slot_minutes
        by_start: dict[int, list[tuple[cp_model.IntVar, int]]] = defaultdict(list)
        for s, var in self.slot.items():
            by_start[s.start].append((var, 1))
        for k, c in enumerate(self.classes):
            for t, var in self.counts[k].items():
                by_start[t].append((var, min(len(c.members), self.vis.booths)))
        starts = sorted(by_start)
        points = sorted(set(starts) | self._closure_starts(("visitation_room", "booths")))
        for t in points:
            live = [vt for u in starts if t - length < u <= t for vt in by_start[u]]
            room = open_booths(self.instance, t)
            if sum(top for _, top in live) > room:
                rule = "VIS-02" if room == self.vis.booths else "CAL-01"
                self.model.add(sum(v for v, _ in live) <= room).with_name(f"{rule} booths at {t}")

    def _closure_starts(self, resources: tuple[str, ...]) -> set[int]:
        week = (0, 8 * 1440)
        return {
            (c.date - self.instance.monday).days * 1440 + c.span[0]
            for c in closures_at(self.instance, resources, *week)
        }

    def _legal_rooms(self) -> None:
        """VIS-11/CAL-01: legal visits overlap at most as many as there are legal-visit rooms
        open (a closed room is a fixed interval on the cumulative)."""
        spans = [gap for (_, _, gap) in self.legal.values()]
        demands = [1] * len(spans)
        for c in closures_at(self.instance, ("legal_room",), 0, 8 * 1440):
            t = (c.date - self.instance.monday).days * 1440
            a, b = c.span
            spans.append(self.model.new_fixed_size_interval_var(t + a, b - a, f"CAL-01 legal room {c.date}"))
            demands.append(min(c.count, self.vis.legal_rooms))
        if self.legal:
            self.model.add_cumulative(spans, demands, self.vis.legal_rooms).with_name("VIS-11 legal rooms")

    def _by(self, key: str) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for rid in self.options.order:
            req = self.instance.requests[rid]
            for k in req.visitor_ids if key == "visitor" else [req.inmate_id]:
                groups[k].append(rid)
        return groups

    def _no_overlap(self, rids: Iterable[str], name: str, booth_only: bool = False) -> None:
        """At most one of these requests' visits at any minute.

        Grid slots have fixed times, so the clash sets are cliques: one at-most-one per slot
        start over the slots in progress then (LP-tight). Legal visits have a variable start,
        so a group with one gets a NoOverlap over interval variables as well.
        """
        rids = list(rids)
        slots = [s for rid in rids for s in self.options.booth.get(rid, []) if s in self.slot]
        starts = sorted({s.start for s in slots})
        length = self.vis.visit_minutes
        for t in starts:
            live = [self.slot[s] for s in slots if s.start <= t < s.start + length]
            if len(live) > 1:
                self.model.add_at_most_one(live).with_name(f"{name} at {t}")
        if not booth_only and any(rid in self.options.legal for rid in rids):
            spans = [i for rid in rids for i in self.intervals(rid)]
            if len(spans) > 1:
                self.model.add_no_overlap(spans).with_name(name)

    def _inmate_one_at_a_time(self) -> None:
        """VIS-11: an inmate's visits (social, clergy, legal) never overlap."""
        for inmate, rids in sorted(self._by("inmate").items()):
            if len(rids) > 1:
                self._no_overlap(rids, f"VIS-11 inmate {inmate} one visit at a time")

    def _visitor_one_at_a_time(self) -> None:
        """VIS-05: a visitor is never in two visits at overlapping times."""
        for visitor, rids in sorted(self._by("visitor").items()):
            if len(rids) > 1:
                self._no_overlap(rids, f"VIS-05 visitor {visitor}")

    def _keep_separate(self) -> None:
        """VIS-07 (SEP-01): keep-separate inmates are never in the visitation room together."""
        inmates = self._by("inmate")
        for pair in sorted(tuple(sorted(p)) for p in self.instance.keep_apart):
            a, b = pair
            if inmates.get(a) and inmates.get(b):
                self._no_overlap(inmates[a] + inmates[b], f"VIS-07 keep {a} and {b} apart", booth_only=True)

    def _social_quotas(self) -> None:
        """VIS-06: at most `social_per_week` social visits per inmate, `social_per_day` a day."""
        for inmate, rids in sorted(self._by("inmate").items()):
            social = [r for r in rids if self.instance.requests[r].kind == "social"]
            if len(social) > self.vis.social_per_week:
                self.model.add(sum(self.served[r] for r in social) <= self.vis.social_per_week).with_name(
                    f"VIS-06 week {inmate}"
                )
            per_day: dict[object, list[cp_model.IntVar]] = defaultdict(list)
            for r in social:
                if r in self.free:
                    per_day[self.options.booth[r][0].date].append(self.served[r])
                    continue
                for s in self.options.booth.get(r, []):
                    per_day[s.date].append(self.slot[s])
            for day, lits in sorted(per_day.items(), key=lambda kv: str(kv[0])):
                if len(lits) > self.vis.social_per_day:
                    self.model.add(sum(lits) <= self.vis.social_per_day).with_name(
                        f"VIS-06 day {inmate} {day}"
                    )

    def _visitor_weekly_limit(self) -> None:
        """VIS-14: a visitor takes part in at most `visitor_weekly_limit` social visits a week."""
        limit = self.vis.visitor_weekly_limit
        if limit is None:
            return
        for visitor, rids in sorted(self._by("visitor").items()):
            social = [r for r in rids if self.instance.requests[r].kind == "social"]
            if len(social) > limit:
                self.model.add(sum(self.served[r] for r in social) <= limit).with_name(
                    f"VIS-14 visitor {visitor}"
                )

    def legal_days(self, rid: str) -> list[LegalDay]:
        """The legal-visit days of a request."""
        return self.options.legal.get(rid, [])
