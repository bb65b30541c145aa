"""handouts upgrade: migrations move a workspace's files to the schema this handouts reads.

There is no migration yet (schema 1 is the first), so the mechanism is proved with one
registered here: brands' `footer` renamed `footnote`, a change the real models do not have.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest

from handouts import copies, migrations, workspace

from cliutil import run
from conftest import DATA


def _rename_footer(data: MutableMapping[str, Any]) -> None:
    if "footer" in data:
        keys = list(data)
        data.insert(keys.index("footer"), "footnote", data.pop("footer"))  # ruamel's CommentedMap keeps the place


@pytest.fixture
def registered(monkeypatch):
    step = migrations.Migration(2, "brands: 'footer' is now 'footnote'", frozenset({"brand"}), _rename_footer)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", [step])
    return step


def test_with_no_migration_the_workspace_is_current(clinic):
    before = {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()}
    result = run("upgrade", "--dry-run")
    assert result.exit_code == 0 and "the workspace is current (content schema 1)" in result.stdout
    assert run("upgrade").exit_code == 0
    assert {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()} == before


def test_dry_run_shows_a_unified_diff_and_writes_nothing(clinic, registered):
    before = {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()}
    result = run("upgrade", "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "--- a/data/brands/riverside.yaml\n+++ b/data/brands/riverside.yaml\n" in out
    assert "\n-footer:\n" in out and "\n+footnote:\n" in out
    assert "--- a/handouts.toml" in out and "\n-schema = 1\n+schema = 2\n" in out
    assert "data/topics/" not in out  # files the migration does not concern are not touched
    assert "schema 2: brands: 'footer' is now 'footnote'" in result.stderr
    assert {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()} == before


def test_upgrade_migrates_keeps_comments_and_records_the_new_schema(clinic, registered):
    mine = clinic / "data" / "brands" / "default.yaml"
    mine.write_text(mine.read_text(encoding="utf-8").replace("Your care team", "Our care team"), encoding="utf-8")
    result = run("upgrade")
    assert result.exit_code == 0, result.output
    riverside = (clinic / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    shipped = (DATA / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    assert riverside == shipped.replace("\nfooter:", "\nfootnote:")  # nothing else moved, comments kept
    assert workspace.read(clinic / "handouts.toml").schema == 2
    record = {c.path: c for c in copies.read(clinic)}
    # an unedited copy stays unedited (the shipped file gets the same migration); an edit stays an edit
    assert record["data/brands/riverside.yaml"].sha256 == copies.sha256_file(clinic / "data/brands/riverside.yaml")
    assert record["data/brands/default.yaml"].sha256 == copies.sha256_file(DATA / "brands" / "default.yaml")
    again = run("upgrade")
    assert again.exit_code == 0 and "current (content schema 2)" in again.stdout


def test_a_workspace_from_a_newer_handouts_is_refused(clinic):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("schema = 1", "schema = 3"), encoding="utf-8")
    result = run("upgrade")
    assert result.exit_code == 2 and "newer handouts" in result.output


def test_a_gap_in_the_registry_is_an_error_not_a_silent_skip(clinic, registered, monkeypatch):
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    result = run("upgrade", "--dry-run")
    assert result.exit_code == 1 and "no migration to schema 3" in result.stderr


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["crlf", "crlf-and-bom"])
def test_a_migrated_file_keeps_its_windows_line_ends_and_byte_order_mark(clinic, registered, mark):
    """A practice on Windows saves its content with CRLF (Notepad adds a byte-order mark): upgrade rewrote
    every line end of a migrated file to LF and dropped the mark, so each line of it showed as changed."""
    riverside = clinic / "data" / "brands" / "riverside.yaml"
    shipped = (DATA / "brands" / "riverside.yaml").read_bytes()
    riverside.write_bytes(mark + shipped.replace(b"\n", b"\r\n"))
    result = run("upgrade")
    assert result.exit_code == 0, result.output
    expected = shipped.replace(b"\nfooter:", b"\nfootnote:")
    assert riverside.read_bytes() == mark + expected.replace(b"\n", b"\r\n")


@pytest.mark.parametrize("first", [b"\n", b"\r\n"], ids=["first-lf", "first-crlf"])
def test_a_migrated_file_with_mixed_line_ends_keeps_each_lines_own(clinic, registered, first):
    """A file edited on a Mac and on Windows has some lines LF and some CRLF: upgrade gave every line the
    first line's end, so the diff and the practice's version control showed lines the migration never
    touched as changed. Each line keeps its own end; the renamed line keeps the end of the one it replaced."""
    riverside = clinic / "data" / "brands" / "riverside.yaml"
    lines = (DATA / "brands" / "riverside.yaml").read_bytes().split(b"\n")[:-1]
    ends = [first] + [b"\r\n" if n % 3 else b"\n" for n in range(1, len(lines))]
    footer = lines.index(b"footer:")
    ends[footer] = b"\r\n" if first == b"\n" else b"\n"  # the changed line's end differs from the first's
    riverside.write_bytes(b"".join(line + end for line, end in zip(lines, ends)))
    result = run("upgrade")
    assert result.exit_code == 0, result.output
    lines[footer] = b"footnote:"
    assert riverside.read_bytes() == b"".join(line + end for line, end in zip(lines, ends))



def test_a_line_a_migration_adds_gets_the_files_most_common_line_end():
    from handouts.upgrade import _as_saved

    saved = "a: 1\nb: 1\r\nc: 1\r\n"
    assert _as_saved("a: 1\nnew: 2\nb: 1\nc: 1\n", saved) == "a: 1\nnew: 2\r\nb: 1\r\nc: 1\r\n"
    assert _as_saved("a: 2\n", "\ufeffa: 1\r") == "\ufeffa: 2\r"  # an old Mac's CR, a last line without one


def _mark_upgraded(data: MutableMapping[str, Any]) -> None:
    data.setdefault("upgraded", True)


def test_check_lists_every_file_of_every_kind_it_would_change_writes_nothing_and_exits_1(clinic, monkeypatch):
    """A practice's IT person (or a monitor) asks whether an upgrade is due: --dry-run exited 0 either way and
    named the files only inside its diffs, which show a customisation's patient details. --check names each
    file, topics to handouts.toml, writes nothing and exits 1; the user file is not content and stays."""
    from handouts.kinds import CONTENT_KINDS

    step = migrations.Migration(2, "every file is marked", frozenset(CONTENT_KINDS), _mark_upgraded)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", [step])
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[serve]\nusers = "users.txt"\n', encoding="utf-8")
    assert run("users", "add", "alice", input="a long passphrase\na long passphrase\n").exit_code == 0
    (clinic / "data" / "personalisations").mkdir()
    (clinic / "data" / "personalisations" / "jo.yaml").write_text("patient_name: Jo Example\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()}
    content = sorted(p.relative_to(clinic).as_posix() for p in clinic.glob("data/*/*.yaml"))
    assert {p.split("/")[1] for p in content} == {k.folder for k in CONTENT_KINDS.values()}  # every kind

    result = run("upgrade", "--check")
    assert result.exit_code == 1, result.output
    assert sorted(result.stdout.splitlines()) == sorted(f"would upgrade {p}" for p in [*content, "handouts.toml"])
    assert "check: 11 file(s) would change (content schema 1 to 2: run 'handouts upgrade'); nothing was written" \
        in result.stderr
    assert "Jo Example" not in result.output and "Sam" not in result.output  # names of files, not their contents
    assert {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()} == before

    assert run("upgrade").exit_code == 0
    assert (clinic / "users.txt").read_bytes() == before[clinic / "users.txt"]
    again = run("upgrade", "--check")
    assert again.exit_code == 0 and "current (content schema 2)" in again.stdout


def _rename_notes(data: MutableMapping[str, Any]) -> None:
    if "notes" in data:
        keys = list(data)
        data.insert(keys.index("notes"), "patient_notes", data.pop("notes"))
    if "patient" in data:
        data["patient"] = data["patient"].upper()


@pytest.mark.parametrize("kind", ["diet-customisation", "personalisation"])
def test_a_dry_run_names_a_patient_files_changed_fields_and_lines_never_their_values(clinic, monkeypatch, kind):
    """A privacy officer's finding: --dry-run printed a customisation's whole diff, Sam's name, notes and foods,
    to a terminal that may be screen-shared or logged. A patient's file (a customisation, a personalisation)
    shows each changed field's path and line, its value withheld; a brand keeps its diff."""
    step = migrations.Migration(2, "notes are patient_notes", frozenset({kind, "brand"}), _rename_notes)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", [step])
    (clinic / "data" / "personalisations").mkdir()
    (clinic / "data" / "personalisations" / "jo.yaml").write_text(
        "patient_name: Jo Zebedee-Example\nnotes: Jo's knee, Quillfeather clinic\n", encoding="utf-8")
    sam = clinic / "data" / "customisations" / "sam-low-fodmap.yaml"
    sam.write_text(sam.read_text(encoding="utf-8").replace("Sam Rivera", "Sam Quorlington"), encoding="utf-8")
    brand = clinic / "data" / "brands" / "riverside.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "notes: a brand's own note\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()}

    result = run("upgrade", "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.output
    for secret in ("Quorlington", "QUORLINGTON", "Zebedee", "Quillfeather", "September 29", "peanut"):
        assert secret not in out
    withheld = "(value withheld: patient details)"
    if kind == "diet-customisation":
        line = sam.read_text(encoding="utf-8").splitlines().index(
            next(s for s in sam.read_text(encoding="utf-8").splitlines() if s.startswith("notes:"))) + 1
        assert f"data/customisations/sam-low-fodmap.yaml:{line}: notes: removed {withheld}\n" in out
        assert f"data/customisations/sam-low-fodmap.yaml:{line}: patient_notes: added {withheld}\n" in out
        assert f"data/customisations/sam-low-fodmap.yaml:3: patient: changed {withheld}\n" in out
        assert "a/data/customisations/" not in out and "data/personalisations/" not in out
    else:
        assert f"data/personalisations/jo.yaml:2: notes: removed {withheld}\n" in out
        assert f"data/personalisations/jo.yaml:2: patient_notes: added {withheld}\n" in out
        assert "data/customisations/" not in out
    assert "--- a/data/brands/riverside.yaml" in out and "\n-notes: a brand's own note\n" in out  # not a patient's
    assert {p: p.read_bytes() for p in clinic.rglob("*") if p.is_file()} == before


def test_a_key_that_is_not_a_fields_shape_is_withheld_as_a_value_is():
    from handouts.upgrade import Change, _field_changes

    before = "plan: low-fodmap\nSam Quorlington: likes grapes\ntest_foods: {fructans: garlic}\n"
    after = "plan: low-fodmap\nSam Quorlington: likes pears\ntest_foods: {fructans: onion}\n"
    assert _field_changes(before, after) == [(2, "(a key withheld)", "changed"), (3, "test_foods.fructans", "changed")]
    layout = Change(Path("sam.yaml"), "patient: Sam Quorlington\n", "patient: 'Sam Quorlington'\n", patient_details=True)
    assert layout.diff() == "sam.yaml: only its layout changes, no field's value (the file is patient details)\n"
