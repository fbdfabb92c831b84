"""The JSON Schema documents itself: every field of every input and output model has a description
(`jailsched schema`, issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from models.facility import Facility
from models.roster import CSV_FILES
from models.schedule import WeekSchedule
from scheduler.cli import main

VALUES = ("default", "examples", "enum", "const")
"""Schema keywords that hold data values, not schemas: not walked."""


def undocumented(schema: Any, where: str) -> list[str]:
    """Paths of the properties without a non-empty description, anywhere in a schema: its own
    object, every `$defs` entry, and any object nested inside (list items, dict values, unions).

    A property that refers to a model (`$ref`, or `allOf`/`anyOf` around one) must carry its own
    description beside the reference: the referenced model's docstring describes the model, not
    what the field means."""
    missing: list[str] = []
    if isinstance(schema, dict):
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                text = prop.get("description") if isinstance(prop, dict) else None
                if not (isinstance(text, str) and text.strip()):
                    missing.append(f"{where}.properties.{name}")
                missing += undocumented(prop, f"{where}.properties.{name}")
        for key, value in schema.items():
            if key not in ("properties", *VALUES):
                missing += undocumented(value, f"{where}.{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            missing += undocumented(value, f"{where}[{i}]")
    return missing


def described(schema: dict[str, Any]) -> int:
    """How many properties a schema declares, over all its objects (a guard against walking nothing)."""
    count = 0
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                count += len(node["properties"])
                stack.extend(node["properties"].values())
            stack.extend(v for k, v in node.items() if k not in ("properties", *VALUES))
        elif isinstance(node, list):
            stack.extend(node)
    return count


SCHEMAS = {
    "facility.yaml": Facility,
    **CSV_FILES,
    "schedule.json": WeekSchedule,
}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_field_has_a_description(name: str) -> None:
    schema = SCHEMAS[name].model_json_schema()
    assert described(schema) > 0
    missing = undocumented(schema, name)
    assert not missing, f"{len(missing)} field(s) without a description:\n" + "\n".join(missing)


def test_model_refs_keep_the_field_description() -> None:
    """A field whose type is a model still says what the field is, not only what the model is."""
    facility = Facility.model_json_schema()
    routine = facility["properties"]["routine"]
    assert "$ref" in json.dumps(routine)
    assert routine["description"] != facility["$defs"]["Routine"].get("description")


def test_attribute_docstrings_do_not_change_validation() -> None:
    """The docstrings are documentation only: the strict, closed, frozen input base stays so."""
    for model in (Facility, *CSV_FILES.values()):
        config = model.model_config
        assert (config.get("strict"), config.get("extra"), config.get("frozen")) == (True, "forbid", True)
        assert config.get("use_attribute_docstrings") is True
    assert WeekSchedule.model_config.get("extra") == "forbid"


def test_cli_schema_documents_every_field() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["input"]) == {"facility.yaml", "week.yaml", *CSV_FILES}
    assert described(data) > 100
    missing = undocumented(data, "")
    missing = [m.lstrip(".") for m in missing]
    assert not missing, f"{len(missing)} field(s) without a description:\n" + "\n".join(missing)
