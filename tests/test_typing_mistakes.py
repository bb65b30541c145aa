"""What a person types wrong at the command line gets a message that says how to type it.

Each case is a mistake a clinician makes at a terminal; the message must say what
is wrong and how to write it instead (never strptime's '%Y-%m-%d' or a regular
expression), exit 2, and write nothing.
"""

from __future__ import annotations

import re

import pytest

from cliutil import assert_clean_exit, run
from samples import NEXT_REVIEW

DATE_HOW = "write dates as YYYY-MM-DD, e.g. 2025-07-14"


@pytest.mark.parametrize(("args", "option", "words"), [
    (("render", "leaky-gut", "--audience", "patient", "--date", "14/07/2025"), "--date", DATE_HOW),
    (("render", "leaky-gut", "--audience", "patient", "--follow-up", "07/14/2025"), "--follow-up", DATE_HOW),
    (("render", "leaky-gut", "--audience", "patient", "--follow-up", "2025-02-30"), "--follow-up",
     "no such day in the calendar"),
    (("render", "leaky-gut", "--audience", "clinician", "--as-of", "2025.01.01"), "--as-of", DATE_HOW),
    (("lint", "leaky-gut", "--as-of", "tomorrow"), "--as-of", DATE_HOW),
    (("approve", "leaky-gut", "--reviewer", "A", "--reviewed", "1/7/2025"), "--reviewed", DATE_HOW),
    (("approve", "leaky-gut", "--reviewer", "A", "--next-review", "2026-13-01"), "--next-review",
     "no such day in the calendar"),
])
def test_a_wrong_date_says_how_to_write_one(tmp_path, args, option, words):
    out = tmp_path / "x.pdf"
    result = run(*args, "-o", out) if args[0] == "render" else run(*args)
    assert_clean_exit(result, 2)
    assert f"'{option}'" in result.output and words in result.output
    assert "%Y" not in result.output and "does not match the format" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("typed", ["spanish", "es-mexico", "e"])
def test_a_wrong_language_says_what_a_code_looks_like(tmp_path, typed):
    out = tmp_path / "x.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", typed, "-o", out)
    assert_clean_exit(result, 2)
    assert f"'{typed}' is not a language code like 'en', 'es' or 'es-MX'" in result.output
    assert "pattern" not in result.output and "^[a-z]" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(("typed", "also"), [("es_MX", "EN"), ("ES", "en_us")])
def test_a_language_code_typed_another_common_way_is_understood(tmp_path, typed, also):
    """The codes are read before anything is laid out: the web page shows both languages as a PDF would."""
    out = tmp_path / "x.html"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", typed, "--also", also, "-o", out)
    assert_clean_exit(result, 0)
    page = out.read_text(encoding="utf-8")
    assert 'lang="es"' in page and 'lang="en"' in page, page[:2000]


@pytest.mark.parametrize(("typed", "words"), [
    ("01/09/2025", DATE_HOW),
    ("1 September 2025", DATE_HOW),
    ("'2025-02-30'", "no such day in the calendar"),
    ("2025-02-30", "no such day in the calendar"),  # unquoted: YAML's timestamp rule failed, naming no field
    ("2025-13-01", "no such day in the calendar"),
    ("2025-9-1", DATE_HOW),  # a day YAML reads, but not the one form the tool takes
])
def test_a_wrong_date_in_a_content_file_is_located_and_says_how_to_write_one(tmp_path, typed, words):
    from samples import ROOT, copy_of

    path = copy_of(tmp_path, ROOT / "data" / "customisations" / "sam-low-fodmap.yaml", "customisations")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("start_date: 2025-09-01", f"start_date: {typed}"), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("start_"))
    assert f"sam-low-fodmap.yaml:{line}:1: start_date: " in result.output
    assert words in result.output
    assert "invalid character" not in result.output and "valid date or datetime" not in result.output


