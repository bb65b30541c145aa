"""Phone numbers in a brand's words, and the content's version, kept on one line.

A footer at 14 pt wraps, and a line break may fall inside "(217) 555-0142" or
after the hyphen in "555-0142": a reader then dials half a number, or has to put
it together across two lines. The brand's words are plain text (escaped like
every other text); this marks each phone number in them so the stylesheet keeps
it whole (`.unbroken` in styles/large-print.css), and changes no character.

Large print only (templates/base.html.j2): at 8 pt a footer's words fit their lines, and a
span, even unstyled, moves the text after it by a rounding error (0.004 pt), enough to
change a few anti-aliased pixels of documents that otherwise print as they always have.

The review line ends with the content's version ("versión 2a03e874"): a Spanish large-print
footer on A4 broke before the hash and printed it alone on the line under the rest. A
no-break space binds it to its word at every size (it draws exactly as the space did), so
the line breaks at the separator before them instead.

A diet sheet's food names: a short one ("Almond milk") never splits over two lines, and no name
leaves one of its words alone at a line's start or end (name_pieces).

A patient handout's short paragraphs wrapped to leave one word on a line of its own ("...only as
they tell" / "you.", "Llame al 911 ... de inmediato" / "si:"): a reader with low literacy takes a
line for a unit, and the lone word reads as an afterthought. A no-break space binds the last two
words (keep_last_words), so a line that must break moves the word before them down too; the line
count stays the same. Not a span kept on one line: WeasyPrint lays a `white-space: nowrap` box out
as an inline box of its own, and twenty of them cost 8% of the handout's render.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_NUMBER = re.compile(r"(?<![\w+(])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d[\d .-]{4,}\d(?![\w])[,.;:)]*")
"""A run of digits with spaces, dots or hyphens between them, after an optional country code and
an optional area code in brackets: '(217) 555-0142', '01632 960 014', '+44 20 7946 0958'. A range of
years ('2025-2026') is kept whole too, which does no harm. The punctuation right after it goes
into the span with it: then the span ends at a space, and no pair of letters is set differently
(a comma kerned against the last digit would move by a fraction of a pixel)."""

_MIN_DIGITS = 7  # shorter runs are times, years or counts, which may break where they like


def keep_numbers_whole(text: str) -> Markup:
    """`text`, escaped, with each phone number in it in a `<span class="unbroken">`."""
    out: list[str] = []
    last = 0
    for found in _NUMBER.finditer(text):
        number = found.group()
        if sum(c.isdigit() for c in number) < _MIN_DIGITS or not re.search(r"[ -]", number):
            continue  # nowhere to break, or not a phone number
        out.append(escape(text[last:found.start()]))
        out.append(Markup('<span class="unbroken">%s</span>') % number)
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


NO_BREAK_SPACE = "\u00a0"


_WORD = r"((?:[^\s]|\u00a0)+)"
_LAST_TWO = re.compile(rf"{_WORD}[ \t]+{_WORD}[ \t]*$")
"""The last two words; a word may hold no-break spaces already ('5\u00a0mg.')."""

LAST_WORDS_LONGEST = 28
"""The most characters two last words may have to be bound: longer, they could not share a
narrow column's line with anything else, and binding them would only move a longer piece."""


def keep_last_words(text: str) -> Markup:
    """`text`, escaped, with a no-break space between its last two words, and each figure bound to
    its unit (handouts.doseformat.bind_units: this returns markup, which the templates leave alone)."""
    from handouts.doseformat import bind_units  # doseformat reads the dose model; this module does not

    text = bind_units(text)
    found = _LAST_TWO.search(text)
    if found is None or found.end(2) - found.start(1) > LAST_WORDS_LONGEST:
        return escape(text)
    return escape(text[:found.start(1)] + found.group(1) + NO_BREAK_SPACE + found.group(2) + text[found.end(2):])


def keep_version_whole(line: str, version: str) -> Markup:
    """`line`, escaped, with a no-break space between `version` and the word before it
    ('version 2a03e874'), wherever the language puts them."""
    return escape(line.replace(f" {version}", f"{NO_BREAK_SPACE}{version}")) if version else escape(line)


SHORT_NAME_WORDS = 3
SHORT_NAME_CHARS = 30
"""A food name of at most three words and 30 characters (at 12 pt, well under the narrowest column
a diet sheet lists foods in) is short: kept on one line."""


