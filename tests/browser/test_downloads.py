"""A requested export is still there when the browser fetches it, however busy the server is.

Streamlit 1.67 deletes a deferred download's file after two script runs of any session unless something references it
(see `ui._pinned` and `internals.pin_download`). Here one user gets the URL of each export, other users then run the app several times, and only
then does the first user fetch: every file must arrive whole.
"""

from __future__ import annotations

import time

import pytest
from lxml import etree

from kursk_brief.charts.registry import registry
from kursk_brief.out import export
from tests.browser.server import start_server, stop_server
from tests.browser.wsclient import Session, file_problem

pytestmark = pytest.mark.browser

OTHER_RUNS = 4  # two would have been enough to delete an unreferenced file


def test_exports_survive_other_users_runs(server) -> None:
    user, others = Session(server.url), Session(server.url)
    try:
        export_page = user.open("export")
        facts_page = user.open("facts")
        assert export_page.exceptions == [] and facts_page.exceptions == []
        labels = [d.label for d in export_page.downloads]
        assert labels[:2] == ["Briefing pack (ZIP)", "Slide deck (PPTX)"]
        assert labels[2:5] == [f"{fmt} of this chart, 1600×900" for fmt in ("PNG", "SVG", "PDF")]
        assert all(d.deferred_file_id and not d.url for d in export_page.downloads + facts_page.downloads), (
            "every download is built only when clicked"
        )
        urls = [user.deferred_url(download) for download in user.open("export").downloads[:5]]
        urls += [user.deferred_url(download) for download in user.open("facts").downloads]
        for _ in range(OTHER_RUNS):
            assert others.open("timeline").exceptions == []
        for url in urls:
            fetched = user.fetch(url)
            assert fetched.status == 200, f"{url} was gone before the browser fetched it"
            assert file_problem(fetched.file_name, fetched.body) is None, (fetched.file_name, url)
    finally:
        user.close()
        others.close()


@pytest.mark.parametrize(
    ("page", "query", "file_name", "title"),
    [
        ("timeline", "actor=Sergey+Lavrov", "kursk-brief-timeline-lavrov-1600x900", "Timeline: Sergey Lavrov"),
        (
            "map",
            "view=Strategic&actor=China",
            "kursk-brief-strategic-map-china-1600x900",
            "Who is linked to whom: China",
        ),
    ],
)
def test_a_filtered_or_highlighted_view_downloads_as_shown(server, page, query, file_name, title) -> None:
    """The files a filtered or highlighted page offers are that view, titled to say so (issue 12)."""
    user = Session(server.url)
    try:
        run = user.open(page, query=query)
        assert run.exceptions == []
        for download in run.downloads:
            fetched = user.fetch(user.deferred_url(download))
            fmt = download.label.split(" ", 1)[0].lower()
            assert fetched.status == 200 and fetched.file_name == f"{file_name}.{fmt}"
            assert file_problem(fetched.file_name, fetched.body) is None, fetched.file_name
            if fmt == "svg":
                words = " ".join(etree.fromstring(fetched.body).itertext())
                assert title in words, f"the SVG is not titled {title!r}"
    finally:
        user.close()


def test_a_table_download_does_not_wait_behind_image_renders() -> None:
    """Streamlit builds deferred downloads on the event loop's default thread pool (six threads on two cores); renders
    queued for the one image renderer must not hold them all while another user asks for a CSV."""
    server = start_server()
    exporter, reader = Session(server.url), Session(server.url)
    try:
        pickers = exporter.open("export").selectboxes
        a4 = export.SIZES[2].label
        downloads = exporter.open("export", dict.fromkeys(pickers, a4)).downloads[2:]
        assert len(pickers) == 1 and len(downloads) == 3 * len(registry()) > 6, "one size picker sets every chart's"
        csv_button = reader.open("facts").downloads[0]
        pending = [exporter.request_deferred(download) for download in downloads]
        time.sleep(0.5)  # the render requests reach the server first; the first render starts the renderer (seconds)
        reader.deferred_url(csv_button)
        arrived = exporter.waiting()
        assert not any(message.WhichOneof("type") == "backend_operation_response" for message in arrived), (
            "the CSV was built only after an image render had finished"
        )
        answers = dict(exporter.next_deferred() for _ in pending)
        assert set(answers) == set(pending) and all(answers.values())
    finally:
        exporter.close()
        reader.close()
        stop_server(server)
