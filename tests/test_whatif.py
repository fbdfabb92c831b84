"""`jailsched whatif` (issue 14): changed settings, added officers and closures move the
figures the expected way, bad paths and values are one line and exit 2, the table does not
depend on the executor or the number of workers, and several facilities at once give each
the table it gets alone. Few solves: one run per documented setting, shared by module."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scheduler.cli import BUNDLED
from scheduler.cli.scenarios import whatif
from scheduler.generate import generate_instance
from scheduler.loading import load_instance
from scheduler.whatif import additions
from scheduler.whatif.additions import DAYS, officer_change
from scheduler.whatif.paths import Change, changed
from scheduler.whatif.scenarios import load, scenario
from tests.builders import base_tables, inmate, night_officer, offence, write_instance

SWEEPS = {
    "visitation.booths": "3,6",
    "visitation.visit_minutes": "20,40",
    "laundry.washers": "1,3",
    "recreation.areas[0].capacity": "12,40",
}
"""Each documented setting swept to a value below and above the bundled week's (4, 27, 2, 24)."""


def run(tmp: Path, *args: str) -> Result:
    return CliRunner().invoke(whatif, [*args, "--out", str(tmp)], catch_exceptions=False)


def scenarios(out: Path) -> dict[str, dict[str, float]]:
    """Figures by scenario name (baseline, then the swept values) from whatif.json."""
    data = json.loads((out / "whatif.json").read_text())
    return {s["name"]: s["figures"] for s in data["scenarios"]}


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Result, Path]]:
    """One two-value sweep of each documented setting on the bundled week, two workers."""
    out = {}
    for path, values in SWEEPS.items():
        folder = tmp_path_factory.mktemp("whatif")
        result = run(folder, "--sweep", f"{path}={values}", "--workers", "2")
        assert result.exit_code == 0, result.output
        out[path] = (result, folder)
    return out


def ordered(figs: dict[str, dict[str, float]], low: str, base: str, high: str, key: str) -> list[float]:
    return [figs[low][key], figs[base][key], figs[high][key]]


def test_more_booths_never_serve_fewer(swept: dict[str, tuple[Result, Path]]) -> None:
    figs = scenarios(swept["visitation.booths"][1])
    served = ordered(figs, "3", "baseline", "6", "visits served")
    assert served == sorted(served) and served[0] < served[2]
    for key in figs["baseline"]:
        if key.startswith("visits served "):
            window = ordered(figs, "3", "baseline", "6", key)
            assert window == sorted(window), key


def test_longer_visits_never_serve_more(swept: dict[str, tuple[Result, Path]]) -> None:
    figs = scenarios(swept["visitation.visit_minutes"][1])
    served = ordered(figs, "20", "baseline", "40", "visits served")
    assert served == sorted(served, reverse=True) and served[0] > served[2]


def test_fewer_washers_never_finish_earlier(swept: dict[str, tuple[Result, Path]]) -> None:
    figs = scenarios(swept["laundry.washers"][1])
    missed = ordered(figs, "1", "baseline", "3", "laundry loads missed")
    assert missed == sorted(missed, reverse=True)
    finishes = [k for k in figs["baseline"] if k.startswith("laundry finish ")]
    assert finishes
    for key in finishes:
        times = ordered(figs, "1", "baseline", "3", key)
        assert times == sorted(times, reverse=True), key
    assert any(figs["1"][k] > figs["3"][k] for k in finishes)


def test_larger_area_never_needs_more_groups(swept: dict[str, tuple[Result, Path]]) -> None:
    figs = scenarios(swept["recreation.areas[0].capacity"][1])
    groups = ordered(figs, "12", "baseline", "40", "recreation groups")
    assert groups == sorted(groups, reverse=True) and groups[0] > groups[2]
    compliance = ordered(figs, "12", "baseline", "40", "recreation compliance")
    assert compliance == sorted(compliance) and compliance[2] == 1.0


