"""The colours an SVG logo paints, read from its markup without rendering it.

A logo made for a dark website header is often all white: on white paper it prints as
nothing. For a picture, handouts.logo_advice looks at its pixels; for an SVG it is enough
to know every fill and stroke its shapes are drawn with. Each shape's paint is worked out
as CSS does for the common cases: presentation attributes, a `style` attribute, a <style>
sheet of simple selectors (`rect`, `.st0`, `#mark`, `*`, comma lists: what drawing programs
export), inheritance from the parent, and SVG's defaults (fill black, stroke none).

Where that reading could be wrong, the answer is None ("cannot tell"), never a guess: an
embedded picture, a <use> of other shapes, a mask or filter, a paint server that is not a
plain gradient, a selector beyond the simple ones, a colour it cannot parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from handouts.errors import HandoutsError
from handouts.logo import local_name

SHAPES = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text"})
_NOT_DRAWN = frozenset({"defs", "symbol", "clipPath", "mask", "marker", "pattern", "linearGradient",
                        "radialGradient", "metadata", "title", "desc", "style", "script"})
"""Containers whose shapes are not drawn where they stand (or are not drawing at all)."""
_UNKNOWN = frozenset({"image", "use", "foreignObject", "feImage", "switch"})
"""Elements whose drawing is not in shapes this module can read."""
_PAINT = ("fill", "stroke", "color", "stop-color")
_SIMPLE_SELECTOR = re.compile(r"^(?:\*|[A-Za-z][\w-]*|\.[\w-]+|#[\w-]+)$")
_URL = re.compile(r"^url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)")


class Unreadable(HandoutsError):
    """The SVG draws in a way this module does not follow: its colours cannot be told."""

    def __init__(self, message: str = "the logo's colours cannot be told from its SVG", *, where: str = "") -> None:
        super().__init__(message, where=where)


def painted_colours(root: Element) -> list[tuple[int, int, int]] | None:
    """Every colour the SVG's shapes are filled or stroked with, as RGB; None when that cannot be told."""
    try:
        rules = _style_rules(root)
        ids = {element.get("id"): element for element in root.iter() if element.get("id")}
        return list(_walk(root, {"fill": "black", "stroke": "none", "color": "black"}, rules, ids))
    except Unreadable:
        return None


def _declarations(text: str) -> dict[str, str]:
    """A style attribute's (or a rule's) declarations, read by the CSS parser WeasyPrint reads them with
    (handouts.logo.css_references): `fill: \\77hite` and `fi\\6c l: #fff` are `fill: white` to it, which a
    pattern over the text did not see, and an all-white logo went without its warning."""
    import tinycss2

    return {node.lower_name: _css_value(node.value)
            for node in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
            if node.type == "declaration"}


def _css_value(tokens: list[Any]) -> str:
    """A value written back plainly (escapes undone), without `!important`, which the parser sets apart."""
    import tinycss2

    return str(tinycss2.serialize(tokens)).strip()


def _attribute(value: str) -> str:
    """A presentation attribute's value as CSS reads it (WeasyPrint parses `fill="\\77hite"` as CSS too)."""
    import tinycss2

    return _css_value(tinycss2.parse_component_value_list(value, skip_comments=True))


def _style_rules(root: Element) -> list[tuple[str, dict[str, str]]]:
    """The <style> sheets' rules as (simple selector, paint declarations), in the sheets' order."""
    import tinycss2

    rules: list[tuple[str, dict[str, str]]] = []
    for element in root.iter():
        if local_name(element.tag) != "style":
            continue
        for node in tinycss2.parse_stylesheet("".join(element.itertext()), skip_comments=True, skip_whitespace=True):
            if node.type == "at-rule":
                raise Unreadable  # @media, @import...: not followed
            if node.type != "qualified-rule":
                continue  # a parse error: dropped, as WeasyPrint drops it
            paint = {k: v for k, v in _declarations(str(tinycss2.serialize(node.content))).items() if k in _PAINT}
            for selector in str(tinycss2.serialize(node.prelude)).split(","):
                selector = selector.strip()
                if not _SIMPLE_SELECTOR.match(selector):
                    if paint:
                        raise Unreadable
                    continue
                rules.append((selector, paint))
    return rules


def _specificity(selector: str) -> int:
    return {"#": 100, ".": 10, "*": 0}.get(selector[0], 1)


def _own(element: Element, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """This element's own paint properties: attributes, then the sheet's rules, then its style attribute."""
    out = {name: _attribute(element.get(name, "")) for name in _PAINT if element.get(name)}
    classes = set((element.get("class") or "").split())
    tag = local_name(element.tag)
    matching = [(selector, paint) for selector, paint in rules
                if selector == "*" or selector == tag or (selector[0] == "." and selector[1:] in classes)
                or (selector[0] == "#" and selector[1:] == element.get("id"))]
    for _, paint in sorted(matching, key=lambda rule: _specificity(rule[0])):  # stable: later rules win ties
        out.update(paint)
    out.update({k: v for k, v in _declarations(element.get("style") or "").items() if k in _PAINT})
    return out


def _walk(element: Element, inherited: dict[str, str], rules: list[tuple[str, dict[str, str]]],
          ids: dict[str | None, Element]) -> Iterator[tuple[int, int, int]]:
    tag = local_name(element.tag)
    styled = _declarations(element.get("style") or "")
    if (tag in _UNKNOWN or element.get("mask") or element.get("filter")
            or any(name.startswith(("mask", "filter")) for name in styled)):
        raise Unreadable
    if tag in _NOT_DRAWN:
        return
    props = dict(inherited)
    props.update({k: v for k, v in _own(element, rules).items() if v != "inherit"})
    if tag in SHAPES:
        for key in ("fill", "stroke"):
            yield from _paint(props[key], props, rules, ids)
    for child in element:
        yield from _walk(child, props, rules, ids)


def _paint(value: str, props: dict[str, str], rules: list[tuple[str, dict[str, str]]],
           ids: dict[str | None, Element]) -> Iterator[tuple[int, int, int]]:
    value = value.strip()
    if value.lower() in ("none", "transparent"):
        return
    if value.lower() == "currentcolor":
        value = props["color"]
    reference = _URL.match(value)
    if reference:
        yield from _gradient(ids.get(reference.group(1)), rules)
        return
    yield _rgb(value)


def _gradient(element: Element | None, rules: list[tuple[str, dict[str, str]]]) -> Iterator[tuple[int, int, int]]:
    """A plain gradient's stop colours; anything else (a pattern, a missing id) cannot be told."""
    if element is None or local_name(element.tag) not in ("linearGradient", "radialGradient"):
        raise Unreadable
    stops = [child for child in element if local_name(child.tag) == "stop"]
    if not stops:
        raise Unreadable  # stops inherited through href: not followed
    for stop in stops:
        yield _rgb(_own(stop, rules).get("stop-color", "black"))


def _rgb(value: str) -> tuple[int, int, int]:
    from PIL import ImageColor

    try:
        colour = ImageColor.getrgb(value.strip())
    except ValueError:
        raise Unreadable from None
    return colour[0], colour[1], colour[2]
