"""Present: the briefing story on a shared screen, one slide per screen, stepped with a clicker or the keyboard.

`?slide=N` opens slide N, `?theme=dark` the dark high-contrast theme, `?notes=1` the speaker notes. The slide number
is a pagination widget bound to the URL; the keys are counted in the browser (`slide_keys`), so that no press is lost.
"""

import streamlit as st

from kursk_brief.app.internals import present_chrome_css
from kursk_brief.app.slide_keys import slide_keys
from kursk_brief.app.ui import figure, get_brief, get_story
from kursk_brief.briefing.present import (
    body_html,
    footer_html,
    notes_html,
    notice_html,
    slide_figure,
    slide_look,
    slide_number,
    theme_css,
    title_html,
)
from kursk_brief.charts.look import PALETTES, THEMES, plotly_config
from kursk_brief.charts.registry import chart_spec

brief = get_brief()
slides = get_story()
total = len(slides)

notices = []
theme = st.query_params.get("theme", THEMES[0])
if theme not in THEMES:
    notices.append(f"theme={theme} is not a theme here (light or dark); showing light.")
    theme = THEMES[0]
asked = st.query_params.get("slide")
# Read as the pagination reads it (`slide_number`), so that the notice comes exactly when slide 1 is shown instead.
if asked is not None and not 1 <= slide_number(asked, default=0) <= total:
    notices.append(f"slide={asked} is not a slide of this story (1 to {total}); showing slide 1.")
notes = st.query_params.get("notes") == "1"
st.html(present_chrome_css(PALETTES[theme].background, PALETTES[theme].ink) + theme_css(theme))


def go_to(target: int) -> None:
    st.session_state["slide"] = min(max(target, 1), total)


with st.container(key="kb-deck"):
    content = st.container(key="kb-slide")
    controls = st.container(key="kb-controls", horizontal=True)
keys = st.container(key="kb-keys")
with controls:
    number = st.pagination(total, key="slide", bind="query-params", max_visible_pages=9)
    st.markdown("→ PageDown Space: next · ← PageUp: back · Home End: first, last")

slide_keys(keys, number, total, go_to)
slide = slides[number - 1]
with content:
    for notice in notices:
        st.html(notice_html(notice))
    st.html(title_html(slide, number, total))
    if slide.chart:
        spec = chart_spec(slide.chart)
        st.container(key="kb-chart").plotly_chart(
            figure(slide_figure, slide.chart, theme),
            theme=None,
            config=plotly_config(f"kursk-brief-{spec.key}", slide_look(theme)),
            alt=spec.alt_text(brief),
            height="stretch",
        )
    if slide.items or slide.headline:
        st.html(body_html(slide))
    st.html(footer_html(slide, number, total))
if notes:
    st.html(notes_html(brief, slide))
