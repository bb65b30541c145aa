"""What an SVG logo costs beyond its elements: tiles, dashes and repeated gradients.

WeasyPrint writes a <pattern> as a PDF tiling pattern and a dashed stroke as a PDF dash
array: both cheap to write, but every viewer and printer draws each tile and each dash in
turn. A 2 kB logo whose pattern had tiles of 0.001 units, or whose stroke was dashed every
0.00001, rendered in seconds and made a PDF that poppler had not drawn a page of after a
minute: every handout with that brand froze the clinician's PDF viewer and the printer.

- A <pattern> is refused outright. How many tiles it draws depends on the transforms of every
  element that uses it, and a logo (about 14 mm) never needs one: expanded into shapes, or
  exported as PNG, it prints the same.
- A dash array is refused when a stroke could hold more than MAX_DASHES dashes: each shape's
  length is bounded from its own numbers (a bound that holds whatever transform draws it: the
  dashes are measured in the same units), against the shortest dash period in the file.
- A number too large for a PDF (beyond MAX_NUMBER: '1e999' is infinity to Python) is refused:
  WeasyPrint wrote it as 'inf', which is no PDF number, and viewers reported syntax errors and
  dropped the logo's drawing.
- A gradient that repeats (spreadMethod 'repeat' or 'reflect') is refused: WeasyPrint writes
  each repeat across the shape as colour stops of its own, one insert at a time; a 300-byte
  logo whose gradient repeated every 0.000001 held a render for over two minutes and 4.6 GB.
"""

from __future__ import annotations

import math
import re
from xml.etree.ElementTree import Element

MAX_DASHES = 10_000
"""Dashes one stroke may draw: a dotted ring round a logo is a few hundred."""

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_GEOMETRY = ("d", "points", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "r", "rx", "ry", "cx", "cy")
_SHAPES = frozenset({"path", "polyline", "polygon", "line", "rect", "circle", "ellipse"})


def problems(root: Element, name: str) -> list[str]:
    """Why this SVG would make a PDF that viewers and printers take minutes to draw; empty when it would not."""
    found: list[str] = []
    if any(local_name(element.tag) == "pattern" for element in root.iter()):
        found.append(f"{name} fills shapes with a <pattern>, which PDF viewers and printers draw tile by tile "
                     "(a small tile takes them minutes a page): expand the pattern into shapes, or export the "
                     "logo as PNG")
    if (huge := _huge_number(root)) is not None:
        found.append(f"{name} has a number too large to print ('{huge[0][:40]}' in <{huge[1]}>): PDF viewers and "
                     "printers cannot read it; export the logo again, or as PNG")
    repeats = sorted({local_name(element.tag) for element in root.iter()
                      if (element.get("spreadMethod") or "pad").strip().lower() in ("repeat", "reflect")})
    if repeats:
        found.append(f"{name} has a <{repeats[0]}> that repeats (spreadMethod 'repeat' or 'reflect'), which "
                     "print writes out repeat by repeat (a short one takes minutes and gigabytes): let it pad "
                     "(leave spreadMethod out), or export the logo as PNG")
    period = _shortest_dash_period(root)
    if period is not None:
        longest = max((_length_bound(element) for element in root.iter() if local_name(element.tag) in _SHAPES),
                      default=0.0)
        if period <= 0 or longest / period > MAX_DASHES:
            found.append(f"{name} dashes a stroke so finely (a dash and gap of {period:g}) that it draws more than "
                         f"{MAX_DASHES:,} dashes, which PDF viewers and printers take minutes to draw: use a longer "
                         "stroke-dasharray, or export the logo as PNG")
    return found


MAX_NUMBER = 1e12
"""Far beyond any drawing's coordinates, and within what every PDF reader takes."""
_NOT_NUMBERS = re.compile(r"url\([^)]*\)|#[0-9a-f]{3,8}\b", re.I)
"""Addresses and hex colours: '#0b6e69' holds no number 6e69."""
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href", "id", "class")


def _huge_number(root: Element) -> tuple[str, str] | None:
    """The first number in the file's attributes or styles past MAX_NUMBER (or not finite), and its element."""
    for element in root.iter():
        texts = [value for key, value in element.attrib.items() if key not in _HREFS]
        if local_name(element.tag) == "style":
            texts.append(element.text or "")
        for text in texts:
            for number in _NUMBER.findall(_NOT_NUMBERS.sub(" ", text)):
                if not abs(float(number)) <= MAX_NUMBER:  # also NaN
                    return number, local_name(element.tag)
    return None


def _shortest_dash_period(root: Element) -> float | None:
    """The shortest dash-and-gap period any stroke-dasharray in the file gives: an attribute, or a declaration
    in a style attribute or a <style>, read by the CSS parser WeasyPrint uses (escapes and all)."""
    values: list[str] = []
    for element in root.iter():
        if (value := element.get("stroke-dasharray")) is not None:
            values.append(value)
        values += _declared(element.get("style") or "", declarations=True)
        if local_name(element.tag) == "style":
            values += _declared(element.text or "")
    periods = [_period(value) for value in values]
    return min((p for p in periods if p is not None), default=None)


def _declared(css: str, *, declarations: bool = False) -> list[str]:
    """The values of the stroke-dasharray declarations in a style attribute or a stylesheet."""
    import tinycss2

    if not css.strip():
        return []
    nodes = (tinycss2.parse_blocks_contents(css) if declarations
             else [node for rule in tinycss2.parse_stylesheet(css) if rule.type == "qualified-rule"
                   for node in tinycss2.parse_blocks_contents(rule.content)])
    return [tinycss2.serialize(node.value) for node in nodes
            if node.type == "declaration" and node.lower_name == "stroke-dasharray"]


def _period(value: str) -> float | None:
    """A dash array's period, its numbers as written (a unit only makes them longer); None for 'none'."""
    numbers = [abs(float(n)) for n in _NUMBER.findall(value)]
    if not numbers or all(n == 0 for n in numbers):
        return None  # no dashes: a solid stroke
    total = sum(numbers) * (2 if len(numbers) % 2 else 1)
    return total if math.isfinite(total) else 0.0


def local_name(tag: object) -> str:  # handouts.logo's, which imports this module
    return tag.rpartition("}")[2] if isinstance(tag, str) else "?"


def _length_bound(element: Element) -> float:
    """More than the shape's outline can measure: every segment, curve or arc is shorter than four times
    the largest number in the shape, and there are fewer of them than it has numbers, plus its sides."""
    numbers = [abs(float(n)) for name in _GEOMETRY for n in _NUMBER.findall(element.get(name) or "")]
    if not numbers:
        return 0.0
    largest = max(numbers)
    return (len(numbers) + 4) * 4 * largest if math.isfinite(largest) else math.inf
