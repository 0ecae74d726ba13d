"""Validation of 100,000 fact rows (`make bench-validation`); the issue-15 goal is under 5 s.

The data folder comes from bench/scale_data.py (the curated rows repeated, all valid). Each figure is the best of
BENCH_RUNS runs, as wall-clock and as CPU time of this process: on a shared machine the CPU time is the steadier one.
Beside them, the time the csv module alone takes to parse the same files: the floor under any validation of them.
`load_brief` adds the derived rows to the validation; its derivations are timed here too, but are not validation.
Results: bench/results/validation.json.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_ui import RESULTS, commit, machine  # noqa: E402
from bench.scale_data import write_scaled_data  # noqa: E402
from kursk_brief.data.load import load_brief  # noqa: E402
from kursk_brief.data.validation import validate  # noqa: E402
from kursk_brief.schema.tables import TABLES  # noqa: E402

FACT_ROWS = int(os.environ.get("BENCH_FACT_ROWS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
GOAL_S = 5


def best(step: Callable[[], object]) -> dict[str, float]:
    """Best wall-clock and CPU seconds of `RUNS` runs of `step`."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_s": round(min(walls), 3), "cpu_s": round(min(cpus), 3)}


def parse_only(data_dir: Path) -> None:
    for stem in TABLES:
        list(csv.reader(io.StringIO((data_dir / f"{stem}.csv").read_text(encoding="utf-8"), newline="")))


def main() -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = write_scaled_data(Path(scratch) / "data", FACT_ROWS)
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit(),
            "machine": machine(),
            "fact_rows": FACT_ROWS,
            "runs": RUNS,
            "goal_s": GOAL_S,
            "csv_parse_only": best(lambda: parse_only(data_dir)),
            "validation": best(lambda: validate(data_dir)),
            "load_brief_with_derived_rows": best(lambda: load_brief(data_dir)),
        }
    result["validation_within_goal"] = result["validation"]["wall_s"] < GOAL_S
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validation.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    figures = main()
    for key in ("csv_parse_only", "validation", "load_brief_with_derived_rows"):
        print(f"{key:>30}: {figures[key]['wall_s']:7.2f} s wall, {figures[key]['cpu_s']:6.2f} s CPU")
    print(f"{FACT_ROWS:,} fact rows; load average at start {figures['machine']['load_average_at_start']}")
