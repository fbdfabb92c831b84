"""VIS-04 and VTR-02: dividing a visit among more visitors than the booth holds at once."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import combinations

Part = tuple[int, int, list[str]]


def divide(visitors: list[str], children: set[str], minutes: int, at_once: int) -> list[Part]:
    """Sub-periods (start offset, end offset, visitors) covering a visit of `minutes`; see
    `_divide`. The division depends only on which places in the list are children, so it
    is worked out once per pattern (`_by_pattern`) and given these visitors' names."""
    pattern = tuple(v in children for v in visitors)
    return [(a, b, [visitors[k] for k in group]) for a, b, group in _by_pattern(pattern, minutes, at_once)]


@cache
def _by_pattern(
    pattern: tuple[bool, ...], minutes: int, at_once: int
) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """`_divide` on visitors named by their places (children where `pattern` is True)."""
    places = [str(k) for k in range(len(pattern))]
    young = {places[k] for k, child in enumerate(pattern) if child}
    return tuple(
        (a, b, tuple(int(v) for v in group)) for a, b, group in _divide(places, young, minutes, at_once)
    )


def _divide(visitors: list[str], children: set[str], minutes: int, at_once: int) -> list[Part]:
    """Sub-periods (start offset, end offset, visitors) covering a visit of `minutes`.

    With at most `at_once` visitors there is one sub-period with everyone. Otherwise the
    visit is cut into equal parts, each holding a group of at most `at_once` visitors in
    which every child has an adult. The groups are chosen to maximise the smallest share
    any visitor gets, then to use the fewest parts; ties go to the earliest groups in
    visitor order, so the division is deterministic. Returns [] when no valid grouping
    exists (a child with no adult).
    """
    if len(visitors) <= at_once:
        return [(0, minutes, list(visitors))] if _valid(visitors, children) else []
    groups = [list(g) for g in combinations(visitors, at_once) if _valid(list(g), children)]
    if len(groups) > MAX_GROUPS:
        return _cut(_rotation(visitors, children, at_once), minutes) if groups else []
    best: tuple[Fraction, int, list[list[str]]] | None = None
    for size in range(1, len(groups) + 1):
        for chosen in combinations(groups, size):
            share = min(Fraction(sum(v in g for g in chosen), size) for v in visitors)
            if share > 0 and (best is None or share > best[0]):
                best = (share, size, list(chosen))
    if best is None:
        return []
    return _cut(best[2], minutes)


MAX_GROUPS = 12
"""Above this many candidate groups (large visits) the exhaustive search gives way to a rotation."""


def _rotation(visitors: list[str], children: set[str], at_once: int) -> list[list[str]]:
    """Consecutive groups of adults, each child joining the next adult in turn: every visitor
    gets one part and every child an adult."""
    adults = [v for v in visitors if v not in children]
    kids = [v for v in visitors if v in children]
    groups = [[adult] for adult in adults]
    for i, kid in enumerate(kids):
        target = next((g for g in groups[i % len(groups) :] + groups if len(g) < at_once), None)
        if target is None:
            target = [adults[i % len(adults)]]
            groups.append(target)
        target.append(kid)
    merged: list[list[str]] = []
    for group in groups:
        if merged and not any(v in children for v in group) and len(merged[-1]) + len(group) <= at_once:
            merged[-1] += group
        else:
            merged.append(group)
    return merged


def _valid(group: list[str], children: set[str]) -> bool:
    """A group where every child is with an adult (VTR-02)."""
    return not any(v in children for v in group) or any(v not in children for v in group)


def _cut(groups: list[list[str]], minutes: int) -> list[Part]:
    """Equal whole-minute parts, the first ones a minute longer when it does not divide."""
    base, extra = divmod(minutes, len(groups))
    out, start = [], 0
    for i, group in enumerate(groups):
        length = base + (1 if i < extra else 0)
        out.append((start, start + length, group))
        start += length
    return out
