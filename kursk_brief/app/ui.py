"""Streamlit glue shared by the pages: the cached brief, figures and exports, the data-error panel, chart downloads.

Pages stay thin by calling these; nothing here computes facts, it only presents what `facts` returns.

Caches follow the files: every cache below is keyed on a digest of the files the loader reads (`load.data_digest`),
taken once at the start of each script run (`take_snapshot`), so an edited CSV shows on the next rerun without a
restart, every part of one page view comes from the same version of the tables, and a folder that fails validation
is validated once per content, not on every page view. The brief, its figures and its
exported images are shared by all sessions (`st.cache_resource`, no copy per rerun): treat them as read-only.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kursk_brief.app.internals import pin_download
from kursk_brief.app.urls import UrlView
from kursk_brief.briefing.story import Slide, story
from kursk_brief.charts.claims import ClaimsView, claims_alt_text, claims_figure
from kursk_brief.charts.look import STATUS_LABELS, plotly_config
from kursk_brief.charts.registry import ChartSpec, chart_spec
from kursk_brief.charts.views import ChartView
from kursk_brief.data.brief import Brief
from kursk_brief.data.load import data_digest, data_dir_from_env, load_brief
from kursk_brief.data.problems import DataError, Problem
from kursk_brief.out import export
from kursk_brief.schema.rows import STATUS_MEANING, Status
from kursk_brief.words.escape import code_span, escape_markdown

PINNED_DOWNLOADS = 64
"""How many recent downloads stay referenced after they are built (see `_pinned`)."""

_download_slots = itertools.count()


@dataclass(frozen=True)
class _Loaded:
    """One validation of one content of the data folder: the brief, or the problems found (cached alike)."""

    brief: Brief | None
    problems: tuple[Problem, ...] = ()


_run = threading.local()
"""The data version of the script run on this thread (`take_snapshot`). Streamlit runs a script on a thread of its
own, and the entry point sets it first in every run, so no run sees another's; code outside a run (tests, scripts)
never sets it and takes the version afresh on each call."""


def take_snapshot() -> tuple[str, str]:
    """The data version every call of this script run uses, taken once: the entry point calls it first in each run.

    Each call taking its own digest let a curator's save land between two of them, so that one page view drew its
    chart from the new file and its cards from the old one.
    """
    _run.version = _version_now()
    return _run.version


def data_version() -> tuple[str, str]:
    """The data folder and the digest of its loader inputs (`load.data_digest`) that this script run took."""
    return getattr(_run, "version", None) or _version_now()


def _version_now() -> tuple[str, str]:
    data_dir = data_dir_from_env()
    return str(data_dir), data_digest(data_dir)


LOAD_ATTEMPTS = 5
"""Reads of a folder that keeps changing while it is read, before the last read is kept as it is."""


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(data_dir: str, version: str) -> _Loaded:
    """Validate the folder, again if its files changed while they were read: a curator saving a CSV in place (not by
    rename) leaves it half-written for a moment, and a read in that moment would show every user the problem page,
    or a table cut short, until the next run. The result kept is one whose files did not move during the read."""
    for _ in range(LOAD_ATTEMPTS):
        before = data_digest(Path(data_dir))
        try:
            loaded = _Loaded(load_brief(Path(data_dir)))
        except DataError as error:
            loaded = _Loaded(None, tuple(error.problems))
        if data_digest(Path(data_dir)) == before:
            break
    return loaded


def _brief_at(data_dir: str, version: str) -> Brief:
    loaded = _load(data_dir, version)
    if loaded.brief is None:
        raise DataError(list(loaded.problems))
    return loaded.brief


def get_brief() -> Brief:
    """The validated brief of the data folder as it is now; raises `DataError` listing every problem."""
    return _brief_at(*data_version())


def data_error() -> DataError | None:
    """The validation error of the configured data, if any; the entry point uses it to pick what every URL shows."""
    loaded = _load(*data_version())
    return DataError(list(loaded.problems)) if loaded.brief is None else None


def get_story() -> list[Slide]:
    """The briefing's slides for the data as it is now, built once per data content and shared by all sessions."""
    return _story(*data_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _story(data_dir: str, version: str) -> list[Slide]:
    return story(_brief_at(data_dir, version))


def figure(build: Callable[..., go.Figure], *args: Hashable, **kwargs: Hashable) -> go.Figure:
    """`build(brief, *args, **kwargs)` for the data as it is now, built once per data content and arguments and
    shared by all sessions. Shared: never modify the figure returned; `go.Figure(figure)` is a private copy.
    """
    return _figure(*data_version(), _name(build), args, kwargs, build)


def _name(build: Callable[..., go.Figure]) -> str:
    return f"{build.__module__}.{build.__qualname__}"


@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(
    data_dir: str, version: str, name: str, args: tuple, kwargs: dict, _build: Callable[..., go.Figure]
) -> go.Figure:
    return _build(_brief_at(data_dir, version), *args, **kwargs)


@st.cache_resource(show_spinner=False, max_entries=64)
def _image(
    data_dir: str, version: str, chart: str, fmt: str, size: export.Size, view: tuple[tuple[str, Hashable], ...] = ()
) -> bytes:
    """One chart exported once per data content, format, size and view; the pack and the deck reuse these images.

    As `export.chart_image`: drawn for the size (`Size.look`) and the page's view (`ChartView.changed`: a filter or
    highlight, which the chart's title names), from a figure cached per look and view, so that the three formats of
    one size share one build.
    """
    spec = chart_spec(chart)
    drawn = _figure(data_dir, version, _name(spec.build), (), {"look": size.look(), **dict(view)}, spec.build)
    alt = spec.describe(_brief_at(data_dir, version), spec.view(**dict(view)))
    return export.render(drawn, fmt, size, image=(chart, fmt, size, *view), alt=alt)


def _images(data_dir: str, version: str) -> export.Images:
    """The cached images, for the pack and the deck: each one they wait for is rendered before single-chart requests."""

    def image(spec: ChartSpec, fmt: str, size: export.Size) -> bytes:
        with export.urgent((spec.key, fmt, size)):
            return _image(data_dir, version, spec.key, fmt, size)

    return image


@st.cache_resource(show_spinner=False, max_entries=2)
def _pack(data_dir: str, version: str) -> bytes:
    return export.briefing_pack(_brief_at(data_dir, version), images=_images(data_dir, version))


@st.cache_resource(show_spinner=False, max_entries=2)
def _deck(data_dir: str, version: str) -> bytes:
    return export.briefing_deck(_brief_at(data_dir, version), images=_images(data_dir, version))


def show_data_problems() -> None:
    """Page shown at every URL while the data is invalid: each problem in a table, nothing partial, no traceback."""
    error = data_error()
    if error is None:
        st.rerun()
    st.title("Kursk Brief cannot show its data")
    st.error(
        f"The data in {code_span(str(data_dir_from_env()))} did not pass validation: {len(error.problems)} problem(s). "
        "Nothing is shown until they are fixed, so that no view shows a partial or unchecked table."
    )
    st.dataframe(
        pd.DataFrame([vars(p) for p in error.problems]),
        hide_index=True,
        width="stretch",
        column_config={"line": st.column_config.NumberColumn("line", format="%d")},
    )


def status_caption() -> None:
    """The status key under a table or chart, in words."""
    st.caption("  ·  ".join(f"**{STATUS_LABELS[s]}**: {STATUS_MEANING[s]}" for s in Status))


def download(
    container: DeltaGenerator, label: str, build: Callable[[], bytes], file_name: str, mime: str, key: str | None = None
) -> None:
    """A download button whose file is built only when clicked and is still there when the browser fetches it."""
    container.download_button(
        label,
        data=lambda: _pinned(build(), mime, file_name),
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
    )


def _pinned(data: bytes, mime: str, file_name: str) -> bytes:
    """The file, referenced at one of `PINNED_DOWNLOADS` places taken in turn (`internals.pin_download` says why), so
    that it is still there when the browser fetches it; memory stays bounded by that many files."""
    pin_download(data, mime, f"kursk-brief-download-{next(_download_slots) % PINNED_DOWNLOADS}", file_name)
    return data


def image_size(url: UrlView) -> export.Size:
    """The export size picker, bound to `?size=`; one per page, so the Export page sets every chart's size at once."""
    return url.bind(st.selectbox, "Image size", export.SIZES, key="size", what="size", format_func=lambda s: s.label)


def show_chart(chart: str, fig: go.Figure, alt: str, url: UrlView, view: ChartView, **options: object) -> None:
    """A registered chart on its page as it is exported, then its alt text in words and its downloads; `view` is the
    chart's view the page set (`views`), for which the camera's file and the downloads are named. `options` go to
    `st.plotly_chart` (the map's click on a place)."""
    show_figure(
        fig,
        alt,
        export.camera_file_stem(chart, view),
        f"{chart}-downloads",
        url,
        lambda size: chart_downloads(chart, size, view),
        **options,
    )


def show_figure(
    fig: go.Figure,
    alt: str,
    camera_stem: str,
    downloads_key: str,
    url: UrlView,
    downloads: Callable[[export.Size], None],
    **options: object,
) -> None:
    """A chart on its page as it is exported, its alt text in words, and `downloads` for the size picked, in the
    expander `downloads_key`.

    Drawn in its own template (`theme=None`): Streamlit's chart theme swaps in its font and smaller type, so the text
    would be neither the text the layout measured nor what the file shows. `alt` is read by assistive technology
    instead of the chart's fused SVG text; the camera names its PNG `camera_stem`.
    """
    st.plotly_chart(fig, width="stretch", theme=None, alt=alt, config=plotly_config(camera_stem), **options)
    st.caption(f"Alt text: {escape_markdown(alt)}")
    # Closed, the expander sends nothing: a visit that downloads nothing builds and draws no size picker or buttons.
    # A link that sets `?size=` opens it, to show the size it chose.
    if downloads_key not in st.session_state and "size" in st.query_params:
        st.session_state[downloads_key] = True
    with st.expander("Download this chart", key=downloads_key, on_change="rerun") as opened:
        if opened.open:
            downloads(image_size(url))
        else:
            url.reads("size")


def chart_downloads(key: str, size: export.Size, view: ChartView | None = None) -> None:
    """PNG, SVG and PDF buttons for one registered chart at the size chosen with `image_size`.

    `view` is what the page shows (`views`: a filter, a highlight, a range; the chart's default without one): the
    image is drawn with it, titled to say so, and its file named for it, so that the export is what is on screen.
    Images are rendered only when a button is clicked, once per data content, format, size and view for all users.
    """
    spec = chart_spec(key)
    version = data_version()
    shown = spec.checked(view).changed()
    format_buttons(
        key,
        size,
        lambda fmt: _image(*version, key, fmt, size, shown),
        lambda fmt: export.file_name(spec, fmt, size, dict(shown)),
    )


def format_buttons(
    key: str, size: export.Size, render: Callable[[str], bytes], file_name: Callable[[str], str]
) -> None:
    """One download button per export format, side by side, each rendering its file only when clicked; without
    Chromium, a caption saying how to install it instead."""
    problem = export.chromium_problem()
    if problem:
        st.caption(problem)
        return
    for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=True):
        download(
            column,
            f"{fmt.upper()} of this chart, {size.width}×{size.height}",
            lambda fmt=fmt: render(fmt),
            file_name(fmt),
            export.MIME[fmt],
            key=f"{key}-{fmt}",
        )


