"""A draft's gaps print as gaps, never as content, and a topic with gaps is never approved.

Reproduction: `handouts import tests/fixtures/import/migraine-structured.txt`, then the
draft's clinician brief. Its reference list printed "Citation 1 of the source answer (to be
completed by the editor)" as if it were a bibliographic record, and its disclaimer "Draft
imported from an evidence-tool answer that had no disclaimer: ... write the clinician
disclaimer". The data now says what is missing (`identified: false` on a reference,
`disclaimer.clinician` left empty); the brief prints each as a marked gap, validate and lint
list them (rule draft-gap) and approve refuses them, every one located.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from cliutil import assert_clean_exit, run
from handouts import documents
from handouts.html import render_html
from handouts.importer import convert
from handouts.lint.runner import lint_file
from handouts.models import Reference
from pdfutil import text as pdf_text
from samples import NEXT_REVIEW, SAMPLE_TOPIC, edited_copy, printed

MIGRAINE = Path(__file__).parent / "fixtures" / "import" / "migraine-structured.txt"
CLEVELAND = (
    "  - id: clevelandclinic2022leakygut\n    kind: patient-information\n    type: webpage\n"
    "    author: [{literal: Cleveland Clinic}]\n    title: \"Leaky Gut Syndrome\"\n"
    "    container-title: Cleveland Clinic Health Library\n"
)
NOT_YET_FOUND = (
    "  - id: clevelandclinic2022leakygut\n    identified: false\n    cited_as: citation 3 of the imported answer\n"
    "    kind: other\n    type: webpage\n"
)


@pytest.fixture(scope="module")
def migraine_draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("drafts") / "topics" / "migraine.yaml"
    path.parent.mkdir()
    text = convert(MIGRAINE.read_text(encoding="utf-8"), source_name=MIGRAINE.name, today=date.today()).yaml
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_drafts_brief_prints_its_gaps_as_gaps_never_as_a_reference_or_disclaimer(migraine_draft):
    view = documents.build_view("clinician", documents.topic_inputs(migraine_draft))
    html = render_html(view)
    assert html.count('<span class="gap">Source not yet identified:</span>') == 5  # one per reference
    assert '<span class="gap">Disclaimer not yet written.</span>' in html
    printed_text = " ".join(pdf_text(printed(view).data).split())
    assert "DRAFT" in printed_text
    assert "Source not yet identified: citation 1 of the imported answer. doi:10.5555/fixture.0001" in printed_text
    assert "Source not yet identified: citation 4 of the imported answer." in printed_text
    assert "Disclaimer not yet written." in printed_text
    for editor_words in ("Citation 1 of the source answer", "to be completed", "evidence-tool answer",
                         "write the clinician disclaimer", "Record not verified"):
        assert editor_words not in printed_text, editor_words


def test_validate_and_lint_list_each_gap_at_its_line(migraine_draft):
    lines = migraine_draft.read_text(encoding="utf-8").splitlines()
    result = run("validate", migraine_draft)
    assert_clean_exit(result, 0)  # a draft may have gaps
    first = lines.index("    identified: false") + 1
    assert re.search(rf"migraine.yaml:{first}:5: warning: references\[0\]\.identified: reference 'ref-1' is not "
                     r"yet identified \(citation 1 of the imported answer\)", result.stderr + result.stdout)
    findings = [f for f in lint_file(migraine_draft).findings if f.rule == "draft-gap"]
    assert [f.field for f in findings] == ["disclaimer.clinician", *(f"references[{i}].identified" for i in range(5))]
    assert findings[0].line == lines.index("  clinician:  # importer: the answer has none: write it") + 1
    assert not [f for f in lint_file(migraine_draft).findings
                if f.rule in ("reference-unverified", "reference-unlocatable", "internal-word")
                and f.field.startswith("references")], "a gap is said once, as a gap"


def test_approve_refuses_a_topic_with_gaps_and_lists_every_gap(tmp_path):
    sample = SAMPLE_TOPIC.read_text(encoding="utf-8")
    disclaimer = re.search(r"\n  clinician: >-\n(?:    .*\n)+", sample[sample.index("\ndisclaimer:"):]).group(0)
    path = edited_copy(tmp_path, (CLEVELAND, NOT_YET_FOUND), ("\ndisclaimer:" + disclaimer, "\ndisclaimer:\n"))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", date.today().isoformat(),
                 "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    identified = lines.index("    identified: false") + 1
    assert re.search(rf"leaky-gut.yaml:{identified}:5: references\[\d+\]\.identified: reference "
                     r"'clevelandclinic2022leakygut' is not yet identified .*only a draft may have a gap",
                     result.stderr)
    assert re.search(r"leaky-gut.yaml:\d+:\d+: disclaimer.clinician: the clinician disclaimer is not written yet",
                     result.stderr)
    assert "is not verified against its source" not in result.stderr, "the gap is said once"
    assert path.read_bytes() == before


def test_the_model_says_a_source_is_not_yet_identified_and_an_old_placeholder_still_loads():
    gap = Reference.model_validate({"id": "ref-1", "identified": False, "cited_as": "citation 1 of the imported "
                                    "answer", "kind": "other", "type": "article-journal"})
    assert (gap.title, gap.verified) == (None, False)  # never verified: nothing was checked
    old = Reference.model_validate({"id": "ref-1", "kind": "other", "type": "article-journal", "verified": False,
                                    "title": "Citation 1 of the source answer (to be completed by the editor)"})
    assert old.identified and not old.verified
    with pytest.raises(ValidationError, match="needs a 'title'"):
        Reference.model_validate({"id": "ref-1", "kind": "other", "type": "article-journal"})
    with pytest.raises(ValidationError, match="cannot be 'verified: true'"):
        Reference.model_validate({"id": "ref-1", "identified": False, "kind": "other", "type": "article-journal",
                                  "verified": True})


def test_an_answer_without_a_summary_leaves_the_bottom_line_a_gap_not_a_note_to_the_editor(tmp_path):
    """The bottom line of an answer with no summary paragraph was the importer's 'The source answer has no summary
    paragraph: write the bottom line before review.', printed under 'Bottom line' as if it were one."""
    answer = "What is the treatment for test condition?\n\n## Treatment\n\n- Hydration: drink fluids every day 1\n"
    path = tmp_path / "topics" / "test-condition.yaml"
    path.parent.mkdir()
    path.write_text(convert(answer, source_name="answer.txt", today=date.today()).yaml, encoding="utf-8")
    assert "  clinician:  # importer: the answer has none: write it" in path.read_text(encoding="utf-8")
    html = render_html(documents.build_view("clinician", documents.topic_inputs(path)))
    assert '<span class="gap">Bottom line not yet written.</span>' in html
    assert "summary paragraph" not in html and "source answer" not in html
    assert "bottom_line.clinician: the clinician bottom line is not written yet" in run("validate", path).output


def test_a_sources_part_without_a_summary_prints_no_finding_of_the_importers_words():
    """c-difficile's 'From the Research' part has bullets only: the brief's Evidence by source printed 'The source
    answer's 'From the Research' part gives its points as the items imported into sections.' as the finding."""
    answer = Path(__file__).parent / "fixtures" / "import" / "c-difficile-web.txt"
    result = convert(answer.read_text(encoding="utf-8"), source_name=answer.name, today=date.today())
    assert [f["kind"] for f in result.draft.data["evidence_by_source"]] == ["guideline", "drug_label"]
    assert "the answer's 'From the Research' part has no summary paragraph" in " ".join(result.draft.review)
    assert "gives its points" not in result.yaml
