"""Reading ease of Spanish patient texts: Fernández-Huerta and Szigriszt-Pazos on the INFLESZ scale.

Flesch-Kincaid and SMOG are English formulas (Spanish words are longer in
syllables for the same difficulty), so Spanish texts get the two Spanish
adaptations of Flesch's reading ease, in the form the Spanish readability
literature uses today:

    Fernández-Huerta = 206.84 - 60 * syllables/words - 1.02 * words/sentences
    Szigriszt-Pazos  = 206.835 - 62.3 * syllables/words - words/sentences

Higher is easier. Szigriszt-Pazos is read on the INFLESZ scale (Barrio-Cantalejo
et al., 2008), built to judge health information for patients:

    below 40  very difficult (muy difícil)     university, scientific texts
    40-55     somewhat difficult (algo difícil) upper secondary, popular science
    55-65     normal                           secondary school (ESO), general press
    65-80     fairly easy (bastante fácil)      primary school
    above 80  very easy (muy fácil)             primary school, comics

The grade gate. handouts keeps one reading target per topic, a US school grade
(reading_grade_target, default 8). A Spanish text passes when its INFLESZ band
suits that grade, each band standing for the highest grade it suits:

    very easy 4, fairly easy 6, normal 8, somewhat difficult 12, very difficult 16

so the default target 8 asks for "normal" or easier (Szigriszt-Pazos 55 or more),
which is also the level INFLESZ's authors ask of patient material; a target of 6
asks for "fairly easy" (65 or more). The README repeats this table.

Syllables are counted by the rules of Spanish spelling: each vowel nucleus is a
syllable; a weak vowel (i, u, ü) next to a strong one (a, e, o) or to another
weak one forms a diphthong (one syllable) unless the weak one bears the accent
(día, baúl: hiatus); two strong vowels are a hiatus (two syllables); u is silent
in que, qui, gue, gui; h between vowels does not separate them; y ending a word
after a vowel is a vowel (hoy, muy), elsewhere a consonant (and the word 'y' is
one syllable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

STRONG = frozenset("aeoáéó")
WEAK = frozenset("iuü")
WEAK_STRESSED = frozenset("íú")
VOWELS = STRONG | WEAK | WEAK_STRESSED

BANDS: tuple[tuple[float, str, str, int], ...] = (
    (80.0, "very easy", "muy fácil", 4),
    (65.0, "fairly easy", "bastante fácil", 6),
    (55.0, "normal", "normal", 8),
    (40.0, "somewhat difficult", "algo difícil", 12),
    (float("-inf"), "very difficult", "muy difícil", 16),
)
"""INFLESZ bands: (lowest Szigriszt-Pazos score, name, Spanish name, highest US grade it suits)."""

_SILENT_U = re.compile(r"(?<=[qg])u(?=[eiéí])")


def _hiatus(first: str, second: str) -> bool:
    if first in STRONG and second in STRONG:
        return True
    if (first in WEAK_STRESSED and second in STRONG) or (first in STRONG and second in WEAK_STRESSED):
        return True
    return first == second and first in WEAK | WEAK_STRESSED  # 'chiita': i-i


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Spanish syllables of one word (at least 1 for any word with a letter)."""
    w = _SILENT_U.sub("", word.lower())
    if w == "y":
        return 1
    if w.endswith("y") and len(w) > 1 and w[-2] in VOWELS:
        w = w[:-1] + "i"
    count = 0
    previous: str | None = None  # the last vowel of the current vowel group
    for char in w:
        if char in VOWELS:
            if previous is None or _hiatus(previous, char):
                count += 1
            previous = char
        elif char == "h" and previous is not None:
            continue  # h between vowels does not break a diphthong (ahu-ma-do)
        else:
            previous = None
    return max(count, 1) if any(c.isalpha() for c in w) else 0


@dataclass(frozen=True)
class SpanishCounts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0

    def __add__(self, other: SpanishCounts) -> SpanishCounts:
        return SpanishCounts(self.sentences + other.sentences, self.words + other.words,
                             self.syllables + other.syllables)


@dataclass(frozen=True)
class SpanishEase:
    """Reading ease of Spanish text by two formulas, and what it means as a band and a grade."""

    fernandez_huerta: float
    szigriszt_pazos: float

    @classmethod
    def of(cls, counts: SpanishCounts) -> SpanishEase:
        if not counts.words or not counts.sentences:
            return cls(100.0, 100.0)
        per_word = counts.syllables / counts.words
        per_sentence = counts.words / counts.sentences
        fh = 206.84 - 60 * per_word - 1.02 * per_sentence
        sp = 206.835 - 62.3 * per_word - per_sentence
        return cls(round(fh, 1), round(sp, 1))

    @property
    def band(self) -> str:
        """The INFLESZ band ('normal')."""
        return next(name for low, name, _, _ in BANDS if self.szigriszt_pazos >= low)

    @property
    def band_es(self) -> str:
        return next(name for low, _, name, _ in BANDS if self.szigriszt_pazos >= low)

    @property
    def grade(self) -> int:
        """The highest US school grade the INFLESZ band suits: what the grade gate compares."""
        return next(grade for low, _, _, grade in BANDS if self.szigriszt_pazos >= low)


def minimum_score(target: int) -> float:
    """The lowest Szigriszt-Pazos score that meets a grade target (8 → 55)."""
    suitable = [low for low, _, _, grade in BANDS if grade <= target]
    return min(suitable) if suitable else BANDS[0][0]


def count(text: str) -> SpanishCounts:
    from handouts.lint.texts import sentences, words

    total = SpanishCounts()
    for sentence in sentences(text):
        found = words(sentence.text)
        if found:
            total += SpanishCounts(1, len(found), sum(syllables(w.text) for w in found))
    return total


def ease(texts: Iterable[str]) -> SpanishEase:
    """Several texts read as one document."""
    total = SpanishCounts()
    for text in texts:
        total += count(text)
    return SpanishEase.of(total)
