"""Broken files a busy clinic makes, of every kind a command reads: each ends in a message naming the
file (and its line, where it has lines), exit 1 or 2, no traceback, and nothing written.

Each case here was found by feeding every kind of file (topics, brands, plans, the food catalogue,
customisations, job files, handouts.toml, the user file, logos) every kind of breakage: cut short,
a folder or a link loop where the file belongs, a byte astray, Excel's and Notepad's ways of saving.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run


def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    twin = path.with_name(path.name + ".twin")
    path.unlink(missing_ok=True)
    path.symlink_to(twin.name)
    twin.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to(path.name + ".moved")  # renamed, the link kept


BROKEN = {"a folder": (_folder, "is a folder, expected a file"),
          "a link loop": (_loop, "is a symbolic link that leads back to itself (a link loop)"),
          "a link to nothing": (_dangling, "is a link to nothing")}

# file in the workspace, the command that reads it (the shipped samples hold a file of each id)
BY_ID = {
    "topic": ("data/topics/leaky-gut.yaml", ("render", "leaky-gut", "--audience", "patient", "-o", "out/x.pdf")),
    "brand": ("data/brands/riverside.yaml", ("render", "leaky-gut", "--audience", "patient", "--brand",
                                             "riverside", "-o", "out/x.pdf")),
    "plan": ("data/diets/low-fodmap.yaml", ("diet", "low-fodmap", "-o", "out/x.pdf")),
    "customisation": ("data/customisations/sam-low-fodmap.yaml",
                      ("diet", "--customize", "sam-low-fodmap", "-o", "out/x.pdf")),
    "food catalogue": ("data/foods/catalogue.yaml", ("diet", "low-fodmap", "-o", "out/x.pdf")),
}


def _break(path: Path, how: str) -> None:
    path.unlink()
    BROKEN[how][0](path)


@pytest.mark.parametrize("how", sorted(BROKEN))
@pytest.mark.parametrize("kind", sorted(BY_ID))
def test_a_workspace_file_that_is_not_a_file_is_refused_not_replaced_by_the_shipped_one(clinic, kind, how):
    """A practice's file of an id that is a folder or a broken link printed the shipped file of that id
    (another topic, the sample brand, the fictional Sam's diet sheet) with exit 0 and not a word."""
    rel, args = BY_ID[kind]
    _break(clinic / rel, how)
    (clinic / "out").mkdir()
    result = run(*args)
    assert_clean_exit(result, 1)
    assert f"{rel}: {BROKEN[how][1]}" in result.output
    assert not (clinic / "out" / "x.pdf").exists()


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_validate_names_a_broken_catalogue_in_the_workspace(clinic, how):
    """The plans said the catalogue was broken and to run `validate data/foods`, which found no file."""
    _break(clinic / "data/foods/catalogue.yaml", how)
    result = run("validate")
    assert_clean_exit(result, 1)
    assert f"data/foods/catalogue.yaml: {BROKEN[how][1]}" in result.output


def test_validate_names_a_link_loop_it_was_given(clinic):
    _loop(clinic / "loop.yaml")
    result = run("validate", "loop.yaml")
    assert_clean_exit(result, 2)
    assert "loop.yaml: is a symbolic link that leads back to itself (a link loop), not a file" in result.output


def test_a_broken_catalogue_is_reported_at_its_own_line_by_diet(clinic):
    """Its problem was told as the plan's ('cannot check food and category names ... run validate')."""
    catalogue = clinic / "data/foods/catalogue.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    catalogue.write_text("".join(lines[: len(lines) // 2]) + "\tbad: indent\n", encoding="utf-8")
    (clinic / "out").mkdir()
    result = run("diet", "low-fodmap", "-o", "out/x.pdf")
    assert_clean_exit(result, 1)
    assert f"data/foods/catalogue.yaml:{len(lines) // 2 + 1}:1: YAML syntax: a tab character" in result.output
    assert "cannot check food and category names" not in result.output
    assert not (clinic / "out" / "x.pdf").exists()


# --- a brand's logo -------------------------------------------------------------------------


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 120), (11, 110, 105)).save(out, "PNG")
    return out.getvalue()


