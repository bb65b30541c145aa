"""A paragraph's last two words are bound by a no-break space (handouts/unbroken.py): escaped, whole words only."""

from __future__ import annotations

from handouts.unbroken import LAST_WORDS_LONGEST, NO_BREAK_SPACE, keep_last_words


def test_the_last_two_words_are_bound_and_the_text_stays_escaped():
    assert keep_last_words("Call us <now> if:") == f"Call us &lt;now&gt;{NO_BREAK_SPACE}if:"
    assert keep_last_words("Llame al 911 si:") == f"Llame al 911{NO_BREAK_SPACE}si:"
    assert keep_last_words("Ends with a space ") == f"Ends with a{NO_BREAK_SPACE}space "


def test_one_word_or_two_long_ones_are_left_as_they_are():
    assert keep_last_words("Hello") == "Hello"
    assert keep_last_words("") == ""
    long = "a " + "b" * LAST_WORDS_LONGEST + " c"
    assert keep_last_words(long) == long


def test_no_span_goes_round_them():
    """A `white-space: nowrap` span per paragraph made WeasyPrint lay each out as a box of its own:
    twenty of them cost 8% of the sample handout's render."""
    assert "<span" not in keep_last_words("Stress can make gut problems worse.")
