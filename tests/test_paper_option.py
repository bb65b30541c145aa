"""`--paper A4`, as paper sizes are written, is A4: it was refused as not one of 'letter', 'a4'."""

from __future__ import annotations

import importlib

import click

from handouts.cli import COMMANDS


def test_every_paper_option_takes_the_size_in_capitals_and_gives_it_on_in_lower_case():
    checked = []
    for name, (module, attr) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attr)
        for param in command.params:
            if param.name == "paper":
                assert param.type.convert("A4", param, None) == "a4", name
                assert param.type.convert("Letter", param, None) == "letter", name
                checked.append(name)
    assert {"render", "diet", "batch"} <= set(checked)


def test_a_paper_size_that_is_not_one_is_still_refused():
    from handouts.cli.render_cmd import render

    (param,) = [p for p in render.params if p.name == "paper"]
    try:
        param.type.convert("legal", param, None)
    except click.BadParameter as exc:
        assert "'letter', 'a4'" in str(exc) or "letter" in str(exc)
    else:
        raise AssertionError("legal was taken")


def test_paper_in_handouts_toml_may_be_written_a4_or_A4(tmp_path):
    from handouts import workspace

    (tmp_path / "handouts.toml").write_text('schema = 1\ndata = []\npaper = "A4"\n', encoding="utf-8")
    assert workspace.read(tmp_path / "handouts.toml").paper == "a4"
