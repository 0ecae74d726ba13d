"""Stage 3 of validation along links between rows: anchor chains, `part_of` cycles, and unresolved references.

An event's anchor and a fact's `part_of` name another row of the same table; followed from row to row they must
end, and an anchor chain must end at an event with a date. The references every rule gathers (`Rules.refs`) that
name no valid row are reported here, last, once per referencing file, column and id, with their likely cause.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

import pandas as pd

from kursk_brief.data.rules import RELATIVE, SINCE, UNSTATED, Rules


def check_anchors(rules: Rules, events: pd.DataFrame) -> None:
    """An anchor chain must end at a dated event: not at itself, not in a cycle, not at an undated event."""
    lines = dict(zip(events["event_id"], events["line"], strict=True))
    precisions = dict(zip(events["event_id"], events["precision"], strict=True))
    anchored = {
        key: anchor
        for key, anchor, precision in zip(
            events["event_id"], events["anchor_event_id"], events["precision"], strict=True
        )
        if anchor is not None and precision in (RELATIVE, SINCE)
    }
    state = dict.fromkeys(find_cycles(rules, "events", "anchor_event_id", anchored, "anchors form a cycle"), "broken")
    for start in lines:
        chain, key = _follow(anchored, start, state)
        if key not in lines:
            ahead = "missing"  # reported as an unknown or invalid id
        elif key not in state:
            ahead = state[key] = _date_state(precisions[key])
        else:
            ahead = state[key]
        for current in reversed(chain):
            anchor = anchored[current]
            if ahead == "undated":
                rules.problem(
                    "events",
                    lines[current],
                    "anchor_event_id",
                    f"anchored to {anchor!r} (line {lines[anchor]}), which has no date to count from",
                )
            elif ahead == "broken":
                rules.problem(
                    "events",
                    lines[current],
                    "anchor_event_id",
                    f"refers to events.csv line {lines[anchor]} ({anchor!r}), whose own date cannot be "
                    "worked out (a knock-on problem: fix that row first)",
                )
            ahead = state[current] = "dated" if ahead == "dated" else "broken"


def find_cycles(rules: Rules, stem: str, column: str, links: dict[str, str | None], message: str) -> set[str]:
    """Report each cycle of `links` (id -> id) once, on its first row; return the ids on cycles and self-links."""
    lines = rules.ids[stem]
    on_cycle: set[str] = set()
    done: set[str] = set()
    for start in links:
        path, key = _follow(links, start, done)
        if key in path:
            cycle = path[path.index(key) :]
            on_cycle |= set(cycle)
            if len(cycle) > 1:  # a self-link is reported by the row's own rule
                first = min(cycle, key=lambda k: lines[k])
                at = cycle.index(first)
                loop = " → ".join([*cycle[at:], *cycle[:at], first])
                rules.problem(stem, lines[first], column, f"{message}: {loop}")
        done.update(path)
    return on_cycle


def report_unresolved(rules: Rules) -> None:
    """One problem per referencing file, column and id: a knock-on of an invalid row, a dataset cited as a
    report, or an id nobody has; a source nobody cites next to a source id nobody has is named as the cause."""
    orphans = _orphans(rules)
    for (stem, column, target, value), lines in rules.unresolved.items():
        also = _also(lines)
        if target == "dataset":
            message = f"{value!r} is a {rules.source_kind.get(value, 'dataset')}, not a report{also}"
        elif value in rules.invalid[target] or (target == "sources" and value in rules.broken_sources):
            where = rules.invalid[target].get(value) or rules.broken_sources.get(value)
            message = (
                f"refers to {target}.csv line {where} ({value!r}), which is invalid "
                f"(a knock-on problem: fix that row first){also}"
            )
        elif target == "sources" and orphans:
            candidates = ", ".join(f"{key!r} (line {line})" for key, line in orphans)
            message = (
                f"{value!r} is not a known source id; sources.csv has {candidates}, which nothing cites: "
                f"probably a renamed or misspelt id (a knock-on problem){also}"
            )
        else:
            message = f"{value!r} is not a known {target[:-1]} id{also}"
        rules.problem(stem, lines[0], column, message)
    missing = sorted(
        {value for (_, _, target, value) in rules.unresolved if target == "sources"} - rules.ids["sources"].keys()
    )
    for key, line in orphans:
        rules.problem(
            "sources",
            line,
            "source_id",
            f"no row cites {key!r}, while rows cite {', '.join(map(repr, missing))}, which no row has: "
            "a renamed or misspelt id?",
        )


def _orphans(rules: Rules) -> list[tuple[str, int]]:
    """Sources nothing cites, when rows cite a source id that no row has: the pattern of a renamed id, whose
    fault is in sources.csv though every citing row shows it. (Other tables may hold rows nothing refers to.)"""
    missing = [
        value
        for (_, _, target, value) in rules.unresolved
        if target == "sources" and value not in rules.ids["sources"] and value not in rules.invalid["sources"]
    ]
    uncited = [(key, line) for key, line in rules.ids["sources"].items() if key not in rules.cited_ids["sources"]]
    return uncited if missing else []


def _follow(links: Mapping[str, str | None], start: str, settled: Container[str]) -> tuple[list[str], str | None]:
    """Walk `links` (id -> id) from `start` until an id with no link, a settled id or a repeat; return the path and the
    id it stopped at.

    The anchor check and the cycle finder walk the same chains; one walk keeps their stopping rule the same, and the
    repeat check keeps either from looping forever on a cycle the data may hold.
    """
    path: list[str] = []
    key: str | None = start
    while key in links and key not in settled and key not in path:
        path.append(key)
        key = links[key]
    return path, key


def _date_state(precision: str) -> str:
    """Whether an event that is not anchored has a date an anchored one can count from."""
    if precision == UNSTATED:
        return "undated"
    return "broken" if precision == SINCE else "dated"  # a 'since' without its anchor is a problem already


def _also(lines: list[int]) -> str:
    """`(also lines 5, 9, 12)`: where else the same reference occurs, so that one problem stands for all of them."""
    if len(lines) == 1:
        return ""
    rest = lines[1:]
    shown = ", ".join(str(line) for line in rest[:8])
    more = f" and {len(rest) - 8} more" if len(rest) > 8 else ""
    return f" (also line{'s' if len(rest) > 1 else ''} {shown}{more})"
