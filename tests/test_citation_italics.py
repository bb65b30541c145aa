"""AMA 11th ed. sets in italics the titles of whole publications: journals, books, reports
(a monograph such as a guideline), the book a chapter is in, a preprint's server. A web page's
title and its site's name stay roman. The CSL style says which for each type; these tests hold
the entries to it, and hold the escaping: no record's text can open or close italics."""

from __future__ import annotations

from typing import Any

import pytest

from handouts.context import Context
from handouts.documents import topic_inputs
from handouts.models import Reference
from handouts.views.citations import format_references


def _entry(**fields: Any) -> str:
    record = {"id": "ref", "kind": "other", "author": [{"family": "Sacks", "given": "Oliver"}],
              "issued": {"date-parts": [[2012]]}, **fields}
    (entry,) = format_references([Reference.model_validate(record)])
    return str(entry.text)


def test_a_book_title_is_in_italics():
    text = _entry(type="book", title="Hallucinations", publisher="Knopf")
    assert text.startswith("Sacks O. <i>Hallucinations</i>. Knopf; 2012.")


def test_a_report_title_is_in_italics_in_title_case():
    text = _entry(type="report", title="Irritable bowel syndrome in adults", publisher="NICE")
    assert "<i>Irritable Bowel Syndrome in Adults</i>. NICE; 2012." in text


def test_a_chapter_is_roman_and_the_book_it_is_in_italic():
    text = _entry(type="chapter", title="A chapter", **{"container-title": "The big book"},
                  publisher="Knopf", page="1-9")
    assert "Sacks O. A chapter. In: <i>The Big Book</i>. Knopf; 2012:1-9." in text


def test_a_journal_article_italicises_the_journal_only():
    text = _entry(type="article-journal", title="An article", volume="3", page="1-2",
                  **{"container-title": "American Journal of Gastroenterology",
                     "container-title-short": "Am J Gastroenterol"})
    assert "Sacks O. An article. <i>Am J Gastroenterol</i>. 2012;3:1-2." in text
    assert text.count("<i>") == 1


def test_a_web_page_and_its_site_stay_roman():
    text = _entry(type="webpage", title="Leaky gut syndrome", URL="https://example.org/leaky-gut",
                  **{"container-title": "Health Library"})
    assert "Leaky gut syndrome. Health Library." in text
    assert "<i>" not in text


def test_a_title_ending_in_a_period_or_question_takes_no_second_one_after_the_italics():
    assert "<i>Hallucinations.</i> Knopf" in _entry(type="book", title="Hallucinations.", publisher="Knopf")
    assert "<i>Is It Real?</i> Knopf" in _entry(type="book", title="Is it real?", publisher="Knopf")


@pytest.mark.parametrize("title", ["Hidden \ue001<script>x</script>\ue000 text", "A <i>bold</i> claim"])
def test_no_record_text_becomes_markup(title):
    text = _entry(type="book", title=title, publisher="Knopf <b>")
    assert "<script>" not in text and "<b>" not in text
    assert text.count("<i>") == 1 and text.count("</i>") == 1
    assert "&lt;b&gt;" in text


def test_the_shipped_nice_guideline_prints_its_title_in_italics():
    inputs = topic_inputs("leaky-gut", "riverside", Context.default())
    (entry,) = format_references([inputs.topic.reference("nice2008cg61")])
    assert "<i>Irritable Bowel Syndrome in Adults: Diagnosis and Management (CG61)</i>. NICE; 2008." in str(entry.text)
