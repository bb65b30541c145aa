"""Brand colours as printed: readable on white paper and on the grey boxes their headings sit in.

A shade darkened only to 4.5:1 on white was about 4.1:1 on the grey of the clinician
brief's "Bottom line" box, whose 11.5 pt heading is brand-coloured: a pale pastel, a neon
or a colour just passing on white (#1a73e8, 4.5:1) printed below WCAG's 4.5:1 there.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.colour import MIN_TEXT_CONTRAST, TINT, WATERMARK, WHITE, contrast, readable_on_white
from handouts.context import Context
from handouts.documents import topic_inputs
from handouts.html import brand_css, render_html
from handouts.resources import asset_dir
from handouts.views.clinician import clinician_view

CTX = Context.default(date(2026, 1, 15))


def test_the_grey_boxes_are_the_colour_the_stylesheet_prints():
    css = (asset_dir("styles") / "base.css").read_text(encoding="utf-8")
    assert re.search(r"--tint:\s*(#[0-9a-fA-F]{6})", css).group(1).lower() == TINT


@pytest.mark.parametrize("colour", ["#a8d8ea", "#39ff14", "#ff00ff", "#1a73e8", "#ffdd00"])
def test_a_brand_heading_on_the_bottom_line_box_is_readable(colour):
    """Pastel, neon and just-passing colours: the brief's brand stylesheet (what the renderer gives
    WeasyPrint with its HTML) carries a shade readable on both papers."""
    inputs = topic_inputs("leaky-gut", "riverside", CTX)
    brand = inputs.brand.model_copy(update={"colors": inputs.brand.colors.model_copy(update={"primary": colour})})
    view = clinician_view(inputs.__class__(inputs.topic, brand, inputs.brand_folder), CTX)
    html = render_html(view)
    assert '<section class="bottom-line">' in html and "<h2>Bottom line</h2>" in html
    printed = re.search(r"--brand-primary:\s*(#[0-9a-f]{6})", brand_css(view.frame.brand)).group(1)
    assert contrast(printed, TINT) >= MIN_TEXT_CONTRAST and contrast(printed, WHITE) >= MIN_TEXT_CONTRAST


def test_a_colour_dark_enough_for_both_papers_prints_as_given():
    for colour in ("#1f4e79", "#0b6e69", "#5a2d82", "#0a1f44"):
        assert readable_on_white(colour) == (colour, False)


def test_a_colour_that_passes_only_on_white_is_a_warning_naming_the_grey_boxes(tmp_path):
    brand = tmp_path / "b.yaml"
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#1a73e8'\ncontact: {phone: 01632 960 100}\n",
                     encoding="utf-8")
    shade, darkened = readable_on_white("#1a73e8")
    result = CliRunner().invoke(main, ["validate", str(brand)])
    assert result.exit_code == 0 and darkened, result.output
    assert (f"b.yaml:4:3: warning: colors.primary: #1a73e8 is too light for text on the grey boxes its headings "
            f"sit in (4.1:1 on {TINT}, below 4.5:1; 4.5:1 on white): text will print in the darker {shade}"
            ) in result.output


def _grey(colour: str) -> str:
    """The grey a black-and-white laser printer prints `colour` as: its luma (ITU-R BT.601), as
    `pdftoppm -gray` shows a page too."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    level = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{level:02x}{level:02x}{level:02x}"


@pytest.mark.parametrize("colour", ["#9359a6", "#b87a99", "#8c8cd9", "#a166cc"])
def test_a_brand_heading_printed_in_grey_is_readable(colour):
    """A purple or pink that passes 4.5:1 in colour turns a mid grey on a black-and-white printer:
    #9359a6 (4.5:1 on the grey boxes) printed as #737373, 4.3:1 on the boxes' grey. The shade the
    brief's stylesheet carries is readable printed in grey too, on white and on the boxes."""
    inputs = topic_inputs("leaky-gut", "riverside", CTX)
    brand = inputs.brand.model_copy(update={"colors": inputs.brand.colors.model_copy(
        update={"primary": colour, "accent": colour})})
    view = clinician_view(inputs.__class__(inputs.topic, brand, inputs.brand_folder), CTX)
    css = brand_css(view.frame.brand)
    for name in ("primary", "accent"):
        printed = _grey(re.search(rf"--brand-{name}:\s*(#[0-9a-f]{{6}})", css).group(1))
        assert contrast(printed, WHITE) >= MIN_TEXT_CONTRAST and contrast(printed, _grey(TINT)) >= MIN_TEXT_CONTRAST
    assert any(colour in str(w) and "too light for text" in str(w) for w in view.frame.brand.warnings)


def test_a_colour_that_fails_only_in_grey_is_a_warning_naming_the_grey(tmp_path):
    brand = tmp_path / "b.yaml"
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#9359a6'\ncontact: {phone: 01632 960 100}\n",
                     encoding="utf-8")
    shade, darkened = readable_on_white("#9359a6")
    assert darkened and contrast("#9359a6", TINT) >= MIN_TEXT_CONTRAST  # it passes in colour
    result = CliRunner().invoke(main, ["validate", str(brand)])
    assert result.exit_code == 0, result.output
    assert ("b.yaml:4:3: warning: colors.primary: #9359a6 is too light for text printed on a black-and-white "
            "printer (it prints as the grey #737373, 4.3:1 where lowest, below 4.5:1): text will print in the "
            f"darker {shade}") in result.output


def test_the_review_mark_is_the_grey_the_stylesheet_prints():
    css = (asset_dir("styles") / "base.css").read_text(encoding="utf-8")
    watermark = re.search(r"\.watermark \{[^}]*color: rgba\(0, 0, 0, ([0-9.]+)\)", css)
    level = round(255 * (1 - float(watermark.group(1))))
    assert f"#{level:02x}{level:02x}{level:02x}" == WATERMARK


@pytest.mark.parametrize("colour", ["#2f7d32", "#1a73e8", "#0277bd", "#d35400"])
def test_a_brand_heading_across_the_draft_mark_is_readable(colour):
    """A draft prints DRAFT across every page in 7% black (#ededed), darker than the grey boxes, and headings
    cross its letters: a green readable on the boxes (#2f7d32) was 4.4:1 there, #1a73e8's darker shade 4.3:1."""
    inputs = topic_inputs("leaky-gut", "riverside", CTX)
    brand = inputs.brand.model_copy(update={"colors": inputs.brand.colors.model_copy(update={"primary": colour})})
    view = clinician_view(inputs.__class__(inputs.topic, brand, inputs.brand_folder), CTX)
    printed = re.search(r"--brand-primary:\s*(#[0-9a-f]{6})", brand_css(view.frame.brand)).group(1)
    assert contrast(printed, WATERMARK) >= MIN_TEXT_CONTRAST and contrast(_grey(printed), WATERMARK) >= MIN_TEXT_CONTRAST


def test_a_colour_that_fails_only_under_the_mark_is_a_warning_naming_it(tmp_path):
    brand = tmp_path / "b.yaml"
    brand.write_text("id: b\nname: B\ncolors:\n  primary: '#2f7d32'\ncontact: {phone: 01632 960 100}\n",
                     encoding="utf-8")
    shade, darkened = readable_on_white("#2f7d32")
    result = CliRunner().invoke(main, ["validate", str(brand)])
    assert result.exit_code == 0 and darkened, result.output
    assert ("b.yaml:4:3: warning: colors.primary: #2f7d32 is too light for text where it crosses the DRAFT or "
            "REVIEW OVERDUE mark printed across a draft's pages (4.4:1 on its #ededed, below 4.5:1): text will print "
            f"in the darker {shade}") in result.output
