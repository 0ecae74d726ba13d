"""The Story page's chart: one measure's claims over the date each figure applies to.

One mark per statement (an `origin_id`: five pages relaying one briefing are one mark, its label saying how many
pages carry it), labelled with its figure as the page gives it (hedge words verbatim) and who gave it, so the chart
reads without hover: a dot for a figure, a bar for a range, a triangle for a bound (up: at least; down: up to);
hollow when only expected. One organisation's own figures are joined by a thin dotted line; two organisations'
never. A yes/no measure puts each organisation on a row of its own and each answer on it. Claims with no figure (a
vague amount) or no date are not drawn: the footer counts them and the table beside the chart lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from kursk_brief.charts.layout import Box, Placer, anywhere, ring, text_size, wrap
from kursk_brief.charts.look import PALETTES, Frame, Look
from kursk_brief.data.brief import Brief
from kursk_brief.data.claims import OUTLET, claims_view, latest_date, published_by
from kursk_brief.schema.claims import Answer, MeasureKind
from kursk_brief.schema.rows import Status
from kursk_brief.words.escape import escape_plotly

ORG_COLOURS = {
    "light": ("#0072B2", "#B85000", "#007A5A", "#A64D8C", "#7A6200", "#4A5560", "#1F6F8B", "#8C3B00"),
    "dark": ("#6CB6FF", "#FF9933", "#3DDC97", "#E8A3CF", "#F0D264", "#C8C8C8", "#7FD3E6", "#FFB07A"),
}
"""Colours of speaking organisations, in order of first appearance in the data, so an organisation keeps its colour
on every chart. Its label names it: colour only groups marks, it never carries meaning alone."""
BOUND_SYMBOL = {"point": "circle", "range": "line-ew", "lower": "triangle-up", "upper": "triangle-down"}
ANSWER_SYMBOL = {Answer.YES: "circle", Answer.NO: "x", Answer.NOT_CONFIRMED: "circle-open"}
ANSWER_STATUS_SYMBOL = {Status.ANTICIPATED: "diamond-open", Status.REPORTED: "square-open"}
"""An expected *yes* or an outlet's own *yes* must not look like a *not confirmed* (a hollow circle)."""
FIGURE_KEY = "● a figure   ▲ at least   ▼ up to   ┃ a range"
ANSWER_KEY = (
    "● yes   ○ not confirmed   ✕ no   ◇ yes, expected (ANTICIPATED)   □ yes in the outlet's own words (REPORTED)   "
    "one row per organisation; each claimed by the speaker named unless marked"
)
STATUS_KEY = (
    "Filled: CLAIMED by the speaker named.   Hollow: ANTICIPATED, expected and not said to have happened.   "
    "Hollow with a dot: REPORTED, the outlet's own words."
)
JOIN_KEY = "A dotted line joins one organisation's own figures."
STATUS_SUFFIX = {Status.CLAIMED: "", Status.ANTICIPATED: "-open", Status.REPORTED: "-open-dot"}


@dataclass(frozen=True)
class ClaimsView:
    """What the chart shows: one measure (an id of `measures.csv`), as the story stood on `as_of` (None: as it
    stands, pages whose text gives no date included)."""

    measure: str
    as_of: date | None = None


