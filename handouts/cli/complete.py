"""Shell completion of ids: topics, brands, plans, customisations and a topic's items.

Click calls these while the shell asks (`_HANDOUTS_COMPLETE=bash_complete`), before
any command runs, so they read the workspace from the parsed --config themselves and
never fail: a broken workspace completes nothing rather than printing a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click
from click.shell_completion import CompletionItem, split_arg_string

from handouts import lookup, workspace
from handouts.cli.session import config_option
from handouts.errors import HandoutsError
from handouts.resources import asset_dir

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _dirs(ctx: click.Context) -> list[Path]:
    try:
        ws = workspace.discover(config_option(ctx.find_root()))
    except HandoutsError:
        ws = None
    return [*workspace.data_dirs(ws), asset_dir("data").resolve()]


def _ids(folder: str, *, files: bool = False) -> Completer:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        found = [CompletionItem(i) for i in lookup.ids(_dirs(ctx), folder) if i.startswith(incomplete)]
        if files:  # ids and paths alike: let the shell add matching files too
            found.append(CompletionItem(incomplete, type="file"))
        return found

    return complete


topics = _ids("topics")
topics_or_files = _ids("topics", files=True)
brands = _ids("brands")
brands_or_files = _ids("brands", files=True)
plans = _ids("diets")
customisations = _ids("customisations", files=True)


def content_or_files(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """validate and lint: any content id, and files."""
    from handouts.kinds import CONTENT_KINDS

    dirs = _dirs(ctx)
    ids = sorted({i for kind in CONTENT_KINDS.values() for i in lookup.ids(dirs, kind.folder)})
    return [*(CompletionItem(i) for i in ids if i.startswith(incomplete)), CompletionItem(incomplete, type="file")]


def brand_list(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """--brands a,b,c: complete the last id of the list."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [CompletionItem(prefix + i) for i in lookup.ids(_dirs(ctx), "brands") if i.startswith(last)]


def _topic_on_the_line(ctx: click.Context) -> str | None:
    """The TOPIC already typed. While an option's value is being completed click has not parsed
    the positional arguments (the option lacks its value), so parse the words without it."""
    topic = ctx.params.get("topic")
    if topic or ctx.command is None or ctx.info_name is None:
        return topic  # type: ignore[no-any-return]
    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    words = words[:int(os.environ.get("COMP_CWORD", len(words)))]
    if ctx.info_name not in words:
        return None
    rest = words[words.index(ctx.info_name) + 1:]
    if rest and rest[-1].startswith("-"):
        rest = rest[:-1]  # the option whose value is being completed
    try:
        parsed = ctx.command.make_context(ctx.info_name, rest, resilient_parsing=True)
    except click.ClickException:
        return None
    return parsed.params.get("topic")  # type: ignore[no-any-return]


def items(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """--include / --omit: the recommendation ids of the topic already on the command line."""
    topic = _topic_on_the_line(ctx)
    if not topic:
        return []
    try:
        from handouts.yamlsource import read

        path = lookup.find(_dirs(ctx), "topics", topic)
        data = read(path).data
    except HandoutsError:
        return []
    found = []
    for section in data.get("sections") or []:
        for item in (section.get("recommendations") or []) if isinstance(section, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].startswith(incomplete):
                found.append(CompletionItem(item["id"]))
    return found
