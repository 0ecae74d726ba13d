"""The package reads as its pipeline: each stage imports only the stages before it, only the app stage imports
Streamlit, nothing imports the tests, and no file or function outgrows one job (600 and 80 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT

STAGES = ("schema", "words", "data", "charts", "briefing", "out", "app")
"""The package's stages in pipeline order (`kursk_brief/<stage>/`): a stage may import itself and those before it."""
FOLDERS = ("kursk_brief", "tests", "bench", "scripts")
SOURCES = [*sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)]
SOURCES.append(ROOT / "app.py")
SHARED = {"tests.paths", "tests.browser.server", "tests.browser.watch"}
"""The test modules meant to be shared: bench/ imports these, and nothing outside tests/ imports any other."""


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at its top or inside a function (a lazy import is an import too)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _shared(module: str) -> bool:
    """Whether an import is of a SHARED module or a name in one."""
    return any(module == shared or module.startswith(f"{shared}.") for shared in SHARED)


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "kursk_brief" and len(parts) > 1 and parts[1] in STAGES else None


def _package_files() -> list[Path]:
    return [p for p in SOURCES if p.is_relative_to(ROOT / "kursk_brief")]


def test_the_package_is_built_by_stage() -> None:
    """Every module of the package sits in a stage's folder (the package's own `__init__` aside)."""
    outside = [
        p.relative_to(ROOT) for p in _package_files() if p.parent == ROOT / "kursk_brief" and p.stem != "__init__"
    ]
    assert outside == []
    assert sorted(p.name for p in (ROOT / "kursk_brief").iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        STAGES
    )


def test_each_stage_imports_only_the_stages_before_it() -> None:
    wrong = []
    for path in _package_files():
        own = path.relative_to(ROOT / "kursk_brief").parts[0]
        if own not in STAGES:
            continue
        for module in _imports(path):
            stage = _stage(module)
            if stage and STAGES.index(stage) > STAGES.index(own):
                wrong.append(f"{path.relative_to(ROOT)} ({own}) imports {module} ({stage})")
    assert wrong == []


def test_only_the_app_stage_imports_streamlit_and_nothing_imports_the_tests() -> None:
    streamlit = [
        str(p.relative_to(ROOT))
        for p in _package_files()
        if any(m.split(".")[0] == "streamlit" for m in _imports(p)) and not p.is_relative_to(ROOT / "kursk_brief/app")
    ]
    assert streamlit == []
    from_tests = {
        f"{p.relative_to(ROOT)} imports {m}"
        for p in SOURCES
        if not p.is_relative_to(ROOT / "tests")
        for m in _imports(p)
        if m.split(".")[0] == "tests" and not (p.is_relative_to(ROOT / "bench") and _shared(m))
    }
    assert from_tests == set(), "the package, scripts and app.py import nothing of tests/; bench/ only SHARED modules"
    conftests = [str(p.relative_to(ROOT)) for p in SOURCES if any(m.endswith("conftest") for m in _imports(p))]
    assert conftests == [], "helpers are shared through modules meant for it, never a conftest"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_over_600_lines_and_no_function_over_80(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600, f"{text.count(chr(10))} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == []


def test_no_reflection_on_signatures_in_the_package() -> None:
    """What a chart shows is a typed view (`charts/views.py`), not keyword arguments matched by `inspect`."""
    assert [str(p.relative_to(ROOT)) for p in _package_files() if "inspect" in _imports(p)] == []
