"""A first-come-first-served schedule built by hand, used as the solver's first hint.

Each request, in registration order, takes its earliest booth slot (or legal start closest
to the requested time) that keeps every constraint of the model. It is what the
administrator would do on paper; the solver then only has to improve it and prove it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from scheduler.visitation.holders import Key
from scheduler.visitation.model import VisitModel
from scheduler.visitation.options import BoothSlot, LegalDay, open_booths, open_legal_rooms

Span = tuple[int, int]


class Greedy:
    """The state of the hand-built schedule while requests are placed one by one."""

    def __init__(self, vm: VisitModel) -> None:
        self.vm = vm
        self.vis = vm.vis
        self.points = sorted({s.start for slots in vm.options.booth.values() for s in slots})
        self.in_booths: Counter[int] = Counter()
        self.legal: list[Span] = []
        self.inmate_spans: dict[str, list[Span]] = defaultdict(list)
        self.visitor_spans: dict[str, list[Span]] = defaultdict(list)
        self.room_spans: dict[str, list[Span]] = defaultdict(list)
        self.social_week: Counter[str] = Counter()
        self.social_day: Counter[tuple[str, object]] = Counter()
        self.visitor_week: Counter[str] = Counter()
        self.partners: dict[str, set[str]] = defaultdict(set)
        self.held: dict[Key, str] = {}
        self.posted: dict[Key, list[str]] = defaultdict(list)
        self.bound = sorted({key for key, _ in vm.holders})
        for pair in vm.instance.keep_apart:
            a, b = sorted(pair)
            self.partners[a].add(b)
            self.partners[b].add(a)

    def _free(self, spans: list[Span], start: int, end: int) -> bool:
        return all(end <= a or b <= start for a, b in spans)

    def _quota(self, rid: str, day: object) -> bool:
        req, vis = self.vm.instance.requests[rid], self.vis
        if req.kind != "social":
            return True
        limit = vis.visitor_weekly_limit
        return (
            self.social_week[req.inmate_id] < vis.social_per_week
            and self.social_day[(req.inmate_id, day)] < vis.social_per_day
            and (limit is None or all(self.visitor_week[v] < limit for v in req.visitor_ids))
        )

    def _people_free(self, rid: str, start: int, end: int) -> bool:
        req = self.vm.instance.requests[rid]
        return self._free(self.inmate_spans[req.inmate_id], start, end) and all(
            self._free(self.visitor_spans[v], start, end) for v in req.visitor_ids
        )

    def _booth_ok(self, s: BoothSlot) -> bool:
        end = s.start + self.vis.visit_minutes
        busy_until = s.start + self.vis.slot_minutes
        points = [t for t in self.points if s.start <= t < busy_until]
        if any(self.in_booths[t] >= open_booths(self.vm.instance, t) for t in points):
            return False
        inmate = self.vm.instance.requests[s.request_id].inmate_id
        room = [span for p in self.partners[inmate] for span in self.room_spans[p]]
        return self._people_free(s.request_id, s.start, end) and self._free(room, s.start, end)

    def _holders(self, s: BoothSlot) -> dict[Key, str] | None:
        """STF-01..03 where the model binds them: each stretch the visit meets keeps an
        officer eligible for all its visits and holding no other stretch then (the current
        holder if it may, else another); the new holders, or None."""
        stretches = self.vm.options.posts.stretches
        rules = self.vm.options.posts.rules
        end = s.start + self.vis.visit_minutes
        out: dict[Key, str] = {}
        for key in self.bound:
            if key[:2] != (s.date, s.window) or not stretches[key[:2]][key[2]].meets(s.start, end):
                continue
            if key in self.held and rules.may(self.held[key], s.request_id):
                continue
            st = stretches[key[:2]][key[2]]
            others = {
                o
                for k, o in (self.held | out).items()
                if k != key and stretches[k[:2]][k[2]].meets(st.start, st.end)
            }
            mine = [s.request_id, *self.posted[key]]
            o = next((o for o in st.officers if o not in others and all(rules.may(o, r) for r in mine)), None)
            if o is None:
                return None
            out[key] = o
        return out

    def _meets(self, key: Key, s: BoothSlot) -> bool:
        st = self.vm.options.posts.stretches[key[:2]][key[2]]
        return st.meets(s.start, s.start + self.vis.visit_minutes)

    def _legal_start(self, day: LegalDay) -> int | None:
        target = day.wanted if day.wanted is not None else day.starts[0]
        for start in sorted(day.starts, key=lambda t: (abs(t - target), t)):
            end = start + day.minutes
            live = sum(1 for a, b in self.legal if a < end and start < b)
            shut = max(self.vis.legal_rooms - open_legal_rooms(self.vm.instance, m) for m in (start, end - 1))
            if live + shut < self.vis.legal_rooms and self._people_free(day.request_id, start, end):
                return start
        return None

    def _take(self, rid: str, start: int, end: int, day: object) -> None:
        req = self.vm.instance.requests[rid]
        self.inmate_spans[req.inmate_id].append((start, end))
        for v in req.visitor_ids:
            self.visitor_spans[v].append((start, end))
        if req.kind == "social":
            self.social_week[req.inmate_id] += 1
            self.social_day[(req.inmate_id, day)] += 1
            self.visitor_week.update(req.visitor_ids)

    def place(self, rid: str) -> tuple[BoothSlot | None, tuple[int, int] | None]:
        """Place one request: its booth slot, or (legal day index, start), or neither."""
        for s in sorted(self.vm.options.booth.get(rid, []), key=lambda s: s.start):
            holders = self._holders(s) if self._quota(rid, s.date) and self._booth_ok(s) else None
            if holders is not None:
                self.held |= holders
                for key in self.bound:
                    if key[:2] == (s.date, s.window) and self._meets(key, s):
                        self.posted[key].append(rid)
                for t in self.points:
                    if s.start <= t < s.start + self.vis.slot_minutes:
                        self.in_booths[t] += 1
                inmate = self.vm.instance.requests[rid].inmate_id
                self.room_spans[inmate].append((s.start, s.start + self.vis.visit_minutes))
                self._take(rid, s.start, s.start + self.vis.visit_minutes, s.date)
                return s, None
        for i, day in enumerate(self.vm.legal_days(rid)):
            start = self._legal_start(day)
            if start is not None:
                self.legal.append((start, start + day.minutes))
                self._take(rid, start, start + day.minutes, day.date)
                return None, (i, start)
        return None, None


def greedy_hint(vm: VisitModel) -> dict[object, int]:
    """Values for every decision variable of the model from the hand-built schedule."""
    state = Greedy(vm)
    values: dict[object, int] = {var: 0 for var in vm.slot.values()}
    values |= {var: 0 for counts in vm.counts for var in counts.values()}
    values |= {var: 0 for var in vm.holders.values()}
    member = {rid: k for k, c in enumerate(vm.classes) for rid in c.members}
    for rid in vm.options.order:
        slot, legal = state.place(rid)
        values[vm.served[rid]] = int(slot is not None or legal is not None)
        if slot is not None and rid in member:
            values[vm.counts[member[rid]][slot.start]] += 1
        elif slot is not None:
            values[vm.slot[slot]] = 1
        for i, day in enumerate(vm.legal_days(rid)):
            on, start, _ = vm.legal[(rid, i)]
            chosen = legal is not None and legal[0] == i
            values[on] = int(chosen)
            values[start] = legal[1] if chosen and legal else day.starts[0]
    for key, oid in state.held.items():
        values[vm.holders[(key, oid)]] = 1
    return values