def test_set_prints_baseline_change_and_difference(tmp_path: Path) -> None:
    result = run(tmp_path, "--set", "visitation.booths=6", "--workers", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "changed: visitation.booths: 4 -> 6"  # the baseline value, then the new one
    assert lines[1].split() == ["figure", "baseline", "changed", "change"]
    served = next(line for line in lines if line.startswith("visits served "))
    assert served.split()[-1].startswith("+")
    assert any("(+1)" in line for line in lines if line.startswith("hour-outs end"))
    assert (tmp_path / "whatif.html").is_file()
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr


def test_outputs_are_written_and_escaped(swept: dict[str, tuple[Result, Path]]) -> None:
    out = swept["visitation.booths"][1]
    html = (out / "whatif.html").read_text()
    assert "<table>" in html and "visits served sat 13:00-16:00 M G-L" in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched
    data = json.loads((out / "whatif.json").read_text())
    assert data["swept"] == ["visitation.booths"]
    assert [s["changes"] for s in data["scenarios"]] == [
        {},
        {"visitation.booths": 3},
        {"visitation.booths": 6},
    ]


def test_sweep_charts_or_note(swept: dict[str, tuple[Result, Path]]) -> None:
    out = swept["visitation.booths"][1]
    html = (out / "whatif.html").read_text()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "pip install 'jailsched[charts]'" in html or "jailsched[charts]" in html
        return
    assert "data:image/svg+xml;base64," in html
    assert sorted(p.suffix for p in (out / "charts").iterdir())[:2] == [".png", ".png"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "visitation.boths=5"], ["visitation.boths", "did you mean visitation.booths"]),
        (["--set", "visitation.booths=-1"], ["visitation.booths=-1", "greater than or equal to 1"]),
        (["--set", "visitation.booths=abc"], ["visitation.booths=abc", "valid integer"]),
        (["--sweep", "visitation.booths=0..2"], ["visitation.booths=0", "greater than or equal to 1"]),
        (["--set", "recreation.areas[2].capacity=5"], ["recreation.areas has 1 entry, no [2]"]),
        (["--set", "visitation.booths"], ["expected PATH=VALUE"]),
        (["--set", "visitation.booths=+1"], ["a relative change is not supported", "visitation.booths=5"]),
        (["--set", "visitation.booths+=1"], ["a relative change is not supported", "visitation.booths=5"]),
        (["--sweep", "visitation.booths=+1..+3"], ["a relative change is not supported"]),
    ],
)
def test_bad_path_or_value_is_one_line_exit_2(tmp_path: Path, args: list[str], expected: list[str]) -> None:
    result = run(tmp_path, *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert all(text in lines[0] for text in expected), lines[0]
    assert "Traceback" not in result.output and not (tmp_path / "whatif.json").exists()


def test_defaults_are_written_out_before_a_change() -> None:
    """The bundled facility.yaml has no recreation block: the change writes the default areas."""
    facility = load_instance(BUNDLED).facility
    data = changed({"name": "x"}, facility, [Change("--set", "recreation.areas[0].capacity", "30")])
    assert data["recreation"]["areas"] == [{"id": "Rec", "capacity": 30}]
    assert data["recreation"]["start"] == "08:00"


def test_one_worker_gives_the_same_table(tmp_path: Path, swept: dict[str, tuple[Result, Path]]) -> None:
    two = swept["visitation.booths"][0]
    one = run(tmp_path, "--sweep", f"visitation.booths={SWEEPS['visitation.booths']}", "--workers", "1")
    assert one.exit_code == 0
    assert one.stdout_bytes.split(b"written:")[0] == two.stdout_bytes.split(b"written:")[0]


def test_compare_with_another_folder(tmp_path: Path) -> None:
    other = tmp_path / "warren5"
    shutil.copytree(BUNDLED, other)
    text = (other / "facility.yaml").read_text()
    (other / "facility.yaml").write_text(text + "visitation: {booths: 6}\n")
    result = run(tmp_path / "out", "--compare", str(other))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split() == ["figure", "baseline", "warren5", "change"]


def test_dask_gives_the_same_table(tmp_path: Path, swept: dict[str, tuple[Result, Path]]) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask not installed: pip install 'jailsched[dask]' to test --executor dask"
    )
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        args = ["--sweep", f"visitation.booths={SWEEPS['visitation.booths']}"]
        result = run(tmp_path, *args, "--executor", "dask", "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    local = swept["visitation.booths"][0]
    assert result.stdout_bytes.split(b"written:")[0] == local.stdout_bytes.split(b"written:")[0]


def lockdown_week(folder: Path) -> Path:
    """A small week where the night officer binds: four lockdown inmates in two pods, one night
    officer, so only one is out at a time (DIS-06); a second officer lets both pods go at once."""
    tables = base_tables()
    tables["inmates.csv"] += [inmate("I6", "Dunn"), inmate("I7", "Ortiz", pod="B")]
    tables["offences.csv"] = [offence(f"X{k}", iid) for k, iid in enumerate(["I1", "I2", "I3", "I7"])]
    tables["staff.csv"] = [night_officer("N1"), *tables["staff.csv"]]
    return write_instance(folder, tables)


def test_more_night_officers_never_end_hour_outs_later(tmp_path: Path) -> None:
    folder = lockdown_week(tmp_path / "small")
    officers = ["--add-officer", "23:00-07:00", "--add-officer", "mon-sun=23:00-07:00"]
    result = run(tmp_path / "out", str(folder), *officers, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0]
        == "changed: --add-officer 23:00-07:00, --add-officer mon-sun=23:00-07:00"
    )
    figs = scenarios(tmp_path / "out")
    ends = [k for k in figs["baseline"] if k.startswith("hour-outs end ")]
    assert ends
    assert all(figs["changed"][k] <= figs["baseline"][k] for k in ends)
    assert any(figs["changed"][k] < figs["baseline"][k] for k in ends)
    for key in ("sessions unstaffed", "unmet hour-outs"):
        assert figs["changed"][key] <= figs["baseline"][key], key
    data = json.loads((tmp_path / "out" / "whatif.json").read_text())
    assert data["scenarios"][1]["added_officers"] == ["23:00-07:00", "mon-sun=23:00-07:00"]


