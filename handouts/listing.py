"""`handouts list`: the ids a command accepts, as a table for people or JSON for tools.

Topics, brands and plans are read without full validation, so listing a practice's
library stays quick and a broken file is listed (marked) rather than hiding the rest.
Customisations are not listed: they name patients.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from handouts import lookup
from handouts.context import Context
from handouts.datafolder import link_leaving
from handouts.errors import ContentError, UsageError
from handouts.yamlsource import Source, parse, read_text

LISTS = ("topics", "brands", "plans", "foods", "catalogues", "items")
JSON_VERSION = 1

JSON_SCHEMA_HELP = """\
{"version": 1,
 "list": "topics"|"brands"|"plans"|"foods"|"catalogues"|"items",
 "topic": str|null, "columns": [str], "rows": [{column: str|bool|null, ...}]}"""

UNREADABLE = "(cannot be read: run 'handouts validate {id}')"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    topic: str | None = None


def _text(value: Any) -> str | None:
    """A plain or localised text as English; dates as YYYY-MM-DD."""
    if isinstance(value, dict):
        value = value.get("en")
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def _source(ctx: Context, path: Path) -> str:
    """'shipped' for the samples that come with handouts, 'workspace' for a practice's own."""
    shipped = ctx.data_dirs[-1]
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop (RuntimeError in Python 3.11): the shipped data has none
        return "workspace"
    return "shipped" if real.is_relative_to(shipped) else "workspace"


def _read(path: Path) -> Source:
    """The file as read now, parsed once per text: a process that lists again (a service calling
    api.topics(), doctor run twice in one process) reads each file but parses only what changed; parsing
    the shipped food catalogue alone took 0.15 s of every listing of catalogues. Never a customisation:
    they are not listed."""
    shown, text = read_text(path)
    return _parsed(text, shown)


@functools.lru_cache(maxsize=64)
def _parsed(text: str, shown: str) -> Source:
    """Only read from (the listing never changes what a file holds); a file that does not parse is not kept."""
    return parse(text, shown)


def _not_a_file(ctx: Context, folder: str, item_id: str) -> Path | None:
    """The practice's entry of `item_id` that is a folder, a link loop or a link to nothing in its data
    folder (which lookup refuses); None when it is a link out of the data folder."""
    for root in ctx.data_dirs:
        candidate = root / folder / f"{item_id}.yaml"
        if os.path.lexists(candidate):
            return None if candidate.is_file() or link_leaving(candidate) else candidate
    return None


def _files(ctx: Context, folder: str) -> list[tuple[str, Path, dict[str, Any] | None]]:
    out = []
    for item_id in lookup.ids(ctx.data_dirs, folder):
        try:
            path = lookup.find_id(ctx.data_dirs, folder, item_id)
        except ContentError:
            path = _not_a_file(ctx, folder, item_id)
            if path is None:  # the practice's file of this id links out: not listed (list warns)
                continue
            out.append((item_id, path, None))  # a folder or a broken link: listed as unreadable, not left out
            continue
        assert path is not None
        try:
            data: dict[str, Any] | None = _read(path).data
        except ContentError:
            data = None
        out.append((item_id, path, data))
    return out


def _model(kind: str, data: dict[str, Any] | None) -> Any:
    """The validated model (about 15 ms), or None: `handouts validate` says what is wrong; the list stays whole."""
    if data is None:
        return None
    from pydantic import ValidationError

    from handouts.kinds import CONTENT_KINDS

    try:
        return CONTENT_KINDS[kind].model.model_validate(data)
    except (ValidationError, ValueError, TypeError):
        return None


def _status(kind: str, data: dict[str, Any] | None, review: dict[str, Any], model: Any = None) -> str | None:
    """The review status as documents print by it: an 'approved' the file states but its content no
    longer matches (edited since, or typed by hand) is listed as such, not as approved.

    Only files that say 'approved' or record translations are validated as models, to check the hashes.
    """
    status = _text(review.get("status"))
    if status != "approved" or data is None:
        return status
    from handouts.approval import effective_status

    model = model if model is not None else _model(kind, data)
    return effective_status(model) if model is not None else status


