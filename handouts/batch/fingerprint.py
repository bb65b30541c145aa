"""What a job's output depends on, and whether it is still up to date.

A finished job's manifest entry records everything its PDF was made from:

- the job itself: topic and brand files, audience, language, PDF variant, and an
  HMAC of the personalisation keyed with the user's own key (handouts.batch.userkey),
  never its fields and nothing a reader of the manifest could test a guess against;
  for a diet sheet: plan, brand, variant and the same keyed HMAC of the customisation
  file's content (never its path or a plain hash: the file holds the patient's name);
- the files the worker actually read, with their sha256: topic, brand, logo; for a
  diet sheet the plan, every food catalogue merged, brand and logo, and the files
  that were looked for and not found (one appearing later would change the lookup);
- the environment: templates/, styles/, the font files, the package's own code
  and version, and the versions of the libraries that draw the PDF;
- the review state it was judged by (status, next review) and the mark that
  put on the page (DRAFT / REVIEW OVERDUE / none), which depends on the day;
  and, in another language, the translation's state and its DRAFT TRANSLATION mark.

A job is skipped only when all of these are unchanged *and* the output file's
sha256 still matches. Checking reads each input file once per run (FileHashes)
and parses nothing: no YAML, no pydantic, no WeasyPrint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from handouts.atomic import open_inside
from handouts.batch.jobs import AnyJob, DietJob, Person
from handouts.review import review_mark_for, weakest_mark

PERSON_PREFIX = "hmac-sha256:"
UNKEYED_PREFIX = "unkeyed:"

LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow", "jinja2",
             "babel")
"""Distributions whose version can change the bytes of a PDF."""

SKIPPABLE = ("rendered", "skipped")

NOT_RENDERING = ("batch/", "cli/", "web/", "lint/", "importer/", "__main__.py", "demo.py")
"""Parts of the package that never change a PDF's bytes. Everything else (models,
views, HTML, rendering, loading, and any module added later) is in the
fingerprint: a code change without a version bump still re-renders."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hash_fd(fd: int) -> str:
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: str | Path) -> str | None:
    """The file's sha256, or None when it does not exist or cannot be read."""
    try:
        # O_NONBLOCK: an input that is a FIFO must not hang the run (loading refuses it)
        return _hash_fd(os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)))
    except OSError:
        return None


def sha256_output(out_dir: Path, output: str) -> str | None:
    """An output's sha256, read without following any link below `out_dir`; None if it is not a plain file there."""
    try:
        return _hash_fd(open_inside(out_dir, PurePosixPath(output)))
    except OSError:
        return None


class FileHashes:
    """sha256 of input files by path, each read at most once per run."""

    def __init__(self) -> None:
        self._known: dict[str, str | None] = {}

    def __call__(self, path: str) -> str | None:
        if path not in self._known:
            self._known[path] = sha256_file(path)
        return self._known[path]


def tree_digest(root: Path, pattern: str = "*", skip: tuple[str, ...] = ()) -> str:
    """One hash over every file under `root` matching `pattern`: relative names and contents."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob(pattern)):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or rel.startswith(skip):
            continue
        digest.update(rel.encode() + b"\0" + (sha256_file(path) or "").encode() + b"\n")
    return digest.hexdigest()


def environment() -> dict[str, Any]:
    """Everything besides a job's own files that shapes its PDF, hashed once per run."""
    import importlib.metadata as metadata

    import handouts
    from handouts.resources import asset_dir, body_faces, fallback_faces

    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    package = Path(handouts.__file__).resolve().parent
    return {
        "handouts": handouts.__version__,
        "code": tree_digest(package, "*.py", skip=NOT_RENDERING),
        "templates": tree_digest(asset_dir("templates")),
        "styles": tree_digest(asset_dir("styles")),
        "catalogues": tree_digest(package / "locales", "*.po"),  # the tool's words in each language
        # every face a document may be set in, fallbacks and system CJK included
        "fonts": digest(sorted({str(f.path): sha256_file(f.path) for f in (*body_faces(), *fallback_faces())}.items())),
        "libraries": versions,
    }


def digest(value: Any) -> str:
    return sha256_bytes(json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode())


def person_digest(person: Person, key: bytes | None) -> str | None:
    """Tells two prints' personalisations apart without storing anything a guess can be tested against.

    An HMAC keyed with the user's own key (kept in their configuration folder, never
    beside the output). Without a key, a fresh random value: the job renders every run.
    """
    if not person:
        return None
    if key is None:
        return UNKEYED_PREFIX + secrets.token_hex(16)
    fields = [[k, list(v) if isinstance(v, tuple) else v] for k, v in person]
    message = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()
    return PERSON_PREFIX + hmac.new(key, message, hashlib.sha256).hexdigest()


def customisation_digest(sha256: str | None, key: bytes | None) -> str | None:
    """A customisation file's content as the manifest may hold it: an HMAC with the user's key.

    Keyed over the file's sha256 (which stands for its bytes); None without a file.
    """
    if sha256 is None:
        return None
    if key is None:
        return UNKEYED_PREFIX + secrets.token_hex(16)
    return PERSON_PREFIX + hmac.new(key, b"customisation\0" + sha256.encode(), hashlib.sha256).hexdigest()


