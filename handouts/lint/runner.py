"""Lint files: validate, then run the plain-language and kind-specific checks.

Invalid content is reported with its located validation messages and not
linted further: the checks assume content the models accept. Validation's
warnings (e.g. an error-prone abbreviation in a draft) are reported under
their rule's name: a check written once as a validation rule is not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from handouts import dates
from handouts.errors import ContentError, Problem, display_path
from handouts.lint.findings import Finding, Issue, Severity
from handouts.lint.locate import place
from handouts.lint.plain import check_patient_texts
from handouts.lint import spanish
from handouts.lint.readability import (
    DEFAULT_TARGET, Grade, check_document, check_spanish_document, check_unmeasured_languages, document_grade,
)
from handouts.lint.registry import LintContext
from handouts.lint.wordlists import JargonTerm, jargon_terms, known_long_words
from handouts.context import Context, context_for
from handouts.kinds import ContentKind
from handouts.loading import RefusedAs, check as check_content, is_support_data, read_detected, walk


@dataclass(frozen=True)
class Options:
    today: date = field(default_factory=dates.today)
    max_grade: int | None = None  # overrides each file's own target
    terms: tuple[JargonTerm, ...] | None = None  # None: the shipped data/lint/jargon.toml
    known_words: frozenset[str] | None = None  # None: the shipped data/lint/known-long-words.txt


@dataclass(frozen=True)
class FileReport:
    path: str
    kind: str | None
    grade: Grade | None  # None when the file has no English patient text or is invalid
    target: int | None
    findings: tuple[Finding, ...]
    spanish: spanish.SpanishEase | None = None  # None when the file has no Spanish patient text

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def _invalid(problem: Problem) -> Finding:
    rule = problem.rule or ("invalid" if problem.severity == "error" else "validation")
    return Finding(problem.path, problem.line, problem.col, rule, problem.severity, problem.message, problem.field)


def lint_file(path: Path, options: Options | None = None, ctx: Context | None = None) -> FileReport:
    options = options or Options()
    ctx = ctx or context_for([path], options.today)
    kind: ContentKind | None = None
    try:
        source, kind = read_detected(path)  # parsed once: validation and the checks share it
        checked = check_content(source, kind, ctx.for_file(path))
    except ContentError as exc:
        kind = exc.kind if isinstance(exc, RefusedAs) else kind  # the kind it was refused as
        shown = exc.problems[0].path if exc.problems else display_path(path)
        return FileReport(shown, kind.name if kind else None, None, None, tuple(_invalid(p) for p in exc.problems))
    content = checked.model
    warnings = tuple(_invalid(p) for p in checked.warnings)
    spec = kind.lint
    if spec is None:
        return FileReport(source.path, kind.name, None, None, warnings)
    target = options.max_grade or spec.grade_target(content) or DEFAULT_TARGET
    texts = list(spec.patient_texts(content))
    terms = jargon_terms() if options.terms is None else options.terms
    known = known_long_words() if options.known_words is None else options.known_words
    issues: list[Issue] = []
    grade: Grade | None = None
    if any(t.lang == "en" for t in texts):
        grade = document_grade(texts)
        issues.extend(check_document(grade, target))
    ease: spanish.SpanishEase | None = None
    if any(t.lang == "es" for t in texts):
        ease = spanish.ease(t.text for t in texts if t.lang == "es")
        issues.extend(check_spanish_document(ease, target))
    issues.extend(check_unmeasured_languages(texts))
    issues.extend(check_patient_texts(texts, target, terms, known))
    context = LintContext(content, options.today, target, ctx.for_file(path))
    for check in spec.checks:
        issues.extend(check(context))
    lines = path.read_text(encoding="utf-8").splitlines()
    findings = sorted({*warnings, *(place(issue, source, lines) for issue in issues)}, key=_order)
    return FileReport(source.path, kind.name, grade, target if texts else None, tuple(findings), ease)


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line, finding.col, finding.rule, finding.message)


def lint_paths(paths: Iterable[Path], options: Options | None = None, ctx: Context | None = None) -> list[FileReport]:
    """Lint YAML files named directly or found under folders, in a stable order.

    As `handouts validate` does, a folder walk skips the tool's own lists
    (data/import/, data/lint/); a file named on the command line is always linted.
    Without a context, the files' own data folders come before the shipped data.
    """
    paths = list(paths)
    options = options or Options()
    ctx = ctx or context_for(paths, options.today)
    return [lint_file(path, options, ctx) for path, named in walk(paths) if named or not is_support_data(path)]


__all__ = ["FileReport", "Options", "lint_file", "lint_paths"]