def _translations(model: Any) -> str | None:
    """Each recorded translation's state as its documents print by it ('es: stale' once the English
    changed after its review), so a library's maintainer sees what needs a translator."""
    from handouts import translations
    from handouts.language_checks import missing_tool_words

    records = getattr(model, "translations", None) or {}
    unprintable = missing_tool_words(model)  # no catalogue of the tool's words: every document in it is refused
    return ", ".join(f"{lang}: {translations.state(model, lang).state}"  # type: ignore[union-attr]
                     + (" (cannot print yet)" if lang in unprintable else "") for lang in sorted(records)) or None


def _mark(status: str | None, review: dict[str, Any], today: date) -> str | None:
    """The mark its documents print today (DRAFT, REVIEW OVERDUE), None for none: a topic approved
    a year ago whose next review has passed is still 'approved', but it no longer prints as such,
    batch refuses it and a patient's EHR is not offered it."""
    from handouts.review import review_mark_for

    next_review = review.get("next_review")
    if isinstance(next_review, str):
        try:
            next_review = date.fromisoformat(next_review)
        except ValueError:
            next_review = None
    return review_mark_for(status, next_review if isinstance(next_review, date) else None, today)


def _topics(ctx: Context) -> Table:
    rows = []
    for item_id, path, data in _files(ctx, "topics"):
        review = (data or {}).get("review") if data else None
        review = review if isinstance(review, dict) else {}
        model = _model("topic", data) if data and (data.get("translations") or review.get("status") == "approved") \
            else None
        status = _status("topic", data, review, model)
        rows.append({"id": item_id, "title": _text(data.get("title")) if data else UNREADABLE.format(id=item_id),
                     "status": status, "next_review": _text(review.get("next_review")),
                     "mark": _mark(status, review, ctx.today), "translations": _translations(model),
                     "source": _source(ctx, path)})
    return Table("topics", ("id", "title", "status", "next_review", "mark", "translations", "source"), tuple(rows))


def _brands(ctx: Context) -> Table:
    rows = []
    for item_id, path, data in _files(ctx, "brands"):
        name = _text(data.get("name")) if data else UNREADABLE.format(id=item_id)
        rows.append({"id": item_id, "name": name, "paper": _text((data or {}).get("paper")),
                     "source": _source(ctx, path)})
    return Table("brands", ("id", "name", "paper", "source"), tuple(rows))


def _plans(ctx: Context) -> Table:
    rows = []
    for item_id, path, data in _files(ctx, "diets"):
        review = (data or {}).get("review") if data else None
        review = review if isinstance(review, dict) else {}
        title = _text(data.get("title")) if data else UNREADABLE.format(id=item_id)
        model = _model("diet-plan", data) if data and (data.get("translations") or review.get("status") == "approved") \
            else None
        status = _status("diet-plan", data, review, model)
        rows.append({"id": item_id, "title": title, "status": status, "next_review": _text(review.get("next_review")),
                     "mark": _mark(status, review, ctx.today), "translations": _translations(model),
                     "source": _source(ctx, path)})
    return Table("plans", ("id", "title", "status", "next_review", "mark", "translations", "source"), tuple(rows))


def _foods(ctx: Context) -> Table:
    catalogue = ctx.catalogue  # the merged one: what a diet sheet uses
    own: set[str] = set()
    for path in ctx.catalogue_files()[:-1]:
        try:
            groups = _read(path).data.get("groups") or []
        except ContentError:
            continue
        own.update(str(f.get("id")) for g in groups if isinstance(g, dict) for f in g.get("foods") or []
                   if isinstance(f, dict))
    rows = [{"id": food.id, "name": food.name.get("en"), "group": catalogue.group_of(food.id).id,
             "carries": ", ".join(food.carries), "source": "workspace" if food.id in own else "shipped"}
            for food in sorted(catalogue.foods(), key=lambda f: f.id)]
    return Table("foods", ("id", "name", "group", "carries", "source"), tuple(rows))


