"""Export speed, measured outside the tests: `make bench` writes bench/results/export.json.

Targets from issue 8: warm PNG export median <= 0.25 s over 20 exports, cold first export <= 4 s.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chart_images import write_images  # noqa: E402
from kursk_brief.charts.registry import registry  # noqa: E402
from kursk_brief.data.load import load_brief  # noqa: E402
from kursk_brief.out import export  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "export.json"
WARM_RUNS = 20


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> dict:
    brief = load_brief()
    charts = registry()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    size = export.SIZES[1]
    figures = {spec.key: spec.build(brief, look=size.look()) for spec in charts}
    first = charts[0].key
    cold, _ = timed(lambda: export.render(figures[first], "png", size))
    warm = [timed(lambda: export.render(figures[first], "png", size))[0] for _ in range(WARM_RUNS)]
    per_chart = {
        key: {fmt: round(timed(lambda f=figure, fmt=fmt: export.render(f, fmt, size))[0], 3) for fmt in export.FORMATS}
        for key, figure in figures.items()
    }
    write_images(brief)  # one exported image per chart, kept beside the figures as evidence of what export yields
    pack_s, pack = timed(lambda: export.briefing_pack(brief))
    deck_s, deck = timed(lambda: export.briefing_deck(brief))
    export.stop()
    results = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "size": f"{size.width}x{size.height}",
        "cold_first_png_s": round(cold, 3),
        "warm_png_median_s": round(statistics.median(warm), 3),
        "warm_png_max_s": round(max(warm), 3),
        "warm_runs": WARM_RUNS,
        "per_chart_s": per_chart,
        "pack_build_s": round(pack_s, 3),
        "pack_bytes": len(pack),
        "deck_build_s": round(deck_s, 3),
        "deck_bytes": len(deck),
        "figure_json_bytes": {key: len(figure.to_json()) for key, figure in figures.items()},
        "targets_met": {"warm_png_median<=0.25s": statistics.median(warm) <= 0.25, "cold_first<=4s": cold <= 4},
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
