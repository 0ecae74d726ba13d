"""Where the tests find the project, its real data and their fixtures: one module that tests and fixtures import, so
that no test imports a conftest."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
