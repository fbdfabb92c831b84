"""Dotted paths into facility.yaml (`visitation.booths`, `recreation.areas[0].capacity`).

A path is checked against the baseline's validated `Facility` before anything is solved,
so a typo is one line naming the closest real settings instead of a loader message about
an unknown key; the value itself is left to the loader, which judges the changed file
exactly as it judges any facility.yaml."""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel

from models.facility import Facility

_STEP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")
Step = str | int
CLOSEST = 3
SETTING_OPTIONS = ("--set", "--sweep")
"""Close matches named after an unknown path."""


class SettingError(ValueError):
    """A change that names no setting or cannot be read; carries the one line to print."""


@dataclass(frozen=True)
class Change:
    """One setting to change: the option it came from, its path and its value (as typed and parsed)."""

    option: str
    path: str
    text: str
    before: str = ""
    """The baseline facility's value of the setting, as YAML text (`with_baseline`); "" unknown."""

    @property
    def value(self) -> Any:
        """The value as a YAML scalar, as facility.yaml would give it: 5, 25, true, "08:00"."""
        return scalar(self.text)

    @property
    def setting(self) -> bool:
        """A facility.yaml setting (--set, --sweep), not an added officer or closure."""
        return self.option in SETTING_OPTIONS

    @property
    def shown(self) -> str:
        """As the run lists it: `visitation.booths: 4 -> 5` (baseline, then new), or
        `visitation.booths=5` when the baseline is not known, `--add-officer 23:00-07:00`."""
        if not self.setting:
            return f"{self.option} {self.text}"
        return f"{self.path}: {self.before} -> {self.text}" if self.before else f"{self.path}={self.text}"

    @property
    def given(self) -> str:
        """As typed on the command line, to lead the loader's lines about it."""
        return f"{self.option} {self.path}={self.text}" if self.setting else self.shown


def scalar(text: str) -> Any:
    """`text` read as a YAML scalar (numbers, booleans, null); anything else stays text."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (int, float, bool, str)) or value is None else text


def split_assignment(text: str, option: str) -> tuple[str, str]:
    """`PATH=VALUE` as its two halves; anything else is one line naming the option."""
    path, sep, value = text.partition("=")
    if not sep or not path.strip() or not value.strip():
        raise SettingError(f"{option} {text}: expected PATH=VALUE, like visitation.booths=5")
    if value.strip().startswith("+") or path.rstrip().endswith(("+", "-")):
        raise SettingError(
            f"{option} {text}: a relative change is not supported (YAML would read +1 as 1); "
            f"give the new value, like {path.strip().rstrip('+-')}=5"
        )
    return path.strip(), value.strip()


def steps(path: str) -> list[Step]:
    """`recreation.areas[0].capacity` as ["recreation", "areas", 0, "capacity"]."""
    out: list[Step] = []
    for part in path.split("."):
        m = _STEP.match(part)
        if not m:
            raise SettingError(f"{path}: {part!r} is not a setting name like booths or areas[0]")
        out.append(m.group(1))
        out += [int(i) for i in re.findall(r"\d+", m.group(2))]
    return out


def check_path(facility: Facility, path: str, option: str) -> None:
    """Refuse a path that names no setting of this facility, with the closest that do."""
    try:
        _walk(facility, steps(path))
    except SettingError as exc:
        close = difflib.get_close_matches(path, list(known_paths(facility)), n=CLOSEST, cutoff=0.6)
        hint = (
            f"; did you mean {' or '.join(close)}?"
            if close
            else "; `jailsched schema --part input` lists them"
        )
        raise SettingError(f"{option} {path}: {exc}{hint}") from None


def with_baseline(facility: Facility, change: Change) -> Change:
    """The change with the baseline facility's value of its setting, for `shown`."""
    if not change.setting:
        return change
    value = _walk(facility, steps(change.path))
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    text = yaml.safe_dump(value, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()
    return Change(change.option, change.path, change.text, text)


def _walk(facility: Facility, path: list[Step]) -> Any:
    node: Any = facility
    where = ""
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list):
                raise SettingError(f"{where} is not a list")
            if step >= len(node):
                entries = "entry" if len(node) == 1 else "entries"
                raise SettingError(f"{where} has {len(node)} {entries}, no [{step}]")
            node, where = node[step], f"{where}[{step}]"
        elif isinstance(node, BaseModel):
            if step not in type(node).model_fields:
                raise SettingError(f"no setting {'.'.join(filter(None, (where, step)))} in facility.yaml")
            node, where = getattr(node, step), ".".join(filter(None, (where, step)))
        elif isinstance(node, dict):
            node, where = node.get(step), f"{where}.{step}"
        else:
            raise SettingError(f"{where} is a single value, it has no {step}")
    return node


def known_paths(node: Any, prefix: str = "") -> Iterator[str]:
    """Every path of the facility's settings, lists expanded, for the close-match hint."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            path = f"{prefix}.{name}" if prefix else name
            yield path
            yield from known_paths(getattr(node, name), path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield f"{prefix}[{i}]"
            yield from known_paths(item, f"{prefix}[{i}]")
    elif isinstance(node, dict):
        for key, item in node.items():
            yield f"{prefix}.{key}"
            yield from known_paths(item, f"{prefix}.{key}")


def changed(data: dict[str, Any], facility: Facility, changes: list[Change]) -> dict[str, Any]:
    """facility.yaml's data with the changes applied. A setting the file leaves to its default
    is first written out from the validated facility (so `recreation.areas[0].capacity`
    works on a file with no `recreation` block), the rest of the file stays as written."""
    out = copy.deepcopy(data)
    for change in changes:
        _assign(out, facility, steps(change.path), change.value)
    return out


def _assign(data: Any, facility: Facility, path: list[Step], value: Any) -> None:
    raw, node = data, facility
    for step in path[:-1]:
        if isinstance(step, str) and isinstance(node, BaseModel) and raw.get(step) is None:
            raw[step] = node.model_dump(mode="json", include={step})[step]
        raw, node = raw[step], _child(node, step)
    raw[path[-1]] = value


def _child(node: Any, step: Step) -> Any:
    if isinstance(step, int):
        return node[step]
    return getattr(node, step) if isinstance(node, BaseModel) else node.get(step)
