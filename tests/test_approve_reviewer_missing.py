"""`handouts approve` without `--reviewer` says what to type, as render does for a missing --audience.

Reproduction: `handouts approve leaky-gut` in a workspace said only click's "Missing option
'--reviewer'.", leaving a newcomer to guess that the option takes the reviewer's name.
"""

from __future__ import annotations

from cliutil import assert_clean_exit, run


def test_approve_without_a_reviewer_shows_one_typed(clinic):
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    before = topic.read_bytes()
    result = run("approve", "leaky-gut")
    assert_clean_exit(result, 2)
    assert ("Missing option '--reviewer'. Add --reviewer and a name "
            "(e.g. 'handouts approve leaky-gut --reviewer \"Dr Ada Lane\"'): "
            "the person who reviewed the content (recorded in the file).") in result.output
    assert topic.read_bytes() == before  # nothing recorded


def test_the_example_keeps_the_content_as_typed_and_leaves_options_out(clinic):
    result = run("approve", "data/topics/leaky-gut.yaml", "--lang", "es")
    assert_clean_exit(result, 2)
    assert "(e.g. 'handouts approve data/topics/leaky-gut.yaml --reviewer \"Dr Ada Lane\"')" in result.output
