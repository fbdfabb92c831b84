"""A proof without a solve that a request cannot join the requests served before it (VIS-09,
level 2): the booths as a matching.

Relaxed to its start instants, the booth rule says: the visits starting at one minute number
at most the booths open then. Served requests each need one of their slot starts under
that cap, a b-matching of requests to starts. When no augmenting path places one more
request, no schedule serving the earlier ones serves it too, so level 2 fixes it unserved
without a solve. The starts such a failed search reached are full for good (their requests
can only move among them, and serving more only fills them), so later searches skip them:
the whole of level 2 costs about one pass over the requests' slots. Exact for a window's
own grid (a slot's visit and turnover end where the next slot starts); a necessary
condition wherever windows overlap.
"""

from __future__ import annotations

from collections import deque


class Seats:
    """Requests held at slot starts, each start at most its cap."""

    def __init__(self, starts: dict[str, list[int]], cap: dict[int, int]) -> None:
        self.starts = starts
        self.cap = cap
        self.holders: dict[int, list[str]] = {t: [] for t in cap}
        self.at: dict[str, int] = {}
        self.full: set[int] = set()
        """Starts no augmenting path can free (see the module docstring)."""

    def fits(self, rid: str) -> bool:
        """Whether the request could be held too (nothing changes)."""
        return self.add(rid, hold=False)

    def add(self, rid: str, hold: bool = True) -> bool:
        """Hold the request (`hold`) at one of its starts, moving others along an augmenting
        path; False (nothing changed) when none exists. Only requests served for good are
        held, so the starts a failed search reached stay full."""
        if rid in self.at or rid not in self.starts:
            return True
        parent: dict[int, tuple[str, int | None]] = {}
        queue: deque[int] = deque()
        for t in self.starts[rid]:
            if t not in self.full and t not in parent:
                parent[t] = (rid, None)
                queue.append(t)
        while queue:
            t = queue.popleft()
            if len(self.holders[t]) < self.cap[t]:
                if hold:
                    self._shift(t, parent)
                return True
            for other in self.holders[t]:
                for u in self.starts[other]:
                    if u not in self.full and u not in parent:
                        parent[u] = (other, t)
                        queue.append(u)
        self.full |= set(parent)
        return False

    def _shift(self, t: int, parent: dict[int, tuple[str, int | None]]) -> None:
        """Move each request on the path one step: the last into the free start `t`."""
        while True:
            rid, before = parent[t]
            self.holders[t].append(rid)
            self.at[rid] = t
            if before is None:
                return
            self.holders[before].remove(rid)
            t = before
