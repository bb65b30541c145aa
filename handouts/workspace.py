"""A practice's workspace: a folder with a handouts.toml, the practice's data and its settings.

Which workspace a command uses: `--config FILE`, else the HANDOUTS_CONFIG
environment variable, else the first handouts.toml in the current folder or one
of its parents; with none, the shipped data only. Ids (topics, brands, plans,
customisations) resolve in the workspace's data folders first, then in the
shipped data: the workspace is a `Context` with the practice's folders first.

Settings are taken in this order (the README says the same): the command line,
then handouts.toml, then the brand (its paper size), then the defaults.

Reading a workspace imports neither pydantic nor WeasyPrint: shell completion
and `handouts list` use it too.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.datafolder import refuse_writable_by_all
from handouts.dates import today as today_in
from handouts.dates import zone_problem
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.inputfile import why_not_a_file, why_not_a_folder
from handouts.locale import LETTER_REGIONS
from handouts.patterns import LANG_PATTERN, SLUG_PATTERN

from handouts.serve_config import ServeConfig
from handouts.serve_config import check as check_serve
from handouts.serve_config import too_many

if TYPE_CHECKING:
    from handouts.context import Context

CONFIG_NAME = "handouts.toml"
MAX_CONFIG_BYTES = 64 * 1024  # a few settings; anything larger is not one
MAX_CONFIG_DEPTH = 64  # as for content (handouts.yamlspec); settings use two
ENV_VAR = "HANDOUTS_CONFIG"
PAPERS = ("letter", "a4")
DEFAULT_BRAND = "default"
DEFAULT_LOCALE = "en-US"

KEYS = {
    "schema": "the content-schema version these files follow (handouts upgrade moves it on)",
    "data": "data folders searched before the shipped samples, in order",
    "brand": "the brand used when a command has no --brand",
    "locale": "language and region, e.g. en-US: the patient texts' language when a command has no --lang",
    "timezone": "the clinic's time zone, e.g. America/Los_Angeles: it decides today's date (default: the computer's)",
    "paper": "letter or a4, for every document when a command has no --paper (else each brand's own)",
    "output": "the folder documents go to when a command has no -o / --out",
    "require_catalogue_approval": "true: a food catalogue file never approved with 'handouts approve' makes "
                                  "every diet sheet it supplies print DRAFT (default false: no mark)",
    "serve": "a table: how 'handouts serve' runs for a clinic (users, proxy, audit log, workers: "
             "handouts/serve_config.py)",
}
"""Every key handouts.toml may have, and what it sets."""


@dataclass(frozen=True)
class Workspace:
    """A practice's workspace as its handouts.toml describes it (paths made absolute)."""

    config: Path
    schema: int
    data_dirs: tuple[Path, ...]
    brand: str | None = None
    locale: str | None = None
    timezone: str | None = None
    """The clinic's time zone (an IANA name): "today" for every document (handouts.dates.today)."""
    paper: str | None = None
    output: Path | None = None
    serve: ServeConfig = ServeConfig()
    require_catalogue_approval: bool = False

    @property
    def root(self) -> Path:
        return self.config.parent


# -- finding and reading ------------------------------------------------------------


def locate(explicit: str | Path | None = None, environ: Mapping[str, str] | None = None,
           cwd: Path | None = None) -> Path | None:
    """The handouts.toml to use, or None for the shipped data only.

    An explicit choice (--config, then HANDOUTS_CONFIG) may name the file or its
    folder and must exist; otherwise the current folder and its parents are searched.
    """
    environ = os.environ if environ is None else environ
    for value, source in ((explicit, "--config"), (environ.get(ENV_VAR) or None, ENV_VAR)):
        if value is None:
            continue
        path = Path(value).expanduser()
        if path.is_dir():
            path = path / CONFIG_NAME
        if path.exists() and not path.is_file():  # a FIFO or a device: not 'no such file', which it is not
            raise UsageError(f"{source} {value}: is not a regular file (a device, FIFO or socket); name a "
                             f"workspace's {CONFIG_NAME}, or its folder")
        if os.path.lexists(path) and not path.is_file():  # a link to nothing, or a link loop
            raise UsageError(f"{source} {value}: {why_not_a_file(path)}")
        if not path.is_file():
            raise UsageError(f"{source} {value}: no such file (a workspace's {CONFIG_NAME}, or its folder; "
                             "make one with 'handouts init DIR')")
        return path.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            refuse_untrusted(candidate)
            return candidate
        if os.path.lexists(candidate):  # skipped, the practice's settings, brand and data went unused unsaid
            raise ContentError([Problem(display_path(candidate), 0, 0, "", (
                f"{why_not_a_file(candidate)}: the workspace's settings cannot be read (nor the shipped samples "
                "used in their place); make it a file again, or remove it"))])
    return None


