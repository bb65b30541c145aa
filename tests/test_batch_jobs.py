"""Batch jobs: job files (CSV, YAML) and cross products, read lazily, errors located. No rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.batch.jobs import (
    BadJob,
    CrossProduct,
    Job,
    JobFile,
    OutputPattern,
    check_output,
    expand_topics,
)
from handouts.errors import ContentError, UsageError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "batch"
TOPICS = FIXTURES / "topics"
PATTERN = OutputPattern("{brand}/{topic}-{audience}.pdf")


def read(path: Path, pattern: OutputPattern = PATTERN) -> list[Job | BadJob]:
    return list(JobFile(path, pattern))


def test_csv_rows_become_jobs_with_paths_relative_to_the_job_file():
    source = JobFile(FIXTURES / "jobs.csv", PATTERN)
    assert source.total == 3
    jobs = list(source)
    assert all(isinstance(j, Job) for j in jobs)
    first, second, third = jobs
    assert first.topic == str((TOPICS / "alpha.yaml").resolve())
    assert first.brand == str((ROOT / "data" / "brands" / "default.yaml").resolve())
    assert second.brand.endswith("data/brands/riverside.yaml")
    # no language column: None, the brand's locale decides (as for handouts render)
    assert (first.output, first.audience, first.language) == ("patients/0001.pdf", "patient", None)
    assert dict(first.person) == {"patient_name": "Zebulon Quixote", "visit_date": "2025-07-14",
                                  "notes": "Drink water daily"}
    assert first.origin.endswith("jobs.csv:2") and third.origin.endswith("jobs.csv:4")
    assert third.person == () and third.audience == "clinician"


def test_yaml_job_file_with_defaults_and_pattern():
    first, second = read(FIXTURES / "jobs.yaml")
    assert isinstance(first, Job) and isinstance(second, Job)
    assert first.brand.endswith("riverside.yaml") and first.audience == "patient"
    assert dict(first.person) == {"patient_name": "Zebulon Quixote", "include": ("fluids",)}
    assert first.origin.endswith("jobs.yaml:6")
    # no output given: --pattern names it
    assert second.output == "default/beta-clinician.pdf"


def test_job_repr_never_shows_the_patient():
    job = read(FIXTURES / "jobs.csv")[0]
    assert "Zebulon" not in repr(job) and "Zebulon" not in str(job)


def test_bad_rows_are_located_and_do_not_stop_the_others():
    items = read(FIXTURES / "bad-jobs.csv")
    assert [type(i).__name__ for i in items] == ["Job", "BadJob", "BadJob", "BadJob", "BadJob"]
    errors = [i.error for i in items[1:]]  # type: ignore[union-attr]
    assert re.search(r"bad-jobs\.csv:3:\d+: audience: audience must be one of patient, clinician$", errors[0])
    assert re.search(r"bad-jobs\.csv:4:1: topic: no topic file 'topics/nowhere.yaml'", errors[1])
    assert re.search(r"bad-jobs\.csv:5:\d+: output: output path contains the patient's name", errors[2])
    assert re.search(r"bad-jobs\.csv:6:\d+: patient_name: patient details are for patient handouts only", errors[3])
    assert not any("Zebulon" in e or "zebulon" in e for e in errors)
    # a row whose output path spells the name does not keep that path either
    assert items[3].output is None  # type: ignore[union-attr]


def test_a_shifted_column_never_echoes_a_name(write):
    path = write("jobs.csv", "topic,audience,patient_name\nZebulon Quixote,patient,Zebulon Quixote\n")
    (item,) = read(path)
    assert isinstance(item, BadJob) and "no topic '[patient details]'" in item.error
    assert "zebulon" not in item.error.lower()


def test_csv_header_problems_stop_before_anything_runs(write):
    path = write("jobs.csv", "topic,audiense,brand,patient_nmae\nx,patient,default,\n")
    with pytest.raises(ContentError) as info:
        JobFile(path, PATTERN)
    text = str(info.value)
    assert "jobs.csv:1:7: audiense: unknown column; did you mean 'audience'?" in text
    assert "patient_nmae: unknown column; did you mean 'patient_name'?" in text
    assert "the header row needs a 'audience' column" in text


def test_capitalised_and_padded_csv_headers_from_a_spreadsheet_name_their_columns(write):
    """Reproduction: 'Topic,Audience,Brand,Output' was refused: "Topic: unknown column; did you mean 'topic'?"."""
    path = write("jobs.csv", f"Topic, Audience ,BRAND,Output,Patient_Name\n{TOPICS / 'alpha.yaml'},patient,default,"
                 "a.pdf,Alex Morgan\n")
    (job,) = read(path)
    assert isinstance(job, Job), job
    assert (job.topic, job.audience, job.output) == (str((TOPICS / "alpha.yaml").resolve()), "patient", "a.pdf")
    assert dict(job.person) == {"patient_name": "Alex Morgan"}


def test_a_header_that_names_a_column_twice_in_any_case_or_an_unknown_one_is_still_refused(write):
    path = write("jobs.csv", "topic,Audience,Topic,Brnad\nx,patient,y,default\n")
    with pytest.raises(ContentError) as info:
        JobFile(path, PATTERN)
    text = str(info.value)
    assert "jobs.csv:1:1: topic: column appears twice" in text and "jobs.csv:1:16: Topic: column appears twice" in text
    assert "jobs.csv:1:22: Brnad: unknown column; did you mean 'brand'?" in text


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_spreadsheet_saved_with_another_separator_says_so(write, separator, named):
    """Excel in many countries saves 'CSV' with semicolons: the header was one unknown column, and
    'topic' and 'audience' were said to be missing though they were there."""
    header = separator.join(("topic", "audience", "patient_name"))
    path = write("jobs.csv", f"{header}\nleaky-gut{separator}patient{separator}Alex Morgan\n")
    with pytest.raises(ContentError) as info:
        JobFile(path, PATTERN)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (1, 1)
    assert f"the columns are separated by {named}, not commas" in problem.message
    assert "'CSV UTF-8 (comma delimited)'" in problem.message


def test_a_spreadsheet_saved_in_the_computers_code_page_names_the_line_and_how_to_save_it(tmp_path):
    """Excel's plain 'CSV' on Windows writes José as cp1252: the error named neither line nor the way out."""
    path = tmp_path / "jobs.csv"
    path.write_bytes("topic,audience,patient_name\nleaky-gut,patient,Alex\nleaky-gut,patient,José\n".encode("cp1252"))
    with pytest.raises(ContentError) as info:
        list(JobFile(path, PATTERN))
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (3, 22)
    assert "not UTF-8 text" in problem.message and "'CSV UTF-8 (comma delimited)'" in problem.message


