"""Shared test fixtures: paths to the real data and the source report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT = ROOT.parent / "shared" / "source" / "alliance-news-2024-11-01.txt"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the real data, for tests that break or extend one file."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def report_paragraphs() -> list[str]:
    """The report's paragraphs, numbered from 1 by line, as the data cites them."""
    assert REPORT.exists(), f"the source report is expected at {REPORT} (shared/ beside the clone)"
    return REPORT.read_text(encoding="utf-8").splitlines()