def statements(brief: Brief, view: ClaimsView) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measure's claims that can be drawn, one per statement (the version of its earliest page, with how many
    claims relay it), and the claims that cannot be drawn (no figure, or no date)."""
    claims = published_by(claims_view(brief), view.as_of)
    claims = claims[claims["measure_id"] == view.measure]
    ok = claims["date"].notna() & claims["bound"].ne("vague")
    drawn = claims[ok]
    drawn = drawn.assign(published_order=drawn["published"].replace("", "9999"))  # undated pages last
    drawn = drawn.sort_values(["published_order", "claim_id"], kind="stable")
    if drawn.empty:
        return drawn.assign(relays=0, versions=0, statements=0), claims[~ok]
    drawn = drawn.assign(said=drawn["figure"].str.lower())
    statement = drawn.groupby(["origin_id", "status"])
    relays, versions = statement["claim_id"].transform("size"), statement["said"].transform("nunique")
    # A statement is drawn as the version most of its pages give the speaker in (a copy that names another speaker
    # is a finding listed below the chart, not the mark), the earliest of those.
    votes = claims.groupby(["origin_id", "status", "speaker_org"], sort=False).size().rename("votes").reset_index()
    usual = votes.sort_values("votes", ascending=False, kind="stable").drop_duplicates(["origin_id", "status"])
    usual = drawn.merge(usual, on=["origin_id", "status"], how="left", suffixes=("", "_usual"))["speaker_org_usual"]
    drawn = drawn.assign(relays=relays, versions=versions, usual=drawn["speaker_org"].eq(usual.to_numpy()))
    drawn = drawn.sort_values("usual", ascending=False, kind="stable").drop_duplicates(["origin_id", "status"])
    # Statements of one organisation saying the same on the same day are one mark (a generated story repeats one
    # briefing a thousand times; a chart of a thousand labels on one spot reads as none).
    same = ["speaker_org", "date", "said", "status"]
    together = drawn.groupby(same, sort=False)
    drawn = drawn.assign(
        statements=together["claim_id"].transform("size"), relays=together["relays"].transform("sum")
    ).drop_duplicates(same)
    drawn = drawn.sort_values("date", kind="stable")
    return drawn, claims[~ok]


def claims_figure(brief: Brief, view: ClaimsView, look: Look) -> go.Figure:
    measure = brief.measures.set_index("measure_id").loc[view.measure]
    shown, left_out = statements(brief, view)
    answers = measure["kind"] == MeasureKind.YES_NO
    frame = Frame(
        look,
        measure["label"],
        _source_line(shown, left_out),
        view.as_of or latest_date(brief),
        subtitle=" · ".join(p for p in (measure["scope"], measure["where"], measure["period"]) if p),
        extra_key=[ANSWER_KEY] if answers else [FIGURE_KEY, STATUS_KEY, JOIN_KEY],
        statuses=False,
    )
    colours = _org_colours(claims_view(brief), look.theme)
    rows = list(dict.fromkeys(shown["speaker_org"].replace("", OUTLET))) if answers else []
    left = max((text_size(escape_plotly(r), look.text_px)[0] for r in rows), default=look.px(90)) + look.px(16)
    below = look.text_px * 1.6  # the date labels under the plot
    plot = frame.plot_area(left=left, bottom=below)
    figure = go.Figure()
    if shown.empty:  # nothing published by then, or nothing with a figure and a date: say so where the marks go
        figure.add_annotation(
            text="No claim on this measure to draw as of this date",
            x=0.5,
            y=0.5,
            showarrow=False,
            xref="paper",
            yref="paper",
            name="empty",
        )
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        return frame.apply(figure, plot, below)
    axes = _Axes(shown, plot, rows)
    placer = Placer(plot, look.px(6))
    marks = []
    size = look.px(22)
    for _, claim in shown.iterrows():
        org = claim["speaker_org"] or OUTLET
        x, y = axes.pixel(claim)
        while any(abs(x - other_x) < size and abs(y - other_y) < size for *_, other_x, other_y in marks):
            x += size  # two statements on one day and figure: side by side, less than a day apart, never on top
        placer.block(Box(x - size / 2, y - size / 2, x + size / 2, y + size / 2))
        marks.append((claim, org, x, y))
    if not answers:
        _draw_joins(figure, shown, colours, look, axes, placer)
    for claim, org, x, y in marks:
        _draw_mark(figure, claim, colours[org], look, axes, answers, axes.data(x, y)[0])
    # The most crowded marks take their label spots first: a mark among many has few spots left once its
    # neighbours' labels are down, a mark alone has many.
    reach = look.px(200)
    crowd = [sum(abs(x - ox) < reach and abs(y - oy) < reach for *_, ox, oy in marks) for *_, x, y in marks]
    for _, (claim, org, x, y) in sorted(zip(crowd, marks, strict=True), key=lambda pair: -pair[0]):
        _place_label(figure, claim, "" if answers else org, colours[org], look, axes, placer, x, y)
    axes.apply(figure, look, measure, rows)
    return frame.apply(figure, plot, below)


def _source_line(shown: pd.DataFrame, left_out: pd.DataFrame) -> str:
    pages = shown["source_id"].nunique()
    line = f"{pages} pages and reports, each claim as its page gives it (listed with their citations beside the chart)"
    if len(left_out):
        line += f"; {len(left_out)} claims without a figure or a date are listed, not drawn"
    return line


def _org_colours(claims: pd.DataFrame, theme: str) -> dict[str, str]:
    palette = ORG_COLOURS[theme]
    orgs = list(dict.fromkeys(org for org in claims["speaker_org"] if org))
    return {org: palette[i % len(palette)] for i, org in enumerate(orgs)} | {OUTLET: PALETTES[theme].muted}


class _Axes:
    """Data to canvas pixels and back, over axis ranges fixed here so that labels can be placed before drawing."""

    def __init__(self, claims: pd.DataFrame, plot: Box, rows: list[str]):
        # Timestamps, not dates: a label's spot converted back to a date would lose its hours, up to a day's width.
        first, last = pd.Timestamp(claims["date"].min()), pd.Timestamp(claims["date"].max())
        pad = timedelta(days=max(2, (last - first).days * 0.06))
        self.x_range = (first - pad, last + pad)
        self.rows = rows
        top = pd.concat([claims["value_min"], claims["value_max"]]).dropna().max() if not rows else 0
        self.y_range = (-0.6, len(rows) - 0.4) if rows else (0.0, float(top) * 1.25 or 1.0)
        self.plot = plot

    def x(self, day) -> float:
        span = (self.x_range[1] - self.x_range[0]).total_seconds()
        return self.plot.x0 + (pd.Timestamp(day) - self.x_range[0]).total_seconds() / span * self.plot.width

    def y(self, value: float) -> float:
        low, high = self.y_range
        return self.plot.y1 - (value - low) / (high - low) * self.plot.height

    def value(self, claim: pd.Series) -> float:
        if self.rows:
            return len(self.rows) - 1 - self.rows.index(claim["speaker_org"] or OUTLET)
        low, high = claim["value_min"], claim["value_max"]
        return (low + high) / 2 if low is not None and high is not None else (low if low is not None else high)

    def pixel(self, claim: pd.Series) -> tuple[float, float]:
        return self.x(claim["date"]), self.y(self.value(claim))

    def data(self, x: float, y: float) -> tuple[object, float]:
        span = self.x_range[1] - self.x_range[0]
        low, high = self.y_range
        return self.x_range[0] + span * ((x - self.plot.x0) / self.plot.width), low + (
            self.plot.y1 - y
        ) / self.plot.height * (high - low)

    def apply(self, figure: go.Figure, look: Look, measure: pd.Series, rows: list[str]) -> None:
        # As many dates as fit side by side with room between them; a date that would run past the plot's edge
        # (onto the value axis' labels, or off the canvas) is left out rather than drawn over them.
        widest = text_size("30 Dec 2024", look.text_px)[0]
        figure.update_xaxes(
            range=list(self.x_range),
            type="date",
            tickformat="%-d %b %Y",
            automargin=False,
            nticks=max(2, int(self.plot.width // (widest * 1.8))),
            ticklabeloverflow="hide past domain",
        )
        if rows:
            figure.update_yaxes(
                range=list(self.y_range),
                tickvals=list(range(len(rows))),
                ticktext=[escape_plotly(r) for r in rows[::-1]],
                automargin=False,
                showgrid=True,
            )
        else:
            title = escape_plotly(measure["unit"] or "")
            figure.update_yaxes(range=list(self.y_range), tickformat=",d", automargin=False, title={"text": title})


def _draw_joins(figure, claims, colours, look, axes, placer) -> None:
    """One organisation's own figures joined in date order; the line is an obstacle no label may cross."""
    for org, group in claims.groupby(claims["speaker_org"].replace("", OUTLET), sort=False):
        if len(group) < 2:
            continue
        values = [axes.value(c) for _, c in group.iterrows()]
        figure.add_trace(
            go.Scatter(
                x=group["date"],
                y=values,
                mode="lines",
                line={"color": colours[org], "width": look.px(2), "dash": "dot"},
                hoverinfo="skip",
                name="join",
            )
        )
        placer.avoid([(axes.x(d), axes.y(v)) for d, v in zip(group["date"], values, strict=True)])


