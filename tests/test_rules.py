"""The rule catalogue in the project: every cited ID registered, every rule placed in the
code, `jailsched rules` and docs/rules.md from the catalogue."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.facility import Facility
from scheduler.cli import main
from scheduler.output.provenance import INPUT_FILES
from scheduler.rules import CATALOGUE, RULES, cited, select
from scheduler.rules.docs import markdown
from scheduler.rules.places import ROOT, scan, unregistered

ID = re.compile(r"^[A-Z]{3}-\d{2}$")


def test_catalogue_ids_are_unique_and_each_entry_complete() -> None:
    assert len(RULES) == len(CATALOGUE)
    for r in CATALOGUE:
        assert ID.match(r.id), r.id
        assert r.kind in ("hard", "soft", "data"), r.id
        assert r.statement and r.source and r.section, r.id


def test_code_messages_tests_and_docs_cite_only_registered_ids() -> None:
    assert unregistered(set(RULES)) == []


def test_an_unregistered_citation_is_caught(tmp_path: Path) -> None:
    repair, families, choices = ("VIS", "16"), ("VIS", "16"), ("VIS", "15")  # built here, not cited by this file
    (tmp_path / "scheduler" / "visitation").mkdir(parents=True)
    (tmp_path / "scheduler" / "visitation" / "x.py").write_text(f'MESSAGE = "moved ({"-".join(repair)})"\n')
    (tmp_path / "README.md").write_text(f"Families: {'-'.join(families)}, ranges VIS-13..{choices[1]}.\n")
    assert unregistered(set(RULES), tmp_path) == [
        f"scheduler/visitation/x.py:1: {'-'.join(repair)}",
        f"README.md:1: {'-'.join(choices)}",
        f"README.md:1: {'-'.join(families)}",
    ]


def test_every_rule_is_enforced_and_tested_and_every_hard_rule_verified() -> None:
    found = scan()
    missing = []
    for r in CATALOGUE:
        roles = {p.role for p in found.get(r.id, [])}
        needed = {"enforced", "tested"} | ({"verified"} if r.kind == "hard" else set())
        missing += [f"{r.id} ({r.kind}): not {role}" for role in sorted(needed - roles)]
    assert missing == []


def test_places_are_found_from_the_code(tmp_path: Path) -> None:
    files = {
        "scheduler/visitation/quota.py": 'def quotas():\n    """VIS-06: at most one a week."""\n',
        "scheduler/verify/quota.py": 'class Check:\n    def run(self):\n        return "VIS-06"\n',
        "scheduler/report/page.py": 'def show():\n    return "VIS-06"\n',  # cites, does not enforce
        "tests/test_quota.py": "def test_vis_06_one_a_week():\n    pass\n\ndef test_other():\n    pass\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert [str(p) for p in scan(tmp_path)["VIS-06"]] == [
        "scheduler.visitation.quota.quotas (scheduler/visitation/quota.py:1)",
        "tests.test_quota.test_vis_06_one_a_week (tests/test_quota.py:1)",
        "scheduler.verify.quota.Check.run (scheduler/verify/quota.py:2)",
    ]


def test_cited_expands_ranges() -> None:
    assert cited("DIS-03..05 and VIS-13, not UTF-16") == {"DIS-03", "DIS-04", "DIS-05", "VIS-13"}
    assert cited("STF-01..STF-02") == {"STF-01", "STF-02"}


def _setting_exists(path: str) -> bool:
    """A dotted facility.yaml path that the models define, or an instance file."""
    if path in INPUT_FILES:
        return True
    model: typing.Any = Facility
    for part in path.split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return False
        annotation = fields[part].annotation
        inner = [a for a in typing.get_args(annotation) if hasattr(a, "model_fields")]
        model = inner[0] if inner else annotation
    return True


def test_every_setting_named_exists() -> None:
    assert [(r.id, s) for r in CATALOGUE for s in r.settings if not _setting_exists(s)] == []


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    assert (ROOT / "docs" / "rules.md").read_text() == markdown(), "run: jailsched rules --markdown > docs/rules.md"


def test_readme_and_docs_link_nothing_outside_the_repository() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "](../" not in path.read_text(), path


def test_rules_vis_06_names_where_it_is_enforced_verified_and_tested() -> None:
    result = CliRunner().invoke(main, ["rules", "VIS-06"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("VIS-06 (hard, Social visitation)")
    assert "Setting:  visitation.social_per_week, visitation.social_per_day" in text
    enforced, verified, tested = (text.index(f"  {label}:") for label in ("Enforced", "Verified", "Tested"))
    assert "scheduler.visitation.model.VisitModel._social_quotas" in text[enforced:verified]
    assert "scheduler.verify.visits.check_quotas" in text[verified:tested]
    assert "tests.test_visitation.test_inmate_weekly_and_daily_quota" in text[tested:]


def test_rules_lists_by_section_and_kind() -> None:
    result = CliRunner().invoke(main, ["rules", "--section", "VIS", "--kind", "soft"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == ["VIS-09"]
    assert [r.id for r in select("razors", "data")] == ["RAZ-01", "RAZ-07"]
    everything = CliRunner().invoke(main, ["rules"]).output.splitlines()
    assert [line.split()[0] for line in everything] == list(RULES)


@pytest.mark.parametrize("args", [["VIS-" + "99"], ["--section", "nowhere"]])  # an ID no rule has
def test_rules_refuses_what_it_does_not_know_in_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["rules", *args])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
