"""Approval bound to content: a hash of what was reviewed, checked every time it is used.

`review.status: approved` alone is a field anyone can type. `handouts approve`
(handouts.approve) records the reviewer, the date and `content_sha256`, the
hash of the content's canonical JSON without its review block, bound to the
review it records (`approval_hash`: who reviewed it, when, and until when it
holds); from then on any edit to the content, or to that review (a later next
review date typed in to silence REVIEW OVERDUE, another reviewer's name), changes
the hash, and the content counts as "changed since approval" until someone
approves it again. An approval recorded before the review was bound (its hash is
the content's alone) still holds, with a warning to approve it again.

Everything here is a pure function of a validated model with a `review` field,
so topics, diet plans and (later) translations share one rule. Views import it
to print the state and the content's version; validation runs `approval_check`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from handouts.models.common import LocalizedText

ApprovalState = Literal["draft", "under_review", "approved", "changed", "unrecorded"]
"""approved: status approved and the recorded hash matches the content;
changed: approved, but the content changed since; unrecorded: status approved
typed by hand, with no hash to check it against; draft / under_review: as stated."""

APPROVAL_RULES = frozenset({"changed-since-approval", "approval-not-recorded", "approval-review-unbound"})
"""The rule names of approval_findings, as validate and lint report them."""

VERSION_LENGTH = 8
"""Hex digits of the hash printed as the content's version: enough to tell versions apart."""


SOURCE_LANGUAGE = "en"
"""The language content is written and approved in; every other language is a translation."""


def source_only(value: Any) -> Any:
    """`value` with every localized text cut to its English: what the content's reviewer approves.

    Translations have their own review (a `translations:` record bound to a
    hash of the English, handouts.translations), so editing or adding a
    translation must not undo the English approval.
    """
    if isinstance(value, LocalizedText):
        if set(value.root) == {SOURCE_LANGUAGE}:
            return value
        return LocalizedText.model_construct({SOURCE_LANGUAGE: value.root[SOURCE_LANGUAGE]})
    if isinstance(value, BaseModel):
        updates = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = source_only(old)
            if new is not old:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, tuple):
        items = tuple(source_only(item) for item in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, list):
        items = [source_only(item) for item in value]
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, dict):
        mapped = {key: source_only(item) for key, item in value.items()}
        return mapped if any(mapped[k] is not value[k] for k in value) else value
    return value


_HASHES: dict[int, tuple[weakref.ref[BaseModel], str]] = {}
_HASHES_LOCK = threading.Lock()
_MAX_HASHES = 256
"""Content models whose hash is remembered: the web app's catalogue keeps each topic's model, so every
document made from it (every page footer prints the version) would otherwise hash the whole topic again."""


def content_hash(content: BaseModel) -> str:
    """SHA-256 of the content's canonical JSON, in English, without its review and translation records
    (remembered per model object: content models are frozen, so an object's hash never changes).

    Canonical: the validated model (so comments, quoting and key order in the
    YAML do not count), keys sorted, no spaces, UTF-8. Fields left at their
    default are left out, so a field added to the model later does not undo
    every approval made before it. Only the English of each localized text
    counts (source_only): a translation is reviewed on its own.
    """
    with _HASHES_LOCK:
        found = _HASHES.get(id(content))
    if found is not None and found[0]() is content:  # the same object, not a new one at a reused address
        return found[1]
    digest = _hash(content)
    remember_hash(content, digest)
    return digest


def remember_hash(content: BaseModel, digest: str) -> None:
    """Take `digest` as `content`'s hash from now on: one computed earlier for the same validated content,
    which the content cache keeps beside the model (handouts.loading). A render from the cache then
    builds no serializer for the whole topic just to print its version (8-15 ms of a cold start)."""
    try:
        ref = weakref.ref(content)
    except TypeError:  # pragma: no cover - pydantic models take weak references
        return
    with _HASHES_LOCK:
        _HASHES[id(content)] = (ref, digest)
        while len(_HASHES) > _MAX_HASHES:
            del _HASHES[next(iter(_HASHES))]  # the oldest


def _hash(content: BaseModel) -> str:
    data = source_only(content).model_dump(
        mode="json", by_alias=True, exclude={"review", "translations"}, exclude_defaults=True,
    )
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


REVIEW_BOUND = ("reviewer", "reviewed", "next_review")
"""The review fields an approval covers: what every page prints about it, and until when it holds."""


def approval_hash(content: Any) -> str:
    """What `handouts approve` records: the content's hash bound to the review it records.

    An edit to the content, or to the reviewer, the review date or the next
    review date, changes it; the review's free-text note and the status do not
    (the status must say approved for the hash to be read at all).
    """
    review = content.review
    bound = {key: _plain(getattr(review, key, None)) for key in REVIEW_BOUND}
    text = json.dumps({"content": content_hash(content), "review": bound}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def review_unbound(content: Any) -> bool:
    """An approval recorded before it covered the review: its hash is the content's alone."""
    recorded = getattr(content.review, "content_sha256", None)
    return (content.review.status == "approved" and bool(recorded) and recorded != approval_hash(content)
            and recorded == content_hash(content))


def content_version(content: BaseModel) -> str:
    """The short hash printed on every page, so a sheet traces back to its exact content."""
    return content_hash(content)[:VERSION_LENGTH]


def approval_state(content: Any) -> ApprovalState:
    """Whether the content is approved as it stands now."""
    review = content.review
    if review.status != "approved":
        return review.status  # type: ignore[no-any-return]
    recorded = getattr(review, "content_sha256", None)
    if not recorded:
        return "unrecorded"
    return "approved" if recorded in (approval_hash(content), content_hash(content)) else "changed"


def effective_status(content: Any) -> str:
    """The review status a document prints by: 'approved' only when the approval still holds."""
    state = approval_state(content)
    return {"changed": "changed_since_approval", "unrecorded": "approval_not_recorded"}.get(state, state)


@dataclass(frozen=True)
class Finding:
    rule: str
    loc: tuple[str | int, ...]
    message: str


def approval_findings(content: Any) -> Iterator[Finding]:
    """What `handouts validate` says about an approval that no longer, or never did, hold."""
    if content.review is None:  # a food catalogue never reviewed: lint says so (handouts.lint.catalogue_review)
        return
    state = approval_state(content)
    review = content.review
    if state == "changed":
        by = f" by {review.reviewer}" if review.reviewer else ""
        on = f" on {review.reviewed.isoformat()}" if review.reviewed else ""
        yield Finding("changed-since-approval", ("review", "status"), (
            f"changed since approval (approved{by}{on}): documents print as under review "
            "until it is approved again with `handouts approve`"
        ))
    elif state == "unrecorded":
        yield Finding("approval-not-recorded", ("review", "status"), (
            "approval not recorded: 'approved' was typed, not bound to this content; documents print "
            "as under review until it is approved with `handouts approve`"
        ))
    elif state == "approved" and review_unbound(content):
        yield Finding("approval-review-unbound", ("review", "content_sha256"), (
            "this approval was recorded by an earlier handouts and covers the content only: an edit to the "
            "reviewer or the review dates would not show; approve it again with `handouts approve` to bind them"
        ))
