"""The user's own folders (configuration: the key; cache: validated content) and the key file kept there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from handouts import contentcache
from handouts.batch import userkey

HOME = Path("/home/someone")


@pytest.fixture
def home(monkeypatch):
    """No XDG folders chosen, a known home, and each platform's own variables unset."""
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA", contentcache.ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(HOME))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: HOME))
    return monkeypatch


@pytest.mark.parametrize("platform, config, cache", [
    ("linux", HOME / ".config/handouts", HOME / ".cache/handouts/content"),
    ("darwin", HOME / "Library/Application Support/handouts", HOME / "Library/Caches/handouts/content"),
    ("win32", HOME / "AppData/Roaming/handouts", HOME / "AppData/Local/handouts/content"),
])
def test_each_platform_has_its_own_places(home, platform, config, cache):
    home.setattr(sys, "platform", platform)
    assert userkey.config_dir() == config
    assert contentcache.cache_dir() == cache


def test_windows_variables_name_the_folders(home):
    home.setattr(sys, "platform", "win32")
    home.setenv("APPDATA", "/profile/roaming")
    home.setenv("LOCALAPPDATA", "/profile/local")
    assert userkey.config_dir() == Path("/profile/roaming/handouts")
    assert contentcache.cache_dir() == Path("/profile/local/handouts/content")


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_an_absolute_xdg_folder_wins_everywhere_and_a_relative_one_is_ignored(home, platform):
    home.setattr(sys, "platform", platform)
    home.setenv("XDG_CONFIG_HOME", "/xdg/config")
    home.setenv("XDG_CACHE_HOME", "/xdg/cache")
    assert userkey.config_dir() == Path("/xdg/config/handouts")
    assert contentcache.cache_dir() == Path("/xdg/cache/handouts/content")
    home.setenv("XDG_CONFIG_HOME", "relative/config")
    home.setenv("XDG_CACHE_HOME", "relative/cache")
    assert not userkey.config_dir().is_relative_to("relative")
    assert not contentcache.cache_dir().is_relative_to("relative")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_key_is_made_once_for_its_owner_only(tmp_path):
    folder = tmp_path / "config" / "handouts"
    key = userkey.load_or_create(folder)
    path = folder / userkey.FILE_NAME
    assert len(key) == userkey.KEY_BYTES and userkey.load_or_create(folder) == key
    assert path.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    path.chmod(0o640)
    with pytest.raises(userkey.KeyUnavailable, match=r"can be read by others \(mode 640\)"):
        userkey.load_or_create(folder)
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(userkey.KeyUnavailable, match="cannot read"):
        userkey.load_or_create(folder)
