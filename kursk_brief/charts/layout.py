"""Text measured before it is drawn, so that a chart places its labels without clipping or collisions.

Plotly sizes type in pixels and never moves a label out of another's way. The chart builders therefore lay out in
canvas pixels: they measure each label with the font the renderer uses (DejaVu Sans, the first family of
`look.FONT_FAMILY`, read with Pillow; a conservative average width when it is not installed), wrap it to a width,
and pick for it the first free spot among candidates (`Placer`). A layout made for a canvas stays free of
collisions on any larger canvas, because marks move apart while type keeps its size.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont

LINE_SPACING = 1.3
"""Plotly's distance between the baselines of a multi-line text, in font sizes."""
TEXT_TOP = 0.18
"""How far, in em, a scatter text placed below its point (`textposition="bottom …"`) rises above the point: Plotly
puts the first baseline 0.75 em below the point, and the chart font's ascent is 0.93 em."""
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FALLBACK_EM = 0.62
"""Average advance of a character in font sizes when DejaVu is missing: wider than DejaVu's, so layouts err roomy."""
_TAG = re.compile(r"<(/?)(b|i|br|span)\b[^>]*>", re.IGNORECASE)
_WORD = re.compile(r"(?:<[^>]*>|[^\s<])+")
"""A word for wrapping: a run of non-space characters, a tag (spaces inside it included) counting as part of it."""


@cache
def _font(px: int, bold: bool, italic: bool) -> ImageFont.FreeTypeFont | None:
    name = "DejaVuSans" + ("-" if bold or italic else "") + ("Bold" if bold else "") + ("Oblique" if italic else "")
    for folder in FONT_DIRS:
        path = folder / f"{name}.ttf"
        if path.exists():
            return ImageFont.truetype(str(path), px)
    return None


def _segments(line: str) -> Iterable[tuple[str, bool, bool]]:
    """A line of Plotly text as (text, bold, italic) runs, tags removed and entities decoded."""
    bold = italic = False
    position = 0
    for match in _TAG.finditer(line):
        if match.start() > position:
            yield html.unescape(line[position : match.start()]), bold, italic
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag == "b":
            bold = not closing
        elif tag == "i":
            italic = not closing
        position = match.end()
    if position < len(line):
        yield html.unescape(line[position:]), bold, italic


def lines_of(text: str) -> list[str]:
    return re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def line_width(line: str, px: float) -> float:
    """Width in pixels of one line of Plotly text (bold and italic runs measured with their own faces).

    Cached: wrapping and fitting measure the same words and candidate lines over and over (a table narrowed column
    by column re-wraps each cell several times).
    """
    width = 0.0
    for run, bold, italic in _segments(line):
        # Measure at 10x the size and scale down: Pillow rounds advances to whole pixels at small sizes.
        font = _font(round(px * 10), bold, italic)
        width += font.getlength(run) / 10 if font else len(run) * px * FALLBACK_EM * (1.08 if bold else 1)
    return width


def text_size(text: str, px: float) -> tuple[float, float]:
    """Width and height in pixels of a Plotly text, its lines split at `<br>`."""
    lines = lines_of(text)
    return max(line_width(line, px) for line in lines), px * (1 + LINE_SPACING * (len(lines) - 1)) + 0.25 * px


def wrap(text: str, max_px: float, px: float) -> str:
    """Break text into `<br>`-joined lines no wider than `max_px`; a word wider than a line is cut to fit.

    Tags stay whole; a bold or italic run should not span a break, as its second line would be measured plain.
    """
    lines: list[str] = []
    for paragraph in lines_of(text):
        line = ""
        for word in (piece for whole in _WORD.findall(paragraph) for piece in _split_word(whole, max_px, px)):
            candidate = f"{line} {word}" if line else word
            if line and line_width(candidate, px) > max_px:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "<br>".join(lines)


_UNIT = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
"""What a word may be cut between: a tag, an entity or a character, never inside the first two."""


def _split_word(word: str, max_px: float, px: float) -> list[str]:
    """A word wider than the line cut into pieces that fit, so that no text runs past its column (a long URL)."""
    if line_width(word, px) <= max_px:
        return [word]
    pieces, piece = [], ""
    for unit in _UNIT.findall(word):
        if piece and line_width(piece + unit, px) > max_px:
            pieces.append(piece)
            piece = unit
        else:
            piece += unit
    return [*pieces, piece]