def _catalogues(ctx: Context) -> Table:
    """Each food catalogue file diet sheets draw on, a practice's first, with its review: a sheet prints
    the weakest mark of its plan and of the files its food lists come from (handouts.diet.catalogue_review),
    so a practice's audit of what is approved needs them beside its topics and plans."""
    from handouts.diet.catalogue_review import NEVER_APPROVED
    from handouts.errors import display_path

    rows = []
    for path in ctx.catalogue_files():
        try:
            data: dict[str, Any] | None = _read(path).data
        except ContentError:
            data = None
        review = (data or {}).get("review")
        if data is not None and review is None:  # nobody has approved it: a mark only where the workspace asks
            status: str | None = NEVER_APPROVED
            mark = "DRAFT" if ctx.require_catalogue_approval else None
            review = {}
        else:
            review = review if isinstance(review, dict) else {}
            status = _status("food-catalogue", data, review)
            mark = _mark(status, review, ctx.today)
        model = _model("food-catalogue", data) if data and data.get("translations") else None
        rows.append({"file": display_path(path) if data is not None else UNREADABLE.format(id=display_path(path)),
                     "status": status, "next_review": _text(review.get("next_review")), "mark": mark,
                     "translations": _translations(model), "source": _source(ctx, path)})
    return Table("catalogues", ("file", "status", "next_review", "mark", "translations", "source"), tuple(rows))


def _items(ctx: Context, topic: str) -> Table:
    from handouts.loading import load_topic

    model = load_topic(ctx.find("topics", topic, "topic"), ctx)
    rows = []
    for section in model.sections:
        for rec in section.recommendations:
            rows.append({"id": rec.id, "section": section.id, "audience": rec.audience,
                         "prescription": rec.prescription,
                         "grade": rec.evidence.grade if rec.evidence else None,
                         "name": rec.name or rec.clinician[:60]})
    return Table("items", ("id", "section", "audience", "prescription", "grade", "name"), tuple(rows), model.id)


def _coded_topics(ctx: Context, code: str) -> Table:
    """The topics an EHR asking for `code` (SYSTEM:CODE) finds, with what matched (the mark column: which a
    patient is offered, handouts.web.routes.infobutton)."""
    from handouts import codes
    from handouts.topic_search import search_library

    system, value = codes.parse(code)
    matches = {m.topic.id: m.reason for m in search_library(ctx, code=value, system=system)}
    everything = _topics(ctx)
    rows = tuple({**row, "matched": matches[row["id"]]} for row in everything.rows if row["id"] in matches)
    return Table("topics", (*everything.columns, "matched"), rows)


def table(what: str, ctx: Context, topic: str | None = None, code: str | None = None) -> Table:
    """The table for `handouts list WHAT [TOPIC] [--code SYSTEM:CODE]`."""
    if code is not None:
        if what != "topics":
            raise UsageError("--code is for 'handouts list topics' only")
        return _coded_topics(ctx, code)
    if what == "items":
        if not topic:
            known = ", ".join(lookup.ids(ctx.data_dirs, "topics")) or "none yet"
            raise UsageError(f"'handouts list items' needs a TOPIC: the topic whose recommendation ids to list "
                             f"(topics: {known})")
        return _items(ctx, topic)
    if topic:
        raise UsageError(f"'handouts list {what}' takes no TOPIC (only 'handouts list items TOPIC' does)")
    return {"topics": _topics, "brands": _brands, "plans": _plans, "foods": _foods,
            "catalogues": _catalogues}[what](ctx)


_FOLDERS = {"topics": "topics", "brands": "brands", "plans": "diets"}
"""The data folder each list of ids reads."""


def not_listed(what: str, ctx: Context) -> list[tuple[Path, str]]:
    """The files a list leaves out because they link out of their data folder, and why (to warn)."""
    folder = _FOLDERS.get(what)
    return lookup.links_leaving(ctx.data_dirs, folder) if folder else []


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def to_text(result: Table) -> str:
    """Aligned columns, a header row; an empty list says so."""
    if not result.rows:
        return f"no {result.name}"
    cells = [[c.replace("_", " ") for c in result.columns]] + [[_cell(row[c]) for c in result.columns] for row in result.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(result.columns))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def to_json(result: Table) -> str:
    return json.dumps({"version": JSON_VERSION, "list": result.name, "topic": result.topic,
                       "columns": list(result.columns), "rows": list(result.rows)}, indent=2, ensure_ascii=False)
