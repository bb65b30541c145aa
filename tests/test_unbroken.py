"""A phone number in a brand's words is marked to stay on one line, and nothing else changes."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from handouts.unbroken import keep_numbers_whole


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
