"""Recreation as schedule data: the sessions' events and areas, the rotation matrix, and every
hour that does not fit with the cause that holds (REC-01, REC-05, UNM-01)."""

from __future__ import annotations

from models.common import format_clock, weekday_of
from models.instance import Instance
from models.problems import Problem
from models.schedule import RecreationSession, RotationRow, SolverRun, Unmet
from scheduler.engine.result import SubResult
from scheduler.engine.solving import SolveSettings, time_limit_advice
from scheduler.recreation.sessions import Session, daylight


def session_unmet(s: Session, inmates: list[str], why: str, rule: str = "REC-01") -> Unmet:
    """A recreation hour that does not fit (UNM-01): hard demand."""
    return Unmet(
        rule=rule,
        kind="recreation",
        subject=f"recreation:{s.date}:{s.pod}:{s.label + 1}",
        date=s.date,
        hard=True,
        inmates=sorted(inmates),
        reason=f"pod {s.pod}, group {s.label + 1}, {weekday_of(s.date).capitalize()} {s.date}: {why}",
        needed=f"{len(inmates)} inmate(s) x 1 recreation hour",
        available="no free start in recreation hours",
        fix="move the inmate's appointment or visit, longer recreation hours, or another area",
    )


def unexplained(
    instance: Instance, sessions: list[Session], run: SolverRun, settings: SolveSettings
) -> Problem:
    """Why no rotation was found, by the last solve's status: a proof (INFEASIBLE) names what
    is short with its figures; only a solve that stopped on the time limit says to raise it,
    with the time used versus the limit."""
    rec = instance.facility.recreation
    areas = len(rec.areas)
    pods = ", ".join(sorted({s.pod for s in sessions}))
    hours = f"{format_clock(rec.start)}-{format_clock(rec.end)}"
    if run.status == "INFEASIBLE" and "(repeats allowed)" in run.subproblem:
        message = (
            f"{len(sessions)} group sessions of pod(s) {pods} ({rec.session_minutes} min each) do not fit "
            f"in {areas} area(s) between {hours}: their members' busy times and the officers free leave "
            "no start for all of them"
        )
        return Problem("recreation", "", "", message, "REC-02")
    if run.status == "INFEASIBLE":
        message = (
            f"{len(sessions)} group sessions do not fit in {areas} area(s) without a group "
            "repeating its start on consecutive days"
        )
        return Problem("recreation", "", "", message, "REC-05")
    message = (
        f"no rotation of {len(sessions)} group sessions of pod(s) {pods} in {areas} area(s) found: "
        f"{time_limit_advice(run, settings.time_limit)}"
    )
    return Problem("recreation", "", "", message, "REC-01")


def session_events(
    instance: Instance,
    starts: dict[Session, int],
    result: SubResult,
    placed: dict[Session, str] | None = None,
) -> None:
    """Sessions with their areas: the rotation's (`placed`, when some area is too small for
    some group), else by interval colouring: the first area free and open (CAL-01) for the
    whole session, preferring the one whose next closure is furthest away."""
    rec = instance.facility.recreation
    areas = [a.id for a in rec.areas]
    rows: dict[tuple[str, int], RotationRow] = {}
    for day in sorted({s.date for s in starts}):
        free_at = dict.fromkeys(areas, 0)
        shut = {a: [c.span for c in instance.facility.closed("recreation_area", day, a)] for a in areas}
        events = []
        for s in sorted((s for s in starts if s.date == day), key=lambda s: (starts[s], s.pod, s.label)):
            t = starts[s]
            end = t + rec.session_minutes
            idle = [a for a in areas if free_at[a] <= t] or areas
            usable = [a for a in idle if all(end <= x or y <= t for x, y in shut[a])] or idle
            area = min(
                usable,
                key=lambda a: (-min([x for x, _ in shut[a] if x >= end], default=10**6), areas.index(a)),
            )
            if placed is not None:
                area = placed[s]
            free_at[area] = end
            events.append(
                RecreationSession(
                    kind="recreation",
                    id=f"recreation:{day}:{s.pod}:{s.label + 1}",
                    start=t,
                    end=t + rec.session_minutes,
                    place=area,
                    inmates=list(s.inmates),
                    pod=s.pod,
                    group=s.label + 1,
                )
            )
            row = rows.setdefault(s.group, RotationRow(pod=s.pod, group=s.label + 1))
            row.starts[day] = t
            row.daylight += int(daylight(instance, t))
        result.add(day, events)
    result.tables["rotation"] = [rows[k] for k in sorted(rows)]
    result.kpis["recreation.sessions"] = float(len(starts))
    result.kpis["recreation.groups"] = float(len(rows))
    result.kpis["recreation.daylight_sessions"] = float(sum(r.daylight for r in rows.values()))
    result.kpis["recreation.excluded"] = float(len(result.exclusions))
