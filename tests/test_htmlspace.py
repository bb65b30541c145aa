"""The print HTML loses only whitespace that prints nothing: beside block-level tags."""

from __future__ import annotations

from datetime import date

from handouts import documents
from handouts.context import Context
from handouts.html import render_html
from handouts.htmlspace import strip_block_whitespace
from handouts.models import Personalisation


def test_indentation_between_blocks_goes():
    html = "<body>\n  <div class=\"a\">\n    <p>One</p>\n    <ul>\n      <li>Two</li>\n    </ul>\n  </div>\n</body>"
    assert strip_block_whitespace(html) == '<body><div class="a"><p>One</p><ul><li>Two</li></ul></div></body>'


def test_a_space_between_inline_tags_stays():
    html = "<p><strong>Next visit:</strong>\n<span class=\"blank\"></span> <em>x</em></p>"
    assert strip_block_whitespace(html) == html


def test_text_is_never_touched():
    html = "<p>  Two  spaces,\n a line break  </p>\n<p>&lt;div&gt;   &lt;/div&gt;</p>"
    assert strip_block_whitespace(html) == "<p>  Two  spaces,\n a line break  </p><p>&lt;div&gt;   &lt;/div&gt;</p>"


def test_the_space_between_an_inline_tag_and_a_block_tag_goes():
    assert strip_block_whitespace("<p><span>a</span>\n  </p>\n<span>b</span>") == "<p><span>a</span></p><span>b</span>"


def test_the_handout_keeps_its_words_and_inline_spaces():
    ctx = Context.default(date(2026, 1, 15))
    person = Personalisation(patient_name="Alex <b>Morgan</b>", visit_date=date(2025, 7, 14))
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx), person, ctx)
    html = render_html(view)
    assert "\n  <section" not in html and "</li>\n" not in html  # the template's indentation is gone
    assert "<strong>For:</strong> Alex &lt;b&gt;Morgan&lt;/b&gt;" in html  # content escaped, its space kept
    assert "<strong>My next appointment:</strong>\n<span" in html  # a space between inline tags prints
