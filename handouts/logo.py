"""A brand's logo, checked the way render will load it: safely, and every problem at once.

WeasyPrint replaces an image it cannot load by its alt text without failing,
so a junk or hostile logo printed as words while `validate` said ok. Both
`validate` (through the brand's file rule) and render call `problems()`:
what one accepts, the other prints.

The SVG is parsed with defusedxml: no DTD, no entities (no "billion laughs"),
no external references, no scripts or event handlers, no HTML in a <foreignObject>. A logo must be self-contained: it may link to its own
parts (#id) and embed PNG or JPEG images as data: URIs, nothing else, so that it prints
the same wherever the brand folder is copied.
"""

from __future__ import annotations

import base64
import io
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes
from xml.etree.ElementTree import Element

from handouts import svg_print_cost, svgcost

_STRICT_LOAD = threading.Lock()
"""Held while Pillow's process-wide LOAD_TRUNCATED_IMAGES is set aside for one decode."""

MAX_BYTES = 2 * 1024 * 1024
"""A logo prints at about 14 mm: a larger file is a mistake or an attack."""

MAX_SVG_ELEMENTS = 20_000
"""Bounds the time WeasyPrint spends drawing it."""

MAX_SVG_DEPTH = 256
"""How deep its elements may nest: a logo needs a few levels, and counting what it draws recurses once a level
(nested 900 deep, it was refused as drawing 'more than 20,000 elements' through references it did not have)."""

MAX_PIXELS = 4096 * 4096
"""A picture's width times height, the logo's own or one an SVG embeds. A PNG of a single colour
compresses a thousandfold: a 37 kB file 13,000 pixels square took 14 s and 1.4 GB to print.
At 14 mm, 4096 pixels is over 7,000 dots per inch."""

SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")

SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG"),
    ".jpg": (b"\xff\xd8\xff", "JPEG"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG"),
}
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def problems(path: Path) -> list[str]:
    """Every reason this logo would not print as given; empty when it will."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return ["logo must be an SVG, PNG or JPEG file"]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [f"{path.name} is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB "
                    "(a logo prints at about 14 mm: export a smaller file)"]
        data = path.read_bytes()
    except OSError as exc:
        return [f"{path.name} cannot be read ({exc.strerror or type(exc).__name__})"]
    if suffix == ".svg":
        return svg_problems(data, path.name)
    signature, kind = SIGNATURES[suffix]
    if not data.startswith(signature):
        return [f"{path.name} is not a {kind} image (it does not start with a {kind} header)"]
    return _pixel_problems(data, path.name)


def _pixel_problems(data: bytes, name: str) -> list[str]:
    """A picture too large to draw, found from its header alone; then one that is damaged, found by decoding it.

    A file cut short (a copy that stopped half way) printed its top half over a black band, and one
    with a byte astray failed the render as 'out.pdf: cannot write: Truncated File Read', naming the
    PDF, not the logo. Decoding is bounded: the size is checked first."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # said below, in our words
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return [f"{name} is {width:,} by {height:,} pixels; the limit is {MAX_PIXELS:,} pixels in all "
                            "(a logo prints at about 14 mm: export a smaller image)"]
    except Image.DecompressionBombError:  # so large that Pillow refuses to open it at all
        return [f"{name} has far more than {MAX_PIXELS:,} pixels, the limit (a logo prints at about 14 mm: "
                "export a smaller image)"]
    except Exception:  # noqa: BLE001, S110 (Pillow's OSError, SyntaxError and ValueError alike: said below)
        pass
    damaged = damage(data)
    return [f"{name} {damaged}"] if damaged else []


