"""The generated instance written out: facility.yaml, week.yaml and one CSV file per roster."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from models.roster import CSV_FILES

Row = dict[str, str]
"""One CSV row: column name to text."""


def write_instance(out: Path, monday: dt.date, config: dict[str, Any], rows: dict[str, list[Row]]) -> None:
    """Write facility.yaml, week.yaml and every CSV file of the instance."""
    out.mkdir(parents=True, exist_ok=True)
    _write_yaml(out / "facility.yaml", config)
    _write_yaml(out / "week.yaml", {"monday": monday})
    for name, model in CSV_FILES.items():
        header = [f.alias or key for key, f in model.model_fields.items()]
        _write_csv(out / name, header, rows.get(name, []))


def _write_yaml(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    path.write_text(text, encoding="utf-8", newline="")


def _write_csv(path: Path, header: list[str], rows: Iterable[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def yes_no(value: bool) -> str:
    return "true" if value else "false"
