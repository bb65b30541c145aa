"""`handouts doctor`: is a practice's workspace current, and do its copies carry shipped fixes?

Each copied sample has three versions: as shipped when it was copied (its sha256 is
recorded, handouts.copies), the practice's copy now, and the shipped file now.

| copy now vs then | shipped now vs then | state |
|---|---|---|
| same | same | unchanged |
| changed | same | your edit |
| same | changed | update available: a shipped fix the copy does not have |
| changed | changed | both changed: review the shipped change (or the same change in both) |

So a practice learns when its copy of, say, the food catalogue still carries an
error the shipped one has since corrected, and which foods differ. It also names the
content whose approval no longer holds: overdue for review, or changed since it was
approved (as `handouts list topics|plans|catalogues` judges it: handouts.listing).
Those are the reviewers' work, not IT's, so they do not change the exit status unless
asked (`--strict`, as lint's warnings): a practice's monitoring may alert on them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from handouts import copies, datafolder, migrations, resources
from handouts.errors import ContentError, display_path
from handouts.workspace import Workspace

State = Literal["unchanged", "your edit", "update available", "both changed", "same as shipped",
                "no longer shipped", "removed", "link out", "not a file"]
ATTENTION: frozenset[str] = frozenset({"update available", "both changed", "link out", "not a file"})
JSON_VERSION = 1

JSON_SCHEMA_HELP = """\
{"version": 1,
 "workspace": str, "schema": int, "current_schema": int,
 "schema_state": "current"|"upgrade"|"newer",
 "copies": [{"path": str, "state": str, "message": str,
             "differences": [str]}],
 "rendering": {"ok": bool, "message": str},
 "reviews": [{"kind": "topic"|"plan"|"food catalogue", "name": str,
              "status": str|null, "next_review": str|null, "mark": str|null,
              "message": str}],
 "attention": bool}
("attention": true is exit 1: with --strict, reviews count too)"""

RENDERING_OK = "WeasyPrint and its system libraries load"


@dataclass(frozen=True)
class CopyReport:
    path: str  # as shown: relative to the current folder
    state: State
    message: str
    differences: tuple[str, ...] = ()  # e.g. "foods: garlic, onion"

    @property
    def attention(self) -> bool:
        return self.state in ATTENTION


UNHELD = {"changed_since_approval": "changed since its approval: prints as DRAFT until approved again "
                                   "('handouts approve')",
          "approval_not_recorded": "marked approved by hand, no approval recorded: prints as DRAFT until "
                                   "'handouts approve'"}
"""The statuses of content whose approval no longer holds (handouts.approval.effective_status)."""


@dataclass(frozen=True)
class ReviewReport:
    kind: str  # "topic", "plan" or "food catalogue"
    name: str  # its id, or a catalogue's file
    status: str | None
    next_review: str | None
    mark: str | None

    @property
    def message(self) -> str:
        if self.status in UNHELD:
            return UNHELD[self.status]
        return f"overdue for review (next review {self.next_review or 'not set'}): prints as REVIEW OVERDUE"


@dataclass(frozen=True)
class Report:
    workspace: str
    schema: int
    current_schema: int
    copies: tuple[CopyReport, ...]
    rendering: str | None = None  # why documents cannot be rendered here; None when they can
    reviews: tuple[ReviewReport, ...] = ()  # content overdue for review or changed since approval

    @property
    def schema_state(self) -> str:
        if self.schema == self.current_schema:
            return "current"
        return "upgrade" if self.schema < self.current_schema else "newer"

    @property
    def attention(self) -> bool:
        return (self.schema_state != "current" or any(c.attention for c in self.copies)
                or self.rendering is not None)

    def needs_attention(self, strict: bool = False) -> bool:
        """Whether the run fails (exit 1): `strict` counts the reviews too."""
        return self.attention or (strict and bool(self.reviews))


# -- what differs, by id --------------------------------------------------------------


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _shallow(node: dict[str, Any]) -> dict[str, Any]:
    """A mapping without its lists of id'd items (they are compared one by one)."""
    return {k: v for k, v in node.items() if not _is_id_list(v)}


