"""A curator saves a CSV while users load pages: no page view may mix the two versions of the tables.

Three users keep opening the Actors page over the websocket while a curator saves actors.csv again and again, by
atomic rename, switching one actor's name between two versions. Each run's chart and cards must name the same
version: each `get_brief()` or `figure()` call used to take the folder's digest again, so that a save between two of
them drew the chart from the new file and the cards from the old one (9 of 167 views in the issue's measurement).
"""

from __future__ import annotations

import csv
import shutil
import threading
import time

import pytest

from kursk_brief.charts.actors import relations_figure
from kursk_brief.data.load import load_brief
from tests.browser.server import serving
from tests.browser.wsclient import Session
from tests.paths import DATA

pytestmark = pytest.mark.browser
VIEWS = 40
"""Page views to collect: at the rate the issue measured, 9 mixed in 167, 40 views show a regression 9 times in 10."""
LIMIT_SECONDS = 25
"""Or as many as 25 s of saving give, whichever comes first: on a busy machine (the whole suite on two cores) a view
takes longer, and the test stops on time with fewer views rather than holding a core for a minute."""


def write_actors(path, rows, header) -> None:
    staged = path.with_name("actors.csv.saving")
    with staged.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    staged.replace(path)


def test_no_page_view_mixes_two_versions_of_a_table_saved_meanwhile(tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    brief = load_brief(data)
    drawn = relations_figure(brief).to_json()
    actor = next(row for _, row in brief.actors.dropna(subset=["name"]).iterrows() if row["name"] in drawn)
    renamed = f"{actor['name']}-2"  # no new word: the chart wraps names at spaces
    with (data / "actors.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames), list(reader)
    other = [dict(row, name=renamed) if row["actor_id"] == actor["actor_id"] else row for row in rows]
    views: list[tuple[bool, bool]] = []  # per page view: the new name in the chart, in the cards
    failures: list[str] = []
    saves = 0
    lock, stop = threading.Lock(), threading.Event()

    def user() -> None:
        session = Session(server.url, origin=server.url, timeout=240)
        try:
            session.open("")
            while not stop.is_set():
                run = session.open("actors")
                chart, cards = " ".join(run.charts), " ".join(run.html)
                if run.exceptions or actor["name"] not in chart:
                    failures.append(f"exceptions {run.exceptions} or no chart naming {actor['name']}")
                    continue
                with lock:
                    views.append((renamed in chart, f">{renamed}<" in cards))
        except Exception as error:  # recorded, so that one user's failure does not hang the others
            failures.append(repr(error))
        finally:
            session.close()

    with serving(data) as server:
        users = [threading.Thread(target=user, daemon=True) for _ in range(3)]
        for thread in users:
            thread.start()
        deadline = time.monotonic() + LIMIT_SECONDS
        while len(views) < VIEWS and not failures and time.monotonic() < deadline:  # saves as fast as the disk allows
            write_actors(data / "actors.csv", other if saves % 2 == 0 else rows, header)
            saves += 1
        stop.set()
        for thread in users:
            thread.join(timeout=300)
    mixed = [view for view in views if view[0] != view[1]]
    print(f"{len(views)} page views, {saves} saves, {sum(v[0] for v in views)} of the new version, {len(mixed)} mixed")
    assert failures == [], failures[:5]
    assert len(views) >= 10 and {True, False} <= {chart for chart, _ in views}, "both versions were served"
    assert mixed == [], f"{len(mixed)} of {len(views)} page views mixed the two versions"