@pytest.mark.parametrize(("source", "sub", "line", "typed", "field"), [
    ("topics/leaky-gut.yaml", "topics", "last_updated: 2025-07-02", "last_updated: 2025-02-30", "last_updated"),
    ("topics/leaky-gut.yaml", "topics", "  status: under_review", "  status: under_review\n  next_review: 2026-04-31",
     "review.next_review"),
    ("topics/leaky-gut.yaml", "topics", "    status: draft", "    status: draft\n    reviewed: 2025-06-31",
     "translations.es.reviewed"),
    ("diets/low-fodmap.yaml", "diets", "last_updated: 2025-07-02", "last_updated: 2025-00-10", "last_updated"),
    ("customisations/sam-low-fodmap.yaml", "customisations", "follow_up: 2025-09-29", "follow_up: 2025-11-31",
     "follow_up"),
])
def test_every_date_field_names_itself_when_an_unquoted_day_does_not_exist(tmp_path, source, sub, line, typed,
                                                                            field):
    from samples import ROOT, copy_of

    path = copy_of(tmp_path, ROOT / "data" / source, sub)
    text = path.read_text(encoding="utf-8")
    assert text.count(line + "\n") == 1, line
    path.write_text(text.replace(line + "\n", typed + "\n"), encoding="utf-8")
    result = run("validate", path)
    assert_clean_exit(result, 1)
    key = field.rpartition(".")[2]
    written = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, t in enumerate(written, 1) if t.strip().startswith(f"{key}: 20"))
    column = written[number - 1].index(key) + 1
    assert f"{path.name}:{number}:{column}: {field}: no such day in the calendar (YYYY-MM-DD" in result.output
    assert typed.rpartition(": ")[2] not in result.output, "a date may be a patient's: it is not repeated"


def test_an_unquoted_visit_date_that_does_not_exist_in_a_job_file_is_located_without_repeating_it(tmp_path):
    from handouts.batch.jobs import BadJob, JobFile, OutputPattern
    from samples import ROOT

    jobs = tmp_path / "jobs.yaml"
    jobs.write_text("jobs:\n  - topic: leaky-gut\n    audience: patient\n    patient_name: Zebulon Quixote\n"
                    "    visit_date: 2025-02-30\n", encoding="utf-8")
    (bad,) = list(JobFile(jobs, OutputPattern("{topic}.pdf"), [ROOT / "data"], brand="default"))
    assert isinstance(bad, BadJob)
    assert "jobs.yaml:5:5: visit_date: no such day in the calendar" in bad.error
    assert "2025-02-30" not in bad.error and "Zebulon" not in bad.error


@pytest.mark.parametrize(("args", "words"), [
    (("list", "brands", "--config", "clinic"), "'handouts --config DIR list ...'"),
    (("brand", "new", "--config=clinic"), "'handouts --config DIR brand new ...'"),
])
def test_config_after_the_command_says_where_it_goes(args, words):
    result = run(*args)
    assert_clean_exit(result, 2)
    assert "--config names the workspace for every command, so it goes first" in result.output
    assert words in result.output


def test_a_command_option_before_the_command_says_where_it_goes():
    result = run("--audience", "patient", "render", "leaky-gut")
    assert_clean_exit(result, 2)
    assert "a command's own options go after its name" in result.output
    assert "'handouts render TOPIC --audience ...'" in result.output


@pytest.mark.parametrize(("typed", "meant"), [("lst", "list"), ("rendr", "render"), ("valdate", "validate")])
def test_a_misspelt_command_gets_a_suggestion(typed, meant):
    result = run(typed)
    assert_clean_exit(result, 2)
    assert f"No such command '{typed}'." in result.output and f"'{meant}'" in result.output


def test_an_unknown_id_outside_a_workspace_says_only_the_samples_were_searched(tmp_path, monkeypatch):
    """The practice's own brand, typed in another folder, got 'did you mean harbourside?' and nothing else."""
    monkeypatch.chdir(tmp_path)
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "harbour-health", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "no brand 'harbour-health'" in result.output
    assert "no workspace was found here" in result.output and "'handouts --config DIR ...'" in result.output
    assert not (tmp_path / "x.pdf").exists()
    assert "no workspace was found here" in run("validate", "harbour-health").output


def test_an_unknown_id_inside_a_workspace_needs_no_such_note(clinic):
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "riversid", "-o", clinic / "x.pdf")
    assert_clean_exit(result, 2)
    assert "did you mean 'riverside'?" in result.output and "no workspace" not in result.output


