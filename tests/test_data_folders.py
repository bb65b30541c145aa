"""A workspace's data folders: no link out of them, and no folder anyone may write to (handouts.datafolder)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts import datafolder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and modes")


@pytest.fixture
def elsewhere(tmp_path: Path, clinic: Path) -> Path:
    """A topic outside the workspace, as another user's folder or a file being edited elsewhere would be."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    text = (clinic / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
    (folder / "other.yaml").write_text(text.replace("id: leaky-gut", "id: other"), encoding="utf-8")
    return folder


def test_the_kind_folders_are_the_content_kinds_folders():
    from handouts.kinds import CONTENT_KINDS

    assert datafolder.KIND_FOLDERS == {kind.folder for kind in CONTENT_KINDS.values()}


def test_a_link_out_of_the_data_folder_is_refused_at_the_link(clinic, elsewhere):
    link = clinic / "data" / "topics" / "other.yaml"
    link.symlink_to(elsewhere / "other.yaml")
    result = run("render", "other", "--audience", "clinician", "--format", "html", "-o", "other.html")
    assert_clean_exit(result, 1)
    # named as typed, relative to here: the link, not what it points at
    assert f"data/topics/other.yaml: a symbolic link to {elsewhere / 'other.yaml'}, outside the data folder" \
        in result.stderr.splitlines()[0]
    assert "copy the file in instead of linking to it" in result.stderr
    assert not (clinic / "other.html").exists()
    checked = run("validate")
    assert_clean_exit(checked, 1)
    assert "other.yaml: a symbolic link to" in checked.stderr


def test_listing_skips_a_link_out_with_a_warning(clinic, elsewhere):
    (clinic / "data" / "topics" / "other.yaml").symlink_to(elsewhere / "other.yaml")
    result = run("list", "topics")
    assert_clean_exit(result, 0)
    assert "other" not in result.stdout and "leaky-gut" in result.stdout
    # at the file first, as validate says one (it said 'warning: FILE: not listed: ...')
    assert "data/topics/other.yaml: warning: not listed: a symbolic link to" in result.stderr, result.stderr
    unknown = run("render", "othr", "--audience", "clinician", "-o", "x.pdf")
    assert_clean_exit(unknown, 2)
    assert "'other'" not in unknown.stderr, "not suggested as an id either"


def test_a_kind_folder_that_links_out_is_refused_too(clinic, elsewhere):
    brands = clinic / "data" / "brands"
    moved = elsewhere / "brands"
    brands.rename(moved)
    brands.symlink_to(moved)
    result = run("validate", "riverside")
    assert_clean_exit(result, 1)
    assert "riverside.yaml: a symbolic link to" in result.stderr


def test_links_that_stay_inside_and_a_linked_data_folder_are_read(clinic, tmp_path):
    archive = clinic / "data" / "archive"
    archive.mkdir()
    (clinic / "data" / "topics" / "leaky-gut.yaml").rename(archive / "leaky-gut.yaml")
    (clinic / "data" / "topics" / "leaky-gut.yaml").symlink_to(Path("..") / "archive" / "leaky-gut.yaml")
    assert_clean_exit(run("validate", "leaky-gut"), 0)
    shared = tmp_path / "shared-data"
    (clinic / "data").rename(shared)
    (clinic / "data").symlink_to(shared)  # the data folder itself: the practice's own choice in handouts.toml
    listed = run("list", "topics")
    assert_clean_exit(listed, 0)
    assert "leaky-gut" in listed.stdout and "warning" not in listed.stderr


@pytest.mark.parametrize("sub", ["", "topics", "customisations"])
def test_a_data_folder_anyone_may_write_to_is_refused_with_the_fix(clinic, sub):
    folder = clinic / "data" / sub if sub else clinic / "data"
    folder.chmod(folder.stat().st_mode | stat.S_IWOTH)
    result = run("list", "topics")
    assert_clean_exit(result, 2)
    assert "can be changed by any user of this computer" in result.stderr
    assert f"chmod o-w {folder}" in result.stderr
    # like /tmp: others cannot replace what is there, but may still add a topic that prints instead of ours
    folder.chmod(folder.stat().st_mode | stat.S_ISVTX)
    assert_clean_exit(run("list", "topics"), 2)
    folder.chmod(folder.stat().st_mode & ~stat.S_IWOTH)
    assert_clean_exit(run("list", "topics"), 0)


def test_a_data_folder_its_group_may_write_to_is_fine(clinic):
    folder = clinic / "data" / "topics"
    folder.chmod(folder.stat().st_mode | stat.S_IWGRP)
    assert_clean_exit(run("list", "topics"), 0)


def test_the_shipped_data_is_read_as_installed():
    from handouts.resources import asset_dir

    shipped = asset_dir("data")
    assert all(datafolder.link_leaving(p) is None for p in shipped.rglob("*.yaml"))
    result = run("list", "topics")
    assert_clean_exit(result, 0)
    assert "leaky-gut" in result.stdout and result.stderr == ""


