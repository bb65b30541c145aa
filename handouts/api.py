"""Using handouts from Python: the documents and checks the command line makes, as calls.

For a program that makes handouts inside its own service (an EHR integration, a
portal): each function takes what the matching command takes, does what it does
(the same lookups, personalisation rules, safety rules and checks) and returns
the result instead of printing or writing it.

    from handouts import api

    doc = api.patient_handout("leaky-gut", patient_name="Maria Lopez", notes="Call us on Monday.")
    doc.write("maria.pdf")                       # or send doc.data (the PDF's bytes) anywhere
    resource = doc.document_reference(patient="Patient/123")   # FHIR R4 JSON, the PDF inside

What it promises an integrator:

- Ids and files: a `str` is always an id (looked up in the workspace's data
  folders, then the shipped ones), never a path, so an id that came from a
  request cannot make it read another file; pass a `pathlib.Path` to use a file.
- Errors: every expected failure is a `HandoutsError` (handouts.errors) whose
  message says where: `ContentError` for content (each problem as
  file:line:col: field: message), `UsageError` for a request that cannot be met
  (an unknown id, a bad option), `Refused` for valid content that may not be printed as asked (above
  `max_grade`), `RenderError` / `ResourceError` when the
  document cannot be made or written. A patient's details are never part of a
  message: a name too long says which field, not what was typed.
- Side effects: nothing is printed or written but the file `write` names, and
  no log record holds a patient's details (handouts logs nothing itself;
  WeasyPrint and fontTools log their progress, never the document's text) (the content cache under ~/.cache keeps shared content only, never a
  patient's details: handouts.contentcache); no working folder, locale,
  environment variable, signal handler or resource limit is changed. A
  service that wants the command line's core-dump protection calls
  `handouts.nodump.forbid()` itself, once, at start.
- Threads: calls may run in several threads at once; the warm fonts and
  stylesheets are shared under a lock, and documents are laid out and written
  one at a time (WeasyPrint's Pango is not safe in two threads: handouts.render.PANGO).
- No workspace is found by looking at the current folder or HANDOUTS_CONFIG:
  name one (`workspace=`, a handouts.toml or its folder) or data folders
  (`data_dirs=`) to use a practice's own content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from handouts import dates
from handouts.errors import (
    ContentError,
    HandoutsError,
    Problem,
    Refused,
    RenderError,
    ResourceError,
    UsageError,
)

if TYPE_CHECKING:
    from handouts.context import Context
    from handouts.models import Personalisation, Topic
    from handouts.views.base import View
    from handouts.workspace import Workspace

__all__ = [
    "Checked",
    "ContentError",
    "Document",
    "HandoutsError",
    "Problem",
    "Refused",
    "RenderError",
    "ResourceError",
    "TopicEntry",
    "UsageError",
    "clinician_brief",
    "diet_sheet",
    "patient_handout",
    "topics",
    "validate",
]

Format = Literal["pdf", "html"]
MEDIA_TYPES: dict[str, str] = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


# -- what comes back ------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Document:
    """A finished document in memory: its bytes, and what the person printing it should know.

    `warnings` and `notes` are what the command line prints on stderr (a draft's findings,
    a page count past the kind's target, a DRAFT mark): content and layout only, never a
    patient's details. Its repr names the document, never its bytes (which carry the name
    printed on it), so logging a Document logs nothing about the patient.
    """

    data: bytes
    format: Format
    kind: str
    """'patient-handout', 'clinician-brief' or 'diet-sheet'."""
    title: str
    language: str
    """The document's language as a BCP 47 tag, e.g. 'en-US', 'es-US'."""
    pages: int | None
    """Pages of a PDF; None for HTML."""
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    day: date = field(default_factory=dates.today)
    """The day it describes: the visit date given, else the day it was made."""
    _topic: Topic | None = field(default=None, compare=False)
    _practice: str | None = field(default=None, compare=False)
    _personal: bool = field(default=False, compare=False)
    """It carries a patient's details: `write` makes the file readable by its owner alone."""
    _made: datetime = field(default_factory=dates.now, compare=False)
    """When it was made: its DocumentReference's attachment creation, however long after the reference is made."""

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    def __repr__(self) -> str:
        return (f"Document(kind={self.kind!r}, format={self.format!r}, language={self.language!r}, "
                f"pages={self.pages!r}, bytes={len(self.data)})")

    def write(self, path: str | Path) -> Path:
        """Replace `path` with the document atomically (a failure leaves the old file); the path."""
        from handouts.atomic import PRIVATE, WriteError, write_atomic
        from handouts.errors import display_path

        target = Path(path)
        try:
            write_atomic(target, self.data, mode=PRIVATE if self._personal else None)
        except WriteError as exc:
            raise exc.at(display_path(target)) from None
        except OSError as exc:
            raise ResourceError(f"cannot write: {exc.strerror or exc}", where=display_path(target)) from None
        return target

    def document_reference(self, *, patient: str | None = None, attachment: Literal["inline", "url"] = "inline",
                           url: str | None = None, made: datetime | None = None) -> dict[str, Any]:
        """The FHIR R4 DocumentReference for this PDF (handouts.fhir), as JSON-ready data to post.

        `patient`: the EHR's reference ('Patient/123'), never a name. `attachment`: the PDF
        inside, base64 ('inline', the default), or by `url` (where you put the PDF, e.g.
        'Binary/abc' or an https address). `made`: when the reference is made (its `date`,
        with its time zone; default: now). Topic documents only: a diet sheet is not filed so.
        """
        from handouts.fhir import Printed, document_reference

        if self._topic is None:
            raise UsageError(f"a {self.kind.replace('-', ' ')} has no DocumentReference (topic documents only)")
        if self.format != "pdf":
            raise UsageError("a DocumentReference describes a PDF: make the document with format='pdf'")
        if attachment not in ("inline", "url"):
            raise UsageError(f"attachment must be 'inline' or 'url', not {attachment!r}")
        if attachment == "url" and not url:
            raise UsageError("attachment='url' needs the url the PDF can be fetched from (url=...)")
        if attachment == "inline" and url:
            raise UsageError("url= is for attachment='url'; inline carries the PDF itself")
        if made is not None and not isinstance(made, datetime):
            raise UsageError(f"give a datetime.datetime with its time zone, not {type(made).__name__}", where="made")
        _patient_ref(patient)
        audience = "clinician" if self.kind == "clinician-brief" else "patient"
        printed = Printed(self.data, audience, self.language, self.title, self.day, url or "", self._practice,
                          made=made, created=self._made)
        resource = document_reference(self._topic, printed, attachment, patient)
        return json.loads(resource.model_dump_json(exclude_none=True))  # type: ignore[no-any-return]


    def binary(self, *, patient: str | None = None) -> dict[str, Any]:
        """The PDF as a FHIR R4 Binary (handouts.fhir.binary), JSON-ready: post it, then the
        DocumentReference with attachment='url', url='Binary/<its id>'. `patient` ('Patient/123')
        becomes its securityContext, so the server guards it as that patient's."""
        from handouts.fhir import binary

        if self.format != "pdf":
            raise UsageError("a Binary here carries a PDF: make the document with format='pdf'")
        _patient_ref(patient)
        return json.loads(binary(self.data, patient).model_dump_json(exclude_none=True))  # type: ignore[no-any-return]