def test_added_officers_are_rows_of_staff_csv(tmp_path: Path) -> None:
    folder = lockdown_week(tmp_path / "small")
    base = load_instance(folder)
    changes = (officer_change("sat,fri-sun=07:00-15:00"), officer_change("22:00-06:00"))
    officers = load(scenario(folder, base.facility, changes, "changed")).officers
    assert officers.keys() - base.officers.keys() == {"WHATIF1", "WHATIF2"}
    first = officers["WHATIF1"]
    assert (first.first_name, first.last_name, first.mon, first.fri) == (
        "What-if",
        "Officer 1",
        None,
        (420, 900),
    )
    assert [d for d in DAYS if getattr(first, d)] == ["fri", "sat", "sun"]
    assert all(getattr(officers["WHATIF2"], d) == (1320, 360) for d in DAYS)


def test_a_closed_washer_never_finishes_laundry_earlier(tmp_path: Path) -> None:
    closures = ["--closure", "W1,2026-11-23", "--closure", "booths:2,2026-11-28,08:00-11:00"]
    result = run(tmp_path, *closures, "--workers", "2")
    assert result.exit_code == 0, result.output
    figs = scenarios(tmp_path)
    finishes = [k for k in figs["baseline"] if k.startswith("laundry finish ")]
    assert all(figs["changed"][k] >= figs["baseline"][k] for k in finishes)
    monday = "laundry finish mon"
    assert figs["changed"][monday] > figs["baseline"][monday] or figs["changed"]["laundry loads missed"] > 0
    assert figs["changed"]["visits served"] <= figs["baseline"]["visits served"]
    html = (tmp_path / "whatif.html").read_text()
    assert "--closure W1,2026-11-23" in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--add-officer", "night"], ["--add-officer night", "expected [DAYS=]HH:MM-HH:MM"]),
        (["--add-officer", "mon-xyz=23:00-07:00"], ["'mon-xyz' is not a day"]),
        (["--add-officer", "25:00-07:00"], ["--add-officer 25:00-07:00", "outside 00:00-24:00"]),
        (["--closure", "W9,2026-11-26"], ["--closure W9,2026-11-26", "no laundry machine 'W9'", "CAL-01"]),
        (["--closure", "W1,2026-11-31"], ["--closure W1,2026-11-31", "not a calendar date"]),
        (["--closure", "booths,2026-11-28,11:00-08:00"], ["end must be after its start"]),
        (["--closure", "W1,2026-12-01"], ["2026-12-01 is not in the week 2026-11-23..2026-11-29"]),
        (["--closure", "W1"], ["--closure W1", "expected WHAT,DATE[,HH:MM-HH:MM]"]),
        (["--closure", "gym,2026-11-28"], ["'gym' is not a washer or dryer"]),
    ],
)
def test_bad_officer_or_closure_is_one_line_exit_2(
    tmp_path: Path, args: list[str], expected: list[str]
) -> None:
    test_bad_path_or_value_is_one_line_exit_2(tmp_path, args, expected)


def table_part(stdout: str) -> str:
    """The lines before the files are listed (their paths differ from run to run)."""
    return "\n".join(line for line in stdout.splitlines() if not line.startswith("written:"))


