"""The README's proxy configuration, as an IT person copies it: Caddyfile text that Caddy accepts.

Caddy has no checker here, so this holds the README to the Caddyfile's own brace rule: a
block's `{` ends its line and its `}` stands on a line of its own. The README once gave
`reverse_proxy 127.0.0.1:8000 { header_up X-Remote-User {http.auth.user.id} }` on one line,
which Caddy refuses.
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
DIRECTIVES = ("reverse_proxy", "basic_auth", "basicauth", "header_up", "tls")


def _caddyfile_lines() -> list[tuple[int, str]]:
    """Every line of a ```caddyfile fence, and every inline code span that uses a Caddy directive."""
    found: list[tuple[int, str]] = []
    inside = False
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("```"):
            inside = line.strip() == "```caddyfile"
            continue
        if inside:
            found.append((number, line))
        else:
            found += [(number, span) for span in re.findall(r"`([^`]+)`", line)
                      if span.split() and span.split()[0] in DIRECTIVES]
    return found


def test_the_readme_shows_caddyfile_text():
    assert any("reverse_proxy" in text for _, text in _caddyfile_lines())


def test_every_caddyfile_block_opens_at_a_line_end_and_closes_on_its_own_line():
    for number, text in _caddyfile_lines():
        words = text.split()
        if "{" in words:
            assert words[-1] == "{" and words.count("{") == 1, f"README.md:{number}: '{{' must end its line: {text}"
        if "}" in words:
            assert words == ["}"], f"README.md:{number}: '}}' must stand on a line of its own: {text}"


def test_the_systemd_unit_counts_a_stop_as_clean():
    """`handouts serve` exits 143 on SIGTERM; without SuccessExitStatus every `systemctl stop` left a failed unit."""
    from handouts.cli import exits

    text = README.read_text(encoding="utf-8")
    unit = text[text.index("```ini\n[Unit]"):]
    unit = unit[:unit.index("\n```", 4)]
    assert "ExecStart=" in unit and "handouts serve" in unit
    assert f"SuccessExitStatus={exits.TERMINATED}" in unit.splitlines()
