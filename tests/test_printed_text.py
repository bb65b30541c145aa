"""Wording that must never print: ISMP's error-prone abbreviations and internal provenance words.

Both are topic rules (handouts/rules.py), so `validate`, `render` and `lint` all
apply them through the one validation; lint reports each finding once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts import documents, ismp
from handouts.context import Context
from handouts.errors import ContentError
from handouts.lint.runner import Options, lint_file, lint_paths
from handouts.loading import load_checked
from handouts.printed import internal_words

from cliutil import run

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = (Path(__file__).parent / "fixtures" / "content" / "minimal-topic.yaml").read_text(encoding="utf-8")
CTX = Context.default()
REPRO = "Vitamin B12 1000 µg QD, vitamin D 50,000 IU, lactulose 5 cc TID."


def topic_text(clinician: str = "Encourage oral fluids.", status: str = "under_review", **fields: str) -> str:
    text = MINIMAL.replace("        clinician: Encourage oral fluids.\n", f"        clinician: {clinician}\n")
    text = text.replace("  status: under_review\n", f"  status: {status}\n")
    for old, new in fields.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write_topic(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics" / "test-topic.yaml"  # named for its id
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------ ISMP list


def test_the_issue_reproduction_is_refused_with_the_safe_spelling_of_each(tmp_path):
    path = write_topic(tmp_path, topic_text(REPRO))
    with pytest.raises(ContentError) as info:
        load_checked(path, "topic", CTX)
    messages = [p.message for p in info.value.problems]
    assert all(p.field == "sections[0].recommendations[0].clinician" and p.line == 15 for p in info.value.problems)
    for found, safe in (("µg", "'mcg'"), ("QD", "'daily'"), ("IU", "'units'"), ("cc", "'mL'"),
                        ("TID", "'three times daily'"), ("1000", "'1,000'")):
        assert any(m.startswith(f"'{found}' is error-prone") and m.endswith(f"write {safe}") for m in messages), found


def test_render_refuses_it_too(tmp_path):
    path = write_topic(tmp_path, topic_text(REPRO))
    with pytest.raises(ContentError):
        documents.topic_inputs(path, "default", CTX)


def test_a_draft_gets_warnings_that_lint_reports_once(tmp_path):
    path = write_topic(tmp_path, topic_text(REPRO, status="draft"))
    checked = load_checked(path, "topic", CTX)
    assert {w.severity for w in checked.warnings} == {"warning"}
    assert len(checked.warnings) == 6
    report = lint_file(path, Options())
    found = [f for f in report.findings if f.rule == "error-prone-abbreviation"]
    assert len(found) == 6  # once each: not again as "invalid" nor by a second lint check
    assert {f.severity for f in found} == {"warning"}
    assert all(f.line == 15 for f in found)



def test_rendering_a_draft_shows_its_warnings_located(tmp_path):
    """The person printing a draft sees what validation found, as `validate` would show it."""
    path = write_topic(tmp_path, topic_text("Encourage oral fluids, 500 cc a day.", status="draft"))
    result = run("render", path, "--audience", "clinician", "-o", tmp_path / "brief.pdf")
    assert result.exit_code == 0, result.output
    assert (f"{path}:15:9: warning: sections[0].recommendations[0].clinician: 'cc' is error-prone"
            in result.stderr), result.stderr
    assert (tmp_path / "brief.pdf").exists()

@pytest.mark.parametrize(("old", "new", "field"), [
    ("  patient: Drink plenty of water.\nabout", "  patient: Take 5.0 mL twice a day.\nabout", "bottom_line.patient"),
    ("about: The test condition", "about: Take .5 mL of the test condition", "about"),
    ("        patient: Drink plenty of water.\n", "        patient: Drink 500 cc of water.\n",
     "sections[0].recommendations[0].patient"),
    ("        citations: [test-guideline]\nwhen", "        citations: [test-guideline]\n"
     "        cautions: [Avoid with MSO4.]\nwhen", "sections[0].recommendations[0].cautions[0]"),
    ("  - patient: Call your care team if you feel worse.", "  - patient: Call us if you need it QOD.",
     "when_to_get_help[0].patient"),
    ("  clinician: For clinicians only.", "  clinician: Check HCTZ use.", "disclaimer.clinician"),
    ("    title: First line\n", "    title: First line\n    intro: Not with MgSO4.\n", "sections[0].intro"),
    ("last_updated:", "algorithm:\n  - text: Stop HCT first.\n    citations: [test-guideline]\nlast_updated:",
     "algorithm[0].text"),
])
def test_every_text_field_is_checked(tmp_path, old, new, field):
    path = write_topic(tmp_path, topic_text(**{old: new}))
    with pytest.raises(ContentError) as info:
        load_checked(path, "topic", CTX)
    error_prone = [p for p in info.value.problems if "error-prone" in p.message]  # a dose may be refused for more
    assert [p.field for p in error_prone] == [field]


def test_dose_designations_name_the_fixed_spelling():
    found = {h.found: h.safe for h in ismp.find("Give 5.0 mg, then .5 mg, 10mg or 4U; 100000 units x3d.")}
    assert found == {"5.0 mg": "'5 mg'", ".5": "'0.5'", "10mg": "'10 mg'", "4U": "'4 units'",
                     "100000": "'100,000'", "x3d": "'for 3 days'"}


@pytest.mark.parametrize("text", [
    "fruit, vegetables, whole grains, seeds and nuts", "2 to 2.5 L a day", "U.S. Food and Drug Administration",
    "30% or greater", "every 8 hours as needed", "10 mg at bedtime", "<b>markup</b> is text",
    "email care@practice.example", "1,200 mg", "0.5 mg",
])
def test_ordinary_text_is_not_flagged(text):
    assert ismp.find(text) == []


def test_a_frequency_the_dose_model_refuses_is_not_reported_twice(tmp_path):
    text = MINIMAL.replace(
        "        citations: [test-guideline]\nwhen",
        "        citations: [test-guideline]\n        name: Water\n"
        "        dose: {amount: 1, unit: L, frequency: QD, citations: [test-guideline]}\nwhen",
    )
    with pytest.raises(ContentError) as info:
        load_checked(write_topic(tmp_path, text), "topic", CTX)
    assert len([p for p in info.value.problems if "QD" in p.message]) == 1


def test_every_entry_of_the_shipped_list_is_found_by_its_own_spelling():
    data = ismp.parse_list((ROOT / "data" / "lint" / "ismp.toml").read_text(encoding="utf-8"))
    assert len(data) >= 50
    import tomllib

    listed = tomllib.loads((ROOT / "data" / "lint" / "ismp.toml").read_text(encoding="utf-8"))
    for entry in listed["abbreviation"]:
        language = (entry.get("languages") or ["en"])[0]  # an entry for Spanish texts only: in Spanish
        for written in entry["write"]:
            hits = ismp.find(f"take {written} now", language=language)
            assert hits and hits[0].found == written, written


def test_shipped_data_has_no_ismp_finding_in_lint_or_validate():
    reports = lint_paths([ROOT / "data"])
    assert [f for r in reports for f in r.findings if f.rule in ("error-prone-abbreviation", "invalid")] == []
    result = run("validate", ROOT / "data" / "topics")
    assert result.exit_code == 0 and result.stderr == "", result.output


# ------------------------------------------------------------- internal provenance words


@pytest.mark.parametrize(("text", "words"), [
    ("Adequate sleep supports gut healing (seed 000).", ["seed 000"]),
    ("The seeds' anti-diarrhoeal advice comes from short bowel guidance.", ["seeds'"]),
    ("Dietary advice is the first step in both seed answers.", ["both seed answers"]),
    ("The seed gives no source for this step.", ["The seed"]),
    ("Written by the importer as a placeholder.", ["importer", "placeholder"]),
    ("Eat fruit, seeds and nuts. Sesame seed oil is fine.", []),
])
def test_internal_words_are_found_and_food_is_not(text, words):
    assert internal_words(text) == words


def test_a_provenance_word_is_a_located_warning_and_one_lint_finding(tmp_path):
    path = write_topic(tmp_path, topic_text("Encourage oral fluids (seed 001)."))
    checked = load_checked(path, "topic", CTX)
    assert [(w.line, w.field, w.severity) for w in checked.warnings] == [
        (15, "sections[0].recommendations[0].clinician", "warning")]
    assert "'seed 001'" in checked.warnings[0].message
    found = [f for f in lint_file(path, Options()).findings if f.rule == "internal-word"]
    assert [(f.line, f.severity) for f in found] == [(15, "warning")]


def test_the_sample_speaks_of_no_seeds_importers_or_placeholders(tmp_path):
    checked = load_checked(ROOT / "data" / "topics" / "leaky-gut.yaml", "topic", CTX)
    assert [w for w in checked.warnings if w.rule == "internal-word"] == []
    view = documents.build_view("clinician", documents.topic_inputs("leaky-gut", "default", CTX), None, CTX)
    html = documents.render_bytes(view, "html").decode()
    assert internal_words(html) == []
    assert "(seed 0" not in html and "seeds'" not in html.lower()


# ------------------------------------------------------------------------ diet texts


def test_a_diet_sheets_own_words_are_checked_too(tmp_path):
    """A dietitian's note on a patient's sheet is refused with the safe spelling, located."""
    source = (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text(encoding="utf-8")
    old = "notes: Bring this sheet and your diary to your visit on September 29."
    assert source.count(old) == 1
    path = tmp_path / "sam.yaml"
    path.write_text(source.replace(old, "notes: Take 5 cc of the syrup QD with breakfast."), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_checked(path, "diet-customisation", CTX)
    (problem,) = info.value.problems  # one message for the note, which it never quotes (patient data)
    assert problem.field == "notes" and problem.line == source.splitlines().index(old) + 1
    assert "at character 8, 'cc' (mistaken for U (units) when poorly written): write 'mL'" in problem.message
    assert "at character 24, 'QD'" in problem.message and "syrup" not in problem.message


def test_a_draft_diet_plan_gets_a_warning_and_a_reviewed_one_an_error(tmp_path):
    source = (ROOT / "data" / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8")
    assert "  status: under_review\n" in source
    path = tmp_path / "diets" / "plan.yaml"
    path.parent.mkdir()
    old = "      - en: Eat plenty of the foods you can enjoy.\n"
    assert source.count(old) == 1
    marked = source.replace(old, "      - en: Eat plenty of the foods you can enjoy. Take 1000 IU.\n")
    path.write_text(marked, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_checked(path, "diet-plan", CTX)
    field = "phases[0].instructions[0].en"
    assert any(p.field == field and "'IU' is error-prone" in p.message for p in info.value.problems)
    path.write_text(marked.replace("  status: under_review\n", "  status: draft\n", 1), encoding="utf-8")
    checked = load_checked(path, "diet-plan", CTX)
    assert [(w.field, w.severity) for w in checked.warnings if "'IU' is error-prone" in w.message] == [
        (field, "warning")]


def test_render_says_a_drafts_warning_in_the_line_validate_prints(tmp_path):
    """One shape for a finding, whichever command said it: `render` printed 'warning: FILE:15:9: field: ...'
    where `validate` prints 'FILE:15:9: warning: field: ...' (a grep or an editor's jump wants one)."""
    path = write_topic(tmp_path, topic_text("Encourage oral fluids, 500 cc a day.", status="draft"))
    rendered = run("render", path, "--audience", "clinician", "-o", tmp_path / "brief.pdf")
    validated = run("validate", path)
    line = next(x for x in validated.output.splitlines() if ":15:9: warning:" in x)
    assert line in rendered.stderr.splitlines(), (line, rendered.stderr)
    assert f"warning: {path}" not in rendered.stderr