def test_several_instances_give_each_facility_its_own_table(tmp_path: Path) -> None:
    generate_instance(tmp_path / "gen", 100, 1)
    folders = [str(BUNDLED), str(tmp_path / "gen")]
    sweep = ["--sweep", "visitation.booths=3,6"]
    together = run(tmp_path / "both", "--instances", *folders, *sweep, "--workers", "3")
    assert together.exit_code == 0, together.output
    alone = [run(tmp_path / f"alone{i}", f, *sweep, "--workers", "1") for i, f in enumerate(folders)]
    assert all(r.exit_code == 0 for r in alone)
    *sections, summary = table_part(together.stdout).split("== ")[1:]
    assert [s.split(":")[0] for s in sections] == ["warren", "gen"]
    rows = [line.split()[:2] for line in summary.splitlines()[3:] if line.strip()]
    assert summary.startswith("summary across facilities ==")
    assert rows == [[f, s] for f in ("warren", "gen") for s in ("baseline", "3", "6")]
    listed = json.loads((tmp_path / "both" / "summary.json").read_text())
    assert [(r["facility"], r["scenario"]) for r in listed] == [
        (f, s) for f in ("warren", "gen") for s in ("baseline", "3", "6")
    ]
    assert listed[0]["visits served"] == scenarios(tmp_path / "both" / "warren")["baseline"]["visits served"]
    for section, one in zip(sections, alone, strict=True):
        assert section.split("\n", 1)[1].strip("\n") == table_part(one.stdout)
    for i, name in enumerate(["warren", "gen"]):
        assert scenarios(tmp_path / "both" / name) == scenarios(tmp_path / f"alone{i}")
    assert "[6/6]" in together.stderr and "gen: 6" in together.stderr


def test_several_instances_name_the_folder_of_a_problem(tmp_path: Path) -> None:
    small = write_instance(tmp_path / "small")
    bad = "recreation.areas[1].capacity=5"
    result = run(tmp_path / "out", "--instances", str(BUNDLED), str(small), "--set", bad)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["warren", "small"], lines
    assert all("recreation.areas has 1 entry, no [1]" in line for line in lines)
    assert not (tmp_path / "out").exists()


def test_a_window_closed_whole_counts_its_requests_as_waitlisted_by_the_closure(tmp_path: Path) -> None:
    """CAL-01: the visiting room closed for the whole of Saturday morning's window: its
    requests are not dropped from the table but waitlisted, and counted under the closure."""
    window = "sat 08:00-11:00 M A-F"
    result = run(tmp_path, "--closure", "visitation_room,2026-11-28,08:00-11:00")
    assert result.exit_code == 0, result.output
    base, changed = (scenarios(tmp_path)[name] for name in ("baseline", "changed"))
    assert changed[f"visits served {window}"] == 0
    displaced = changed[f"visits waitlisted by a closure (CAL-01) {window}"]
    assert displaced > 0
    asked = base[f"visits served {window}"] + base[f"visits waitlisted {window}"]
    assert changed[f"visits waitlisted {window}"] == asked  # nobody vanishes from the table
    assert 0 < displaced <= asked  # the others are kept out by an appointment as well (APT-01 first)
    assert f"visits waitlisted by a closure (CAL-01) {window}" not in base
    assert (base["visits left out: closure"], changed["visits left out: closure"]) == (0, displaced)


def test_an_officer_taken_off_duty_is_off_in_the_changed_week(tmp_path: Path) -> None:
    """--remove-officer ID,DAYS empties that officer's shifts on those days (the row stays, so
    declared relationships still name a known officer); an unknown officer is one line."""
    folder = BUNDLED
    base = load_instance(folder)
    oid = sorted(o for o, officer in base.officers.items() if officer.sat)[0]
    changes = (additions.removal_change(f"{oid},sat,sun"),)
    changed_week = load(scenario(folder, base.facility, changes, "changed"))
    assert (changed_week.officers[oid].sat, changed_week.officers[oid].sun) == (None, None)
    assert changed_week.officers[oid].mon == base.officers[oid].mon
    result = run(tmp_path, "--remove-officer", "O99,sat")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--remove-officer O99,sat: no officer 'O99' in staff.csv"


