"""What the topic list's search box matches: words as a clinician types them, and codes as an EHR shows them.

A clinician at a visit types what is in front of them: a word from the condition
without its accent or apostrophe ("Meniere", "Crohns", "anemia"/"anaemia" are
the topic's own aliases), two words run together with a hyphen, or the code on
the problem list ("K58.9", "K589", or the category "K58"). Each word of the
query must be found in the topic's id, title, condition, other names, or one of
its condition codes (with its display text); codes also match without their dot.

A query that finds nothing may be a word mistyped ("leeky gut"): `suggestion`
offers the nearest words of the topics' and sheets' own (titles, names, other
names), which the page offers as "Did you mean ...?".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from handouts.models import Topic

_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")
_APART = re.compile(r"[^\w.]+|(?<!\w)\.|\.(?!\w)")
"""Anything but a letter, a digit or a dot inside a code ('D50.9') parts two words."""


def fold(text: str) -> str:
    """`text` as it is compared: no accents, no case, no apostrophes, punctuation as spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_APART.sub(" ", _APOSTROPHES.sub("", plain.casefold())).split())


def _code_forms(code: str) -> tuple[str, ...]:
    """A code as written (upper case, no spaces) and, for a code with a dot, without it: K58.9 and K589."""
    written = code.strip().upper().replace(" ", "")
    return (written, written.replace(".", "")) if "." in written else (written,)


def topic_words(topic_id: str, topic: Topic | None) -> str:
    """Everything a query may match a topic by, folded; a topic that failed to load has its id alone."""
    if topic is None:
        return fold(topic_id)
    condition = topic.condition
    codes = [form for c in condition.codes for form in _code_forms(c.code)]
    displays = [c.display for c in condition.codes if c.display]
    return fold(" ".join((topic_id, topic.title, condition.name, *condition.aliases, *codes, *displays)))


def matches(words: str, query: str) -> bool:
    """Every word of `query` is found in `words` (topic_words' or any other folded text)."""
    return all(word in words for word in fold(query).split())


def matching(query: str, entries: Iterable[tuple[str, Topic | None]]) -> list[str]:
    """The ids of the entries (id, topic) that `query` matches, in their order."""
    return [topic_id for topic_id, topic in entries if matches(topic_words(topic_id, topic), query)]


_CLOSE_ENOUGH = 0.75
"""How alike a mistyped word and a listed one must be (difflib's ratio): 'leeky' and 'leaky' are 0.8,
'gut' and 'gum' 0.67; a word of three letters or fewer, or one with a digit (a code), is never guessed."""


def suggestion(query: str, texts: Iterable[str]) -> str | None:
    """The query with each word no text contains replaced by the nearest word of `texts` (folded, as
    topic_words gives them), or None: every word is found, or one has nothing near enough to guess.

    Only a word found nowhere is replaced, so what the clinician typed right stays as typed.
    """
    folded = list(texts)
    vocabulary = sorted({word for text in folded for word in text.split()})
    words = fold(query).split()
    guessed = []
    for word in words:
        if any(word in text for text in folded):
            guessed.append(word)
            continue
        if len(word) <= 3 or any(c.isdigit() for c in word):
            return None
        near = difflib.get_close_matches(word, vocabulary, n=1, cutoff=_CLOSE_ENOUGH)
        if not near:
            return None
        guessed.append(near[0])
    return " ".join(guessed) if guessed != words else None
