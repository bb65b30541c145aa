"""Printed on a black-and-white office printer: every word still reads, and nothing is said in colour alone.

A practice's rooms print on a black-and-white laser printer, which prints a colour as its grey
(its luma). The stylesheets' text colours are read here as WeasyPrint gets them (custom properties
substituted, brand colours through handouts' readable shade) and held to WCAG's 4.5:1 on every
background the stylesheets paint and on the review mark printed across a draft, in colour and in
grey; then read back from the PDFs, as the pages paint their words. And the only colours are the
practice's: every other colour is a grey, so no mark, status or list is told apart by hue (a red
"avoid", a green "do"), which a grey page and a reader with colour-vision deficiency would lose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
import tinycss2

from handouts import kinds
from handouts.colour import MIN_TEXT_CONTRAST, WHITE, contrast, readable_on_white
from handouts.context import Context
from handouts.documents import build_view, diet_inputs, topic_inputs
from handouts.models import Personalisation
from handouts.resources import asset_dir
from handouts.views.base import View
from pdfutil import pdf_reader
from samples import ROOT, printed

STYLES = asset_dir("styles")
SHEETS = ("base.css", "page.css", "unmarked.css", *kinds.stylesheets())
BRAND_COLOURS = ("#1f4e79", "#4a5a68", "#5a2d82", "#3d5a40", "#0b6e69", "#8a4b08",  # the shipped brands
                 "#9359a6", "#b87a99", "#8c8cd9", "#1a73e8", "#2f7d32", "#0277bd",  # just readable in colour
                 "#ffcc00", "#39ff14", "#a8d8ea", "#ff0000")  # pale, neon, pure
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def _grey(colour: str) -> str:
    """The grey a black-and-white laser printer prints `colour` as: its luma (ITU-R BT.601)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    level = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{level:02x}{level:02x}{level:02x}"


def _declarations(rules: list) -> Iterator[tuple[str, str, str]]:
    """(where, property, value) of every declaration, in rules, @page and its margin boxes, and @media."""
    for rule in rules:
        if rule.type == "qualified-rule":
            where = tinycss2.serialize(rule.prelude).strip()
            body = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        elif rule.type == "at-rule" and rule.content is not None:
            where = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}".strip()
            body = (tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                    if rule.at_keyword == "media" else
                    tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True))
        else:
            continue
        for item in body:
            if item.type == "declaration":
                yield where, item.lower_name, tinycss2.serialize(item.value).strip()
            elif item.type in ("at-rule", "qualified-rule"):
                yield from ((f"{where} {w}", n, v) for w, n, v in _declarations([item]))


def _all_declarations() -> list[tuple[str, str, str, str]]:
    found = []
    for name in SHEETS:
        css = (STYLES / name).read_text(encoding="utf-8")
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        found += [(name, where, prop, value) for where, prop, value in _declarations(rules)]
    return found


DECLARATIONS = _all_declarations()


def _custom_properties() -> dict[str, str]:
    return {prop: value for _, where, prop, value in DECLARATIONS if where == ":root" and prop.startswith("--")}


def _resolve(value: str, brand: str) -> str:
    """The value with its custom properties substituted (both brand colours `brand`, as readable_on_white prints it)."""
    shade, _ = readable_on_white(brand)
    values = {**_custom_properties(), "--brand-primary": shade, "--brand-accent": shade}
    for _ in range(5):
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: values[m.group(1)], value)
    return value


def _text_colours() -> set[tuple[str, str, str]]:
    """(sheet, selector, colour value) of every `color` the stylesheets set on text, but the watermark."""
    return {(name, where, value) for name, where, prop, value in DECLARATIONS
            if prop == "color" and value not in ("inherit", "currentcolor") and "watermark" not in where}


def _watermark() -> str:
    """The review mark's letters on white paper: the text of a draft crosses them (the grey boxes cover them)."""
    alpha = {float(re.fullmatch(r"rgba\(0, 0, 0, ([0-9.]+)\)", value).group(1))
             for _, where, prop, value in DECLARATIONS if where == ".watermark" and prop == "color"}
    level = round(255 * (1 - alpha.pop()))
    return f"#{level:02x}{level:02x}{level:02x}"


def _backgrounds(brand: str) -> set[str]:
    """White paper, the review mark's letters and every colour the stylesheets paint behind text."""
    painted = {HEX.search(_resolve(value, brand)) for _, _, prop, value in DECLARATIONS
               if prop in ("background", "background-color")}
    return {WHITE, _watermark()} | {m.group(0).lower() for m in painted if m}


def test_the_stylesheets_are_read_whole():
    """The reading above finds what it checks: the headings' brand colour, the grey boxes, the margin boxes."""
    colours = {(where, value) for _, where, value in _text_colours()}
    assert ("h1, h2, h3", "var(--brand-primary)") in colours
    assert any(where.startswith("@page") and "@top-left" in where for where, _ in colours)
    assert _backgrounds("#1f4e79") >= {WHITE, "#f2f4f6", "#ededed"}


@pytest.mark.parametrize("brand", BRAND_COLOURS)
def test_every_text_colour_reads_on_every_background_in_colour_and_in_grey(brand):
    for name, where, value in sorted(_text_colours()):
        colour = HEX.fullmatch(_resolve(value, brand))
        assert colour, f"{name}: {where} {{ color: {value} }}: not a colour this test can read"
        for background in _backgrounds(brand):
            text = colour.group(0).lower()
            in_colour, in_grey = contrast(text, background), contrast(_grey(text), _grey(background))
            assert min(in_colour, in_grey) >= MIN_TEXT_CONTRAST, (
                f"{name}: {where} (brand {brand}): {text} on {background}: {in_colour:.2f}:1 in colour, "
                f"{in_grey:.2f}:1 printed in grey")


