"""`handouts init DIR`: a new workspace with editable copies of the shipped samples.

The workspace is built in a temporary folder beside DIR and renamed into place, so
an interrupted init leaves no half-made workspace. Every copied file is recorded
with its sha256 (handouts.copies) for `handouts doctor`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from handouts import __version__, copies, migrations, resources, workspace
from handouts.errors import ResourceError, UsageError, display_path

SAMPLE_FOLDERS = ("topics", "brands", "diets", "foods", "customisations")
"""The shipped data a practice edits; data/lint and data/import are the tool's own lists."""

DATA_FOLDER = "data"
OUTPUT_FOLDER = "out"

CONFIG_TEMPLATE = """\
# A practice's workspace for handouts (made by handouts {version} with `handouts init`).
#
# Commands run in this folder, or in a folder below it, use this workspace: ids of
# topics, brands, diet plans and customisations are looked up in the data folders
# below first, then in the samples that ship with handouts. From elsewhere, use
# `handouts --config PATH/handouts.toml ...` or set HANDOUTS_CONFIG.
#
# These settings apply when a command does not say otherwise: the command line wins,
# then this file, then the brand (its paper size), then the defaults.

# The content-schema version these files follow; `handouts upgrade` moves them on.
schema = {schema}

# Data folders (topics/, brands/, diets/, foods/, customisations/), searched in this
# order before the shipped samples. Relative to this file (~ is your home folder).
data = ["{data}"]

# The brand used when a command has no --brand: an id from data/brands/ or a YAML file.
brand = "default"

# Language and region (en-US, en-GB, es-US, ...): the language of the patient texts
# when a command has no --lang, the emergency number (911, 999, 112) and the default
# paper size (letter in the US and Canada, A4 elsewhere) for brands that do not name one.
# Left out, each brand's own locale applies (data/brands/harbourside.yaml: en-GB, 999,
# A4), else en-US. Set it when every document should follow your region whatever the brand.
# locale = "en-US"

# The clinic's time zone (a tz database name): it decides today's date, the one documents
# print and review dates are judged on, wherever the computer's clock is kept (a server on
# UTC is a day ahead of a Los Angeles clinic from 4 pm). Left out, the computer's own.
# timezone = "America/Los_Angeles"

# Paper for every document, "letter" or "a4", when a command has no --paper.
# Left out, each brand's own paper size applies.
# paper = "letter"

# Where documents go when a command has no -o (render, diet) or --out (batch); relative to
# this file (~ is your home folder).
output = "{output}"

# true: a food catalogue file (data/foods/catalogue.yaml, yours or the shipped one) that
# nobody has approved with `handouts approve` makes every diet sheet whose foods it
# supplies print DRAFT, as a draft plan does. Left out (false), such a file prints no mark
# and `handouts lint` warns about it.
# require_catalogue_approval = true
"""


def _target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)} is a file; give a new folder for the workspace")
    if (target / workspace.CONFIG_NAME).is_file():
        raise UsageError(f"{display_path(target)} is already a workspace ({display_path(target / workspace.CONFIG_NAME)}): "
                         f"use it from inside it (cd {display_path(target)}), or give a new folder to make another")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{display_path(target)} already exists and is not empty; give a new folder "
                         "(a workspace is made from scratch, never over existing files)")


def _copy_samples(shipped: Path, data: Path) -> list[copies.Copy]:
    """Copy every sample file (logos too) and record where each came from and its sha256."""
    made = []
    for folder in SAMPLE_FOLDERS:
        source = shipped / folder
        if not source.is_dir():
            continue
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = path.relative_to(shipped)
            if any(part.startswith(".") for part in rel.parts):
                continue
            target = data / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            digest = copies.sha256_file(path)
            assert digest is not None
            made.append(copies.Copy(f"{DATA_FOLDER}/{rel.as_posix()}", rel.as_posix(), digest))
    return made


def _move_into(staging: Path, target: Path) -> None:
    """Move the staged workspace into an existing empty folder, keeping that folder itself.

    Replacing it (rmdir, then rename) would leave a shell inside it (`handouts init .`) in a
    deleted folder that lists as empty. handouts.toml goes last: until it is there, the
    folder is no workspace; on a failure, what was moved is taken out again.
    """
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir(), key=lambda p: p.name == workspace.CONFIG_NAME):
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for path in moved:
            with contextlib.suppress(OSError):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        raise
    staging.rmdir()


def create(target: Path) -> workspace.Workspace:
    """Make a workspace in `target` (a new or empty folder) and return it."""
    _target(target)
    target = target.absolute()
    # An existing (empty) folder stages inside itself: its parent may be one its user cannot write
    # to (/srv/clinic, made by root for the service's user in /srv).
    beside = target if target.is_dir() else target.parent
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=beside))
    except OSError as exc:
        raise ResourceError(f"cannot create: {exc.strerror or exc}", where=display_path(target)) from None
    try:
        made = _copy_samples(resources.asset_dir("data"), staging / DATA_FOLDER)
        (staging / workspace.CONFIG_NAME).write_text(CONFIG_TEMPLATE.format(
            version=__version__, schema=migrations.SCHEMA_VERSION, data=DATA_FOLDER, output=OUTPUT_FOLDER,
        ), encoding="utf-8")
        copies.write(staging, made)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(staging, 0o777 & ~mask)  # mkdtemp makes it private; a workspace is an ordinary folder
        if target.is_dir():
            _move_into(staging, target)
        else:
            os.rename(staging, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        if isinstance(exc, OSError):
            raise ResourceError(f"cannot create: {exc.strerror or exc}", where=display_path(target)) from None
        raise
    return workspace.read(target / workspace.CONFIG_NAME)
