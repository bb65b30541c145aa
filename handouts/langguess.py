"""Which language a short free text (a clinician's note) is written in, among those we print.

A note typed at a visit has no language field: on a Spanish handout it may be
in English. Screen readers need the passage tagged with its own language, so
the view asks here. The guess counts common function words, which every
sentence has; it changes the document's language only on clear evidence
(at least two such words, twice as many as the document language's), and
otherwise keeps it: a wrong tag is worse than none.
"""

from __future__ import annotations

import re

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the a an and or of to in on at for with your you is are be it this that these do does not "
        "if when take eat drink call us we our my next every each day days week weeks before after".split()
    ),
    "es": frozenset(
        "el la los las un una y o de del al en con por para su sus usted es son no si cuando tome coma "
        "beba llame nos nuestro mi cada día días semana semanas antes después que se le lo".split()
    ),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess(text: str, default: str) -> str:
    """The language of `text` when the evidence is clear, else `default`."""
    counts = {lang: 0 for lang in FUNCTION_WORDS}
    for word in _WORD.findall(text.lower()):
        for lang, known in FUNCTION_WORDS.items():
            if word in known:
                counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    if best == default or counts[best] < 2:
        return default
    if counts[best] >= 2 * counts.get(default, 0) + 1:
        return best
    return default
