"""A practice's workspace: found like git finds its repository, read with located errors,
ids resolved there first, settings taken from the command line, then handouts.toml, then the
brand, then the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from cliutil import run
from conftest import DATA
from handouts import copies, migrations, scaffold, workspace
from handouts.locale import parse
from handouts.errors import ContentError, UsageError
from samples import NEXT_REVIEW


def listed(*args: str) -> dict[str, dict]:
    result = run("list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["rows"]}


def set_key(root: Path, line: str) -> None:
    config = root / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


# --- init ---------------------------------------------------------------------------


def test_init_copies_every_sample_and_records_what_it_copied(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "clinic")
    assert result.exit_code == 0, result.output
    root = tmp_path / "clinic"
    ws = workspace.read(root / "handouts.toml")
    assert ws.schema == migrations.SCHEMA_VERSION and ws.data_dirs == ((root / "data").resolve(),)
    assert ws.output == (root / "out").resolve() and ws.brand == "default"
    assert ws.locale is None  # left to each brand's own (a UK brand prints 999): test_brand_region_mismatch
    for sample in ("topics/leaky-gut.yaml", "brands/riverside.yaml", "brands/riverside/logo.svg",
                   "diets/low-fodmap.yaml", "foods/catalogue.yaml", "customisations/sam-low-fodmap.yaml"):
        assert (root / "data" / sample).read_bytes() == (DATA / sample).read_bytes(), sample
    assert not (root / "data" / "lint").exists()  # the tool's own word lists are not a practice's to edit
    record = {c.path: c for c in copies.read(root)}
    assert record["data/foods/catalogue.yaml"].sha256 == copies.sha256_file(DATA / "foods" / "catalogue.yaml")
    assert record["data/foods/catalogue.yaml"].shipped == "foods/catalogue.yaml"
    assert len(record) == sum(1 for f in scaffold.SAMPLE_FOLDERS for p in (DATA / f).rglob("*") if p.is_file())


def test_init_never_writes_over_an_existing_folder(tmp_path):
    (tmp_path / "clinic").mkdir()
    (tmp_path / "clinic" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", str(tmp_path / "clinic"))
    assert result.exit_code == 2 and "already exists and is not empty" in result.output
    assert sorted(p.name for p in (tmp_path / "clinic").iterdir()) == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["clinic"]  # and no staging folder left behind


def test_init_on_a_workspace_says_it_is_one_and_how_to_use_it(tmp_path, monkeypatch):
    """A reader who runs `handouts init clinic` again (following the README twice) is told
    clinic/ is already a workspace and to cd into it, not only that the folder is not empty."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "clinic").exit_code == 0
    result = run("init", "clinic")
    assert result.exit_code == 2, result.output
    assert "clinic is already a workspace (clinic/handouts.toml)" in result.stderr
    assert "cd clinic" in result.stderr


def test_init_here_says_what_to_run_next_without_a_cd(tmp_path, monkeypatch):
    (tmp_path / "clinic").mkdir()
    monkeypatch.chdir(tmp_path / "clinic")
    result = run("init", ".")
    assert result.exit_code == 0, result.output
    assert "next: handouts list topics" in result.stderr and "next: cd" not in result.stderr


def test_init_into_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "handouts.toml").is_file()


