"""The verifier's checks of three rules that had none: lockdown nights from the offence table
(DIS-01), classification mixing in recreation sessions as a figure (HOU-04), and missed
recreation not made up (REC-06). Each: the solved bundled week is clean, and a planted fault
is caught under the rule's ID (and not reported twice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from models.instance import Instance
from models.roster import Offence
from models.schedule import DaySchedule, HourOut, RecreationSession, Unmet, WeekSchedule
from scheduler.loading import load_instance
from scheduler.verify import soft_figures, verify
from scheduler.verify.core import Violation
from scheduler.verify.offences import table_nights
from tests.builders import FACILITY, base_tables, inmate, write_instance

MON, TUE, WED, THU, FRI, SAT, SUN = (dt.date(2026, 11, d) for d in range(23, 30))
HOU04 = "HOU-04 mixed class pairs in recreation sessions"


def rules_of(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


def of_rule(violations: list[Violation], rule: str) -> list[Violation]:
    return [v for v in violations if v.rule == rule]


def changed(instance: Instance, **update: Any) -> Instance:
    """A deep copy of the instance with some fields replaced, its cached facts dropped (a
    copy keeps the original's cached `lockdown_nights` otherwise)."""
    copy = instance.model_copy(update=update, deep=True)
    for cached in ("lockdown_nights", "keep_apart", "_relations"):
        copy.__dict__.pop(cached, None)
    return copy


def with_offence(instance: Instance, offence_id: str, **update: Any) -> Instance:
    """The instance with one offence row changed (the loader's lockdowns left as they were)."""
    rows = [o.model_copy(update=update) if o.id == offence_id else o for o in instance.offences]
    return changed(instance, offences=rows)


def hour_out(week: WeekSchedule, inmate_id: str, night: dt.date) -> HourOut:
    day = next(d for d in week.days if d.date == night)
    return next(e for e in day.events if isinstance(e, HourOut) and e.inmates == [inmate_id])


def missing_nights(violations: list[Violation]) -> list[dt.date | None]:
    """The nights of the DIS-01 violations about a lockdown night without an hour-out."""
    return [v.date for v in of_rule(violations, "DIS-01") if "no hour-out" in v.message]


def day_of(week: WeekSchedule, date: dt.date) -> DaySchedule:
    return next(d for d in week.days if d.date == date)


# DIS-01: lockdown nights from the offence table.


def test_table_nights_agree_with_the_bundled_week(warren: tuple[Instance, WeekSchedule]) -> None:
    """The verifier's own derivation gives the loader's nights; OF05 (major) and OF07 (two
    rules at once) go to administrative review; the solved week breaks no checked rule."""
    instance, week = warren
    derived = table_nights(instance)
    assert {k: frozenset(v) for k, v in derived.nights.items()} == instance.lockdown_nights
    assert derived.nights["I0091"] == {TUE, WED, THU, FRI, SAT}  # 2nd minor offence: 5 days
    assert set(derived.reviewed) == {"I0109", "I0078"} and not derived.unreadable
    found = verify(week, instance)
    assert not rules_of(found) & {"DIS-01", "DIS-03", "REC-06", "UNM-01"}


def test_missing_night_the_instance_knows_is_unm01_only(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, solved = warren
    week = solved.model_copy(deep=True)
    day_of(week, MON).events.remove(hour_out(week, "I0046", MON))
    found = verify(week, instance)
    assert [(v.rule, v.date) for v in found] == [("UNM-01", MON)]


def test_missing_night_the_instance_misses_too_is_dis01(warren: tuple[Instance, WeekSchedule]) -> None:
    """The loader's lockdowns lose I0046's Monday (a derivation error): the schedule without
    that hour-out passes UNM-01, and DIS-01 finds the night from OF04 (minor, 21 Nov, 3 days)."""
    instance, solved = warren
    broken = changed(instance, lockdowns=[s for s in instance.lockdowns if s.inmate_id != "I0046"])
    week = solved.model_copy(deep=True)
    day_of(week, MON).events.remove(hour_out(week, "I0046", MON))
    found = of_rule(verify(week, broken), "DIS-01")
    assert [(v.date, "I0046" in v.message, "OF04" in v.message) for v in found] == [(MON, True, True)]
    assert "UNM-01" not in rules_of(verify(week, broken))


def test_missing_night_listed_as_unmet_or_out_of_scope_is_not_reported(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    instance, solved = warren
    broken = changed(instance, lockdowns=[s for s in instance.lockdowns if s.inmate_id != "I0046"])
    week = solved.model_copy(deep=True)
    day_of(week, MON).events.remove(hour_out(week, "I0046", MON))
    unmet = Unmet(
        rule="DIS-05", kind="hour_out", subject="I0046", date=MON, hard=True, inmates=["I0046"], reason="full"
    )
    listed = week.model_copy(update={"unmet": [*week.unmet, unmet]})
    assert "DIS-01" not in rules_of(verify(listed, broken))
    partial = week.model_copy(update={"scope": [s for s in week.scope if s != "lockdown"]})
    assert "DIS-01" not in rules_of(verify(partial, broken, partial=True))


def test_hour_out_on_a_night_not_locked_down_is_dis01(warren: tuple[Instance, WeekSchedule]) -> None:
    """I0046's lockdown ends with Monday's night: a Tuesday hour-out is DIS-01 (once: DIS-03
    no longer judges which nights are lockdown nights)."""
    instance, solved = warren
    week = solved.model_copy(deep=True)
    extra = hour_out(week, "I0046", MON).model_copy(update={"id": "hour_out:extra"})
    day_of(week, TUE).events.append(extra)
    found = of_rule(verify(week, instance), "DIS-01")
    assert [(v.date, v.events) for v in found] == [(TUE, ["hour_out:extra"])]
    assert "DIS-03" not in rules_of(verify(week, instance))


def test_hour_out_from_an_administrative_review_is_dis01(warren: tuple[Instance, WeekSchedule]) -> None:
    """OF07 breaks two rules at once: administrative review, no hour-out from it."""
    instance, solved = warren
    week = solved.model_copy(deep=True)
    pod = instance.inmates["I0078"].pod
    review = hour_out(week, "I0091", THU).model_copy(
        update={"id": "hour_out:review", "inmates": ["I0078"], "pod": pod, "place": f"pod {pod} dayroom"}
    )
    day_of(week, THU).events.append(review)
    (v,) = of_rule(verify(week, instance), "DIS-01")
    assert v.events == ["hour_out:review"] and "OF07" in v.message and "administrative review" in v.message


def test_changed_category_shortens_the_lockdown(warren: tuple[Instance, WeekSchedule]) -> None:
    """OF08 as a first minor offence is 3 days (26-28 Nov), not 5: Sunday's hour-out of
    I0087 is DIS-01, whatever the loader's lockdowns say."""
    instance, week = warren
    broken = with_offence(instance, "OF08", category="minor")
    found = of_rule(verify(week, broken), "DIS-01")
    assert [(v.date, v.events) for v in found] == [(SUN, ["hour_out:2026-11-29:I0087"])]


def test_changed_category_lengthens_the_lockdown(warren: tuple[Instance, WeekSchedule]) -> None:
    """OF04 as disrespect_or_smoking is 5 days from 21 Nov: Tuesday and Wednesday nights have
    no hour-out of I0046, and the recreation and razors the solver gave him those days (the
    loader's lockdowns say he is free) are DIS-01 too; a review category or two rules at once
    leaves Monday's hour-out without a lockdown."""
    instance, week = warren
    longer = with_offence(instance, "OF04", category="disrespect_or_smoking")
    found = of_rule(verify(week, longer), "DIS-01")
    assert missing_nights(found) == [TUE, WED]
    daytime = {e.split(":")[0] for v in found if v.events for e in v.events}
    assert daytime == {"recreation", "razors"} and {v.date for v in found} == {TUE, WED}
    for broken in (
        with_offence(instance, "OF04", category="major"),
        with_offence(instance, "OF04", rules=[45, 46]),
    ):
        found = of_rule(verify(week, broken), "DIS-01")
        assert [(v.date, v.events) for v in found] == [(MON, ["hour_out:2026-11-23:I0046"])]


def test_earlier_offences_count_and_the_fourth_uses_the_third_column(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    instance, week = warren
    earlier = [
        Offence(id=f"E{k}", inmate_id="I0046", date=dt.date(2026, k, 1), category="minor", rules=[42])
        for k in (1, 2, 3)
    ]
    second = changed(instance, offences=[*instance.offences, earlier[0]])
    assert table_nights(second).nights["I0046"] == {MON, TUE, WED}  # 5 days from 21 Nov
    assert missing_nights(verify(week, second)) == [TUE, WED]
    fourth = changed(instance, offences=[*instance.offences, *earlier])
    assert table_nights(fourth).nights["I0046"] == set(instance.dates)  # 10 days from 21 Nov
    reviewed = Offence(id="E9", inmate_id="I0046", date=dt.date(2026, 4, 1), category="minor", rules=[1, 2])
    counted = changed(instance, offences=[*instance.offences, reviewed])
    assert table_nights(counted).nights["I0046"] == {MON, TUE, WED}  # a reviewed offence still counts


def test_daytime_activity_on_a_lockdown_day_the_instance_misses_is_dis01(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    """With I0046's spell lost by the loader, a Monday recreation session holding I0046 is
    caught by DIS-01 (REC-04 and SEP-03 trust the instance and stay silent)."""
    instance, solved = warren
    broken = changed(instance, lockdowns=[s for s in instance.lockdowns if s.inmate_id != "I0046"])
    week = solved.model_copy(deep=True)
    session = next(e for e in day_of(week, MON).events if isinstance(e, RecreationSession) and e.pod == "C")
    session.inmates.append("I0046")
    found = verify(week, broken)
    assert [(v.date, v.events) for v in of_rule(found, "DIS-01")] == [(MON, [session.id])]
    assert not rules_of(found) & {"REC-04", "SEP-03"}


def test_odd_offences_never_crash_and_unknown_categories_are_skipped(
    warren: tuple[Instance, WeekSchedule],
) -> None:
    """Schema-valid but odd offence rows: an unknown or empty category, no rules, a date long
    before or after the week, an unknown inmate, a repeated id. verify() and soft_figures()
    report without raising; an inmate with an uninterpretable offence is not judged."""
    instance, week = warren
    rows = [
        {"id": "Q1", "inmate_id": "I0046", "date": "2026-11-22", "category": "arson", "rules": "9"},
        {"id": "Q2", "inmate_id": "I0087", "date": "2026-11-24", "category": "", "rules": ""},
        {"id": "Q3", "inmate_id": "I0095", "date": "1900-01-01", "category": "minor", "rules": ""},
        {"id": "Q4", "inmate_id": "ZZ-UNKNOWN", "date": "2026-11-23", "category": "minor", "rules": "1"},
        {"id": "OF09", "inmate_id": "I0095", "date": "2099-12-31", "category": "minor", "rules": "1"},
    ]
    odd = [Offence.model_validate(r, strict=False) for r in rows]
    broken = changed(instance, offences=[*instance.offences, *odd])
    derived = table_nights(broken)
    assert derived.unreadable == {"I0046", "I0087"}
    found = verify(week, broken)
    assert all(isinstance(v, Violation) for v in found)
    soft_figures(week, broken)
    assert not [v for v in of_rule(found, "DIS-01") if "I0046" in v.message or "I0087" in v.message]
    # I0095's 1900 offence makes OF09 (27 Nov) a second minor offence: 5 days, to 1 Dec.
    assert derived.nights["I0095"] == {FRI, SAT, SUN}
    empty = changed(instance, offences=[], lockdowns=[])
    assert {v.date for v in of_rule(verify(week, empty), "DIS-01")} == {MON, TUE, WED, THU, FRI, SAT, SUN}


# REC-06: missed recreation is not made up.


def _sessions(week: WeekSchedule, date: dt.date, pod: str) -> list[RecreationSession]:
    return [e for e in day_of(week, date).events if isinstance(e, RecreationSession) and e.pod == pod]


def test_second_session_on_one_day_is_rec06(warren: tuple[Instance, WeekSchedule]) -> None:
    instance, solved = warren
    week = solved.model_copy(deep=True)
    first, second = _sessions(week, MON, "A")[:2]
    moved = next(i for i in first.inmates if i not in second.inmates)
    second.inmates.append(moved)
    (v,) = of_rule(verify(week, instance), "REC-06")
    assert v.date == MON and moved in v.message and sorted(v.events) == sorted([first.id, second.id])


def test_make_up_on_a_non_recreation_day_is_rec01_not_rec06(warren: tuple[Instance, WeekSchedule]) -> None:
    """A Friday session repeated on Saturday is REC-01's (recreation days), reported once."""
    instance, solved = warren
    week = solved.model_copy(deep=True)
    friday = _sessions(week, FRI, "A")[0]
    day_of(week, SAT).events.append(friday.model_copy(update={"id": "recreation:make-up"}))
    found = verify(week, instance)
    assert "REC-06" not in rules_of(found)
    assert [v.events for v in of_rule(found, "REC-01")] == [["recreation:make-up"]]


# HOU-04: classification mixing in recreation sessions (a figure, not a violation).


def _tiny(tmp_path: Path) -> Instance:
    tables = base_tables()
    tables["inmates.csv"] = [
        inmate("M1", "Adams"),
        inmate("M2", "Brown"),
        inmate("F1", "Clark", charge="felony"),
        inmate("V1", "Davis", charge="felony", violent="true"),
        inmate("C1", "Evans", pod="C"),
    ]
    tables["requests.csv"], tables["relations.csv"] = [], []
    return load_instance(write_instance(tmp_path / "tiny", tables, FACILITY))


def _session(sid: str, pod: str, inmates: list[str], start: int) -> RecreationSession:
    return RecreationSession(
        id=sid, kind="recreation", start=start, end=start + 60, place="Rec", pod=pod, group=1, inmates=inmates
    )


def test_hou04_figure_is_the_hand_count(tmp_path: Path) -> None:
    """Mon: {M1, F1} mixes misdemeanour and felony (1 pair), {M2} none, {C1} none; Tue:
    {M1, F1, V1} 3 pairs. 4 in all; V1 joining M2's session adds 1; an unknown id adds none."""
    instance = _tiny(tmp_path)
    days = [DaySchedule(date=d, weekday=instance.weekday(d)) for d in instance.dates]
    days[0].events += [
        _session("r1", "A", ["M1", "F1"], 540),
        _session("r2", "A", ["M2"], 660),
        _session("r3", "C", ["C1"], 780),
    ]
    days[1].events.append(_session("r4", "A", ["M1", "F1", "V1"], 540))
    week = WeekSchedule(facility="Test County Jail", monday=MON, days=days, scope=["recreation"])
    assert soft_figures(week, instance)[HOU04] == 4
    days[0].events[1].inmates.append("V1")
    assert soft_figures(week, instance)[HOU04] == 5
    days[0].events[2].inmates.append("ZZ-UNKNOWN")
    assert soft_figures(week, instance)[HOU04] == 5
    assert not [v for v in verify(week, instance, partial=True) if v.rule == "HOU-04"]


def test_hou04_figure_on_the_bundled_week(warren: tuple[Instance, WeekSchedule]) -> None:
    """The figure matches a count from the inmates' charge and violent fields, and rises when
    a violent felon joins a session without one."""
    instance, solved = warren

    def hand(week: WeekSchedule) -> int:
        total = 0
        for _, e in week.events():
            if isinstance(e, RecreationSession):
                kinds = {(instance.inmates[i].charge, instance.inmates[i].violent) for i in e.inmates}
                total += len(kinds) * (len(kinds) - 1) // 2
        return total

    assert soft_figures(solved, instance)[HOU04] == hand(solved)
    week = solved.model_copy(deep=True)
    violent = {i for i, m in instance.inmates.items() if m.violent}
    session = next(
        e
        for _, e in week.events()
        if isinstance(e, RecreationSession) and e.inmates and not violent & set(e.inmates)
    )
    session.inmates.append(sorted(violent)[0])
    assert soft_figures(week, instance)[HOU04] > soft_figures(solved, instance)[HOU04]
    assert soft_figures(week, instance)[HOU04] == hand(week)
