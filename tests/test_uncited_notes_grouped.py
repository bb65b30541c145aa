"""An old draft's "No citation marker in the source answer" note: one finding per list, not per line.

Reproduction: a draft imported from seed 001 has that note on 8 uncited statements (4 of
the algorithm's steps, 3 monitoring points, a pitfall); validate and lint printed one
internal-word warning for each, the same sentence 8 times, among the draft's other to-dos.
Now the same text in the same field of one list's items is one finding at the first, naming
every other place. The signal stays: every uncited place is named, and approve still
refuses the file (the finding is the same rule approve refuses).

The importer now writes `unsupported: not yet sought`, a gap (tests/test_draft_gaps.py); drafts
imported before still have the note, made here from a fresh import.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from cliutil import assert_clean_exit, run
from handouts.context import Context
from handouts.lint.runner import Options, lint_file
from handouts.loading import load_checked
from handouts.rules import no_internal_words
from samples import edited_copy, NEXT_REVIEW

UNSUPPORTED = "No citation marker in the source answer"
"""What `handouts import` wrote as the reason of every uncited item before it wrote the gap 'not yet sought'."""

FIXTURES = Path(__file__).parent / "fixtures" / "import"
CTX = Context.default(date(2025, 8, 1))
MEDITERRANEAN = ("          No verified source: no record in the reference set addresses the\n"
                 "          Mediterranean diet in increased intestinal permeability.\n")
BONE_BROTH = ("          No verified source: no record in the reference set addresses bone\n"
              "          broth or omega-3 fatty acids for increased intestinal permeability.\n")


def _grouped(findings):
    return [f for f in findings if f.rule == "internal-word"]


def test_an_imported_draft_has_one_uncited_note_per_list_naming_every_place(tmp_path):
    draft = tmp_path / "draft.yaml"
    result = run("import", FIXTURES / "seed-leaky-gut-structured.txt", "-o", draft)
    assert result.exit_code == 0, result.output
    old, gaps = re.subn(r"(?m)^( +)unsupported: not yet sought$", rf"\1unsupported: {UNSUPPORTED}",
                        draft.read_text(encoding="utf-8"))
    assert gaps == 8
    draft.write_text(old, encoding="utf-8")
    checked = load_checked(draft, "topic", CTX)
    notes = [w for w in _grouped(checked.warnings) if w.field.endswith(".unsupported")]
    assert [w.field for w in notes] == ["algorithm[0].unsupported", "monitoring[0].unsupported",
                                        "pitfalls[3].unsupported"]
    algorithm, monitoring, pitfall = (w.message for w in notes)
    assert "3 more items of this list have the same text, each to rewrite: algorithm[1].unsupported, " \
           "algorithm[2].unsupported, algorithm[3].unsupported" in algorithm
    assert "2 more items of this list have the same text, each to rewrite: monitoring[1].unsupported, " \
           "monitoring[2].unsupported" in monitoring
    assert "more item" not in pitfall
    lines = draft.read_text(encoding="utf-8").splitlines()
    uncited_lines = [n for n, line in enumerate(lines, 1) if UNSUPPORTED in line]
    assert notes[0].line == uncited_lines[0] and {w.line for w in notes} <= set(uncited_lines)
    linted = [f for f in lint_file(draft, Options()).findings
              if f.rule == "internal-word" and f.field.endswith(".unsupported")]
    assert [(f.line, f.field) for f in linted] == [(w.line, w.field) for w in notes]


def test_different_texts_or_lists_stay_separate():
    data = {"algorithm": [{"text": "a", "unsupported": UNSUPPORTED}, {"text": "b", "unsupported": "Placeholder."}],
            "monitoring": [{"text": "c", "unsupported": UNSUPPORTED}]}
    found = [(f.loc, f.message.split(" tells")[0]) for f in no_internal_words(data, CTX)]
    assert found == [(("algorithm", 0, "unsupported"), "'source answer'"),
                     (("algorithm", 1, "unsupported"), "'Placeholder'"),
                     (("monitoring", 0, "unsupported"), "'source answer'")]


def test_approve_still_refuses_every_uncited_note_and_writes_nothing(tmp_path):
    path = edited_copy(tmp_path, (MEDITERRANEAN, f"          {UNSUPPORTED}\n"),
                       (BONE_BROTH, f"          {UNSUPPORTED}\n"))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", "2025-07-10",
                 "--next-review", NEXT_REVIEW.isoformat())
    assert_clean_exit(result, 1)
    errors = [line for line in result.stderr.splitlines() if "'source answer'" in line]
    assert len(errors) == 1, result.stderr
    assert ".unsupported: 'source answer' tells a reader" in errors[0]
    assert "1 more item of this list has the same text, each to rewrite: sections[0].recommendations[" in errors[0]
    assert "approved content never does" in errors[0]
    assert path.read_bytes() == before
