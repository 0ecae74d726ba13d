"""Turns at the one image renderer: a briefing pack or deck does not queue behind waiting single-chart renders, neither
for its own images nor for an image another user's request is already rendering."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

from kursk_brief.out import export

SINGLES = [f"single-{n}" for n in range(4)]
RENDER_SECONDS = 0.3
"""Long beside the moment a pack takes between two of its images, during which a single render may slip in."""


def wait_until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.fixture
def finished(monkeypatch) -> tuple[list[str], threading.Event]:
    """A stand-in renderer recording what it finished, in order; the render named "first" lasts until released."""
    done: list[str] = []
    release = threading.Event()

    def fake_render(figure, opts) -> bytes:
        if figure.layout.meta == "first":
            release.wait(timeout=30)
        time.sleep(RENDER_SECONDS)
        done.append(figure.layout.meta)
        return b"image"

    monkeypatch.setattr(export, "_ensure_server", lambda: None)
    monkeypatch.setattr(export.kaleido, "calc_fig_sync", fake_render)
    return done, release


def single(name: str) -> threading.Thread:
    figure = go.Figure(layout={"meta": name})
    return threading.Thread(target=export.render, args=(figure, "png", export.SIZES[0]), kwargs={"image": name})


def line_up(threads: list[threading.Thread]) -> list[threading.Thread]:
    """Start each thread once the one before is rendering or waiting its turn, so the queue order is known."""
    for queued, thread in enumerate(threads):
        thread.start()
        wait_until(lambda queued=queued: export._renderer.queue_length() == queued + 1)
    return threads


def run_all(threads: list[threading.Thread], release: threading.Event) -> None:
    release.set()
    for thread in threads:
        thread.join(timeout=30)


def test_a_pack_goes_before_waiting_single_renders(finished) -> None:
    done, release = finished
    pack_images = [f"pack-{n}" for n in range(3)]
    figures = {name: go.Figure(layout={"meta": name}) for name in pack_images}

    def pack() -> None:
        for name in pack_images:
            with export.urgent(name):
                export.render(figures[name], "png", export.SIZES[1], image=name)

    run_all(line_up([single("first"), *map(single, SINGLES), threading.Thread(target=pack)]), release)
    assert done[0] == "first", done  # a render under way is never interrupted
    assert done[1] == "pack-0", done  # the pack's first image goes ahead of four waiting singles
    # Between two of its images one waiting single may take its turn, never the whole queue: the pack is done while
    # the last two singles still wait.
    assert done.index("pack-2") < done.index("single-2") < done.index("single-3"), done
    assert [name for name in done if name in SINGLES] == SINGLES, "single renders keep their order"


def test_an_image_a_pack_waits_for_goes_first_whoever_renders_it(finished) -> None:
    """The pack may be blocked not at the renderer but on the cache, while another user's request renders the very
    image it needs from the back of the queue: that request goes first."""
    done, release = finished
    needed = threading.Event()

    def pack_waiting_for_another_users_render() -> None:
        with export.urgent("chart-a"):
            needed.set()
            wait_until(lambda: "chart-a" in done, timeout=30)

    queued = line_up([single("first"), *map(single, SINGLES), single("chart-a")])
    waiting = threading.Thread(target=pack_waiting_for_another_users_render)
    waiting.start()
    needed.wait(timeout=10)
    run_all([*queued, waiting], release)
    assert done[:2] == ["first", "chart-a"], done
    assert done[2:] == SINGLES, done