def damage(data: bytes) -> str | None:
    """'is damaged or cut short (why): ...' (the picture's name goes before it) when it does not decode
    whole; else None.

    Decodes every pixel: bound its size first. A PNG's checksums are checked (a byte astray can decode
    without a word, then fail to print), and a picture cut short is found even in a process that has
    imported WeasyPrint, which sets Pillow's LOAD_TRUNCATED_IMAGES: there a PNG cut short decoded with a
    black band, and a JPEG with a grey one, and `brand new` copied that, shrunk, as a good picture. The
    flag is set aside for the decode: with it, a PNG whose chunks are whole but whose picture data stops
    early (or is empty) decoded without a word in a process that renders, and was refused in one that
    did not."""
    from PIL import Image, ImageFile

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the caller bounds the size
            with Image.open(io.BytesIO(data)) as image:
                image.verify()  # a PNG's chunks: checksums, and the end (IEND) reached
            with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable: open it again
                with _STRICT_LOAD:
                    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
                    try:
                        image.load()
                    finally:
                        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
                if getattr(image, "_ended", False):  # Pillow's JPEG reader made up the end it did not find
                    raise OSError("image file is truncated")
    except Exception as exc:  # noqa: BLE001 (Pillow's OSError, SyntaxError and ValueError alike)
        detail = "not a picture Pillow can read" if isinstance(exc, Image.UnidentifiedImageError) else str(exc)
        return f"is damaged or cut short ({_clipped(detail) or type(exc).__name__}): export or copy it again"
    return None


def svg_problems(data: bytes, name: str = "the logo") -> list[str]:
    """Parse without DTD or entities, then list every reference to something outside the file."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        root = safe_xml.fromstring(without_svg_doctype(data), forbid_dtd=True, forbid_entities=True,
                                   forbid_external=True)
    except DefusedXmlException:
        return [f"{name} has a <!DOCTYPE> or entity declarations, which can expand without end or "
                "read other files: remove them (an SVG logo needs neither)"]
    except Exception as exc:  # noqa: BLE001 (expat's ParseError and encoding errors alike)
        return [f"{name} is not a readable SVG file ({exc})"]
    if _local(root.tag) != "svg":
        return [f"{name} is not an SVG image: its root element is <{_local(root.tag)}>, not <svg>"]
    found: list[str] = []
    if re.search(rb"<\?xml-stylesheet", data):
        found.append(f"{name} links a stylesheet (<?xml-stylesheet?>); put its styles inside the file")
    count = 0
    for element in root.iter():
        count += 1
        found += _active_parts(element, name)
        if (base := element.get(_XML_BASE)) is not None:
            found.append(f"{name} sets xml:base='{_clipped(base)}' on <{_local(element.tag)}>, which makes its "
                         "links (even #parts) point outside the file: a logo must be self-contained; remove it")
        for ref in _references(element):
            if ref == LOCAL_FONT:
                found.append(f"{name} declares a font (@font-face in <{_local(element.tag)}>), which a logo may not: "
                             "convert its text to outlines (paths)")
            elif _self_contained(ref) and ref.lower().startswith("data:"):
                found += _embedded_problems(ref, f"{name}'s embedded image")
            elif ref.lower().startswith("data:"):
                what = ref[5:].partition(",")[0].partition(";")[0].strip() or "text/plain"
                advice = (": convert its text to outlines (paths)" if what.lower().startswith(("font/", "application/font",
                          "application/x-font")) else "")
                found.append(f"{name} embeds {_clipped(what)} data (in <{_local(element.tag)}>), which a logo may "
                             f"not: it may embed PNG or JPEG pictures only{advice}")
            elif not _self_contained(ref):
                found.append(f"{name} refers to '{_clipped(ref)}' (in <{_local(element.tag)}>): a logo must be "
                             "self-contained: no links to other files or the web")
    found += svg_print_cost.problems(root, name)
    found += _flat_gradients(root, name)
    if count > MAX_SVG_ELEMENTS:
        found.append(f"{name} has {count} elements; the limit is {MAX_SVG_ELEMENTS}")
    elif (depth := _depth(root)) > MAX_SVG_DEPTH:  # said as what it is, not as references that repeat parts
        found.append(f"{name} nests its elements {depth:,} levels deep; the limit is {MAX_SVG_DEPTH} (a logo "
                     "needs a few): export it again, or ungroup it")
    elif (drawn := svgcost.drawn(root, MAX_SVG_ELEMENTS)) is None:
        found.append(f"{name} draws itself without end: a <use>, marker, mask or pattern refers back to an "
                     "element that contains it")
    elif drawn > MAX_SVG_ELEMENTS:
        found.append(f"{name} draws more than {MAX_SVG_ELEMENTS:,} elements: its <use> and marker references "
                     f"repeat parts of it (at least {drawn:,} in all); the limit bounds the time it takes to print")
    return found


def _depth(root: Element) -> int:
    """How deep the elements nest (the root is 1), counted without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