def _items(node: Any, key: str = "", out: dict[tuple[str, str], Any] | None = None) -> dict[tuple[str, str], Any]:
    """Every id'd item in the data, by (the list it is in, its id): foods, categories, recommendations..."""
    out = {} if out is None else out
    if isinstance(node, dict):
        for k, v in node.items():
            _items(v, str(k), out)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and "id" in item:
                out[(key, str(item["id"]))] = _shallow(item)
            _items(item, key, out)
    return out


def differences(copy: Any, shipped: Any) -> list[str]:
    """What differs between two versions of a content file, by id: 'foods: garlic (changed)'."""
    found: dict[str, list[str]] = {}
    if isinstance(copy, dict) and isinstance(shipped, dict):
        top = sorted(k for k in {*_shallow(copy), *_shallow(shipped)} if copy.get(k) != shipped.get(k)
                     and not (_is_id_list(copy.get(k)) or _is_id_list(shipped.get(k))))
        if top:
            found["top-level keys"] = top
    mine, theirs = _items(copy), _items(shipped)
    for where, item_id in sorted({*mine, *theirs}):
        if where and mine.get((where, item_id)) != theirs.get((where, item_id)):
            note = "" if (where, item_id) in mine and (where, item_id) in theirs else (
                " (only in the shipped file)" if (where, item_id) in theirs else " (only in your copy)")
            found.setdefault(where, []).append(item_id + note)
    return [f"{where}: {', '.join(ids)}" for where, ids in found.items()]


def _data(path: Path) -> Any:
    from handouts.yamlsource import read

    try:
        return read(path).data
    except ContentError:
        return None


# -- the check ------------------------------------------------------------------------


def _copy_report(ws: Workspace, copy: copies.Copy, shipped_root: Path) -> CopyReport:
    mine = ws.root / copy.path
    shipped = shipped_root / copy.shipped
    shown = display_path(mine)
    if (leaving := datafolder.link_leaving(mine)) is not None:  # never read, not even to hash it
        return CopyReport(shown, "link out", f"not used: {leaving}")
    if os.path.lexists(mine) and not mine.is_file():  # hashing it was a traceback (a folder, a link loop)
        from handouts.inputfile import why_not_a_file

        return CopyReport(shown, "not a file", f"{why_not_a_file(mine)}: commands refuse it (the shipped file is "
                                               "not used in its place); make it the file again, or delete it")
    now_mine, now_shipped = copies.sha256_file(mine), copies.sha256_file(shipped)
    if now_mine is None:
        return CopyReport(shown, "removed", "removed from the workspace: the shipped file is used instead")
    if now_shipped is None:
        return CopyReport(shown, "no longer shipped", "no longer shipped: your copy is the only one")
    edited, fixed = now_mine != copy.sha256, now_shipped != copy.sha256
    if not edited and not fixed:
        return CopyReport(shown, "unchanged", "unchanged")
    if edited and not fixed:
        return CopyReport(shown, "your edit", "your edit (the shipped file has not changed since you copied it)")
    if now_mine == now_shipped:
        return CopyReport(shown, "same as shipped", "the same as the shipped file now")
    diff = tuple(differences(_data(mine), _data(shipped))) if mine.suffix in (".yaml", ".yml") else ()
    if not edited:
        return CopyReport(shown, "update available", (
            "update available: shipped fix. The shipped file has changed since you copied it and your copy "
            "still has the old version; delete your copy to use the shipped one (you never edited it), "
            "or make the same change in it"), diff)
    return CopyReport(shown, "both changed", (
        "both changed: review the shipped change. You edited your copy and the shipped file has changed "
        "since; compare them and carry the shipped fix into your copy"), diff)


