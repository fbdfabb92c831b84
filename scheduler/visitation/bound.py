"""An upper bound on the requests any week can serve (VIS-09 level 1), by one max flow.

Relaxed, the visitation rules that cap how many are served form a network: the source feeds
each inmate his weekly social quota (VIS-06), the inmate each of his days its daily quota,
the day each of his requests on that date one unit, the request each of its slot starts,
and each start the sink as many units as booths are open then (visits starting together
are all in progress, VIS-02, CAL-01). A clergy request has a quota of one; a legal request
counts one. Every schedule is a flow of that value, so the max flow bounds level 1; when
the hand-built first-come-first-served schedule meets it, level 1 is proven without a
solve. (On the contended 5,000-inmate week the flow bound is exact, 5,879, where CP-SAT's
own bound after 60 s was 47.6% above its solution.) The flow drops what the network cannot
say (an inmate or visitor in two visits at once, keep-separate inmates, a visitor's
weekly limit, the window's officer), so it is a bound, never a schedule.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import max_flow

from models.instance import Instance
from scheduler.visitation.options import Options, open_booths


class _Network:
    """Nodes named by tuples, arcs added once."""

    def __init__(self) -> None:
        self.flow = max_flow.SimpleMaxFlow()
        self.ids: dict[tuple, int] = {}

    def node(self, name: tuple) -> int:
        if name not in self.ids:
            self.ids[name] = len(self.ids)
        return self.ids[name]

    def arc(self, a: tuple, b: tuple, capacity: int) -> None:
        self.flow.add_arc_with_capacity(self.node(a), self.node(b), capacity)


def served_bound(instance: Instance, options: Options) -> int:
    """The most requests the relaxed network can carry (see the module docstring)."""
    vis = instance.facility.visitation
    net = _Network()
    source, sink = ("source",), ("sink",)
    net.node(source)
    net.node(sink)
    quota: set[tuple] = set()
    legal = sum(1 for rid in options.order if rid in options.legal)
    for rid in options.order:
        if rid in options.legal:
            continue
        req = instance.requests[rid]
        social = req.kind == "social"
        person = ("inmate", req.inmate_id) if social else ("request", rid)
        if person not in quota:
            quota.add(person)
            net.arc(source, person, vis.social_per_week if social else 1)
        dates: dict[object, list[int]] = defaultdict(list)
        for s in options.booth.get(rid, []):
            dates[s.date].append(s.start)
        for day, starts in sorted(dates.items(), key=lambda kv: str(kv[0])):
            daily = (*person, str(day))
            if daily not in quota:
                quota.add(daily)
                net.arc(person, daily, vis.social_per_day if social else 1)
            at = ("request", rid, str(day))
            net.arc(daily, at, 1)
            for t in sorted(set(starts)):
                start = ("start", t)
                if start not in net.ids:
                    net.arc(start, sink, open_booths(instance, t))
                net.arc(at, start, 1)
    net.flow.solve(net.ids[source], net.ids[sink])
    return net.flow.optimal_flow() + legal
