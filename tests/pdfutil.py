"""Read PDFs back the way a reader (and independent checkers) would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree

import pypdf


def pdf_reader(pdf: Path | bytes) -> pypdf.PdfReader:
    """A PDF file, or one held in memory (a web response's body)."""
    return pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))


def pages_text(pdf: Path | bytes) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(pdf).pages]


def text(pdf: Path | bytes) -> str:
    """All text, with line breaks folded so phrases can be searched across wraps."""
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, emb, ...)."""
    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed: make test installs it"
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: emb is the 5th column from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@dataclass(frozen=True)
class Line:
    """One printed line of text as poppler lays it out: where its text starts, its size, its words.

    A list bullet is not text: `x` and `text` start after it, `bullet` says it was there.
    """

    page: int
    x: float  # left edge of its text, points from the page's left
    top: float  # points from the page's top
    height: float  # of its word boxes: about 1.24 x the font size for Atkinson Hyperlegible
    text: str
    bullet: bool = False


def lines(path: Path, height: float | None = None) -> list[Line]:
    """Every line on every page, from `pdftotext -bbox-layout` (positions as printed).

    With `height`, only words of that height (one font size) make up the lines, so a
    caption in the margin beside a paragraph is not counted into the paragraph's line.
    """
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed: make test installs it"
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    found = []
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        rows: dict[float, list[tuple[float, float, float, str]]] = {}
        for word in page.iterfind(".//x:word", ns):
            top, bottom = float(word.get("yMin", 0)), float(word.get("yMax", 0))
            if height is not None and abs(bottom - top - height) > 0.4:
                continue
            key = next((k for k in rows if abs(k - top) < 0.8), top)
            rows.setdefault(key, []).append(
                (float(word.get("xMin", 0)), float(word.get("xMax", 0)), bottom - top, word.text or ""))
        for top, row in rows.items():
            row.sort()
            # words far apart on one row are separate lines (a side heading beside a paragraph)
            segments: list[list[tuple[float, float, float, str]]] = [[row[0]]]
            for prev, word in zip(row, row[1:]):
                if word[0] - prev[1] > 2 * prev[2]:
                    segments.append([word])
                else:
                    segments[-1].append(word)
            for words in segments:
                bullet = words[0][3] == "•"
                if bullet:
                    words = words[1:]
                if words:
                    found.append(Line(number, words[0][0], top, max(h for _, _, h, _ in words),
                                      " ".join(text for *_, text in words), bullet))
    return found


def body_lines(path: Path, size: float = 12.0, min_x: float = 0.0) -> list[tuple[Line, bool]]:
    """Lines set at `size` points, each with whether it wraps (the next line carries on its text).

    A line wraps when the next line at the same size starts at the same left edge one
    line-height lower: paragraphs and list items are set further apart than that.
    """
    at_size = sorted((ln for ln in lines(path, size * 1.24) if ln.x >= min_x),
                     key=lambda ln: (ln.page, ln.top, ln.x))
    leading = size * 1.2
    result = []
    for i, line in enumerate(at_size):
        wraps = any(
            other.page == line.page and not other.bullet and abs(other.x - line.x) < 1.0
            and abs(other.top - line.top - leading) < 0.6
            for other in at_size[i + 1:i + 4]
        )
        result.append((line, wraps))
    return result


def structure_elements(path: Path, roles: tuple[str, ...]) -> list[dict[str, object]]:
    """The structure tree's elements of these roles ('Figure', 'Caption'), in reading order:
    each one's role, alternate text (as PDF/UA reads it) and the page it starts on (None if unsaid)."""
    reader = pypdf.PdfReader(str(path))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    wanted = {f"/{role}" for role in roles}
    found: list[dict[str, object]] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        if node.get("/S") in wanted:
            page = pages.get(node.raw_get("/Pg").idnum) if "/Pg" in node else None
            found.append({"role": str(node["/S"])[1:], "alt": str(node.get("/Alt", "")), "page": page})
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def figures(path: Path) -> list[dict[str, object]]:
    """The tagged figures of a PDF's structure tree: each one's alternate text (as PDF/UA reads it)."""
    return structure_elements(path, ("Figure",))


@cache
def marked_text(data: bytes) -> tuple[Mapping[tuple[int, int], str], Mapping[int, str]]:
    """The text of each (page, marked-content id), and each page's text drawn as an artifact.

    Read once per document (pypdf takes most of a second over the brief), for the many tests that
    read the same bytes; read-only, so that no test changes what the next one reads."""
    tagged: dict[tuple[int, int], str] = defaultdict(str)
    artifacts: dict[int, str] = defaultdict(str)
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        stack: list[tuple[str, int | None]] = []

        def before(op: bytes, args: list, *_: object) -> None:
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else None
                stack.append((str(args[0]), props.get("/MCID") if isinstance(props, dict) else None))
            elif op == b"EMC" and stack:
                stack.pop()

        def text(value: str, *_: object) -> None:
            if any(tag == "/Artifact" for tag, _ in stack):
                artifacts[number] += value
            elif marks := [mcid for _, mcid in stack if mcid is not None]:
                tagged[(number, marks[-1])] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return MappingProxyType(dict(tagged)), MappingProxyType(dict(artifacts))


def list_sizes(pdf: Path | bytes) -> list[int]:
    """How many items (/LI kids) each list of the structure tree has, in reading order: what a screen
    reader announces on entering it ('list, 4 items')."""
    import pikepdf

    sizes: list[int] = []
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        stack = [document.Root.StructTreeRoot.K[0]]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            kids = [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                    if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            if node.S == "/L":
                sizes.append(sum(1 for kid in kids if kid.S == "/LI"))
            stack.extend(reversed(kids))
    return sizes


class _ListSizes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []
        self.open: list[int] = []  # the index in `sizes` of each list open around this point

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.open.append(len(self.sizes))
            self.sizes.append(0)
        elif tag == "li" and self.open:
            self.sizes[self.open[-1]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.open:
            self.open.pop()


def html_list_sizes(html: str) -> list[int]:
    """How many items each <ul> and <ol> of a document's HTML has, in document order."""
    parser = _ListSizes()
    parser.feed(html)
    return parser.sizes
