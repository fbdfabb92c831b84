"""Where each rule is enforced, verified and tested, found from the code itself: every
function whose strings (constraint names, messages, docstrings) or, for a test, whose name
cites the rule's ID.

The project's source tree is read as text, never imported, so the answer holds for any
change without anything typed by hand. A test function counts where it or its parameter
table cites the ID; a test named `test_vis_06_...` cites VIS-06.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scheduler.rules import FAMILIES, cited

Role = Literal["enforced", "verified", "tested"]
ROLES: tuple[Role, ...] = ("enforced", "verified", "tested")

ROOT = Path(__file__).resolve().parents[2]
"""The source tree this package was installed from (the repository in an editable install)."""

ENFORCING = ("engine", "visitation", "recreation", "lockdown", "razors", "laundry", "staffing", "loading")
"""The packages of `scheduler` that enforce rules: the solvers, the week and the loader
(data rules). Reports, the CLI, what-if and the generator cite rules without enforcing them."""

_NAMED = re.compile(r"(?<![a-z])([a-z]{3})_(\d{2})(?![0-9])")


@dataclass(frozen=True, order=True)
class Place:
    """A function (or a module-level table) that cites a rule."""

    role: Role
    path: str
    """The file, relative to the source tree, e.g. `scheduler/verify/visits.py`."""
    function: str
    """Its qualified name in the file (`VisitModel.quotas`), or `(module)` for a table."""
    line: int

    def __str__(self) -> str:
        module = self.path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        where = module if self.function == "(module)" else f"{module}.{self.function}"
        return f"{where} ({self.path}:{self.line})"


def role_of(path: Path) -> Role | None:
    """What citing a rule means in a file: enforcing it, verifying it, or testing it."""
    parts = path.parts
    if parts[0] == "tests":  # the catalogue's own tests cite IDs as data, not as rules they test
        return "tested" if path.name.startswith("test_") and path.name != "test_rules.py" else None
    if parts[:2] == ("scheduler", "verify"):
        return "verified"
    if parts[0] == "models" or (parts[0] == "scheduler" and len(parts) > 2 and parts[1] in ENFORCING):
        return "enforced"
    if parts[:2] == ("scheduler", "week.py"):
        return "enforced"
    return None


def source_files(root: Path = ROOT) -> list[Path]:
    """The Python files of the source tree that may cite rules, relative to `root`."""
    folders = ("scheduler", "models", "tests", "benchmarks")
    found = [p for folder in folders for p in (root / folder).rglob("*.py")]
    return sorted(p.relative_to(root) for p in found if "__pycache__" not in p.parts)


def citations(tree: ast.Module, test_file: bool = False) -> list[tuple[str, int, set[str]]]:
    """(qualified name, line, IDs) of every function of a module that cites a rule, and
    `(module)` for strings outside any function (tables; docstrings of modules excluded)."""
    out: list[tuple[str, int, set[str]]] = []

    def strings(nodes: list[ast.AST]) -> set[str]:
        ids: set[str] = set()
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue  # scanned on its own
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                ids |= cited(node.value)
            stack.extend(ast.iter_child_nodes(node))
        return ids

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                ids = strings([*node.body, *node.decorator_list, node.args])
                if test_file:
                    ids |= {f"{a.upper()}-{n}" for a, n in _NAMED.findall(node.name) if a.upper() in FAMILIES}
                if ids:
                    out.append((prefix + node.name, node.lineno, ids))
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, ast.ClassDef):
                ids = strings(node.body)
                if ids:
                    out.append((prefix + node.name, node.lineno, ids))
                visit(node.body, f"{prefix}{node.name}.")

    visit(tree.body, "")
    docstring = ast.get_docstring(tree, clean=False)
    for node in tree.body[1 if docstring else 0 :]:
        table = strings([node])
        if table:
            out.append(("(module)", node.lineno, table))
    return out


def scan(root: Path = ROOT) -> dict[str, list[Place]]:
    """Every rule ID cited in the source tree, with its places (sorted by role and path)."""
    out: dict[str, list[Place]] = defaultdict(list)
    for rel in source_files(root):
        role = role_of(rel)
        if role is None:
            continue
        tree = ast.parse((root / rel).read_text(encoding="utf-8"))
        first: dict[tuple[str, str], int] = {}
        for name, line, ids in citations(tree, test_file=role == "tested"):
            for rule_id in ids:
                first[(rule_id, name)] = min(line, first.get((rule_id, name), line))
        for (rule_id, name), line in first.items():
            out[rule_id].append(Place(role, rel.as_posix(), name, line))
    return {k: sorted(v) for k, v in sorted(out.items())}


def places_of(rule_id: str, scanned: dict[str, list[Place]]) -> dict[Role, list[Place]]:
    """Where one rule is enforced, verified and tested, from a `scan` (made once per command)."""
    mine = scanned.get(rule_id, [])
    return {role: [p for p in mine if p.role == role] for role in ROLES}


def has_tests(root: Path = ROOT) -> bool:
    """Whether the tests are in this installation (a source checkout), so `tested` can be told."""
    return (root / "tests").is_dir()


TEXT_FILES = ("README.md", "docs/*.md")
"""Prose that cites rules besides the code: the README and the docs."""


def unregistered(registered: set[str], root: Path = ROOT) -> list[str]:
    """`file:line: ID` for every citation in the source tree (code, comments, messages, tests)
    or the README and docs of an ID outside `registered`."""
    files = [*source_files(root), *(p.relative_to(root) for g in TEXT_FILES for p in sorted(root.glob(g)))]
    out = []
    for rel in files:
        for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1):
            out += [f"{rel.as_posix()}:{number}: {i}" for i in sorted(cited(line) - registered)]
    return out