LOGOS = {
    # name: (logo file, what is written there, what the message says)
    "png cut short": ("logo.png", lambda: _png()[: len(_png()) // 2], "logo.png is damaged or cut short"),
    "png with a byte astray": ("logo.png", lambda: _png()[:100] + b"\0" + _png()[100:],
                               "logo.png is damaged or cut short"),
    "svg link loop": ("logo.svg", None, "is a symbolic link that leads back to itself (a link loop)"),
    "svg nested 900 deep": ("logo.svg", lambda: ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="30">'
                                                 + "<g>" * 900 + '<rect width="9" height="9"/>' + "</g>" * 900
                                                 + "</svg>").encode(),
                            "logo.svg nests its elements 902 levels deep; the limit is 256"),
    "png link loop": ("logo.png", None, "is a symbolic link that leads back to itself (a link loop)"),
}


@pytest.mark.parametrize("name", sorted(LOGOS))
def test_a_broken_logo_is_refused_at_the_brand_line_naming_it(clinic, name):
    """A PNG cut short printed its top half over a black band; one with a byte astray failed as
    'out/x.pdf: cannot write: Truncated File Read'; a logo that is a link loop was a traceback; an SVG
    nested 900 deep was said to draw 'more than 20,000 elements' through references it did not have."""
    logo_name, data, message = LOGOS[name]
    folder = clinic / "data/brands/riverside"
    if data is None:
        _loop(folder / logo_name)
    else:
        (folder / logo_name).write_bytes(data())
    brand = clinic / "data/brands/riverside.yaml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(text.replace("logo: riverside/logo.svg", f"logo: riverside/{logo_name}"), encoding="utf-8")
    line = text[: text.index("logo: riverside/")].count("\n") + 1
    (clinic / "out").mkdir()
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "riverside", "-o", "out/x.pdf")
    assert_clean_exit(result, 1)
    assert f"data/brands/riverside.yaml:{line}:1: logo: " in result.output
    assert message in result.output
    assert not (clinic / "out" / "x.pdf").exists()


# --- handouts.toml --------------------------------------------------------------------------

RENDER = ("render", "leaky-gut", "--audience", "patient", "-o", "out/x.pdf")


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_a_handouts_toml_that_is_not_a_file_is_refused_not_skipped(clinic, how):
    """It was skipped as if there were none: the shipped samples printed, the practice's brand and
    output folder unused, exit 0."""
    _break(clinic / "handouts.toml", how)
    (clinic / "out").mkdir()
    result = run(*RENDER)
    assert_clean_exit(result, 1)
    assert f"handouts.toml: {BROKEN[how][1]}" in result.output
    assert not (clinic / "out" / "x.pdf").exists()


def test_a_handouts_toml_saved_with_a_byte_order_mark_is_read(clinic):
    """Notepad's UTF-8 with a BOM: 'handouts.toml:1:1: TOML syntax: Invalid statement'."""
    config = clinic / "handouts.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes().replace(b'brand = "default"', b'brand = "riverside"'))
    result = run("list", "brands")
    assert_clean_exit(result, 0)
    assert "riverside" in result.output


@pytest.mark.parametrize("key, setting", [("users", "[serve]\nusers = 'users.txt'"),
                                          ("audit", "[serve]\naudit = 'users.txt'"),
                                          ("data", "data = ['users.txt']"),
                                          ("output", "output = 'users.txt'")])
def test_a_link_loop_named_in_handouts_toml_is_a_located_problem(clinic, key, setting):
    """A traceback (pathlib's RuntimeError: Symlink loop) from every command run in the workspace."""
    config = clinic / "handouts.toml"
    text = config.read_text(encoding="utf-8")
    for line in setting.splitlines():
        if not line.startswith("["):
            text = "\n".join(t for t in text.splitlines() if not t.startswith(line.split(" =")[0] + " ="))
    config.write_text(text + "\n" + setting + "\n", encoding="utf-8")
    line = (text + "\n" + setting).splitlines().index(setting.splitlines()[-1]) + 1
    _loop(clinic / "users.txt")
    (clinic / "out").mkdir()
    result = run(*RENDER)
    assert_clean_exit(result, 1)
    assert f"handouts.toml:{line}:1: {key}: " in result.output
    assert "a symbolic link that leads back to itself (a link loop)" in result.output
    assert not (clinic / "out" / "x.pdf").exists()


# --- a batch job file saved by a spreadsheet ---------------------------------------------------

HEADER = "topic,audience,brand,notes,output\n"
ROW = "leaky-gut,clinician,default,,v/{n}.pdf\n"

JOB_FILES = {
    # name: (the job file, its line and what the message says)
    "excel's separator hint": ("\ufeffsep=;\r\n" + HEADER.replace(",", ";"), 1,
                               "'sep=;' is a spreadsheet's separator hint, not the header row: delete that line"),
    "a quote left open, long": (HEADER + 'leaky-gut,patient,default,"Try one change,v/1.pdf\n'
                                + "".join(ROW.format(n=n) for n in range(2, 4000)), 2,
                                "a cell of more than 131,072 characters, from this row on to line 3306: a quote (\") "
                                "opened in this row is not closed"),
    "a quote left open, short": (HEADER + 'leaky-gut,patient,default,"Try one change,v/1.pdf\n'
                                 + "".join(ROW.format(n=n) for n in range(2, 5)), 2,
                                 "row has 4 cells but the header has 5 columns; a cell in quotes runs on over several "
                                 "lines: is a closing quote (\") missing?"),
    "a cell far too long": (HEADER + "leaky-gut,clinician,default," + "x" * 200_000 + ",v/1.pdf\n", 2,
                            "a cell of more than 131,072 characters: no job needs one that long"),
}


