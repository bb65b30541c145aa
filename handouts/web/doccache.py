"""Documents without patient details, kept in memory by the hash of everything that shapes them.

Every clinician brief and every plain (unpersonalised) handout or diet sheet
is the same PDF for everyone who asks for it the same day, so it is made once
and then answered in milliseconds: the key is computed before any view is
built.

What shapes a document, and so goes into its key: the document kind and its
variant (PDF/UA, large print), the language and the extra languages, the
validated content (topic or plan and food catalogue: a canonical JSON hash of
the models, so a file edited on disk gives new models and a new key), the
brand (its model and its logo file), the day (review marks depend on it), and
the code (the package's version, WeasyPrint's, and the templates and
stylesheets as installed).

What never goes in: a personalised document. A key can only be made through
`document_key`, which refuses a personalisation or a diet customisation that
carries patient details (handouts.web.personal: the one rule the audit line
follows too). What such details may hold without being the patient's (a
language, a plan, today's date in a visit or start date, which then prints on
the document) goes into the key. So a link (GET) and a form sent unchanged
(POST) are both answered from the cache; a form with anything typed or chosen
for the patient never is. The cache is bounded in bytes and drops the least
recently used documents.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from handouts import __version__
from handouts.errors import HandoutsError
from handouts.inputs import DietInputs, Inputs, TopicInputs
from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation
from handouts.resources import asset_dir
from handouts.web.personal import carries_patient_details

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""About 200 clinician briefs or 400 handouts: every topic a practice prints, in several letterheads."""


class PersonalDocument(HandoutsError):
    """A document with patient details was offered to the cache: it is never kept."""


@dataclass(frozen=True)
class DocumentKey:
    """The content hash of one unpersonalised document (hex), and what it is (for tests and logs)."""

    digest: str
    purpose: str  # "pdf" or "pages"


_MEMO_LIMIT = 256
_memo: OrderedDict[int, tuple[object, str]] = OrderedDict()
_memo_lock = threading.Lock()


def model_digest(model: BaseModel) -> str:
    """sha256 of a validated model's canonical JSON, worked out once per model object.

    The web app's catalogue keeps one model object per file version, so a file
    changed on disk is a new object with a new digest.
    """
    with _memo_lock:
        hit = _memo.get(id(model))
        if hit is not None and hit[0] is model:
            _memo.move_to_end(id(model))
            return hit[1]
    digest = hashlib.sha256(model.model_dump_json().encode("utf-8")).hexdigest()
    with _memo_lock:
        _memo[id(model)] = (model, digest)  # holding the model keeps its id from being reused
        while len(_memo) > _MEMO_LIMIT:
            _memo.popitem(last=False)
    return digest


def _file_stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@cache
def code_version() -> str:
    """The package, WeasyPrint, and the templates and stylesheets as they were when the server started."""
    try:
        weasyprint = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        weasyprint = "?"
    h = hashlib.sha256(f"handouts {__version__}; weasyprint {weasyprint}".encode())
    for folder in (asset_dir("templates"), asset_dir("styles")):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(_file_stamp(path).encode())
    return h.hexdigest()


def _inputs_digest(inputs: Inputs) -> list[str]:
    parts = [model_digest(inputs.brand), str(inputs.brand_folder)]
    if inputs.brand.logo:
        parts.append(_file_stamp(inputs.brand_folder / inputs.brand.logo))
    if isinstance(inputs, TopicInputs):
        parts += ["topic", model_digest(inputs.topic)]
    else:
        parts += ["diet", model_digest(inputs.plan), model_digest(inputs.catalogue)]
    return parts


def _details_digest(details: Personalisation | DietCustomisation | None, language: str | None) -> str:
    """Details holding nothing about a patient, as they shape the document (a language the key says already aside)."""
    if details is None:
        return ""
    exclude = {"language"} if details.language == language else set()
    said = details.model_dump(mode="json", exclude_defaults=True, exclude=exclude)
    if not said and isinstance(details, Personalisation):
        return ""  # the patient view takes no personalisation for an empty one
    return f"{type(details).__name__}:{json.dumps(said, sort_keys=True)}"


def document_key(kind: str, inputs: Inputs, person: Personalisation | None, *, today: date,
                 language: str | None, also: tuple[str, ...] = (), large_print: bool = False,
                 variant: str = "ua", purpose: str = "pdf") -> DocumentKey:
    """The key of an unpersonalised document; PersonalDocument for one with patient details."""
    if carries_patient_details(person, today):
        raise PersonalDocument("a personalised document is never cached")
    custom = inputs.customisation if isinstance(inputs, DietInputs) else None
    if carries_patient_details(custom, today):
        raise PersonalDocument("a customised diet sheet is never cached")
    fields: list[Any] = [code_version(), purpose, kind, variant, large_print, language or "", *also,
                         today.isoformat(), *_inputs_digest(inputs), _details_digest(person, language),
                         _details_digest(custom, language)]
    return DocumentKey(hashlib.sha256("\x1f".join(map(str, fields)).encode("utf-8")).hexdigest(), purpose)


class DocumentCache:
    """Least recently used documents, at most `max_bytes` of them (page counts count a few bytes)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: DocumentKey) -> Any | None:
        with self._lock:
            item = self._items.get(key.digest)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key.digest)
            self.hits += 1
            return item[0]

    def put(self, key: DocumentKey, value: Any) -> None:
        size = len(getattr(value, "data", b"")) + 64
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key.digest, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key.digest] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def values(self) -> list[Any]:
        """What is kept (for tests: nothing personal is ever among it)."""
        with self._lock:
            return [value for value, _ in self._items.values()]

    @property
    def size(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
