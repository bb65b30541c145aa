"""Each language has its page target, declared in handouts/kinds.py: no warning silent, none spurious.

Issue #17 reproduction: the Spanish diet sheets printed on 4 pages against the
English 3-page target, and `--lang es --also en` (two whole documents in one
PDF) was judged against one language's target, so every bilingual print warned.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from handouts.kinds import DIARY_SHEET_BLANK, DOCUMENT_KINDS, SPANISH_RUNS_LONGER
from handouts.models import Personalisation
from cliutil import run

CTX = Context.default(date(2025, 8, 1))


def topic_view(language: str, also: tuple[str, ...] = ()):
    inputs = documents.topic_inputs("leaky-gut", "riverside", CTX)
    return documents.build_view("patient", inputs, Personalisation(language=language), CTX, also=also)


def diet_view(plan: str, language: str, also: tuple[str, ...] = ()):
    inputs = documents.in_language(documents.diet_inputs(plan, None, "default", CTX), language)
    return documents.build_view("diet-sheet", inputs, None, CTX.with_locale(language), also=also)


def test_the_spanish_targets_are_declared_with_the_kinds():
    handout, diet = DOCUMENT_KINDS["patient-handout"], DOCUMENT_KINDS["diet-sheet"]
    assert handout.page_target_for(languages=("en",)) == 2
    assert handout.page_target_for(languages=("es",)) == 2 + SPANISH_RUNS_LONGER
    assert handout.page_target_for(large_print=True, languages=("es",)) == 6 + SPANISH_RUNS_LONGER
    # the Spanish plan's 3 pages leave the back of the third blank before the diary's own sheet
    assert diet.page_target_for(languages=("es",)) == 3 + SPANISH_RUNS_LONGER + DIARY_SHEET_BLANK
    assert diet.page_target_for(languages=("fr",)) == 3  # a language with no target of its own: the layout's
    # each later part starts on a right-hand page: the Spanish 5 take 6, the diary's back left blank
    assert diet.page_target_for(languages=("es", "en")) == 3 + SPANISH_RUNS_LONGER + DIARY_SHEET_BLANK + 1 + 3
    assert diet.page_target_for(languages=("en", "es")) == 3 + 1 + 3 + SPANISH_RUNS_LONGER + DIARY_SHEET_BLANK
    assert handout.page_target_for(languages=("es", "en")) == 2 + SPANISH_RUNS_LONGER + 1 + 2
    assert handout.page_target_for(languages=("en", "es")) == 2 + 2 + SPANISH_RUNS_LONGER
    assert DOCUMENT_KINDS["clinician-brief"].page_target_for(languages=("es",)) == 4


@pytest.mark.parametrize("plan", ["low-fodmap", "trigger-foods"])
def test_spanish_diet_sheets_fit_their_target_exactly_and_english_its_own(plan):
    spanish, english = documents.page_count(diet_view(plan, "es")), documents.page_count(diet_view(plan, "en"))
    assert (english, spanish) == (3, 3 + SPANISH_RUNS_LONGER + DIARY_SHEET_BLANK)
    assert documents.page_count_warning("diet-sheet", spanish, languages=("es",)) is None
    assert documents.page_count_warning("diet-sheet", spanish + 1, languages=("es",)) is not None
    assert documents.page_count_warning("diet-sheet", spanish, languages=("en",)) is not None  # never for English


def test_a_bilingual_document_is_judged_by_the_sum_of_its_parts():
    view = topic_view("es", also=("en",))
    assert documents.view_languages(view) == ("es", "en")
    pages = documents.page_count(view)
    spanish = documents.page_count(topic_view("es"))
    assert spanish % 2  # 3 pages: the 4th is left blank, so that the English starts on a right-hand page
    assert pages == spanish + 1 + documents.page_count(topic_view("en"))
    assert documents.page_count_warning("patient-handout", pages, languages=("es", "en")) is None
    too_long = documents.page_count_warning("patient-handout", pages + 1, languages=("es", "en"))
    assert too_long and f"over its {pages}-page target" in too_long


def test_the_command_line_warns_only_past_the_languages_target(tmp_path):
    spanish = run("diet", "low-fodmap", "--lang", "es", "-o", tmp_path / "es.pdf")
    assert spanish.exit_code == 0 and "over its" not in spanish.output, spanish.output
    both = run("render", "leaky-gut", "--audience", "patient", "--lang", "es", "--also", "en",
               "-o", tmp_path / "both.pdf")
    assert both.exit_code == 0 and "over its" not in both.output, both.output