def test_csv_row_with_wrong_cell_count(write):
    path = write("jobs.csv", f"topic,audience\n{TOPICS / 'alpha.yaml'},patient,extra\n")
    (item,) = read(path)
    assert isinstance(item, BadJob)
    assert "jobs.csv:2:1: row has 3 cells but the header has 2 columns" in item.error


def test_csv_comments_and_blank_lines_are_skipped_and_lines_stay_right(write):
    alpha = TOPICS / "alpha.yaml"
    path = write("jobs.csv", f"# practice library\ntopic,audience\n\n{alpha},patient\n# later\n{alpha},nurse\n")
    good, bad = read(path)
    assert isinstance(good, Job) and good.origin.endswith("jobs.csv:4")
    assert isinstance(bad, BadJob) and ":6:" in bad.error


def test_yaml_job_file_problems_are_located(write):
    path = write("jobs.yaml", "jobs:\n  - topic: x\n    audince: patient\n  - just a string\n")
    first, second = read(path)
    assert isinstance(first, BadJob) and "jobs.yaml:3:5: jobs[0].audince: unknown key; did you mean 'audience'?" in first.error
    assert isinstance(second, BadJob) and "jobs.yaml:4:5" in second.error
    broken = write("broken.yaml", "jobs:\n  - topic: [unclosed\n")
    with pytest.raises(ContentError, match=r"broken\.yaml:\d+:\d+: YAML syntax"):
        JobFile(broken, PATTERN)
    shape = write("shape.yaml", "job:\n  - topic: x\n")
    with pytest.raises(ContentError, match=r"shape\.yaml:1:1: job: unknown key"):
        JobFile(shape, PATTERN)


