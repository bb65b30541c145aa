"""Turn an answer's lines into an outline: title, headed groups, paragraphs and items.

Both shapes the evidence tools produce reduce to the same few kinds of line: a
heading ("Dietary Interventions", "From the Guidelines"), a subheading ending in
a colon ("For Diarrhea:"), a "Label: text" line, a bullet ("•", "-", "1."), a
lead-in sentence ending in a colon, or a paragraph. Headings carry no level in
pasted text, so levels come from meaning instead: a source heading ("From the
Research") opens a part that later plain headings belong to, and a special
heading (algorithm, monitoring, pitfalls, emerging, disclaimer, references)
closes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from handouts.importer.markers import Marked, extract_markers, may_have_marker

Role = Literal["body", "algorithm", "monitoring", "pitfalls", "emerging", "disclaimer", "references"]
SourceKind = Literal["guideline", "drug_label", "research"]
LineKind = Literal["heading", "subheading", "label", "bullet", "leadin", "paragraph"]

_BULLET = re.compile(r"^(?P<indent> *)(?:[-*•●◦▪‣·○■□►➢]|(?P<number>\d{1,2})[.)])\s+(?P<text>\S.*)$")
_INLINE_BULLET = re.compile(r"\s+[•●▪]\s+")
_MARKDOWN_HEADING = re.compile(r"^ *#{1,6}\s+(?P<text>\S.*?)\s*#*$")
_LABEL = re.compile(r"^(?P<label>[A-Z0-9][^:]{0,80}?):\s+(?P<body>\S.*)$")
_MINOR_WORDS = frozenset("a an and as at but by for from in into of on or per the to vs with without".split())
MAX_HEADING_WORDS = 10
MAX_LABEL_WORDS = 8
MAX_SHORT_ITEM_WORDS = 8

_SOURCE_HEADINGS: tuple[tuple[re.Pattern[str], SourceKind], ...] = (
    (re.compile(r"^(?:from\s+(?:the\s+)?)?guidelines?$", re.I), "guideline"),
    (
        re.compile(
            r"^(?:from\s+(?:the\s+)?)?(?:fda\s+)?(?:drug\s+)?labels?$|^(?:from\s+(?:the\s+)?)?fda\s+drug\s+labels?$",
            re.I,
        ),
        "drug_label",
    ),
    (
        re.compile(r"^(?:from\s+(?:the\s+)?)(?:research|literature|studies|evidence)$|^research$", re.I),
        "research",
    ),
)
_ROLE_HEADINGS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(r"\bdisclaimer\b", re.I), "disclaimer"),
    (re.compile(r"^(?:references|sources|citations|bibliography|works\s+cited)$", re.I), "references"),
    (
        re.compile(
            r"\balgorithm\b|\bstep-?wise\s+(?:approach|management)\b|\btreatment\s+(?:pathway|sequence)\b",
            re.I,
        ),
        "algorithm",
    ),
    (re.compile(r"^monitoring\b|\bfollow-?up\b", re.I), "monitoring"),
    (re.compile(r"\bpitfalls?\b|\bmistakes\b", re.I), "pitfalls"),
    (
        re.compile(
            r"\bemerging\b|\binvestigational\b|\bfuture\s+(?:directions|therapies|treatments)\b", re.I
        ),
        "emerging",
    ),
)


@dataclass(frozen=True)
class Line:
    """One classified line of the answer (citation markers still in `text`)."""

    kind: LineKind
    text: str
    indent: int = 0
    label: str | None = None
    number: int | None = None  # "3." or "3)" in a numbered list
    marked: Marked | None = None  # the text without its markers, read in the context of the whole answer

    def markers(self) -> Marked:
        return self.marked or extract_markers(self.text)


@dataclass(frozen=True)
class Paragraph:
    """Running text; `leadin` when it ends with a colon and introduced a list."""

    text: str
    citations: tuple[int, ...] = ()
    leadin: bool = False


@dataclass(frozen=True)
class Entry:
    """One item: a bullet or a 'Label: text' line, with any short sub-list folded in."""

    text: str
    citations: tuple[int, ...] = ()
    label: str | None = None
    folded: tuple[str, ...] = ()
    number: int | None = None


Block = Paragraph | Entry


@dataclass(frozen=True)
class Group:
    """Everything under one heading (and subheading), in order."""

    heading: str | None
    subheading: str | None = None
    source: SourceKind | None = None
    role: Role = "body"
    blocks: tuple[Block, ...] = ()

    @property
    def title(self) -> str | None:
        parts = [p.rstrip(":").strip() for p in (self.heading, self.subheading) if p]
        return ": ".join(parts) if parts else None


@dataclass(frozen=True)
class Outline:
    title: str | None
    groups: tuple[Group, ...] = field(default_factory=tuple)


def source_kind(heading: str) -> SourceKind | None:
    text = " ".join(heading.rstrip(":").split())
    for pattern, kind in _SOURCE_HEADINGS:
        if pattern.match(text):
            return kind
    return None


def heading_role(heading: str) -> Role:
    text = " ".join(heading.rstrip(":").split())
    for pattern, role in _ROLE_HEADINGS:
        if pattern.search(text):
            return role
    return "body"


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text)]
    major = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _MINOR_WORDS]
    return bool(major) and all(w[0].isupper() for w in major)


def _looks_like_heading(text: str) -> bool:
    """Short, no closing punctuation, starts with a capital: 'Dietary Interventions'."""
    return (
        0 < len(text.split()) <= MAX_HEADING_WORDS
        and (text[0].isupper() or text[0].isdigit())
        and not re.search(r"[.!?,;:]$", text)
        and bool(re.search(r"[A-Za-z]{2}", text))
        and not may_have_marker(text)
        and not _LABEL.match(text)
    )


def classify(line: str) -> Line | None:
    """What kind of line this is, on its own (None for a blank line)."""
    if not line.strip():
        return None
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        return Line("heading", markdown.group("text").strip())
    bullet = _BULLET.match(line)
    if bullet:
        text = bullet.group("text").strip()
        label = _LABEL.match(text)
        words = label.group("label").split() if label else []
        number = int(bullet.group("number")) if bullet.group("number") else None
        return Line(
            "bullet",
            text,
            len(bullet.group("indent")),
            label.group("label") if label and len(words) <= MAX_LABEL_WORDS else None,
            number,
        )
    text = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    label = _LABEL.match(text)
    if (
        label
        and len(label.group("label").split()) <= MAX_LABEL_WORDS
        and not re.search(r"[.!?]\s", label.group("label"))
    ):
        return Line("label", text, indent, label.group("label"))
    if text.endswith(":"):
        words = text[:-1].split()
        if len(words) <= 6 and _title_case(text[:-1]) and not may_have_marker(text[:-1]):
            return Line("subheading", text, indent)
        return Line("leadin", text, indent)
    if _looks_like_heading(text):
        return Line("heading", text, indent)
    return Line("paragraph", text, indent)


def _split_inline_bullets(lines: list[str]) -> list[str]:
    """'criteria: • one • two' → the paragraph, then one bullet per '•'."""
    out: list[str] = []
    for line in lines:
        if _BULLET.match(line) or not _INLINE_BULLET.search(line):
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip(" "))
        head, *items = _INLINE_BULLET.split(line)
        if head.strip():
            out.append(head)
        out.extend(" " * (indent + 2) + "• " + item.strip() for item in items if item.strip())
    return out


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join lines that a paste wrapped in the middle of a sentence.

    A line continues the one above when it starts in lower case, or (in text that
    separates paragraphs with blank lines) when it is neither a bullet nor a
    'Label: text' line and the line above is running text, not a heading.
    """
    non_blank = sum(1 for line in lines if line.strip())
    paragraph_mode = non_blank and (len(lines) - non_blank) / non_blank >= 0.3
    out: list[str] = []
    for line in lines:
        text = line.strip()
        previous = out[-1] if out else ""
        prev_kind = classify(previous) if previous.strip() else None
        if text and prev_kind and not _BULLET.match(line) and not _MARKDOWN_HEADING.match(line):
            lower = text[0].islower()
            # a heading is never followed by a line that starts in lower case: it was a wrapped line
            running = prev_kind.kind in ("paragraph", "bullet", "label") or (
                lower and prev_kind.kind == "heading" and not _MARKDOWN_HEADING.match(previous)
            )
            wrapped = (
                paragraph_mode
                and running
                and not _LABEL.match(text)
                and not re.search(r"[.!?:]$", previous.rstrip())
            )
            indented = prev_kind.kind == "bullet" and (len(line) - len(line.lstrip(" "))) > prev_kind.indent
            if running and not previous.rstrip().endswith(":") and (lower or wrapped or indented):
                out[-1] = previous.rstrip() + " " + text
                continue
        out.append(line)
    return out


