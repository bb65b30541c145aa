"""The renderer's fetcher answers from the kept copy of styles/, and from nothing outside the allowed folders.

Pictograms are served as the process first read them (handouts.kept_assets), so an upgrade
cannot change a running server's documents; the copy must not become a way around the fence:
a URL that climbs out of styles/ with '..', or a link placed in styles/ pointing elsewhere, is
refused as it was when every file was read from disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from handouts import kept_assets, resources
from handouts.fetcher import RestrictedFetcher

DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


@pytest.fixture
def styles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of styles/ that kept_assets reads, with a file beside it that nothing may read."""
    folder = tmp_path / "pkg" / "styles"
    shutil.copytree(resources.asset_dir("styles"), folder)
    (tmp_path / "secret.svg").write_bytes(DRAWING)
    monkeypatch.setattr(kept_assets, "asset_dir", lambda name: folder)
    kept_assets.stylesheet_sources.cache_clear()
    yield folder
    monkeypatch.undo()
    kept_assets.stylesheet_sources.cache_clear()


def test_a_kept_pictogram_is_served_after_its_file_is_gone(styles: Path):
    kept = (styles / "icons" / "call.svg").read_bytes()
    fetcher = RestrictedFetcher([styles], kept_assets.kept_styles())
    (styles / "icons" / "call.svg").unlink()
    assert fetcher.fetch((styles / "icons" / "call.svg").as_uri()).read() == kept
    assert fetcher.fetch((styles / "icons" / ".." / "icons" / "call.svg").as_uri()).read() == kept
    assert not fetcher.blocked


def test_climbing_out_of_a_kept_folder_is_refused(styles: Path):
    fetcher = RestrictedFetcher([styles], kept_assets.kept_styles())
    with pytest.raises(ValueError, match="outside the allowed folders"):
        fetcher.fetch(f"{(styles / 'icons').as_uri()}/../../../secret.svg")
    assert fetcher.blocked


def test_a_link_in_styles_to_a_file_elsewhere_is_not_kept_nor_served(styles: Path):
    (styles / "icons" / "linked.svg").symlink_to(styles.parent.parent / "secret.svg")
    kept_assets.stylesheet_sources.cache_clear()
    assert "icons/linked.svg" not in kept_assets.stylesheet_sources()
    fetcher = RestrictedFetcher([styles], kept_assets.kept_styles())
    with pytest.raises(ValueError, match="outside the allowed folders"):
        fetcher.fetch((styles / "icons" / "linked.svg").as_uri())


def test_a_kept_folder_outside_the_allowed_ones_is_not_served(styles: Path, tmp_path: Path):
    fetcher = RestrictedFetcher([tmp_path / "elsewhere"], {styles: {"icons/call.svg": DRAWING}})
    with pytest.raises(ValueError, match="outside the allowed folders"):
        fetcher.fetch((styles / "icons" / "call.svg").as_uri())