def _draw_mark(figure, claim, colour, look, axes, answers, day) -> None:
    """The claim's mark at `day` (its date, or a few hours after when another mark stands there)."""
    suffix = STATUS_SUFFIX.get(Status(claim["status"]), "")
    if answers:
        answer = Answer(claim["answer"])
        symbol = ANSWER_SYMBOL[answer]
        if answer == Answer.YES:
            symbol = ANSWER_STATUS_SYMBOL.get(Status(claim["status"]), symbol)
    else:
        symbol = BOUND_SYMBOL[claim["bound"]] + ("" if claim["bound"] == "range" else suffix)
    if claim["bound"] == "range":
        figure.add_trace(
            go.Scatter(
                x=[day] * 2,
                y=[claim["value_min"], claim["value_max"]],
                mode="lines+markers",
                line={"color": colour, "width": look.px(7)},
                marker={"symbol": "line-ew", "size": look.px(24), "line": {"color": colour, "width": look.px(4)}},
                hoverinfo="skip",
                name=claim["claim_id"],
            )
        )
    else:
        figure.add_trace(
            go.Scatter(
                x=[day],
                y=[axes.value(claim)],
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": look.px(22),
                    "color": colour,
                    "line": {"color": colour, "width": look.px(3)},
                },
                hovertext=[escape_plotly(f"{claim['figure']}: {claim['speaker']}, {claim['citation']}")],
                hoverinfo="text",
                name=claim["claim_id"],
                meta={"claim_ids": [claim["claim_id"]]},
            )
        )


