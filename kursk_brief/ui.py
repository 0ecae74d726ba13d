"""Streamlit glue shared by the pages: the cached brief, the data-error panel, and shared URL filters.

Pages stay thin by calling these; nothing here computes facts, it only presents what `facts` returns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from kursk_brief import export
from kursk_brief.charts import registry
from kursk_brief.facts import Brief, DataError, actor_names, data_dir_from_env, load_brief, place_names
from kursk_brief.schema import STATUS_MEANING, Status
from kursk_brief.style import STATUS_LABELS


@st.cache_data(show_spinner=False)
def _cached_brief(data_dir: str) -> Brief:
    return load_brief(Path(data_dir))


def get_brief() -> Brief:
    """The validated brief, loaded once per data folder and shared by all sessions."""
    return _cached_brief(str(data_dir_from_env()))


def data_error() -> DataError | None:
    """The validation error of the configured data, if any; the entry point uses it to pick what every URL shows."""
    try:
        get_brief()
    except DataError as error:
        return error
    return None


def show_data_problems() -> None:
    """Page shown at every URL while the data is invalid: each problem in a table, nothing partial, no traceback."""
    error = data_error()
    if error is None:
        st.rerun()
    st.title("Kursk Brief cannot show its data")
    st.error(
        f"The data in `{data_dir_from_env()}` did not pass validation: {len(error.problems)} problem(s). "
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


def shared_filter(brief: Brief, param: str) -> str | None:
    """Read a shared `?actor=` / `?place=` filter; an unknown value gets a clear notice and the valid list."""
    value = st.query_params.get(param)
    if value is None:
        return None
    options = _filter_options(brief, param)
    if value in options:
        return value
    listing = ", ".join(f"`{key}` ({name})" for key, name in options.items())
    st.warning(f"URL parameter `{param}={value}` names no known {param}; showing everything. Valid values: {listing}.")
    return None


def _filter_options(brief: Brief, param: str) -> dict[str, str]:
    if param == "actor":
        return actor_names(brief)
    if param == "place":
        return place_names(brief)
    raise ValueError(f"no shared filter named {param!r}")


def chart_downloads(key: str, brief: Brief) -> None:
    """PNG, SVG and PDF buttons for one registered chart at a chosen size.

    Images are rendered only when a button is clicked (deferred data), so a page with several charts stays fast.
    """
    spec = next(spec for spec in registry() if spec.key == key)
    problem = export.chromium_problem()
    if problem:
        st.caption(problem)
        return
    size = st.selectbox("Image size", export.SIZES, format_func=lambda s: s.label, key=f"size-{key}")
    for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=True):
        column.download_button(
            f"{fmt.upper()}",
            data=lambda fmt=fmt: export.chart_image(brief, spec, fmt, size),
            file_name=export.file_name(spec, fmt, size),
            mime=export.MIME[fmt],
            key=f"{key}-{fmt}",
            on_click="ignore",
        )
