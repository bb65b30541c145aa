"""A draft's gaps print as gaps, never as content, and a topic with gaps is never approved.

Reproduction: `handouts import tests/fixtures/import/migraine-structured.txt`, then the
draft's clinician brief. Its reference list printed "Citation 1 of the source answer (to be
completed by the editor)" as if it were a bibliographic record, and its disclaimer "Draft
imported from an evidence-tool answer that had no disclaimer: ... write the clinician
disclaimer". The data now says what is missing (`identified: false` on a reference,
`disclaimer.clinician` left empty); the brief prints each as a marked gap, validate and lint
list them (rule draft-gap) and approve refuses them, every one located. So too a claim the
answer does not cite: `unsupported: not yet sought`, printed "Source not yet sought", where the
importer wrote the reason "No citation marker in the source answer".
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
from handouts.context import Context
from handouts.models import Reference, Statement
from handouts.models.diet import Basis
from handouts.rules import draft_gaps
from handouts.validation import format_loc
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


# An item the answer does not cite: 'unsupported: not yet sought', a gap, where the importer wrote the reason
# 'No citation marker in the source answer' that the brief printed after '[no verified source]' as a reviewer's.
# Reproduction: `handouts import tests/fixtures/import/seed-leaky-gut-web.txt`, then the draft's clinician brief.
FIXTURES = Path(__file__).parent / "fixtures" / "import"
CTX = Context.default()
NOT_SOUGHT_GAP = '<span class="gap">Source not yet sought.</span>'
OLD_NOTE = "No citation marker in the source answer"
"""What the importer wrote before: drafts that have it still load and print it as before."""


@pytest.fixture(scope="module")
def uncited_drafts(tmp_path_factory) -> dict[str, Path]:
    """The seeds' answers imported: the web one's uncited items, findings and points; the structured one's
    uncited algorithm steps, monitoring points and pitfall."""
    folder = tmp_path_factory.mktemp("uncited") / "topics"
    folder.mkdir()
    drafts = {}
    for style in ("web", "structured"):
        answer = FIXTURES / f"seed-leaky-gut-{style}.txt"
        drafts[style] = folder / f"leaky-gut-{style}.yaml"
        drafts[style].write_text(convert(answer.read_text(encoding="utf-8"), source_name=answer.name,
                                         today=date.today()).yaml, encoding="utf-8")
    return drafts


def _gap_lines(path: Path) -> list[int]:
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.fullmatch(r" +unsupported: not yet sought", line)]


def _brief(path: Path) -> str:
    return render_html(documents.build_view("clinician", documents.topic_inputs(path)))


def test_an_uncited_claim_prints_source_not_yet_sought_as_a_gap_never_as_a_reason(uncited_drafts):
    web, structured = uncited_drafts["web"], uncited_drafts["structured"]
    topic = documents.topic_inputs(web).topic
    recs = [r for r in topic.recommendations() if r.source_not_sought]
    findings = [f for f in topic.evidence_by_source if f.source_not_sought]
    points = [p for f in topic.evidence_by_source for p in f.points if p.source_not_sought]
    assert (len(recs), len(findings), len(points)) == (7, 2, 3)
    to_do = " ".join(line.lstrip("# ") for line in web.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    assert "12 item(s) have no citation marker in the source (unsupported: not yet sought;" in to_do
    assert "evidence_by_source[1], evidence_by_source[1].points[0]," in to_do  # every one named, findings too
    assert not any(r.patient_visible for r in recs), "no verified source: never on a patient's handout"
    html = _brief(web)
    assert html.count(NOT_SOUGHT_GAP) == 12  # each at its claim, after its '[no verified source]' mark
    assert html.count(f'<span class="unsupported"> [no verified source]</span> {NOT_SOUGHT_GAP}') == 12
    assert re.search(r"The FDA drug label does not answer the question\.<span class=\"unsupported\"> "
                     rf"\[no verified source\]</span> {re.escape(NOT_SOUGHT_GAP)}</p>", html)
    assert "source answer" not in html and "citation marker" not in html
    # every step of the algorithm, and every monitoring point: one gap under the list, as a shared reason is
    html = _brief(structured)
    shared = f'<span class="unsupported">[no verified source]</span> for every item above: {NOT_SOUGHT_GAP}'
    assert html.count(shared) == 2
    assert html.count(NOT_SOUGHT_GAP) == 4  # and the first step on page 1, and a pitfall
    assert "source answer" not in html


def test_a_dose_not_yet_sought_and_an_old_drafts_reason_print_as_they_say(uncited_drafts, tmp_path):
    text = uncited_drafts["web"].read_text(encoding="utf-8")
    assert text.count("          unit: g\n") == 1
    dosed = tmp_path / "topics" / "leaky-gut-dosed.yaml"
    dosed.parent.mkdir()
    dosed.write_text(text.replace("          unit: g\n", "          unit: g\n          unsupported: Not yet sought.\n"),
                     encoding="utf-8")
    assert re.search(r'No verified source for this dose</span> <span class="gap">Source not yet sought.</span>',
                     _brief(dosed))
    old = tmp_path / "topics" / "leaky-gut-old.yaml"
    old.write_text(re.sub(r"(?m)^( +unsupported:) not yet sought$", rf"\1 {OLD_NOTE}", text), encoding="utf-8")
    html = _brief(old)
    assert html.count(f'<span class="unsupported-note">{OLD_NOTE}</span>') == 12 and NOT_SOUGHT_GAP not in html


def test_validate_and_lint_list_each_claim_not_yet_sought_at_its_line(uncited_drafts):
    web = uncited_drafts["web"]
    lines = _gap_lines(web)
    assert len(lines) == 12
    result = run("validate", web)
    assert_clean_exit(result, 0)  # a draft may have gaps
    said = [int(m.group(1)) for m in re.finditer(
        r"leaky-gut-web\.yaml:(\d+):\d+: warning: \S+\.unsupported: (?:'[a-z0-9-]+': )?no source has been sought "
        r"yet \('not yet sought'\): cite the reference that supports it, or write in its place why there is no "
        r"verified source; the brief prints it as a gap\n", result.stderr + result.stdout)]
    assert said == lines
    assert "sections[0].recommendations[0].unsupported: 'dietary-changes': no source has been sought" in result.output
    findings = lint_file(web).findings
    assert [f.line for f in findings if f.rule == "draft-gap" and f.field.endswith(".unsupported")] == lines
    assert not [f for f in findings if f.rule in ("unsupported", "internal-word") and f.field.endswith("unsupported")]


def test_approve_refuses_a_claim_not_yet_sought_at_its_line(tmp_path):
    reason = ("          No verified source: no record in the reference set addresses the\n"
              "          Mediterranean diet in increased intestinal permeability.\n")
    path = edited_copy(tmp_path, (reason, "          not yet sought\n"))
    before = path.read_bytes()
    result = run("approve", path, "--reviewer", "Dr Ada Lane", "--reviewed", date.today().isoformat(),
                 "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 1)
    line = path.read_text(encoding="utf-8").splitlines().index("          not yet sought") + 1
    assert re.search(rf"leaky-gut.yaml:{line - 1}:9: sections\[0\]\.recommendations\[1\]\.unsupported: "
                     r"'mediterranean-diet': no source has been sought yet .*only a draft may have a gap, not a "
                     r"topic that is approved", result.stderr)
    assert path.read_bytes() == before


def test_not_yet_sought_is_a_gap_in_any_claim_and_never_a_diet_plans_reason():
    assert Statement(text="Check ferritin.", unsupported="Source not yet sought.").source_not_sought
    assert not Statement(text="Check ferritin.", unsupported=OLD_NOTE).source_not_sought  # an old draft's: a reason
    assert not Statement(text="Check ferritin.", unsupported="Expert consensus, no trial").source_not_sought
    data = {"review": {"status": "under_review"}, "sections": [{"recommendations": [
        {"id": "iron", "unsupported": "not yet sought", "dose": {"unsupported": "not yet sought"}}]}],
        "when_to_get_help": [{"unsupported": "NOT YET SOUGHT"}]}
    found = [(format_loc(f.loc), f.severity) for f in draft_gaps(data, CTX)]
    assert found == [("sections[0].recommendations[0].unsupported", "error"),
                     ("when_to_get_help[0].unsupported", "error"),
                     ("sections[0].recommendations[0].dose.unsupported", "error")]
    with pytest.raises(ValidationError, match="a draft topic's gap, not a reason"):
        Basis.model_validate({"patient": "Why this plan", "unsupported": "not yet sought"})
