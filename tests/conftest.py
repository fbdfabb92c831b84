"""Fixtures shared by the test modules (helpers that build instances are in tests/builders.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED, main
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.week import build_week


@pytest.fixture(scope="module")
def warren() -> tuple[Instance, WeekSchedule]:
    """The bundled week, solved once per test module (tests mutate copies or their own)."""
    instance = load_instance(BUNDLED)
    return instance, build_week(instance, SolveSettings(time_limit=10, seed=0))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled week solved by `jailsched solve` once per run: the published schedule.json
    that repairs start from (tests write their repairs elsewhere)."""
    out = tmp_path_factory.mktemp("published")
    result = CliRunner().invoke(main, ["solve", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "schedule.json"


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@pytest.fixture(scope="module")
def chromium() -> str:
    """A headless Chromium binary; the test is skipped when none is installed (Debian:
    `apt-get install chromium`)."""
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        pytest.skip(
            f"no Chromium binary on PATH (looked for {', '.join(BROWSERS)}); apt-get install chromium"
        )
    return found
