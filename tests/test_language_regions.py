"""A practice serving several languages and regions: texts keyed by a region, dates for English
outside the US, Spanish for US patients.

Texts are keyed by language alone ('es:'); the locale's region decides dates, paper and the
emergency number. A regional key ('es-MX:', 'pt-BR:') used to load and then never print: the
document looked for 'es' and printed the English, or refused it as missing.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cliutil import assert_clean_exit, run
from handouts.locale import parse


def _spanish_keyed_as(path: Path, key: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(\s*)es:", rf"\1{key}:", text), encoding="utf-8")


def test_a_text_keyed_by_a_region_is_refused_where_it_is_with_the_key_to_write(clinic: Path) -> None:
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    _spanish_keyed_as(topic, "es-MX")
    result = run("validate", "data/topics/leaky-gut.yaml")
    assert_clean_exit(result, 1)
    lines = result.output.splitlines()
    title = next(line for line in lines if ": patient_title.es-MX: " in line)
    assert re.match(r"data/topics/leaky-gut\.yaml:\d+:\d+: ", title), title
    assert "key texts by their language alone, 'es:'" in title and "(--lang es-MX" in title
    assert any(": translations.es-MX: " in line for line in lines)  # the record too: it would match nothing


def test_a_regionally_keyed_text_no_longer_prints_english_in_its_place(clinic: Path) -> None:
    _spanish_keyed_as(clinic / "data" / "topics" / "leaky-gut.yaml", "es-US")
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "es-US", "--brand", "riverside",
                 "-o", clinic / "es.pdf")
    assert result.exit_code != 0
    assert "key texts by their language alone, 'es:'" in result.output
    assert not (clinic / "es.pdf").exists()


def test_a_brand_word_keyed_by_a_region_is_refused_too(clinic: Path) -> None:
    brand = clinic / "data" / "brands" / "riverside.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("\n  es: Riverside Family Practice ·",
                                                               "\n  es-US: Riverside Family Practice ·"),
                     encoding="utf-8")
    result = run("validate", "data/brands/riverside.yaml")
    assert_clean_exit(result, 1)
    assert re.search(r"data/brands/riverside\.yaml:\d+:\d+: footer\.es-US: 'es-US': key texts by their "
                     r"language alone, 'es:'", result.output), result.output


def test_approving_a_regional_translation_names_the_language_to_approve(clinic: Path) -> None:
    result = run("approve", "data/topics/leaky-gut.yaml", "--lang", "es-MX", "--reviewer", "Dr Ada Lane")
    assert_clean_exit(result, 2)
    assert "--lang es (one 'es' translation serves every region)" in result.output


# -- dates for English outside the US ----------------------------------------------------

MARCH_4 = date(2026, 3, 4)


@pytest.mark.parametrize(("tag", "expected"), [
    ("en-US", "March 4, 2026"), ("en-GB", "4 March 2026"), ("es-US", "4 de marzo de 2026"),
    ("es-MX", "4 de marzo de 2026"), ("es-ES", "4 de marzo de 2026"), ("pt-BR", "4 de março de 2026"),
    ("en-BR", "4 March 2026"), ("en-MX", "4 March 2026"),  # no English of CLDR's own there: the world's
])
def test_every_listed_locale_writes_its_dates_as_its_readers_do(tag: str, expected: str) -> None:
    assert parse(tag).long_date(MARCH_4) == expected


def test_english_in_a_region_without_its_own_data_puts_the_day_first_in_every_form() -> None:
    brazil = parse("en-BR")
    assert brazil.weekday_date(MARCH_4) == "Wed, 4 Mar 2026"
    assert brazil.short_date(MARCH_4) == "Wed 4 Mar"
    assert brazil.day_month(MARCH_4) == "4 Mar"
    assert brazil.day_range(MARCH_4, date(2026, 3, 6)) == "4 – 6 Mar"


def test_a_brand_in_english_for_brazil_prints_day_first_dates(clinic: Path) -> None:
    brands = clinic / "data" / "brands"
    (brands / "brasil.yaml").write_text(
        "id: brasil\nname: Clínica Exemplo\nlocale: en-BR\ncolors: {primary: '#1f4e79', accent: '#4a5a68'}\n",
        encoding="utf-8")
    result = run("render", "leaky-gut", "--audience", "patient", "--brand", "brasil", "--date", "2026-03-04",
                 "-o", clinic / "br.html")
    assert_clean_exit(result, 0)
    html = (clinic / "br.html").read_text(encoding="utf-8")
    assert "4 March 2026" in html and "March 4, 2026" not in html
    assert re.search(r"updated \d{1,2} [A-Z][a-z]+ \d{4}", html), "the footer's dates, day first"


# -- a computer with no time-zone database (Windows without tzdata) ------------------------


@pytest.fixture
def no_zone_database():
    """zoneinfo as on Windows without the tzdata package: no folder of zones to read, none cached."""
    import importlib.util
    import zoneinfo

    if importlib.util.find_spec("tzdata") is not None:
        pytest.skip("the tzdata package is installed here: zoneinfo would read its zones")
    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    try:
        yield
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()


def test_a_timezone_on_a_computer_without_the_zone_database_is_refused_with_the_package_to_install(
        clinic: Path, no_zone_database) -> None:
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# timezone = "America/Los_Angeles"',
                                                                 'timezone = "America/Sao_Paulo"'),
                      encoding="utf-8")
    result = run("render", "leaky-gut", "--audience", "patient", "-o", clinic / "a.pdf")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert re.search(r"handouts\.toml:\d+:\d+: timezone: no time zone 'America/Sao_Paulo': this computer has no "
                     r"time-zone database; install the tzdata package", result.output), result.output
    assert not (clinic / "a.pdf").exists()


def test_windows_installs_get_the_zone_database_as_a_dependency() -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [d for d in project["project"]["dependencies"] if d.startswith("tzdata")]
    assert len(wanted) == 1 and wanted[0].replace('"', "'").endswith("; sys_platform == 'win32'")


@pytest.mark.parametrize(("tag", "call"), [
    ("es-PR", "En una emergencia, llame al 911."), ("en-PR", "In an emergency, call 911."),
])
def test_a_puerto_rico_handout_says_911(clinic: Path, tag: str, call: str) -> None:
    """Puerto Rico was not among the regions whose number the tool states: its handouts said 'your local
    emergency number'. 911 is its number (handouts/locale.py cites Puerto Rico's 9-1-1 law)."""
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", tag, "-o", clinic / "pr.html")
    assert_clean_exit(result, 0)
    html = re.sub(r"\s+", " ", (clinic / "pr.html").read_text(encoding="utf-8"))
    assert call in html and "local emergency number" not in html and "de su zona" not in html


# -- the web app's pages take the workspace's region for their dates -----------------------


@pytest.mark.parametrize(("home", "expected", "not_expected"), [
    ("en-GB", "updated 2 July 2025", "July 2, 2025"),
    (None, "updated July 2, 2025", "2 July 2025"),
])
def test_the_visit_pages_review_line_is_dated_as_the_workspace_region_writes_dates(home, expected, not_expected):
    from handouts.web import create_app

    client = create_app(today=lambda: date(2025, 9, 1), locale=home).test_client()
    page = re.sub(r"\s+", " ", client.get("/topics/leaky-gut").text)
    assert expected in page and not_expected not in page


@pytest.mark.parametrize(("home", "tick"), [
    ("en-GB", "Tick the ones you like"), ("en-IE", "Tick the ones you like"), ("en-US", "Check the ones you like"),
    (None, "Check the ones you like"),
])
def test_the_pages_own_words_are_the_workspace_regions_as_its_documents_are(home, tick):
    """A UK clinic's pages read the en_GB catalogue over the English one, as its handouts do: they said
    the US's 'Check' where the handout printed 'Tick'. A Spanish page in the UK still reads Spanish."""
    from handouts.web import create_app
    from handouts.web import words as page_words

    app = create_app(today=lambda: date(2025, 9, 1), locale=home)
    with app.test_request_context("/topics/leaky-gut", headers={"Accept-Language": "en"}):
        assert page_words.gettext("Check the ones you like") == tick
    with app.test_request_context("/topics/leaky-gut", headers={"Accept-Language": "es"}):
        assert page_words.gettext("Check the ones you like") != tick


