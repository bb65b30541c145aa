"""`handouts approve`: record a review in the content file, bound to the content's hash.

The content must be valid as approved content (every rule that applies once a
topic is approved), or nothing is written. The review block is edited in place
with ruamel.yaml's round-trip mode, so comments, quoting, folded text and
anchors elsewhere in the file survive byte for byte; the file is replaced
atomically. The hash itself is handouts.approval's (the content bound to the reviewer and
the review dates written with it), so any content kind with a
`review` block (topics, diet plans, later translations) is approved the same way.
"""

from __future__ import annotations

import codecs
import copy
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from handouts.approval import APPROVAL_RULES, approval_hash, content_version
from handouts.atomic import write_atomic
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.loading import FileContext, check, detect_kind
from handouts.yamlsource import Source, parse, read


@dataclass(frozen=True)
class Approval:
    """What `approve_file` recorded."""

    path: Path
    kind: str
    reviewer: str
    reviewed: date
    next_review: date
    content_sha256: str
    version: str
    warnings: tuple[Problem, ...]


def _review_fields(review: Any, reviewer: str, on: date, next_review: date | None, today: date) -> dict[str, Any]:
    current = review.get("next_review") if isinstance(review, dict) else None
    if next_review is None:
        if not isinstance(current, date) or current <= on:
            when = f"({current}) " if current else ""
            raise UsageError(
                f"the next review date {when}must come after the review date {on.isoformat()}: give --next-review"
            )
        if current < today:
            raise UsageError(_past(f"the file's review.next_review ({current.isoformat()})", today))
        next_review = current
    elif next_review <= on:
        raise UsageError(f"--next-review {next_review.isoformat()} must come after the review date {on.isoformat()}")
    elif next_review < today:
        raise UsageError(_past(f"--next-review {next_review.isoformat()}", today))
    return {"status": "approved", "reviewer": reviewer, "reviewed": on, "next_review": next_review}


def _past(what: str, today: date) -> str:
    """A next review already past: approved so, every page would print REVIEW OVERDUE from the start."""
    return (f"{what} is before today ({today.isoformat()}): the content would print REVIEW OVERDUE as soon as it "
            "is approved; give a later --next-review")


def _indent(text: str) -> tuple[int, int]:
    """(sequence, offset) as the file writes block lists: '- ' under its key, or indented."""
    lines = text.splitlines()
    for number, line in enumerate(lines[:-1]):
        key = re.match(r"^( *)[\w-]+:\s*(#.*)?$", line)
        item = re.match(r"^( *)- ", lines[number + 1])
        if key and item:
            offset = len(item.group(1)) - len(key.group(1))
            if offset >= 0:
                return offset + 2, offset
    return 4, 2


def _as_written(path: Path) -> tuple[str, Callable[[str], bytes]]:
    """The file's text with plain line ends, and how to encode a rewrite of it as the file was saved: with
    Windows line ends (CRLF) and a byte-order mark, if it had them. Read as text, a Notepad file came back
    with every line changed (a whole-file diff for one review block) and its mark dropped."""
    raw = path.read_bytes()
    mark = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(mark):].decode("utf-8")
    windows = "\r\n" in text and text.count("\r\n") == text.count("\n")  # mixed: plain line ends, as before
    text = text.replace("\r\n", "\n")

    def encode(out: str) -> bytes:
        return mark + (out.replace("\n", "\r\n") if windows else out).encode("utf-8")

    return text, encode


def _rewrite(text: str, fields: dict[str, Any], block: tuple[str, ...] = ("review",)) -> str:
    """The file's text with one block (`review`, or `translations.es`) updated in place; everything else as it was."""
    sequence, offset = _indent(text)
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # keep [{literal: X}] as written
    document = yaml.load(text)
    target = document
    for key in block:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    for key, value in fields.items():
        target[key] = value
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _not_ahead(on: date, ctx: FileContext) -> None:
    """A review is recorded once it has happened: every page prints its date as a fact."""
    if on > ctx.today:
        raise UsageError(f"--reviewed {on.isoformat()} is after today ({ctx.today.isoformat()}): a review is "
                         "recorded on or after the day it took place")


