"""`jailsched show`: the week's data at a glance, before any solving."""

from __future__ import annotations

from collections import Counter

from models.instance import Instance
from scheduler.report.views import natural


def summary(instance: Instance) -> str:
    """A terminal summary: population, requests and their eligibility, lockdowns, razors, notices."""
    parts = [
        f"{instance.facility.name}: week of {instance.monday} ({instance.name})",
        _population(instance),
        _requests(instance),
        _lockdowns(instance),
        _razors(instance),
        _other(instance),
        _resources(instance),
    ]
    return "\n\n".join(parts) + "\n"


def _resources(instance: Instance) -> str:
    """The ids a closure, a what-if or an events file names (CAL-01), and the windows."""
    f = instance.facility
    officers = sorted(instance.officers, key=natural)
    lines = [
        f"booths: 1..{f.visitation.booths} (closure resource booths, count N: the highest-numbered N)",
        f"legal-visit rooms: 1..{f.visitation.legal_rooms} (legal_room); the whole room: visitation_room",
        f"recreation areas (recreation_area): {', '.join(a.id for a in f.recreation.areas)}",
        f"machines (laundry_machine): washers W1..W{f.laundry.washers}, dryers D1..D{f.laundry.dryers}",
        "razor issue: razor_issue",
        f"pods: {', '.join(u.id for u in f.housing_units)}",
        f"officers: {len(officers)}" + (f", {officers[0]}..{officers[-1]}" if officers else ""),
        "visitation windows: " + "; ".join(w.describe() for w in f.visitation.windows),
    ]
    return "Resources (the ids closures, what-ifs and events name)\n" + "\n".join(f"  {x}" for x in lines)


def table(header: list[str], rows: list[list[object]]) -> str:
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _population(instance: Instance) -> str:
    rows = []
    for unit in instance.facility.housing_units:
        members = [i for i in instance.inmates.values() if i.pod == unit.id]
        charges = Counter(i.charge or "civil" for i in members)
        rows.append(
            [
                unit.id,
                unit.sex,
                unit.commitment,
                f"{len(members)}/{unit.capacity}",
                charges["felony"],
                sum(i.violent for i in members),
                charges["misdemeanour"],
                charges["civil"],
                sum(i.trustee for i in members),
            ]
        )
    header = ["pod", "sex", "commitment", "inmates", "felony", "violent", "misdem.", "civil", "trustees"]
    return f"Population: {len(instance.inmates)} inmates\n" + table(header, rows)


def _requests(instance: Instance) -> str:
    kinds = Counter(r.kind for r in instance.requests.values())
    eligible = Counter(
        instance.requests[e.request_id].kind for e in instance.eligibility.values() if e.eligible
    )
    rows = [[k, kinds[k], eligible[k], kinds[k] - eligible[k]] for k in ("social", "legal", "clergy")]
    refusals = Counter(e.rule for e in instance.eligibility.values() if not e.eligible)
    lines = [
        f"Visit requests: {len(instance.requests)}",
        table(["kind", "requests", "eligible", "refused"], rows),
    ]
    if refusals:
        lines.append("Refused by rule: " + ", ".join(f"{rule} {n}" for rule, n in sorted(refusals.items())))
    return "\n".join(lines)


def _lockdowns(instance: Instance) -> str:
    rows = [
        [
            s.inmate_id,
            instance.inmates[s.inmate_id].pod,
            s.offence_id,
            s.start,
            s.days,
            " ".join(d.strftime("%a") for d in s.nights) or "-",
        ]
        for s in sorted(instance.lockdowns, key=lambda s: (s.inmate_id, s.start))
        if s.nights
    ]
    text = "Lockdown nights this week\n" + (
        table(["inmate", "pod", "offence", "from", "days", "nights"], rows) if rows else "none"
    )
    reviews = [f"{r.inmate_id} offence {r.offence_id} ({r.reason})" for r in instance.admin_reviews]
    if reviews:
        text += "\nAdministrative review (no automatic lockdown): " + "; ".join(reviews)
    return text


def _razors(instance: Instance) -> str:
    lists = Counter(s.list_date for s in instance.razor_signups)
    rows = [[d, d.strftime("%a"), n] for d, n in sorted(lists.items())]
    return "Razor sign-ups\n" + (table(["list date", "day", "names"], rows) if rows else "none")


def _other(instance: Instance) -> str:
    wanted = {i.id for i in instance.inmates.values() if i.indigent_request}
    requesting = len(wanted & set(instance.indigent))
    lines = [
        f"Indigent (IND-01): {len(instance.indigent)} inmates, {requesting} requesting a package",
        f"Keep-separate pairs: {len(instance.keep_apart)}; sanctions: {len(instance.sanctions)}; "
        f"officers: {len(instance.officers)}",
        f"Compliance notices (VTR-04): {len(instance.notices)}",
    ]
    lines += [f"  - {n.text}" for n in instance.notices]
    return "\n".join(lines)