def _short(line: Line) -> bool:
    return (
        line.kind == "bullet"
        and line.label is None
        and len(line.text.split()) <= MAX_SHORT_ITEM_WORDS
        and not re.search(r"[.!?]\s", line.text)
    )


def _blocks(lines: list[Line]) -> tuple[Block, ...]:
    """Paragraphs and entries, folding a short list into the line that introduces it."""
    out: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        marked = line.markers()
        if line.text.rstrip().endswith(":") and line.kind in ("leadin", "label", "bullet"):
            following: list[Line] = []
            cursor = index + 1
            while (
                cursor < len(lines)
                and lines[cursor].kind == "bullet"
                and (line.kind != "bullet" or lines[cursor].indent > line.indent)
            ):
                following.append(lines[cursor])
                cursor += 1
            if following and all(_short(f) for f in following):
                parts = [f.markers() for f in following]
                citations = list(marked.numbers)
                citations += [n for p in parts for n in p.numbers if n not in citations]
                text = f"{marked.text} " + ", ".join(p.text.rstrip(".;,") for p in parts)
                out.append(Entry(text, tuple(citations), line.label, tuple(p.text for p in parts)))
                index = cursor
                continue
        if line.kind in ("bullet", "label"):
            out.append(Entry(marked.text, marked.numbers, line.label, number=line.number))
        else:
            out.append(Paragraph(marked.text, marked.numbers, leadin=line.kind == "leadin"))
        index += 1
    return tuple(out)


