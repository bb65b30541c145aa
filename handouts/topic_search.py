"""Find topics by code or by name: what an EHR asks when someone presses an infobutton.

A pure function over loaded topics (`search`), used by the web app's Infobutton
endpoint, and one that loads a library first (`search_library`), used by
`handouts list topics --code` and from Python:

    from handouts.topic_search import search_library
    for match in search_library(ctx, code="D50.9", system="ICD-10-CM"):
        print(match.topic.id, match.reason)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from handouts.codes import CodeSystem, by_name, covers
from handouts.context import Context
from handouts.errors import ContentError, UsageError
from handouts.models import Topic

_WORD = re.compile(r"[^\W_]+")
FILLERS = frozenset({"a", "an", "and", "the", "of", "or", "in", "on", "to", "for", "with", "without", "by",
                     "unspecified", "nos", "other"})
"""Words a problem list's display name adds that say nothing about which topic ('..., unspecified')."""


@dataclass(frozen=True)
class Match:
    topic: Topic
    reason: str  # what matched, for people: "ICD-10-CM D50 (Iron deficiency anemia)", "name: leaky gut"
    rank: int  # 0 the exact code, 1 a broader code or a drug's code, 2 the name


def words(text: str) -> frozenset[str]:
    """The words that name something: case-folded, fillers left out."""
    return frozenset(w.casefold() for w in _WORD.findall(text)) - FILLERS


def names(topic: Topic) -> tuple[str, ...]:
    """What a topic is called: its titles in every language, the condition and its aliases."""
    titles = topic.patient_title.root.values() if topic.patient_title else ()
    return (topic.title, *titles, topic.condition.name, *topic.condition.aliases)


def _by_code(topic: Topic, system: CodeSystem, code: str) -> Match | None:
    for coded in topic.condition.codes:
        if coded.system == system.name and covers(system, coded.code, code):
            exact = system.normalise(coded.code) == system.normalise(code)
            label = f"{coded.system} {coded.code}" + (f" ({coded.display})" if coded.display else "")
            return Match(topic, label, 0 if exact else 1)
    for rec in topic.recommendations():
        for coded in rec.codes:
            if coded.system == system.name and covers(system, coded.code, code):
                return Match(topic, f"{coded.system} {coded.code} ({rec.name or rec.id})", 1)
    return None


def _by_name(topic: Topic, name: str) -> Match | None:
    """Every word of a title or alias is in the name asked for, or every word asked for is in the topic's names.

    'Iron deficiency anemia, unspecified' finds a topic titled 'Iron deficiency anemia';
    'leaky gut' finds 'Leaky gut syndrome'.
    """
    asked = words(name)
    if not asked:
        return None
    known = [words(n) for n in names(topic)]
    for candidate, text in zip(known, names(topic)):
        if candidate and candidate <= asked:
            return Match(topic, f"name: {text}", 2)
    if asked <= frozenset().union(*known):
        return Match(topic, f"name: {topic.title}", 2)
    return None


def search(topics: Iterable[Topic], *, code: str | None = None, system: str | CodeSystem | None = None,
           name: str | None = None) -> list[Match]:
    """Topics answering a code (in `system`: a name like 'ICD-10-CM', or an OID) or, with no code, a name.

    A code is matched on the condition's codes (ICD: a category answers the codes under it) and on the
    RxNorm codes of drugs the recommendations name. Best matches first, then by title.
    UsageError for a code without a known system.
    """
    found: list[Match] = []
    if code:
        chosen = system if isinstance(system, CodeSystem) else by_name(system or "")
        if chosen is None:
            raise UsageError(f"unknown code system '{system}'" if system else "a code needs its code system")
        for topic in topics:
            if (match := _by_code(topic, chosen, code)) is not None:
                found.append(match)
    elif name:
        for topic in topics:
            if (match := _by_name(topic, name)) is not None:
                found.append(match)
    return sorted(found, key=lambda m: (m.rank, m.topic.title.casefold(), m.topic.id))


def library_topics(ctx: Context) -> list[Topic]:
    """Every topic in the context's data folders that validates (a broken file is skipped: lint reports it)."""
    from handouts.loading import load_topic

    out = []
    for topic_id in ctx.ids("topics"):
        try:
            out.append(load_topic(ctx.find("topics", topic_id, "topic"), ctx))
        except (ContentError, UsageError):
            continue
    return out


def search_library(ctx: Context, *, code: str | None = None, system: str | CodeSystem | None = None,
                   name: str | None = None) -> list[Match]:
    """`search` over the topics of a library (the workspace's data folders, then the shipped samples)."""
    return search(library_topics(ctx), code=code, system=system, name=name)
