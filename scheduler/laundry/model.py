"""A laundry day as counts on a time grid (LAU-02, LAU-03, LAU-06, STF-01, CAL-01).

The loads of a day differ only in name, washers are alike and so are dryers: a day is a
two-stage flow shop of identical jobs. So the model does not place loads; it counts them.
For each period of a grid it says how many loads start washing and how many start drying,
per *lane*: the washers (dryers) open all day form one lane, whose loads get machines
afterwards; a machine closed for part of the day (CAL-01) is a lane of its own, a 0/1
start per period that is 0 wherever its run would meet the closure. Its size no longer
grows with the loads: 2,000 loads are the same few hundred variables as 20.

Why counts lose nothing:
- machines: loads of equal length with at most c running at any moment are exactly those
  c alike machines can run (interval graphs are perfect), and a lane of one machine is
  that machine's own timetable;
- wash then dry: pair the k-th wash start with the k-th dry start (first in, first out).
  If any pairing keeps every load's dry within [wash end, wash end + maximum wait], this
  one does, and it does exactly when, at every moment t, the dries started by t are at
  most the washes ended by t and at least those ended by t - maximum wait;
- names: loads are named in list order along that order (a pod's loads of a category one
  after another), so a group's pickup is the wash start of its first position and its
  return the dry end of its last position done (LAU-06), both read off cumulative counts.

Why the grid loses nothing (`grid_times`): fix any schedule's combinatorial choices (the
machine and order of each run, which side of each count, meal and closure each moment
lies, the officer's span). What is left is a system of differences x_j - x_i >= c with c
one of the wash, dry, 0 or -(wash + maximum wait) minutes, lower bounds (laundry start,
lights on, an officer span's start, a count's, meal's or closure's end) and upper bounds
(any minute). Such a system, when feasible, has a least solution, the longest path from
the lower bounds: a lower bound plus a sum of those durations, so in the class of a lower
bound modulo g = gcd(wash, dry, maximum wait). It is feasible whenever the schedule is,
and no later than it anywhere: so it finishes as early (L1) and its starts sum to no more
(L2), and a schedule optimal for L2 is that least solution itself. Hence the most loads
(L0), the earliest finish (L1), the least sum of starts (L2) and, among those, the fewest
idle gaps (L3) all have an optimum on the minutes of those classes: with the defaults and
hours on the quarter hour one class (every 15 min); an officer free from 08:10 adds a
second, not every minute.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.common import format_clock
from models.instance import Instance
from scheduler.laundry.days import LaundryDay, Load

Starts = list[cp_model.IntVar | int]
"""Loads starting at each period of the grid (0 where none may)."""


@dataclass(frozen=True)
class Grid:
    """The minutes a wash or dry may start, ascending (`grid_times`); period i is the i-th."""

    times: list[int]

    def at(self, i: int) -> int:
        """The minute period i starts."""
        return self.times[i]

    @property
    def periods(self) -> range:
        return range(len(self.times))

    def upto(self, t: int) -> int:
        """The last period starting at or before minute t (-1: none)."""
        return bisect.bisect_right(self.times, t) - 1

    def exactly(self, t: int) -> int | None:
        """The period starting at minute t, if any."""
        i = self.upto(t)
        return i if i >= 0 and self.times[i] == t else None

    def length(self, i: int) -> int:
        """Minutes from period i to the next (1 after the last: only sums use it)."""
        return self.times[i + 1] - self.times[i] if i + 1 < len(self.times) else 1


@dataclass
class Lane:
    """Machines of one kind sharing one timetable: those open all day (`pool`, any of them
    runs any of the lane's loads) or one machine closed part of the day."""

    machines: list[str]
    pool: bool
    starts: Starts


def blocks(instance: Instance) -> list[tuple[int, int]]:
    """The counts and meals (DAY-01, DAY-02) as [start, end) minutes: no pickup or return
    falls inside one (LAU-06)."""
    r = instance.facility.routine
    return [(t, t + r.count_minutes) for t in r.counts] + [(t, t + r.meal_minutes) for t in r.meals]


def grid_times(
    instance: Instance, first: int, last: int, shifts: list[tuple[int, int]], closed: list[int]
) -> list[int]:
    """The minutes from `first` to `last` in the class, modulo the gcd of the durations, of
    a lower bound a start can be pushed to (see the module docstring): some optimum of
    every level starts there. `closed` are the closures' ends."""
    lau = instance.facility.laundry
    g = math.gcd(lau.wash_minutes, lau.dry_minutes, lau.max_wait_minutes)
    bounds = [first, *(max(a, first) for a, _ in shifts), *closed, *(b for _, b in blocks(instance))]
    classes = {b % g for b in bounds}
    return [t for t in range(first, last + 1) if t % g in classes]


def pool(lanes: list[Lane]) -> list[str]:
    """The machines open all day (none when every one is closed part of the day)."""
    return next((lane.machines for lane in lanes if lane.pool), [])


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs [i, j] of consecutive True flags."""
    out: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if flag and out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        elif flag:
            out.append((i, i))
    return out


class DayModel:
    """One day's loads (`day`: a `LaundryDay`) as counts on the grid; the laundry must end
    by `close`. `done` is how many loads, the first in list order, are done."""

    def __init__(
        self, instance: Instance, day: LaundryDay, close: int, anchors: tuple[int, ...] = ()
    ) -> None:
        lau, r = instance.facility.laundry, instance.facility.routine
        self.model = m = cp_model.CpModel()
        self.wash_len, self.dry_len = lau.wash_minutes, lau.dry_minutes
        first = max(lau.start, r.lights_on)
        ends = [b for _, a, b, _ in day.closed if first < b < close] + [t for t in anchors if first <= t]
        self.grid = Grid(grid_times(instance, first, close - lau.dry_minutes, day.shifts, ends))
        self.day, self.loads, self.n = day, day.loads, len(day.loads)
        self.done = m.new_int_var(0, self.n, "loads done")
        self.wait = lau.max_wait_minutes
        last_wash = close - lau.dry_minutes - lau.wash_minutes
        self.washers = self._lanes("W", day.washers, day.closed, self.wash_len, (first, last_wash))
        self.dryers = self._lanes("D", day.dryers, day.closed, self.dry_len, (first + self.wash_len, close))
        self.washed = self._cumulative("washed", self.washers)
        self.dried = self._cumulative("dried", self.dryers)
        self._flow()
        self.any = m.new_bool_var("some load done")
        self.start, self.end = self._shift_ends()
        self._one_shift(day.shifts)
        self._pickup_and_return(instance, day.loads)

    @property
    def wash(self) -> list[cp_model.IntVar]:
        """The wash starts the model states in minutes: the day's first, never before
        laundry hours or lights on (LAU-04, DAY-04); the others follow it on the grid."""
        return [self.start]

    # --- variables ---------------------------------------------------------------------

    def _lanes(
        self,
        kind: str,
        machines: list[str],
        closed: list[tuple[str, int, int, str]],
        length: int,
        open_: tuple[int, int],
    ) -> list[Lane]:
        """The pool of machines open all day, and a lane per machine closed part of it, each
        within its machines at every moment (LAU-02) and idle while closed (CAL-01)."""
        m, g = self.model, self.grid
        shut = {mid: [(a, b) for x, a, b, _ in closed if x == mid] for mid in machines}
        pool = [x for x in machines if not shut[x]]
        lanes = [Lane(pool, True, [])] if pool else []
        lanes += [Lane([x], False, []) for x in machines if shut[x]]
        for lane in lanes:
            cap = len(lane.machines)
            for i in g.periods:
                t = g.at(i)
                spans = [] if lane.pool else shut[lane.machines[0]]
                ok = open_[0] <= t <= open_[1] and not any(a < t + length and t < b for a, b in spans)
                name = f"{kind} {'pool' if lane.pool else lane.machines[0]} {format_clock(t)}"
                lane.starts.append(m.new_int_var(0, min(cap, self.n), name) if ok else 0)
            for i in g.periods:
                window = lane.starts[g.upto(g.at(i) - length) + 1 : i + 1]
                rule = "LAU-02" if lane.pool else "CAL-01"
                m.add(sum(window) <= cap).with_name(
                    f"{rule} {kind} {','.join(lane.machines)} at {format_clock(g.at(i))}"
                )
        return lanes

    def _cumulative(self, name: str, lanes: list[Lane]) -> list[cp_model.IntVar]:
        """Loads started by the end of each period, over all lanes."""
        m, out = self.model, []
        for i in self.grid.periods:
            var = m.new_int_var(0, self.n, f"{name} by {format_clock(self.grid.at(i))}")
            here = sum(lane.starts[i] for lane in lanes)
            m.add(var == (out[-1] if out else 0) + here).with_name(f"LAU-02 {name} count {i}")
            out.append(var)
        if not out:
            m.add(self.done == 0).with_name("LAU-04 no time for a load")
        else:
            m.add(out[-1] == self.done).with_name(f"LAU-02 every load done is {name}")
        return out

    def _before(self, counts: list[cp_model.IntVar], i: int) -> cp_model.IntVar | int:
        """Loads counted by period i (0 before the grid)."""
        return counts[i] if i >= 0 else 0

    def _by(self, counts: list[cp_model.IntVar], t: int) -> cp_model.IntVar | int:
        """Loads counted by minute t."""
        return self._before(counts, self.grid.upto(t))

    def _flow(self) -> None:
        """A dry starts once its wash ends (LAU-02) and within the maximum wait (LAU-03), in
        first-in-first-out order: counted, at every period."""
        m, g = self.model, self.grid
        for i in g.periods:
            t = g.at(i) - self.wash_len
            m.add(self.dried[i] <= self._by(self.washed, t)).with_name(f"LAU-02 dry after wash {i}")
            m.add(self.dried[i] >= self._by(self.washed, t - self.wait)).with_name(f"LAU-03 wait {i}")

    def _one_shift(self, shifts: list[tuple[int, int]]) -> None:
        """STF-01: the laundry shift, from the first wash start to the last dry end, lies in
        one officer's span (when any load is done: no laundry needs no officer)."""
        if not shifts:
            return
        m = self.model
        on = [m.new_bool_var(f"shift {format_clock(a)}-{format_clock(b)}") for a, b in shifts]
        m.add_exactly_one(on).with_name("STF-01 laundry shift in one officer's shift")
        for lit, (a, b) in zip(on, shifts, strict=True):
            m.add(self.start >= a).with_name(f"STF-01 laundry from {format_clock(a)}").only_enforce_if(
                lit, self.any
            )
            m.add(self.end <= b).with_name(f"STF-01 laundry to {format_clock(b)}").only_enforce_if(
                lit, self.any
            )

    def _pickup_and_return(self, instance: Instance, loads: list[Load]) -> None:
        """LAU-06: each group's first position washes, and its last position done dries until,
        a moment outside every count and meal (`_between_groups`, `_outside`)."""
        g, spans = self.grid, blocks(instance)
        names = [f"{x.pod} {x.category}" for x in loads]
        firsts = [k for k in range(len(loads)) if k == 0 or names[k - 1] != names[k]]
        lasts = [k + 1 for k in range(len(loads)) if k == len(loads) - 1 or names[k + 1] != names[k]]
        groups = [names[k] for k in firsts]
        inside = [any(a <= g.at(i) < b for a, b in spans) for i in g.periods]
        back = [any(a <= g.at(i) + self.dry_len < b for a, b in spans) for i in g.periods]
        for run in _runs(inside):  # c groups picked up before: past the c-th first position
            low, high = [0, *(k + 1 for k in firsts)], [*firsts, self.n]
            self._between_groups(self.washed, run, low, high, "pickup", groups)
        for run in _runs(back):  # c groups returned before: up to the c-th last position
            low, high = [0, *lasts], [*(k - 1 for k in lasts), self.n]
            self._between_groups(self.dried, run, low, high, "return", groups)
        self._outside(self.dried, back, self.done, "LAU-06 return of the last load done")

    def _between_groups(
        self,
        counts: list[cp_model.IntVar],
        run: tuple[int, int],
        low: list[int],
        high: list[int],
        what: str,
        groups: list[str],
    ) -> None:
        """The loads starting in the periods of `run` (positions counts[i-1] to counts[j]-1)
        lie inside one group, clear of its first position (pickup) or its last (return).
        With c the groups whose pickup (return) comes before the run, that is: the count
        before the run is at least low[c] (it decides c) and after it at most high[c].

        c is order-encoded, one literal a group, each the count's own literal "at least
        low[g+1]" (so CP-SAT merges them into the count's encoding), each carrying its
        group's name. The loads in the run are at most the widest gap high[c] - low[c]: a
        cut that the literals imply but the LP does not see."""
        m, (i, j) = self.model, run
        start, end = self._before(counts, i - 1), counts[j]
        before = [m.new_bool_var(f"{what} of {x} before period {i}") for x in groups]
        for k, (lit, group) in enumerate(zip(before, groups, strict=True)):
            name = f"LAU-06 {what} {group}"
            m.add(start >= low[k + 1]).with_name(name).only_enforce_if(lit)
            m.add(start <= low[k + 1] - 1).with_name(name).only_enforce_if(~lit)
            m.add(end <= high[k]).with_name(name).only_enforce_if(~lit)
        widest = max(h - lo for lo, h in zip(low, high, strict=True))
        m.add(end - start <= widest).with_name(f"LAU-06 {what}s inside one group at period {i}")

    def _outside(
        self, counts: list[cp_model.IntVar], bad: list[bool], position: cp_model.LinearExprT, name: str
    ) -> None:
        """The `position`-th start (from 1) falls in no run of `bad` periods: the count
        reaches `position` before the run or not until after it."""
        m = self.model
        for i, j in _runs(bad):
            if i == 0:  # nothing starts before the grid: after the run
                m.add(counts[j] <= position - 1).with_name(name)
                continue
            early = m.new_bool_var(f"{name} before {i}")
            m.add(self._before(counts, i - 1) >= position).with_name(name).only_enforce_if(early)
            m.add(counts[j] <= position - 1).with_name(name).only_enforce_if(~early)

    def _shift_ends(self) -> tuple[cp_model.IntVar, cp_model.IntVar]:
        """The first wash start and the last dry end, in minutes (the laundry shift; the end
        is LAU-05's finish): the periods before anything washes, and before every load done
        has started drying, counted. With no load done they are past the grid's end and at
        its start plus the dry time; `any` tells."""
        m, g, q = self.model, self.grid, self.dry_len
        m.add(self.done >= 1).with_name("LAU-02 some load done").only_enforce_if(self.any)
        m.add(self.done == 0).with_name("LAU-02 no load done").only_enforce_if(~self.any)
        idle = [m.new_bool_var(f"nothing washed by {i}") for i in g.periods]
        pending = [m.new_bool_var(f"drying pending after {i}") for i in g.periods]
        for i in g.periods:
            m.add(self.washed[i] == 0).with_name(f"LAU-04 shift not started {i}").only_enforce_if(idle[i])
            m.add(self.washed[i] >= 1).with_name(f"LAU-04 shift started {i}").only_enforce_if(~idle[i])
            m.add(self.dried[i] <= self.done - 1).with_name(f"LAU-05 drying pending {i}").only_enforce_if(
                pending[i]
            )
            m.add(self.dried[i] >= self.done).with_name(f"LAU-05 every dry started {i}").only_enforce_if(
                ~pending[i]
            )
            if i:
                m.add_implication(idle[i], idle[i - 1]).with_name(f"LAU-04 shift starts once {i}")
                m.add_implication(pending[i], pending[i - 1]).with_name(f"LAU-05 drying ends once {i}")
        first = g.at(0) if g.times else 0
        size = sum(g.length(i) for i in g.periods)
        start = m.new_int_var(first, first + size, "first wash start")
        end = m.new_int_var(first + q, first + q + size, "last dry end")
        steps = [g.length(i) for i in g.periods]
        m.add(start == first + sum(k * x for k, x in zip(steps, idle, strict=True))).with_name(
            "LAU-04 first wash start"
        )
        m.add(end == first + q + sum(k * x for k, x in zip(steps, pending, strict=True))).with_name(
            "LAU-05 last dry end"
        )
        return start, end

    # --- objectives ----------------------------------------------------------------------

    def kept(self, loads: list[Load], published: dict[tuple[str, str, int], tuple[int, int]]) -> list:
        """REP-03 (3) under a repair: for each load of the list published (its wash and dry
        starts given), whether it washes and dries as published. Loads are named in list
        order along first in, first out, so the load at position p keeps its times when the
        p-th wash starts at its wash start and the p-th dry at its dry start: counted. The
        published starts are grid anchors (`anchors`), so each is a period; 0 when not."""
        m, out = self.model, []
        for p, load in enumerate(loads, 1):
            wash, dry = published.get((load.pod, load.category, load.number), (-1, -1))
            i, j = self.grid.exactly(wash), self.grid.exactly(dry)
            if (load.pod, load.category, load.number) not in published:
                continue
            if i is None or j is None:
                out.append(0)
                continue
            lit = m.new_bool_var(f"{load.name} as published")
            name = f"REP-03 {load.name} as published"
            for counts, k in ((self.washed, i), (self.dried, j)):
                m.add(self._before(counts, k - 1) <= p - 1).with_name(name).only_enforce_if(lit)
                m.add(counts[k] >= p).with_name(name).only_enforce_if(lit)
            out.append(lit)
        return out

    def finish(self) -> cp_model.IntVar:
        """The last dry end, in minutes (LAU-05)."""
        return self.end

    def packed(self) -> cp_model.LinearExprT:
        """The sum of the wash and dry starts, in minutes (LAU-05: the machines early)."""
        g = self.grid
        return sum(
            g.at(i) * lane.starts[i]
            for lanes in (self.washers, self.dryers)
            for lane in lanes
            for i in g.periods
        )

    def idle_gaps(self) -> cp_model.LinearExprT:
        """The machines' idle gaps (LAU-05), as the verifier counts them: a gap wherever a
        machine stands idle between two of its loads. On one machine, a run starts wherever
        a load starts without one ending then; its gaps are its runs less one. In a pool of c
        alike machines the fewest runs are the loads less, at each moment, the loads that can
        follow one ending then (min of both); c of the runs open a machine each, every other
        run is a gap (the colouring reaches exactly that, see `machines`)."""
        m, g, total = self.model, self.grid, []
        for lanes, length in ((self.washers, self.wash_len), (self.dryers, self.dry_len)):
            for lane in lanes:
                cap, name = len(lane.machines), ",".join(lane.machines)
                new = []
                for i in g.periods:
                    k = g.exactly(g.at(i) - length)
                    here, ended = lane.starts[i], 0 if k is None else lane.starts[k]
                    if isinstance(here, int):
                        continue
                    var = m.new_int_var(0, cap, f"new runs {name} {i}")
                    m.add(var >= here - ended).with_name(f"LAU-05 runs {name} {i}")
                    new.append(var)
                gaps = m.new_int_var(0, self.n, f"idle gaps {name}")
                m.add(gaps >= sum(new) - cap).with_name(f"LAU-05 idle gaps {name}")
                total.append(gaps)
        return sum(total)

    def hinted(self) -> list[cp_model.IntVar]:
        """The variables whose values carry from one level to the next."""
        starts = [x for lanes in (self.washers, self.dryers) for lane in lanes for x in lane.starts]
        return [self.done, *(x for x in starts if not isinstance(x, int)), *self.washed, *self.dried]