def test_an_officer_off_on_sunday_has_no_saturday_night_reaching_into_it() -> None:
    """A Saturday overnight shift (23:00-07:00) ends at midnight when Sunday is off; without a
    day off the night stays, and so does a night already off."""
    staff = b"id,first_name,last_name,sat,sun\nN1,A,B,23:00-07:00,23:00-07:00\nN2,C,D,23:00-07:00,\n"
    changed = additions.remove_officers(
        staff, [additions.removal_change("N1,sun"), additions.removal_change("N2,mon")]
    )
    assert changed.decode().splitlines()[1:] == ["N1,A,B,23:00-00:00,", "N2,C,D,23:00-07:00,"]


def test_compare_of_two_weeks_lines_up_by_weekday_and_window(tmp_path: Path) -> None:
    """Two consecutive generated weeks: every row has a value in both columns (a day is named
    by its weekday, a window by its day and times), none half empty."""
    first, second = tmp_path / "first", tmp_path / "second"
    generate_instance(first, 100, 1, monday=dt.date(2026, 11, 30))
    generate_instance(second, 100, 1, monday=dt.date(2026, 12, 7))
    result = CliRunner().invoke(
        whatif, [str(first), "--compare", str(second), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "whatif.json").read_text())
    keys = [set(s["figures"]) for s in data["scenarios"]]
    assert keys[0] == keys[1]
    assert any(k.startswith("laundry finish mon") for k in keys[0])


def test_an_added_officer_shows_in_the_days_staffing_figures(tmp_path: Path) -> None:
    """Per day: officers on shift, sessions, spare officer time; a Saturday officer adds one
    officer and 480 officer-minutes on Saturday and nothing on Monday."""
    result = run(tmp_path, "--add-officer", "sat=07:00-15:00")
    assert result.exit_code == 0, result.output
    base, changed_ = (scenarios(tmp_path)[name] for name in ("baseline", "changed"))
    assert changed_["officers on shift sat"] == base["officers on shift sat"] + 1
    assert changed_["sessions sat"] == base["sessions sat"]
    assert changed_["spare officer time sat"] - base["spare officer time sat"] == 480  # all of it spare
    assert changed_["officers on shift mon"] == base["officers on shift mon"]
    assert "officers on shift sat" in result.stdout


def test_each_scenarios_unmet_demand_is_kept(tmp_path: Path) -> None:
    """A washer closed all Monday with one washer only: the loads that no longer fit are kept,
    with their reason and fix, in whatif.json and on the page."""
    result = run(tmp_path, "--set", "laundry.washers=1", "--closure", "W1,2026-11-23")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "whatif.json").read_text())
    base, changed_ = data["scenarios"]
    assert base["unmet"] == [] and changed_["unmet"]
    assert all(u["kind"] == "laundry_load" and u["fix"] and u["reason"] for u in changed_["unmet"])
    assert changed_["figures"]["unmet laundry loads"] == len(changed_["unmet"])
    html = (tmp_path / "whatif.html").read_text()
    assert "Hard demand unmet (UNM-01)" in html and changed_["unmet"][0]["subject"] in html


def test_charts_speak_the_figures_units() -> None:
    """Clock figures on a clock axis, the baseline marked, a two-setting sweep as a heatmap."""
    pytest.importorskip("matplotlib")
    from scheduler.whatif.charts import draw
    from scheduler.whatif.compare import Figure

    def point(x: str, served: float, finish: float) -> tuple[tuple[str, ...], tuple[Figure, ...]]:
        return (x,), (Figure("visits served", "count", served), Figure("laundry finish mon", "clock", finish))

    points = [point("3", 50, 900), point("4", 60, 870), point("5", 66, 860)]
    baseline = point("4", 60, 870)[1]
    served, finish = draw(["visitation.booths"], points, baseline)
    assert "baseline" in served.svg and "baseline" in finish.svg
    assert "time of day" in finish.svg and "14:30" in finish.svg and "870" not in finish.svg
    grid = [
        ((a, b), (Figure("visits served", "count", float(10 * int(a) + int(b))),)) for a in "34" for b in "12"
    ]
    [heat] = draw(["visitation.booths", "laundry.washers"], grid)
    assert "<image" in heat.svg and all(f">{v}<" in heat.svg for v in ("31", "32", "41", "42"))


def test_the_run_says_its_size_before_solving(tmp_path: Path) -> None:
    """A what-if run says how many weeks it will solve, where, and under what limit, first."""
    result = run(tmp_path, "--set", "visitation.booths=5", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "2 week(s) to solve (1 facility(ies)), on 1 local worker(s), up to 10 s per CP-SAT call"
    )