@pytest.mark.parametrize("name", sorted(JOB_FILES))
def test_a_job_file_a_spreadsheet_saved_badly_is_located_in_plain_words(clinic, name):
    """Python's 'CSV: field larger than field limit (131072)' at the last line read, or an unknown column
    named 'sep=;', or 'row has 4 cells' when a quote left open had swallowed the rows below."""
    text, line, message = JOB_FILES[name]
    (clinic / "jobs.csv").write_text(text, encoding="utf-8", newline="")
    result = run("batch", "jobs.csv", "--check", "--allow-draft")
    assert_clean_exit(result, 1)
    assert f"jobs.csv:{line}:1: {message}" in result.output
    assert not (clinic / "out").exists()


# --- the user file ----------------------------------------------------------------------------


def _user_file(clinic: Path, text: bytes) -> Path:
    from handouts.users import hash_password

    with (clinic / "handouts.toml").open("a", encoding="utf-8") as config:
        config.write('\n[serve]\nusers = "users.txt"\n')
    path = clinic / "users.txt"
    path.write_bytes(text.replace(b"HASH", hash_password("a long passphrase").encode()))
    path.chmod(0o600)
    return path


def test_a_user_file_saved_with_a_byte_order_mark_is_read(clinic):
    """'users.txt:1:1: not a user line': the mark was read as part of the first name."""
    _user_file(clinic, b"\xef\xbb\xbfalice:HASH\r\nbob:HASH\r\n")
    result = run("users", "list")
    assert_clean_exit(result, 0)
    assert result.output.split() == ["alice", "bob"]


def test_a_user_listed_twice_is_a_located_error(clinic):
    """The last line won unsaid: a password changed by hand above an old line left the old one working."""
    _user_file(clinic, b"alice:HASH\nbob:HASH\nalice:HASH\n")
    result = run("users", "list")
    assert_clean_exit(result, 1)
    assert "users.txt:3:1: user 'alice' is listed twice (first at line 1)" in result.output


# --- a patient's details or a customisation on standard input ---------------------------------------


@pytest.mark.parametrize("args", [("render", "leaky-gut", "--audience", "patient", "--details", "-"),
                                  ("diet", "--customize", "-")], ids=["details", "customisation"])
def test_standard_input_that_is_not_utf8_is_located(clinic, args):
    """'<standard input>: is not UTF-8 text', with no line, where a file in the same code page is located;
    the name around the byte is the patient's and is not repeated."""
    (clinic / "out").mkdir()
    result = run(*args, "-o", "out/x.pdf", input=b"plan: low-fodmap\npatient: Ren\xe9e Dupont\n")
    assert_clean_exit(result, 1)
    assert "<standard input>:2:13: not UTF-8 text (invalid continuation byte): type or send the lines as UTF-8" \
        in result.output
    assert "Dupont" not in result.output
    assert not (clinic / "out" / "x.pdf").exists()


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_list_shows_a_workspace_file_that_is_not_a_file_as_unreadable(clinic, how):
    """It listed the shipped topic of that id, as if the practice had none."""
    _break(clinic / "data/topics/leaky-gut.yaml", how)
    result = run("list", "topics")
    assert_clean_exit(result, 0)
    row = next(line for line in result.output.splitlines() if line.startswith("leaky-gut "))
    assert "(cannot be read: run 'handouts validate leaky-gut')" in row
    assert row.split()[-1] == "workspace"


# --- a file saved by Notepad, approved -------------------------------------------------------------


def test_approve_keeps_windows_line_ends_and_the_byte_order_mark(clinic):
    """Read as text and written back with plain line ends, every line of a Notepad file changed (a
    whole-file diff for one review block) and its mark was dropped."""
    from samples import NEXT_REVIEW

    topic = clinic / "data/topics/leaky-gut.yaml"
    before = b"\xef\xbb\xbf" + topic.read_bytes().replace(b"\n", b"\r\n")
    topic.write_bytes(before)
    result = run("approve", topic, "--reviewer", "Dr Ada Lane", "--next-review", NEXT_REVIEW)
    assert_clean_exit(result, 0)
    after = topic.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\n") == after.count(b"\r\n") > before.count(b"\n")  # the review lines added, CRLF too
    kept = set(before.splitlines(keepends=True))
    changed = [line for line in after.splitlines(keepends=True) if line not in kept]
    assert changed and all(b"status:" in line or b"review" in line or b"content_sha256" in line
                           for line in changed), changed
    assert_clean_exit(run("validate", topic), 0)