def test_person_values_are_normalised(write):
    path = write("jobs.yaml", f"""jobs:
  - topic: {TOPICS / 'alpha.yaml'}
    audience: patient
    output: a.pdf
    visit_date: 2025-07-14
    include: fluids; water
    omit: [x, y]
""")
    (job,) = read(path)
    assert isinstance(job, Job)
    assert dict(job.person) == {"visit_date": "2025-07-14", "include": ("fluids", "water"), "omit": ("x", "y")}


@pytest.mark.parametrize(("value", "problem"), [
    ("a.pdf", None),
    ("sub/dir/a.pdf", None),
    ("./sub//a.pdf", None),
    ("/etc/a.pdf", "relative path"),
    ("../a.pdf", "relative path"),
    ("sub/.hidden.pdf", "may not start with '.'"),
    ("a.html", "must end in .pdf"),
    ("c:\\a.pdf", "may not contain"),
    ("", "empty"),
    # printed in the report: a carriage return let a job file write its own 'rendered' line over it
    ("a\rrendered fake.pdf", "may not contain control characters"),
    ("a\x1b[2K.pdf", "may not contain control characters"),
    ("b\u202efdp.exe.pdf", "or bidi overrides"),
])
def test_output_paths_stay_inside_the_output_folder(value, problem):
    normal, message = check_output(value)
    if problem is None:
        assert message is None and normal == value.replace("./", "").replace("//", "/")
    else:
        assert normal is None and problem in message  # type: ignore[operator]


def test_pattern_fields_are_checked():
    assert OutputPattern("{brand}/{topic}-{audience}-{language}-{row}.pdf").fields == {
        "brand", "topic", "audience", "language", "row"}
    with pytest.raises(UsageError, match=r"unknown field \{colour\}"):
        OutputPattern("{colour}.pdf")
    with pytest.raises(UsageError, match="patient details never go into file names"):
        OutputPattern("{patient_name}.pdf")
    with pytest.raises(UsageError, match="--pattern"):
        OutputPattern("{unclosed.pdf")


def test_cross_product_order_outputs_and_total():
    product = CrossProduct([str(TOPICS)], ["default", "riverside"], ["patient", "clinician"], PATTERN)
    assert product.total == 8
    jobs = list(product)
    assert [j.output for j in jobs[:4]] == [
        "default/alpha-patient.pdf", "default/alpha-clinician.pdf",
        "riverside/alpha-patient.pdf", "riverside/alpha-clinician.pdf",
    ]
    assert jobs[-1].output == "riverside/beta-clinician.pdf"
    assert all(j.person == () and j.origin == "" for j in jobs)


def test_cross_product_pattern_must_tell_jobs_apart():
    with pytest.raises(UsageError, match=r"needs \{brand\}: there are 2 brands"):
        CrossProduct([str(TOPICS)], ["default", "riverside"], ["patient"], OutputPattern("{topic}-{audience}.pdf"))
    with pytest.raises(UsageError, match=r"needs \{topic\}"):
        CrossProduct([str(TOPICS)], ["default"], ["patient"], OutputPattern("{brand}.pdf"))
    with pytest.raises(UsageError, match="'nurse' is not one of"):
        CrossProduct([str(TOPICS)], ["default"], ["nurse"], PATTERN)
    with pytest.raises(UsageError, match="no brand 'riversid'; did you mean 'riverside'"):
        CrossProduct([str(TOPICS)], ["riversid"], ["patient"], PATTERN)


def test_topics_from_folders_globs_files_and_ids():
    alpha, beta = (TOPICS / "alpha.yaml").resolve(), (TOPICS / "beta.yaml").resolve()
    assert expand_topics([str(TOPICS)]) == [alpha, beta]
    assert expand_topics([str(TOPICS / "b*.yaml"), str(TOPICS / "alpha.yaml"), str(TOPICS)]) == [beta, alpha]
    assert expand_topics(["leaky-gut"]) == [(ROOT / "data" / "topics" / "leaky-gut.yaml").resolve()]
    with pytest.raises(UsageError, match="no topic files"):
        expand_topics([str(TOPICS / "*.nothing")])
    with pytest.raises(UsageError, match="no topic 'leaky-gutt'; did you mean 'leaky-gut'"):
        expand_topics(["leaky-gutt"])