def rendering_problem() -> str | None:
    """Why this machine cannot render (WeasyPrint or a system library it needs missing), or None.

    `handouts serve` sends here when its render workers cannot start."""
    from handouts.syslibs import MissingLibrary

    try:
        import handouts.render  # noqa: F401  (its import loads WeasyPrint and the libraries)
    except MissingLibrary as exc:
        return exc.message
    except ImportError as exc:
        return f"WeasyPrint cannot be imported ({exc}): reinstall handouts (pip install handouts, or make demo)"
    return None


LISTED = (("topics", "topic", "id"), ("plans", "plan", "id"), ("catalogues", "food catalogue", "file"))
"""The lists whose review columns doctor reads: (list, kind, the column that names a row)."""


def content_reviews(ctx: Any) -> tuple[ReviewReport, ...]:
    """Content the workspace prints whose approval no longer holds, from `handouts list`'s own rows
    (handouts.listing judges status and mark: one implementation). Drafts are left out: they print as
    such by design, and the shipped samples are drafts."""
    from handouts import listing

    found = []
    for what, kind, column in LISTED:
        for row in listing.table(what, ctx).rows:
            if row["status"] in UNHELD or row["mark"] == "REVIEW OVERDUE":
                found.append(ReviewReport(kind, str(row[column]), row["status"], row["next_review"], row["mark"]))
    return tuple(found)


def check(ws: Workspace) -> Report:
    """The workspace's schema state, every recorded copy's state, whether documents render here, and the
    content whose approval no longer holds."""
    from handouts import workspace

    shipped_root = resources.asset_dir("data")  # looked up here, so a test can point it elsewhere
    reports = tuple(_copy_report(ws, c, shipped_root) for c in copies.read(ws.root))
    return Report(display_path(ws.config), ws.schema, migrations.SCHEMA_VERSION, reports, rendering_problem(),
                  content_reviews(workspace.context(ws)))


def schema_line(report: Report) -> str:
    if report.schema_state == "current":
        return f"content schema {report.schema}: current"
    if report.schema_state == "upgrade":
        return (f"content schema {report.schema}: this handouts reads schema {report.current_schema}; "
                "run 'handouts upgrade --dry-run' to see the changes, then 'handouts upgrade'")
    return (f"content schema {report.schema}: made by a newer handouts (this one reads schema "
            f"{report.current_schema}); install a newer handouts")


def to_text(report: Report, strict: bool = False) -> Iterator[str]:
    yield f"workspace {report.workspace}"
    yield f"rendering: {report.rendering or RENDERING_OK}"
    yield schema_line(report)
    for copy in report.copies:
        if copy.state == "unchanged":
            continue
        yield f"{copy.path}: {copy.message}"
        for line in copy.differences:
            yield f"    differs in {line}"
    counts: dict[str, int] = {}
    for copy in report.copies:
        counts[copy.state] = counts.get(copy.state, 0) + 1
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    yield f"{len(report.copies)} copied sample file(s) checked" + (f": {summary}" if summary else "")
    for review in report.reviews:
        yield f"{review.kind} {review.name}: {review.message}"
    yield (f"{len(report.reviews)} content file(s) overdue for review or changed since approval "
           f"(handouts list topics|plans|catalogues){': --strict, so exit 1' if strict else ''}" if report.reviews
           else "content reviews: none overdue or changed since approval")


def to_json(report: Report, strict: bool = False) -> str:
    return json.dumps({
        "version": JSON_VERSION,
        "workspace": report.workspace,
        "schema": report.schema,
        "current_schema": report.current_schema,
        "schema_state": report.schema_state,
        "copies": [{"path": c.path, "state": c.state, "message": c.message, "differences": list(c.differences)}
                   for c in report.copies],
        "rendering": {"ok": report.rendering is None, "message": report.rendering or RENDERING_OK},
        "reviews": [{"kind": r.kind, "name": r.name, "status": r.status, "next_review": r.next_review,
                     "mark": r.mark, "message": r.message} for r in report.reviews],
        "attention": report.needs_attention(strict),
    }, indent=2, ensure_ascii=False)
