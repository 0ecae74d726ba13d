"""Turns at the one image renderer: a briefing pack or deck does not queue behind waiting single-chart renders."""

from __future__ import annotations

import threading
import time

import plotly.graph_objects as go

from kursk_brief import export

SINGLES = [f"single-{n}" for n in range(4)]
PACK = [f"pack-{n}" for n in range(3)]
RENDER_SECONDS = 0.3
"""Long beside the moment a pack takes between two of its images, during which a single render may slip in."""


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_a_batch_goes_before_waiting_single_renders(monkeypatch) -> None:
    finished: list[str] = []
    everyone_queued = threading.Event()

    def fake_render(figure, opts) -> bytes:
        if figure.layout.meta == "first":
            everyone_queued.wait(timeout=30)  # the render under way lasts until the queue is lined up
        time.sleep(RENDER_SECONDS)
        finished.append(figure.layout.meta)
        return b"image"

    monkeypatch.setattr(export, "_ensure_server", lambda: None)
    monkeypatch.setattr(export.kaleido, "calc_fig_sync", fake_render)

    figures = {name: go.Figure(layout={"meta": name}) for name in ["first", *SINGLES, *PACK]}

    def single(name: str) -> None:
        export.render(figures[name], "png", export.SIZES[0])

    def pack() -> None:
        with export.batch():
            for name in PACK:
                export.render(figures[name], "png", export.SIZES[1])

    threads = [threading.Thread(target=single, args=("first",))]
    threads += [threading.Thread(target=single, args=(name,)) for name in SINGLES]
    threads.append(threading.Thread(target=pack))
    for queued, thread in enumerate(threads):  # each starts once the one before is running or waiting its turn
        thread.start()
        wait_until(lambda queued=queued: export._renderer.queue_length() == queued + 1)
    everyone_queued.set()
    for thread in threads:
        thread.join(timeout=30)
    assert finished[0] == "first", finished  # a render under way is never interrupted
    assert finished[1] == "pack-0", finished  # the pack's first image goes ahead of four waiting singles
    # Between two of its images one waiting single may take its turn, never the whole queue: the pack is done while
    # the last two singles still wait.
    assert finished.index("pack-2") < finished.index("single-2") < finished.index("single-3"), finished
    assert [name for name in finished if name in SINGLES] == SINGLES, "single renders keep their order"
