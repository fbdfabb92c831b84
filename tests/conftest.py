"""Fixtures shared by the test modules (helpers that build instances are in tests/builders.py)."""

from __future__ import annotations

import pytest

from models.instance import Instance
from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.week import build_week


@pytest.fixture(scope="module")
def warren() -> tuple[Instance, WeekSchedule]:
    """The bundled week, solved once per test module (tests mutate copies or their own)."""
    instance = load_instance(BUNDLED)
    return instance, build_week(instance, SolveSettings(time_limit=10, seed=0))
