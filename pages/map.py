"""Map: placeholder until its issue lands; lists the facts this view will draw."""

import streamlit as st

from kursk_brief.ui import get_brief

brief = get_brief()
st.title("Map")
st.info("This view is not built yet.")
