"""A phone number in a brand's words is marked to stay on one line, the review line's version
stays with its word, and nothing else changes."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from handouts.unbroken import NO_BREAK_SPACE, keep_numbers_whole, keep_version_whole


@pytest.mark.parametrize("number", ["(217) 555-0142", "01632 960 014", "+44 20 7946 0958", "555-0142 99"])
def test_a_phone_number_is_kept_whole_with_the_punctuation_after_it(number):
    marked = keep_numbers_whole(f"Call {number}, Monday to Friday.")
    assert marked == Markup(f'Call <span class="unbroken">{number},</span> Monday to Friday.')


@pytest.mark.parametrize("text", [
    "8 am to 6.30 pm",  # times
    "updated July 2, 2025 · version 2a03e874",  # a date and a version
    "Call 5550142 today",  # nowhere to break
    "Room 12 34",  # too short for a phone number
])
def test_other_numbers_are_left_as_they_are(text):
    assert keep_numbers_whole(text) == Markup.escape(text)


def test_the_words_around_it_are_escaped_and_no_character_changes():
    marked = keep_numbers_whole('<b>Call</b> "us" & (217) 555-0142')
    assert marked == Markup('&lt;b&gt;Call&lt;/b&gt; &#34;us&#34; &amp; <span class="unbroken">(217) 555-0142</span>')
    assert marked.striptags() == '<b>Call</b> "us" & (217) 555-0142'


@pytest.mark.parametrize(("line", "kept"), [
    ("Under review: not yet approved · updated July 2, 2025 · version 2a03e874", "version\u00a02a03e874"),
    ("En revisión: aún no aprobado · actualizado el 2 de julio de 2025 · versión 2a03e874", "versión\u00a02a03e874"),
])
def test_the_review_lines_version_stays_with_its_word_and_only_it(line, kept):
    marked = keep_version_whole(line, "2a03e874")
    assert marked.endswith(kept) and marked.count(NO_BREAK_SPACE) == 1
    assert marked.replace(NO_BREAK_SPACE, " ") == line  # no other character changes


def test_the_review_line_is_escaped_around_its_version():
    assert keep_version_whole("<b>Draft</b> & version 2a03e874", "2a03e874") == \
        Markup("&lt;b&gt;Draft&lt;/b&gt; &amp; version\u00a02a03e874")
    assert keep_version_whole("Draft & co", "") == Markup("Draft &amp; co")