def _read_markers(lines: list[Line]) -> list[Line]:
    """Each line with its markers read in reading order, so a doubtful number is judged by the
    numbers the answer cited before it (sources are numbered in order of first use)."""
    earlier: list[int] = []
    out: list[Line] = []
    for line in lines:
        marked = extract_markers(line.text, earlier)
        earlier.extend(n for n in marked.numbers if n not in earlier)
        out.append(replace(line, marked=marked))
    return out


def outline(lines: list[str] | tuple[str, ...]) -> Outline:
    """The answer's structure. The first line is its title (often the question)."""
    prepared = _join_wrapped(_split_inline_bullets(list(lines)))
    classified = [c for c in map(classify, prepared) if c is not None]
    if not classified:
        return Outline(None)
    classified = _read_markers(classified)
    title: str | None = None
    first = classified[0]
    if not (first.kind == "heading" and (source_kind(first.text) or heading_role(first.text) != "body")):
        title = first.markers().text
        classified = classified[1:]

    groups: list[Group] = []
    pending: list[Line] = []
    current = Group(None)
    source: SourceKind | None = None

    def close() -> None:
        groups.append(
            Group(current.heading, current.subheading, current.source, current.role, _blocks(pending))
        )
        pending.clear()

    for line in classified:
        if line.kind == "heading":
            close()
            kind = source_kind(line.text)
            role = heading_role(line.text)
            if kind:
                source = kind
                current = Group(line.text, source=kind)
            elif role != "body":
                source = None
                current = Group(line.text, role=role)
            else:
                current = Group(line.text, source=source)
        elif line.kind == "subheading" and current.role in (
            "body",
            "algorithm",
            "monitoring",
            "pitfalls",
            "emerging",
        ):
            close()
            current = Group(current.heading, line.text, current.source, current.role)
        else:
            pending.append(line)
    close()
    return Outline(title, tuple(g for g in groups if g.blocks or g.heading))
