"""Kursk Brief: entry point. Checks the fact table, then builds the navigation; invalid data gets a problem page."""

import streamlit as st

from kursk_brief.app.reconnect import reload_on_reconnect
from kursk_brief.app.site import PAGES
from kursk_brief.app.ui import data_error, show_data_problems, take_snapshot
from kursk_brief.app.urls import link_to_this_view

st.set_page_config(page_title="Kursk Brief", layout="wide")
take_snapshot()  # one version of the data for everything this run shows

broken = data_error() is not None
sections: dict[str, list[st.Page]] = {}
for spec in PAGES:
    page = st.Page(
        show_data_problems if broken else spec.script,
        title=spec.title,
        default=spec.default,
        url_path=None if spec.default else spec.url_path,
    )
    sections.setdefault(spec.section, []).append(page)

current = st.navigation(sections)
with st.sidebar:
    link_to_this_view()
reload_on_reconnect()
current.run()
