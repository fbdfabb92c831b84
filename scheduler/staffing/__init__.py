"""The one officer matcher (STF-01..04): an officer for every supervised session of the week.

Sessions are fixed in time by the sub-problems, which kept the sessions at any time within
the officers still free; what is left is an assignment. An officer may take a session when
on shift for all of it, with no declared relationship with its inmates nor a relative among
its visitors (STF-03), and one session at a time (STF-02). The week falls apart into groups
of sessions that can share an officer's shift (days and nights), each matched on its own.

After each sub-problem its new sessions get a provisional officer (`match_new`), so the next
sub-problem sees exactly who is still free. At the end (`staff_week`), per group: (0) the
most sessions staffed, from the provisional matching; (1) the smallest largest load
(minutes supervised by one officer in one shift): the matching, evened out, is proven
optimal without a solve when it reaches a max-flow lower bound (`flow_bound`), else solved
by CP-SAT (min-max where the group is small, else a search for a matching within the
bound); then loads are evened out by a local search that never raises the largest. A
session no officer can take is listed as unmet with every officer on shift and why each
is excluded.
"""

from __future__ import annotations

from collections import defaultdict

from models.common import weekday_of
from models.instance import Instance
from models.schedule import SUPERVISED, WeekSchedule
from scheduler.engine.baseline import Baseline
from scheduler.engine.context import Context
from scheduler.engine.officers import covering_shift
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, decided
from scheduler.staffing.keeping import keep_officers
from scheduler.staffing.matching import even_out, greedy, most_staffed, smallest_largest
from scheduler.staffing.sessions import Session, Shift, components, sessions_of
from scheduler.staffing.unstaffed import unstaffed


def solve_staffing(ctx: Context) -> SubResult:
    """An officer on every supervised session of the week so far (`ctx.week`): the last step
    of the week, after every sub-problem placed its sessions."""
    if ctx.week is None:
        raise ValueError("staffing needs the week so far (Context.of(instance, settings, week))")
    return staff_week(ctx.instance, ctx.week, ctx.settings, ctx.baseline)


def per_day(instance: Instance, sessions: list[Session]) -> dict[str, float]:
    """Each date's staffing figures: officers whose shift starts that date, the supervised
    sessions starting that date, and the officer-minutes of those shifts not spent
    supervising them (what a what-if that adds or removes an officer changes)."""
    out: dict[str, float] = {}
    for day in instance.dates:
        shifts = [s for o in instance.officers.values() if (s := o.shift(weekday_of(day))) is not None]
        mine = [s for s in sessions if s.date == day]
        spare = sum(b - a for a, b in shifts) - sum(s.minutes for s in mine)
        out[f"staffing.day_on_shift {day}"] = float(len(shifts))
        out[f"staffing.day_sessions {day}"] = float(len(mine))
        out[f"staffing.day_spare_minutes {day}"] = float(spare)
    return out


def _published_officers(baseline: Baseline | None) -> dict[str, str]:
    """The officer of each published supervised session, by event id."""
    if baseline is None:
        return {}
    return {e.id: e.officer for _, e in baseline.events(*SUPERVISED) if e.officer}


def match_new(instance: Instance, week: WeekSchedule, settings: SolveSettings) -> None:
    """A provisional officer for each new session, beside the sessions matched before: what
    the next sub-problem sees as taken. Greedy in start order (tightest shift first); a
    group of sessions the greedy cannot staff in full is matched by CP-SAT (most staffed)."""
    sessions = sessions_of(instance, week, new_only=True)
    for part in components(sessions):
        chosen = greedy(part)
        if len(chosen) < len(part):
            chosen = most_staffed(part, settings, SubResult(), "staffing provisional", chosen)
        for s in part:
            s.event.officer = chosen.get(s.event.id)


def staff_week(
    instance: Instance, week: WeekSchedule, settings: SolveSettings, baseline: Baseline | None = None
) -> SubResult:
    """Officers on every session it can (set on the events), unmet sessions, and figures.

    Per group of sessions: level 0 (most staffed) starts from the provisional matching, which
    staffs every session when every sub-problem kept within the officers free; level 1 (the
    smallest largest load) is decided by the flow bound when the evened-out matching, or the
    greedy kept under the bound, meets it, else solved by CP-SAT (min-max for groups of up to
    `SOLVED` sessions, else a search for a matching within the bound); then
    loads are evened out by moving sessions to less loaded officers while that lowers the
    sum of squared loads without raising the largest (a local search: no optimality claim).
    """
    result = SubResult()
    sessions = sessions_of(instance, week)
    chosen: dict[str, str] = {}
    published = _published_officers(baseline)
    for part in components(sessions):
        name = f"staffing {part[0].date} {part[0].event.id.split(':')[0]}.."
        if baseline is not None:
            chosen |= keep_officers(part, settings, result, name, baseline, published)
            continue
        given = {s.event.id: s.event.officer for s in part if s.event.officer in {sh[0] for sh in s.eligible}}
        mine = most_staffed(part, settings, result, name, given) if len(given) < len(part) else given
        if len(given) == len(part):
            result.runs.append(decided(f"{name} L0 sessions staffed", len(part), len(part)))
        mine = smallest_largest(part, settings, result, name, even_out(part, mine))
        chosen |= even_out(part, mine)
    for s in sessions:
        s.event.officer = chosen.get(s.event.id)
    for s in sessions:
        if s.event.officer is None:
            result.unmet.append(unstaffed(instance, s, sessions))
    loads: dict[Shift, int] = defaultdict(int)
    for s in sessions:
        if s.event.officer:
            shift = covering_shift(instance, s.event.officer, s.start, s.end)
            loads[(s.event.officer, *(shift or (0, 0)))] += s.minutes
    result.kpis["staffing.sessions"] = float(len(sessions))
    result.kpis["staffing.unstaffed"] = float(len(result.unmet))
    result.kpis["staffing.largest_load_minutes"] = float(max(loads.values(), default=0))
    result.kpis |= per_day(instance, sessions)
    return result
