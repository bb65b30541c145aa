"""A practice adding a language the tool has no words for yet (Portuguese, say): what it meets.

A workspace set to such a locale, content translated into it, a brand made for it: each
place says plainly what the tool cannot do in that language, rather than printing a mixed
document or refusing for a reason the user did not give.
"""

from __future__ import annotations

from pathlib import Path

from cliutil import assert_clean_exit, run


def _workspace_locale(root: Path, tag: str) -> None:
    config = root / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'\nlocale = "{tag}"\n', encoding="utf-8")


def test_a_workspace_locale_in_another_language_still_prints_the_english_clinician_brief(clinic: Path) -> None:
    """The brief is English for every locale; the workspace's locale gives it the region (A4 in Brazil).
    It used to be refused as if the user had typed --lang."""
    _workspace_locale(clinic, "pt-BR")
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", clinic / "brief.html")
    assert_clean_exit(result, 0)
    html = (clinic / "brief.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "size: a4" in html


def test_a_clinician_brief_asked_for_in_another_language_is_still_refused(clinic: Path) -> None:
    result = run("render", "leaky-gut", "--audience", "clinician", "--lang", "es", "-o", clinic / "brief.html")
    assert_clean_exit(result, 2)
    assert "English only" in result.output and not (clinic / "brief.html").exists()