def _flat_gradients(root: Element, name: str) -> list[str]:
    """A gradient whose gradientTransform flattens it (`matrix(0 0 0 0 0 0)`, `scale(0)`): WeasyPrint inverts
    that transform to draw it, cannot, and the whole logo fails to load, so every render refused the brand
    ("could not load an image") while `validate` said ok. Read by WeasyPrint's own transform parser,
    imported only for a logo that has one (WeasyPrint takes 0.4 s to import: `batch --check` never does)."""
    transformed = [element for element in root.iter() if element.get("gradientTransform") is not None
                   and _local(element.tag) in ("linearGradient", "radialGradient")]
    if not transformed:
        return []
    from weasyprint.svg.utils import transform

    for element in transformed:
        value = element.get("gradientTransform", "")
        try:
            flat = not transform(value, "0 0", 16.0, 100.0).determinant
        except (ValueError, TypeError, ArithmeticError, IndexError):
            flat = True  # not a transform WeasyPrint reads: it fails the same way
        if flat:
            return [f"{name} has a <{_local(element.tag)}> whose gradientTransform ('{_clipped(value)}') squashes it "
                    "flat, which print cannot draw (the whole logo would fail to load): fix or remove that "
                    "gradientTransform, or export the logo as PNG"]
    return []


_SVG_DOCTYPE = re.compile(
    rb'<!DOCTYPE\s+svg\s+PUBLIC\s+"-//W3C//DTD SVG 1\.[01](?: Basic| Tiny)?//EN"\s+'
    rb'"http://www\.w3\.org/(?:Graphics/SVG/1\.1/DTD/svg11(?:-basic|-tiny)?|TR/2001/REC-SVG-20010904/DTD/svg10)'
    rb'\.dtd"\s*>')


def without_svg_doctype(data: bytes) -> bytes:
    """The file without the W3C's own SVG <!DOCTYPE>, which design tools write (Illustrator's 'Save As SVG'):
    it declares nothing and names a DTD that neither this check nor WeasyPrint reads. Any other
    DOCTYPE (a DTD of its own, entity declarations, another address) stays, and is refused."""
    match = _SVG_DOCTYPE.search(data, 0, 4096)
    if match is None or b"<svg" in data[:match.start()] or b"<!DOCTYPE" in data[match.end():]:
        return data
    return data[:match.start()] + data[match.end():]


def _active_parts(element: Element, name: str) -> list[str]:
    """What would run, or embed a web page, if the SVG were opened as a document: never needed to print.

    Print never runs them and the tool shows a logo only as an image (where browsers run nothing),
    but a logo is a picture: one that carries code or HTML is a mistake or an attack, said at validate.
    """
    tag = _local(element.tag)
    if tag == "script":
        return [f"{name} has a <script>: a logo is a picture, and print runs no scripts; remove it"]
    if tag == "foreignObject":
        return [f"{name} has a <foreignObject> (HTML inside the picture), which prints differently everywhere "
                "and can load other files: draw it in SVG, or export the logo as PNG"]
    handlers = sorted(_local(key) for key in element.attrib if _local(key).lower().startswith("on"))
    if handlers:
        return [f"{name} has a script in the {handlers[0]}= attribute of <{tag}>: a logo is a picture, and "
                "print runs no scripts; remove it"]
    return []