def test_import_names_a_link_loop_for_what_it_is(clinic):
    """'answer.txt: no such file', while the file was there, a link to itself."""
    _loop(clinic / "answer.txt")
    result = run("import", "answer.txt", "-o", "draft.yaml")
    assert_clean_exit(result, 2)
    assert "answer.txt: is a symbolic link that leads back to itself (a link loop), not a file" in result.output
    assert not (clinic / "draft.yaml").exists()


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_doctor_reports_a_copied_sample_that_is_no_longer_a_file(clinic, how):
    """Hashing it was a traceback (a folder, a link loop); a link to nothing was reported 'removed: the
    shipped file is used instead', which commands no longer do."""
    _break(clinic / "data/topics/leaky-gut.yaml", how)
    result = run("doctor")
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError), result.exception
    assert f"data/topics/leaky-gut.yaml: {BROKEN[how][1]}" in result.output
    assert "commands refuse it (the shipped file is not used in its place)" in result.output


@pytest.mark.parametrize("how", ["a link loop", "a link to nothing"])
def test_batch_topics_from_a_folder_refuses_a_broken_link_in_it(clinic, how):
    """It was left out: the run rendered the folder's other topics and exited 0, one topic short."""
    topic = clinic / "data/topics/leaky-gut.yaml"
    (clinic / "data/topics/second.yaml").write_bytes(topic.read_bytes().replace(b"id: leaky-gut", b"id: second"))
    _break(topic, how)
    result = run("batch", "--topics", "data/topics", "--check", "--allow-draft")
    assert_clean_exit(result, 2)
    assert f"--topics: data/topics/leaky-gut.yaml: {BROKEN[how][1]}" in result.output


# --- a YAML file saved empty --------------------------------------------------------------------

EMPTY_CASES = {
    "topic": ("data/topics/leaky-gut.yaml", ("render", "leaky-gut", "--audience", "patient", "-o", "out/x.pdf")),
    "details": ("alex.yaml", ("render", "leaky-gut", "--audience", "patient", "--details", "alex.yaml",
                              "-o", "out/x.pdf")),
    "job file": ("jobs.yaml", ("batch", "jobs.yaml", "--out", "out", "--allow-draft")),
}


@pytest.mark.parametrize("text", ["", "# saved before anything was typed\n"], ids=["empty", "only a comment"])
@pytest.mark.parametrize("kind", sorted(EMPTY_CASES))
def test_an_empty_yaml_file_says_it_is_empty(clinic, kind, text):
    """'expected a mapping of keys at the top of the file': true, but not what happened (a save cut short)."""
    rel, args = EMPTY_CASES[kind]
    (clinic / rel).write_text(text, encoding="utf-8")
    (clinic / "out").mkdir()
    result = run(*args)
    assert_clean_exit(result, 1)
    assert f"{rel}:1:1: the file is empty (or holds only comments)" in result.output
    assert not any((clinic / "out").iterdir())


# --- a job file, an output folder or an output file that is a broken link ---------------------------

LINKS = {"a link loop": BROKEN["a link loop"], "a link to nothing": BROKEN["a link to nothing"]}


@pytest.mark.parametrize("name", ["jobs.csv", "jobs.yaml"])
@pytest.mark.parametrize("how", sorted(LINKS))
def test_a_job_file_that_is_a_broken_link_is_named_for_what_it_is(clinic, how, name):
    """'File 'jobs.csv' does not exist', while `ls` listed it: a link loop, or a link whose file was moved."""
    LINKS[how][0](clinic / name)
    result = run("batch", name, "--check", "--allow-draft")
    assert_clean_exit(result, 2)
    assert f"JOB_FILE {name}: {LINKS[how][1]}" in result.output
    assert "does not exist" not in result.output


@pytest.mark.parametrize("name", ["jobs.csv", "jobs.yaml"])
@pytest.mark.parametrize("how", sorted(LINKS))
def test_the_job_file_reader_names_a_broken_link(clinic, how, name):
    """Read through the library, a CSV link loop was 'cannot read: Too many levels of symbolic links'."""
    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.errors import ContentError

    LINKS[how][0](clinic / name)
    with pytest.raises(ContentError) as info:
        JobFile(clinic / name, OutputPattern("{topic}.pdf"))
    assert f"{name}: {LINKS[how][1]}" in str(info.value)


def _jobs(clinic: Path) -> str:
    (clinic / "jobs.csv").write_text(HEADER + ROW.format(n=1), encoding="utf-8")
    return "jobs.csv"


@pytest.mark.parametrize("check", [True, False], ids=["--check", "run"])
@pytest.mark.parametrize("how", sorted(LINKS))
def test_an_output_folder_that_is_a_broken_link_is_refused_before_any_job(clinic, how, check):
    """--check passed it ('1 ready'); the run then said 'a file of that name is in the way', or (a link to a
    share's folder, unmounted) would have made that folder on the local disk."""
    LINKS[how][0](clinic / "night")
    result = run("batch", _jobs(clinic), "--out", "night", "--allow-draft", *(["--check"] if check else []))
    assert_clean_exit(result, 2)
    assert f"--out night: {LINKS[how][1]}" in result.output
    assert "not a folder" in result.output or "which is not there" in result.output
    assert not (clinic / "night.moved").exists()