def _label_text(claim: pd.Series, org: str, narrow: float | None = None, px: float = 0) -> str:
    """Figure (bold), speaker, how many pages carry it; `narrow` wraps the speaker's name to that width."""
    name = escape_plotly(org)
    if narrow and name:
        name = wrap(name, narrow, px)
    lines = [f"<b>{escape_plotly(claim['figure'])}</b>", *([name] if org else [])]
    if claim["status"] == Status.ANTICIPATED:
        lines[0] += " (expected)"
    if claim["statements"] > 1:
        lines.append(f"{claim['statements']:,} statements, {claim['relays']:,} pages")
    elif claim["relays"] > 1:
        versions = f", {claim['versions']} versions" if claim["versions"] > 1 else ""
        lines.append(f"{claim['relays']} pages{versions}")
    return "<br>".join(lines)


def _place_label(figure, claim, org, colour, look, axes, placer, x, y) -> None:
    """Beside the mark, else further out with a leader, else anywhere free: as written, then with the speaker's name
    wrapped narrower; only when no spot is free anywhere the least crowded one (the layout test then says so)."""
    beside = look.px(22) / 2 + 2 * placer.gap  # clear of the mark, its outline and the gap kept around it
    options = []
    for narrow in (None, look.text_px * 9):
        text = _label_text(claim, org, narrow, look.text_px)
        width, height = text_size(text, look.text_px)
        near = ring(x, y, width, height, [beside, beside + look.px(30), beside + look.px(80), beside + look.px(150)])
        options.append((text, [*near, *anywhere(x, y, width, height, placer.area, look.px(20))]))
    index, spot = placer.place_any([candidates for _, candidates in options])
    text, box = options[index][0], spot.box
    cx, cy = axes.data((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    figure.add_annotation(
        x=cx,
        y=cy,
        xref="x",
        yref="y",
        text=text,
        xanchor="center",
        yanchor="middle",
        align="left",
        font={"color": colour, "size": look.text_px},
        showarrow=False,
        name=f"label {claim['claim_id']}",
    )
    if spot.leader:
        (sx, sy), (ex, ey) = spot.leader
        start, end = axes.data(sx, sy), axes.data(ex, ey)
        figure.add_shape(
            type="line",
            x0=start[0],
            y0=start[1],
            x1=end[0],
            y1=end[1],
            xref="x",
            yref="y",
            line={"color": colour, "width": look.px(1.5)},
        )


def claims_alt_text(brief: Brief, view: ClaimsView) -> str:
    """What the chart shows, from its statements: each figure, speaker and date in date order, and what is not drawn."""
    measure = brief.measures.set_index("measure_id").loc[view.measure]
    shown, left_out = statements(brief, view)
    noun = "statement" if len(shown) == 1 else "statements"
    lines = [f"{measure['label']}: {len(shown)} {noun} drawn by date."]
    for _, claim in shown.iterrows():
        relayed = f", carried by {claim['relays']} pages" if claim["relays"] > 1 else ""
        lines.append(f"{claim['date']:%-d %b %Y}: {claim['figure']} ({claim['speaker']}{relayed}).")
    if len(left_out):
        lines.append(f"Not drawn: {len(left_out)} claims without a figure or a date, listed in the table.")
    return " ".join(lines)
