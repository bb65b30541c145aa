"""Error-prone abbreviations, symbols and dose designations (the ISMP list) in any text.

The list is data (data/lint/ismp.toml), so a pharmacist can extend it by pull
request; this module only parses it and finds what it lists. The topic rule in
handouts.rules runs it over every printed text: validation refuses what it finds
in content under review or approved, and warns in a draft.

Numbers are read by the text's language: '1.000 mg' is one milligram to a reader of
English and a thousand to many readers of Spanish. An entry may apply to some
languages only (`languages`) or to all but some (`except_languages`), so a Spanish
text is never told to write '1 mg' for '1.000 mg', nor '1,000' for '1000'.

A clinician's note to a patient prints as typed, with no review after it, so the
entries marked `in_notes` are checked there too (notes_problems). Their messages
name the rule and the character it starts at, never what was typed: a note is
patient data, and messages reach logs and batch reports.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handouts.resources import asset_dir


@dataclass(frozen=True)
class ErrorProne:
    """One entry of the list: how to find it, what to write instead and why."""

    pattern: re.Pattern[str]
    safe: tuple[str, ...]  # for an abbreviation: the safe words, one per form listed
    why: str
    fix: str | None = None  # for a dose designation: how to rewrite the match
    languages: frozenset[str] | None = None  # the only languages it applies to; None: all
    except_languages: frozenset[str] = frozenset()  # languages it does not apply to
    label: str = ""  # how a message about free text names it: "'QD'", "a naked decimal point"
    in_notes: bool = False  # also checked in a clinician's notes to a patient
    any_reader: bool = False  # its message is true for readers of every language (a note of unknown language)
    notes_pattern: re.Pattern[str] | None = None  # in notes, where it differs: only after a figure ('5 cc')

    def applies_to(self, language: str) -> bool:
        """Whether a text in `language` (a tag: 'es', 'es-US') is checked for this entry."""
        base = language.split("-")[0]
        return (self.languages is None or base in self.languages) and base not in self.except_languages


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    found: str
    safe: str  # the safe spelling of this very hit, e.g. '5 mg' for '5.0 mg'
    why: str

    def message(self) -> str:
        return f"'{self.found}' is error-prone ({self.why}): write {self.safe}"


def _quote(words: tuple[str, ...]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _edges(token: str) -> str:
    """Whole-word edges where the token has word characters; none around symbols.

    A dotted abbreviation ends where its letters do: 'q.d' and 'q.d.' are not the start of
    'q.d.s.' (four times daily, not daily).
    """
    before = r"(?<![\w.])" if re.match(r"\w", token) else ""
    dotted = "." in token.strip(".")
    if re.search(r"\w$", token):
        after = r"(?!\w|\.\w)" if dotted else r"(?!\w)"
    else:
        after = r"(?!\w)" if dotted else ""
    return before + re.escape(token).replace(r"\ ", r"\s+") + after


def _languages(entry: dict[str, object]) -> dict[str, frozenset[str] | None]:
    only = entry.get("languages")
    return {"languages": frozenset(only) if isinstance(only, list) else None,
            "except_languages": frozenset(entry.get("except_languages") or ())}  # type: ignore[arg-type]


AFTER_A_FIGURE = "after a figure"
"""`in_notes` for a word with an everyday meaning too ('cc GP', a copy to the family doctor): in a
note it is a dose's only right after a figure ('5 cc', '10cc')."""


