"""Each issue day's morning gathered (RAZ-01, RAZ-02, RAZ-04..06): the sign-ups, the exclusions,
and the starts each pod and sign-up may use around counts, meals, recreation and officers."""

from __future__ import annotations

import datetime as dt

from models.facility import Razors
from models.instance import Instance
from models.schedule import Exclusion
from scheduler.engine.context import Context
from scheduler.engine.officers import barred, barred_by, on_duty
from scheduler.engine.result import SubResult
from scheduler.engine.routine import clear_starts
from scheduler.razors.model import Hall, Morning, chain


def mornings(ctx: Context, result: SubResult) -> list[Morning]:
    """Each issue day's eligible sign-ups (RAZ-01, RAZ-05), listing the excluded ones."""
    instance, recreation = ctx.instance, ctx.recreation
    rz = instance.facility.razors
    lists: dict[dt.date, list[str]] = {}
    for s in sorted(instance.razor_signups, key=lambda s: (s.list_date, s.position)):
        lists.setdefault(rz.issue_day(s.list_date), []).append(s.inmate_id)
    out = []
    for day, names in sorted(lists.items()):
        if day not in instance.dates:
            continue
        pods: dict[str, list[str]] = {}
        order = []
        for iid in names:
            reason = _restriction(instance, iid, day)
            if reason:
                result.exclusions.append(
                    Exclusion(inmate_id=iid, activity="razor", date=day, rule="RAZ-05", reason=reason)
                )
            else:
                pods.setdefault(instance.inmates[iid].pod, []).append(iid)
                order.append(iid)
        closed = [c.span for c in instance.facility.closed("razor_issue", day)]
        able = _able(ctx, day, batch_starts(instance, closed))
        allowed = {
            pod: [t for t in batch_starts(instance, recreation.get((pod, day), []) + closed) if able[t]]
            for pod in pods
        }
        own, related = _own_starts(ctx, day, order, able, closed)
        officers = on_duty(instance, day, rz.issue_start, rz.collect_by)
        free = [ctx.officers_free(day, t, t + 1) for t in range(rz.issue_start, rz.collect_by)]
        changes = [rz.issue_start + k for k in range(1, len(free)) if free[k] > free[k - 1]]
        starts = _left_shifted(allowed, rz, [b for i in order for _, b in ctx.spans(i, day)] + changes)
        grid = chain(rz.batch_minutes, batch_starts(instance, closed))
        aligned = _left_shifted(allowed, rz, changes)
        out.append(
            Morning(
                day,
                order,
                pods,
                starts,
                officers,
                len(grid),
                own=own,
                free=free,
                aligned=aligned,
                able={t: len(v) for t, v in able.items()},
                grid=grid,
                related=related,
                apart=_apart(instance, pods, own, able),
                halls=_halls(instance, pods, own, able),
            )
        )
    return out


def _apart(
    instance: Instance, pods: dict[str, list[str]], own: dict[str, list[int]], able: dict[int, list[str]]
) -> frozenset[frozenset[str]]:
    """Pairs of a pod's sign-ups never in one batch: keep-separate pairs (SEP-01), and two
    sign-ups whose declared relationships together bar every officer free at some start
    both may use (STF-03), so that no batch is left without an officer who may take it."""
    bars = barred_by(instance)
    pod_of = {i: pod for pod, inmates in pods.items() for i in inmates}
    out = {p for p in instance.keep_apart if p <= pod_of.keys() and len({pod_of[i] for i in p}) == 1}
    for inmates in pods.values():
        related = [i for i in inmates if bars.get(i)]
        for n, a in enumerate(related):
            for b in related[n + 1 :]:
                both = bars[a] | bars[b]
                if any(not set(able[t]) - both for t in set(own[a]) & set(own[b])):
                    out.add(frozenset((a, b)))
    return frozenset(out)


