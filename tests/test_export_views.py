"""The export is what is on screen: a filtered or highlighted chart downloads as that view, titled to say so.

Each page is run as a link opens it (AppTest, URL parameters); the download buttons it offers are recorded instead
of drawn, and each one's file is then built as a click would build it, with the renderer replaced by a recorder, so
that the figure the file is rendered from can be read.
"""

from __future__ import annotations

import json

import pytest

from kursk_brief.app import ui
from kursk_brief.app.harness import as_read, open_expanders, run_page
from kursk_brief.charts import geography
from kursk_brief.charts.registry import registry
from kursk_brief.charts.timeline import PRESETS, TITLE
from kursk_brief.out import export

SIZE = export.SIZES[0]
STEM = f"{SIZE.width}x{SIZE.height}.svg"


class Offered(dict):
    """File name -> a function that builds that file as its button would and returns the figure it rendered; `alt`
    is the description the last built file was given."""

    alt = ""


@pytest.fixture
def offered(monkeypatch) -> Offered:
    buttons = Offered()
    rendered: list = []

    def record(container, label, build, file_name, mime, key=None) -> None:
        def figure():
            rendered.clear()
            build()
            ((drawn, buttons.alt),) = rendered
            return drawn

        buttons[file_name] = figure

    ui._image.clear()  # an image cached by another test would be handed out without a render
    monkeypatch.setattr(ui, "download", record)
    monkeypatch.setattr(export, "render", lambda fig, fmt, size, alt="", **_: rendered.append((fig, alt)) or b"<svg/>")
    return buttons


def alt_caption(at) -> str:
    """The alt text the page writes under its chart, as read."""
    (caption,) = [as_read(c.value) for c in at.caption if c.value.startswith("Alt text")]
    return caption.removeprefix("Alt text: ")


def frame_title(figure) -> str:
    """The title a figure's frame draws (kept in its layout's meta)."""
    return figure.layout.meta["frame"]["title"]


def shown_title(at) -> str:
    """The title of the chart the page shows."""
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["meta"]["frame"]["title"]


def drawn_events(figure) -> set[str]:
    return {row[0] for trace in figure.data if trace.customdata is not None for row in trace.customdata} - {
        "publication"
    }