def _patient_ref(patient: object) -> None:
    """The EHR's reference is a str ('Patient/123'), checked by handouts.fhir; anything else is refused here."""
    if patient is not None and not isinstance(patient, str):
        raise UsageError(f"give the EHR's reference as a str ('Patient/123'), not {type(patient).__name__}",
                         where="patient")


@dataclass(frozen=True)
class TopicEntry:
    """One topic a library holds, as `handouts list topics` shows it."""

    id: str
    title: str
    status: str | None
    next_review: str | None
    source: str
    """'workspace' (a practice's own) or 'shipped'."""


@dataclass(frozen=True)
class Checked:
    """One content file and its problems (errors and warnings); valid when none is an error."""

    path: str
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


# -- what a caller passed ------------------------------------------------------------------
# Checked where it arrives, so a value of the wrong type is a UsageError naming its parameter,
# not a TypeError or AttributeError from deep inside (the command line's options are typed by click).


def _words(value: str | Iterable[str], what: str) -> tuple[str, ...]:
    """Ids or language codes: one as a str, several as a list or tuple of str."""
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        items = tuple(value)
        if all(isinstance(item, str) for item in items):
            return items
    raise UsageError(f"give a str or a list of str, not {type(value).__name__}", where=what)


def _day(value: date | None, what: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise UsageError(f"give a datetime.date, not {type(value).__name__}", where=what)


def _grade(value: int | None) -> int | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise UsageError(f"give a number, not {type(value).__name__}", where="max_grade")


def _paper(value: str | None) -> str | None:
    from handouts.papers import SIZES

    if value is None or value in SIZES:
        return value
    raise UsageError(f"give one of {', '.join(map(repr, SIZES))}, not {value!r}", where="paper")


# -- where content comes from ------------------------------------------------------------


def _workspace(workspace: str | Path | None) -> Workspace | None:
    """The workspace named (a handouts.toml or its folder); None: none, whatever the folder or environment."""
    if workspace is None:
        return None
    from handouts import workspace as ws

    return ws.discover(Path(workspace), environ={})


def _context(ws: Workspace | None, data_dirs: Iterable[str | Path], today: date | None,
             names: Iterable[str | Path | None]) -> Context:
    from handouts import workspace as ws_module
    from handouts.context import Context

    today = _day(today, "today")
    base = ws_module.context(ws, today, [n for n in names if isinstance(n, Path)])
    extra = [Path(d) for d in data_dirs]
    if not extra:
        return base
    from handouts.datafolder import refuse_writable_by_all

    for folder in extra:  # searched first for every id, as serve --data is: its owner is trusted, not everyone
        if not folder.is_dir():
            raise UsageError(f"data folder {folder}: no such folder")
        refuse_writable_by_all(folder)
    own = [*extra, *base.data_dirs[:-1]]  # the folders given, then the files' and the workspace's
    return Context.default(today=base.today, data_dirs=list(dict.fromkeys(p.resolve() for p in own)),
                           locale=base.locale, require_catalogue_approval=base.require_catalogue_approval)


def _ref(value: str | Path, what: str) -> str | Path:
    """A str is an id, never a path; a Path is a file."""
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value or "/" in value or "\\" in value or value.endswith((".yaml", ".yml")):
        raise UsageError(f"{what} {value!r} is not an id: give the id (e.g. 'leaky-gut'), or a pathlib.Path "
                         "to use a file")
    return value


def _brand(brand: str | Path | None, ws: Workspace | None) -> str | Path:
    """The brand asked for, else the workspace's, else the shipped default."""
    from handouts import workspace as ws_module

    return brand if isinstance(brand, Path) else _ref(ws_module.brand_id(brand, ws), "brand")


def _topic_context(topic: str | Path, brand: str | Path | None, ws: Workspace | None, data_dirs: Iterable[str | Path],
                   today: date | None, language: str | None) -> tuple[str | Path, str | Path, Context]:
    """The topic and brand asked for, and the context to read them in, as `handouts render` finds them."""
    topic = _ref(topic, "topic")
    brand = _brand(brand, ws)
    return topic, brand, _context(ws, data_dirs, today, (topic, brand)).with_locale(language)


# -- a patient's details ------------------------------------------------------------------

_OPTION_NAMES = {"patient_name", "clinician", "visit_date", "include", "omit", "notes", "follow_up", "language"}


def _person(**fields: Any) -> Personalisation:
    """The personalisation, by the model's own rules; an error names the field, never what was typed."""
    from pydantic import ValidationError

    from handouts.models import Personalisation

    given = {k: v for k, v in fields.items() if v not in (None, (), "", [])}
    for key in ("include", "omit"):
        if isinstance(given.get(key), str):
            given[key] = (given[key],)
    try:
        return Personalisation.model_validate(given)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False, include_context=False)[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        message = first["msg"].removeprefix("Value error, ")
        raise UsageError(message, where=name if name in _OPTION_NAMES else "personalisation") from None


# -- making documents ---------------------------------------------------------------------


def _finish(view: View, fmt: Format, archive: bool, day: date, warnings: Sequence[str | Problem],
            topic: Topic | None, said: Sequence[str] = (), personal: bool = False,
            details: Mapping[str, object] | None = None) -> Document:
    """Render the view; the warnings and notes the command line would print, kept with it
    (`said`: notes told before rendering, e.g. the reading grade; a located one as that line,
    'file:line:col: warning: field: message', as `handouts validate` says it)."""
    from handouts import assemble, documents

    if fmt not in MEDIA_TYPES:
        raise UsageError(f"format must be 'pdf' or 'html', not {fmt!r}")
    try:
        found = assemble.warnings_before(view, fmt, warnings, details)
        rendered = documents.render(view, fmt, "archive" if archive else "ua")
    except HandoutsError:
        raise
    except OSError as exc:
        raise ResourceError(f"cannot render: {exc.strerror or type(exc).__name__}") from None
    except Exception as exc:  # a fault in the renderer: its type only (its message may quote the document)
        raise RenderError(f"could not render: {type(exc).__name__}") from None
    overflow, notes = assemble.notes_after(view, rendered.pages)
    frame = view.frame
    return Document(rendered.data, fmt, frame.kind, frame.metadata.title, f"{frame.lang}-{frame.locale.region}",
                    rendered.pages,
                    tuple(dict.fromkeys([*map(str, found), *([overflow] if overflow else []), *rendered.warnings])),
                    (*said, *notes), day, topic, frame.brand.name, personal)


def patient_handout(
    topic: str | Path,
    *,
    patient_name: str | None = None,
    clinician: str | None = None,
    visit_date: date | None = None,
    notes: str | None = None,
    include: str | Sequence[str] = (),
    omit: str | Sequence[str] = (),
    follow_up: date | None = None,
    language: str | None = None,
    also: str | Sequence[str] = (),
    large_print: bool = False,
    max_grade: int | None = None,
    brand: str | Path | None = None,
    paper: Literal["letter", "a4"] | None = None,
    format: Format = "pdf",
    archive: bool = False,
    today: date | None = None,
    workspace: str | Path | None = None,
    data_dirs: Iterable[str | Path] = (),
) -> Document:
    """A topic's patient handout, as `handouts render TOPIC --audience patient` makes it.

    The personal details (name, clinician, dates, notes: one note per line, recommendation
    ids to include or omit) print on the handout only. `language` ('es', 'es-MX') prints it
    in that language; `also` (a code, or a list of them) adds more languages after it in the
    same document. Its reading
    level is the first of `notes`; `max_grade` refuses (`Refused`) a handout
    that reads above that grade (English and Spanish), as `--max-grade` does.
    """
    from handouts import assemble
    from handouts.glyphs import patient_details
    from handouts import workspace as ws_module

    include, omit, also = _words(include, "include"), _words(omit, "omit"), _words(also, "also")
    max_grade, paper = _grade(max_grade), _paper(paper)
    ws = _workspace(workspace)
    language = ws_module.language(language, ws)
    person = _person(patient_name=patient_name, clinician=clinician, visit_date=visit_date, include=include,
                     omit=omit, notes=notes, follow_up=follow_up, language=language)
    topic, brand, ctx = _topic_context(topic, brand, ws, data_dirs, today, language)
    inputs, view = assemble.topic_view("patient", topic, brand, ctx, ws, person=person, paper=paper, also=also,
                                       large_print=large_print)
    level = assemble.reading_level(inputs.topic, view.frame.lang, max_grade, "max_grade")
    assemble.refuse(level, inputs.source)
    personal = bool(patient_name or clinician or visit_date or notes or include or omit or follow_up)
    return _finish(view, format, archive, visit_date or ctx.today, inputs.warnings, inputs.topic,
                   (level.line,) if level else (), personal, patient_details(person))


def clinician_brief(
    topic: str | Path,
    *,
    summary: bool = False,
    language: str | None = None,
    brand: str | Path | None = None,
    paper: Literal["letter", "a4"] | None = None,
    format: Format = "pdf",
    archive: bool = False,
    today: date | None = None,
    workspace: str | Path | None = None,
    data_dirs: Iterable[str | Path] = (),
) -> Document:
    """A topic's cited clinician brief (English), as `handouts render TOPIC --audience clinician`;
    `summary`: its At-a-glance summary on its own. `language`: an English with its region ('en-GB':
    its dates, paper and spelling, as `--lang en-GB` gives); another language is refused, as there."""
    from handouts import assemble

    if language is not None and not (isinstance(language, str) and language.lower().startswith("en")):
        raise UsageError("the clinician brief is written in English only: a language is for a patient handout "
                         "(an English region such as 'en-GB' is taken)", where="language")
    paper = _paper(paper)
    ws = _workspace(workspace)
    topic, brand, ctx = _topic_context(topic, brand, ws, data_dirs, today, language)
    inputs, view = assemble.topic_view("clinician", topic, brand, ctx, ws, paper=paper, summary=summary)
    return _finish(view, format, archive, ctx.today, inputs.warnings, inputs.topic)


def diet_sheet(
    plan: str | Path | None = None,
    *,
    customisation: str | Path | Mapping[str, Any] | None = None,
    language: str | None = None,
    also: str | Sequence[str] = (),
    brand: str | Path | None = None,
    paper: Literal["letter", "a4"] | None = None,
    format: Format = "pdf",
    archive: bool = False,
    today: date | None = None,
    workspace: str | Path | None = None,
    data_dirs: Iterable[str | Path] = (),
) -> Document:
    """An elimination-diet sheet, as `handouts diet PLAN --customize ...` makes it.

    `customisation`: one patient's changes, as a customisation id (in the workspace's
    customisations/), a file (a Path), or the same keys as that file in a mapping (built
    from your own records; checked by the same rules). Without one: the plan's sheet with
    blanks to fill in. `plan` may be left out when the customisation names its plan.
    The sheet's warnings (an allergen listed under 'enjoy', moved to 'leave out') come
    back in `warnings`, as `handouts diet` says them: at the entry's line of a customisation
    file ('FILE:8:22: warning: enjoy[1]: ...'), by field alone for a mapping.
    """
    from handouts import assemble
    from handouts.glyphs import patient_details

    if plan is not None:
        plan = _ref(plan, "plan")
    also, paper = _words(also, "also"), _paper(paper)
    ws = _workspace(workspace)
    brand = _brand(brand, ws)
    data: Mapping[str, Any] | None = None
    custom_file: Path | None = None
    if isinstance(customisation, Mapping):
        data = customisation
        if plan is None:
            named = data.get("plan")
            if not isinstance(named, str) or not named:
                raise UsageError("give a plan, or a customisation that names its plan ('plan': ID)")
            plan = _ref(named, "plan")
    elif customisation is not None:
        found = _context(ws, data_dirs, today, ()).find("customisations", _ref(customisation, "customisation"),
                                                         "customisation")
        if not found.is_file():
            from handouts.inputfile import why_not_a_file

            raise UsageError(f"customisation {customisation}: {why_not_a_file(found)}")
        custom_file = found
    ctx = _context(ws, data_dirs, today, (custom_file, plan, brand)).with_locale(language)
    inputs, view = assemble.diet_view(plan, custom_file, brand, ctx, ws, language=language, paper=paper,
                                      also=also, data=data)
    own = assemble.diet_warnings(custom_file, None, inputs.customisation, tuple(getattr(view, "warnings", ())))
    return _finish(view, format, archive, ctx.today, own, None,
                   personal=customisation is not None, details=patient_details(inputs.customisation))


# -- checking and listing content ---------------------------------------------------------


def validate(
    *targets: str | Path,
    kind: str | None = None,
    workspace: str | Path | None = None,
    data_dirs: Iterable[str | Path] = (),
    today: date | None = None,
) -> list[Checked]:
    """Check content, as `handouts validate` does: files and folders (Paths) or ids (strs, of every
    kind, or of `kind`); with no target, the workspace's data folders. One result per file."""
    from handouts.content_check import check
    from handouts.kinds import CONTENT_KINDS
    from handouts.lookup import find_id, ids, unknown

    if kind is not None and kind not in CONTENT_KINDS:
        raise UsageError(f"kind must be one of {', '.join(sorted(CONTENT_KINDS))}, not {kind!r}")
    ws = _workspace(workspace)
    ctx = _context(ws, data_dirs, today, targets)
    folders = [CONTENT_KINDS[kind].folder] if kind else [k.folder for k in CONTENT_KINDS.values()]
    paths: list[Path] = []
    for target in targets:
        if isinstance(target, Path):
            if not target.exists():
                raise UsageError(f"{target}: no such file or folder")
            paths.append(target)
            continue
        name = _ref(target, "content")
        found = [p for p in (find_id(ctx.data_dirs, folder, str(name)) for folder in folders) if p is not None]
        if not found:
            raise unknown(str(name), sorted({i for f in folders for i in ids(ctx.data_dirs, f)}), "id")
        paths.extend(found)
    if not targets:
        if ws is None or not ws.data_dirs:
            raise UsageError("give files, folders or ids to check, or a workspace whose data to check")
        paths = list(ws.data_dirs)
    results = [Checked(c.path, c.problems) for c in check(paths, kind, ctx)]
    if not results:
        raise UsageError("no .yaml files found in the paths given")
    return results


def topics(
    *,
    code: str | None = None,
    workspace: str | Path | None = None,
    data_dirs: Iterable[str | Path] = (),
) -> list[TopicEntry]:
    """The topics a library holds, as `handouts list topics` lists them; `code` ('ICD-10-CM:D50.9'):
    only the topics an EHR asking for that code gets."""
    from handouts.listing import table

    if code is not None and not isinstance(code, str):
        raise UsageError(f"give a str such as 'ICD-10-CM:D50.9', not {type(code).__name__}", where="code")
    ctx = _context(_workspace(workspace), data_dirs, None, ())
    rows = table("topics", ctx, None, code).rows
    return [TopicEntry(str(r["id"]), str(r.get("title") or ""), r.get("status"), r.get("next_review"),
                       str(r.get("source") or "")) for r in rows]