def parse_list(text: str) -> tuple[ErrorProne, ...]:
    """Parse the TOML list; a malformed entry is a ValueError naming it."""
    data = tomllib.loads(text)
    units = "|".join(data.get("units", []))
    entries: list[ErrorProne] = []
    for index, entry in enumerate(data.get("abbreviation", [])):
        words = tuple(entry.get("write", ()))
        safe = entry.get("safe")
        if not words or not safe or not entry.get("why"):
            raise ValueError(f"abbreviation {index + 1}: needs 'write', 'safe' and 'why'")
        flags = 0 if entry.get("case_sensitive", True) else re.IGNORECASE
        longest_first = sorted(words, key=len, reverse=True)
        pattern = re.compile("|".join(_edges(w) for w in longest_first), flags)
        in_notes = entry.get("in_notes", False)
        if in_notes not in (True, False, AFTER_A_FIGURE):
            raise ValueError(f"abbreviation {index + 1}: in_notes is true, false or {AFTER_A_FIGURE!r}")
        notes_pattern = (re.compile(r"(?:(?<=\d)|(?<=\d\s))(?:" + "|".join(re.escape(w) for w in longest_first)
                                    + r")(?!\w)", flags)
                         if in_notes == AFTER_A_FIGURE else None)
        entries.append(ErrorProne(pattern, (safe,) if isinstance(safe, str) else tuple(safe), entry["why"],
                                  label=f"'{words[0]}'", in_notes=bool(in_notes), notes_pattern=notes_pattern,
                                  **_languages(entry)))  # type: ignore[arg-type]
    for index, entry in enumerate(data.get("designation", [])):
        safe = entry.get("safe", ())
        if not entry.get("pattern") or not (entry.get("fix") or safe) or not entry.get("why"):
            raise ValueError(f"designation {index + 1}: needs 'pattern', 'fix' or 'safe', and 'why'")
        if entry.get("in_notes") and not safe:
            raise ValueError(f"designation {index + 1}: an entry checked in notes needs 'safe' (a note is never quoted)")
        pattern = re.compile(entry["pattern"].replace("{unit}", units))
        entries.append(ErrorProne(pattern, (safe,) if isinstance(safe, str) else tuple(safe),
                                  f"{entry.get('name', 'dose designation')}: {entry['why']}", entry.get("fix"),
                                  label=entry.get("name", "a dose designation"), in_notes=bool(entry.get("in_notes")),
                                  any_reader=bool(entry.get("any_reader")),
                                  **_languages(entry)))  # type: ignore[arg-type]
    return tuple(entries)


@cache
def error_prone(path: Path | None = None) -> tuple[ErrorProne, ...]:
    path = path or asset_dir("data") / "lint" / "ismp.toml"
    return parse_list(path.read_text(encoding="utf-8"))


def _safe(entry: ErrorProne, match: re.Match[str]) -> str:
    if entry.fix == "thousands":
        return f"'{int(match.group(0)):,}'"
    if entry.fix is not None:
        return f"'{match.expand(entry.fix)}'"
    return _quote(entry.safe)


def find(text: str, entries: tuple[ErrorProne, ...] | None = None, language: str = "en") -> list[Hit]:
    """Every error-prone form in `text`, written in `language`, in reading order."""
    hits = []
    for entry in error_prone() if entries is None else entries:
        if not entry.applies_to(language):
            continue
        for match in entry.pattern.finditer(text):
            hits.append(Hit(match.start(), match.end(), match.group(0), _safe(entry, match), entry.why))
    return sorted(hits, key=lambda h: (h.start, h.end))


def notes_problems(text: str, entries: tuple[ErrorProne, ...] | None = None, language: str | None = None) -> list[str]:
    """What is error-prone in a clinician's note to a patient, one message each, never quoting the note.

    Every language's entries apply: a note may be printed in another language later, and the forms
    checked here are error-prone in every language. One message per place, worded for its reader:
    where the note's `language` is known (the print's own), its entries speak first, so a Spanish
    note's '1.000 mg' is told it reads as 1 mg or 1000 mg, never to write '1 mg' (the English
    trailing zero: a thousand-fold error for its writer). Where it is not known (a dietitian's
    note; a print whose language the brand's locale decides later), an `any_reader` entry words a
    place another entry found, its message being true for a reader of either language; it refuses
    nothing on its own there ('1,000 mg' in an English note), nor in a note of another language.
    """
    listed = [entry for entry in (error_prone() if entries is None else entries) if entry.in_notes]
    if language is None:
        first = [entry for entry in listed if not entry.any_reader]
        rewording = [entry for entry in listed if entry.any_reader]
    else:
        first = [entry for entry in listed if entry.applies_to(language)]
        first += [entry for entry in listed if not entry.applies_to(language) and not entry.any_reader]
        rewording = []
    found: dict[int, str] = {}
    for entry in first:
        for match in (entry.notes_pattern or entry.pattern).finditer(text):
            found.setdefault(match.start(), _note_message(entry, match))
    for entry in rewording:
        for match in (entry.notes_pattern or entry.pattern).finditer(text):
            if match.start() in found:
                found[match.start()] = _note_message(entry, match)
    return [found[start] for start in sorted(found)]


def _note_message(entry: ErrorProne, match: re.Match[str]) -> str:
    why = entry.why.removeprefix(f"{entry.label}: ")
    safe = entry.safe[0] if entry.fix is not None else _quote(entry.safe)  # prose: how to write it
    return f"at character {match.start() + 1}, {entry.label} ({why}): write {safe}"
