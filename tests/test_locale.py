"""A locale is language plus region: dates, emergency number, paper and spelling follow it."""

from __future__ import annotations

from datetime import date

import pytest

from handouts.errors import UsageError
from handouts.locale import parse, resolve
from handouts.models import Brand
from handouts.views.frame import brand_view, format_date

JULY_14 = date(2025, 7, 14)


@pytest.mark.parametrize(("tag", "expected"), [
    ("en-US", "July 14, 2025"), ("en-GB", "14 July 2025"), ("es-US", "14 de julio de 2025"),
    ("es-MX", "14 de julio de 2025"),
])
def test_long_dates_follow_the_locale(tag, expected):
    assert format_date(JULY_14, parse(tag)) == expected


def test_short_dates_keep_the_month_a_word_and_use_fonts_we_ship():
    us, gb, es = parse("en-US"), parse("en-GB"), parse("es-US")
    assert us.short_date(date(2025, 9, 29)) == "Mon Sep 29"
    assert gb.day_month(date(2025, 9, 1)) == "1 Sept"
    assert es.weekday_date(date(2025, 9, 1)) == "lun, 1 de sep de 2025"
    # CLDR's thin spaces have no glyph in the bundled face: ordinary spaces instead
    assert "\u2009" not in us.day_range(date(2025, 10, 2), date(2025, 10, 3))
    assert us.day_range(date(2025, 10, 2), date(2025, 10, 3)) == "Oct 2 – 3"


@pytest.mark.parametrize(("tag", "expected", "across_years"), [
    ("en-US", "Sep 29 – Oct 26, 2025", "Dec 29, 2025 – Jan 26, 2026"),
    ("en-GB", "29 Sept – 26 Oct 2025", "29 Dec 2025 – 26 Jan 2026"),
    ("es-US", "29 de sep – 26 de oct 2025", "29 de dic de 2025 – 26 de ene de 2026"),
    ("es-ES", "29 sept – 26 oct 2025", "29 dic 2025 – 26 ene 2026"),
])
def test_a_span_of_days_says_its_year_once(tag, expected, across_years):
    """A diet step's dates beside its heading: 'lun, 29 de sep de 2025 a dom, 26 de oct de 2025' did not fit
    beside the Spanish heading and took a line of its own; CLDR's interval says the same in 26 letters."""
    locale = parse(tag)
    assert locale.date_range(date(2025, 9, 29), date(2025, 10, 26)) == expected
    assert locale.date_range(date(2025, 12, 29), date(2026, 1, 26)) == across_years
    assert locale.date_range(date(2025, 9, 29), date(2025, 9, 29)) == locale.weekday_date(date(2025, 9, 29))


def test_precedence_command_line_then_workspace_then_brand_then_en_us():
    assert resolve("es-MX", "en-GB", brand="en-US").tag == "es-MX"
    assert resolve(None, "en-GB", brand="en-US").tag == "en-GB"
    assert resolve(None, None, brand="en-GB").tag == "en-GB"
    assert resolve(None, None, brand=None).tag == "en-US"


def test_a_bare_language_takes_its_region_from_the_brand():
    assert resolve("es", brand="en-US").tag == "es-US"
    assert resolve("es", brand="en-GB").tag == "es-GB"
    assert resolve("es").tag == "es-US"
    assert resolve("ES_mx").tag == "es-MX"


def test_a_tag_that_is_not_a_language_is_a_usage_error():
    with pytest.raises(UsageError, match="not a language code"):
        parse("english")


def test_region_decides_emergency_number_paper_and_spelling():
    us, gb, es, fr = parse("en-US"), parse("en-GB"), parse("es-US"), parse("fr-FR")
    assert (us.emergency_number, us.paper, us.spelling) == ("911", "letter", "en-US")
    assert (gb.emergency_number, gb.paper, gb.spelling) == ("999", "a4", "en-GB")
    assert (es.emergency_number, es.paper, es.spelling) == ("911", "letter", None)
    assert (fr.emergency_number, fr.paper) == (None, "a4")  # a region we state no number for


def brand(**fields: object) -> Brand:
    return Brand.model_validate({"id": "clinic", "name": "Clinic", "colors": {"primary": "#1d4e89"}, **fields})


def test_the_locale_fills_in_what_the_brand_leaves_out():
    view = brand_view(brand(locale="en-GB"), None, parse("en-GB"))
    assert (view.paper, view.emergency_number, view.emergency) == ("a4", "999", "In an emergency, call 999.")
    unknown = brand_view(brand(), None, parse("fr-FR"))
    assert unknown.emergency_number is None


def test_a_brands_own_paper_and_number_beat_the_locales():
    view = brand_view(brand(paper="letter", emergency_number="112"), None, parse("en-GB"))
    assert (view.paper, view.emergency_number, view.emergency) == ("letter", "112", "In an emergency, call 112.")


def test_a_brands_own_emergency_wording_is_used_in_its_own_language_only():
    own = brand(locale="en-US", emergency="In an emergency, call 911 or go to Mercy ER.")
    assert brand_view(own, None, parse("en-US")).emergency == "In an emergency, call 911 or go to Mercy ER."
    # a Spanish handout never prints the brand's English sentence: the tool's own, translated
    assert "Mercy" not in brand_view(own, None, parse("es-US")).emergency
