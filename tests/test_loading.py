"""Loading content files through the Python API: located problems, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import ContentError, Problem
from handouts.kinds import CONTENT_KINDS as KINDS
from handouts.loading import content_files, detect_kind, load, load_brand, load_topic
from handouts.models import Brand, Personalisation, Topic
from handouts.yamlsource import parse
from handouts.context import Context

CTX = Context.default()

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "content"
MINIMAL = (FIXTURES / "minimal-topic.yaml").read_text(encoding="utf-8")
FIVE_MISTAKES = FIXTURES / "five-mistakes.yaml"
SAMPLE = ROOT / "data" / "topics" / "leaky-gut.yaml"
REC = "sections[0].recommendations[0]"

BRAND = "id: clinic\nname: Test Clinic\ncolors:\n  primary: '#1d4e89'\n"


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    assert text.count(old) == 1, f"anchor {old!r} must occur exactly once"
    return text.replace(old, new)


def problems_of(path: Path, kind: str | None = "topic") -> list[Problem]:
    with pytest.raises(ContentError) as info:
        load(path, kind, CTX)
    return info.value.problems


def only(path: Path, kind: str | None = "topic") -> Problem:
    found = [p for p in problems_of(path, kind) if p.severity == "error"]  # warnings (no phone) aside
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --- the sample and the fixture ------------------------------------------------


def test_minimal_fixture_loads_as_a_topic():
    topic = load_topic(FIXTURES / "minimal-topic.yaml", CTX)
    assert isinstance(topic, Topic)
    assert topic.about.get("es") == topic.about.get("en")


def test_sample_leaky_gut_topic_loads():
    assert SAMPLE.is_file(), f"{SAMPLE} is missing"
    topic = load_topic(SAMPLE, CTX)
    assert topic.id == "leaky-gut"
    assert topic.references, "the sample cites references"
    assert topic.recommendations()


# --- unknown keys name the key and suggest the closest -------------------------


def test_unknown_top_level_key_suggests_the_closest(write):
    path = write("topic.yaml", edit("question:", "questoin: Typo?\nquestion:"))
    problem = only(path)
    assert (problem.line, problem.col, problem.field) == (3, 1, "questoin")
    assert problem.message == "unknown key 'questoin'; did you mean 'question'?"


def test_unknown_key_inside_a_dose_suggests_the_closest(write):
    text = edit(
        "        citations: [test-guideline]\n",
        "        citations: [test-guideline]\n"
        "        name: Water\n"
        "        dose:\n"
        "          amount: 2\n"
        "          unit: L\n"
        "          frequncy: per day\n"
        "          unsupported: No reference gives this amount.\n",
    )
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (22, f"{REC}.dose.frequncy")
    assert problem.message == "unknown key 'frequncy'; did you mean 'frequency'?"


def test_reference_container_title_with_underscore_suggests_the_csl_spelling(write):
    text = edit("    title: A test guideline\n", "    title: A test guideline\n    container_title: BMJ\n")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (26, "references[0].container_title")
    assert problem.message == "unknown key 'container_title'; did you mean 'container-title'?"


def test_unknown_key_with_no_close_match_lists_the_valid_keys(write):
    text = edit("review:\n  status: under_review\n", "review:\n  status: under_review\n  zzzz: 1\n")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (28, "review.zzzz")
    assert problem.message.startswith("unknown key 'zzzz'; valid keys here: ")
    assert "reviewer" in problem.message and "next_review" in problem.message


# --- model errors are located --------------------------------------------------


def test_missing_required_key_names_the_key_and_points_at_its_parent(write):
    text = edit("    type: report\n", "")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (22, "references[0].type")
    assert problem.message == "required key is missing"


def test_wrong_type_is_located(write):
    text = edit("  status: under_review\n", "  status: under_review\n  reviewed: last tuesday\n")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (28, "review.reviewed")
    assert "date" in problem.message


def test_bad_id_says_what_an_id_looks_like(write):
    text = edit("      - id: fluids\n", "      - id: Oral Fluids\n")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (14, f"{REC}.id")
    assert "'Oral Fluids' is not a valid id" in problem.message
    assert "lower-case" in problem.message


def test_bad_dose_unit_is_located(write):
    text = edit(
        "        citations: [test-guideline]\n",
        "        citations: [test-guideline]\n        name: Vitamin D\n"
        "        dose: {amount: 1000, unit: IU, frequency: once daily, citations: [test-guideline]}\n",
    )
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (19, f"{REC}.dose.unit")
    assert "'IU' is an error-prone abbreviation" in problem.message


def test_localized_text_without_english_is_located(write):
    text = edit("about: The test condition is a made-up condition used in tests.\n", "about:\n  es: Una condicion.\n")
    problem = only(write("topic.yaml", text))
    assert (problem.line, problem.field) == (9, "about")
    # (the message's first letter is lower-cased like every pydantic message)
    assert "english text ('en') is required" in problem.message.lower()


def test_empty_sections_list_is_refused(write):
    start = MINIMAL.index("sections:\n")
    end = MINIMAL.index("when_to_get_help:")
    text = MINIMAL[:start] + "sections: []\n" + MINIMAL[end:]
    found = problems_of(write("topic.yaml", text))
    assert any(p.field == "sections" and p.line == 10 for p in found), "\n".join(map(str, found))


# --- every problem in one run ---------------------------------------------------


def test_five_mistakes_are_all_reported_in_one_run_with_their_own_lines():
    found = problems_of(FIVE_MISTAKES, None)
    assert [(p.line, p.field) for p in found] == [
        (19, f"{REC}.citations[0]"),
        (20, f"{REC}.cautoins"),
        (23, f"{REC}.dose.unit"),
        (27, "when_to_get_help[0].urgent"),
        (30, "references[0].type"),
    ]
    messages = [p.message for p in found]
    assert "matches no reference id; did you mean 'test-guideline'?" in messages[0]
    assert messages[1] == "unknown key 'cautoins'; did you mean 'cautions'?"
    assert "'cc' is an error-prone abbreviation; write mL" in messages[2]
    assert "boolean" in messages[3]
    assert messages[4] == "required key is missing"
    assert all(p.path.endswith("five-mistakes.yaml") for p in found)


def test_content_error_message_lists_every_problem():
    with pytest.raises(ContentError) as info:
        load_topic(FIVE_MISTAKES, CTX)
    assert len(str(info.value).splitlines()) == 5


def test_rules_still_run_when_the_model_cannot_be_built(write):
    text = edit("title: Test topic\n", "").replace(
        "        citations: [test-guideline]\n", "        citations: [no-such-ref]\n"
    )
    found = problems_of(write("topic.yaml", text))
    assert {p.field for p in found} == {"title", f"{REC}.citations[0]"}


# --- YAML syntax ------------------------------------------------------------------


def test_bad_indentation_is_a_located_syntax_problem(write):
    path = write("topic.yaml", edit("    title: First line\n", "     title: First line\n"))
    problem = only(path)
    assert problem.line == 12
    assert problem.message.startswith("YAML syntax:")


def test_tab_indentation_says_to_use_spaces(write):
    path = write("topic.yaml", edit("  name: Test condition\n", "\tname: Test condition\n"))
    problem = only(path)
    assert problem.line == 5
    assert "tab character" in problem.message
    assert "spaces" in problem.message


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    problem = only(tmp_path / "nope.yaml")
    assert problem.message == "no such file"


def test_non_utf8_file_is_a_problem(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in only(path).message


def test_a_file_saved_in_the_computers_code_page_names_the_line_and_how_to_save_it(tmp_path):
    """It said 'at byte 943': a clinician whose editor saved the topic as cp1252 had to count bytes."""
    path = tmp_path / "topic.yaml"
    path.write_bytes("id: x\ntitle: Leaky gut\npatient_title: {es: S\xedndrome}\n".encode("cp1252"))
    problem = only(path)
    assert (problem.line, problem.col) == (3, 22)
    assert "not UTF-8 text" in problem.message and "save the file as UTF-8" in problem.message
    assert "at byte" not in problem.message


# --- Problem ---------------------------------------------------------------------


def test_problem_str_is_path_line_col_field_message():
    problem = Problem("data/topics/x.yaml", 17, 21, f"{REC}.citations[0]", "citation 'a' matches no reference id")
    assert str(problem) == (
        f"data/topics/x.yaml:17:21: {REC}.citations[0]: citation 'a' matches no reference id"
    )


def test_problem_about_the_whole_file_has_no_line_or_field():
    assert str(Problem("x.yaml", 0, 0, "", "no such file")) == "x.yaml: no such file"


def test_content_error_sorts_problems_by_position():
    error = ContentError([Problem("a.yaml", 9, 1, "b", "m"), Problem("a.yaml", 2, 1, "a", "m")])
    assert [p.line for p in error.problems] == [2, 9]


# --- kinds --------------------------------------------------------------------------


def test_kind_is_detected_from_the_folder_name(write):
    path = write("brands/anything.yaml", "id: clinic\nname: Clinic\n")
    assert detect_kind(path, parse(path.read_text(), str(path))).name == "brand"


@pytest.mark.parametrize(
    ("text", "kind"),
    [(MINIMAL, "topic"), (BRAND, "brand"), ("patient_name: Ann\n", "personalisation")],
)
def test_kind_is_detected_from_the_keys(write, text, kind):
    path = write("elsewhere/file.yaml", text)
    assert detect_kind(path, parse(text, str(path))).name == kind


def test_load_returns_the_detected_model(write):
    assert isinstance(load(write("t.yaml", MINIMAL), None, CTX), Topic)
    assert isinstance(load(write("b.yaml", BRAND), None, CTX), Brand)
    assert isinstance(load(write("p.yaml", "patient_name: Ann\nlanguage: es\n"), None, CTX), Personalisation)


def test_file_of_unknown_kind_says_what_kinds_exist(write):
    problem = only(write("mystery.yaml", "flavour: vanilla\n"), None)
    assert "cannot tell what kind of file this is" in problem.message
    for name, kind in KINDS.items():
        assert name in problem.message
        assert kind.folder in problem.message


def test_explicit_kind_overrides_detection(write):
    found = problems_of(write("t.yaml", MINIMAL), "brand")
    assert any("unknown key 'question'" in p.message for p in found)


def test_content_files_walks_folders_recursively_in_order(tmp_path):
    for name in ["b.yaml", "a.yml", "sub/deeper/c.yaml", "sub/notes.txt", "sub/d.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n")
    single = tmp_path / "sub" / "notes.txt"
    found = list(content_files([tmp_path, single]))
    assert found == [tmp_path / "a.yml", tmp_path / "b.yaml", tmp_path / "sub/deeper/c.yaml", single]


# --- brand: logo rules ------------------------------------------------------------------


def brand_with(write, logo_lines: str) -> Path:
    return write("brand/brand.yaml", BRAND + logo_lines)


def test_brand_without_logo_loads(write):
    brand = load_brand(brand_with(write, ""), CTX)
    assert brand.logo is None


def test_brand_with_logo_inside_its_folder_loads(write):
    write("brand/img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    brand = load_brand(brand_with(write, "logo: img/logo.svg\nlogo_alt: Test Clinic logo\n"), CTX)
    assert brand.logo == "img/logo.svg"


@pytest.mark.parametrize("logo", ["../secret.svg", "/etc/passwd", "img/../../secret.svg", "C:/secret.svg"])
def test_brand_logo_outside_its_folder_is_refused(write, logo):
    write("secret.svg", "<svg/>")  # exists, next to the brand folder: still refused
    problem = only(brand_with(write, f"logo: '{logo}'\nlogo_alt: Logo\n"), "brand")
    assert (problem.line, problem.field) == (5, "logo")
    assert "points outside the brand's folder" in problem.message


def test_brand_logo_symlink_leaving_the_folder_is_refused(write, tmp_path):
    secret = write("secret.svg", "<svg/>")
    path = brand_with(write, "logo: logo.svg\nlogo_alt: Logo\n")
    (path.parent / "logo.svg").symlink_to(secret)
    problem = only(path, "brand")
    assert "points outside the brand's folder" in problem.message


def test_brand_missing_logo_file_is_refused(write):
    problem = only(brand_with(write, "logo: logo.svg\nlogo_alt: Logo\n"), "brand")
    assert (problem.line, problem.field) == (5, "logo")
    assert "logo file 'logo.svg' does not exist" in problem.message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_brand_logo_that_is_a_fifo_is_not_called_missing(write):
    import os

    path = brand_with(write, "logo: logo.svg\nlogo_alt: Logo\n")
    os.mkfifo(path.parent / "logo.svg")
    problem = only(path, "brand")
    assert problem.message == ("logo 'logo.svg' is not a regular file (a device, FIFO or socket); give an image "
                               "file")


def test_brand_logo_without_alt_text_is_refused(write):
    write("brand/logo.svg", "<svg/>")
    problem = only(brand_with(write, "logo: logo.svg\n"), "brand")
    assert problem.field == "logo_alt"
    assert "alt text" in problem.message


def test_brand_logo_must_be_an_image(write):
    write("brand/logo.txt", "not an image")
    problem = only(brand_with(write, "logo: logo.txt\nlogo_alt: Logo\n"), "brand")
    assert "SVG, PNG or JPEG" in problem.message