def test_a_timeline_filtered_to_an_actor_downloads_filtered_and_titled(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/timeline.py", actor="Sergey Lavrov"))
    assert not at.exception
    figure = offered[f"kursk-brief-timeline-lavrov-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == "Timeline: Sergey Lavrov"
    assert drawn_events(figure) == {"lavrov_choe_meeting"}
    texts = [a.text.replace("<br>", " ") for a in figure.layout.annotations]
    assert "Only the 1 of 10 events involving Sergey Lavrov." in texts
    assert alt_caption(at) == offered.alt == at.get("plotly_chart")[0].proto.alt
    assert offered.alt.startswith("Timeline of the report's events (Sergey Lavrov), as of 01 November 2024. Only the 1")
    assert "Lavrov and Choe Son Hui meet in Moscow" in offered.alt and "incursion" not in offered.alt


def test_a_timeline_at_a_place_and_range_downloads_that_view(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/timeline.py", place="Moscow", range=PRESETS[1]))
    assert not at.exception
    figure = offered[f"kursk-brief-timeline-moscow-around-the-announcement-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == "Timeline: Moscow"
    assert drawn_events(figure) == {"lavrov_choe_meeting"}
    assert (
        list(figure.layout.xaxis.range) == json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["xaxis"]["range"]
    )


def test_an_unfiltered_timeline_downloads_the_image_the_pack_holds(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/timeline.py"))
    spec = next(s for s in registry() if s.key == "timeline")
    assert set(offered) == {export.file_name(spec, fmt, SIZE) for fmt in export.FORMATS}
    figure = offered[f"kursk-brief-timeline-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == TITLE
    assert len(drawn_events(figure)) == 10


def test_a_highlighted_relationship_table_downloads_highlighted_and_titled(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/actors.py", card="Sergey Lavrov"))
    assert not at.exception
    figure = offered[f"kursk-brief-actor-relations-lavrov-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == "Who said what, to whom and about whom: Sergey Lavrov"
    texts = [a.text for a in figure.layout.annotations]
    assert "Shaded: statements by, to or about Sergey Lavrov." in texts
    assert [s for s in figure.layout.shapes if s.type == "rect"], "the actor's rows are shaded"


def test_a_highlighted_strategic_map_downloads_highlighted_and_titled(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/map.py", view=geography.VIEWS[1], actor="China"))
    assert not at.exception
    figure = offered[f"kursk-brief-strategic-map-china-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == "Who is linked to whom: China"
    notes = {a.name: a for a in figure.layout.annotations}
    assert notes["link-china_called_on"].bordercolor != SIZE.look().palette.faint
    assert notes["link-troops_in_kursk"].bordercolor == SIZE.look().palette.faint


def test_the_operational_map_ignores_the_actor_and_downloads_as_shown(offered) -> None:
    at = open_expanders(run_page("kursk_brief/app/pages/map.py", actor="China"))
    assert not at.exception
    figure = offered[f"kursk-brief-kursk-map-{STEM}"]()
    assert frame_title(figure) == shown_title(at) == geography.OPERATIONAL_TITLE


def test_file_names_say_what_a_view_shows() -> None:
    spec = next(s for s in registry() if s.key == "timeline")
    assert spec.view(actor="lavrov", place=None, preset=PRESETS[0]).changed() == (("actor", "lavrov"),)
    assert (
        export.file_name(spec, "png", SIZE, {"actor": "lavrov"})
        == f"kursk-brief-timeline-lavrov-{SIZE.width}x{SIZE.height}.png"
    )
    hostile = export.file_name(spec, "svg", SIZE, {"actor": "../<x> \u202e evil"})
    assert hostile == f"kursk-brief-timeline-x-evil-{STEM}"


def size_pickers(at) -> list:
    return [box for box in at.selectbox if box.label == "Image size"]


@pytest.mark.parametrize(
    "script", ["kursk_brief/app/pages/map.py", "kursk_brief/app/pages/timeline.py", "kursk_brief/app/pages/actors.py"]
)
def test_a_chart_page_sends_its_downloads_only_once_they_are_opened(offered, script) -> None:
    at = run_page(script)
    assert not at.exception
    assert not offered and not size_pickers(at), "closed, the downloads expander sends nothing"
    at = open_expanders(at)
    assert len(offered) == len(export.FORMATS) and len(size_pickers(at)) == 1


def test_a_link_that_sets_the_size_opens_the_downloads_at_that_size(offered) -> None:
    size = export.SIZES[1]
    at = run_page("kursk_brief/app/pages/map.py", size=size.label)
    assert not at.exception and not at.warning, "the size is read, not reported as unused"
    (picker,) = size_pickers(at)
    assert picker.value == size
    assert {name.rsplit("-", 1)[1] for name in offered} == {
        f"{size.width}x{size.height}.{fmt}" for fmt in export.FORMATS
    }


def test_a_view_is_typed_so_a_misspelt_or_foreign_filter_fails_where_it_is_written(brief) -> None:
    """A view names its fields: a misspelt one is a TypeError where it is written, and a chart given another chart's
    view refuses it, instead of drawing, naming and describing the unfiltered chart."""
    charts = {spec.key: spec for spec in registry()}
    timeline, strategic = charts["timeline"], charts["strategic-map"]
    with pytest.raises(TypeError):
        timeline.view(actr="lavrov")
    with pytest.raises(TypeError, match="strategic-map shows a StrategicView, not a TimelineView"):
        strategic.describe(brief, timeline.view(actor="lavrov"))
    with pytest.raises(TypeError):
        export.camera_file_stem("strategic-map", timeline.view(actor="lavrov"))
    highlighted = strategic.view(highlight="lavrov")
    assert strategic.describe(brief, highlighted) == geography.strategic_alt_text(brief, "lavrov")
    assert export.camera_file_stem("strategic-map", highlighted) == "kursk-brief-strategic-map-lavrov-1920x1080"
    assert {spec.key: spec.view.naming("actor") for spec in registry()} == {
        "kursk-map": [],
        "strategic-map": ["highlight"],
        "actor-relations": ["highlight"],
        "timeline": ["actor"],
    }
