"""Kursk Brief: entry point. Loads the fact table once, shows data errors readably, then runs the chosen page."""

import streamlit as st

from kursk_brief.site import PAGES
from kursk_brief.ui import load_or_explain

st.set_page_config(page_title="Kursk Brief", layout="wide")

sections: dict[str, list[st.Page]] = {}
for spec in PAGES:
    page = st.Page(
        spec.script, title=spec.title, default=spec.default, url_path=None if spec.default else spec.url_path
    )
    sections.setdefault(spec.section, []).append(page)
navigation = st.navigation(sections)

load_or_explain()
navigation.run()
