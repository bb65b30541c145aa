"""An all-white SVG logo prints invisible on white paper: a located warning, as for a white PNG.

Reproduction: a brand whose logo.svg was a white wordmark in paths (made for a dark web
header) validated with no warning and printed an empty masthead; the same logo as a PNG on
transparency was warned about. The SVG's paints are read from its markup, not rendered.
"""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

import pytest

from handouts.svg_paint import painted_colours
from test_logo_advice import validate

SVG = 'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"'
WHITE_WORDMARK = (f'<svg {SVG}><style>.st0{{fill:#FFFFFF;}}</style>'
                  '<path class="st0" d="M10 10h80v80h-80z"/><path class="st0" d="M100 10h80v80h-80z"/></svg>')


def test_an_all_white_svg_is_a_located_warning(tmp_path):
    code, output, brand = validate(tmp_path, "logo.svg", WHITE_WORDMARK.encode())
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.svg draws only in white or very pale colours" in output
    assert "made for light backgrounds" in output


@pytest.mark.parametrize("svg", [
    f'<svg {SVG}><g fill="white"><circle r="4"/><rect width="3" height="3" stroke="#f4f4f4"/></g></svg>',
    f'<svg {SVG} color="#fff"><path d="M0 0h9" fill="currentColor"/><text x="1" y="9" fill="snow">A</text></svg>',
    f'<svg {SVG}><path d="M0 0h9" fill="#000" style="fill: rgb(255, 255, 255)"/></svg>',
    f'<svg {SVG}><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" '
    'style="stop-color:#eee"/></linearGradient></defs><rect width="3" height="3" fill="url(#g)"/></svg>',
])
def test_white_paint_is_found_however_it_is_given(svg):
    colours = painted_colours(fromstring(svg))
    assert colours and all(min(c) >= 0xEE for c in colours), colours


@pytest.mark.parametrize("svg", [
    f'<svg {SVG}><circle r="40"/></svg>',  # SVG's default fill is black
    f'<svg {SVG}><rect width="300" height="100" fill="#1d4e89"/><path d="M0 0h9" fill="#fff"/></svg>',
    f'<svg {SVG}><style>.st0{{fill:#FFFFFF;}} #mark{{fill:#0b5}}</style><path class="st0" id="mark" d="M0 0h9"/></svg>',
    f'<svg {SVG}><path d="M0 0h9" fill="none" stroke="#333"/></svg>',
])
def test_a_logo_with_a_colour_that_shows_has_no_warning(tmp_path, svg):
    code, output, _ = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0 and "warning" not in output, output


@pytest.mark.parametrize("svg", [
    f'<svg {SVG}><image href="logo.png" width="9" height="9"/><path d="M0 0h9" fill="#fff"/></svg>',
    f'<svg {SVG}><defs><path id="p" d="M0 0h9"/></defs><use href="#p" fill="#fff"/></svg>',
    f'<svg {SVG}><style>g > path {{ fill: #000 }}</style><g><path d="M0 0h9" fill="#fff"/></g></svg>',
    f'<svg {SVG}><path d="M0 0h9" fill="url(#nowhere)"/></svg>',
])
def test_what_it_cannot_read_it_does_not_guess(tmp_path, svg):
    assert painted_colours(fromstring(svg)) is None
    code, output, _ = validate(tmp_path, "logo.svg", svg.encode())
    assert "very pale" not in output, output


@pytest.mark.parametrize("svg", [
    f'<svg {SVG}><style>.st0{{fill:\\77hite;}}</style><path class="st0" d="M10 10h80v80h-80z"/></svg>',
    f'<svg {SVG}><style>.st\\30 {{fi\\6c l:#fff}}</style><path class="st0" d="M10 10h80v80h-80z"/></svg>',
    f'<svg {SVG}><path d="M10 10h80v80h-80z" style="fi\\6c l: #fff"/></svg>',
    f'<svg {SVG}><path d="M10 10h80v80h-80z" fill="\\77hite"/></svg>',
    f'<svg {SVG}><style>/* {{ */ path {{ fill: #fff }}</style><path d="M10 10h80v80h-80z"/></svg>',
])
def test_escaped_css_is_read_as_weasyprint_reads_it(tmp_path, svg):
    """CSS escapes (`\\77hite` is `white`, `fi\\6c l` is `fill`): read by a pattern, an all-white logo so
    written validated without its warning and printed as nothing."""
    code, output, brand = validate(tmp_path, "logo.svg", svg.encode())
    assert code == 0, output
    assert f"{brand}:3:1: warning: logo: logo.svg draws only in white or very pale colours" in output
