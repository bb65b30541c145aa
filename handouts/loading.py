"""Load content files: YAML → located validation → frozen models.

One `validate(source, kind, ctx)` serves the CLI, batch, lint, import and the
web app: the kind (handouts.kinds) says which model and rules apply, the
context which data folders, catalogue, plan and day they run against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar, cast

from pydantic import BaseModel

from handouts import contentcache
from handouts.approval import content_hash, remember_hash
from handouts.datafolder import KIND_FOLDERS
from handouts.errors import ContentError, Problem
from handouts.inputfile import too_large
from handouts.kinds import CONTENT_KINDS, SUPPORT_FOLDERS, ContentKind
from handouts.models import Brand, Topic
from handouts.validation import Checked, RuleContext, check_model
from handouts.yamlsource import Source, as_read, parse, read_saved_text, read_text


YAML_SUFFIXES = (".yaml", ".yml")
M = TypeVar("M", bound=BaseModel)


class FileContext(RuleContext, Protocol):
    """A rule context that can point its rules at the file being loaded."""

    def for_file(self, path: Path | None) -> FileContext: ...


class RefusedAs(ContentError):
    """A file refused as it was read (over its kind's size cap, not text), once its kind was known:
    lint reports that kind beside the refusal, as it does for a file read and found invalid."""

    def __init__(self, problems: list[Problem], kind: ContentKind):
        super().__init__(problems)
        self.kind = kind

    def __reduce__(self) -> tuple[type[RefusedAs], tuple[list[Problem], ContentKind]]:  # type: ignore[override]
        return type(self), (self.problems, self.kind)


def kind_by_folder(path: Path) -> ContentKind | None:
    """The kind whose data folder holds `path` (topics/, brands/, ...), if any."""
    for kind in CONTENT_KINDS.values():
        if path.parent.name == kind.folder:
            return kind
    return None


def detect_kind(path: Path, source: Source) -> ContentKind:
    """The kind its folder names, else the kind whose identifying keys it has most of."""
    by_folder = kind_by_folder(path)
    if by_folder is not None:
        return by_folder
    keys = set(source.data)
    best = max(CONTENT_KINDS.values(), key=lambda k: len(k.sniff & keys))
    if not best.sniff & keys:
        raise ContentError([Problem(
            source.path, 1, 1, "",
            "cannot tell what kind of file this is (expected a "
            + ", ".join(CONTENT_KINDS) + "; put it in a folder named "
            + ", ".join(k.folder for k in CONTENT_KINDS.values()) + ")",
        )])
    return best


def check(source: Source, kind: ContentKind | str, ctx: FileContext) -> Checked[BaseModel]:
    """The model for `source` as `kind` and its warnings, or a ContentError with every problem located."""
    spec = CONTENT_KINDS[kind] if isinstance(kind, str) else kind
    return check_model(source, spec.model, spec.rules, ctx, spec.checks)


def validate(
    source: Source, kind: ContentKind | str, ctx: FileContext, warnings: list[Problem] | None = None,
) -> BaseModel:
    """The model for `source` as `kind`, or a ContentError with every problem located.

    Warnings (e.g. a brand colour too light for text) go into `warnings` when given."""
    checked = check(source, kind, ctx)
    if warnings is not None:
        warnings.extend(checked.warnings)
    return checked.model


def load_checked(path: Path | str, kind: str | None, ctx: FileContext) -> Checked[BaseModel]:
    """Load one file as `kind` (or, for None, the kind its folder and keys say), with its warnings.

    Content that checked out before, unchanged and in the same context, comes from
    the content cache (handouts.contentcache) without being parsed again; content
    with errors is always parsed and checked, so its problems are located as ever.
    """
    path = Path(path)
    spec = CONTENT_KINDS[kind] if kind else kind_by_folder(path)
    file_ctx = ctx.for_file(path)
    if spec is None:
        source, detected = read_detected(path)
        return check(source, detected, file_ctx)
    shown, text = read_text(path, spec.max_bytes, spec.called)
    found = spec

    def checked_and_hashed() -> tuple[Checked[BaseModel], str | None]:
        checked = check(parse(text, shown), found, file_ctx)
        return checked, _reviewed_hash(checked.model)

    checked, digest = contentcache.cached(spec.name, shown, text, file_ctx, checked_and_hashed,
                                          lambda kept: files_read(kept[0], path))
    if digest is not None:
        remember_hash(checked.model, digest)
    return checked


def _reviewed_hash(model: BaseModel) -> str | None:
    """The content hash of reviewed content (a topic, a diet plan, a food catalogue), which every page
    made from it prints as its version: kept in its cache entry with it, so a render from the cache
    does not hash it again (handouts.approval.remember_hash). Validation has usually hashed it
    already (an approved topic's check), so a miss seldom pays for it."""
    return content_hash(model) if hasattr(model, "review") else None


def read_detected(path: Path) -> tuple[Source, ContentKind]:
    """A file parsed, with the kind its folder or keys say, within that kind's size cap: a file outside its
    kind's folder is read with the content limit (1 MiB) until its keys say its kind, and a customisation
    (64 KiB) must then be refused as it is in customisations/, wherever it lies."""
    spec = kind_by_folder(path)
    if spec is not None:
        try:
            shown, text = read_text(path, spec.max_bytes, spec.called)
        except ContentError as exc:
            raise RefusedAs(exc.problems, spec) from None
        return parse(text, shown), spec
    shown, saved = read_saved_text(path)  # as saved: its size is the file's, Windows' line ends counted
    source = parse(as_read(saved), shown)
    kind = detect_kind(path, source)
    size = len(saved.encode("utf-8"))
    if size > kind.max_bytes:
        raise RefusedAs([Problem(shown, 0, 0, "", too_large(size, kind.max_bytes, kind.called))], kind)
    return source, kind


def files_read(checked: Checked[BaseModel], path: Path) -> list[Path]:
    """The files besides `path` that checking it read: a brand's logo (handouts.brand_rules)."""
    logo = getattr(checked.model, "logo", None) if isinstance(checked.model, Brand) else None
    return [path.resolve().parent / logo] if logo else []


def read_as(path: Path, kind: str) -> Source:
    """A file of `kind` parsed, with that kind's size cap, not yet checked: for what is read before it is
    validated (the plan a customisation names, the patient a batch row's customisation is for)."""
    spec = CONTENT_KINDS[kind]
    shown, text = read_text(path, spec.max_bytes, spec.called)
    return parse(text, shown)


def load(path: Path | str, kind: str | None, ctx: FileContext, warnings: list[Problem] | None = None) -> BaseModel:
    """Load one file as `kind` (or, for None, the kind its folder and keys say). A brand remembers its file
    (a copy: the cached model is shared), so a render says its warnings there (handouts.views.brand_warnings)."""
    checked = load_checked(path, kind, ctx)
    if warnings is not None:
        warnings.extend(checked.warnings)
    if isinstance(checked.model, Brand):
        brand = checked.model.model_copy()
        brand._file = Path(path).absolute()  # said relative to where the command runs (display_path)
        return brand
    return checked.model


def load_as(path: Path | str, model: type[M], kind: str, ctx: FileContext) -> M:
    """`load` for callers that know the model they get back."""
    return cast(M, load(path, kind, ctx))


def load_topic(path: Path | str, ctx: FileContext) -> Topic:
    return load_as(path, Topic, "topic", ctx)


def load_brand(path: Path | str, ctx: FileContext) -> Brand:
    return load_as(path, Brand, "brand", ctx)


def data_folders_of(paths: Iterable[Path]) -> list[Path]:
    """The data folders the given files and folders belong to, in the order given.

    A folder holding kind folders (topics/, foods/, ...) is a data folder; so is the
    parent of a kind folder. Checking a practice's files then runs against the
    practice's own catalogue and plans, over the shipped ones.
    """
    folders = {kind.folder for kind in CONTENT_KINDS.values()}
    found: list[Path] = []
    for path in paths:
        path = path.resolve()
        here = path if path.is_dir() else path.parent
        for candidate in (here, here.parent):
            if candidate.name in folders:
                candidate = candidate.parent
            if any((candidate / f).is_dir() for f in folders) and candidate not in found:
                found.append(candidate)
                break
    return found


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named) pairs: `named` is False for files found by walking a folder."""
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and _a_file_or_broken_link(p)):
                yield found, False
        else:
            yield path, True


def _a_file_or_broken_link(path: Path) -> bool:
    """A file to check. A link to nothing, a link loop, or a folder where a kind folder's file belongs
    (topics/x.yaml/) is one that fails: left out, it would pass unsaid, while a plan said the catalogue
    in its place was broken and `validate data/foods` found no file to say why."""
    if path.is_file():
        return True
    return (path.is_symlink() and not path.is_dir()) or (path.is_dir() and path.parent.name in KIND_FOLDERS)


def content_files(paths: Iterable[Path]) -> Iterator[Path]:
    """YAML files named directly or found under folders, in a stable order."""
    for path, _named in walk(paths):
        yield path


def is_support_data(path: Path) -> bool:
    """The tool's own word and drug lists (data/lint/, data/import/): not content to validate."""
    return path.parent.name in SUPPORT_FOLDERS