def test_a_workspace_brand_that_does_not_exist_is_located_in_handouts_toml(clinic):
    """'no brand harbour' alone did not say the name came from handouts.toml, as nobody typed --brand."""
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('brand = "default"', 'brand = "harbour"'),
                      encoding="utf-8")
    line = next(n for n, t in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("brand"))
    result = run("render", "leaky-gut", "--audience", "patient")
    assert_clean_exit(result, 1)
    assert f"handouts.toml:{line}:1: brand: no brand 'harbour'; did you mean 'harbourside'?" in result.output
    assert "change it here, or give --brand" in result.output
    assert not (clinic / "out").exists()
    given = run("render", "leaky-gut", "--audience", "patient", "--brand", "riverside", "-o", clinic / "r.pdf")
    assert_clean_exit(given, 0)


@pytest.mark.parametrize("args", [
    ("render", "{missing}", "--audience", "patient"),
    ("render", "leaky-gut", "--audience", "patient", "--brand", "{missing}"),
    ("diet", "{missing}"),
    ("approve", "{missing}", "--reviewer", "A"),
])
def test_a_missing_file_on_the_command_line_is_a_usage_error_as_in_validate(tmp_path, args):
    """render and diet said 'x.yaml: no such file' with exit 1, the status for invalid content."""
    missing = tmp_path / "topci.yaml"
    result = run(*(a.format(missing=missing) for a in args), "-o", tmp_path / "x.pdf") if args[0] != "approve" \
        else run(*(a.format(missing=missing) for a in args))
    assert_clean_exit(result, 2)
    assert f"{missing}: no such file" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_brand_id_that_is_taken_is_refused_before_the_other_questions(clinic):
    """The id was checked after the colours, logo and paper had all been answered."""
    riverside = clinic / "data" / "brands" / "riverside.yaml"
    before = riverside.read_bytes()
    result = run("brand", "new", input="Riverside\nriverside\n555-0100\n\n#0b6e69\n\n\n\n")
    assert_clean_exit(result, 2)
    assert "riverside.yaml exists; choose another id, or use --force to replace it" in result.output
    assert "Phone" not in result.output and "colour" not in result.output
    assert riverside.read_bytes() == before