INTERNAL_WORD = "internal-word"
"""Validate's warning for printed text about how the content was made (a placeholder, the importer's
instructions to the editor): a draft may still have it, approved content may not."""


def unverified_references(source: Source) -> list[Problem]:
    """Each reference still marked `verified: false`, located at that field: not fit to approve.

    A record completed from an imported draft's gap keeps `verified: false` until
    someone checks it, and the brief prints every cited record as it stands: an
    approval would put a record nobody has checked under the reviewer's name.
    """
    data = source.data if isinstance(source.data, dict) else {}
    references = data.get("references")
    problems = []
    for index, ref in enumerate(references if isinstance(references, list) else []):
        if isinstance(ref, dict) and ref.get("verified") is False and ref.get("identified") is not False:
            # a source not yet identified is refused as a gap (rules.draft_gaps), said once
            loc = ("references", index, "verified")
            line, col = source.position(loc)
            problems.append(Problem(source.path, line, col, f"references[{index}].verified", (
                f"reference '{ref.get('id')}' is not verified against its source: check the record (authors, "
                "title, journal, year, DOI or PMID) against the source itself and set 'verified: true', or "
                "remove it and cite a verified one; nothing unchecked is approved")))
    return problems


def approve_file(
    path: Path, reviewer: str, ctx: FileContext, *, on: date, next_review: date | None = None,
) -> Approval:
    """Validate `path` as approved content, then record the approval and the content hash in it.

    Raises ContentError (nothing written) when the content is not fit to approve,
    UsageError when the request itself cannot be done.
    """
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise UsageError("--reviewer must name the person who reviewed the content")
    _not_ahead(on, ctx)
    source = read(path)
    kind = detect_kind(path, source)
    if "review" not in kind.model.model_fields:
        raise UsageError(f"{display_path(path)} is a {kind.name}: it has no review to approve")
    data = copy.deepcopy(source.data)
    review = data.get("review")
    fields = _review_fields(review, reviewer, on, next_review, ctx.today)
    data["review"] = {**(review if isinstance(review, dict) else {}), **fields}
    data["review"].pop("content_sha256", None)
    ctx = ctx.for_file(path)
    unverified = unverified_references(source)
    try:
        checked = check(Source(source.path, data, source.positions), kind, ctx)  # every rule for approved content
    except ContentError as exc:
        if type(exc) is not ContentError or not unverified:
            raise
        raise ContentError([*exc.problems, *unverified]) from None  # every reason at once, in line order
    leftovers = [replace(w, severity="error", message=w.message + "; approved content never does")
                 for w in checked.warnings if w.rule == INTERNAL_WORD]
    if unverified or leftovers:
        raise ContentError([*unverified, *leftovers])
    fields["content_sha256"] = approval_hash(checked.model)  # the content and the review recorded with it
    data["review"]["content_sha256"] = fields["content_sha256"]
    written, as_written = _as_written(path)
    text = _rewrite(written, fields)
    if parse(text, source.path).data != data:  # the round trip must change the review block and nothing else
        raise ContentError([Problem(source.path, 0, 0, "review", "could not rewrite the file without changing "
                                    "its content; add the review block by hand")])
    write_atomic(path, as_written(text))
    return Approval(
        path=path, kind=kind.name, reviewer=reviewer, reviewed=on, next_review=fields["next_review"],
        content_sha256=fields["content_sha256"], version=content_version(checked.model),
        warnings=tuple(w for w in checked.warnings if w.rule not in APPROVAL_RULES),  # now recorded
    )


@dataclass(frozen=True)
class TranslationApproval:
    """What `approve_translation` recorded."""

    path: Path
    kind: str
    language: str
    translator: str
    reviewer: str
    reviewed: date
    source_sha256: str
    text_sha256: str
    warnings: tuple[Problem, ...] = ()
    """What the person approving should know: e.g. that the tool cannot print in the language yet."""


