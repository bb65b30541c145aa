"""A logo that prints but reads badly on paper is a located warning at validate (handouts.logo_advice).

Each printed silently before: a white-on-transparent logo (made for a dark web header) as an
empty space, a 6000-pixel picture at 3,400 dpi that made every PDF half a megabyte larger, and
a wordmark set as SVG text in a font the printing computer lacked, in a substitute font.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from handouts.cli import main

SVG = 'xmlns="http://www.w3.org/2000/svg" width="300" height="100"'


def png(size: tuple[int, int], colour: tuple[int, int, int, int], background=(0, 0, 0, 0)) -> bytes:
    image = Image.new("RGBA", size, background)
    ImageDraw.Draw(image).rectangle((size[0] // 10, size[1] // 10, size[0] * 9 // 10, size[1] * 9 // 10),
                                    fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def validate(folder: Path, name: str, data: bytes) -> tuple[int, str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    brand = folder / "brand.yaml"
    brand.write_text(f"id: brand\nname: Test Clinic\nlogo: {name}\nlogo_alt: Test Clinic logo\n"
                     "colors: {primary: '#1f4e79'}\ncontact: {phone: 01632 960 100}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(brand)])
    return result.exit_code, result.output, brand


def test_a_white_logo_on_a_transparent_background_is_a_warning(tmp_path):
    code, output, brand = validate(tmp_path, "logo.png", png((400, 200), (255, 255, 255, 255)))
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.png is white or very pale" in output
    assert "made for light backgrounds" in output


@pytest.mark.parametrize("colour", [(20, 40, 120, 255), (230, 120, 20, 255)])
def test_a_logo_that_shows_on_white_paper_has_no_warning(tmp_path, colour):
    code, output, _ = validate(tmp_path, "logo.png", png((400, 200), colour))
    assert code == 0 and "warning" not in output, output


def test_a_picture_far_sharper_than_print_is_a_warning_with_the_size_to_export(tmp_path):
    code, output, brand = validate(tmp_path, "logo.png", png((6000, 100), (20, 40, 120, 255)))
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.png is 6,000 by 100 pixels" in output
    assert "at 2,628 dpi" in output and "export it at 1,370 by 23 pixels" in output


def test_a_picture_sharp_enough_for_print_has_no_warning(tmp_path):
    code, output, _ = validate(tmp_path, "logo.png", png((1000, 300), (20, 40, 120, 255)))
    assert code == 0 and "warning" not in output, output


def test_svg_text_is_a_warning_naming_its_font(tmp_path):
    svg = (f'<svg {SVG}><style>text {{ font-family: "Brush Script MT", cursive }}</style>'
           '<circle cx="50" cy="50" r="40" fill="#00a0a0"/><text x="100" y="62">Del <tspan>Valle</tspan></text></svg>')
    code, output, brand = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.svg writes 'Del Valle' as text in 'Brush Script MT'" in output
    assert "converted to outlines" in output


def test_svg_drawn_in_shapes_has_no_warning(tmp_path):
    svg = f'<svg {SVG}><circle cx="50" cy="50" r="40" fill="#00a0a0"/><text x="9" y="9"> </text></svg>'
    code, output, _ = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0 and "warning" not in output, output


@pytest.mark.parametrize("size", ['', 'width="100%" height="100%"', 'width="300"'])
def test_an_svg_with_no_size_of_its_own_is_a_warning(tmp_path, size):
    """No viewBox and no width and height: it printed cropped to a corner and pushed the masthead's
    'DRAFT: not clinically approved' mark past the page's edge."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {size}><circle cx="50" cy="50" r="45" fill="#1d4e89"/></svg>'
    code, output, brand = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.svg has no size of its own (no viewBox" in output


@pytest.mark.parametrize("size", ['viewBox="0 0 300 100"', 'width="300" height="100"',
                                  'width="100%" height="100%" viewBox="0 0 300 100"'])
def test_an_svg_with_a_size_of_its_own_has_no_warning(tmp_path, size):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {size}><circle cx="50" cy="50" r="45" fill="#1d4e89"/></svg>'
    code, output, _ = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0 and "warning" not in output, output
