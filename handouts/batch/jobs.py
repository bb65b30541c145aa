"""What to render: one job per document, from a job file or a cross product.

A row names a topic document (`topic`, `audience`: a Job) or a diet sheet
(`plan` and/or `customisation`: a DietJob), each with an optional `brand` and
`output`.

Jobs are produced lazily (generators), so a job list of tens of thousands of
rows is never held in memory. A row that cannot become a job yields a BadJob
with located problems (`jobs.csv:12:5: audience: ...`): the batch reports it and
carries on with the other rows. Only a file that cannot be read at all (YAML
syntax, a CSV header with unknown columns) stops the batch before it starts.

Nothing here imports pydantic or WeasyPrint: reading jobs must stay cheap.
Patient details are carried as raw fields and validated by the worker.
"""

from __future__ import annotations

import csv
import difflib
import errno
import functools
import os
import re
import stat
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from handouts import lookup
from handouts.datafolder import link_leaving
from handouts.dates import date_problem
from handouts.encoding import saved_as_utf16, utf16
from handouts.errors import ContentError, Problem, UsageError, display_path
from handouts.inputfile import why_not_a_file
from handouts.patterns import LANG_PATTERN, UNSAFE_IN_A_LOG_LINE
from handouts.resources import asset_dir

AUDIENCES = ("patient", "clinician")
PERSON_FIELDS = ("patient_name", "clinician", "visit_date", "include", "omit", "notes", "follow_up")
"""Personalisation fields a job row may carry (patient handouts only). Never logged."""
DATE_FIELDS = ("visit_date", "follow_up")
DIET_FIELDS = ("plan", "customisation")
"""A diet-sheet row's own columns (with brand and output). The customisation holds the patient's details."""
COLUMNS = ("topic", "audience", "brand", "language", "output", *DIET_FIELDS, *PERSON_FIELDS)
TOPIC_ONLY = ("topic", "audience", "language", *PERSON_FIELDS)
DIET_SHEET = "diet-sheet"
PATTERN_FIELDS = ("topic", "brand", "audience", "language", "row")
DEFAULT_PATTERN = "{brand}/{topic}-{audience}.pdf"
YAML_SUFFIXES = (".yaml", ".yml")
RESERVED_NAMES = ("manifest.json", "manifest.jsonl")

UNSAFE = re.compile(UNSAFE_IN_A_LOG_LINE)
LANG = re.compile(LANG_PATTERN)  # from handouts.patterns, so reading jobs does not import pydantic

Person = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Job:
    """One topic document to render. `output` is relative to the output folder (POSIX form)."""

    output: str
    topic: str  # absolute path of the topic YAML
    brand: str  # absolute path of the brand YAML
    audience: str
    language: str | None = None  # None: the brand's locale decides (handouts.locale.resolve), then en-US
    person: Person = field(default=(), repr=False)  # raw personalisation fields, sorted by name
    origin: str = ""  # "jobs.csv:12" for job-file rows; "" for a cross product


@dataclass(frozen=True)
class DietJob:
    """One elimination-diet sheet: a plan, one patient's customisation (or none: a blank sheet), a brand.

    Plan and brand ids are looked up as `handouts diet` does: in the data folders of
    the customisation, plan and brand files first (a practice's own), then the shipped
    data. The patient's details stay in the customisation file: the job holds only its path.
    """

    output: str
    plan: str | None  # an id or an absolute path; None: the plan the customisation names
    customisation: str | None  # absolute path; None: a blank sheet to fill in by hand
    brand: str  # an id or an absolute path
    origin: str = ""

    audience: ClassVar[str] = DIET_SHEET  # what --pattern's {audience} says for a diet sheet
    language: ClassVar[str] = "en"
    person: ClassVar[Person] = ()  # personalisation travels in the customisation file


AnyJob = Job | DietJob