def short_name(name: str) -> bool:
    """A name kept whole on one line, not even broken at a hyphen: at most three words and 30
    characters ("Almond milk", "Gluten-free bread")."""
    return len(name.split()) <= SHORT_NAME_WORDS and len(name) <= SHORT_NAME_CHARS


def name_pieces(name: str) -> tuple[str, ...]:
    """A food's name as the pieces a line may break between, each bound by no-break spaces.

    A name of up to three words is one piece ("Almond milk", "Green onion tops"): any break between
    its words would leave one of them alone. A short one (short_name) is kept whole; a longer one
    ("Extra-mature Cheddar-style cheeses") may still break at a hyphen inside a word, never at a
    space. A name of more words may wrap, but keeps its first two and its last two words together,
    so no word of it stands alone at a line's end or start, and never ends a line with a short
    word ("de", "y", "or") where it has another place to break: "Pan de espelta" / "de masa madre",
    not "Pan de espelta de" / "masa madre". Where it has not, and is no longer than a short name,
    it is one piece too: "Nueces de" / "la India" reads as two foods ("Nueces" is one)."""
    words = name.split()
    if len(words) <= SHORT_NAME_WORDS:
        return (NO_BREAK_SPACE.join(words),) if words else ()
    # breaks[i]: may a line break after words[i]? Never inside the first or the last two words.
    breaks = [0 < i < len(words) - 2 for i in range(len(words) - 1)]
    better = [ok and not _short_word(words[i]) for i, ok in enumerate(breaks)]
    if any(better):
        breaks = better
    elif len(name) <= SHORT_NAME_CHARS:
        return (NO_BREAK_SPACE.join(words),)  # "Nueces de" / "la India", "Rice or" / "corn pasta": kept whole
    pieces: list[list[str]] = [[words[0]]]
    for word, after_break in zip(words[1:], breaks):
        if after_break:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return tuple(NO_BREAK_SPACE.join(piece) for piece in pieces)


def _short_word(word: str) -> bool:
    """A word a line should not end on: a short one ("de", "y", "or", "con"), not one a comma ends."""
    return len(word) <= 3 and word.isalpha()


def bound_name(name: str) -> str:
    """The name as one text, each of its pieces (name_pieces) bound: for a name inside a sentence."""
    return " ".join(name_pieces(name))


def whole_names(text: str, names: tuple[str, ...]) -> Markup:
    """`text` (a sentence naming `names`, each bound by bound_name), escaped, with each short name
    that holds a hyphen in a `<span class="whole">`: no-break spaces cannot stop a line breaking
    after the hyphen ("gluten-" / "free bread"), and the fonts have no no-break hyphen."""
    forms = {form for name in names if short_name(name) and "-" in name
             for bound in name_pieces(name) for form in (bound, bound[:1].lower() + bound[1:])}
    if not forms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(escape(text[last:found.start()]))
        out.append(Markup('<span class="whole">%s</span>') % found.group())
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


_NUMBER_RANGE = re.compile(r"(\d) (\S{1,3}) (\d)")
"""Two numbers and the short word between them: '19 to 20', '19 a 20'."""


def keep_range_whole(text: str) -> Markup:
    """`text`, escaped, with a range of numbers in it ('Days 19 to 20') bound by no-break spaces:
    a narrow cell then breaks before the range ('Days' / '19 to 20'), never inside it ('Days 19
    to' / '20'), in whatever words the language puts round it."""
    return Markup(_NUMBER_RANGE.sub(rf"\1{NO_BREAK_SPACE}\2{NO_BREAK_SPACE}\3", str(escape(text))))


_LAST_NUMBER = re.compile(r"(?<=\S) (?=\d+\S{0,2}$)")
"""The space before a number that ends the text: 'Then step 3', 'Luego, paso 3'."""


def keep_number_with_word(text: str) -> Markup:
    """`text`, escaped, its last number bound to the word before it by a no-break space: a narrow
    cell breaks before the pair ('Luego,' / 'paso 3'), never leaves the number alone ('Luego, paso' /
    '3')."""
    return Markup(_LAST_NUMBER.sub(NO_BREAK_SPACE, str(escape(text))))