@pytest.mark.parametrize(("visit", "says"), [
    ("14/07/2025", "not a date in the accepted format: write dates as YYYY-MM-DD, e.g. 2025-07-14"),
    ("07/14/2025", "not a date in the accepted format: write dates as YYYY-MM-DD"),
    ("2025-7-14", "not a date in the accepted format"),
    ("2025-02-30", "no such day in the calendar"),
])
def test_a_date_in_another_format_says_which_format_is_accepted_where(write, visit, says):
    jobs = write("dates/jobs.csv", "topic,audience,patient_name,visit_date\n"
                                   f"leaky-gut,patient,Zebulon Quixote,{visit}\n")
    (bad,) = read(jobs)
    assert isinstance(bad, BadJob)
    (problem,) = bad.problems
    assert (problem.line, problem.col, problem.field) == (2, 35, "visit_date")
    assert says in problem.message
    assert visit not in bad.error and "Zebulon" not in bad.error  # a visit date is a patient detail too
    assert "invalid character" not in bad.error


def test_a_yaml_follow_up_date_is_checked_the_same_way(write):
    jobs = write("dates/jobs.yaml", "jobs:\n  - topic: leaky-gut\n    audience: patient\n"
                                    "    follow_up: 11/08/2025\n")
    (bad,) = read(jobs)
    assert isinstance(bad, BadJob)
    assert "jobs.yaml:4:5: follow_up: not a date in the accepted format: write dates as YYYY-MM-DD" in bad.error


def test_ids_resolve_in_the_data_folders_given_first(tmp_path, write):
    own = tmp_path / "practice"
    (own / "brands").mkdir(parents=True)
    (own / "brands" / "ours.yaml").write_text((ROOT / "data" / "brands" / "default.yaml").read_text(), "utf-8")
    jobs = write("own/jobs.csv", "topic,audience\nleaky-gut,clinician\n")
    (job,) = list(JobFile(jobs, PATTERN, [own, ROOT / "data"], brand="ours"))
    assert isinstance(job, Job) and job.brand == str((own / "brands" / "ours.yaml").resolve())
    (bad,) = list(JobFile(jobs, PATTERN, [ROOT / "data"], brand="ours"))
    assert isinstance(bad, BadJob) and "no brand 'ours'" in bad.error and "_assets" not in bad.error


def test_diet_rows_become_diet_jobs_and_keep_topic_defaults_to_topic_rows(write, tmp_path):
    from handouts.batch.jobs import DietJob

    custom = write("customisations/0001.yaml", "plan: low-fodmap\npatient: Zebulon Quixote\n")
    plan = write("plans/mine.yaml", "id: mine\n")
    jobs = write("jobs.yaml", "defaults:\n  brand: riverside\n  audience: patient\n  plan: low-fodmap\njobs:\n"
                              f"  - topic: {TOPICS / 'alpha.yaml'}\n"
                              "  - customisation: customisations/0001.yaml\n    plan: ''\n    output: d/1.pdf\n"
                              "  - {plan: plans/mine.yaml}\n"
                              "  - {}\n")
    topic, named, own, blank = read(jobs)
    # the topic row takes the topic defaults (audience) and not the diet ones (plan)
    assert isinstance(topic, Job) and topic.audience == "patient"
    assert named == DietJob("d/1.pdf", None, str(custom.resolve()), "riverside", named.origin)
    assert isinstance(own, DietJob) and own.plan == str(plan.resolve())
    assert own.output == "riverside/mine-diet-sheet.pdf"  # {topic} is the plan, {audience} the document
    # a row of defaults only is a blank sheet of the default plan
    assert isinstance(blank, DietJob) and (blank.plan, blank.customisation) == ("low-fodmap", None)
    assert "Zebulon" not in repr(named)

    csv = write("diets.csv", "plan,customisation,output\n"
                             "low-fodmap,customisations/0001.yaml,a.pdf\n"
                             ",customisations/0001.yaml,\n"
                             ",customisations/nobody.yaml,c.pdf\n"
                             "low-fodmap,customisations,d.pdf\n")
    good, unnamed, missing, folder = read(csv)
    assert isinstance(good, DietJob) and good.brand == "default"
    assert isinstance(unnamed, BadJob) and "needs an 'output'" in unnamed.error
    assert isinstance(missing, BadJob) and re.search(r"diets\.csv:4:\d+: customisation: no customisation file",
                                                     missing.error)
    assert isinstance(folder, BadJob) and "give the path of a customisation file" in folder.error


