"""What `handouts lint` checks in a kind of content, and how to find its patient texts.

A LintKind names a function that yields the kind's patient-visible texts, its
own checks, and where its reading-grade target lives; the plain-language checks
then run on it unchanged. A content kind in handouts.kinds carries one (or
None: brands and personalisations are only validated). To lint diet plans,
write diet_patient_texts(plan) yielding PatientText(loc, lang, text), loc being
the path to the text in the YAML (so findings get line numbers), and give the
diet-plan kind `lint=LintKind(diet_patient_texts, ...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from handouts.lint.brief import check_brief
from handouts.lint.catalogue_review import check_catalogue_review
from handouts.lint.evidence import check_topic_evidence
from handouts.lint.findings import Issue
from handouts.lint.foods import check_food_facts
from handouts.lint.coding import check_codes
from handouts.lint.readiness import check_patient_text, check_review
from handouts.lint.spelling import check_spelling
from handouts.lint.texts import PatientText, localized, topic_patient_texts
from handouts.lint.translation_checks import check_translations
from handouts.models import Topic
from handouts.translations import localized_texts
from handouts.validation import RuleContext


@dataclass(frozen=True)
class LintContext:
    """What a kind's own checks get: the validated content and the run's settings."""

    content: Any
    today: date
    target: int
    rules: RuleContext | None = None  # the data folders in use, for content checked against others


Check = Callable[[LintContext], Iterable[Issue]]


def _no_target(content: Any) -> int | None:
    return None


@dataclass(frozen=True)
class LintKind:
    patient_texts: Callable[[Any], Iterable[PatientText]]
    checks: tuple[Check, ...] = ()
    grade_target: Callable[[Any], int | None] = _no_target


def _topic_evidence(ctx: LintContext) -> Iterable[Issue]:
    return check_topic_evidence(ctx.content)


def _topic_brief(ctx: LintContext) -> Iterable[Issue]:
    return check_brief(ctx.content)


def _topic_review(ctx: LintContext) -> Iterable[Issue]:
    return check_review(ctx.content, ctx.today)


def _topic_patient_text(ctx: LintContext) -> Iterable[Issue]:
    return check_patient_text(ctx.content)


def _topic_target(topic: Topic) -> int | None:
    return topic.reading_grade_target


def _topic_codes(ctx: LintContext) -> Iterable[Issue]:
    return check_codes(ctx.content)


def _translations(ctx: LintContext) -> Iterable[Issue]:
    return check_translations(ctx.content)


def _spelling(ctx: LintContext) -> Iterable[Issue]:
    return check_spelling(ctx.content)


def all_localized_texts(content: Any) -> Iterable[PatientText]:
    """Every localized text of a diet plan: all of them print on the sheet."""
    for loc, text in localized_texts(content):
        yield from localized(loc, text)


def _food_facts(ctx: LintContext) -> Iterable[Issue]:
    return check_food_facts(ctx.content, ctx.rules)


def _catalogue_review(ctx: LintContext) -> Iterable[Issue]:
    return check_catalogue_review(ctx.content)


def _plan_review(ctx: LintContext) -> Iterable[Issue]:
    return check_review(ctx.content, ctx.today, "diet plan")


def _catalogue_review_due(ctx: LintContext) -> Iterable[Issue]:
    return check_review(ctx.content, ctx.today, "food catalogue")


def _no_patient_texts(content: Any) -> Iterable[PatientText]:
    return ()


TOPIC_LINT = LintKind(
    topic_patient_texts,
    (_topic_evidence, _topic_brief, _topic_review, _topic_patient_text, _topic_codes, _translations, _spelling),
    _topic_target,
)
DIET_PLAN_LINT = LintKind(all_localized_texts, (_plan_review, _translations, _spelling))
"""A plan's texts get the plain-language checks too, in every language, and its translations; its review
dates the same warnings as a topic's."""
FOOD_LINT = LintKind(_no_patient_texts, (_food_facts, _catalogue_review, _catalogue_review_due, _translations,
                                         _spelling))
"""A food catalogue: no patient prose to grade; every unverified food fact is listed, one never approved
is named, its review dates are checked as a topic's, and its names' translations and spelling are checked."""
