"""Sentence style: long sentences and passive voice, both harder for weak readers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handouts.lint.findings import Issue
from handouts.lint.texts import PatientText, sentences, words

MAX_WORDS = 20
"""Plain-language guides put the average at 15-20 words; over 20 is one idea too many."""

_BE = r"(?:am|is|isn't|are|aren't|was|wasn't|were|weren't|be|been|being|get|gets|got|gotten|getting)"
_BETWEEN = r"(?:(?:not|also|often|usually|always|never|sometimes|still|only|then|just|now|\w+ly)\s+){0,3}"
_IRREGULAR = (
    "given taken eaten written broken chosen shown known seen done made sold told found kept "
    "left paid said sent spent built lost brought bought caught taught thought held meant hidden "
    "forgotten driven stolen frozen spoken worn torn drawn grown thrown understood fed led bled "
    "bitten swollen proven"
).split()
# -ed words that, after "be", describe a state rather than an action done to someone.
ADJECTIVES = frozenset(
    "tired worried bloated constipated interested concerned scared married pleased supposed "
    "embarrassed stressed depressed relaxed confused excited exhausted dehydrated limited related "
    "allowed tempted bored surprised qualified advanced balanced "
    "prepared aged ashamed".split()
)
_PASSIVE = re.compile(
    rf"\b(?P<be>{_BE})\s+{_BETWEEN}(?P<verb>\w+ed|{'|'.join(_IRREGULAR)})\b", re.IGNORECASE
)


def check_long_sentences(text: PatientText, max_words: int = MAX_WORDS) -> Iterator[Issue]:
    """Any language: counting words needs no dictionary."""
    for sentence in sentences(text.text):
        n = len(words(sentence.text))
        if n > max_words:
            yield Issue(
                "long-sentence", "warning",
                f"sentence has {n} words (more than {max_words}): split it into two",
                text.text_loc, sentence.start,
            )


def passive_phrases(sentence: str) -> list[re.Match[str]]:
    """'be' + participle, skipping adjectives such as 'are constipated'."""
    return [m for m in _PASSIVE.finditer(sentence) if m.group("verb").lower() not in ADJECTIVES]


def check_passive(text: PatientText) -> Iterator[Issue]:
    """English only."""
    if text.lang != "en":
        return
    for sentence in sentences(text.text):
        for match in passive_phrases(sentence.text):
            yield Issue(
                "passive-voice", "warning",
                f"passive voice '{match.group(0)}': say who does what (e.g. 'your doctor will …')",
                text.text_loc, sentence.start + match.start(),
            )