def _halls(
    instance: Instance, pods: dict[str, list[str]], own: dict[str, list[int]], able: dict[int, list[str]]
) -> tuple[Hall, ...]:
    """The sets of officers that batches of more pods than they hold may need alone: for a
    sign-up with declared relationships, at each of its starts, the officers free then less
    its related ones, when fewer than the pods (each pod has one batch at a time, so a
    larger set is never short); each such set with the sign-ups (and starts) whose own set
    lies within it. Pairs in one batch are `_apart`'s; this is across pods (STF-03)."""
    bars = barred_by(instance)
    pod_of = {i: pod for pod, inmates in pods.items() for i in inmates}
    need: dict[str, dict[int, frozenset[str]]] = {}
    for i in sorted(pod_of):
        for t in own[i] if bars.get(i) else []:
            left = frozenset(able[t]) - bars[i]
            if len(left) < len(pods):
                need.setdefault(i, {})[t] = left
    out = []
    for officers in sorted({s for at in need.values() for s in at.values()}, key=sorted):
        within = {i: frozenset(t for t, s in at.items() if s <= officers) for i, at in need.items()}
        starts = {i: ts for i, ts in within.items() if ts}
        if len({pod_of[i] for i in starts}) > len(officers):
            out.append(Hall(officers, starts))
    return tuple(out)


def _own_starts(
    ctx: Context, day: dt.date, order: list[str], able: dict[int, list[str]], closed: list[tuple[int, int]]
) -> tuple[dict[str, list[int]], dict[str, dict[int, list[str]]]]:
    """Each sign-up's batch starts clear of their own busy time (DAY-07) and the closures,
    with an officer free who has no declared relationship with them (STF-03); and, for a
    sign-up whose clear starts have only related officers free, those officers at each.
    Sign-ups with nothing in the issue window share one answer, worked out once."""
    rz = ctx.instance.facility.razors
    no = barred(ctx.instance)
    related = {i for _, i in no}
    clear: dict[tuple[tuple[int, int], ...], list[int]] = {}
    own = {}
    related_at: dict[str, dict[int, list[str]]] = {}
    for i in order:
        busy = tuple(
            sorted(
                span
                for span in ctx.spans(i, day) + closed
                if span[0] < rz.collect_by and span[1] > rz.issue_start
            )
        )
        if busy not in clear:
            clear[busy] = [t for t in batch_starts(ctx.instance, list(busy)) if able[t]]
        own[i] = [t for t in clear[busy] if i not in related or any((o, i) not in no for o in able[t])]
        if i in related and clear[busy] and not own[i]:
            related_at[i] = {t: list(able[t]) for t in clear[busy]}
    return own, related_at


def _restriction(instance: Instance, iid: str, day: dt.date) -> str:
    """Why an inmate gets no razor that day (RAZ-05), or "" when they may have one; a lockdown
    inmate joins no batch (SEP-03)."""
    if instance.on_lockdown(iid, day):
        return "on disciplinary lockdown"
    sanction = instance.suspended(iid, "razor", day)
    if sanction is not None:
        return f"razor restriction {sanction.id}" + (f": {sanction.reason}" if sanction.reason else "")
    return ""


def _able(ctx: Context, day: dt.date, starts: list[int]) -> dict[int, list[str]]:
    """The officers who could supervise a batch starting at each minute: on shift for all of
    it and supervising nothing else then (a batch across a shift change needs an officer
    whose shift covers both sides)."""
    length = ctx.instance.facility.razors.batch_minutes
    return {t: ctx.free_officers(day, t, t + length) for t in starts}


def batch_starts(instance: Instance, busy: list[tuple[int, int]]) -> list[int]:
    """Minutes at which a batch may start: inside the issue window, clear of counts, meals,
    med passes (RAZ-04) and the pod's recreation (RAZ-06)."""
    rz = instance.facility.razors
    span = range(rz.issue_start, rz.collect_by - rz.batch_minutes + 1)
    return clear_starts(instance, span, rz.batch_minutes, busy)


def _left_shifted(starts: dict[str, list[int]], rz: Razors, ends: list[int]) -> dict[str, list[int]]:
    """Only the starts a left-shifted schedule uses: an allowed minute that follows a
    forbidden one (an anchor, of any pod), the end of a sign-up's busy span (`ends`), or a
    minute where the officers free change, plus whole batch lengths. Every schedule can be
    shifted left, batch by batch in start order, until each batch starts at an anchor or
    where another batch ends, without a later finish, more batches or fewer served; so
    the levels keep their optima and the model gets a few starts instead of every minute."""
    anchors = {t for allowed in map(set, starts.values()) for t in allowed if t - 1 not in allowed}
    anchors |= {t for t in ends if rz.issue_start <= t < rz.collect_by}
    chained = {
        a + k * rz.batch_minutes for a in anchors for k in range((rz.collect_by - a) // rz.batch_minutes + 1)
    }
    return {pod: [t for t in allowed if t in chained] for pod, allowed in starts.items()}