def needs_key(job: AnyJob) -> bool:
    """Whether the job's spec holds a keyed digest of patient details."""
    return bool(job.customisation) if isinstance(job, DietJob) else bool(job.person)


def job_spec(job: AnyJob, key: bytes | None, variant: str, hashes: FileHashes | None = None) -> dict[str, Any]:
    """What the job asks for, as stored in the manifest (no patient details)."""
    if isinstance(job, DietJob):
        sha = (hashes or FileHashes())(job.customisation) if job.customisation else None
        return {
            "document": job.audience,
            "plan": job.plan,
            "brand": job.brand,
            "variant": variant,
            # a missing file keeps its place in the spec: the worker reports it
            "customisation": (customisation_digest(sha, key) or "unreadable") if job.customisation else None,
        }
    return {
        "topic": job.topic,
        "brand": job.brand,
        "audience": job.audience,
        "language": job.language,
        "variant": variant,
        "personalisation": person_digest(job.person, key),
    }


def review_mark(status: str | None, next_review: str | None, as_of: date) -> str | None:
    """The review mark from the fields a manifest recorded: checking a job parses no topic."""
    return review_mark_for(status, date.fromisoformat(next_review) if next_review else None, as_of)


def recorded_mark(review: dict[str, Any], as_of: date) -> str | None:
    """The mark a document's recorded review earns on `as_of`: its own, and for a diet sheet the
    weakest of its plan's and each food catalogue file's (each record holds that file's fields). A file
    never approved keeps the mark recorded under the workspace's policy: it does not change with the date."""
    from handouts.diet.catalogue_review import NEVER_APPROVED

    marks = [review_mark(review.get("status"), review.get("next_review"), as_of)]
    for record in review.get("catalogues") or ():
        if record.get("status") == NEVER_APPROVED:
            marks.append(record.get("mark"))
        else:
            marks.append(review_mark(record.get("status"), record.get("next_review"), as_of))
    return weakest_mark(*marks)


LEGACY_REVIEW = ("written by an older version, which recorded a food catalogue's status and next review here "
                 "instead of the plan's: the plan's are not known (left empty); 'mark' is what the sheet printed, "
                 "and the next render of this sheet records every file's review anew")
"""What a mixed record says once the manifest reads it (handouts.batch.manifest): its plan fields emptied."""


def mixed_legacy_record(review: dict[str, Any]) -> bool:
    """Whether an older version may have written a food catalogue's status or next review over the
    plan's in this record, beside the plan's reviewer: the sheet renders once more, recorded anew."""
    if review.get("legacy"):
        return True  # one the manifest has read already (normalised_review)
    records = review.get("catalogues") or ()
    if not records or all("reviewer" in record for record in records):
        return False
    drafted = review.get("status") != "approved" and any(r.get("mark") == "DRAFT" for r in records)
    dated = review.get("next_review") is not None and any(r.get("next_review") == review.get("next_review")
                                                          for r in records)
    return drafted or dated


def normalised_review(review: Any) -> None:
    """A mixed record (`mixed_legacy_record`) without the fields that are not the plan's: a records
    manager reading 'status: draft, reviewer: Dr A' took a catalogue's draft for the plan reviewer's
    verdict. The record says so (`legacy`), so the skip check still renders the sheet once more."""
    if not isinstance(review, dict) or review.get("legacy"):
        return
    try:
        mixed = mixed_legacy_record(review)
    except (TypeError, AttributeError):
        return  # not a record this version can read: the skip check renders it ("review state unknown")
    if mixed:
        review.update(status=None, next_review=None, legacy=LEGACY_REVIEW)


def stale_reason(
    entry: dict[str, Any] | None,
    spec: dict[str, Any],
    environment_digest: str,
    hashes: FileHashes,
    output: Path,
    as_of: date,
    allow_draft: bool,
    out_dir: Path | None = None,
) -> str | None:
    """None when the job's existing output is up to date; otherwise why it must render.

    With `out_dir`, `output` is read below it without following links.
    """
    if entry is None:
        return "new"
    if entry.get("status") not in SKIPPABLE:
        return "last run failed"
    if entry.get("job") != spec:
        return "job changed"
    if entry.get("environment") != environment_digest:
        return "templates, styles, fonts or code changed"
    inputs = entry.get("inputs") or {}
    if any(role not in inputs for role in (("plan", "brand") if "plan" in spec else ("topic", "brand"))):
        return "inputs unknown"
    for role, recorded in inputs.items():
        if hashes(recorded.get("path", "")) != recorded.get("sha256"):
            return f"{role} changed"
    review = entry.get("review") or {}
    try:
        if mixed_legacy_record(review):
            return "review record from an older version"
        mark = recorded_mark(review, as_of)
    except (TypeError, ValueError, AttributeError):
        return "review state unknown"
    if mark != review.get("mark"):
        return "review mark changed"
    if mark and not allow_draft:
        return "not approved"  # the worker refuses it, with the reason
    if (review.get("translation") or {}).get("mark") and not allow_draft:
        return "translation not approved"  # printed with --allow-draft: the worker refuses it now
    found = sha256_output(out_dir, str(output)) if out_dir is not None else sha256_file(output)
    if found != entry.get("sha256"):
        return "output missing or changed"
    return None
