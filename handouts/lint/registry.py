"""Which kinds of content `handouts lint` knows, and how to find their patient texts.

A kind (named as in handouts.loading.KINDS) registers a function that yields its
patient-visible texts, its own checks, and where its reading-grade target lives.
The plain-language checks then run on it unchanged. To add diet plans, add one
line at the end of this module:

    register(LintKind("diet", diet_patient_texts, checks=(...,), grade_target=...))

where diet_patient_texts(plan) yields PatientText(loc, lang, text), loc being the
path to the text in the YAML (so findings get their line numbers).

Kinds that are not registered (brands, personalisations) are only validated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from handouts.lint.evidence import check_topic_evidence
from handouts.lint.findings import Issue
from handouts.lint.readiness import check_patient_text, check_review
from handouts.lint.texts import PatientText, topic_patient_texts
from handouts.models import Topic


@dataclass(frozen=True)
class Context:
    """What a kind's own checks get: the validated content and the run's settings."""

    content: Any
    today: date
    target: int


Check = Callable[[Context], Iterable[Issue]]


def _no_target(content: Any) -> int | None:
    return None


@dataclass(frozen=True)
class LintKind:
    name: str
    patient_texts: Callable[[Any], Iterable[PatientText]]
    checks: tuple[Check, ...] = ()
    grade_target: Callable[[Any], int | None] = _no_target


LINT_KINDS: dict[str, LintKind] = {}


def register(kind: LintKind) -> None:
    LINT_KINDS[kind.name] = kind


def _topic_evidence(ctx: Context) -> Iterable[Issue]:
    return check_topic_evidence(ctx.content)


def _topic_review(ctx: Context) -> Iterable[Issue]:
    return check_review(ctx.content, ctx.today)


def _topic_patient_text(ctx: Context) -> Iterable[Issue]:
    return check_patient_text(ctx.content)


def _topic_target(topic: Topic) -> int | None:
    return topic.reading_grade_target


register(LintKind(
    "topic", topic_patient_texts, (_topic_evidence, _topic_review, _topic_patient_text), _topic_target,
))
