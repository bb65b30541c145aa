"""What the answer is about: title, question and condition from its first line.

An answer starts either with the question it answers ("What is the treatment for
leaky gut syndrome?") or with a heading ("Treatment for Leaky Gut Syndrome").
The topic needs all three, so the missing ones are made from the one given and
reported as made, for an editor to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handouts.importer.wording import capitalise, is_title_case, sentence_case

_CONDITION_AT_START = (
    re.compile(
        r"^(?:what\s+(?:is|are)\s+)?(?:the\s+)?(?:best\s+|first-line\s+|recommended\s+|current\s+)?"
        r"(?:treatment|management|therapy|approach|treatments|options)\s+(?:options\s+)?(?:of|for|to|in)\s+"
        r"(?:an?\s+|the\s+)?(?:patients?\s+with\s+|adults?\s+with\s+)?(?P<c>.+?)\??$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^how\s+(?:do|should|can)\s+(?:you|we|i|clinicians)\s+(?:treat|manage)\s+(?P<c>.+?)\??$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:understanding\s+)?(?P<c>.+?)\s*:?\s+(?:treatment|management)(?:\s+options)?$", re.I),
)
_ABOUT_TREATMENT = re.compile(r"\b(?:treatment|management|therapy)\s+(?:options\s+)?(?:of|for|in)\s", re.I)
_CONDITION_ANYWHERE = re.compile(_ABOUT_TREATMENT.pattern + r"+(?P<c>.+?)\??$", re.I)


@dataclass(frozen=True)
class Identity:
    """Title, question and condition name; `made` names the ones the importer wrote."""

    title: str
    question: str
    condition: str
    made: frozenset[str]
    condition_found: bool = True


def condition_name(title: str) -> str | None:
    """'What is the treatment for leaky gut syndrome?' → 'leaky gut syndrome'.

    A condition taken from a Title Case heading is put in sentence case, so the
    question made from it reads as a question.
    """
    text = " ".join(title.split()).rstrip("?.! ")
    match = next(
        (m for p in _CONDITION_AT_START if (m := p.match(text))), None
    ) or _CONDITION_ANYWHERE.search(text)
    if not match or not match.group("c").strip():
        return None
    found = match.group("c").strip()
    return sentence_case(found) if is_title_case(text) else found


def identify(first_line: str | None) -> Identity:
    """The topic's title, question and condition from the answer's first line."""
    if not first_line:
        return Identity(
            "Imported answer",
            "Imported answer (no question given)",
            "Imported answer",
            frozenset({"title", "question", "condition"}),
            condition_found=False,
        )
    condition = condition_name(first_line)
    made = {"condition"}
    if first_line.endswith("?"):
        question = first_line
        title = capitalise(condition) if condition else first_line.rstrip("?")
        made.add("title")
    else:
        title = first_line
        made.add("question")
        if _ABOUT_TREATMENT.search(first_line):  # "Management of X" → "What is the management of x?"
            phrase = sentence_case(first_line) if is_title_case(first_line) else first_line
            question = f"What is the {phrase[:1].lower()}{phrase[1:]}?"
        else:
            question = f"What is the treatment for {condition}?" if condition else f"{first_line}?"
    name = capitalise(condition) if condition else title.rstrip("?")
    return Identity(title, question, name, frozenset(made), condition_found=condition is not None)
