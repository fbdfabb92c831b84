"""The architecture: import-linter's contracts hold, a wrong import breaks them with
import-linter's own message, and no module imports itself back through others."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scheduler", "models", "benchmarks")
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the packages in `folder`, with its `pyproject.toml`."""
    env = os.environ | {"PYTHONPATH": str(folder)}
    return subprocess.run(LINT, cwd=folder, env=env, capture_output=True, text=True, check=False)


def broken_contracts(report: str) -> str:
    """The names of the broken contracts in import-linter's summary (wrapped at 80 columns)."""
    summary = " ".join(report.split("dependencies.", 1)[1].split("Contracts:", 1)[0].split()[1:])
    return " | ".join(name for name, status in re.findall(r"(.*?) (KEPT|BROKEN)\s*", summary) if status == "BROKEN")


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("importer", "line", "contract"),
    [
        ("scheduler/verify/core.py", "import scheduler.visitation.model", "The verifier never imports solver code"),
        ("scheduler/razors/flow.py", "import scheduler.laundry.machines", "Sub-problems never import each other"),
        ("scheduler/report/views.py", "import scheduler.engine.solving", "Reports never solve"),
        ("scheduler/engine/result.py", "import scheduler.week", "Layers"),
        ("scheduler/laundry/model.py", "import scheduler.laundry.day", "No import cycles"),
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, importer: str, line: str, contract: str) -> None:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "results"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / importer).open("a") as handle:
        handle.write(f"\n{line}  # deliberately wrong\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert contract in broken_contracts(result.stdout), result.stdout


def test_no_module_imports_itself_back() -> None:
    """Strongly connected components of the module import graph (Tarjan): all of size one."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES)
    ours = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.find_modules_directly_imported_by(v) & ours):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(ours):
        if module not in index:
            visit(module)
    assert len(ours) > 100 and cycles == []
