"""The verifier re-derives the waitlist's and the unmet list's claims (VIS-13, STF-01): a false
cause, or demand listed unmet that plainly fits, is a violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.instance import Instance
from models.schedule import Post, Unmet, WeekSchedule
from scheduler.verify import claims
from tests.builders import LATE_RECREATION, ONE_SLOT, one_slot_rows, related_razor_rows, solved_part


def one_slot_week(tmp_path: Path, booths: int, same_inmate: bool) -> tuple[Instance, WeekSchedule]:
    """A window of one slot; R1 is served, R2 waitlisted: for the booth (one booth, two
    inmates) or for I1's daily quota (two booths, both requests I1's)."""
    facility = {"visitation": {"booths": booths, "windows": [ONE_SLOT]}}
    return solved_part(tmp_path, one_slot_rows(same_inmate), facility, "visitation")


def claim(schedule: WeekSchedule, rule: str) -> WeekSchedule:
    """The schedule with R2's waitlist entry claiming `rule`."""
    edited = schedule.model_copy(deep=True)
    [entry] = [u for u in edited.waitlist if u.request_id == "R2"]
    entry.rule = rule
    return edited


@pytest.mark.parametrize("rule", ["DAY-07", "APT-01", "STF-03", "VIS-05"])
def test_a_false_cause_for_a_full_booth_is_reported(tmp_path: Path, rule: str) -> None:
    instance, schedule = one_slot_week(tmp_path, booths=1, same_inmate=False)
    [u] = schedule.waitlist
    assert (u.request_id, u.rule) == ("R2", "capacity")
    assert claims.check_waitlist_claims(schedule, instance) == []
    [v] = claims.check_waitlist_claims(claim(schedule, rule), instance)
    assert v.rule == "VIS-13" and f"claims {rule}, which stands in the way at none" in v.message
    assert "(what does: capacity)" in v.message


def test_a_false_capacity_claim_is_reported(tmp_path: Path) -> None:
    """R2 is I1's second request that day (VIS-06); a booth is free, so capacity is false."""
    instance, schedule = one_slot_week(tmp_path, booths=2, same_inmate=True)
    [u] = schedule.waitlist
    assert (u.request_id, u.rule) == ("R2", "VIS-06")
    assert claims.check_waitlist_claims(schedule, instance) == []
    [v] = claims.check_waitlist_claims(claim(schedule, "capacity"), instance)
    assert "claims capacity" in v.message and "DAY-07" in v.message and "VIS-06" in v.message


def test_a_request_listed_while_its_slot_is_free_is_reported(tmp_path: Path) -> None:
    """R1's visit taken out of the week and R1 waitlisted for capacity: the booth is free for
    either request."""
    instance, schedule = one_slot_week(tmp_path, booths=1, same_inmate=False)
    edited = schedule.model_copy(deep=True)
    for day in edited.days:
        day.events = [e for e in day.events if e.id != "visit:R1" and not isinstance(e, Post)]
    edited.waitlist = [*edited.waitlist, edited.waitlist[0].model_copy(update={"request_id": "R1"})]
    found = [v.message for v in claims.check_waitlist_claims(edited, instance)]
    assert found == [
        f"waitlist entry {rid} (capacity) fits at sat 2026-11-28 08:00: nothing stands in its way"
        for rid in ("R2", "R1")
    ]


def test_a_session_listed_unstaffed_with_a_free_officer_is_reported(tmp_path: Path) -> None:
    instance, schedule = one_slot_week(tmp_path, booths=1, same_inmate=False)
    edited = schedule.model_copy(deep=True)
    [post] = [e for _, e in edited.events() if isinstance(e, Post)]
    post.officer = None
    edited.unmet.append(
        Unmet(rule="STF-01", kind="session", subject=post.id, hard=True, reason="no officer can supervise it")
    )
    [v] = claims.check_unstaffed_claims(edited, instance)
    assert v.rule == "STF-01" and v.events == [post.id] and "is on shift, free, unrelated" in v.message
    assert claims.check_unstaffed_claims(schedule, instance) == []


def test_a_false_stf_03_claim_for_a_razor_sign_up_is_reported(tmp_path: Path) -> None:
    """A1's officers are his relative and his friend (a true STF-03 claim); A2's claimed the
    same, with his batch taken out, is false: both officers may supervise him."""
    instance, schedule = solved_part(tmp_path, related_razor_rows(), LATE_RECREATION, "razors")
    [true] = [u for u in schedule.unmet if u.kind == "razor"]
    assert (true.rule, true.inmates) == ("STF-03", ["A1"])
    assert claims.check_razor_claims(schedule, instance) == []
    edited = schedule.model_copy(deep=True)
    for day in edited.days:
        day.events = [e for e in day.events if not (e.kind == "razor_batch" and e.inmates == ["A2"])]
    edited.unmet.append(true.model_copy(update={"inmates": ["A2"], "subject": "razor:2026-11-24:A2"}))
    [v] = claims.check_razor_claims(edited, instance)
    assert v.rule == "RAZ-07" and v.message.startswith(
        "razor sign-up of A2 on 2026-11-24 is listed under STF-03"
    )


def test_a_closure_that_starts_inside_a_slot_is_seen(tmp_path: Path) -> None:
    """The visitation room closed Saturday 08:10-11:00: the 08:00 slot is closed for part of
    it, so a request waitlisted for that window does not "fit" there (no false violation)."""
    import shutil

    import yaml

    from scheduler.cli import BUNDLED
    from scheduler.engine.solving import SolveSettings
    from scheduler.loading import load_instance
    from scheduler.verify import verify
    from scheduler.week import build_week

    folder = tmp_path / "warren"
    shutil.copytree(BUNDLED, folder)
    settings = yaml.safe_load((folder / "facility.yaml").read_text())
    settings["closures"] = [
        {
            "resource": "visitation_room",
            "date": "2026-11-28",
            "start": "08:10",
            "end": "11:00",
            "reason": "flood",
        }
    ]
    (folder / "facility.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    instance = load_instance(folder)
    schedule = build_week(instance, SolveSettings(time_limit=10), only="visitation")
    assert claims.check_waitlist_claims(schedule, instance) == []
    assert verify(schedule, instance, partial=True) == []
    assert any(u.rule == "CAL-01" for u in schedule.waitlist)
