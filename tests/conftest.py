"""Shared test fixtures: the real data loaded, the report's committed fingerprint, and its text when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kursk_brief.data.brief import Brief
from kursk_brief.data.fingerprint import (
    REPORT_ENV,
    Fingerprint,
    fingerprint_path,
    load_fingerprint,
    report_path,
    report_source_id,
)
from kursk_brief.data.load import load_brief
from tests.paths import DATA


@pytest.fixture(scope="module")
def brief() -> Brief:
    """The real data loaded, once per test module (the tests read it and never change it)."""
    return load_brief(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real data, for tests that break or extend one file."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def fingerprint() -> Fingerprint:
    """The committed fingerprint of the report: always present, so these checks run in any clone."""
    return load_fingerprint(fingerprint_path(DATA, report_source_id(DATA)))


@pytest.fixture(scope="session")
def report_text() -> str:
    """The report's own text, for the full-text checks; skipped (never passed) where the text is not available."""
    path = report_path()
    if not path.is_file():
        pytest.skip(
            f"full-text check skipped: the report text is not at {path} (set {REPORT_ENV} to its path); "
            "the fingerprint checks ran instead"
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_paragraphs(report_text: str) -> list[str]:
    """The report's paragraphs, numbered from 1 by line, as the data cites them."""
    return report_text.splitlines()