def test_brand_new_prints_only_the_brand_file_on_standard_output(clinic):
    """The questions went to standard output too, so a script reading the path written got
    'Practice name: Brand id [bay-clinic]: ... data/brands/bay-clinic.yaml' on one line."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "handouts", "brand", "new"], cwd=clinic, capture_output=True,
                          text=True, timeout=60, input="Bay Clinic\n\n\n555-0100\n\n#1d4e89\n\n\n\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "data/brands/bay-clinic.yaml\n"
    assert "Practice name:" in done.stderr and "wrote data/brands/bay-clinic.yaml" in done.stderr


def test_a_patient_detail_on_a_clinician_brief_names_the_option(tmp_path):
    result = run("render", "leaky-gut", "--audience", "clinician", "--patient-name", "Bob", "--follow-up",
                 "2025-08-11", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "--patient-name, --follow-up: personalisation is for --audience patient only" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_diet_sheet_warning_names_the_customisation_file_and_line(tmp_path):
    """'warning: enjoy: peanut-butter carries Peanut ...' did not say which customisation, or where."""
    from samples import ROOT

    custom = ROOT / "data" / "customisations" / "sam-low-fodmap.yaml"
    line, col = next((n, t.index("peanut-butter") + 1) for n, t in enumerate(
        custom.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("enjoy:"))
    result = run("diet", "--customize", custom, "-o", tmp_path / "sam.pdf")
    assert_clean_exit(result, 0)
    from handouts.errors import display_path

    assert (f"{display_path(custom)}:{line}:{col}: warning: enjoy[1]: carries an allergy of this patient "
            "(allergies[0])") in result.output


def test_an_id_typed_as_a_file_name_is_suggested_as_the_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("render", "leaky-gut.yaml", "--audience", "patient", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "leaky-gut.yaml: no such file; did you mean the id 'leaky-gut'?" in result.output
    unknown = run("render", "lg.yaml", "--audience", "patient", "-o", tmp_path / "x.pdf")
    assert "did you mean" not in unknown.output


@pytest.mark.parametrize(("typed", "meant"), [("sp", "es"), ("spanish", "es"), ("Espanol", "es"), ("eng", "en"),
                                              ("french", "fr")])
def test_a_language_typed_by_its_name_or_a_start_of_it_says_which_code_was_meant(tmp_path, typed, meant):
    """'--lang sp' was taken for a language handouts has no words in: thirty lines of texts lacking
    'sp' and how to add a language, where the user meant Spanish."""
    out = tmp_path / "x.pdf"
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", typed, "-o", out)
    assert_clean_exit(result, 2)
    assert f"'--lang': '{typed}' " in result.output and f"did you mean '{meant}'" in result.output, result.output
    assert "handouts prints in en, es" in result.output and "no 'sp' text" not in result.output
    assert not out.exists()


def test_a_code_no_language_has_is_a_typing_mistake_that_lists_the_languages(tmp_path):
    result = run("diet", "low-fodmap", "--lang", "zz", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "'zz' is not a code handouts knows for a language" in result.output
    assert "handouts prints in en, es" in result.output and "cannot print in" not in result.output


@pytest.mark.parametrize(("args", "typed", "meant"), [
    (("render", "leaky-gut", "--audience", "patients"), "patients", "patient"),
    (("render", "leaky-gut", "--audience", "patient", "--format", "pfd"), "pfd", "pdf"),
    (("list", "topic"), "topic", "topics"),
    (("schema", "--kind", "plan"), "plan", "diet-plan"),
    (("validate", "--kind", "brands", "data/brands"), "brands", "brand"),
])
def test_a_near_miss_of_a_choice_says_which_was_meant(tmp_path, args, typed, meant):
    result = run(*args, *(("-o", tmp_path / "x.pdf") if args[0] == "render" else ()))
    assert_clean_exit(result, 2)
    assert f"'{typed}' is not one of" in result.output and f"did you mean '{meant}'?" in result.output, result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("args", "listed"), [
    (("render",), "Give one of the topics: leaky-gut ('handouts list topics' lists them)"),
    (("render", "--audience", "patient"), "Give one of the topics: leaky-gut"),
    (("diet",), "give a PLAN (plans: low-fodmap, trigger-foods; 'handouts list plans' lists them)"),
    (("list", "items"), "(topics: leaky-gut)"),
    (("approve", "--reviewer", "Jordan Lee, RD"),
     "Give one of the topics: leaky-gut ('handouts list topics' lists them); or of the diet plans: low-fodmap, "
     "trigger-foods ('handouts list plans' lists them)."),
    (("init",), "Missing argument 'DIRECTORY'. Name a new (or empty) folder to make the workspace in, e.g. "
               "'handouts init clinic'."),
])
def test_a_missing_topic_or_plan_lists_the_ones_there_are(args, listed):
    result = run(*args)
    assert_clean_exit(result, 2)
    assert listed in result.output, result.output


def test_approve_finds_a_plan_by_its_id(clinic):
    """'handouts approve low-fodmap' said there was no topic 'low-fodmap', listing the topics."""
    result = run("approve", "low-fodmap", "--reviewer", "Jordan Lee, RD", "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 0)
    assert "approved data/diets/low-fodmap.yaml (diet-plan)" in result.output
    assert "status: approved" in (clinic / "data" / "diets" / "low-fodmap.yaml").read_text(encoding="utf-8")


def test_approve_an_unknown_id_suggests_among_topics_and_plans(clinic):
    before = (clinic / "data" / "diets" / "low-fodmap.yaml").read_bytes()
    result = run("approve", "low-fodmp", "--reviewer", "Jordan Lee, RD")
    assert_clean_exit(result, 2)
    assert "no topic or diet plan 'low-fodmp'; did you mean 'low-fodmap'?" in result.output
    assert "(topics: leaky-gut; plans: low-fodmap, trigger-foods;" in result.output
    assert (clinic / "data" / "diets" / "low-fodmap.yaml").read_bytes() == before


@pytest.mark.parametrize(("args", "said"), [
    (("render", "low-fodmap", "--audience", "patient"), "'low-fodmap' is a diet plan: 'handouts diet low-fodmap'"),
    (("diet", "sam-low-fodmap"),
     "'sam-low-fodmap' is a customisation: 'handouts diet --customize sam-low-fodmap'"),
    (("diet", "leaky-gut"), "'leaky-gut' is a topic: 'handouts render leaky-gut --audience patient'"),
])
def test_an_id_given_to_the_wrong_command_names_the_command_that_takes_it(clinic, args, said):
    """A dietitian's 'handouts diet sam-low-fodmap' was told there was no plan of that name, and offered
    'low-fodmap', never that it is a customisation, which --customize takes."""
    result = run(*args, "-o", clinic / "x.pdf")
    assert_clean_exit(result, 2)
    assert said in result.output, result.output
    assert not (clinic / "x.pdf").exists()


def test_items_typed_as_a_list_show_the_option_repeated(tmp_path):
    """'--include a,b' (as --brands takes its list) quoted the model's regular expression."""
    result = run("render", "leaky-gut", "--audience", "patient", "--include", "probiotics, stress-management",
                 "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "one id each time, the option repeated: --include probiotics --include stress-management" in result.output
    assert "pattern" not in result.output and "^[a-z" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_an_item_id_in_capitals_says_what_ids_look_like_and_where_they_are_listed(tmp_path):
    result = run("render", "leaky-gut", "--audience", "patient", "--omit", "Probiotics", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "'Probiotics' is not a recommendation id" in result.output
    assert "'handouts list items TOPIC' lists them" in result.output and "pattern" not in result.output


@pytest.mark.parametrize(("args", "meant"), [
    (("render", "data/topics/leaky-gt.yaml", "--audience", "patient"), "data/topics/leaky-gut.yaml"),
    (("diet", "data/diets/low-fodmp.yaml"), "data/diets/low-fodmap.yaml"),
])
def test_a_misspelt_file_suggests_the_close_one_in_its_folder(clinic, args, meant):
    result = run(*args, "-o", clinic / "x.pdf")
    assert_clean_exit(result, 2)
    assert f"no such file; did you mean '{meant}'?" in result.output, result.output


def test_a_misspelt_customisation_file_never_names_another_patients_file(clinic):
    """A customisation's file name is often its patient's: no suggestion may show another's."""
    (clinic / "data" / "customisations" / "maria-smith.yaml").write_text("plan: low-fodmap\n", encoding="utf-8")
    result = run("diet", "low-fodmap", "--customize", "data/customisations/maria-smyth.yaml", "-o", clinic / "x.pdf")
    assert_clean_exit(result, 2)
    assert "no such file" in result.output and "maria-smith" not in result.output


@pytest.mark.parametrize(("args", "out"), [
    (("render", "leaky-gut", "--audience", "patient"), "x.pdf"),
    (("diet", "low-fodmap"), "x.pdf"),
    (("batch", "--topics", "leaky-gut", "--brands", "default", "--audiences", "patient"), None),
])
@pytest.mark.parametrize(("typed", "meant"), [("a5", "a4"), ("A3", "a4"), ("legal", "letter"), ("US Letter", "letter")])
def test_a_paper_size_handouts_does_not_print_on_says_which_was_meant(tmp_path, args, out, typed, meant):
    """'--paper a5' said only "'a5' is not one of 'letter', 'a4'": no spelling relates a5 to a4, as it
    relates 'lettre' to letter, but a5 means ISO paper, of which A4 is the size handouts prints."""
    where = ("-o", tmp_path / out) if out else ("--out", tmp_path / "out")
    result = run(*args, "--paper", typed, *where)
    assert_clean_exit(result, 2)
    assert f"'{typed}' is not one of 'letter', 'a4'; did you mean '{meant}'?" in result.output, result.output
    assert not any(tmp_path.iterdir())


def test_a_paper_size_in_handouts_toml_or_a_brand_file_says_which_was_meant(clinic):
    config = clinic / "handouts.toml"
    written = config.read_text(encoding="utf-8")
    config.write_text(written.replace('# paper = "letter"', 'paper = "A5"'), encoding="utf-8")
    result = run("list", "topics")
    assert_clean_exit(result, 1)  # a file's problem, as every handouts.toml problem is
    assert "paper: write one of 'letter', 'a4'; did you mean 'a4'?" in result.output, result.output
    config.write_text(written, encoding="utf-8")
    brand = clinic / "data" / "brands" / "riverside.yaml"
    brand.write_text(re.sub(r"(?m)^paper:.*\n", "", brand.read_text(encoding="utf-8")) + "paper: legal\n",
                     encoding="utf-8")
    result = run("validate", brand)
    assert "paper: input should be 'letter' or 'a4'; did you mean 'letter'?" in result.output, result.output


def test_a_document_without_its_audience_says_what_to_type(clinic):
    """click listed the bare words under 'Choose from:', one per tab-indented line."""
    result = run("render", "leaky-gut")
    assert_clean_exit(result, 2)
    assert ("Missing option '--audience'. Add --audience patient or --audience clinician: who the document is for."
            in result.output)
    assert "Choose from" not in result.output and not (clinic / "out").exists()


@pytest.mark.parametrize("args", [("brand", "new"), ("doctor",), ("users", "list")])
def test_a_command_typed_before_cd_into_the_new_workspace_says_cd(tmp_path, monkeypatch, args):
    """`handouts init clinic`, then the next command in the folder above: 'cd clinic', not how to make one."""
    from handouts import scaffold

    scaffold.create(tmp_path / "clinic")
    before = sorted((tmp_path / "clinic").rglob("*"))
    monkeypatch.chdir(tmp_path)
    result = run(*args, input="")
    assert_clean_exit(result, 2)
    words = " ".join(args)
    assert (f"handouts {words} works in a practice's workspace, and none was found here: clinic/ holds one: "
            f"'cd clinic' and run it again (or 'handouts --config clinic {words}')") in result.output
    assert sorted((tmp_path / "clinic").rglob("*")) == before


def test_an_id_of_the_new_workspace_typed_before_cd_says_cd(tmp_path, monkeypatch):
    from handouts import scaffold

    scaffold.create(tmp_path / "clinic")
    (tmp_path / "clinic" / "data" / "topics" / "leaky-gut.yaml").rename(tmp_path / "clinic" / "data" / "topics" / "ibs.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("render", "ibs", "--audience", "patient", "-o", tmp_path / "x.pdf")
    assert_clean_exit(result, 2)
    assert "no topic 'ibs'" in result.output and "clinic/ holds one: 'cd clinic' and run it again" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_outside_any_workspace_config_is_shown_where_it_goes(tmp_path, monkeypatch):
    """'(or give --config DIR/handouts.toml)' led to `handouts doctor --config ...`, which click refuses."""
    monkeypatch.chdir(tmp_path)
    result = run("doctor")
    assert_clean_exit(result, 2)
    assert "make one with 'handouts init DIR' and run this inside it (or name it first: " \
           "'handouts --config DIR/handouts.toml doctor')" in result.output


def test_serve_takes_a_brand_file_it_serves_as_its_id(clinic, tmp_path):
    """render, diet and batch take --brand FILE; serve said "no brand 'data/brands/riverside.yaml'" of its own."""
    from handouts.cli.serve_cmd import _served_brand

    assert _served_brand("data/brands/riverside.yaml", [clinic / "data"]) == "riverside"
    assert _served_brand("riverside", [clinic / "data"]) == "riverside"
    elsewhere = tmp_path / "mine.yaml"
    elsewhere.write_text((clinic / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("serve", "--port", "0", "--brand", elsewhere)
    assert_clean_exit(result, 2)
    assert "serve offers the brands in its data folders' brands/ by id, and this file is not among them: " \
           "copy it into data/brands/ and give its id" in result.output
    missing = run("serve", "--port", "0", "--brand", "data/brand/riverside.yaml")
    assert_clean_exit(missing, 2)
    assert "data/brand/riverside.yaml: no such file; did you mean the id 'riverside'?" in missing.output


@pytest.mark.parametrize(("args", "said"), [
    (("--brands", "data/brands/riversde.yaml"), "--brands: no brand file 'data/brands/riversde.yaml' "
     "(data/brands/riversde.yaml does not exist); did you mean 'data/brands/riverside.yaml'?"),
    (("--audiences", "patients"), "--audiences: 'patients' is not one of patient, clinician; did you mean 'patient'?"),
])
def test_batch_says_which_brand_file_or_audience_was_meant_as_render_does(clinic, args, said):
    """render suggested the close file and the close audience; batch --topics x --brands y did not."""
    result = run("batch", "--topics", "leaky-gut", *args, "--check")
    assert_clean_exit(result, 2)
    assert said in result.output


def test_list_without_what_says_what_to_type(clinic):
    """A required choice that is an argument, not an option, gets the words and an example."""
    result = run("list")
    assert_clean_exit(result, 2)
    assert "Add one of: topics, brands, plans, foods, catalogues, items (e.g. 'handouts list topics')." in result.output
