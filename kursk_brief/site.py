"""The app's pages in one list: the entry point builds its navigation from it and the tests cover every entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    url_path: str
    section: str
    default: bool = False
    heading: str = ""
    """The page's first heading when it is not its title (the Overview and Present open on the app's name)."""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", "overview", "Brief", default=True, heading="Kursk Brief"),
    PageSpec("pages/map.py", "Map", "map", "Brief"),
    PageSpec("pages/timeline.py", "Timeline", "timeline", "Brief"),
    PageSpec("pages/present.py", "Present", "present", "Brief", heading="Kursk Brief"),
    PageSpec("pages/actors.py", "Actors", "actors", "Browse"),
    PageSpec("pages/facts.py", "Facts", "facts", "Browse"),
    PageSpec("pages/export.py", "Export", "export", "Export"),
)