@dataclass(frozen=True)
class BadJob:
    """A job-file row that cannot be rendered, with where and why."""

    origin: str
    problems: tuple[Problem, ...]
    output: str | None = None

    @property
    def error(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class OutputPattern:
    """`--pattern`: where each job's PDF goes, from the job's topic, brand, audience, language, row."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        names = []
        try:
            parsed = list(string.Formatter().parse(pattern))
        except ValueError as exc:
            raise UsageError(f"--pattern '{pattern}': {exc}") from None
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if spec or conversion:
                # '{topic:>99999999}' wrote a 300 MB manifest; '{topic!r}' put quotes in file names
                written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                raise UsageError(f"--pattern: {written}: write plain placeholders like {{{name}}}, "
                                 "without ':' formats or '!' conversions")
            if name in PERSON_FIELDS:
                raise UsageError(f"--pattern may not use {{{name}}}: patient details never go into file names")
            if name not in PATTERN_FIELDS:
                fields = ", ".join("{" + f + "}" for f in PATTERN_FIELDS)
                raise UsageError(f"--pattern: unknown field {{{name}}}; use {fields}")
            names.append(name)
        self.fields = frozenset(names)

    def format(self, **values: object) -> str:
        return self.pattern.format(**values)


def check_output(value: str) -> tuple[str | None, str | None]:
    """(normalised relative path, None) or (None, what is wrong with it)."""
    if not value:
        return None, "output path is empty"
    if "\\" in value or ":" in value or "\0" in value:
        return None, f"output '{value}' may not contain '\\', ':' or NUL; use '/' between folders"
    if UNSAFE.search(value):  # a carriage return or escape in a file name rewrites the report's lines
        return None, (f"output '{value}' may not contain control characters (a line break, tab or escape) "
                      "or bidi overrides")
    rel = PurePosixPath(value)
    if rel.is_absolute() or ".." in rel.parts:
        return None, f"output '{value}' must be a relative path inside --out (no leading '/', no '..')"
    if any(part.startswith(".") for part in rel.parts):
        return None, f"output '{value}': file and folder names may not start with '.'"
    if rel.suffix.lower() != ".pdf":
        return None, f"output '{value}' must end in .pdf"
    if str(rel) in RESERVED_NAMES:
        return None, f"output '{value}' is the batch manifest's name"
    for part in rel.parts:
        problem = _not_portable(part)
        if problem:
            return None, f"output '{value}': {problem}"
    return str(rel), None


WINDOWS_CHARACTERS = frozenset('<>"|?*')
WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(10))})
NAME_MAX = 255
"""Bytes in one file or folder name (Linux and macOS; Windows counts 255 UTF-16 units, never fewer)."""


def _not_portable(part: str) -> str | None:
    """Why one file or folder name of an output could not be written here or copied to Windows, if it could not.

    A clinic's output folder is often copied to, or shared with, Windows computers: a
    name Windows cannot hold would fail there, or be renamed, after a whole night's run.
    """
    size = len(part.encode("utf-8"))
    if size > NAME_MAX:
        return f"'{part[:40]}…' is {size} bytes long; a file or folder name may be at most {NAME_MAX}"
    bad = sorted(WINDOWS_CHARACTERS.intersection(part))
    if bad:
        return f"'{part}' contains {' '.join(bad)}, which Windows does not allow in file names"
    if part.endswith((".", " ")):
        return f"'{part}' ends in a dot or a space, which Windows drops from file names"
    if part.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICES:
        return f"'{part}' is a device name on Windows (CON, PRN, AUX, NUL, COM1, LPT1 ...), not a file name there"
    return None


def file_key(output: str) -> str:
    """What makes two outputs one file on Windows and macOS: names that differ only in capitals, or in how
    an accent is encoded (é as one character or as e and a combining mark), are one file there."""
    return unicodedata.normalize("NFC", output).lower()


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _words(text: str) -> list[str]:
    """The runs of letters in a text, case-folded and in one Unicode form ('Morgan-A_2025.pdf': morgan, a, pdf)."""
    return re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text).casefold())


NAME_WORD = 3
"""A name's words this long or longer are looked for in output names (shorter ones, Li or Ng, would match
too much by chance: a language code, an initial)."""


def names_patient(output: str, person: Person, ids: Iterable[str] = ()) -> bool:
    """Whether an output path spells the patient's name, or a word of it: a surname with a date or
    initial ('morgan-2025-07-14.pdf', a common way to name a file) is as much a patient detail as the
    whole name (names stay out of paths, logs, manifest).

    `ids` are the job's own topic or plan, brand and audience ids: a word that stands in the path
    only as part of one of them ('low' of low-fodmap-0001.pdf, for a patient surnamed Low) says
    nothing about the patient and is not counted. The same word anywhere else still is
    ('low-fodmap-low.pdf'), and so is the whole name run together."""
    name = dict(person).get("patient_name")
    if not name:
        return False
    letters = _letters(str(name))
    if len(letters) >= 3 and letters in _letters(output):
        return True
    in_output = set(_without_ids(_words(output), ids))
    return any(len(word) >= NAME_WORD and word in in_output for word in _words(str(name)))


OUTPUT_NAMES_PATIENT = ("output path contains the patient's name; patient names never go into file names, logs or "
                        "the manifest (use {row} or a record number)")


def customisation_person(data: object) -> Person:
    """The patient's name and notes in a customisation's data: what no file name or message may hold."""
    if not isinstance(data, dict):
        return ()
    return tuple((key, data[name]) for key, name in (("patient_name", "patient"), ("notes", "notes"))
                 if isinstance(data.get(name), str))


def _read_customisation(path: str) -> tuple[Person, str | None]:
    """A customisation file's patient details and the plan it names, to check a diet row's output name
    as a topic row's is, before the run; ((), None) when it cannot be read (its job then fails where
    it is prepared, and says why)."""
    from handouts.loading import read_as

    try:
        data = read_as(Path(path), "diet-customisation").data
    except (ContentError, OSError):
        return (), None
    plan = data.get("plan") if isinstance(data, dict) else None
    return customisation_person(data), plan if isinstance(plan, str) else None


def job_ids(content: str | None, brand: str | None, audience: str | None) -> tuple[str, ...]:
    """The ids a job's output may spell without naming anyone: its topic or plan, brand and audience."""
    return tuple(Path(n).stem if n.endswith(YAML_SUFFIXES) else n for n in (content, brand, audience) if n)


