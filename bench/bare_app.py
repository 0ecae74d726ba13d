"""The yardstick for `make bench`: a bare Streamlit app whose pages show a title and one Plotly chart.

Two pages, so that a warm page switch has a bare counterpart too. Nothing of Kursk Brief is imported.
"""

import plotly.graph_objects as go
import streamlit as st


def chart_page(title: str) -> None:
    st.title(title)
    figure = go.Figure(go.Scatter(x=list(range(10)), y=[3, 1, 4, 1, 5, 9, 2, 6, 5, 3], mode="lines+markers"))
    st.plotly_chart(figure, width="stretch", key=title.lower().replace(" ", "-"))


def one() -> None:
    chart_page("Bare one")


def two() -> None:
    chart_page("Bare two")


st.navigation(
    [st.Page(one, title="Bare one", url_path="one", default=True), st.Page(two, title="Bare two", url_path="two")]
).run()