@pytest.mark.parametrize("how", sorted(LINKS))
def test_the_batch_library_refuses_an_output_folder_that_is_a_broken_link(clinic, how):
    """Without the command line in front (the Python API, a scheduler's script), the check and the run refuse it."""
    from handouts.batch.check import check_batch
    from handouts.batch.jobs import JobFile, OutputPattern
    from handouts.batch.runner import Options, OutputFolderError, run_batch

    LINKS[how][0](clinic / "night")
    options = Options(out_dir=clinic / "night", jobs=1, recycle_after=0, force=False, allow_draft=True,
                      as_of=date.today(), variant="ua", timeout=None, data_dirs=(), paper=None,
                      home_locale=None, cluster=None, job_file=None, require_catalogue_approval=False)
    jobs = JobFile(clinic / _jobs(clinic), OutputPattern("{topic}.pdf"))
    for call in (check_batch, run_batch):
        with pytest.raises(OutputFolderError) as info:
            call(jobs, options)
        assert f"night {LINKS[how][1]}" in str(info.value)
    assert not (clinic / "night.moved").exists()


def test_a_workspace_output_folder_that_is_a_link_to_nothing_is_a_located_problem(clinic):
    """handouts.toml's output was resolved through the link and its target made: an unmounted share's folder,
    made on the local disk, took the night's PDFs."""
    config = clinic / "handouts.toml"
    text = config.read_text(encoding="utf-8")
    line = text.splitlines().index('output = "out"') + 1
    (clinic / "out").symlink_to(clinic / "share" / "out")
    result = run("batch", _jobs(clinic), "--allow-draft")
    assert_clean_exit(result, 1)
    assert f"handouts.toml:{line}:1: output: 'out' is a link to nothing (it points to " in result.output
    assert not (clinic / "share").exists()


@pytest.mark.parametrize("command", [("render", "leaky-gut", "--audience", "patient"), ("diet", "low-fodmap")],
                         ids=["render", "diet"])
@pytest.mark.parametrize("how", sorted(LINKS))
def test_an_output_file_or_folder_that_is_a_broken_link_is_refused_before_the_render(clinic, monkeypatch,
                                                                                      command, how):
    """-o into a folder that is a link loop said 'there is no folder loop/'; -o naming a broken link was
    refused by the writer only after the render (and a patient's details typed in)."""
    rendered: list[object] = []
    monkeypatch.setattr(f"handouts.cli.{command[0]}_cmd.write_and_report", lambda *args, **kw: rendered.append(1))
    LINKS[how][0](clinic / "x.pdf")
    result = run(*command, "-o", "x.pdf")
    assert_clean_exit(result, 1)
    assert "x.pdf: is a symbolic link; output never follows links" in result.output
    LINKS[how][0](clinic / "loop")
    result = run(*command, "-o", "loop/x.pdf")
    assert_clean_exit(result, 2)
    assert f"-o loop/x.pdf: loop {LINKS[how][1]}" in result.output
    assert rendered == []


# --- a file saved as UTF-16 (Notepad's "Unicode") ----------------------------------------------------

UTF16 = "saved as UTF-16 (Notepad's 'Unicode' or 'UTF-16 LE'), not UTF-8: "
SAVE_AS = "save the file as UTF-8 (in your editor: Save As, encoding UTF-8)"

UTF16_CASES = {
    # name: (the file, its text as UTF-8 (or None: the file as it is), the command, what the message says)
    "topic": ("data/topics/leaky-gut.yaml", None, ("validate", "data/topics/leaky-gut.yaml"), SAVE_AS),
    "job file, CSV": ("jobs.csv", HEADER + ROW.format(n=1), ("batch", "jobs.csv", "--check", "--allow-draft"),
                      "save the spreadsheet as 'CSV UTF-8 (comma delimited)'"),
    "job file, YAML": ("jobs.yaml", "jobs:\n  - {topic: leaky-gut, audience: clinician}\n",
                       ("batch", "jobs.yaml", "--check", "--allow-draft"), SAVE_AS),
    "handouts.toml": ("handouts.toml", None, ("list", "brands"), SAVE_AS),
    "details": ("alex.yaml", "patient_name: Alex Morgan\n",
                ("render", "leaky-gut", "--audience", "patient", "--details", "alex.yaml", "-o", "out/x.pdf"), SAVE_AS),
    "user file": ("users.txt", "alice:HASH\n", ("users", "list"), SAVE_AS),
}


