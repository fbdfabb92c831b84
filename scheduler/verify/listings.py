"""UNM-01, REC-04, DIS-08, RAZ-05, RAZ-07: the schedule's listings re-checked against the
instance, so that a listing cannot excuse demand the week should have met.

- An exclusion says an inmate was left out of an activity on a date. Recreation and razors
  are dated activities, so an exclusion names a date of the week. A recreation exclusion
  (REC-04, or DIS-08 for lockdown) states the inmate is ineligible that day: recreation
  suspended by a sanction covering the date (DIS-02) or on lockdown. A razor exclusion is a
  sign-up of that issue day (RAZ-01) left out: RAZ-05 states a restriction (a razor sanction
  covering the date, or lockdown); RAZ-07 a sign-up not served, so no razor that day.
- An exclusion citing HOU-01 states the inmate was released (a repair's event) by that date.
- An unmet entry's `hard` flag follows its kind (README, UNM-01): hour-outs (DIS-05),
  recreation hours (REC-01/02), laundry loads (LAU-04) and unstaffed sessions (STF-01) are
  hard demand, whatever rule names the cause (CAL-01 for a closure, DAY-07 for busy time);
  unserved visits (VIS-13) and razor sign-ups (RAZ-07) are not.

Unknown inmates in listings are references.check_listings'; they are skipped here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from models.instance import Instance
from models.schedule import Exclusion, WeekSchedule
from scheduler.verify.core import Violation, placed_activities
from scheduler.verify.razors import signed_up

EXCLUSION_RULES = {"recreation": ("REC-04", "DIS-08"), "razor": ("RAZ-05", "RAZ-07")}
"""The activities a schedule lists exclusions from, and the rules an exclusion may cite."""
HARD_KINDS = frozenset({"hour_out", "recreation", "laundry_load", "session"})
"""Unmet kinds that are hard demand (`solve` exits 1); the others ("visit", "razor") are not."""


def _v(rule: str, x: Exclusion, problem: str) -> Violation:
    when = f" on {x.date}" if x.date else ""
    return Violation(
        rule=rule,
        date=x.date,
        message=f"{x.activity} exclusion of {x.inmate_id}{when} ({x.rule}: {x.reason!r}) {problem}",
    )


def _recreation(instance: Instance, x: Exclusion, day: dt.date) -> list[Violation]:
    """REC-04/DIS-08: the inmate is suspended from recreation or on lockdown that day."""
    locked = instance.on_lockdown(x.inmate_id, day)
    suspended = instance.suspended(x.inmate_id, "recreation", day) is not None
    if x.rule == "DIS-08" and not locked:
        return [_v("DIS-08", x, "but the inmate is not on lockdown that day")]
    if not locked and not suspended:
        return [
            _v("REC-04", x, "but the inmate is neither on lockdown nor suspended from recreation that day")
        ]
    return []


def _released(instance: Instance, x: Exclusion, day: dt.date) -> list[Violation]:
    """HOU-01: an inmate released during the week (a repair's event) is left out from the
    day they leave."""
    gone = instance.departures.get(x.inmate_id)
    if gone is None or day < gone.date():
        return [_v("HOU-01", x, "but the inmate is still in the facility that day")]
    return []


def _razor(
    instance: Instance,
    x: Exclusion,
    day: dt.date,
    signed: set[tuple[str, dt.date]],
    issued: set[tuple[str, dt.date]],
) -> list[Violation]:
    """RAZ-05/RAZ-07: a sign-up of that issue day, restricted (RAZ-05) or not issued (RAZ-07)."""
    rule = x.rule if x.rule in EXCLUSION_RULES["razor"] else "RAZ-05"
    if (x.inmate_id, day) not in signed:
        return [_v(rule, x, f"but the inmate is not on {instance.facility.razors.list_words}")]
    if x.rule == "RAZ-05" and not (
        instance.on_lockdown(x.inmate_id, day) or instance.suspended(x.inmate_id, "razor", day) is not None
    ):
        return [_v("RAZ-05", x, "but the inmate is neither on lockdown nor on razor restriction that day")]
    if (x.inmate_id, day) in issued:
        return [_v(rule, x, "but the inmate is issued a razor that day")]
    return []


def check_exclusions(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """Each exclusion is of a known activity, on a date of the week, citing a rule of that
    activity, and true: the ineligibility it states holds on that date (see the module)."""
    week, signed = set(instance.dates), set(signed_up(instance))
    issued = {
        (i, a.day.date)
        for a in placed_activities(schedule)
        if a.kind == "razor_batch"
        for i in a.event.inmates
    }
    out: list[Violation] = []
    for x in schedule.exclusions:
        if x.inmate_id not in instance.inmates:
            continue
        rules = EXCLUSION_RULES.get(x.activity)
        if rules is None:
            out.append(
                _v(
                    "UNM-01",
                    x,
                    f"is of an activity the week does not list exclusions from "
                    f"({', '.join(EXCLUSION_RULES)})",
                )
            )
            continue
        if x.date is None:
            out.append(_v(rules[0], x, "has no date; the activity is held on dates"))
            continue
        if x.date not in week:
            out.append(_v(rules[0], x, f"is not in the week of {instance.monday}"))
            continue
        if x.rule == "HOU-01":
            out += _released(instance, x, x.date)
            continue
        if x.rule not in rules:
            out.append(_v(rules[0], x, f"cites {x.rule}, not {' or '.join(rules)}"))
        if x.activity == "recreation":
            out += _recreation(instance, x, x.date)
        else:
            out += _razor(instance, x, x.date, signed, issued)
    return out


def check_unmet_hard(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: an unmet entry's `hard` flag is its kind's: hour-outs, recreation hours,
    laundry loads and sessions are hard; visits and razor sign-ups are not."""
    return [
        Violation(
            rule="UNM-01",
            date=u.date,
            message=f"unmet {u.kind} {u.subject} ({u.rule}) is marked hard: {str(u.hard).lower()}; "
            + (
                f"{u.kind.replace('_', ' ')} demand is hard"
                if u.kind in HARD_KINDS
                else f"an unserved {u.kind} is a normal outcome, not hard demand"
            ),
        )
        for u in schedule.unmet
        if u.hard != (u.kind in HARD_KINDS)
    ]


def check_waitlist_unmet(schedule: WeekSchedule, instance: Instance) -> list[Violation]:
    """UNM-01: an eligible request on the waitlist was left out by the schedule, so it is
    also listed as unmet (a visit, with its figures and fix), once; a request refused by the
    data rules (VIS-13) is waitlisted only; an unmet visit is a waitlisted request."""
    unmet = Counter(u.subject for u in schedule.unmet if u.kind == "visit")
    waitlisted = {u.request_id for u in schedule.waitlist}
    out = []
    for rid in sorted(waitlisted):
        verdict = instance.eligibility.get(rid)
        if verdict is not None and verdict.eligible and unmet[rid] != 1:
            out.append(
                Violation(
                    rule="UNM-01",
                    message=f"request {rid} is waitlisted but listed unmet {unmet[rid]} times; "
                    "an eligible request left out is listed unmet once",
                )
            )
    out += [
        Violation(rule="UNM-01", message=f"unmet visit {rid} is not on the waitlist")
        for rid in sorted(set(unmet) - waitlisted)
    ]
    return out


CHECKS = [check_exclusions, check_unmet_hard, check_waitlist_unmet]