def story_downloads(view: ClaimsView, size: export.Size) -> None:
    """The Story chart's PNG, SVG and PDF at `size`: drawn for the size (its type scaled to the canvas), its alt
    text in the SVG and PDF, named for the measure and day."""
    version = data_version()
    day = f"-{view.as_of.isoformat()}" if view.as_of else ""
    stem = f"kursk-brief-story-{view.measure.replace('_', '-')}{day}-{size.width}x{size.height}"
    format_buttons(
        "story-downloads", size, lambda fmt: _story_image(*version, view, fmt, size), lambda fmt: f"{stem}.{fmt}"
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def _story_image(data_dir: str, version: str, view: ClaimsView, fmt: str, size: export.Size) -> bytes:
    brief = _brief_at(data_dir, version)
    drawn = claims_figure(brief, view, size.look())
    return export.render(drawn, fmt, size, image=("story", view, fmt, size), alt=claims_alt_text(brief, view))


def briefing_downloads(brief: Brief) -> None:
    """The briefing pack and the slide deck, built from the same cached chart images as the single downloads."""
    version = data_version()
    left, right = st.columns(2)
    # Short labels, what each holds in a caption: a label of a sentence was cut with "…" in a half column at 1280 px.
    download(
        left,
        "Briefing pack (ZIP)",
        lambda: _pack(*version),
        f"kursk-brief-pack-{brief.as_of.isoformat()}.zip",
        "application/zip",
    )
    left.caption("Every chart as PNG and SVG, the facts as CSV and XLSX, CITATIONS.txt and README.txt.")
    download(
        right,
        "Slide deck (PPTX)",
        lambda: _deck(*version),
        f"kursk-brief-deck-{brief.as_of.isoformat()}.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    right.caption("The briefing as in Present, slide for slide, with the rows behind each slide in its notes.")