def _references(element: Element) -> list[str]:
    refs = [element.get(name, "") for name in _HREFS if element.get(name) is not None]
    refs += css_references(element.get("style") or "", declarations=True)
    if _local(element.tag) == "style":
        refs += css_references(element.text or "")
    refs += [value[4:-1].strip("'\" ") for name, value in element.attrib.items()
             if name not in _HREFS and name != "style" and value.strip().lower().startswith("url(")]
    return [r.strip() for r in refs]


LOCAL_FONT = "@font-face"
"""What css_references gives for a font a <style> declares by name only (`src: local(...)`): no address, but
a font the whole document then has, which a logo, drawn in outlines, never needs."""


def css_references(css: str, *, declarations: bool = False) -> list[str]:
    """Every address a <style> (or, with `declarations`, a style attribute) names, read by the CSS parser
    WeasyPrint reads it with: to CSS, `u\\rl(font.ttf)`, `@\\69mport` and `@import"x"` (no space) are
    `url(font.ttf)` and `@import "x"`, which a pattern over the text did not see, and the logo loaded a
    file of its brand folder as a font for the whole document while `validate` said ok."""
    import tinycss2

    if not css.strip():
        return []
    parse = tinycss2.parse_blocks_contents if declarations else tinycss2.parse_stylesheet
    return list(_css_urls(parse(css, skip_comments=True, skip_whitespace=True)))


def _css_urls(nodes: Iterable[Any] | None) -> Iterator[str]:
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value
        elif kind == "function":
            if node.lower_name == "url":  # url("x"): quoted, it is a function of a string
                yield from (arg.value for arg in node.arguments if arg.type == "string")
            yield from _css_urls(node.arguments)
        elif kind == "at-rule":
            if node.lower_at_keyword == "import":  # @import "x": a plain string is an address too
                yield from (token.value for token in node.prelude if token.type == "string")
            elif node.lower_at_keyword == "font-face" and not list(_css_urls(node.content)):
                yield LOCAL_FONT  # a font by name (src: local()): a logo's text must be outlines
            yield from _css_urls(node.prelude)
            yield from _css_urls(node.content)
        elif kind == "qualified-rule":
            yield from _css_urls(node.prelude)
            yield from _css_urls(node.content)
        elif kind == "declaration":
            yield from _css_urls(node.value)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _css_urls(node.content)


def _embedded_problems(ref: str, name: str) -> list[str]:
    """An embedded picture must be the PNG or JPEG its data: URI says it is.

    WeasyPrint tries any picture Pillow cannot open as an SVG, whatever its URI says: an SVG
    inside `data:image/png,...` was drawn, with its own links to files and the web, and none
    of these checks. So its first bytes must be the declared format's signature.
    """
    kind = "PNG" if ref.lower().startswith("data:image/png") else "JPEG"
    signature = SIGNATURES[".png" if kind == "PNG" else ".jpg"][0]
    data = _data_uri_bytes(ref)
    if not data.startswith(signature):
        return [f"{name} says it is a {kind} image but is not one (it does not start with a {kind} header): "
                "a logo may embed PNG or JPEG pictures only"]
    return _pixel_problems(data, name)


def _data_uri_bytes(ref: str) -> bytes:
    """The bytes of a data: URI, base64 or percent-encoded as WeasyPrint reads them (empty when unreadable)."""
    meta, _, payload = ref.partition(",")
    if not meta.lower().endswith(";base64"):
        return unquote_to_bytes(payload)
    try:
        return base64.b64decode("".join(payload.split()), validate=False)
    except ValueError:
        return b""


def _clipped(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _self_contained(ref: str) -> bool:
    return ref.startswith("#") or ref.lower().startswith(("data:image/png", "data:image/jpeg"))


def local_name(tag: object) -> str:
    """An element's or attribute's name without its namespace ('?' for a comment or processing instruction)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else "?"


_local = local_name
