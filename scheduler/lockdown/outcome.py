"""The hour-outs as schedule data, and every hour-out left out with the cause that holds
(DIS-05, DIS-06, STF-03, DAY-07, UNM-01), one line per inmate and cause."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.schedule import HourOut, Notice, SolverRun, Unmet
from scheduler.engine.context import Context
from scheduler.engine.result import SubResult
from scheduler.engine.solving import more_time, time_limit_advice
from scheduler.lockdown.model import HourOutModel, Starts
from scheduler.lockdown.nights import Night, capacity_problems, night_name


def hour_out_events(instance: Instance, m: HourOutModel, starts: Starts, result: SubResult) -> None:
    """Hour-out events (their officers come from the week's officer matcher)."""
    minutes = instance.facility.discipline.hour_out_minutes
    last_counts: dict[str, int] = defaultdict(int)
    for n in m.nights:
        events = []
        for k in range(len(n.starts)):
            out = sorted(i for pod in n.pods.values() for i in pod if starts.get((i, n.date)) == k)
            for i in out:
                t = n.starts[k]
                pod = instance.inmates[i].pod
                events.append(
                    HourOut(
                        kind="hour_out",
                        id=f"hour_out:{n.date}:{i}",
                        start=t,
                        end=t + minutes,
                        place=f"pod {pod} dayroom",
                        inmates=[i],
                        pod=pod,
                    )
                )
        result.add(n.date, events)
        for ids in n.pods.values():
            given = [i for i in ids if (i, n.date) in starts]
            if len(given) > 1:
                last_counts[max(given, key=lambda i: starts[(i, n.date)])] += 1
        if events:
            result.kpis[f"lockdown.latest_end {n.date}"] = float(max(e.end for e in events))
    result.kpis["lockdown.hour_outs"] = float(len(starts))
    result.kpis["lockdown.most_nights_last"] = float(max(last_counts.values(), default=0))


def left_out(left: list[tuple[Night, str, str]], causes: dict[tuple[dt.date, str], _Cause]) -> list[Unmet]:
    """UNM-01: each lockdown night's hour-out not given, with what is short that night. The
    verifier wants an entry per inmate and night; each names the inmate, the officers and
    every night the same cause holds, so any one entry tells the whole story."""
    out = []
    for n, pod, i in left:
        cause = causes[(n.date, i)]
        same = _same_nights(causes, i, cause)
        nights_ = f"; the same on {len(same)} lockdown nights: {_dates(same)}" if len(same) > 1 else ""
        out.append(
            Unmet(
                rule=cause.rule,
                kind="hour_out",
                subject=f"hour_out:{n.date}:{i}",
                date=n.date,
                hard=True,
                inmates=[i],
                reason=f"inmate {i}, pod {pod}, {night_name(n.date)}: {cause.why}{nights_}",
                needed=cause.needed,
                available=cause.available,
                fix=cause.fix,
            )
        )
    return out


def _same_nights(causes: dict[tuple[dt.date, str], _Cause], i: str, cause: _Cause) -> list[dt.date]:
    """The nights on which the inmate misses the hour-out for this same cause."""
    return sorted(d for (d, j), c in causes.items() if j == i and c == cause)


@dataclass(frozen=True)
class _Cause:
    """Why one inmate has no hour-out one night: rule, words, figures and fix."""

    rule: str
    why: str
    needed: str
    available: str
    fix: str


def cause_of(ctx: Context, n: Night, pod: str, i: str, starts: Starts, stopped: SolverRun | None) -> _Cause:
    """The first cause that holds, most certain first: the solve stopped on the time limit
    (nothing proven), the night holds too few hour-outs or officer-hours (DIS-05, DIS-06),
    the inmate's own busy time (DAY-07), then the night officers' relationships (STF-03)."""
    minutes = ctx.instance.facility.discipline.hour_out_minutes
    available = f"{len(n.grid)} hour-outs a night, {max(n.free, default=0)} officers free"
    fix = "an earlier lights out, shorter hour-outs, or another night officer"
    if stopped is not None:
        limit = ctx.settings.time_limit
        why = time_limit_advice(stopped, limit)
        return _Cause("DIS-03", why, "1 hour-out", available, more_time(stopped, limit))
    problems = {p.record: p for p in capacity_problems(ctx.instance, [n])}
    p = problems.get(f"pod {pod}, {night_name(n.date)}") or problems.get(night_name(n.date))
    if p is not None:
        return _Cause(
            p.rule or "DIS-05", p.message, f"{len(n.pods[pod])} hour-outs in pod {pod}", available, fix
        )
    if not n.open[i]:
        why = f"the inmate's appointments cover every start from {_span(n, minutes)} (DAY-07)"
        return _Cause("DAY-07", why, f"a free {minutes} min", "none", "move the inmate's appointment")
    return _officer_cause(ctx.instance, n, i, starts, minutes)


def _officer_cause(instance: Instance, n: Night, i: str, starts: Starts, minutes: int) -> _Cause:
    """STF-03 in names: the night officers on duty at the inmate's starts and the declared
    relationship that bars each; or, when some may take the inmate, the other hour-outs that
    keep them busy (STF-02)."""
    on_duty = sorted({o for k in n.open[i] for o in n.officers[k]})
    barred = {o: _relations(instance, o, i) for o in on_duty}
    clear = [o for o in on_duty if not barred[o]]
    span = _span(n, minutes)
    if not on_duty:
        why = f"no night officer is on shift and free at any start from {span} (DIS-06)"
        return _Cause("DIS-06", why, "1 night officer", "0 on duty", f"put a night officer on shift {span}")
    if not clear:
        named = ", ".join(f"{o} ({'/'.join(barred[o])})" for o in on_duty)
        why = (
            f"every night officer on duty {span} has a declared relationship with inmate {i} "
            f"(STF-03): {named}"
        )
        needed = f"1 night officer without a declared relationship with inmate {i}"
        available = f"0 of {len(on_duty)} night officer(s) on duty ({', '.join(on_duty)})"
        fix = f"put a night officer without a declared relationship with inmate {i} on shift {span}"
        return _Cause("STF-03", why, needed, available, fix)
    others = sorted(j for (j, d), k in starts.items() if d == n.date and k in n.open[i] and j != i)
    named = ", ".join(f"{o} ({'/'.join(barred[o])})" for o in on_duty if barred[o])
    why = (
        f"the night officers free of a declared relationship with inmate {i} ({', '.join(clear)}) "
        f"supervise the other hour-outs ({', '.join(others) or 'none'}) at every start it could use "
        f"(STF-02; barred by a declared relationship, STF-03: {named})"
    )
    available = f"{len(clear)} eligible ({', '.join(clear)}), all busy"
    return _Cause("STF-03", why, "1 night officer", available, "another night officer")


def _relations(instance: Instance, officer: str, inmate: str) -> list[str]:
    """The relationships an officer declared with an inmate that bar supervising them (STF-03)."""
    return sorted(
        r.kind.replace("_", " ")
        for r in instance.staff_relationships
        if r.officer_id == officer and r.inmate_id == inmate and r.kind != "contact"
    )


def _span(n: Night, minutes: int) -> str:
    """The night's hour-out span, e.g. "23:30-06:30"."""
    if not n.starts:
        return "lights out to the morning deadline"
    return f"{format_clock(n.starts[0] % 1440)}-{format_clock((n.starts[-1] + minutes) % 1440)}"


def _dates(dates: list[dt.date]) -> str:
    """Nights in words: "Mon 2026-11-23 to Sun 2026-11-29" when consecutive, else a list."""
    if all((b - a).days == 1 for a, b in itertools.pairwise(dates)):
        return f"{_day(dates[0])} to {_day(dates[-1])}"
    return ", ".join(_day(d) for d in dates)


def _day(date: dt.date) -> str:
    return f"{weekday_of(date).capitalize()} {date}"


def per_inmate_notices(instance: Instance, causes: dict[tuple[dt.date, str], _Cause]) -> list[Notice]:
    """One notice per inmate and cause that holds on several nights: what the administrator
    acts on (e.g. a night officer without a relationship with the inmate), told once."""
    out = []
    for cause, i in sorted(
        {(c, i) for (_, i), c in causes.items()}, key=lambda x: (x[1], x[0].rule, x[0].why)
    ):
        dates = _same_nights(causes, i, cause)
        if len(dates) < 2:
            continue
        text = (
            f"inmate {i} (pod {instance.inmates[i].pod}) gets no hour-out on {len(dates)} lockdown "
            f"nights, {_dates(dates)}: {cause.why}; needed {cause.needed}, available {cause.available}; "
            f"fix: {cause.fix}"
        )
        out.append(Notice(rule=cause.rule, subject=f"hour-outs of {i}", text=text))
    return out
