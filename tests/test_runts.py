"""A paragraph's last two words are bound into one span (handouts/runts.py): escaped, whole words only."""

from __future__ import annotations

from handouts.runts import LONGEST, keep_last_words


def test_the_last_two_words_go_in_one_span_and_the_text_stays_escaped():
    assert keep_last_words("Call us <now> if:") == 'Call us <span class="last-words">&lt;now&gt; if:</span>'
    assert keep_last_words("Llame al 911 si:") == 'Llame al <span class="last-words">911 si:</span>'


def test_one_word_or_two_long_ones_are_left_as_they_are():
    assert keep_last_words("Hello") == "Hello"
    assert keep_last_words("") == ""
    long = "a " + "b" * LONGEST + " c"
    assert keep_last_words(long) == long