def test_init_into_an_empty_folder_whose_parent_refuses_new_folders(tmp_path, monkeypatch):
    """root makes /srv/clinic for the service's user, who cannot write to /srv: init staged its files
    beside the folder and stopped with '.: cannot create: Permission denied'. (As root the tests
    cannot be refused by file modes, so the parent's refusal is the one mkdtemp would give.)"""
    import tempfile

    folder = tmp_path / "clinic"
    folder.mkdir()
    made = tempfile.mkdtemp

    def mkdtemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == tmp_path:
            raise PermissionError(13, "Permission denied", str(dir))
        return made(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.chdir(folder)
    result = run("init", ".")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["data", "handouts.toml", "shipped.toml"]


def test_init_into_an_empty_folder_keeps_that_folder(tmp_path):
    """`mkdir clinic && cd clinic && handouts init .`: the shell stays in the folder it is in.
    Replacing the folder left the shell in a deleted one, where `ls` showed nothing."""
    folder = tmp_path / "clinic"
    folder.mkdir(mode=0o750)
    before = folder.stat()
    scaffold.create(folder)
    after = folder.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(p.name for p in folder.iterdir()) == ["data", "handouts.toml", "shipped.toml"]
    assert [p.name for p in tmp_path.iterdir()] == ["clinic"]  # no staging folder left behind


# --- finding the workspace ----------------------------------------------------------------


def test_a_workspace_is_found_from_a_folder_below_it(clinic):
    deep = clinic / "letters" / "2025"
    deep.mkdir(parents=True)
    assert workspace.locate(cwd=deep) == clinic / "handouts.toml"
    assert workspace.locate(cwd=clinic.parent) is None


def test_config_option_beats_the_environment_which_beats_the_folders(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    scaffold.create(first)
    scaffold.create(second)
    (second / "data" / "topics" / "leaky-gut.yaml").rename(second / "data" / "topics" / "second-topic.yaml")
    monkeypatch.chdir(first)
    assert "second-topic" not in listed("topics")
    monkeypatch.setenv("HANDOUTS_CONFIG", str(second))
    assert "second-topic" in listed("topics")
    result = run("--config", str(first / "handouts.toml"), "list", "topics")
    assert result.exit_code == 0 and "second-topic" not in result.output


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_named_workspace_that_is_a_fifo_or_device_is_not_called_missing(tmp_path, monkeypatch):
    """'--config /dev/null: no such file' sent people looking for a file that is there."""
    import os

    os.mkfifo(tmp_path / "handouts.toml")
    for named in (tmp_path / "handouts.toml", tmp_path, "/dev/null"):
        result = run("--config", named, "list", "topics")
        assert result.exit_code == 2, result.output
        assert f"--config {named}: is not a regular file (a device, FIFO or socket)" in result.output
        assert "no such file" not in result.output


def test_a_named_workspace_that_does_not_exist_is_a_usage_error(tmp_path, monkeypatch):
    result = run("--config", str(tmp_path / "nope.toml"), "list", "topics")
    assert result.exit_code == 2 and "no such file" in result.output and "handouts init" in result.output
    monkeypatch.setenv("HANDOUTS_CONFIG", str(tmp_path / "nope"))
    result = run("list", "topics")
    assert result.exit_code == 2 and "HANDOUTS_CONFIG" in result.output


def test_without_a_workspace_only_the_shipped_samples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert listed("topics")["leaky-gut"]["source"] == "shipped"


@pytest.mark.parametrize(("line", "where", "says"), [
    ('brnd = "riverside"', ":14:1: brnd:", "unknown key 'brnd'; did you mean 'brand'?"),
    ('paper = "legal"', ":14:1: paper:", "write one of 'letter', 'a4'"),
    ('locale = "English"', ":14:1: locale:", "e.g. 'en-US'"),
    ("output = [", ":14:", "TOML syntax"),
    ('locale = "en_US"', ":14:1: locale:", "did you mean 'en-US'?"),
    # a code of no language was taken for --lang, which nobody typed ("Invalid value for --lang: 'sp' ...")
    ('locale = "sp"', ":14:1: locale:", "'sp' is not a code handouts knows for a language"),
    ('locale = "sp"', ":14:1: locale:", "did you mean 'es' (Spanish)?"),
    ('locale = "sp-MX"', ":14:1: locale:", "did you mean 'es-MX' (Spanish)?"),
    ("output = out", ":14:10: output:", 'text is written in quotes: output = "out"'),
    ("brand = harbour-health  # ours", ":14:9: brand:", 'text is written in quotes: brand = "harbour-health"'),
    ("[serve]\nproxy = 127.0.0.1", ":15:", 'text is written in quotes: proxy = "127.0.0.1"'),
    # tomllib recurses per level: a RecursionError traceback
    ("data = " + "[" * 5000 + "]" * 5000, ":14:72:", "nested more than 64 levels deep"),
    ("serve = " + "{a = " * 5000 + "1" + "}" * 5000, ":14:329:", "nested more than 64 levels deep"),
])
def test_a_broken_handouts_toml_is_a_located_error(tmp_path, monkeypatch, line, where, says):
    root = tmp_path / "clinic"
    root.mkdir()
    (root / "handouts.toml").write_text("\n" * 12 + "schema = 1\n" + line + "\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = run("list", "topics")
    assert result.exit_code == 1, result.output
    assert f"handouts.toml{where}" in result.stderr and says in result.stderr
    assert "Traceback" not in result.output


def test_a_locale_of_no_language_is_refused_at_its_line_not_as_a_lang_option(tmp_path, monkeypatch):
    """`locale = "sp"` passed the toml's check (shaped like a code) and render said 'Invalid value for --lang:
    'sp' ...' (exit 2), an option nobody typed; now the workspace's line says it, as a brand's `locale: sp`."""
    (tmp_path / "handouts.toml").write_text('schema = 1\nlocale = "sp"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("render", "leaky-gut", "--audience", "patient", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1, result.output
    assert "handouts.toml:2:1: locale: 'sp' is not a code handouts knows for a language" in result.stderr
    assert "did you mean 'es' (Spanish)?" in result.stderr and "--lang" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_data_folder_that_does_not_exist_is_named(tmp_path):
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = ["ours"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="no folder 'ours' next to handouts.toml$"):
        workspace.read(tmp_path / "handouts.toml")


def test_a_tilde_in_handouts_toml_is_the_users_home(tmp_path, monkeypatch):
    """`output = "~/handouts"` became a folder named '~' inside the workspace (or an error naming
    one): TOML does not expand it, so a practice's setting did not mean what it says."""
    home = tmp_path / "home"
    (home / "clinic-data").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = ["~/clinic-data"]\noutput = "~/handouts"\n',
                                            encoding="utf-8")
    ws = workspace.read(tmp_path / "handouts.toml")
    assert ws.data_dirs == ((home / "clinic-data").resolve(),)
    assert ws.output == (home / "handouts").resolve()


def test_a_misspelt_data_folder_suggests_the_folder_that_is_there(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = ["dta"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="no folder 'dta' next to handouts.toml; did you mean 'data'\\?"):
        workspace.read(tmp_path / "handouts.toml")


# --- ids resolve in the workspace first -------------------------------------------------------


def test_the_workspace_copy_wins_and_its_own_topics_work_by_id(clinic):
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("title: Leaky gut syndrome",
                                                               "title: Leaky gut (our wording)"), encoding="utf-8")
    own = clinic / "data" / "topics" / "our-gut.yaml"
    own.write_text(topic.read_text(encoding="utf-8").replace("id: leaky-gut", "id: our-gut"), encoding="utf-8")
    rows = listed("topics")
    assert rows["leaky-gut"]["title"] == "Leaky gut (our wording)" and rows["leaky-gut"]["source"] == "workspace"
    assert "our-gut" in rows
    result = run("render", "our-gut", "--audience", "clinician", "--format", "html", "-o", "brief.html")
    assert result.exit_code == 0, result.output
    assert "Leaky gut (our wording)" in (clinic / "brief.html").read_text(encoding="utf-8")
    result = run("validate", "our-gut", "riverside")
    assert result.exit_code == 0, result.output
    assert "ok  data/topics/our-gut.yaml" in result.stdout and "ok  data/brands/riverside.yaml" in result.stdout


def test_validate_and_lint_without_targets_check_the_workspace(clinic):
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "ok  data/foods/catalogue.yaml" in result.stdout and "ok  data/topics/leaky-gut.yaml" in result.stdout
    result = run("lint", "--format", "json", "--as-of", "2025-08-01")
    paths = {f["path"] for f in json.loads(result.stdout)["files"]}
    assert "data/topics/leaky-gut.yaml" in paths


def test_a_customisation_by_id_renders_from_the_workspace(clinic):
    result = run("diet", "--customize", "sam-low-fodmap", "--format", "html")
    assert result.exit_code == 0, result.output
    # in the workspace's output folder, named by the plan: never by the file (often the patient's name)
    assert [p.name for p in (clinic / "out").iterdir()] == ["customised-low-fodmap.html"]


# --- settings: command line, then handouts.toml, then the brand, then defaults -------------


def test_the_workspace_brand_is_the_default_and_the_command_line_wins(clinic):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('brand = "default"', 'brand = "riverside"'),
                      encoding="utf-8")
    assert run("render", "leaky-gut", "--audience", "clinician", "--format", "html", "-o", "a.html").exit_code == 0
    assert "Riverside Family Practice" in (clinic / "a.html").read_text(encoding="utf-8")
    assert run("render", "leaky-gut", "--audience", "clinician", "--format", "html", "--brand", "default",
               "-o", "b.html").exit_code == 0
    assert "Riverside Family Practice" not in (clinic / "b.html").read_text(encoding="utf-8")


def test_paper_precedence_in_words():
    ws = workspace.Workspace(Path("/w/handouts.toml"), 1, (), paper="a4")
    bare = workspace.Workspace(Path("/w/handouts.toml"), 1, (), locale="en-GB")
    assert workspace.paper("letter", ws, "letter") == "letter"  # the command line
    assert workspace.paper(None, ws, "letter") == "a4"  # then the workspace
    assert workspace.paper(None, bare, "letter") == "letter"  # then the brand's own
    # then the locale's default, which the document applies from its resolved locale
    # (the workspace's, else the brand's, else en-US: handouts.views.frame)
    assert workspace.paper(None, bare, None) is None and parse("en-GB").paper == "a4"
    assert workspace.paper(None, None, None) is None and parse("en-US").paper == "letter"


def _page_size(path: Path) -> tuple[int, int]:
    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_workspace_paper_reaches_the_pdf_and_paper_on_the_command_line_beats_it(clinic):
    set_key(clinic, 'paper = "a4"')
    assert run("render", "leaky-gut", "--audience", "patient", "-o", "a4.pdf").exit_code == 0
    assert _page_size(clinic / "a4.pdf") == (595, 842)  # riverside's file says letter; the workspace says A4
    assert run("render", "leaky-gut", "--audience", "patient", "--paper", "letter", "-o", "l.pdf").exit_code == 0
    assert _page_size(clinic / "l.pdf") == (612, 792)


def test_language_comes_from_the_locale_when_not_given():
    es = workspace.Workspace(Path("/w/handouts.toml"), 1, (), locale="es-US")
    assert workspace.language(None, es) == "es-US" and workspace.language("en", es) == "en"
    assert workspace.language(None, None) is None  # the brand's locale decides, else en-US


def test_session_workspace_errors_are_usage_errors_for_explicit_paths(tmp_path):
    with pytest.raises(UsageError):
        workspace.locate(tmp_path / "missing")


def test_batch_in_a_workspace_uses_its_topics_brand_paper_and_output_folder(clinic):
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    (clinic / "data" / "topics" / "our-gut.yaml").write_text(
        topic.read_text(encoding="utf-8").replace("id: leaky-gut", "id: our-gut"), encoding="utf-8")
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('brand = "default"', 'brand = "riverside"')
                      + 'paper = "a4"\n', encoding="utf-8")
    # the patient handout: a page of it shows the paper and the letterhead, as the longer brief's would
    result = run("batch", "--topics", "our-gut", "--audiences", "patient", "--allow-draft", "-j", "1")
    assert result.exit_code == 0, result.output
    pdf = clinic / "out" / "riverside" / "our-gut-patient.pdf"
    assert _page_size(pdf) == (595, 842)
    assert "Riverside Family Practice" in pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    assert (clinic / "out" / "manifest.json").is_file()


def test_the_web_app_serves_every_data_folder_of_a_workspace(tmp_path):
    from handouts.web import create_app

    first, second = tmp_path / "first", tmp_path / "second"
    (first / "topics").mkdir(parents=True)
    (second / "brands").mkdir(parents=True)
    topic = (DATA / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    (first / "topics" / "our-gut.yaml").write_text(topic.replace("id: leaky-gut", "id: our-gut"), encoding="utf-8")
    brand = (DATA / "brands" / "default.yaml").read_text(encoding="utf-8")
    (second / "brands" / "ours.yaml").write_text(brand.replace("id: default", "id: ours"), encoding="utf-8")
    app = create_app([first, second], "ours")  # the default brand comes from the second folder
    catalogue = app.extensions["handouts"].catalogue
    assert {"our-gut", "leaky-gut"} <= set(catalogue.topic_ids()) and "ours" in catalogue.brand_ids()


def test_serve_checks_its_brand_among_the_workspace_brands_before_listening(clinic):
    (clinic / "data" / "brands" / "riverside.yaml").rename(clinic / "data" / "brands" / "harbour.yaml")
    result = run("serve", "--brand", "harbor", "--port", "0")
    assert result.exit_code == 2
    assert "no brand 'harbor'; did you mean 'harbour'? (brands: default, harbour, harbourside, riverside)" in result.output


def test_a_handouts_toml_that_is_not_a_small_file_is_refused_not_read(tmp_path, monkeypatch):
    (tmp_path / "handouts.toml").write_text("schema = 1\n# " + "x" * 70_000 + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("list", "topics")
    assert result.exit_code == 1 and "handouts.toml: is 70 kB; a handouts.toml may be at most 64 KiB" in result.stderr


# --- approving in a workspace ---------------------------------------------------------------


def test_approve_by_id_in_a_workspace_approves_the_workspaces_copy(clinic):
    shipped = (DATA / "topics" / "leaky-gut.yaml").read_bytes()
    result = run("approve", "leaky-gut", "--reviewer", "Dr. Ana Ruiz", "--reviewed", "2026-11-02",
                 "--next-review", NEXT_REVIEW)
    assert result.exit_code == 0, result.output
    assert "data/topics/leaky-gut.yaml" in result.output
    assert "reviewer: Dr. Ana Ruiz" in (clinic / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    assert (DATA / "topics" / "leaky-gut.yaml").read_bytes() == shipped


def test_approve_never_writes_into_the_shipped_samples_from_a_workspace(clinic):
    (clinic / "data" / "topics" / "leaky-gut.yaml").unlink()  # the id now resolves to the shipped sample
    shipped = (DATA / "topics" / "leaky-gut.yaml").read_bytes()
    result = run("approve", "leaky-gut", "--reviewer", "Dr. Ana Ruiz")
    assert result.exit_code == 2, result.output
    assert "'leaky-gut' is a sample that ships with handouts" in result.output
    assert "copy it into the workspace and approve the copy" in result.output
    assert (DATA / "topics" / "leaky-gut.yaml").read_bytes() == shipped