def test_files_outside_a_kind_folder_are_the_users_own_choice(tmp_path, elsewhere):
    link = tmp_path / "mine.yaml"
    link.symlink_to(elsewhere / "other.yaml")
    assert datafolder.link_leaving(link) is None
    assert os.path.islink(link)


def test_a_practice_file_that_links_out_is_not_replaced_by_the_shipped_one_of_its_id(clinic, elsewhere):
    """The practice's leaky-gut links out: printing the shipped leaky-gut instead would hide that."""
    own = clinic / "data" / "topics" / "leaky-gut.yaml"
    own.unlink()
    own.symlink_to(elsewhere / "other.yaml")
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", "x.pdf")
    assert_clean_exit(result, 1)
    assert "data/topics/leaky-gut.yaml: a symbolic link to" in result.stderr
    listed = run("list", "topics")
    assert_clean_exit(listed, 0)
    assert "leaky-gut" not in listed.stdout and "leaky-gut.yaml: warning: not listed" in listed.stderr


def test_a_job_files_id_that_links_out_is_a_bad_job(clinic, elsewhere):
    from handouts.batch.jobs import BadJob, JobFile, OutputPattern

    (clinic / "data" / "topics" / "other.yaml").symlink_to(elsewhere / "other.yaml")
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience\nother,clinician\n", encoding="utf-8")
    (bad,) = list(JobFile(jobs, OutputPattern("{topic}.pdf"), [clinic / "data"]))
    assert isinstance(bad, BadJob)
    assert "other.yaml: a symbolic link to" in bad.error


def test_an_id_is_never_a_path(clinic):
    from handouts.lookup import find_id

    (clinic / "secret.yaml").write_text("id: secret\n", encoding="utf-8")
    assert find_id([clinic / "data"], "topics", "../../secret") is None
    assert find_id([clinic / "data"], "topics", "leaky-gut") == clinic / "data" / "topics" / "leaky-gut.yaml"


def test_batch_paths_to_a_link_out_are_refused_before_they_are_resolved(clinic, elsewhere):
    """A batch resolves its topic files before its workers read them: the check comes first."""
    from handouts.batch.jobs import BadJob, JobFile, OutputPattern, expand_topics
    from handouts.errors import UsageError

    link = clinic / "data" / "topics" / "other.yaml"
    link.symlink_to(elsewhere / "other.yaml")
    with pytest.raises(UsageError, match="other.yaml: a symbolic link to"):
        expand_topics([str(clinic / "data" / "topics")])
    jobs = clinic / "jobs.csv"
    jobs.write_text("topic,audience\ndata/topics/other.yaml,clinician\n", encoding="utf-8")
    (bad,) = list(JobFile(jobs, OutputPattern("{topic}.pdf"), [clinic / "data"]))
    assert isinstance(bad, BadJob) and "other.yaml: a symbolic link to" in bad.error


@pytest.mark.parametrize("sub", ["", "topics"])
def test_serve_refuses_a_data_folder_it_is_given_that_anyone_may_write_to(tmp_path, monkeypatch, sub):
    """--data was trusted as named: another user could add a topic or brand to what the clinic prints."""
    served: list[object] = []
    monkeypatch.setattr("handouts.web.server.serve", lambda *args: served.append(args))
    monkeypatch.chdir(tmp_path)
    shared = tmp_path / "shared"
    (shared / "topics").mkdir(parents=True)
    (shared / "brands").mkdir()
    folder = shared / sub if sub else shared
    folder.chmod(folder.stat().st_mode | stat.S_IWOTH | stat.S_ISVTX)  # sticky, as /tmp: still anyone may add
    result = run("serve", "--port", "0", "--data", shared)
    assert_clean_exit(result, 2)
    assert "can be changed by any user of this computer" in result.stderr
    assert "so the data folder is not used" in result.stderr and f"chmod o-w {folder}" in result.stderr
    assert served == []
    folder.chmod(folder.stat().st_mode & ~stat.S_IWOTH)
    assert_clean_exit(run("serve", "--port", "0", "--data", shared), 0)
    assert [args[2] for args in served] == [[shared]]


def test_a_named_files_data_folder_anyone_may_write_to_is_refused(tmp_path, monkeypatch):
    """Naming a topic file makes its data folder the first searched for every id: anyone who may write there
    could add brands/default.yaml, and it would print on the topic named."""
    monkeypatch.chdir(tmp_path)
    shared = tmp_path / "shared"
    (shared / "topics").mkdir(parents=True)
    topic = shared / "topics" / "leaky-gut.yaml"
    topic.write_text((Path(__file__).resolve().parent.parent / "data" / "topics" / "leaky-gut.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    shared.chmod(shared.stat().st_mode | stat.S_IWOTH | stat.S_ISVTX)
    for args in (("validate", topic), ("render", topic, "--audience", "clinician", "-o", "x.pdf")):
        result = run(*args)
        assert_clean_exit(result, 2)
        assert "shared/ can be changed by any user of this computer" in result.stderr
        assert f"chmod o-w {shared}" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
    shared.chmod(shared.stat().st_mode & ~stat.S_IWOTH)
    assert_clean_exit(run("validate", topic), 0)
