"""Which facts each map shows, as tables: the links of the strategic map by two rules, the notes at cities, the
silences, what a highlight keeps; the maps draw these and the alt texts describe them, so both say the same.
"""

from __future__ import annotations

import pandas as pd

from kursk_brief.data.brief import Brief, per_brief
from kursk_brief.data.phrases import citation, format_figure, number_phrase
from kursk_brief.data.queries import actor_names, filter_facts, place_names
from kursk_brief.schema.rows import FactKind, PlaceRole, Status
from kursk_brief.words import wording
from kursk_brief.words.escape import escape_plotly

LINKS_PER_PAIR = 3  # curves between the same two places are bent apart in three steps


def facts_at(brief: Brief, place_id: str) -> pd.DataFrame:
    return brief.facts[brief.facts["place_id"] == place_id]


@per_brief
def strategic_links(brief: Brief) -> pd.DataFrame:
    """One link per fact that ties two places, by two rules only, so that no arrow says more than its row.

    A count placed somewhere runs from the counted group's country to the place of the count. A statement the report
    says was addressed to a state runs from each speaker's country to the addressee's. A statement merely about a
    state, or made at a place, is no link: it is listed at its place (`place_notes`).
    """
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    kinds = brief.actors.set_index("actor_id")["kind"].to_dict()
    places = set(brief.places["place_id"])
    names = actor_names(brief)
    facts = brief.facts[brief.facts["status"] != Status.DERIVED]
    counted = (facts["kind"] == FactKind.NUMBER) & (facts["place_role"] == PlaceRole.LOCATED)
    addressed = (facts["kind"] == FactKind.STATEMENT) & facts["addressee_ids"].map(bool)
    rows = []
    for fact in facts[counted | addressed].itertuples(index=False):  # only rows that can link, in one cheap pass
        if fact.kind == FactKind.NUMBER:
            groups = [a for a in fact.about_ids if kinds.get(a) == "group"]
            ends = [(country.get(groups[0]), fact.place_id)] if groups else []
            label = format_figure(fact._asdict())
        else:
            speakers = dict.fromkeys(country.get(a) for a in fact.actor_ids)
            ends = [(speaker, country.get(fact.addressee_ids[0])) for speaker in speakers]
            label = f"{wording.who(fact, names)} {wording.action(fact, names)}"
        rows += [
            {
                "fact_id": fact.fact_id,
                "source": source,
                "target": target,
                "status": fact.status,
                "label": label,
                "summary": fact.summary,
                "citation": citation(brief, fact.source_id, fact.paragraphs),
                "paragraphs": fact.paragraphs,
            }
            for source, target in ends
            if source in places and target in places and source != target
        ]
    return pd.DataFrame(
        rows, columns=["fact_id", "source", "target", "status", "label", "summary", "citation", "paragraphs"]
    )


@per_brief
def place_notes(brief: Brief) -> pd.DataFrame:
    """Facts tied to a city (where words were said, where a meeting was), shown as a note at that city, not a link."""
    cities = set(brief.places.loc[brief.places["kind"] == "city", "place_id"])
    facts = brief.facts[brief.facts["place_id"].isin(cities) & (brief.facts["status"] != Status.DERIVED)]
    places = place_names(brief)
    names = actor_names(brief)
    return pd.DataFrame(
        {
            "place_id": facts["place_id"],
            "fact_id": facts["fact_id"],
            "status": facts["status"],
            "text": [_note_text(fact, names, places) for fact in facts.to_dict("records")],
            "paragraphs": facts["paragraphs"],
        }
    )


def _note_text(fact: dict, names: dict[str, str], places: dict[str, str]) -> str:
    """A figure with what it counts, or who said what about whom and where: `Sergey Lavrov praised (about ...), said in Moscow`."""
    if fact["kind"] == FactKind.NUMBER:
        return number_phrase(fact)
    return f"{wording.statement_line(fact, names)}, {wording.place_phrase(fact, places)}"


def drawn_links(links: pd.DataFrame) -> tuple[pd.DataFrame, dict[tuple[str, str], int]]:
    """At most LINKS_PER_PAIR links between two places (their curves are spread apart), and how many more each pair
    has: thousands of identical arcs draw as one thick line and cost the browser a trace each."""
    pair = list(zip(links["source"], links["target"], strict=True))
    rank = links.groupby(["source", "target"]).cumcount()
    drawn = links.assign(pair=pair)[rank < LINKS_PER_PAIR]
    totals = pd.Series(pair, dtype=object).value_counts().to_dict()
    return drawn, {key: total - min(total, LINKS_PER_PAIR) for key, total in totals.items()}


def silence_facts(brief: Brief) -> dict[str, object]:
    """Silence facts by the place of the silent state, so the map can mark where no statement came from."""
    country = brief.actors.set_index("actor_id")["country_id"].to_dict()
    places = set(brief.places["place_id"])
    silences = brief.facts[brief.facts["kind"] == FactKind.SILENCE]
    return {country[a]: fact for fact in silences.itertuples() for a in fact.about_ids if country.get(a) in places}


def kept_facts(brief: Brief, highlight: str | None) -> set[str] | None:
    """The facts a highlighted map keeps in colour: those by, to or about the actor; None when nothing is highlighted."""
    return set(filter_facts(brief.facts, actors=[highlight])["fact_id"]) if highlight else None


def nested_counts(brief: Brief, links: pd.DataFrame) -> list[str]:
    """A line per drawn count that another drawn count includes, so that two arrows are not read as a sum."""
    facts = brief.facts.set_index("fact_id", drop=False)
    drawn = set(links["fact_id"])
    parts = facts[facts["fact_id"].isin(drawn) & facts["part_of"].isin(drawn)].iloc[:LINKS_PER_PAIR]
    return [
        escape_plotly(f"The {format_figure(part)} are among the {format_figure(facts.loc[part['part_of']])}.")
        for _, part in parts.iterrows()
    ]


def operational_fact_ids(brief: Brief) -> list[str]:
    return facts_at(brief, brief.focus_place_id)["fact_id"].tolist()


def strategic_fact_ids(brief: Brief) -> list[str]:
    return list(
        dict.fromkeys(
            [
                *strategic_links(brief)["fact_id"],
                *place_notes(brief)["fact_id"],
                *brief.facts.loc[brief.facts["kind"] == FactKind.SILENCE, "fact_id"],
            ]
        )
    )


def place_from_selection(points: list[dict], brief: Brief) -> str | None:
    """The report place a user clicked on the map, if the click landed on a place marker."""
    places = set(brief.places["place_id"])
    for point in points:
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list) and custom else custom
        if value in places:
            return value
    return None