def _without_ids(words: list[str], ids: Iterable[str]) -> list[str]:
    """`words` with every whole run of an id's words taken out (longest ids first)."""
    for run in sorted({tuple(_words(i)) for i in ids if _words(i)}, key=len, reverse=True):
        kept: list[str] = []
        at = 0
        while at < len(words):
            if tuple(words[at:at + len(run)]) == run:
                at += len(run)
            else:
                kept.append(words[at])
                at += 1
        words = kept
    return words


def _redact(message: str, secrets: list[str]) -> str:
    for secret in secrets:
        if len(secret.strip()) >= 2:
            message = re.sub(re.escape(secret.strip()), "[patient details]", message, flags=re.IGNORECASE)
    return message


def _is_path(value: str) -> bool:
    return lookup.is_path(value)


def _shipped() -> tuple[Path, ...]:
    return (asset_dir("data").resolve(),)


def brand_language(brand: str | None) -> str:
    """The language of a brand file's `locale:` ('en-GB' → 'en'); 'en' when it names none or cannot be read.

    Only for naming files: the document itself resolves the brand's full locale.
    """
    if not brand or not Path(brand).is_file():
        return "en"
    return _brand_language(brand)


@functools.cache
def _brand_language(brand: str) -> str:
    from handouts.locale import language_of
    from handouts.yamlsource import read

    try:
        data = read(Path(brand)).data
    except ContentError:
        return "en"
    tag = data.get("locale") if isinstance(data, dict) else None
    return language_of(tag) if isinstance(tag, str) and LANG.match(tag) else "en"


class _Resolver:
    """Topic and brand names (ids or paths) → absolute file paths, cached per value.

    Ids are looked up in `data_dirs` in order (a workspace's folders, then the shipped
    data); paths are relative to the job file's folder.
    """

    def __init__(self, base: Path | None, data_dirs: Sequence[Path] | None = None):
        self.base = base
        self.data_dirs = tuple(data_dirs) if data_dirs else _shipped()
        self._cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def __call__(self, kind: str, value: str) -> tuple[str | None, str | None]:
        key = (kind, value)
        if key not in self._cache:
            self._cache[key] = self._resolve(kind, value)
        return self._cache[key]

    def _resolve(self, kind: str, value: str) -> tuple[str | None, str | None]:
        folder = "topics" if kind == "topic" else "brands"
        if not _is_path(value):
            try:
                found = lookup.find_id(self.data_dirs, folder, value)
            except ContentError as exc:  # a link out of a data folder
                return None, "; ".join(str(problem) for problem in exc.problems)
            if found is None:
                return None, lookup.unknown(value, lookup.ids(self.data_dirs, folder), kind).message
            return str(found.resolve()), None
        path = Path(value)
        if self.base is not None and not path.is_absolute():
            path = self.base / path
        if path.is_file():
            leaving = link_leaving(path)  # checked before resolving: the reader sees only the target
            if leaving:
                return None, f"{display_path(path)}: {leaving}"
            return str(path.resolve()), None
        return None, f"no {kind} file '{value}' ({display_path(path)} does not exist){_near_file(value, path)}"


