"""A job's inputs, loaded and checked, and the files they came from: everything before the view.

The local pool's workers prepare and render each job themselves; with --cluster the
client prepares each job and sends what it needs to a Dask worker
(handouts.batch.cluster). Both come through here, so both refuse, record and word
problems the same way, and a manifest does not depend on what ran the jobs.

- Topic documents: the topic and brand are parsed once per content (cached by path
  and sha256; a file that fails to load is cached as its error), the
  personalisation is checked, the logo found.
- Diet sheets: documents.diet_inputs with the context `handouts diet` builds (the
  data folders of the customisation, plan and brand: a practice's own catalogue,
  plans and brands first), so a sheet is byte for byte the command's.
- Drafts and overdue reviews are refused unless allowed, with file, line and field.
- Every file a document depends on is recorded with its sha256, and so are the files
  looked for and not found on the way to a plan, brand or catalogue (one added later
  would change what is used: the job then renders again). A customisation is not among
  them: the job's spec holds its keyed digest (handouts.batch.fingerprint), because the
  file holds the patient's name and a plain hash of it confirms guesses.

Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from handouts.batch.fingerprint import sha256_file
from handouts.batch.jobs import AnyJob, DietJob, Job, customisation_person, job_ids, names_patient
from handouts.errors import ContentError, HandoutsError, Problem, UsageError, display_path, problem_lines
from handouts.logo import MAX_BYTES as LOGO_BYTES
from handouts.yamlspec import MAX_BYTES as CONTENT_BYTES

CACHE_SIZE = 64
"""Parsed topics and brands kept per process (least recently used go first)."""

Files = dict[str, dict[str, Any]]
"""role → {"path": absolute path, "sha256": hex digest, or None for a file looked for and not found}"""


class JobFailed(HandoutsError):
    """A job that cannot be rendered, with a located, patient-free message."""


class OutputNamesPatient(JobFailed):
    """The job's output path spells the patient's name: the path itself is never shown or recorded."""


@dataclass(frozen=True)
class Prepared:
    """What one document is made from, checked and ready for its view."""

    kind: str  # the document: "patient", "clinician" or "diet-sheet"
    inputs: Any  # handouts.inputs.TopicInputs or DietInputs
    person: Any = None  # a validated Personalisation (patient handouts only)
    files: Files = field(default_factory=dict)
    review: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict, repr=False)  # the patient's name and notes


def patient_secrets(job: AnyJob) -> dict[str, Any]:
    """What no message about this job may repeat (a diet sheet's come from its customisation, once read)."""
    return dict(job.person)


def redact(text: str, person: dict[str, Any]) -> str:
    """Remove the patient's name and notes from a message, whatever produced it."""
    secrets = [str(person[k]) for k in ("patient_name", "notes") if person.get(k)]
    secrets += [line for k in ("notes",) if person.get(k) for line in str(person[k]).splitlines()]
    for secret in sorted({s.strip() for s in secrets if len(s.strip()) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(secret), "[patient details]", text, flags=re.IGNORECASE)
    return text


PATIENT_LISTS = ("allergies", "intolerances")
ALLERGY_WITHHELD = ("this entry has a problem; what it says, and what was meant, are the patient's and not "
                    "repeated in a batch report: 'handouts validate' on the customisation says both")


def withhold_allergies(problems: Iterable[Problem]) -> list[Problem]:
    """A customisation's problems with those about its allergies and intolerances said at their entry only:
    what is wrong with one names the allergen meant ("'dairy' is a trigger category, not an allergen; did
    you mean 'milk'?"), which a batch report, read beside the row that names the patient, must not say.
    The dietitian's own `handouts validate` still says it in full."""
    return [replace(p, message=ALLERGY_WITHHELD)
            if p.field.split("[", 1)[0] in PATIENT_LISTS else p for p in problems]


def own_warnings(view: Any) -> tuple[str, ...]:
    """A document's own warnings as a batch report says them: a diet sheet's group left out whole without
    the group ('every food in Milk, cheese and yogurt is left out' tells a milk allergy), beside the row that
    names the patient. `handouts diet` and `handouts validate` of the one file still say which."""
    from handouts.diet.balance import as_reported

    return tuple(as_reported(w) for w in getattr(view, "warnings", ()))


def customisation_label(job: DietJob) -> str:
    """What messages call a diet job's customisation: its row (the job file's line), never its path."""
    return f"<customisation of {job.origin or job.output}>"


def conceal_customisation(text: str, job: AnyJob) -> str:
    """A message with the diet job's customisation path (which names the patient: maria-smith.yaml)
    replaced by its row, as it is written to stderr, a log or a report: whole (absolute, relative to
    here, as the row gave it) and then its file name alone."""
    if not isinstance(job, DietJob) or not job.customisation or not text:
        return text
    path = Path(job.customisation)
    forms = {job.customisation, str(path.resolve()), display_path(path), path.name}
    label = customisation_label(job)
    for form in sorted((f for f in forms if f), key=len, reverse=True):
        text = text.replace(form, label)
    return text


def position(path: Path, loc: tuple[str, ...]) -> tuple[int, int]:
    """Where `loc` is in a YAML file ((0, 0) if it cannot be read), parsed once per content: a topic under
    review is refused at its review field on every row, and parsing it again per row made a --check of 300
    rows take minutes."""
    sha = sha256_file(path)
    return _position(str(path), sha, loc) if sha else (0, 0)


@functools.lru_cache(maxsize=64)
def _position(path: str, sha: str, loc: tuple[str, ...]) -> tuple[int, int]:
    from handouts.yamlsource import read

    try:
        return read(Path(path)).position(loc)
    except ContentError:
        return 0, 0


def refusal(path: Path, content: Any, mark: str, as_of: date) -> str:
    """Why a draft or overdue topic or plan is refused, located at its review field."""
    from handouts.approval import effective_status

    status = effective_status(content)  # 'approved' only while the approval matches the content
    field_name = "status" if status != "approved" else "next_review"
    line, col = position(path, ("review", field_name))
    if mark == "DRAFT":
        why = f"not approved: {status}; use --allow-draft"
    else:
        when = content.review.next_review.isoformat() if content.review.next_review else "not set"
        why = f"review overdue (next review {when}, as of {as_of.isoformat()}); use --allow-draft"
    return str(Problem(display_path(path), line, col, f"review.{field_name}", why))


def catalogue_refusal(inputs: Any, as_of: date) -> str:
    """Why a diet sheet is refused for its food lists: each catalogue file that marks it, located at its review."""
    from handouts.diet import catalogue_review

    out = []
    for found in catalogue_review.plan_marks(inputs.plan, inputs.catalogue, inputs.customisation, as_of):
        path, review = Path(found.layer.path), found.layer.catalogue.review
        loc = ("review", "status") if review is None or found.mark == "DRAFT" else ("review", "next_review")
        line, col = position(path, loc) if review is not None else (1, 1)
        if review is None:
            why = ("food catalogue never approved, and the workspace sets require_catalogue_approval: approve it "
                   "with `handouts approve`; use --allow-draft")
        elif found.mark == "DRAFT":
            why = f"food catalogue not approved: {found.status}; use --allow-draft"
        else:
            when = review.next_review.isoformat() if review.next_review else "not set"
            why = f"food catalogue review overdue (next review {when}, as of {as_of.isoformat()}); use --allow-draft"
        out.append(str(Problem(display_path(path), line, col, ".".join(loc) if review is not None else "review", why)))
    return "\n".join(out)


def translation_refusal(path: Path, language: str, state: str) -> str:
    """Why a patient handout in a translation not (or no longer) approved is refused, located at its record."""
    line, col = position(path, ("translations", language, "status"))  # or the nearest key it has
    why = (f"the '{language}' translation is not approved ({state.replace('_', ' ')}): it would print "
           "DRAFT TRANSLATION; use --allow-draft")
    return str(Problem(display_path(path), line, col, f"translations.{language}", why))


TRANSLATION_MARK = "DRAFT TRANSLATION"


def translation_record(review: dict[str, Any], state: Any) -> dict[str, Any]:
    """The review record with the translation the document prints in: its language, state and mark, so a
    manifest's reader sees a DRAFT TRANSLATION print as such, and a later run without --allow-draft does
    not skip it as up to date (fingerprint.needs_render). The state depends only on the content files,
    whose hashes the manifest records."""
    return dict(review, translation={"language": state.language, "state": state.state,
                                     "mark": None if state.approved else TRANSLATION_MARK})


class Preparer:
    """Prepares jobs for one run (one day, one draft policy, one paper rule, one home locale), caching
    parsed content."""

    def __init__(self, as_of: date, allow_draft: bool = False, data_dirs: tuple[str, ...] = (),
                 paper: str | None = None, home_locale: str | None = None, require_catalogue_approval: bool = False):
        from handouts.context import Context

        self.as_of = as_of
        self.allow_draft = allow_draft
        self.data_dirs = tuple(Path(d) for d in data_dirs)  # a workspace's, before the shipped data
        self.paper = paper
        self.home_locale = home_locale
        self.require_catalogue_approval = require_catalogue_approval
        # the workspace's locale, as `render` and `serve` build their context: a row's bare 'es' takes
        # its region from it when the brand names none, and a clinician brief its paper and number
        self.context = Context.default(today=as_of, data_dirs=self.data_dirs, locale=home_locale)
        self._content: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._contexts: dict[tuple[Path, ...], Any] = {}

    @classmethod
    def for_settings(cls, settings: Any) -> Preparer:
        """The preparer for a run's handouts.batch.worker.Settings."""
        return cls(settings.as_of, settings.allow_draft, settings.data_dirs, settings.paper, settings.home_locale,
                   settings.require_catalogue_approval)

    def _on_paper(self, inputs: Any) -> Any:
        """The run's paper (--paper or the workspace's) over the brand's; None leaves it to the brand, else
        to the document's locale (the row's, the workspace's, the brand's), as `render` does."""
        from handouts import documents

        return documents.on_paper(inputs, self.paper)

    def prepare(self, job: AnyJob) -> Prepared:
        """The job's checked inputs; ContentError, UsageError or JobFailed say why not."""
        return self._diet(job) if isinstance(job, DietJob) else self._topic(job)

    # -- content, parsed once ------------------------------------------------------

    def _read(self, path: str, limit: int = CONTENT_BYTES, what: str = "a content file") -> tuple[bytes, str]:
        """The file and its digest; one larger than any such file is refused unread (a job file may name
        any path: a multi-gigabyte file was read whole, only to be refused by its size after)."""
        from handouts.inputfile import InputRefused, read_bytes

        try:
            data = read_bytes(Path(path), limit, what)
        except InputRefused as exc:
            raise ContentError([Problem(display_path(Path(path)), 0, 0, "", exc.message)]) from None
        except OSError as exc:
            raise ContentError([Problem(display_path(Path(path)), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
        return data, hashlib.sha256(data).hexdigest()

    def content(self, kind: str, path: str) -> tuple[str, Any]:
        """(sha256, model) of a topic or brand file, parsed once per content."""
        from handouts.loading import load

        _, sha = self._read(path)
        key = (kind, path, sha)
        if key not in self._content:
            try:
                value: Any = load(path, kind, self.context)
            except ContentError as exc:
                value = exc
            # the file may change while it is parsed: cache (and report) only what was hashed
            if self._read(path)[1] != sha:
                raise JobFailed(f"{display_path(Path(path))}: changed while it was being read; run again")
            self._content[key] = value
            if len(self._content) > CACHE_SIZE:
                self._content.popitem(last=False)
        self._content.move_to_end(key)
        value = self._content[key]
        if isinstance(value, ContentError):
            raise value
        return sha, value

    def _review(self, content: Any) -> tuple[dict[str, Any], str | None]:
        from handouts.approval import effective_status
        from handouts.views.frame import review_mark

        mark = review_mark(content, self.as_of)
        review = content.review
        return {
            "status": effective_status(content),  # what the mark is judged by (fingerprint.review_mark)
            # who approved the content printed, and when: what an auditor asks of a print run
            "reviewer": review.reviewer,
            "reviewed": review.reviewed.isoformat() if review.reviewed else None,
            "next_review": review.next_review.isoformat() if review.next_review else None,
            "mark": mark,
            "as_of": self.as_of.isoformat(),
        }, mark

    def _food_lists(self, inputs: Any, review: dict[str, Any], mark: str | None) -> tuple[dict[str, Any], str | None]:
        """The sheet's review record with its food catalogue files', each file's under its own name.

        The top-level status, reviewer, reviewed and next_review stay the plan's: an auditor reading
        "reviewer: Dr A" must not also read a catalogue's "status: draft" beside it as Dr A's. `mark`
        is what the sheet printed (the weakest of all); the manifest judges it later from every
        record's own fields (fingerprint.sheet_mark)."""
        from handouts.diet import catalogue_review
        from handouts.review import weakest_mark

        used = catalogue_review.plan_layers(inputs.plan, inputs.catalogue, inputs.customisation)
        records = []
        for layer in used:
            layer_review = layer.catalogue.review
            records.append({
                "path": display_path(Path(layer.path)), "status": catalogue_review.status(layer),
                "reviewer": layer_review.reviewer if layer_review else None,
                "reviewed": layer_review.reviewed.isoformat() if layer_review and layer_review.reviewed else None,
                "next_review": layer_review.next_review.isoformat() if layer_review and layer_review.next_review else None,
                "mark": catalogue_review.layer_mark(layer, self.as_of, catalogue_review.requires_approval(inputs.catalogue)),
            })
        if not records:
            return review, mark
        mark = weakest_mark(mark, *(r["mark"] for r in records))
        return dict(review, mark=mark, catalogues=records), mark

    def _logo(self, brand: Any, folder: Path, files: Files) -> None:
        if brand.logo:
            logo = str((folder / brand.logo).resolve())
            files["logo"] = {"path": logo, "sha256": self._read(logo, LOGO_BYTES, "a logo")[1]}

    # -- topic documents -------------------------------------------------------------

    def _person(self, job: Job) -> Any:
        if job.audience != "patient":
            return None
        from pydantic import ValidationError

        from handouts.models import Personalisation

        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in job.person}
        try:
            return Personalisation.model_validate({**fields, "language": job.language})
        except ValidationError as exc:
            where = job.origin or "job"
            # the message and field only: pydantic's own text would repeat the input (a name)
            raise JobFailed("\n".join(
                f"{where}: {'.'.join(str(p) for p in err['loc']) or 'personalisation'}: "
                f"{err['msg'].removeprefix('Value error, ')}"
                for err in exc.errors(include_url=False, include_input=False)
            )) from None

    def _topic(self, job: Job) -> Prepared:
        from handouts.inputs import TopicInputs

        files: Files = {}
        topic_sha, topic = self.content("topic", job.topic)
        files["topic"] = {"path": job.topic, "sha256": topic_sha}
        review, mark = self._review(topic)
        if mark and not self.allow_draft:
            raise JobFailed(refusal(Path(job.topic), topic, mark, self.as_of))
        brand_sha, brand = self.content("brand", job.brand)
        files["brand"] = {"path": job.brand, "sha256": brand_sha}
        folder = Path(job.brand).parent
        self._logo(brand, folder, files)
        person = self._person(job)
        if job.audience == "patient":
            review = self._translation_approved(Path(job.topic), topic, job.language, brand, review)
        return Prepared(job.audience, self._on_paper(TopicInputs(topic, brand, folder)), person, files, review,
                        patient_secrets(job))

    def _translation_approved(self, path: Path, topic: Any, language: str | None, brand: Any,
                              review: dict[str, Any]) -> dict[str, Any]:
        """A batch prints only reviewed words, as it does for the English: a draft, stale or edited
        translation is refused like draft content, unless --allow-draft. The review record gets the
        translation's state (translation_record)."""
        from handouts import translations
        from handouts.locale import resolve

        lang = resolve(language, brand=brand.locale).language
        state = translations.state(topic, lang)
        if state is None:
            return review
        # a topic not written in that language at all is refused by the view, which says so
        written = state.record is not None or any(text.has(lang) for _, text in translations.localized_texts(topic))
        if not state.approved and written and not self.allow_draft:
            raise JobFailed(translation_refusal(path, lang, state.state))
        return translation_record(review, state)

    def _sheet_translation(self, inputs: Any, ctx: Any, plan_path: Path, review: dict[str, Any]) -> dict[str, Any]:
        """A diet sheet's words in another language are its plan's and its food catalogue's translations
        (handouts.views.diet): refused unless each is approved, as a topic's are, unless --allow-draft."""
        from handouts import translations
        from handouts.diet import catalogue_review
        from handouts.locale import resolve

        cust = inputs.customisation
        lang = resolve(cust.language if cust else None, ctx.locale, brand=inputs.brand.locale,
                       home=ctx.home_locale).language
        state = translations.weakest([translations.state(inputs.plan, lang), translations.state(inputs.catalogue, lang)])
        plan_state = translations.state(inputs.plan, lang)
        if state is None or plan_state is None:
            return review
        if plan_state.record is None and not any(t.has(lang) for _, t in translations.localized_texts(inputs.plan)):
            return review  # a plan not written in that language at all is refused by the view, which says so
        if not state.approved and not self.allow_draft:
            found = [(plan_path, plan_state)] if not plan_state.approved else []
            for layer in catalogue_review.plan_layers(inputs.plan, inputs.catalogue, inputs.customisation):
                own = translations.state(layer.catalogue, lang)
                if own is not None and not own.approved:
                    found.append((Path(layer.path), own))
            found = found or [(plan_path, state)]
            raise JobFailed("\n".join(translation_refusal(path, lang, st.state) for path, st in found))
        return translation_record(review, state)

    # -- diet sheets -------------------------------------------------------------------

    def _context_for(self, job: DietJob) -> Any:
        """The context `handouts diet` would build: the data folders of these files, the workspace's, the
        shipped ones; one per set of folders."""
        from handouts.context import Context
        from handouts.loading import data_folders_of
        from handouts.lookup import is_path

        names = (job.customisation, job.plan, job.brand)
        paths = [Path(n) for n in names if n is not None and is_path(n) and Path(n).exists()]
        folders = tuple(dict.fromkeys([*(p.resolve() for p in data_folders_of(paths)), *self.data_dirs]))
        if folders not in self._contexts:
            self._contexts[folders] = Context.default(today=self.as_of, data_dirs=folders, locale=self.home_locale,
                                                      require_catalogue_approval=self.require_catalogue_approval)
        return self._contexts[folders]

    @staticmethod
    def _lookup(ctx: Any, folder: str, name: str, role: str, files: Files) -> None:
        """Record the file an id resolves to, and every file before it in the lookup order (absent now)."""
        from handouts.lookup import is_path

        found = ctx.find(folder, name, role)  # UsageError for an unknown id, with a suggestion
        if not is_path(name):
            for root in ctx.data_dirs:
                candidate = root / folder / f"{name}.yaml"
                if candidate == found:
                    break
                files[f"not found {len(files) + 1}"] = {"path": str(candidate.resolve()), "sha256": None}
        files[role] = {"path": str(found.resolve()), "sha256": None}

    def _diet(self, job: DietJob) -> Prepared:
        from handouts.loading import read_as

        where = job.origin or job.output
        customisation = Path(job.customisation) if job.customisation else None
        secrets: dict[str, Any] = {}
        if customisation is not None:
            try:
                data = read_as(customisation, "diet-customisation").data  # located errors: not YAML, too large
            except ContentError as exc:
                raise JobFailed(conceal_customisation("\n".join(str(p) for p in exc.problems), job)) from None
            secrets = dict(customisation_person(data))
            plan = job.plan or (str(data.get("plan")) if isinstance(data, dict) and data.get("plan") else None)
            if names_patient(job.output, tuple(secrets.items()), job_ids(plan, job.brand, job.audience)):
                raise OutputNamesPatient(f"{job.origin or 'a diet job'}: output path contains the patient's name; "
                                         "patient names never go into file names, logs or the manifest "
                                         "(use a record number)")
        try:
            return self._diet_checked(job, customisation, secrets, where)
        except JobFailed as exc:
            message = str(exc)
        except ContentError as exc:  # located problems
            message = "\n".join(problem_lines(withhold_allergies(exc.problems)))
        except HandoutsError as exc:  # a customisation for another plan, an unknown id
            message = f"{where}: {exc}" if isinstance(exc, UsageError) else str(exc)
        except Exception as exc:  # noqa: BLE001 - reported as this job's failure, without patient details
            message = f"{where}: could not render: {type(exc).__name__}: {exc}"
        raise JobFailed(conceal_customisation(redact(message, secrets), job))

    def _diet_checked(self, job: DietJob, customisation: Path | None, secrets: dict[str, Any],
                      where: str) -> Prepared:
        from handouts import documents
        from handouts.context import CATALOGUE_FILE

        ctx = self._context_for(job)
        files: Files = {}
        plan = job.plan if job.plan is not None else documents.named_plan(customisation)  # type: ignore[arg-type]
        self._lookup(ctx, "diets", plan, "plan", files)
        self._lookup(ctx, "brands", job.brand, "brand", files)
        for number, root in enumerate(ctx.data_dirs, start=1):
            path = root / CATALOGUE_FILE
            role = f"catalogue {number}" if path.is_file() else f"not found {len(files) + 1}"
            files[role] = {"path": str(path.resolve()), "sha256": None}
        for recorded in files.values():
            recorded["sha256"] = sha256_file(recorded["path"])

        inputs = documents.diet_inputs(job.plan, customisation, job.brand, ctx)
        review, mark = self._review(inputs.plan)
        if mark and not self.allow_draft:
            raise JobFailed(refusal(Path(files["plan"]["path"]), inputs.plan, mark, self.as_of))
        review, mark = self._food_lists(inputs, review, mark)
        if mark and not self.allow_draft:
            raise JobFailed(catalogue_refusal(inputs, self.as_of))
        review = self._sheet_translation(inputs, ctx, Path(files["plan"]["path"]), review)
        self._logo(inputs.brand, inputs.brand_folder, files)
        for recorded in files.values():  # what was hashed is what was read, or the job says so
            if sha256_file(recorded["path"]) != recorded["sha256"]:
                raise JobFailed(f"{display_path(Path(recorded['path']))}: changed while it was being read; run again")
        return Prepared(job.audience, self._on_paper(inputs), None, files, review, secrets)