def refuse_untrusted(config: Path) -> None:
    """A handouts.toml found by searching (not named) must be this user's, or root's, and not writable by all.

    Whoever controls it chooses the topics and brands a command prints and the folder its PDFs,
    patients' names and all, are written to. Without this, a handouts.toml another user left in
    /tmp (or any shared folder above the current one) would take over every command run below it,
    as git's safe.directory guards against. One named with --config or HANDOUTS_CONFIG is trusted.
    """
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: folders are not shared this way
        return
    info = config.stat()
    me = geteuid()
    folder = config.parent
    if info.st_uid not in (me, 0):
        raise UsageError(
            f"{config} belongs to another user (uid {info.st_uid}), so commands run in {folder} do not use it: "
            "whoever can change it chooses what you print and where the PDFs go. If it is the workspace you mean, "
            f"name it: handouts --config {config} ... (or HANDOUTS_CONFIG={folder}).")
    if info.st_mode & stat.S_IWOTH:
        raise UsageError(
            f"{config} can be changed by any user of this computer, so commands run in {folder} do not use it: "
            f"make it yours alone (chmod o-w {config}), or name it: handouts --config {config} ...")


def _resolved(path: Path) -> Path | None:
    """`path` with links followed; None for a link loop (a traceback from pathlib otherwise)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, in Python 3.11
        return None


def _too_deep(text: str) -> tuple[int, int]:
    """Where the arrays and inline tables of `text` first nest MAX_CONFIG_DEPTH deep (strings and
    comments skipped, roughly: this only places a message about a file tomllib could not read)."""
    depth, line, col, quote = 0, 1, 0, ""
    for char in text:
        col += 1
        if char == "\n":
            line, col, quote = line + 1, 0, ""
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            quote = "\n"  # the rest of the line
        elif char in "[{":
            depth += 1
            if depth > MAX_CONFIG_DEPTH:
                return line, col
        elif char in "]}":
            depth = max(depth - 1, 0)
    return 1, 1


def _position(lines: Sequence[str], key: str) -> tuple[int, int]:
    """Where `key = ...` is written (TOML's parser keeps no positions; this file is flat)."""
    pattern = re.compile(rf"^(\s*)(\"?){re.escape(key)}\2\s*=")
    for number, line in enumerate(lines, start=1):
        match = pattern.match(line)
        if match:
            return number, len(match.group(1)) + 1
    return 1, 1


def config_text(config: Path) -> str:
    """A handouts.toml's text, read with the guards of every file a user gives (a FIFO, a device, its size,
    UTF-8 or UTF-16 by name), its byte-order mark and line ends as saved. ContentError if not."""
    from handouts.encoding import NotUTF8, utf8_text
    from handouts.inputfile import InputRefused, read_bytes

    shown = display_path(config)
    try:
        raw = read_bytes(config, MAX_CONFIG_BYTES, "a handouts.toml")
        text = utf8_text(raw)
    except InputRefused as exc:
        raise ContentError([Problem(shown, 0, 0, "", exc.message)]) from None
    except OSError as exc:
        raise ContentError([Problem(shown, 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    except NotUTF8 as exc:
        raise ContentError([Problem(shown, exc.line, exc.column, "", exc.message)]) from None
    return text


def read(config: Path) -> Workspace:
    """The workspace a handouts.toml describes; ContentError with every problem located."""
    import tomllib  # only where a handouts.toml is read: a command outside a workspace never needs it

    shown = display_path(config)
    text = config_text(config).removeprefix("\ufeff")  # Notepad's byte-order mark: TOML's parser refuses it
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of [ or {: a few thousand is a traceback
        line, col = _too_deep(text)
        raise ContentError([Problem(shown, line, col, "", f"nested more than {MAX_CONFIG_DEPTH} levels deep; "
                                    "settings need a level or two")]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if "(at end of document)" in str(exc):  # something left open: point at the last line written
            written = [n for n, text_line in enumerate(text.splitlines(), start=1) if text_line.strip()]
            line, col = (written[-1], 1) if written else (1, 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        key, hint = _unquoted_text(text.splitlines(), line)
        raise ContentError([Problem(shown, line, col, key, f"TOML syntax: {message}{hint}")]) from None
    return _check(config, shown, data, text.splitlines())


def _unquoted_text(lines: Sequence[str], line: int) -> tuple[str, str]:
    """(key, hint) when the bad line is `key = text` with the quotes left out (output = out,
    proxy = 127.0.0.1): TOML's own message ("Invalid value") does not say that text needs them."""
    if not 1 <= line <= len(lines):
        return "", ""
    match = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*(?:#.*)?$", lines[line - 1])
    if not match or not match.group(2) or match.group(2)[0] in "\"'[{":
        return "", ""
    import tomllib

    key, value = match.groups()
    try:
        tomllib.loads(f'v = "{value}"')
    except tomllib.TOMLDecodeError:
        return "", ""
    return key, f'; text is written in quotes: {key} = "{value}"'


def _check(config: Path, shown: str, data: dict[str, Any], lines: list[str]) -> Workspace:
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        line, col = _position(lines, key)
        problems.append(Problem(shown, line, col, key, message))

    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(key, list(KEYS), n=1)
            problem(key, f"unknown key '{key}'" + (f"; did you mean '{close[0]}'?" if close else
                                                   f"; keys: {', '.join(KEYS)}"))
    root = config.parent
    schema = data.get("schema")
    if schema is None:
        problem("schema", "required: the content-schema version these files follow, e.g. 'schema = 1'")
    elif not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        problem("schema", "write a whole number, e.g. 'schema = 1'")
    folders: list[Path] = []
    raw_data = data.get("data", ["data"] if (root / "data").is_dir() else [])
    if why := too_many(raw_data):
        problem("data", why)
    elif not isinstance(raw_data, list) or not all(isinstance(d, str) and d for d in raw_data):
        problem("data", 'write a list of folders, e.g. data = ["data"]')
    else:
        for name in raw_data:
            if why := why_not_a_folder(root / Path(name).expanduser()):  # a link loop, or to nothing: not 'no folder'
                problem("data", f"'{name}' {why}")
                continue
            folder = _resolved(root / Path(name).expanduser())  # ~ is the user's home, as in a shell
            if folder is None:
                problem("data", f"'{name}' is a symbolic link that leads back to itself (a link loop), not a folder")
                continue
            if not folder.is_dir():
                here = [p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
                close = difflib.get_close_matches(name, here, n=1)
                problem("data", f"no folder '{name}' next to {CONFIG_NAME}" + (f"; did you mean '{close[0]}'?"
                                                                                 if close else ""))
            folders.append(folder)
    brand = data.get("brand")
    if brand is not None and not (isinstance(brand, str) and (re.match(SLUG_PATTERN, brand)
                                                              or brand.endswith((".yaml", ".yml")))):
        problem("brand", "write a brand id (like 'riverside') or a brand YAML file")
    locale = data.get("locale")
    if locale is not None and not (isinstance(locale, str) and re.match(LANG_PATTERN, locale)):
        dashed = locale.replace("_", "-") if isinstance(locale, str) else ""
        problem("locale", f"did you mean '{dashed}'? A region follows its language after a hyphen"
                if re.match(LANG_PATTERN, dashed) else
                "write a language code with an optional region, e.g. 'en-US', 'en-GB', 'es'")
    elif locale is not None:  # shaped like a code, but 'sp' is none: said here, not as a --lang nobody typed
        from handouts.language_names import not_a_language

        if why := not_a_language(locale):
            problem("locale", why)
    timezone = data.get("timezone")
    if timezone is not None and (why := zone_problem(timezone)):
        problem("timezone", why)
    paper = data.get("paper")
    paper = paper.lower() if isinstance(paper, str) else paper  # "A4", as it is written, is a4
    if paper is not None and paper not in PAPERS:
        from handouts.papers import did_you_mean_paper

        hint = did_you_mean_paper(paper) if isinstance(paper, str) else ""
        problem("paper", f"write one of {', '.join(repr(p) for p in PAPERS)}{hint}")
    output = data.get("output")
    if output is not None and not (isinstance(output, str) and output):
        problem("output", "write a folder name, e.g. 'out'")
    elif output is not None and (why := why_not_a_folder(root / Path(output).expanduser())):
        problem("output", f"'{output}' {why}")  # to nothing: resolved, the folder it names would be made
    serve = check_serve(data["serve"], root, problem) if "serve" in data else ServeConfig()
    strict = data.get("require_catalogue_approval", False)
    if not isinstance(strict, bool):
        problem("require_catalogue_approval", "write true or false (no quotes)")
    if problems:
        raise ContentError(problems)
    if brand is not None and brand.endswith((".yaml", ".yml")):
        brand = str((root / Path(brand).expanduser()).resolve())
    return Workspace(
        config=config.resolve(), schema=schema, data_dirs=tuple(dict.fromkeys(folders)), brand=brand,
        locale=locale, timezone=timezone,
        paper=paper, output=(root / Path(output).expanduser()).resolve() if output else None, serve=serve,
        require_catalogue_approval=strict,
    )


def discover(explicit: str | Path | None = None, environ: Mapping[str, str] | None = None,
             cwd: Path | None = None) -> Workspace | None:
    """The workspace in use (see `locate`), read and checked; None for the shipped data only."""
    config = locate(explicit, environ, cwd)
    if config is None:
        return None
    found = read(config)
    for folder in found.data_dirs:
        refuse_writable_by_all(folder, found.config)
    return found


# -- settings: command line, then workspace, then brand, then defaults ----------------


def brand_id(cli: str | None, ws: Workspace | None) -> str:
    """--brand, else the workspace's brand (which must exist: see below), else 'default'."""
    if cli:
        return cli
    if ws and ws.brand:
        _check_brand(ws, ws.brand)
        return ws.brand
    return DEFAULT_BRAND


def _check_brand(ws: Workspace, brand: str) -> None:
    """The workspace's brand, found; else an error at its line in handouts.toml.

    The person typed no --brand, so 'no brand harbour' alone would not say where the name came from.
    """
    from handouts import lookup
    from handouts.resources import asset_dir

    if lookup.is_path(brand):
        missing = None if Path(brand).is_file() else f"no brand file {display_path(Path(brand))}"
    else:
        folders = (*ws.data_dirs, asset_dir("data"))
        missing = None if lookup.find_id(folders, "brands", brand) else lookup.unknown(
            brand, lookup.ids(folders, "brands"), "brand").message
    if missing:
        try:
            lines = ws.config.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        line, col = _position(lines, "brand")
        raise ContentError([Problem(display_path(ws.config), line, col, "brand",
                                    f"{missing}: the brand used when a command has no --brand; change it here, "
                                    f"or give --brand")])


def locale(ws: Workspace | None) -> str:
    return ws.locale if ws and ws.locale else DEFAULT_LOCALE


def language(cli: str | None, ws: Workspace | None) -> str | None:
    """--lang, else the workspace's locale ('es-US'), else None: the brand's locale decides
    (handouts.locale.resolve), then en-US."""
    return cli or (ws.locale if ws and ws.locale else None)


def default_paper(locale_tag: str) -> str:
    """Letter where it is the norm (US, Canada, Mexico, ...), else A4; letter for a bare language."""
    region = locale_tag.partition("-")[2]
    return "letter" if not region or region in LETTER_REGIONS else "a4"


def paper(cli: str | None, ws: Workspace | None, brand_paper: str | None) -> str | None:
    """--paper, else the workspace's paper, else the paper the brand file names; None leaves it to
    the document's locale (the workspace's, the brand's, en-US: handouts.views.frame)."""
    return cli or (ws.paper if ws and ws.paper else None) or brand_paper


def output_path(cli: Path | None, default_name: Path, ws: Workspace | None) -> Path:
    """-o as given; else the default name in the workspace's output folder (or here)."""
    if cli is not None:
        return cli
    if ws and ws.output:
        return ws.output / default_name
    return default_name


def output_dir(cli: Path | None, ws: Workspace | None) -> Path | None:
    """--out as given; else the workspace's output folder; None when neither says."""
    return cli if cli is not None else (ws.output if ws else None)


# -- the context ----------------------------------------------------------------------


def data_dirs(ws: Workspace | None, extra: Iterable[Path] = ()) -> list[Path]:
    """Extra folders (those of files named on the command line), then the workspace's."""
    return list(dict.fromkeys([*(p.resolve() for p in extra), *(ws.data_dirs if ws else ())]))


def today(ws: Workspace | None) -> date:
    """Today where the clinic is: in the workspace's time zone, else the computer's."""
    return today_in(ws.timezone if ws else None)


def context(ws: Workspace | None, today: date | None = None, names: Iterable[str | Path | None] = ()) -> Context:
    """The context of a command: the data folders of files it names, the workspace's, the shipped ones;
    as of `today`, else the clinic's today."""
    from handouts.context import Context
    from handouts.loading import data_folders_of
    from handouts.lookup import is_path

    paths = [Path(n) for n in names if n is not None and is_path(n) and Path(n).exists()]
    named = data_folders_of(paths)
    for folder in named:  # searched first for every id: a folder anyone may add a brands/default.yaml to
        refuse_writable_by_all(folder)
    return Context.default(today=today or today_in(ws.timezone if ws else None), data_dirs=data_dirs(ws, named),
                           locale=ws.locale if ws and ws.locale else None,
                           require_catalogue_approval=bool(ws and ws.require_catalogue_approval))
