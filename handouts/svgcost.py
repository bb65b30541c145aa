"""How many elements drawing an SVG takes, counting every repeat its references make.

An SVG is drawn element by element, but `<use href="#g">` draws the element it names
again, and a marker is drawn again at every vertex of the path that names it (as do a
mask, a clip path or a pattern for each element that names it). A file of a hundred
elements can thus draw ten billion: the SVG form of the "billion laughs". A logo of a
kilobyte whose ten groups each used the one before ten times held a render for minutes;
a 136 kB path with a marker at each of its 20,000 vertices, for more than two.

`drawn(root, limit)` follows those references the way the drawing does, each element's
cost counted once (memoised), and stops as soon as the count passes `limit`. References
made in a `<style>` element apply to elements by selector, which is not worked out here:
each of them is counted for every element, an overcount only a hostile file reaches.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from handouts.errors import HandoutsError

_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_LOCAL_URL = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)", re.I)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_MARKER_PROPERTIES = ("marker", "marker-start", "marker-mid", "marker-end")
_STYLED_MARKER = re.compile(r"marker(?:-start|-mid|-end)?\s*:\s*url\(\s*['\"]?#([^'\")\s]+)", re.I)
_VERTEX_SHAPES = frozenset({"path", "polyline", "polygon", "line"})


class _Cycle(HandoutsError):
    """An element that, through its references, draws itself (never leaves this module: `drawn` says None)."""


class _TooMany(HandoutsError):
    """The count passed the limit: no need to finish it (never leaves this module: `drawn` says the count)."""

    def __init__(self, count: int):
        super().__init__(f"draws at least {count} elements")
        self.count = count


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else "?"


def _vertices(element: Element) -> int:
    """Where markers go on a shape: at most one per coordinate pair, and its two ends."""
    shape = _local(element.tag)
    if shape == "line":
        return 2
    numbers = len(_NUMBER.findall(element.get("d" if shape == "path" else "points") or ""))
    return numbers // 2 + 2


def _references(element: Element) -> tuple[list[str], list[str]]:
    """The ids this element draws again: (once each, once per vertex for markers)."""
    once: list[str] = []
    per_vertex: list[str] = []
    if _local(element.tag) == "use":
        once += [v[1:] for name in _HREFS if (v := (element.get(name) or "").strip()).startswith("#")]
    style = canonical_css(element.get("style") or "", declarations=True)
    for name, value in element.attrib.items():
        if name in _HREFS or name == "style":
            continue
        target = per_vertex if _local(name) in _MARKER_PROPERTIES else once
        target += _LOCAL_URL.findall(value)
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        target = per_vertex if prop.strip().lower() in _MARKER_PROPERTIES else once
        target += _LOCAL_URL.findall(value)
    return once, per_vertex


def canonical_css(css: str, *, declarations: bool = False) -> str:
    """CSS as its parser reads it, written back plainly: the patterns here see `marker-mid: url(#m)` where
    the file wrote `m\\61rker-mid: u\\rl(#m)`, which WeasyPrint draws the same. Unseen, a 141 kB logo's
    marker drawn at 15,000 vertices passed validate and held a render for minutes and over a gigabyte."""
    import tinycss2

    if not css.strip():
        return css
    nodes = (tinycss2.parse_blocks_contents(css, skip_comments=True) if declarations
             else tinycss2.parse_stylesheet(css, skip_comments=True))
    return str(tinycss2.serialize(nodes))


def drawn(root: Element, limit: int) -> int | None:
    """How many elements drawing `root` takes, up to just past `limit`; None when references make a cycle."""
    ids = {value: element for element in root.iter() if (value := element.get("id"))}
    sheets = [canonical_css(element.text or "") for element in root.iter() if _local(element.tag) == "style"]
    # applied by selector: counted for every element (markers at every vertex of every shape)
    styled_markers = [ref for text in sheets for ref in _STYLED_MARKER.findall(text)]
    styled = [ref for text in sheets for ref in _LOCAL_URL.findall(text) if ref not in styled_markers]
    memo: dict[int, int] = {}
    visiting: set[int] = set()

    def cost(element: Element) -> int:
        key = id(element)
        if key in memo:
            return memo[key]
        if key in visiting:
            raise _Cycle("an element draws itself")
        visiting.add(key)
        total = 1 + sum(cost(child) for child in element)
        once, per_vertex = _references(element)
        # a stylesheet's reference is counted for every element but those it leads to (where a
        # selector would not reach: a marker's own squares, a gradient's stops), never as a cycle
        targets = [t for ref in once if (t := ids.get(ref)) is not None] + [
            t for ref in styled if (t := ids.get(ref)) is not None and id(t) not in visiting]
        total += sum(cost(target) for target in targets)
        if per_vertex or styled_markers:
            vertices = _vertices(element) if _local(element.tag) in _VERTEX_SHAPES else 0
            markers = [t for ref in per_vertex if (t := ids.get(ref)) is not None] + [
                t for ref in styled_markers if (t := ids.get(ref)) is not None and id(t) not in visiting]
            total += sum(vertices * cost(marker) for marker in markers) if vertices else 0
        visiting.discard(key)
        if total > limit:
            raise _TooMany(total)
        memo[key] = total
        return total

    try:
        return cost(root)
    except _Cycle:
        return None
    except _TooMany as too_many:
        return too_many.count
    except RecursionError:  # nested or chained thousands deep: no logo is
        return limit + 1
