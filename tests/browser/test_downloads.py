"""A requested export is still there when the browser fetches it, however busy the server is.

Streamlit 1.67 deletes a deferred download's file after two script runs of any session unless something references it
(see `ui._pinned`). Here one user gets the URL of each export, other users then run the app several times, and only
then does the first user fetch: every file must arrive whole.
"""

from __future__ import annotations

import pytest

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
        assert labels[:2] == [
            "Briefing pack (ZIP: charts as PNG and SVG, facts as CSV and XLSX, citations, README)",
            "Slide deck (PPTX: one slide per chart, facts in the speaker notes)",
        ]
        assert labels[2:5] == ["PNG", "SVG", "PDF"]
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