def _near_file(value: str, path: Path) -> str:
    """"; did you mean 'data/brands/harbour-health.yaml'?" for a misspelt topic or brand file whose folder
    holds one close, as render says it (this resolver never sees a customisation, whose file names are
    often its patients')."""
    if not path.parent.is_dir():
        return ""
    names = sorted(p.name for p in path.parent.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    return f"; did you mean '{PurePosixPath(value).parent / close[0]}'?" if close else ""


def column_name(cell: str) -> str:
    """The column a CSV header cell names: spreadsheets capitalise headers ('Topic') and pad them. A cell
    naming no column is kept as typed, to be refused by name."""
    name = cell.strip()
    return name.casefold() if name.casefold() in COLUMNS else name


def _text(value: Any) -> str | None:
    """A cell or YAML scalar as trimmed text (dates as YYYY-MM-DD); None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


LISTS = ("include", "omit")
"""The columns that take a list (in YAML; a CSV cell separates ids with ',', ';' or spaces)."""


def _one_value(column: str, value: Any, problem: Callable[[str, str], None]) -> Any:
    """A YAML value as a cell holds it; a list, mapping or true/false where text belongs is a problem (None).

    str() of them printed "For: ['Zebulon', 'Quixote']" on a patient's handout, and looked up
    "no topic '['leaky-gut']'"."""
    if isinstance(value, list) and column in LISTS:
        if all(isinstance(item, str | int) and not isinstance(item, bool) for item in value):
            return value
        problem(column, "write a list of ids, e.g. [fermented-foods, probiotics]")
        return None
    shape = ("a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict)
             else "true/false" if isinstance(value, bool) else None)
    if shape is None:
        return value
    problem(column, f"write one value, not {shape}" + (" (in quotes if it is the word itself)" if shape ==
                                                       "true/false" else ""))
    return None


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(t for t in (_text(v) for v in value) if t)
    text = _text(value)
    return tuple(t for t in re.split(r"[;,\s]+", text) if t) if text else ()


def _is_diet(values: dict[str, Any], defaults: dict[str, Any]) -> bool:
    """A row is a diet sheet when it names a plan or customisation and no topic (its own cells first)."""
    for source in (values, defaults):
        if _text(source.get("topic")):
            return False
        if any(_text(source.get(name)) for name in DIET_FIELDS):
            return True
    return False


class _RowMaker:
    """Turns one row (a dict of column → value) into a Job, a DietJob or a BadJob."""

    def __init__(self, path: Path | None, pattern: OutputPattern, data_dirs: Sequence[Path] | None = None,
                 brand: str = "default", language: str | None = None):
        self.path = path
        self.shown = display_path(path) if path else ""
        self.pattern = pattern
        self.resolve = _Resolver(path.parent if path else None, data_dirs)
        self.base = path.parent if path else None
        self.brand = brand  # for rows that name none: the workspace's, else 'default'
        self.language = language

    def make(self, values: dict[str, Any], line: int, where: Callable[[str], tuple[int, int]], row: int,
             defaults: dict[str, Any] | None = None) -> AnyJob | BadJob:
        """`values` are the row's own cells; `defaults` (YAML) fill in what the row's kind takes."""
        defaults = defaults or {}
        problems: list[Problem] = []

        misshapen: set[str] = set()

        def problem(column: str, message: str) -> None:
            if column in misshapen:
                return  # said once: a list where a topic belongs is not also a missing topic
            at_line, col = where(column)
            problems.append(Problem(self.shown, at_line, col, column, message))

        def shaped(column: str, message: str) -> None:
            problem(column, message)
            misshapen.add(column)

        values = {key: _one_value(key, value, shaped) for key, value in values.items()}
        diet = _is_diet(values, defaults)
        merged = {**{k: v for k, v in defaults.items() if k not in (TOPIC_ONLY if diet else DIET_FIELDS)}, **values}
        for name in (TOPIC_ONLY if diet else DIET_FIELDS):
            if _text(values.get(name)) or _ids(values.get(name)):
                problem(name, f"'{name}' is for diet sheets; this row renders a topic (a row has a topic and "
                              "audience, or a plan and customisation, not both)" if not diet else
                              f"'{name}' is for topic documents; a diet sheet takes plan, customisation, brand "
                              "and output (the patient's details are in the customisation)")
        job, output = self._diet(merged, problem, row) if diet else self._topic(merged, problem, row)
        origin = f"{self.shown}:{line}" if self.shown else ""
        if problems or job is None:
            # a shifted column can put a name where a topic or brand belongs: never echo it
            secrets = [str(v) for k, v in merged.items() if k in ("patient_name", "notes") and v]
            problems = [replace(p, message=_redact(p.message, secrets)) for p in problems]
            return BadJob(origin, tuple(problems), output)
        return replace(job, origin=origin)

    def _language(self, language: str | None, brand: str | None) -> str:
        """--pattern's {language}: the job's, else its brand's (read only when the pattern asks)."""
        if language or "language" not in self.pattern.fields:
            return language or ""
        return brand_language(brand)

    def _output(self, text: str | None, problem: Callable[[str, str], None], **fields: object) -> str | None:
        """The row's own output, or --pattern's; None (with a problem) when neither gives a good path."""
        if text:
            output, message = check_output(text)
            if message:
                problem("output", message)
            return output
        output, message = check_output(self.pattern.format(**fields))
        if message:
            problem("output", f"--pattern gives {message}")
        return output

    def _topic(self, values: dict[str, Any], problem: Callable[[str, str], None],
               row: int) -> tuple[Job | None, str | None]:
        text = {k: _text(values.get(k)) for k in ("topic", "audience", "brand", "language", "output")}
        topic = None
        if not text["topic"]:
            problem("topic", "a job needs a topic (an id from data/topics or a path to a YAML file), "
                             "or a plan or customisation for a diet sheet")
        else:
            topic, message = self.resolve("topic", text["topic"])
            if message:
                problem("topic", message)
        brand, message = self.resolve("brand", text["brand"] or self.brand)
        if message:
            problem("brand", message)
        audience = text["audience"]
        if audience not in AUDIENCES:
            problem("audience", f"audience must be one of {', '.join(AUDIENCES)}")
        language = text["language"] or self.language
        if language and not LANG.match(language):
            problem("language", f"language '{language}' is not a language code like 'en' or 'pt-BR'")
        elif language:
            from handouts.language_names import not_a_language  # Babel's names: only for rows naming a language

            if (unknown := not_a_language(language)) is not None:
                problem("language", unknown)  # 'sp': the one meant, not every text 'sp' lacks

        person: list[tuple[str, Any]] = []
        for name in PERSON_FIELDS:
            value = _ids(values.get(name)) if name in ("include", "omit") else _text(values.get(name))
            if value:
                person.append((name, value))
        if person and audience == "clinician":
            problem(person[0][0], "patient details are for patient handouts only (this row's audience is clinician)")
        for name, value in person:
            if name in DATE_FIELDS:
                wrong = date_problem(str(value))
                if wrong:
                    problem(name, wrong)

        output = None
        ids = job_ids(topic or text["topic"], brand or text["brand"], audience)
        if text["output"] and names_patient(text["output"], tuple(person), ids):
            output = text["output"]  # refused below, before any other message could quote it
        elif text["output"] or (topic and brand and audience in AUDIENCES):
            output = self._output(text["output"], problem, topic=Path(topic or "").stem, brand=Path(brand or "").stem,
                                  audience=audience, language=self._language(language, brand), row=row)
        if output and names_patient(output, tuple(person), ids):
            problem("output", OUTPUT_NAMES_PATIENT)
            output = None
        if not (output and topic and brand and audience):
            return None, output
        return Job(output, topic, brand, audience, language or None, tuple(person)), output

    def _path(self, value: str) -> Path:
        path = Path(value)
        return self.base / path if self.base is not None and not path.is_absolute() else path

    def _existing_file(self, field: str, value: str, problem: Callable[[str, str], None],
                       quoted: bool = True) -> tuple[str, bool]:
        """A file a diet row names (relative to the job file): its absolute path and True, or, when it is
        not there, the value as given and False, with a problem in `field`, naming the file if `quoted`
        (a customisation's path names its patient: its cell is located instead)."""
        path = self._path(value)
        if path.is_file():
            leaving = link_leaving(path)  # checked before resolving, as for topics: the reader sees only the target
            if leaving:
                # a customisation's path (and its link's target) names the patient: the cell is located instead
                problem(field, f"{display_path(path)}: {leaving}" if quoted else
                        "the file this cell names is a symbolic link out of its data folder: files are read only "
                        "from inside their data folder; copy the file in instead of linking to it")
                return value, False
            return str(path.resolve()), True
        if quoted:
            problem(field, f"no {field} file '{value}' ({display_path(path)} does not exist)")
        else:
            problem(field, f"no {field} file at the path in this cell (relative to the job file): it does not exist")
        return value, False

    def _diet(self, values: dict[str, Any], problem: Callable[[str, str], None],
              row: int) -> tuple[DietJob | None, str | None]:
        """A diet sheet. Ids of plans and brands are checked where they are looked up (the worker), in the
        customisation's data folders as `handouts diet` does; files named here must exist now."""
        text = {k: _text(values.get(k)) for k in ("plan", "customisation", "brand", "output")}
        ok = True
        plan = text["plan"]
        if plan and _is_path(plan):
            plan, found = self._existing_file("plan", plan, problem)
            ok = ok and found
        customisation = None
        readable = False  # the customisation file is there: its patient's name can be read
        if text["customisation"]:
            if not _is_path(text["customisation"]):
                problem("customisation", "give the path of a customisation file (.yaml), relative to the job file")
                ok = False
            else:
                customisation, readable = self._existing_file("customisation", text["customisation"], problem,
                                                              quoted=False)
                ok = ok and readable
        brand = text["brand"] or self.brand
        if _is_path(brand):
            brand, found = self._existing_file("brand", brand, problem)
            ok = ok and found
        # the patient's name is in the customisation: read now, so the output name is refused before
        # the run (and --check), and before any message or the manifest could hold it
        person, named_plan = _read_customisation(customisation) if customisation and readable else ((), None)
        ids = job_ids(plan or named_plan, brand, DIET_SHEET)
        if text["output"] and names_patient(text["output"], person, ids):
            problem("output", OUTPUT_NAMES_PATIENT)
            return None, None
        output = None
        if text["output"]:
            output = self._output(text["output"], problem)
        elif plan:
            output = self._output(None, problem, topic=Path(plan).stem, brand=Path(brand).stem,
                                  audience=DIET_SHEET, language="en", row=row)
        else:
            problem("output", "a diet sheet whose plan comes from its customisation needs an 'output' "
                              "(--pattern names files from the plan)")
        if output and names_patient(output, person, ids):
            problem("output", OUTPUT_NAMES_PATIENT)
            return None, None
        if not (ok and output):
            return None, output
        return DietJob(output, plan, customisation, brand), output


SAVE_CSV = "save the spreadsheet as 'CSV UTF-8 (comma delimited)'"


class JobFile:
    """A job file: YAML (`jobs:` list, optional `defaults:`) or CSV with a header row.

    A row renders a topic (`topic`, `audience`) or a diet sheet (`plan` and/or
    `customisation`). Paths of topics, brands, plans and customisations are relative
    to the job file's folder; ids are looked up in `data_dirs` (a workspace's folders,
    then the shipped samples; for a diet sheet, the customisation's own data folder
    first, as `handouts diet` does). `output` is relative to --out; without it
    --pattern decides ({topic} is a diet sheet's plan, {audience} 'diet-sheet').
    YAML is read at once (its parser has no streaming mode); CSV is streamed, so
    use CSV for very long job lists.
    """

    def __init__(self, path: Path, pattern: OutputPattern, data_dirs: Sequence[Path] | None = None,
                 brand: str = "default", language: str | None = None):
        self.path = path
        self.shown = display_path(path)
        self.maker = _RowMaker(path, pattern, data_dirs, brand, language)
        self.is_csv = path.suffix.lower() == ".csv"
        if not self.is_csv and path.suffix.lower() not in YAML_SUFFIXES:
            raise UsageError(f"job file {self.shown}: expected a .csv, .yaml or .yml file")
        if self.is_csv:
            self._header, self._header_line, self.total = self._csv_header()
        else:
            self._source, self._defaults, self._rows = self._yaml_jobs()
            self.total = len(self._rows)

    def __iter__(self) -> Iterator[AnyJob | BadJob]:
        return self._csv_jobs() if self.is_csv else self._yaml_iter()

    # -- CSV -------------------------------------------------------------

    def _open(self):  # noqa: ANN202
        """The CSV as text, streamed (no size cap: long job lists are what CSV is for); a FIFO, a device
        (a link to /dev/zero) or a socket is refused at once instead of waiting on it or reading without end."""
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags)
        except OSError as exc:
            why = why_not_a_file(self.path) if exc.errno in (errno.ELOOP, errno.ENOENT) else (
                f"cannot read: {exc.strerror}")  # a link loop was 'Too many levels of symbolic links'
            raise ContentError([Problem(self.shown, 0, 0, "", why)]) from None
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.close(fd)
            raise ContentError([Problem(self.shown, 0, 0, "", why_not_a_file(self.path))])
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise ContentError([Problem(self.shown, 0, 0, "", "is not a regular file (a device, FIFO or socket); "
                                        "give a job file")])
        if saved_as_utf16(os.pread(fd, 512, 0)):  # streamed, it is checked here: its header was 't\x00o\x00p...'
            os.close(fd)
            raise ContentError([Problem(self.shown, 0, 0, "", utf16(SAVE_CSV))])
        return open(fd, newline="", encoding="utf-8-sig")

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every non-blank, non-comment row, header included."""
        with self._open() as handle:
            reader = csv.reader(handle)
            line = 1
            try:
                for cells in reader:
                    start, line = line, reader.line_num + 1
                    if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                        continue
                    yield start, cells
            except csv.Error as exc:
                raise ContentError([self._csv_problem(exc, line, reader.line_num)]) from None
            except UnicodeDecodeError as exc:
                raise ContentError([self._not_utf8(exc)]) from None

    def _csv_problem(self, exc: csv.Error, start: int, end: int) -> Problem:
        """Python's own words ('field larger than field limit (131072)'), located, and what usually causes it:
        a quote left open runs its cell on, over the rows below, until the cell is too long to be one."""
        if "field larger than field limit" not in str(exc):
            return Problem(self.shown, end, 1, "", f"CSV: {exc}")
        size = f"a cell of more than {csv.field_size_limit():,} characters"
        if end > start:
            return Problem(self.shown, start, 1, "", (
                f"{size}, from this row on to line {end}: a quote (\") opened in this row is not closed, so the "
                "rows below were read into one cell; close it, or leave out the quotes"))
        return Problem(self.shown, start, 1, "", f"{size}: no job needs one that long")

    def _not_utf8(self, exc: UnicodeDecodeError) -> Problem:
        """Where the first byte that is not UTF-8 is, and the way out: Excel's plain 'CSV' is saved in
        the computer's own code page, so a name with an accent (José) stops the batch."""
        from handouts.encoding import first_bad_byte, not_utf8

        try:
            line, col = first_bad_byte(self.path.read_bytes())
        except OSError:
            line, col = 0, 0
        return Problem(self.shown, line, col, "", not_utf8(exc.reason, SAVE_CSV))

    def _csv_header(self) -> tuple[list[str], int, int]:
        rows = self._csv_rows()
        first = next(rows, None)
        if first is None:
            raise ContentError([Problem(self.shown, 1, 1, "", "empty job file; expected a header row: "
                                        + ",".join(COLUMNS))])
        line, cells = first
        typed = [c.strip() for c in cells]
        header = [column_name(c) for c in cells]
        if len(header) == 1 and typed[0].casefold().startswith("sep="):  # Excel's hint, before the header
            raise ContentError([Problem(self.shown, line, 1, "", (
                f"'{typed[0][:8]}' is a spreadsheet's separator hint, not the header row: delete that line, and "
                "save the spreadsheet as 'CSV UTF-8 (comma delimited)'"))])
        if len(header) == 1:  # a spreadsheet saved with another separator: one column, named with them all
            for separator, name in ((";", "semicolons"), ("\t", "tabs")):
                if any(column_name(part) in COLUMNS for part in header[0].split(separator)[1:]):
                    raise ContentError([Problem(self.shown, line, 1, "", (
                        f"the columns are separated by {name}, not commas: save the spreadsheet as "
                        "'CSV UTF-8 (comma delimited)', or write the job file as YAML"))])
        problems = []
        col = 1
        for name, as_typed in zip(header, typed):
            if name not in COLUMNS:
                close = difflib.get_close_matches(name.casefold(), COLUMNS, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; columns: {', '.join(COLUMNS)}"
                problems.append(Problem(self.shown, line, col, name, f"unknown column{hint}"))
            elif header.count(name) > 1:  # 'Topic' and 'topic' too: which one the rows mean is not clear
                problems.append(Problem(self.shown, line, col, as_typed, "column appears twice"))
            col += len(as_typed) + 1
        if not any(name in header for name in DIET_FIELDS):
            for required in ("topic", "audience"):
                if required not in header:
                    problems.append(Problem(self.shown, line, 1, "", f"the header row needs a '{required}' column "
                                            "(or 'plan' or 'customisation' for diet sheets)"))
        if problems:
            raise ContentError(problems)
        total = sum(1 for _ in rows)  # one cheap pass, for the progress bar
        if not total:  # an emptied job file: a nightly run must not report 'all rendered' of nothing
            raise ContentError([Problem(self.shown, line, 1, "", "no jobs: the file has its header row and no "
                                        "rows below it")])
        return header, line, total

    def _csv_jobs(self) -> Iterator[AnyJob | BadJob]:
        rows = self._csv_rows()
        next(rows)  # the header
        for row, (line, cells) in enumerate(rows, start=1):
            def where(column: str, cells: list[str] = cells, line: int = line) -> tuple[int, int]:
                if column not in self._header:
                    return line, 1
                index = self._header.index(column)
                return line, 1 + sum(len(c) + 1 for c in cells[:index])

            if len(cells) != len(self._header):
                runs_on = ("; a cell in quotes runs on over several lines: is a closing quote (\") missing? The "
                           "rows below it were read into that cell" if any("\n" in c or "\r" in c for c in cells)
                           else "")
                yield BadJob(f"{self.shown}:{line}", (Problem(
                    self.shown, line, 1, "",
                    f"row has {len(cells)} cells but the header has {len(self._header)} columns{runs_on}"),))
                continue
            yield self.maker.make(dict(zip(self._header, cells)), line, where, row)

    # -- YAML ------------------------------------------------------------

    def _yaml_jobs(self) -> tuple[Any, dict[str, Any], list[Any]]:
        from handouts.yamlsource import read
        from handouts.yamlspec import MAX_BYTES

        try:
            info = os.stat(self.path)
        except OSError:
            info = None  # read() says why
        if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            # read() would call it "a content file": say what a job file can do instead
            raise ContentError([Problem(self.shown, 0, 0, "", (
                f"is {info.st_size / 1e6:.1f} MB; a YAML job file may be at most {MAX_BYTES // (1024 * 1024)} MiB "
                "(a few thousand jobs): write a longer job list as CSV, which is read a row at a time and has "
                "no size limit"))])
        source = read(self.path)
        data = source.data
        problems = []
        for key in data:
            if key not in ("jobs", "defaults"):
                line, col = source.position((key,))
                problems.append(Problem(self.shown, line, col, key, "unknown key; a job file has 'jobs' and optional 'defaults'"))
        jobs = data.get("jobs")
        if not isinstance(jobs, list):
            line, col = source.position(("jobs",))
            problems.append(Problem(self.shown, line, col, "jobs", "expected 'jobs:' with a list of jobs"))
        elif not jobs:  # an emptied job list: a nightly run must not report 'all rendered' of nothing
            line, col = source.position(("jobs",))
            problems.append(Problem(self.shown, line, col, "jobs", "no jobs: the list is empty"))
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, dict):
            line, col = source.position(("defaults",))
            problems.append(Problem(self.shown, line, col, "defaults", "expected a mapping of column: value"))
            defaults = {}
        for key, value in defaults.items():
            line, col = source.position(("defaults", key))
            if key not in COLUMNS or key == "output":
                problems.append(Problem(self.shown, line, col, f"defaults.{key}", "not a default a job can take"))
            else:
                _one_value(key, value, lambda column, message: problems.append(
                    Problem(self.shown, line, col, f"defaults.{column}", message)))
        if problems:
            raise ContentError(problems)
        return source, defaults, jobs  # type: ignore[return-value]

    def _yaml_iter(self) -> Iterator[AnyJob | BadJob]:
        source = self._source
        for index, item in enumerate(self._rows):
            line, col = source.position(("jobs", index))

            def where(column: str, index: int = index) -> tuple[int, int]:
                return source.position(("jobs", index, column))

            if not isinstance(item, dict):
                yield BadJob(f"{self.shown}:{line}", (Problem(
                    self.shown, line, col, f"jobs[{index}]", "expected a mapping like 'topic: leaky-gut'"),))
                continue
            unknown = [k for k in item if k not in COLUMNS]
            if unknown:
                problems = []
                for key in unknown:
                    close = difflib.get_close_matches(key, COLUMNS, n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else f"; keys: {', '.join(COLUMNS)}"
                    at_line, at_col = where(key)
                    problems.append(Problem(self.shown, at_line, at_col, f"jobs[{index}].{key}", f"unknown key{hint}"))
                yield BadJob(f"{self.shown}:{line}", tuple(problems))
                continue
            yield self.maker.make(item, line, where, index + 1, self._defaults)


def expand_topics(specs: Sequence[str], data_dirs: Sequence[Path] | None = None) -> list[Path]:
    """`--topics` values (folders, globs, files or ids) → topic files, in a stable order."""
    import glob

    found: dict[Path, None] = {}
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES)
        elif any(ch in spec for ch in "*?["):
            files = sorted(Path(p) for p in glob.glob(spec, recursive=True) if p.endswith(YAML_SUFFIXES))
        else:
            resolved, message = _Resolver(None, data_dirs)("topic", spec)
            if message:
                raise UsageError(f"--topics: {message}")
            files = [Path(resolved)]  # type: ignore[arg-type]
        broken = [p for p in files if p.is_symlink() and not p.exists()]
        if broken:  # left out, the practice's topic went missing from the run, which exited 0
            from handouts.inputfile import why_not_a_file

            raise UsageError(f"--topics: {display_path(broken[0])}: {why_not_a_file(broken[0])}")
        files = [p for p in files if p.is_file()]
        if not files:
            raise UsageError(f"--topics {spec}: no topic files (.yaml) found")
        for file in files:
            leaving = link_leaving(file)  # checked before resolving: the reader sees only the target
            if leaving:
                raise UsageError(f"--topics: {display_path(file)}: {leaving}")
            found.setdefault(file.resolve(), None)
    return list(found)


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class CrossProduct:
    """Every topic × brand × audience, in that order, with outputs named by a pattern."""

    def __init__(self, topics: Sequence[str], brands: Iterable[str], audiences: Iterable[str],
                 pattern: OutputPattern, language: str | None = None, data_dirs: Sequence[Path] | None = None):
        self.topics = expand_topics(topics, data_dirs)
        resolve = _Resolver(None, data_dirs)
        self.brands = []
        for name in brands:
            path, message = resolve("brand", name)
            if message:
                raise UsageError(f"--brands: {message}")
            self.brands.append(path)
        self.audiences = list(dict.fromkeys(audiences))
        for audience in self.audiences:
            if audience not in AUDIENCES:
                close = difflib.get_close_matches(audience.lower(), AUDIENCES, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise UsageError(f"--audiences: '{audience}' is not one of {', '.join(AUDIENCES)}{hint}")
        if not self.brands or not self.audiences:
            raise UsageError("give at least one brand and one audience")
        if language and not LANG.match(language):
            raise UsageError(f"--lang '{language}' is not a language code like 'en' or 'pt-BR'")
        self.language = language or None
        self.pattern = pattern
        for name, count in (("topic", len(self.topics)), ("brand", len(self.brands)),
                            ("audience", len(self.audiences))):
            if count > 1 and name not in pattern.fields:
                raise UsageError(f"--pattern '{pattern.pattern}' needs {{{name}}}: there are {count} {name}s "
                                 "and each needs its own file")
        self.total = len(self.topics) * len(self.brands) * len(self.audiences)

    def __iter__(self) -> Iterator[Job | BadJob]:
        row = 0
        for topic in self.topics:
            for brand in self.brands:
                for audience in self.audiences:
                    row += 1
                    formatted = self.pattern.format(topic=topic.stem, brand=Path(brand).stem,
                                                    audience=audience, row=row,
                                                    language=self.language or (brand_language(brand)
                                                                               if "language" in self.pattern.fields
                                                                               else ""))
                    output, message = check_output(formatted)
                    if message:
                        yield BadJob(display_path(topic), (Problem(display_path(topic), 0, 0, "",
                                                                   f"--pattern gives {message}"),))
                        continue
                    yield Job(output, str(topic), brand, audience, self.language)  # type: ignore[arg-type]
