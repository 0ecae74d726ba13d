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
    PageSpec("kursk_brief/app/pages/overview.py", "Overview", "overview", "Brief", default=True, heading="Kursk Brief"),
    PageSpec("kursk_brief/app/pages/map.py", "Map", "map", "Brief"),
    PageSpec("kursk_brief/app/pages/timeline.py", "Timeline", "timeline", "Brief"),
    PageSpec("kursk_brief/app/pages/present.py", "Present", "present", "Brief", heading="Kursk Brief"),
    PageSpec("kursk_brief/app/pages/actors.py", "Actors", "actors", "Browse"),
    PageSpec("kursk_brief/app/pages/facts.py", "Facts", "facts", "Browse"),
    PageSpec("kursk_brief/app/pages/story.py", "Story", "story", "Follow"),
    PageSpec("kursk_brief/app/pages/export.py", "Export", "export", "Export"),
)