# -- English where the UK's spelling is the norm reads the UK's words -----------------------


@pytest.mark.parametrize(("tag", "tick", "call"), [
    ("en-US", "Check the ones you like", "Call us at"), ("en-GB", "Tick the ones you like", "Call us on"),
    ("en-IE", "Tick the ones you like", "Call us on"), ("en-AU", "Tick the ones you like", "Call us on"),
    ("en-NZ", "Tick the ones you like", "Call us on"),
])
def test_english_words_follow_the_regions_spelling(tag: str, tick: str, call: str) -> None:
    from handouts.i18n import words

    said = words(parse(tag))
    assert said.gettext("Check the ones you like") == tick
    assert said.gettext("Call us at %(phone)s if:", phone="01 555 0100").startswith(call)


def test_an_irish_handout_says_tick_as_its_spelling_expects(clinic: Path) -> None:
    result = run("render", "leaky-gut", "--audience", "patient", "--lang", "en-IE", "--brand", "riverside",
                 "-o", clinic / "ie.html")
    assert_clean_exit(result, 0)
    html = (clinic / "ie.html").read_text(encoding="utf-8")
    assert "Tick the ones you will try." in html and "Check the ones you will try." not in html
    assert "Call us on" in html and "112" in html


def test_a_regional_key_in_any_spelling_is_named_with_the_key_to_write() -> None:
    from handouts.validation import regional_key_problem

    assert regional_key_problem("pt_BR").startswith("'pt_BR': key texts by their language alone, 'pt:'")
    british = regional_key_problem("en-gb")
    assert "'en:'" in british and "--lang en-GB" in british and "`language: en-GB`" in british
    assert regional_key_problem("EN") == "'EN' is not a language code: write one like 'en', 'es' or 'pt'"