@pytest.mark.parametrize("mark", [True, False], ids=["with its mark", "without a mark"])
@pytest.mark.parametrize("kind", sorted(UTF16_CASES))
def test_a_file_saved_as_utf16_is_named_as_that(clinic, kind, mark):
    """With its byte-order mark it was 'not UTF-8 text (invalid start byte)' at 1:1 (true, not what to do);
    without one, a NUL after every letter: 'the character U+0000 cannot be written in YAML', a CSV header of
    unknown columns 't\\x00o\\x00p\\x00i\\x00c', every user line 'not a user line'."""
    rel, text, args, how = UTF16_CASES[kind]
    path = clinic / rel
    if kind == "user file":
        path = _user_file(clinic, text.encode())
        text = None
    if text is None:
        text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16" if mark else "utf-16-le"))
    (clinic / "out").mkdir()
    result = run(*args)
    assert_clean_exit(result, 1)
    assert f"{rel}: {UTF16}{how}" in result.output
    assert not any((clinic / "out").iterdir())


def test_standard_input_in_utf16_is_named_as_that(clinic):
    (clinic / "out").mkdir()
    result = run("render", "leaky-gut", "--audience", "patient", "--details", "-", "-o", "out/x.pdf",
                 input="patient_name: Renée Dupont\n".encode("utf-16-le"))
    assert_clean_exit(result, 1)
    assert f"<standard input>: {UTF16}type or send the lines as UTF-8 text" in result.output
    assert "Dupont" not in result.output and not (clinic / "out" / "x.pdf").exists()


def test_an_answer_in_utf16_without_its_mark_is_named_as_that(clinic):
    """'looks like a binary file, not text' (with its mark, it is read)."""
    (clinic / "answer.txt").write_bytes("What is GERD?\n\nAcid reflux.\n".encode("utf-16-le"))
    result = run("import", "answer.txt", "-o", "draft.yaml")
    assert_clean_exit(result, 1)
    assert f"answer.txt: {UTF16}save it as UTF-8 and try again" in result.output
    assert not (clinic / "draft.yaml").exists()


# --- a patient's details: one size limit, file or standard input ----------------------------------------


def test_details_have_one_size_limit_from_a_file_as_from_standard_input(clinic):
    """Standard input stopped at 64 KiB ('patient details are a few lines'), while a file of the same details
    was read and parsed up to 1 MiB, as a topic is."""
    text = "patient_name: Alex Morgan\nnotes: |\n" + "  Walk after dinner.\n" * (64 * 1024 // 20)
    assert 64 * 1024 < len(text.encode()) < 1024 * 1024
    (clinic / "alex.yaml").write_text(text, encoding="utf-8")
    (clinic / "out").mkdir()
    result = run("render", "leaky-gut", "--audience", "patient", "--details", "alex.yaml", "-o", "out/x.pdf")
    assert_clean_exit(result, 1)
    assert f"alex.yaml: is {len(text.encode()) / 1000:.0f} kB; patient details may be at most 64 KiB" in result.output
    result = run("render", "leaky-gut", "--audience", "patient", "--details", "-", "-o", "out/x.pdf", input=text)
    assert_clean_exit(result, 1)
    assert "<standard input>: more than 64 KiB: patient details may be at most 64 KiB" in result.output
    assert "Walk" not in result.output and not any((clinic / "out").iterdir())


# --- a logo given to `brand new` ----------------------------------------------------------------------


def _picture(size: tuple[int, int], kind: str = "PNG") -> bytes:
    """A picture with detail in it (a plain one compresses to a few bytes, all of them in its header)."""
    import io
    import random

    from PIL import Image

    image = Image.new("RGB", size, (11, 110, 105))
    pixels = image.load()
    dots = random.Random(1)
    for x in range(0, size[0], 7):
        for y in range(0, size[1], 5):
            pixels[x, y] = (dots.randrange(256), 0, 0)
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def _astray(data: bytes) -> bytes:
    at = data.index(b"IDAT") + 40
    return data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:]


NEW_LOGOS = {
    # name: (file name, its bytes (None: made broken), what the message says after the file's name)
    "a link loop": ("logo.png", None, "is a symbolic link that leads back to itself (a link loop), not a file"),
    "a link to nothing": ("logo.svg", None, "is a link to nothing (no such file)"),
    "a small png cut short": ("logo.png", lambda: _picture((400, 120))[:2000], "is damaged or cut short"),
    "a large png cut short": ("logo.png", lambda: _picture((6000, 300))[:60_000], "is damaged or cut short"),
    "a png with a byte astray": ("logo.png", lambda: _astray(_picture((6000, 300))), "is damaged or cut short"),
    "a jpeg cut short": ("logo.jpg", lambda: _picture((6000, 300), "JPEG")[:30_000], "is damaged or cut short"),
}