def test_a_diet_rows_missing_file_is_named_with_its_line_and_field(write, tmp_path, monkeypatch):
    """Each file a diet row names (plan, customisation, brand) must exist when the job file is read."""
    monkeypatch.chdir(tmp_path)
    write("brands/ours.yaml", (ROOT / "data" / "brands" / "default.yaml").read_text("utf-8"))
    csv = write("sheets.csv", "plan,customisation,brand,output\n"
                              "plans/gone.yaml,,,a.pdf\n"
                              "low-fodmap,customisations/gone.yaml,,b.pdf\n"
                              "low-fodmap,,brands/gone.yaml,c.pdf\n"
                              "low-fodmap,,brands/ours.yaml,d.pdf\n")
    plan, customisation, brand, found = read(csv)
    assert isinstance(plan, BadJob) and plan.error == (
        "sheets.csv:2:1: plan: no plan file 'plans/gone.yaml' (plans/gone.yaml does not exist)")
    assert isinstance(customisation, BadJob) and customisation.error == (
        "sheets.csv:3:12: customisation: no customisation file at the path in this cell (relative to the job "
        "file): it does not exist")  # a customisation's path names its patient: the cell is located instead
    assert isinstance(brand, BadJob) and brand.error == (
        "sheets.csv:4:13: brand: no brand file 'brands/gone.yaml' (brands/gone.yaml does not exist)")
    assert not isinstance(found, BadJob) and found.brand == str((tmp_path / "brands" / "ours.yaml").resolve())
    yaml = write("sheets.yaml", "jobs:\n"
                                "  - plan: plans/gone.yaml\n"
                                "    brand: brands/gone.yaml\n"
                                "    output: a.pdf\n")
    (both,) = read(yaml)
    assert isinstance(both, BadJob) and both.error == (
        "sheets.yaml:2:5: plan: no plan file 'plans/gone.yaml' (plans/gone.yaml does not exist)\n"
        "sheets.yaml:3:5: brand: no brand file 'brands/gone.yaml' (brands/gone.yaml does not exist)")


def test_a_row_is_a_topic_or_a_diet_sheet_not_both(write):
    jobs = write("jobs.csv", "topic,audience,plan,customisation,patient_name\n"
                             "leaky-gut,patient,low-fodmap,,\n"
                             ",patient,low-fodmap,,\n"
                             ",,low-fodmap,,Zebulon Quixote\n")
    both, audience, person = read(jobs)
    assert isinstance(both, BadJob) and "'plan' is for diet sheets; this row renders a topic" in both.error
    assert isinstance(audience, BadJob) and "'audience' is for topic documents" in audience.error
    assert isinstance(person, BadJob) and "'patient_name' is for topic documents" in person.error
    assert "Zebulon" not in person.error
    header = write("plans.csv", "plan,output\nlow-fodmap,x.pdf\n")
    assert len(read(header)) == 1  # a header of diet columns needs no topic or audience


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_link_to_a_device_as_the_job_file_is_refused_at_once(tmp_path):
    """A FIFO named jobs.csv waited for a writer for ever; a link to /dev/zero was read without end."""
    import os

    fifo = tmp_path / "jobs.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        with pytest.raises(ContentError) as info:
            JobFile(path, PATTERN)
        (problem,) = info.value.problems
        assert problem.message == "is not a regular file (a device, FIFO or socket); give a job file"


