"""Reading and checking an instance folder (`facility.yaml`, `week.yaml`, the CSV files):
every data rule checked, one problem per line, before anything is solved.

`load_instance(folder)` is the one entry: it returns a validated `Instance` or raises
`InstanceError` with every problem found (file, record, field, rule ID).
"""

from __future__ import annotations

from models.problems import InstanceError, Problem
from scheduler.loading.loader import load_instance

__all__ = ["InstanceError", "Problem", "load_instance"]