def test_the_only_hues_are_the_practices():
    """Every colour a stylesheet names is a grey; the brand's two colours are the only hues, and they
    mark identity (headings, rules), never a meaning: no status, mark or list has a colour of its own."""
    for name, where, prop, value in DECLARATIONS:
        for literal in HEX.findall(value):
            r, g, b = (int(literal[i:i + 2], 16) for i in (1, 3, 5))
            if prop in ("--brand-primary", "--brand-accent"):
                continue  # the default brand's colours, which every brand replaces
            assert max(r, g, b) - min(r, g, b) <= 8, f"{name}: {where} {{ {prop}: {value} }} is not a grey"
        for call in re.findall(r"rgba?\(([^)]*)\)", value):
            channels = [c.strip() for c in call.split(",")][:3]
            assert len(set(channels)) == 1, f"{name}: {where} {{ {prop}: {value} }} is not a grey"


PALE_GREEN, PALE_PURPLE = "#2f7d32", "#9359a6"
"""Brand colours readable on white and on the grey boxes as they are, but not on a draft's mark (the green) nor
printed in grey (the purple), before they were darkened."""


def _documents() -> dict[str, View]:
    """Every document kind, in English and Spanish and large print, of a practice whose colours are PALE_GREEN
    and PALE_PURPLE (the samples are drafts: every page carries the DRAFT mark across it)."""
    ctx = Context.default()
    topic = topic_inputs("leaky-gut", "riverside", ctx)
    colours = topic.brand.colors.model_copy(update={"primary": PALE_GREEN, "accent": PALE_PURPLE})
    brand = topic.brand.model_copy(update={"colors": colours})
    topic = replace(topic, brand=brand)
    spanish = ctx.with_locale("es-US")
    sheet = replace(diet_inputs(None, ROOT / "data/customisations/sam-low-fodmap.yaml", "riverside", ctx), brand=brand)
    return {
        "patient handout": build_view("patient", topic, None, ctx),
        "Spanish handout": build_view("patient", topic, Personalisation(language="es"), spanish),
        "large print": build_view("patient", topic, None, ctx, large_print=True),
        "clinician brief": build_view("clinician", topic, None, ctx),
        "diet sheet": build_view("diet-sheet", sheet, None, ctx),
    }


def _text_fills(pdf: bytes) -> Iterator[tuple[int, str, float]]:
    """(page, colour, opacity) that each run of text on the pages is painted in."""
    for number, page in enumerate(pdf_reader(pdf).pages, 1):
        states = page["/Resources"].get("/ExtGState", {})
        state: dict[str, object] = {"fill": "#000000", "opacity": 1.0}
        saved: list[dict[str, object]] = []
        runs: list[tuple[str, float]] = []

        def paint(op: bytes, args: list, cm: object, tm: object) -> None:
            if op == b"rg":
                state["fill"] = "#" + "".join(f"{round(float(a) * 255):02x}" for a in args)
            elif op == b"g":
                state["fill"] = "#" + f"{round(float(args[0]) * 255):02x}" * 3
            elif op == b"q":
                saved.append(dict(state))
            elif op == b"Q" and saved:
                state.update(saved.pop())
            elif op == b"gs":
                state["opacity"] = float(states[args[0]].get_object().get("/ca", state["opacity"]))
            elif op in (b"Tj", b"TJ"):
                runs.append((str(state["fill"]), float(state["opacity"])))  # type: ignore[arg-type]

        page.extract_text(visitor_operand_before=paint)
        yield from ((number, fill, opacity) for fill, opacity in runs)


@pytest.mark.parametrize("kind", ["patient handout", "Spanish handout", "large print", "clinician brief",
                                  "diet sheet"])
def test_the_printed_text_reads_in_grey_wherever_it_sits(kind):
    """The colours each PDF paints its words in, read back from the pages: every word is 4.5:1 in colour and in
    grey on the darkest paper it can sit on (the review mark's letters, darker than the grey boxes), the mark is
    the one translucent text, and every word is a grey or the practice's colour: no hue of its own says anything."""
    view = _documents()[kind]
    fills = set(_text_fills(printed(view).data))
    watermark = _watermark()
    shades = {view.frame.brand.primary, view.frame.brand.accent}
    assert {opacity for _, _, opacity in fills} <= {1.0, 0.07}  # the words, and a draft's mark across every page
    assert any(fill in shades for _, fill, _ in fills)
    for page, fill, opacity in sorted(fills):
        if opacity < 1:
            assert fill == "#000000", f"page {page}: text in {fill} at {opacity:.0%}"
            continue
        r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
        assert fill in shades or max(r, g, b) - min(r, g, b) <= 8, f"page {page}: text in the hue {fill}"
        in_colour, in_grey = contrast(fill, watermark), contrast(_grey(fill), watermark)
        assert min(in_colour, in_grey) >= MIN_TEXT_CONTRAST, (
            f"{kind}, page {page}: text in {fill} on the mark's {watermark}: {in_colour:.2f}:1 in colour, "
            f"{in_grey:.2f}:1 printed in grey")
