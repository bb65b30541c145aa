"""handouts.toml's [serve] table: checked with located problems; the README's examples parse and agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from handouts import serve_config, workspace
from handouts.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fences(lang: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf"^```{lang}\n(.*?)^```$", README, re.MULTILINE | re.DOTALL)]


def test_the_readme_serve_table_is_valid_and_matches_the_command_that_writes_it(tmp_path):
    table_text = next(f for f in fences("toml") if f.startswith("[serve]"))
    data = tomllib.loads(table_text)
    problems: list[str] = []
    config = serve_config.check(data["serve"], tmp_path, lambda key, message: problems.append(f"{key}: {message}"))
    assert problems == []
    assert config.users == tmp_path / "users.txt" and config.proxy == ("127.0.0.1",)
    assert config.hosts == ("handouts.clinic.example",)
    # the README's printf line appends the same settings (the commented ones aside)
    printf = next(line for line in README.splitlines() if line.startswith("printf '%s\\n' '' '[serve]'"))
    written = dict(re.findall(r"'(\w+) = ([^']+)'", printf))
    shown = {k: v.split("#")[0].strip() for k, v in re.findall(r"^(\w+) = (.+)$", table_text, re.MULTILINE)}
    assert written == shown


def test_the_readme_caddyfile_points_at_the_served_port_and_a_listed_host():
    caddyfile = fences("caddyfile")[0]
    site, target = re.search(r"^(\S+) \{\n\s+reverse_proxy (\S+)\n\}", caddyfile).groups()
    table = tomllib.loads(next(f for f in fences("toml") if f.startswith("[serve]")))["serve"]
    assert site in table["hosts"]
    assert target == "127.0.0.1:8000" and "handouts serve --port 8000" in README
    unit = fences("ini")[0]
    assert "ExecStart=" in unit and "serve --port 8000" in unit


def test_problems_in_the_serve_table_are_located(tmp_path):
    config = tmp_path / "handouts.toml"
    config.write_text('schema = 1\n\n[serve]\nusers = 3\nproxy = "not-an-address"\nworkers = 0\n'
                      'user_header = "X Remote"\nhostz = []\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        workspace.read(config)
    assert any(p.line == 4 and "write a file name" in p.message for p in caught.value.problems)
    assert any(p.line == 5 and "proxy's IP address" in p.message for p in caught.value.problems)
    assert any(p.line == 6 and "whole number from 1 to 256" in p.message for p in caught.value.problems)
    assert any(p.line == 7 and "header name" in p.message for p in caught.value.problems)
    assert any(p.line == 8 and "did you mean 'hosts'" in p.message for p in caught.value.problems)


def test_a_user_header_needs_the_proxy_address(tmp_path):
    problems: list[str] = []
    serve_config.check({"user_header": "X-Remote-User"}, tmp_path, lambda k, m: problems.append(m))
    assert problems == ["a user header is trusted only from the proxy: name its address too, e.g. proxy = \"127.0.0.1\""]


def test_a_workspace_without_the_table_serves_as_before(tmp_path):
    config = tmp_path / "handouts.toml"
    config.write_text("schema = 1\n", encoding="utf-8")
    assert workspace.read(config).serve == serve_config.ServeConfig()


def test_a_settings_list_over_its_cap_is_one_problem_at_its_key(tmp_path):
    """7,000 data folders that are not there said 7,000 problems, each after a 'did you mean' over the folder's
    names; thousands of proxies would be compared with every request's address. One problem a key, said first."""
    over = serve_config.SETTING_ENTRIES + 1
    names = ", ".join(f'"d{i}"' for i in range(over))
    config = tmp_path / "handouts.toml"
    config.write_text(f"schema = 1\ndata = [{names}]\n\n[serve]\nhosts = [{names}]\nproxy = [{names}]\n",
                      encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        workspace.read(config)
    said = f"{over} entries, more than a practice needs: give at most {over - 1} (each entry is checked once there are no more)"
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [
        (2, "data", said), (5, "hosts", said), (6, "proxy", said)]