def test_a_job_file_that_is_not_utf8_is_located_at_the_line_and_column(write):
    """The decoder reads ahead in blocks: its error named no line, so a 5,000-row file gave no clue where."""
    rows = "".join(f"t{n},patient\n" for n in range(3000))
    path = write("jobs.csv", "topic,audience\n" + rows)
    path.write_bytes(path.read_bytes() + "leaky-gut,clinician,Ren\xe9\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        JobFile(path, PATTERN)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (3002, 24)
    assert problem.message.startswith("not UTF-8 text (")


def test_a_diet_rows_file_that_links_out_of_its_data_folder_is_refused_at_the_link(write, tmp_path, monkeypatch):
    """`handouts diet` refused it, but a diet row resolved the link first and read whatever it pointed at."""
    monkeypatch.chdir(tmp_path)
    outside = write("elsewhere/other.yaml", (ROOT / "data" / "customisations" / "sam-low-fodmap.yaml").read_text())
    write("data/customisations/own.yaml", outside.read_text())
    (tmp_path / "data" / "customisations" / "other.yaml").symlink_to(outside)
    csv = write("sheets.csv", "customisation,output\n"
                              "data/customisations/other.yaml,a.pdf\n"
                              "data/customisations/own.yaml,b.pdf\n")
    linked, own = read(csv)
    assert isinstance(linked, BadJob) and linked.error == (  # neither the link's name nor its target's (the patient's)
        "sheets.csv:2:1: customisation: the file this cell names is a symbolic link out of its data folder: files "
        "are read only from inside their data folder; copy the file in instead of linking to it")
    assert not isinstance(own, BadJob)


def test_a_yaml_list_or_mapping_where_one_value_belongs_is_a_located_problem(write, tmp_path, monkeypatch):
    """str() of them printed "For: ['Zebulon', 'Quixote']" on the patient's handout."""
    monkeypatch.chdir(tmp_path)
    path = write("jobs.yaml", "jobs:\n"
                              "  - topic: leaky-gut\n"
                              "    audience: patient\n"
                              "    patient_name: [Zebulon, Quixote]\n"
                              "  - topic: [leaky-gut]\n"
                              "    audience: patient\n"
                              "    notes: true\n"
                              "  - topic: leaky-gut\n"
                              "    audience: patient\n"
                              "    patient_name: {first: Zebulon}\n"
                              "    include: [soluble-fibre, [probiotics]]\n"
                              "  - topic: leaky-gut\n"
                              "    audience: patient\n"
                              "    omit: [probiotics, cbt]\n")
    listed, topic, mapping, fine = read(path)
    assert isinstance(listed, BadJob) and listed.error == "jobs.yaml:4:5: patient_name: write one value, not a list"
    assert isinstance(topic, BadJob) and topic.error == (
        "jobs.yaml:5:5: topic: write one value, not a list\n"
        "jobs.yaml:7:5: notes: write one value, not true/false (in quotes if it is the word itself)")
    assert isinstance(mapping, BadJob) and mapping.error == (
        "jobs.yaml:10:5: patient_name: write one value, not a mapping\n"
        "jobs.yaml:11:5: include: write a list of ids, e.g. [fermented-foods, probiotics]")
    assert "Zebulon" not in listed.error + mapping.error
    assert isinstance(fine, Job) and dict(fine.person)["omit"] == ("probiotics", "cbt")


def test_a_misshapen_default_is_one_problem_at_its_line(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write("jobs.yaml", "defaults:\n  brand: [riverside, default]\njobs:\n  - topic: leaky-gut\n"
                              "    audience: clinician\n")
    with pytest.raises(ContentError) as info:
        JobFile(path, PATTERN)
    assert [str(p) for p in info.value.problems] == ["jobs.yaml:2:3: defaults.brand: write one value, not a list"]


@pytest.mark.parametrize("name, text, says", [
    ("jobs.csv", "topic,audience\n", "jobs.csv:1:1: no jobs: the file has its header row and no rows below it"),
    ("jobs.yaml", "defaults: {audience: patient}\njobs: []\n", "jobs.yaml:2:1: jobs: no jobs: the list is empty"),
])
def test_an_emptied_job_file_fails_the_run_and_writes_no_manifest(tmp_path: Path, name: str, text: str,
                                                                   says: str) -> None:
    """A nightly run whose job file was emptied said '0 jobs ... 0 failed', exited 0 and wrote a manifest:
    the cron job that watches the exit status never noticed."""
    from cliutil import run

    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("batch", str(tmp_path / name), "--out", str(tmp_path / "lib"))
    assert result.exit_code == 1, result.output
    assert says in result.output.replace(str(tmp_path) + "/", "")
    assert not (tmp_path / "lib").exists()
