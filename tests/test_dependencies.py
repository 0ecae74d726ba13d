"""Every package the code imports is declared in pyproject.toml, and the lock pins what is declared.

Read from the source (every `import` of the package, pages, app, scripts, bench and tests), so that a new import
that only works because something else pulled its package in fails here, not on a fresh machine.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.paths import ROOT

FOLDERS = ("kursk_brief", "scripts", "bench", "tests")
RUNTIME_FOLDERS = ("kursk_brief",)
LOCAL = {"kursk_brief", "tests", "bench", "scripts", "__future__"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {_name(r) for r in project["project"]["dependencies"]}
    return runtime, {_name(r) for r in project["dependency-groups"]["dev"]}


def _imports(folders: tuple[str, ...]) -> dict[str, str]:
    """Top-level module -> one file importing it, for every module outside the standard library and the project."""
    found: dict[str, str] = {}
    files = [ROOT / "app.py"] if "kursk_brief" in folders else []
    for folder in folders:
        files += sorted((ROOT / folder).rglob("*.py"))
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def _distributions(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in packages_distributions().get(module, [])}


def test_every_imported_package_is_declared() -> None:
    runtime, dev = _declared()
    undeclared = {m: f for m, f in _imports(FOLDERS).items() if not _distributions(m) & (runtime | dev)}
    assert undeclared == {}, "declare these in pyproject.toml, then `make lock`"
    assert "streamlit" in runtime and "pytest" in dev, "the check reads the declarations"


def test_the_app_imports_only_runtime_dependencies() -> None:
    runtime, _ = _declared()
    dev_only = {m: f for m, f in _imports(RUNTIME_FOLDERS).items() if not _distributions(m) & runtime}
    assert dev_only == {}, "the app must run from the runtime dependencies alone"


def test_the_lock_pins_every_declared_package() -> None:
    runtime, dev = _declared()
    lock = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in lock.splitlines() if "==" in line}
    assert (runtime | dev) - pinned == set(), "run `make lock`"
