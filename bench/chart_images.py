"""One image per chart at 1920×1080, made by the app's own export, into bench/results/ to be looked at.

`make chart-images` writes `bench/results/<chart>.png` (the file names the briefing pack uses, without the size);
`make bench` writes the same files after timing the export. Unlike the timings, the images do not depend on the
machine, so they are committed as evidence of what an analyst pasting a chart into a slide gets.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kursk_brief.charts.registry import registry  # noqa: E402
from kursk_brief.data.brief import Brief  # noqa: E402
from kursk_brief.data.load import load_brief  # noqa: E402
from kursk_brief.out import export  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SIZE = export.SIZES[1]


def write_images(brief: Brief, images: export.Images | None = None) -> list[Path]:
    """Each registered chart as a PNG at `SIZE`, through the same path as the Export page and the briefing pack."""
    image = images or export.rendered(brief)
    RESULTS.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in registry():
        path = RESULTS / f"{spec.key}.png"
        path.write_bytes(image(spec, "png", SIZE))
        written.append(path)
    return written


def main() -> int:
    try:
        for path in write_images(load_brief()):
            print(path.relative_to(ROOT))
    finally:
        export.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
