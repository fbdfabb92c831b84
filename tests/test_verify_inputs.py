"""`verify` names a mismatch of inputs first (issue 23): a schedule solved from other files says
so in its first line and is still checked; one of another facility stops there."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED, main
from scheduler.engine.solving import SolveSettings
from scheduler.output.provenance import provenance


def written(tmp_path: Path, week: WeekSchedule) -> Path:
    week = week.model_copy(deep=True)
    week.provenance = provenance(BUNDLED, SolveSettings(time_limit=10, seed=0))
    path = tmp_path / "schedule.json"
    path.write_text(week.model_dump_json(indent=2))
    return path


def test_other_input_files_are_named_in_the_first_line(
    tmp_path: Path, warren: tuple[Instance, WeekSchedule]
) -> None:
    schedule = written(tmp_path, warren[1])
    variant = tmp_path / "edited"
    shutil.copytree(BUNDLED, variant)
    facility = variant / "facility.yaml"
    facility.write_text(facility.read_text() + "\n# edited after the solve\n")
    result = CliRunner().invoke(main, ["verify", str(schedule), str(variant)])
    first = result.stdout.splitlines()[0]
    assert first == f"{schedule}: solved from other input files than {variant}: facility.yaml differ"
    same = CliRunner().invoke(main, ["verify", str(schedule)])
    assert same.exit_code == 0 and "differ" not in same.stdout


def test_a_schedule_of_another_facility_stops_after_one_line(
    tmp_path: Path, warren: tuple[Instance, WeekSchedule]
) -> None:
    week = warren[1].model_copy(update={"facility": "Lake County Jail"})
    schedule = written(tmp_path, week)
    result = CliRunner().invoke(main, ["verify", str(schedule)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{schedule}: a schedule of 'Lake County Jail', not of 'Warren County Detention Facility' ({BUNDLED})"
    ]
