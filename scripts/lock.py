"""`make lock`: regenerate requirements.txt, the complete pinned lock of pyproject.toml's dependencies and dev group.

Why pip's own resolver: it is on every machine that can run the app, it reads the package index configured for pip
(no network access of its own), and a dry run with a report resolves the whole tree without installing anything.
Current pins are kept as constraints, so a new dependency does not move the others; `--upgrade` lets every pin move.
A package that nothing depends on any more simply drops out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.txt"
HEADER = """\
# The complete pinned lock of pyproject.toml's [project] dependencies and its "dev" dependency group, transitive
# packages included; `make test` and `make run` install exactly this. Generated, do not edit: change pyproject.toml,
# then run `make lock` (scripts/lock.py: pip's resolver in a dry run against the configured package index, current
# pins kept; `make lock UPGRADE=1` lets them move). Resolved for CPython {python} on {platform}.
"""


def requested() -> list[str]:
    """The direct requirements: runtime dependencies and the dev group."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return [*project["project"]["dependencies"], *project["dependency-groups"]["dev"]]


def resolve(requirements: list[str], keep_pins: bool) -> dict[str, str]:
    """Name -> version of every package pip would install for `requirements` into an empty environment."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        command += ["--disable-pip-version-check", "--report", str(report)]
        if keep_pins and LOCK.exists():
            command += ["--constraint", str(LOCK)]
        subprocess.run([*command, *requirements], check=True)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in installs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="let every pin move to the newest allowed version")
    arguments = parser.parse_args()
    pins = resolve(requested(), keep_pins=not arguments.upgrade)
    lines = [f"{name}=={version}" for name, version in sorted(pins.items(), key=lambda item: item[0].lower())]
    header = HEADER.format(python=".".join(map(str, sys.version_info[:2])), platform=sys.platform)
    LOCK.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"requirements.txt: {len(lines)} pinned packages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