def approve_translation(
    path: Path, language: str, reviewer: str, ctx: FileContext, *, on: date, translator: str | None = None,
) -> TranslationApproval:
    """Record that `reviewer` approved the `language` translation of `path`, bound to today's English.

    The same mechanism as approve_file, for a translation's own record
    (`translations.<language>`): the content must be valid, every localized
    text must have its `language` version (else MissingTranslation, each text
    located), and the record gets status approved, the translator, the
    reviewer, the date, `source_sha256`, the hash of the English it
    translates (handouts.translations.english_sha256), and `text_sha256`, the
    hash of the translated texts approved bound to that English and that review
    (handouts.translations.approval_sha256), so an edit to either, or to the
    record, makes it a draft again. The content's own approval is untouched:
    its hash leaves translations out.
    """
    from handouts.translations import (
        MissingTranslation, approval_sha256, english_sha256, localized_texts, missing, missing_problems,
        translated_sha256,
    )

    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise UsageError("--reviewer must name the person who reviewed the translation")
    _not_ahead(on, ctx)
    language = language.strip()
    if language.split("-")[0].lower() == "en":
        raise UsageError("--lang names the translation to approve; English is the source: approve it without --lang")
    if "-" in language.replace("_", "-"):  # texts and their records are keyed by language alone ('pt:')
        bare = language.replace("_", "-").split("-")[0].lower()
        raise UsageError(f"--lang names the translation to approve by its language alone: --lang {bare} "
                         f"(one '{bare}' translation serves every region)")
    source = read(path)
    kind = detect_kind(path, source)
    if "translations" not in kind.model.model_fields:
        raise UsageError(f"{display_path(path)} is a {kind.name}: it has no translations to approve")
    ctx = ctx.for_file(path)
    current = check(source, kind, ctx).model  # valid as it stands, or nothing is written
    lacking = missing(localized_texts(current), language)
    if lacking:
        raise MissingTranslation(missing_problems(display_path(path), source, lacking, language), language)
    data = copy.deepcopy(source.data)
    records = data.get("translations") if isinstance(data.get("translations"), dict) else {}
    record = records.get(language) if isinstance(records.get(language), dict) else {}
    translator = " ".join((translator or record.get("translator") or "").split())
    if not translator:
        raise UsageError(f"the '{language}' translation does not say who translated it: give --translator")
    source_sha256 = english_sha256(current)
    fields: dict[str, Any] = {"status": "approved", "translator": translator, "reviewer": reviewer,
                              "reviewed": on, "source_sha256": source_sha256,
                              "text_sha256": approval_sha256(translated_sha256(current, language), source_sha256,
                                                             reviewer, on)}
    data["translations"] = {**records, language: {**record, **fields}}
    check(Source(source.path, data, source.positions), kind, ctx)  # the record itself must validate
    written, as_written = _as_written(path)
    text = _rewrite(written, fields, ("translations", language))
    rewritten = parse(text, source.path)
    if rewritten.data != data:
        raise ContentError([Problem(source.path, 0, 0, f"translations.{language}", "could not rewrite the file "
                                    "without changing its content; add the translation's record by hand")])
    write_atomic(path, as_written(text))
    return TranslationApproval(path=path, kind=kind.name, language=language, translator=translator,
                               reviewer=reviewer, reviewed=on, source_sha256=fields["source_sha256"],
                               text_sha256=fields["text_sha256"],
                               warnings=_cannot_print(display_path(path), rewritten, language))


def _cannot_print(shown: str, source: Source, language: str) -> tuple[Problem, ...]:
    """The approval holds, but no document prints in a language the tool has no words in: say so now,
    not when the first handout is refused; at the record as written (a file without one was said at 1:1)."""
    from handouts import language_checks
    from handouts.i18n import has_language
    from handouts.locale import language_of

    if has_language(language_of(language)):
        return ()
    line, col = source.position(("translations", language))
    return (Problem(shown, line, col, f"translations.{language}", language_checks.message(language), "warning",
                    language_checks.RULE),)


__all__ = ["Approval", "TranslationApproval", "approve_file", "approve_translation", "unverified_references"]
