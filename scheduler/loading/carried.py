"""Requests carried from the previous week (CON-03): with `visitation.carry_waitlist`, each
social request the previous week left out for capacity is offered this week, before newer
registrations (first come, first served counts its first registration time). A request
re-registered under the same id keeps the earlier time; one whose inmate or a visitor is no
longer on file is not carried, and says so."""

from __future__ import annotations

import dataclasses

from models.roster import VisitRequest
from models.schedule import Carry
from scheduler.loading.loader import Inputs

ROW = 2_000_000
"""Row numbers of carried requests (after any file's rows), for messages."""


def with_carried(inputs: Inputs, carry: Carry) -> tuple[Inputs, list[str]]:
    """The inputs with the carried requests among the requests, and a line per request not
    carried."""
    inmates = {i.id for _, i in inputs.tables["inmates.csv"]}
    visitors = {v.id for _, v in inputs.tables["visitors.csv"]}
    rows = list(inputs.tables["requests.csv"])
    at = {r.id: k for k, (_, r) in enumerate(rows)}
    carried, notes = [], []
    for n, c in enumerate(carry.waitlist, start=1):
        gone = [x for x in (c.inmate_id, *c.visitor_ids) if x not in inmates | visitors]
        if gone:
            notes.append(f"{c.request_id}: not carried (CON-03): {', '.join(gone)} no longer on file")
            continue
        if c.request_id in at:
            row, old = rows[at[c.request_id]]
            rows[at[c.request_id]] = (
                row,
                old.model_copy(update={"registered_at": min(old.registered_at, c.registered_at)}),
            )
        else:
            request = VisitRequest(
                id=c.request_id,
                inmate_id=c.inmate_id,
                kind="social",
                visitor_ids=c.visitor_ids,
                registered_at=c.registered_at,
            )
            rows.append((ROW + n, request))
        carried.append(c.request_id)
    tables = {**inputs.tables, "requests.csv": rows}
    return dataclasses.replace(inputs, tables=tables, carried=carried), notes
