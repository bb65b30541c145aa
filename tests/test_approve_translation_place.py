"""`handouts approve --lang pt` says a translation the tool cannot print yet at its file, line and field: at the
record it has just written.

Reproduction: a topic translated into Portuguese with no `translations:` record yet (`--translator` given):
the warning was placed by the file as it was before the record was written, so at 'leaky-gut.yaml:1:1' (the
file's start), not at the 'translations: pt:' record approve had just added at the file's end.
"""

from __future__ import annotations

import re
from pathlib import Path

from cliutil import assert_clean_exit, run


def test_the_warning_points_at_the_record_approve_wrote(clinic: Path) -> None:
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    text = re.sub(r"(?m)^(\s*)es:", r"\1pt:", topic.read_text(encoding="utf-8"))  # complete in Portuguese
    topic.write_text(re.sub(r"(?m)^translations:\n(?:[ \t]+.*\n)*", "", text), encoding="utf-8")  # no record yet
    result = run("approve", "leaky-gut", "--lang", "pt", "--reviewer", "Dra. Ana Souza", "--translator", "T. Lima")
    assert_clean_exit(result, 0)
    lines = topic.read_text(encoding="utf-8").splitlines()
    record = lines.index("  pt:") + 1  # 1-based, under the 'translations:' approve added
    assert lines[record - 2] == "translations:"
    said = [line for line in result.stderr.splitlines() if "cannot print yet" in line]
    assert said == [f"data/topics/leaky-gut.yaml:{record}:3: warning: translations.pt: the 'pt' translation cannot "
                    f"print yet: handouts has no 'pt' catalogue of its own words (headings, labels, the footer), so "
                    f"documents in 'pt' are refused (it prints in en, es); see 'Adding a language' in the README"], \
        result.stderr