@pytest.mark.parametrize("name", sorted(NEW_LOGOS))
def test_brand_new_refuses_a_broken_logo_by_its_name(clinic, tmp_path, name):
    """A link loop was 'no file'; a small PNG cut short was taken, copied, and refused after every answer as
    the copy's ('data/brands/x.yaml:7:1: logo: logo.png is damaged'), exit 1; a large one, shrunk as it was
    copied, came out whole in a process that had imported WeasyPrint, its missing half a band of one colour."""
    file_name, data, message = NEW_LOGOS[name]
    given = tmp_path / file_name
    if data is None:
        (_loop if name == "a link loop" else _dangling)(given)
    else:
        given.write_bytes(data())
    brands = sorted(p.name for p in (clinic / "data/brands").iterdir())
    result = run("brand", "new", input="\n".join(["Cut Clinic", "", "", "555-0100", "", "#1d4e89", "", str(given),
                                                  "", "a4"]) + "\n")
    assert_clean_exit(result, 2)
    assert f"'{given}' {message}" in result.output
    assert sorted(p.name for p in (clinic / "data/brands").iterdir()) == brands


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_picture_cut_short_is_not_shrunk_into_a_whole_one(tmp_path, monkeypatch, kind):
    """WeasyPrint, once imported, sets Pillow's LOAD_TRUNCATED_IMAGES: a picture cut short then decoded without
    a word, and was copied shrunk, its missing part a band of one colour; render's check passed the copy."""
    from PIL import ImageFile

    from handouts import logo
    from handouts.logo_fit import LogoNotFitted, fitted

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    cut = _picture((6000, 300), kind)[:30_000]
    path = tmp_path / f"logo.{kind.lower()}"
    with pytest.raises(LogoNotFitted, match="is damaged or cut short"):
        fitted(path, cut)
    small = _picture((400, 120), kind)
    path.write_bytes(small[: len(small) * 2 // 3])
    assert logo.problems(path) and "is damaged or cut short" in logo.problems(path)[0]


def test_a_png_whose_chunks_are_whole_but_whose_picture_is_missing_is_refused_where_weasyprint_is_loaded(
        tmp_path, monkeypatch):
    """Its checksums and end are in order, so only decoding finds it; with WeasyPrint's LOAD_TRUNCATED_IMAGES
    the decode stopped without a word: the same logo passed in a rendering process and was refused in one
    that had not rendered (the test suite's two orders). The flag is WeasyPrint's again afterwards."""
    import struct
    import zlib

    from PIL import ImageFile

    from handouts import logo

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    empty = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 400, 120, 8, 2, 0, 0, 0))
             + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
    path = tmp_path / "logo.png"
    path.write_bytes(empty)
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    problems = logo.problems(path)
    assert problems and "logo.png is damaged or cut short" in problems[0], problems
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


# --- [serve] files that are links to nothing ------------------------------------------------------------


@pytest.mark.parametrize("key", ["audit", "users"])
def test_a_serve_file_that_links_to_nothing_is_refused_naming_the_setting(clinic, key):
    """Resolved through the link, the audit log was the place it points to: `serve` made the folders there
    (an unmounted share's, on the local disk) and wrote patients' print records where nobody looks."""
    from handouts.serve_config import check

    target = clinic / "share" / "logs" / f"{key}.txt"
    (clinic / f"{key}.txt").symlink_to(target)
    problems: list[tuple[str, str]] = []
    config = check({key: f"{key}.txt"}, clinic, lambda at, message: problems.append((at, message)))
    assert problems == [(key, f"{key}.txt is a link to nothing (it points to {target}, which is not there): make "
                              "that file, or name another one")]
    assert getattr(config, key) is None
    with (clinic / "handouts.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[serve]\n{key} = "{key}.txt"\n')
    line = (clinic / "handouts.toml").read_text(encoding="utf-8").splitlines().index(f'{key} = "{key}.txt"') + 1
    result = run("list", "brands")  # every command reads the workspace, serve first of all
    assert_clean_exit(result, 1)
    assert f"handouts.toml:{line}:1: {key}: {key}.txt is a link to nothing" in result.output
    assert not (clinic / "share").exists()


# --- handouts upgrade ------------------------------------------------------------------------------------


def _schema_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """A schema 2 whose one step moves nothing: only handouts.toml's schema line changes."""
    from handouts import migrations

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.Migration(2, "nothing to move", frozenset(),
                                                                         lambda data: None)])


def test_upgrade_keeps_the_line_ends_of_a_handouts_toml_saved_by_notepad(clinic, monkeypatch):
    """It read handouts.toml again as plain text, outside the guards the workspace was read with: every line
    end was rewritten, a whole-file change for one number."""
    _schema_2(monkeypatch)
    config = clinic / "handouts.toml"
    before = config.read_bytes().replace(b"\n", b"\r\n")
    config.write_bytes(before)
    result = run("upgrade")
    assert_clean_exit(result, 0)
    assert config.read_bytes() == before.replace(b"schema = 1\r\n", b"schema = 2\r\n")


def test_upgrade_reads_a_content_file_once_through_the_guards(clinic, monkeypatch):
    """It checked a file with the content reader, then read it again unguarded: a file swapped in between
    (a sync client, a second editor) was migrated and written without its checks."""
    from handouts import yamlsource

    _schema_2(monkeypatch)
    brand = clinic / "data/brands/riverside.yaml"
    checked = yamlsource.parse

    def swapped_after_the_check(text: str, path: str) -> yamlsource.Source:
        source = checked(text, path)
        if path.endswith("riverside.yaml"):
            brand.write_bytes(b"\0" * 64)  # after the check, before any second read
        return source

    monkeypatch.setattr(yamlsource, "parse", swapped_after_the_check)
    from handouts import upgrade, workspace

    upgrade.plan(workspace.read(clinic / "handouts.toml"))  # nothing read after the check: no error


