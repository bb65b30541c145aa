"""Listing a kind folder follows only its links: a plain file cannot lead out of its data folder.

The web app lists the folders on every request; following every file's path to check it
stays inside its data folder took 10 ms for 200 topics. The listing is the same as when
every file was checked, links out of the folder still left out (handouts.datafolder).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from handouts import lookup
from handouts.datafolder import link_leaving

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")


def _every_file_checked(data_dirs: list[Path], folder: str) -> list[str]:
    """The listing as it was made before: every file's path followed."""
    return sorted({p.stem for root in data_dirs if (root / folder).is_dir()
                   for p in (root / folder).glob("*.yaml") if not p.name.startswith(".") and not link_leaving(p)})


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "out.yaml").write_text("id: out\n", encoding="utf-8")
    return folder


@pytest.fixture
def practice(tmp_path: Path, elsewhere: Path) -> Path:
    data = tmp_path / "practice"
    topics = data / "topics"
    topics.mkdir(parents=True)
    for name in ("plain.yaml", "other.yaml", ".hidden.yaml", "notes.txt", "plain.yml"):
        (topics / name).write_text("id: x\n", encoding="utf-8")
    (topics / "folder.yaml").mkdir()  # listed: loading it says it is a folder
    (topics / "alias.yaml").symlink_to("plain.yaml")  # a link that stays inside
    (topics / "gone.yaml").symlink_to("missing.yaml")  # a link to nothing inside
    (topics / "loop.yaml").symlink_to("loop.yaml")
    (topics / "out.yaml").symlink_to(elsewhere / "out.yaml")  # a link out: never listed
    (data / "shared").mkdir()
    (data / "shared" / "kept.yaml").write_text("id: kept\n", encoding="utf-8")
    (topics / "kept.yaml").symlink_to(data / "shared" / "kept.yaml")  # out of topics/, inside the data folder
    return data


def test_the_listing_is_the_one_every_file_checked_made(practice):
    listed = lookup.ids([practice], "topics")
    assert listed == _every_file_checked([practice], "topics")
    assert listed == ["alias", "folder", "gone", "kept", "loop", "other", "plain"]


def test_a_kind_folder_that_links_out_lists_nothing_of_it(tmp_path, elsewhere, practice):
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "topics").symlink_to(elsewhere)
    assert lookup.ids([linked], "topics") == _every_file_checked([linked], "topics") == []
    assert lookup.ids([linked, practice], "topics") == _every_file_checked([linked, practice], "topics")


def test_a_linked_data_folder_lists_its_files(tmp_path, practice):
    (tmp_path / "link-to-practice").symlink_to(practice)
    assert lookup.ids([tmp_path / "link-to-practice"], "topics") == lookup.ids([practice], "topics")


def test_only_links_are_followed(tmp_path, monkeypatch):
    topics = tmp_path / "practice" / "topics"
    topics.mkdir(parents=True)
    for n in range(50):
        (topics / f"topic-{n}.yaml").write_text("id: x\n", encoding="utf-8")
    (topics / "alias.yaml").symlink_to("topic-0.yaml")
    followed: list[Path] = []

    def counting(path: Path) -> str | None:
        followed.append(path)
        return link_leaving(path)

    monkeypatch.setattr(lookup, "link_leaving", counting)
    assert len(lookup.ids([tmp_path / "practice"], "topics")) == 51
    assert followed == [topics / "alias.yaml"]