@pytest.mark.parametrize(("brand", "home", "tick", "expected", "not_expected"), [
    ("harbourside", None, "Tick the ones you like", "updated 2 July 2025", "July 2, 2025"),
    ("harbourside", "en", "Tick the ones you like", "updated 2 July 2025", "July 2, 2025"),
    ("harbourside", "en-US", "Check the ones you like", "updated July 2, 2025", "2 July 2025"),
    ("riverside", None, "Check the ones you like", "updated July 2, 2025", "2 July 2025"),
])
def test_without_a_workspace_region_the_pages_take_the_default_letterheads(brand, home, tick, expected,
                                                                           not_expected):
    """`handouts serve --brand harbourside` with no handouts.toml (or one without `locale =`) printed its
    handouts in en-GB, the letterhead's, while its pages said 'Check' and 'July 2, 2025', the US's."""
    from handouts.web import create_app
    from handouts.web import words as page_words

    app = create_app(brand=brand, today=lambda: date(2025, 9, 1), locale=home)
    with app.test_request_context("/topics/leaky-gut", headers={"Accept-Language": "en"}):
        assert page_words.gettext("Check the ones you like") == tick
    page = app.test_client().get("/topics/leaky-gut", headers={"Accept-Language": "en"}).text
    page = re.sub(r"\s+", " ", re.sub(r'name="csrf" value="[^"]*"', "", page))
    assert expected in page and not_expected not in page


# -- English for Puerto Rico is spelt as in the US --------------------------------------------


def test_english_in_puerto_rico_expects_us_spelling() -> None:
    assert parse("en-PR").spelling == "en-US"
    assert parse("en-IE").spelling == "en-GB"
    assert parse("es-PR").spelling is None


@pytest.mark.parametrize(("declared", "typed", "said"), [
    ("en-PR", "Foods with soluble fibre", "'fibre' is not en-US spelling (`language: en-PR`): write 'fiber'"),
    ("en-IE", "Foods with soluble fiber", "'fiber' is not en-GB spelling (`language: en-IE`): write 'fibre'"),
])
def test_content_in_a_regions_english_is_checked_in_its_spelling(clinic: Path, declared: str, typed: str,
                                                                  said: str) -> None:
    """A Puerto Rico clinic's content said `language: en-PR`, as its letterhead's locale does, and was
    refused ('en-US' or 'en-GB' only), so lint checked no spelling; it reads US English."""
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    text = topic.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language: en-US", f"language: {declared}", text, count=1)
    topic.write_text(text.replace("en: Foods with soluble fiber", f"en: {typed}", 1), encoding="utf-8")
    result = run("lint", "data/topics/leaky-gut.yaml")
    assert "invalid" not in result.output, result.output
    assert re.search(r"data/topics/leaky-gut\.yaml:\d+: spelling-variant \[warning\]: " + re.escape(said),
                     result.output), result.output
    assert_clean_exit(run("validate", "data/topics/leaky-gut.yaml"), 0)


def test_english_of_a_region_with_no_known_spelling_is_refused_with_the_ones_known(clinic: Path) -> None:
    topic = clinic / "data" / "topics" / "leaky-gut.yaml"
    topic.write_text(re.sub(r"(?m)^language: en-US", "language: en-CA", topic.read_text(encoding="utf-8"),
                            count=1), encoding="utf-8")
    result = run("validate", "data/topics/leaky-gut.yaml")
    assert_clean_exit(result, 1)
    assert re.search(r"data/topics/leaky-gut\.yaml:\d+:\d+: language: .*'en-US'.*'en-PR'", result.output), \
        result.output


def test_the_english_content_may_declare_is_each_region_whose_spelling_is_known() -> None:
    from typing import get_args

    from handouts.locale import SPELLINGS, EnglishTag

    assert set(get_args(EnglishTag)) == {f"en-{region}" for region in SPELLINGS}
