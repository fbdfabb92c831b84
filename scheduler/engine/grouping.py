"""Unmet demand of one cause as one entry (UNM-01): ten sessions that a closed yard keeps
out are one line with their count, not ten near-identical ones."""

from __future__ import annotations

from models.schedule import Unmet

GROUPED = ("recreation", "laundry_load", "hour_out")
"""Kinds grouped by cause. Visits and razor sign-ups are not: each stands beside its own
waitlist or exclusion entry. Unstaffed sessions name their session in their reason."""

NOUN = {"recreation": "sessions", "laundry_load": "loads", "hour_out": "hour-outs"}


def grouped(entries: list[Unmet]) -> list[Unmet]:
    """Entries of a grouped kind with one rule, date, reason and fix merged into one, with the
    count, every subject and every inmate; the others as they are, in their order."""
    keyed: dict[tuple, list[Unmet]] = {}
    order: list[tuple | int] = []
    for n, u in enumerate(entries):
        if u.kind not in GROUPED:
            order.append(n)
            continue
        key = (u.kind, u.rule, u.date, u.reason, u.fix, u.hard)
        if key not in keyed:
            order.append(key)
        keyed.setdefault(key, []).append(u)
    return [entries[k] if isinstance(k, int) else _merge(keyed[k]) for k in order]


def _whose(kind: str, subjects: list[str]) -> str:
    """The pods (sessions, loads: "kind:date:pod:...") or inmates (hour-outs: "hour_out:date:inmate")
    the subjects name."""
    parts = [s.split(":") for s in subjects]
    if kind == "hour_out":
        named = list(dict.fromkeys(p[2] for p in parts if len(p) > 2))
        return "inmate(s) " + ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    return "pod(s) " + ", ".join(sorted({p[2] for p in parts if len(p) > 2}))


def _merge(same: list[Unmet]) -> Unmet:
    if len(same) == 1:
        return same[0]
    first = same[0]
    subjects = [s for u in same for s in u.each_subject()]
    needed = dict.fromkeys(u.needed for u in same if u.needed)
    return first.model_copy(
        update={
            "subject": f"{len(subjects)} {NOUN[first.kind]}, {_whose(first.kind, subjects)}",
            "subjects": subjects,
            "count": len(subjects),
            "inmates": sorted({i for u in same for i in u.inmates}),
            "needed": "; ".join(needed) if len(needed) < 4 else f"{len(subjects)} x {first.needed}",
        }
    )