@dataclass(frozen=True)
class Box:
    """A rectangle in canvas pixels, y growing downwards as in SVG."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, x: float, y: float, width: float, height: float, xanchor: str, yanchor: str) -> Box:
        left = {"left": x, "center": x - width / 2, "right": x - width}[xanchor]
        top = {"top": y, "middle": y - height / 2, "bottom": y - height}[yanchor]
        return cls(left, top, left + width, top + height)

    def grow(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: Box) -> bool:
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1

    def distance(self, other: Box) -> float:
        """The shortest distance between the two boxes: 0 when they touch or overlap."""
        dx = max(0.0, other.x0 - self.x1, self.x0 - other.x1)
        dy = max(0.0, other.y0 - self.y1, self.y0 - other.y1)
        return math.hypot(dx, dy)

    def nearest_point(self, x: float, y: float) -> tuple[float, float]:
        """The point of the box closest to (x, y): where a leader line from (x, y) meets it."""
        return min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def segment_hits_box(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the straight segment a-b passes through the box's interior (Liang–Barsky clipping)."""
    if max(a[0], b[0]) <= box.x0 or min(a[0], b[0]) >= box.x1 or max(a[1], b[1]) <= box.y0 or min(a[1], b[1]) >= box.y1:
        return False  # apart at a glance: most segments and boxes are, and this runs hundreds of thousands of times
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - box.x0), (dx, box.x1 - a[0]), (-dy, a[1] - box.y0), (dy, box.y1 - a[1])):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def segments_cross(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], d: tuple[float, float]
) -> bool:
    """Whether the segments a-b and c-d cross (touching at an end does not count)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


FALLBACK_SPOTS = 200


@dataclass(frozen=True)
class Candidate:
    """A spot for a label: its box, and where a leader line would start and end (None: the label is adjacent)."""

    box: Box
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None


class Placer:
    """Greedy label placement: each label takes the first of its candidate spots that is free.

    Everything already drawn that a label must not cover (other labels, markers, notes, a heavy line such as a
    map's state border or an arrow) is an obstacle; a spot must also lie inside the area, and a leader line must not
    cross another label. A line may have an owner, the label placed with that name: only it may sit on the line,
    and its leader may cross no other line.
    """

    def __init__(self, area: Box, gap: float):
        self.area = area
        self.gap = gap
        self.boxes: list[Box] = []
        self.leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self.lines: list[tuple[tuple[float, float], tuple[float, float], str | None]] = []

    def block(self, box: Box) -> None:
        self.boxes.append(box)

    def unblock(self, boxes: Iterable[Box]) -> None:
        """Take back boxes blocked earlier: marks a label tried to go around, before it goes first and they yield."""
        for box in boxes:
            self.boxes.remove(box)

    def top(self) -> float:
        """The highest pixel anything placed or avoided reaches (y down), so that a canvas can drop what none uses."""
        ys = [box.y0 for box in self.boxes]
        ys += [y for a, b, _ in self.lines for _, y in (a, b)] + [y for leader in self.leaders for _, y in leader]
        return min(ys, default=self.area.y0)

    def avoid(self, points: Sequence[tuple[float, float]], owner: str | None = None) -> None:
        """A drawn polyline no label may cross, through `points` in canvas pixels: text on a line is hard to read.

        The label of its `owner` alone may sit on it (a link's label interrupts its own arrow, and reads as its own).
        """
        self.lines += [(a, b, owner) for a, b in itertools.pairwise(points)]

    def crosses_line(self, box: Box, owner: str | None = None) -> bool:
        grown = box.grow(self.gap)
        return any(
            segment_hits_box(a, b, grown) for a, b, line_owner in self.lines if owner is None or line_owner != owner
        )

    def free(self, candidate: Candidate, owner: str | None = None) -> bool:
        box = candidate.box
        if not box.inside(self.area) or any(box.grow(self.gap).overlaps(other) for other in self.boxes):
            return False
        if self.crosses_line(box, owner):
            return False
        if any(segment_hits_box(*leader, box) for leader in self.leaders):
            return False
        if candidate.leader is None:
            return True
        if owner is not None and any(
            segments_cross(*candidate.leader, a, b) for a, b, line_owner in self.lines if line_owner != owner
        ):
            return False  # a line's label with a leader across another line reads as that line's
        (sx, sy), end = candidate.leader
        return not any(
            segment_hits_box((sx, sy), end, other.grow(-1))
            for other in self.boxes
            if not other.x0 <= sx <= other.x1 or not other.y0 <= sy <= other.y1  # the mark the leader starts from
        )

    def place(self, candidates: Sequence[Candidate], owner: str | None = None) -> Candidate:
        """The first free candidate, taken; when none is free, the least crowded one (never silently dropped).

        `owner` names the label, so that it may sit on the line it labels (see `avoid`).
        """
        chosen = next((c for c in candidates if self.free(c, owner)), None)
        if chosen is None:  # the least crowded of the nearest spots: the layout test will say it collides
            chosen = min(candidates[:FALLBACK_SPOTS], key=lambda c: self._crowding(c, owner))
        return self._take(chosen)

    def place_free(self, candidates: Sequence[Candidate], owner: str | None = None) -> Candidate | None:
        """The first free candidate, taken; None when none is free, for a label better left out than misplaced (a
        region's name on its neighbour names the neighbour)."""
        chosen = next((c for c in candidates if self.free(c, owner)), None)
        return None if chosen is None else self._take(chosen)

    def _take(self, chosen: Candidate) -> Candidate:
        self.boxes.append(chosen.box)
        if chosen.leader:
            self.leaders.append(chosen.leader)
        return chosen

    def place_any(self, options: Sequence[Sequence[Candidate]], owner: str | None = None) -> tuple[int, Candidate]:
        """The first free spot of the first option that has one (options: the same label's spots at different
        wrappings, in order of preference), taken with the option's index; none free, the first option's fallback."""
        for index, candidates in enumerate(options):
            chosen = next((c for c in candidates if self.free(c, owner)), None)
            if chosen is not None:
                return index, self.place([chosen], owner)
        return 0, self.place(options[0], owner)

    def _crowding(self, candidate: Candidate, owner: str | None = None) -> float:
        box = candidate.box.grow(self.gap)
        overlap = sum(
            max(0, min(box.x1, o.x1) - max(box.x0, o.x0)) * max(0, min(box.y1, o.y1) - max(box.y0, o.y0))
            for o in self.boxes
        )
        crossing = box.width * box.height if self.crosses_line(candidate.box, owner) else 0
        return overlap + crossing + (0 if candidate.box.inside(self.area) else 1e9)


POSITIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
"""Right, left, above, below, then the corners: where a label goes around its point, in order of preference."""


def ring(x: float, y: float, width: float, height: float, distances: Sequence[float]) -> list[Candidate]:
    """Candidate boxes around a point, nearest first: beside it, then further out with a leader line."""
    candidates = []
    for step, distance in enumerate(distances):
        for sx, sy in POSITIONS:
            left = x + distance if sx > 0 else x - distance - width if sx < 0 else x - width / 2
            top = y + distance if sy > 0 else y - distance - height if sy < 0 else y - height / 2
            box = Box(left, top, left + width, top + height)
            candidates.append(Candidate(box, None if step == 0 else ((x, y), box.nearest_point(x, y))))
    return candidates


def anywhere(x: float, y: float, width: float, height: float, area: Box, step: float) -> list[Candidate]:
    """Every spot of a grid over the area, nearest to the point first, each with a leader line: the last resort
    for a large note that fits nowhere near its point."""
    candidates = []
    top = area.y0
    while top + height <= area.y1:
        left = area.x0
        while left + width <= area.x1:
            box = Box(left, top, left + width, top + height)
            end = box.nearest_point(x, y)
            candidate = Candidate(box, None if end == (x, y) else ((x, y), end))  # on the point: no leader
            candidates.append((math.dist((x, y), end), candidate))
            left += step
        top += step
    return [candidate for _, candidate in sorted(candidates, key=lambda pair: pair[0])]
