"""`jailsched whatif` (issue 14): changed settings move the figures the expected way, bad
paths and values are one line and exit 2, and the table does not depend on the executor
or the number of workers. Few solves: one run per documented setting, shared by module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scheduler.cli import BUNDLED
from scheduler.loader import load_instance
from scheduler.whatif.command import whatif
from scheduler.whatif.paths import Change, changed

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
    assert lines[0] == "changed: visitation.booths=6"
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