def test_a_data_folder_that_links_to_nothing_is_said_to_be_one(clinic):
    """'no folder 'shared' next to handouts.toml', while `ls` listed it: a link to a share not mounted."""
    config = clinic / "handouts.toml"
    text = config.read_text(encoding="utf-8").replace('data = ["data"]', 'data = ["data", "shared"]')
    assert 'data = ["data", "shared"]' in text
    config.write_text(text, encoding="utf-8")
    (clinic / "shared").symlink_to(clinic / "mnt" / "handouts")
    result = run("list", "topics")
    assert_clean_exit(result, 1)
    line = text.splitlines().index('data = ["data", "shared"]') + 1
    assert (f"handouts.toml:{line}:1: data: 'shared' is a link to nothing (it points to {clinic / 'mnt' / 'handouts'}, "
            "which is not there)") in result.output


def test_a_customisation_has_the_same_size_limit_from_a_file_as_from_standard_input(clinic):
    """Standard input stopped at 64 KiB, while the same customisation in a file (a patient's, as its details
    are) was read and parsed up to 1 MiB, by `diet` and by a batch row alike."""
    text = "plan: low-fodmap\nnotes: |\n" + "  Eat slowly.\n" * (64 * 1024 // 13)
    size = f"{len(text.encode()) / 1000:.0f} kB"
    assert 64 * 1024 < len(text.encode()) < 1024 * 1024
    (clinic / "sam.yaml").write_text(text, encoding="utf-8")
    (clinic / "out").mkdir()
    result = run("diet", "--customize", "sam.yaml", "-o", "out/x.pdf")
    assert_clean_exit(result, 1)
    assert f"sam.yaml: is {size}; a customisation may be at most 64 KiB" in result.output
    result = run("diet", "--customize", "-", "-o", "out/x.pdf", input=text)
    assert_clean_exit(result, 1)
    assert "<standard input>: more than 64 KiB: a customisation may be at most 64 KiB" in result.output
    (clinic / "jobs.csv").write_text("customisation,output\nsam.yaml,x.pdf\n", encoding="utf-8")
    result = run("batch", "jobs.csv", "--check", "--allow-draft")
    assert_clean_exit(result, 1)
    assert f"is {size}; a customisation may be at most 64 KiB" in result.output
    assert "Eat slowly" not in result.output and not any((clinic / "out").iterdir())


def test_a_customisation_outside_its_folder_has_its_own_size_limit_when_checked(clinic):
    """`validate` and `lint` read a file outside customisations/ with the 1 MiB content limit before its keys
    say it is a customisation: a 100 kB one was parsed and checked (its notes 'at most 2000 characters'),
    where the same file in customisations/ is refused for its size. Its size is the file's, as saved (CRLF)."""
    text = "plan: low-fodmap\r\nnotes: |\r\n" + "  Eat slowly.\r\n" * (100 * 1000 // 14)
    size = f"{len(text.encode()) / 1000:.0f} kB"
    assert 64 * 1024 < len(text.encode()) < 1024 * 1024
    inside = clinic / "data" / "customisations" / "sam.yaml"
    for path in (clinic / "sam.yaml", inside):
        path.write_bytes(text.encode())
    for command in ("validate", "lint"):
        for path, shown in (("sam.yaml", "sam.yaml"), (inside, "data/customisations/sam.yaml")):
            result = run(command, path)
            assert_clean_exit(result, 1)
            assert f"{shown}: " in result.output and f"is {size}; a customisation may be at most 64 KiB" in result.output
            assert "2000 characters" not in result.output and "Eat slowly" not in result.output


def test_lint_names_the_kind_a_file_refused_for_its_size_was_read_as(clinic):
    """Before: a 108 kB customisation in data/customisations/ (and one outside it, whose keys said it was one)
    was reported by `lint --format json` with "kind": null, though it was refused as a customisation."""
    text = "plan: low-fodmap\nnotes: |\n" + "  Eat slowly.\n" * (108 * 1000 // 13)
    assert 64 * 1024 < len(text.encode()) < 1024 * 1024
    inside = clinic / "data" / "customisations" / "sam.yaml"
    for path in (clinic / "sam.yaml", inside):
        path.write_bytes(text.encode())
    for path in ("sam.yaml", inside):
        result = run("lint", "--format", "json", path)
        assert_clean_exit(result, 1)
        (report,) = json.loads(result.stdout)["files"]
        assert report["kind"] == "diet-customisation", report
        assert "a customisation may be at most 64 KiB" in report["findings"][0]["message"]
