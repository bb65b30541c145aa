"""A practice adding a language the tool has no words for yet (Portuguese, say): what it meets.

A workspace set to such a locale, content translated into it, a brand made for it: each
place says plainly what the tool cannot do in that language, rather than printing a mixed
document or refusing for a reason the user did not give.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run


def _workspace_locale(root: Path, tag: str) -> None:
    config = root / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'\nlocale = "{tag}"\n', encoding="utf-8")


def test_a_workspace_locale_in_another_language_still_prints_the_english_clinician_brief(clinic: Path) -> None:
    """The brief is English for every locale; the workspace's locale gives it the region (A4 in Brazil).
    It used to be refused as if the user had typed --lang."""
    _workspace_locale(clinic, "pt-BR")
    result = run("render", "leaky-gut", "--audience", "clinician", "-o", clinic / "brief.html")
    assert_clean_exit(result, 0)
    html = (clinic / "brief.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "size: a4" in html


def test_a_clinician_brief_asked_for_in_another_language_is_still_refused(clinic: Path) -> None:
    result = run("render", "leaky-gut", "--audience", "clinician", "--lang", "es", "-o", clinic / "brief.html")
    assert_clean_exit(result, 2)
    assert "English only" in result.output and not (clinic / "brief.html").exists()


def _spanish_as(path: Path, language: str) -> None:
    """The sample's Spanish texts and record under another language's key: content complete in it."""
    import re

    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(\s*)es:", rf"\1{language}:", text), encoding="utf-8")


def test_content_complete_in_a_language_without_the_tools_words_is_refused_for_that_reason_alone(clinic: Path) -> None:
    _spanish_as(clinic / "data" / "topics" / "leaky-gut.yaml", "pt")
    _workspace_locale(clinic, "pt-BR")
    result = run("render", "leaky-gut", "--audience", "patient", "-o", clinic / "pt.pdf")
    assert_clean_exit(result, 2)
    assert "cannot print in 'pt': handouts has no translation of its own words into it yet" in result.output
    assert "no 'pt' text" not in result.output  # the content is all there: it is not what is missing
    assert "locales/pt/LC_MESSAGES/handouts.po: no 'pt' catalogue" in result.output
    assert "'Adding a language' in the README" in result.output
    assert "--lang en keeps the region's dates, paper and emergency number" in result.output
    assert not (clinic / "pt.pdf").exists()


def test_the_readme_has_the_section_the_refusal_points_to() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "\n### Adding a language\n" in readme


def test_validate_and_lint_say_a_translation_cannot_print_in_a_language_without_the_tools_words(clinic: Path) -> None:
    _spanish_as(clinic / "data" / "topics" / "leaky-gut.yaml", "pt")
    _spanish_as(clinic / "data" / "diets" / "trigger-foods.yaml", "pt")
    checked = run("validate", "data/topics/leaky-gut.yaml", "data/diets/trigger-foods.yaml",
                  "data/diets/low-fodmap.yaml")
    assert_clean_exit(checked, 0)  # it loads, and prints in every other language
    said = [line for line in checked.output.splitlines() if "cannot print yet" in line]
    assert len(said) == 2, checked.output  # once per file with 'pt', on its translations.pt record
    assert all("translations.pt: the 'pt' translation cannot print yet" in line for line in said)
    assert said[0].startswith("data/topics/leaky-gut.yaml:") and said[1].startswith("data/diets/trigger-foods.yaml:")
    linted = run("lint", "data/topics/leaky-gut.yaml")
    assert "translation-no-catalogue [warning]: the 'pt' translation cannot print yet" in linted.output


def test_a_language_the_tool_prints_in_gets_no_such_warning(clinic: Path) -> None:
    checked = run("validate", "data/topics/leaky-gut.yaml", "data/diets/trigger-foods.yaml",
                  "data/foods/catalogue.yaml")  # Spanish throughout: the tool has its words in Spanish
    assert_clean_exit(checked, 0)
    assert "cannot print yet" not in checked.output


def test_approving_a_translation_the_tool_cannot_print_says_so(clinic: Path) -> None:
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    _spanish_as(topic, "pt")
    result = run("approve", "leaky-gut", "--lang", "pt", "--reviewer", "Dra. Ana Souza")
    assert_clean_exit(result, 0)  # the review is real and recorded: the catalogue is another matter
    assert "approved the 'pt' translation" in result.output
    said = [line for line in result.output.splitlines() if "cannot print yet" in line]
    # at the file first, as validate says it: 'data/topics/leaky-gut.yaml:57:3: warning: translations.pt: ...'
    assert len(said) == 1 and re.match(r"\S*leaky-gut\.yaml:\d+:\d+: warning: translations\.pt: the 'pt' "
                                       r"translation cannot print yet", said[0]), said
    assert "reviewer: Dra. Ana Souza" in topic.read_text(encoding="utf-8")


def test_a_handout_in_a_language_with_no_reading_formula_says_it_was_not_measured() -> None:
    """Not silent and never the English grade of Portuguese words; a maximum grade for it is refused."""
    from datetime import date

    from handouts import assemble
    from handouts.context import Context
    from handouts.errors import UsageError
    from handouts.loading import load_topic
    from samples import SAMPLE_TOPIC

    topic = load_topic(SAMPLE_TOPIC, Context.default(today=date(2025, 7, 14)))
    level = assemble.reading_level(topic, "pt", None)
    assert level is not None and level.refusal is None
    assert level.line.startswith("reading level: not measured for 'pt' (formulas for en, es only)")
    assert "grade" not in level.line
    with pytest.raises(UsageError, match="no reading formula for 'pt'"):
        assemble.reading_level(topic, "pt", 8)


# --- a contributor's catalogue, not finished yet ----------------------------------------------------

PORTUGUESE_START = '''msgid ""
msgstr ""
"Language: pt\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "When to get help"
msgstr "Quando procurar ajuda"

msgid "The main thing to know"
msgstr "O mais importante"
'''


def _clear_catalogue_caches() -> None:
    from handouts import i18n

    i18n.translations.cache_clear()
    i18n.untranslated.cache_clear()


@pytest.fixture
def unfinished_portuguese(tmp_path: Path, monkeypatch):
    """The shipped catalogues and a Portuguese one with two words, as a contributor starts it."""
    import shutil

    from handouts import i18n

    folder = tmp_path / "locales"
    shutil.copytree(i18n.LOCALE_DIR, folder, ignore=shutil.ignore_patterns("*.mo"))
    po = i18n.catalogue_path("pt", locale_dir=folder)
    po.parent.mkdir(parents=True)
    po.write_text(PORTUGUESE_START, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    _clear_catalogue_caches()
    yield folder
    _clear_catalogue_caches()


def test_an_unfinished_catalogue_is_known_to_lack_words(unfinished_portuguese) -> None:
    from handouts import i18n

    assert i18n.has_language("pt")
    missing = i18n.untranslated("pt")
    assert "When to get help" not in missing and "The main thing to know" not in missing
    assert "DRAFT TRANSLATION" in missing and "Page %(page)s of %(pages)s" in missing
    assert i18n.untranslated("es") == () and i18n.untranslated("en") == ()


def test_printing_with_an_unfinished_catalogue_warns_which_words_stay_english(clinic, unfinished_portuguese) -> None:
    """It printed a Portuguese handout with English headings and said nothing."""
    from handouts import i18n

    _spanish_as(clinic / "data" / "topics" / "leaky-gut.yaml", "pt")
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "pt-BR", "--format", "html",
                 "-o", clinic / "pt.html")
    assert_clean_exit(result, 0)
    count = len(i18n.untranslated("pt"))
    assert f"the 'pt' catalogue of the tool's own words lacks {count} of {count + 2}, which print in English" \
        in result.stderr
    said = next(line for line in result.stderr.splitlines() if "catalogue of the tool's own words" in line)
    assert "%(" not in said.partition("where they appear: ")[2]  # words a reader knows, not the web's sentences
    html = (clinic / "pt.html").read_text(encoding="utf-8")
    assert "Quando procurar ajuda" in html and "In an emergency, call 192." in html  # the English it warned of
    assert "reading level: not measured for 'pt'" in result.stderr


def test_the_footer_names_a_language_added_by_its_catalogue_alone_not_by_its_code() -> None:
    """'pt translation: draft, …' printed the code: only English and Spanish had names among the messages."""
    from handouts.locale import Locale
    from handouts.translations import TranslationState
    from handouts.views.frame import translation_line

    line = translation_line(TranslationState("pt", "draft", None, "d9f62b9b"), Locale("pt", "BR"))
    assert line is not None and line.startswith("português translation: draft")
    spanish = translation_line(TranslationState("es", "draft", None, "d9f62b9b"), Locale("es", "US"))
    assert spanish is not None and spanish.startswith("Traducción al español: borrador")


def test_validate_warns_of_a_brand_in_a_language_without_the_tools_words(clinic: Path) -> None:
    brands = clinic / "data" / "brands"
    riverside = (brands / "riverside.yaml").read_text(encoding="utf-8")
    assert riverside.count("\nlocale: en-US\n") == 1
    (brands / "sao-joao.yaml").write_text(riverside.replace("id: riverside", "id: sao-joao", 1)
                                          .replace("\nlocale: en-US\n", "\nlocale: pt-BR\n"), encoding="utf-8")
    (brands / "sol.yaml").write_text(riverside.replace("id: riverside", "id: sol", 1)
                                     .replace("\nlocale: en-US\n", "\nlocale: es-MX\n"), encoding="utf-8")
    checked = run("validate", "data/brands/sao-joao.yaml", "data/brands/sol.yaml")
    assert_clean_exit(checked, 0)
    said = [line for line in checked.output.splitlines() if "words of its own yet" in line]
    assert len(said) == 1 and said[0].startswith("data/brands/sao-joao.yaml:")
    assert ("warning: locale: handouts has no Portuguese ('pt') words of its own yet" in said[0]
            and "e.g. --lang en for English with BR dates and paper" in said[0])


def test_the_topic_list_says_a_translation_cannot_print_yet(clinic: Path) -> None:
    import json

    _spanish_as(clinic / "data" / "topics" / "leaky-gut.yaml", "pt")
    listed = run("list", "topics", "--format", "json")
    assert_clean_exit(listed, 0)
    row = next(r for r in json.loads(listed.stdout)["rows"] if r["id"] == "leaky-gut")
    assert row["translations"] == "pt: draft (cannot print yet)"


def test_the_pages_name_a_language_added_by_its_catalogue_alone_in_itself(unfinished_portuguese) -> None:
    """The page-language links showed 'pt': the app's names were a table of its own (two in one place,
    fifteen in another), apart from the documents'. One source now names each, in itself on the pages."""
    from datetime import date

    from handouts.web import create_app

    page = create_app(today=lambda: date(2026, 1, 15)).test_client().get("/").text
    links = re.findall(r'<a href="/\?hl=(\w+)" lang="\w+" hreflang="\w+"[^>]*>([^<]+)</a>', page)
    assert links == [("en", "English"), ("es", "Español"), ("pt", "Português")]


def test_each_language_is_named_in_itself_in_lists_and_as_its_readers_write_it_in_sentences() -> None:
    from handouts.language_names import name_in, own_name

    assert [own_name(c) for c in ("en", "es", "pt", "fr", "zh", "tl")] == [
        "English", "Español", "Português", "Français", "中文", "Filipino"]
    assert (name_in("es", "en"), name_in("es", "es"), name_in("en", "es-MX")) == ("Spanish", "español", "inglés")
    assert own_name("qqq") == "qqq" and name_in("qqq", "en") == "qqq"  # no name known: its code, never a guess
