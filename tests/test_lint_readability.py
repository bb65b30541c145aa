"""Reading grade: syllables, sentences, the two formulas and the library entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.lint import Grade, patient_grade
from handouts.lint.jargon import find_jargon
from handouts.lint.readability import count, grade_texts, text_grade
from handouts.lint.syllables import syllables
from handouts.lint.texts import sentences, topic_patient_texts, words
from handouts.lint.wordlists import jargon_terms, known_long_words, lint_data_dir, parse_jargon
from handouts.loading import content_files, load_topic
from handouts.context import Context

CTX = Context.default()

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lint" / "good-topic.yaml"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("the", 1), ("water", 2), ("lentils", 2), ("fibre", 2), ("fiber", 2), ("idea", 3), ("diet", 2),
        ("medicine", 3), ("everyday", 3), ("probiotic", 4), ("inflammation", 4), ("supplement", 3),
        ("diagnosis", 4), ("constipated", 4), ("gastrointestinal", 6), ("usually", 4), ("calcium", 3),
        ("table", 2), ("makes", 1), ("changes", 2), ("used", 1), ("needed", 2), ("worried", 2),
        ("studies", 2), ("likely", 2), ("management", 3), ("taking", 2), ("yoghurt", 2), ("serious", 3),
        ("patient", 2), ("experience", 4), ("stomach-ache", 3), ("don't", 1), ("2025", 1), ("—", 0),
    ],
)
def test_syllables(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Eat well. Ask your care team, e.g. a nurse. \"Rest.\" 2 cups a day!\n\nCall us"
    spans = sentences(text)
    assert [s.text for s in spans] == [
        "Eat well.", "Ask your care team, e.g. a nurse.", "\"Rest.\"", "2 cups a day!", "Call us"
    ]
    assert all(text[s.start:].startswith(s.text) for s in spans)
    # a line break left in a text (literal block) is a deliberate line: it ends a sentence
    assert [s.text for s in sentences("Chest pain\nBlack stool")] == ["Chest pain", "Black stool"]


def test_words_keep_hyphens_and_apostrophes() -> None:
    assert [w.text for w in words("Don't skip fibre-rich foods (2 a day).")] == [
        "Don't", "skip", "fibre-rich", "foods", "2", "a", "day"
    ]


def test_flesch_kincaid_and_smog_by_hand() -> None:
    # 2 sentences, 6 words, 6 syllables, no polysyllables
    assert text_grade("The cat sat. The dog ran.") == Grade(
        round(0.39 * 3 + 11.8 * 1 - 15.59, 1), round(3.1291, 1)
    )
    # 1 sentence, 3 words, 8 syllables (3 + 1 + 4), 2 polysyllables
    c = count("Medicine helps everybody.")
    assert (c.sentences, c.words, c.syllables, c.polysyllables) == (1, 3, 8, 2)
    assert text_grade("Medicine helps everybody.") == Grade(17.0, 11.2)
    assert text_grade("") == Grade(0.0, 0.0)


def test_each_text_ends_its_own_sentence_in_a_document() -> None:
    """Bullet items without a full stop must not run together into one long sentence."""
    assert count("Chest pain") + count("Black stool") == count("Chest pain. Black stool.")
    assert grade_texts(["Chest pain", "Black stool"]) == text_grade("Chest pain. Black stool.")


def test_patient_grade_is_the_grade_of_exactly_the_patient_texts() -> None:
    topic = load_topic(FIXTURE, CTX)
    texts = [t.text for t in topic_patient_texts(topic)]
    assert "Ondansetron for persistent vomiting." not in texts  # clinician-only item
    assert texts[0].startswith("This is a short illness.")
    assert texts[-1] == "This sheet does not replace advice from your care team."
    grade = patient_grade(topic)
    assert grade == grade_texts(texts)
    assert 0 < grade.flesch_kincaid <= 8


def test_patient_grade_is_english_only() -> None:
    with pytest.raises(ValueError, match="English only"):
        patient_grade(load_topic(FIXTURE, CTX), lang="es")


def test_lint_does_not_depend_on_textstat_or_weasyprint_at_import() -> None:
    import subprocess
    import sys

    code = (
        "import sys, handouts.lint.runner, handouts.lint.report, handouts.cli.lint_cmd;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'textstat', 'nltk')"
        " or m.startswith('handouts.render')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- word lists


def test_jargon_list_is_curated_with_plain_alternatives() -> None:
    terms = {t.term.lower(): t for t in jargon_terms()}
    assert len(terms) >= 40
    expected = {
        "intestinal permeability": "leaky gut", "gastrointestinal": "stomach and bowel",
        "antispasmodic": "medicine for cramps", "abdominal": "belly", "chronic": "long-lasting",
        "inflammation": "swelling or irritation",
    }
    for term, plain in expected.items():
        assert terms[term].suggestion == plain
    assert terms["supplementation"].suggestion.startswith("taking extra")
    for common in ("symptoms", "probiotic", "diarrhoea", "medicine"):
        assert common not in terms


def test_jargon_matching_longest_first_plurals_and_case() -> None:
    terms = jargon_terms()
    hits = find_jargon("Chronic inflammations change intestinal permeability.", terms)
    assert [(h.found, h.term.term) for h in hits] == [
        ("Chronic", "chronic"), ("inflammations", "inflammation"),
        ("intestinal permeability", "intestinal permeability"),
    ]
    assert find_jargon("Leaky gut (intestinal permeability) is an idea.", terms) == []
    assert find_jargon("Antispasmodics help cramps.", terms) == []  # explained by 'cramps'


def test_parse_jargon_rejects_a_term_without_a_plain_word() -> None:
    assert parse_jargon('[terms]\nfoo = "bar"\n')[0].plain == ("bar",)
    with pytest.raises(ValueError, match="plain alternative"):
        parse_jargon('[terms]\nfoo = []\n')


def test_known_long_words_include_everyday_words() -> None:
    known = known_long_words()
    assert {"medicine", "everyday"} <= known
    assert all(w == w.lower() and " " not in w for w in known)


def test_word_lists_are_not_content_files() -> None:
    """`handouts validate data/` and `lint data/` read every YAML file under data/."""
    assert list(content_files([lint_data_dir()])) == []
