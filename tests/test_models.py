"""Model-level rules: doses, localized text, references, ids, frozen models."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from handouts.loading import load_topic
from handouts.models import Brand, Dose, LocalizedText, Personalisation, Reference, Topic
from handouts.context import Context

CTX = Context.default()

MINIMAL = Path(__file__).parent / "fixtures" / "content" / "minimal-topic.yaml"


def dose(**fields):
    return Dose.model_validate({"amount": 10, "unit": "mg", **fields})


def reference(**fields):
    return Reference.model_validate(
        {"id": "nice-2024", "kind": "guideline", "type": "report", "title": "A guideline", **fields}
    )


def error_text(info: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(info.value)


# --- Dose: amounts ---------------------------------------------------------


def test_dose_single_amount_is_kept_as_decimal():
    d = dose(amount=2.5)
    assert d.amount == Decimal("2.5")
    assert not d.is_range


def test_dose_range_low_high_is_accepted():
    d = dose(amount=[4, 12])
    assert d.amount == (Decimal(4), Decimal(12))
    assert d.is_range


@pytest.mark.parametrize("amount", [0, -5, [0, 4], [-1, 4]])
def test_dose_amount_must_be_positive(amount):
    with pytest.raises(ValidationError, match="greater than 0"):
        dose(amount=amount)


def test_dose_range_must_go_from_low_to_high():
    with pytest.raises(ValidationError, match=r"low to high, got \[12, 4\]"):
        dose(amount=[12, 4])


def test_dose_range_with_equal_ends_is_refused():
    with pytest.raises(ValidationError, match="low to high"):
        dose(amount=[5, 5])


def test_dose_amount_must_be_a_number():
    with pytest.raises(ValidationError):
        dose(amount="ten")


# --- Dose: units -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u00b5g", "mcg"),  # MICRO SIGN
        ("\u03bcg", "mcg"),  # GREEK SMALL LETTER MU
        ("ug", "mcg"),
        ("ml", "mL"),
        ("ML", "mL"),
        ("milligrams", "mg"),
        ("cfu", "CFU"),
        ("Billion  CFU", "billion CFU"),
        ("tablet", "tablets"),
        ("mg", "mg"),
    ],
)
def test_dose_units_are_normalised_to_the_controlled_list(typed, stored):
    assert dose(unit=typed).unit == stored


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("IU", "units"), ("iu", "units"), ("U", "units"), ("cc", "mL")],
)
def test_error_prone_units_are_refused_with_the_safe_spelling(typed, suggested):
    with pytest.raises(ValidationError) as info:
        dose(unit=typed)
    assert "error-prone abbreviation" in error_text(info)
    assert f"write {suggested}" in error_text(info)


def test_unknown_unit_is_refused_with_the_list():
    with pytest.raises(ValidationError) as info:
        dose(unit="spoonfuls")
    assert "unknown unit 'spoonfuls'" in error_text(info)
    assert "mcg" in error_text(info)


# --- Dose: frequency and route ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("QD", "once daily"),
        ("BID", "twice daily"),
        ("tid", "three times daily"),
        ("QHS", "at bedtime"),
        ("1 tablet PRN", "as needed"),
        ("q.o.d.", "every other day"),
    ],
)
def test_frequency_abbreviations_are_refused_with_plain_wording(typed, plain):
    with pytest.raises(ValidationError) as info:
        dose(frequency=typed)
    assert "error-prone abbreviation" in error_text(info)
    assert f"write '{plain}'" in error_text(info)


@pytest.mark.parametrize("words", ["once daily", "twice daily", "at bedtime", "daily", "per day"])
def test_frequency_in_plain_words_is_accepted(words):
    assert dose(frequency=words).frequency == words


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("SQ", "subcutaneous"), ("sc", "subcutaneous"), ("PO", "oral"), ("IV", "intravenous"), ("Oral", "oral")],
)
def test_route_synonyms_are_normalised(typed, stored):
    assert dose(route=typed).route == stored


def test_unknown_route_is_refused():
    with pytest.raises(ValidationError):
        dose(route="ear")


def test_dose_refuses_unknown_keys():
    with pytest.raises(ValidationError, match="frequncy"):
        dose(frequncy="once daily")


# --- LocalizedText ---------------------------------------------------------


def test_plain_string_is_english():
    text = LocalizedText.model_validate("Drink water.")
    assert text.root == {"en": "Drink water."}
    assert text.get("en") == "Drink water."
    assert str(text) == "Drink water."


def test_localized_dict_keeps_each_language():
    text = LocalizedText.model_validate({"en": "Drink water.", "es": "Beba agua."})
    assert text.get("es") == "Beba agua."
    assert text.languages == ("en", "es")
    assert text.has("es")


def test_localized_dict_without_english_is_refused():
    with pytest.raises(ValidationError, match=r"English text \('en'\) is required"):
        LocalizedText.model_validate({"es": "Beba agua."})


def test_localized_get_falls_back_to_english():
    text = LocalizedText.model_validate("Drink water.")
    assert text.get("es") == "Drink water."
    assert not text.has("es")


def test_localized_bad_language_code_is_refused():
    with pytest.raises(ValidationError):
        LocalizedText.model_validate({"en": "Drink water.", "Spanish": "Beba agua."})


def test_localized_empty_text_is_refused():
    with pytest.raises(ValidationError):
        LocalizedText.model_validate({"en": "   "})


# --- Reference ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["https://doi.org/10.1136/bmj.n71", "http://doi.org/10.1136/bmj.n71", "doi:10.1136/bmj.n71", "10.1136/bmj.n71"],
)
def test_doi_prefix_is_stripped(typed):
    assert reference(DOI=typed).doi == "10.1136/bmj.n71"


def test_doi_not_starting_with_10_is_refused():
    with pytest.raises(ValidationError, match="a DOI starts with '10.'"):
        reference(DOI="https://doi.org/11.1136/bmj.n71")


def test_reference_uses_csl_json_aliases():
    ref = reference(
        **{
            "container-title": "BMJ",
            "PMID": 33782057,
            "PMCID": "PMC8005924",
            "URL": "https://example.org/paper",
            "issued": {"date-parts": [[2021, 3, 29]]},
            "author": [{"family": "Page", "given": "MJ"}, {"literal": "PRISMA Group"}],
        }
    )
    assert ref.container_title == "BMJ"
    assert ref.pmid == "33782057"
    assert ref.pmcid == "PMC8005924"
    assert ref.url == "https://example.org/paper"
    assert ref.issued is not None and ref.issued.year == 2021
    assert ref.author[1].literal == "PRISMA Group"


def test_reference_kind_accepts_underscore_spelling():
    assert reference(kind="drug_label").kind == "drug-label"


def test_reference_refuses_unknown_kind():
    with pytest.raises(ValidationError):
        reference(kind="blog")


def test_reference_pmcid_must_look_like_a_pmcid():
    with pytest.raises(ValidationError):
        reference(PMCID="8005924")


def test_reference_implausible_year_is_refused():
    with pytest.raises(ValidationError, match="year 21 is not plausible"):
        reference(issued={"date-parts": [[21]]})


def test_reference_name_needs_family_or_literal():
    with pytest.raises(ValidationError, match="'family'"):
        reference(author=[{"given": "MJ"}])


def test_reference_verified_defaults_to_true_and_records_check():
    ref = reference(verified=False, check="page numbers not confirmed", supports=["fluids help"])
    assert ref.verified is False
    assert ref.check == "page numbers not confirmed"
    assert ref.supports == ("fluids help",)
    assert reference().verified is True


def test_a_reference_from_before_reviewer_note_loads_and_prints_its_check_as_before():
    """A practice's topic written before `reviewer_note` holds a study's notes in `check`: it loads as it
    stands (no migration: the field is optional) and its brief entry says it all as 'Not confirmed', as
    it did; a note given apart goes to the entry's note."""
    from handouts.views.citations import format_references

    old = reference(check="randomised trial of 51; DOI not confirmed")
    new = reference(id="new", check="DOI", reviewer_note="randomised trial of 51")
    entries = format_references([old, new])
    assert (entries[0].check, entries[0].reviewer_note) == ("randomised trial of 51; DOI not confirmed", None)
    assert (entries[1].check, entries[1].reviewer_note) == ("DOI", "randomised trial of 51")
    assert "randomised" not in entries[1].text, "the note is no part of the AMA entry itself"


# --- ids are slugs -----------------------------------------------------------


@pytest.mark.parametrize("good", ["leaky-gut", "nice-2024", "ref_1", "v1.2", "a"])
def test_slug_ids_are_accepted(good):
    assert reference(id=good).id == good


@pytest.mark.parametrize("bad", ["Leaky-Gut", "leaky gut", "-leaky", "leaky-", "leaky--gut", "", "ré"])
def test_ids_must_be_slugs(bad):
    with pytest.raises(ValidationError):
        reference(id=bad)


# --- Brand and Personalisation models ----------------------------------------


def test_brand_colour_must_be_hex():
    with pytest.raises(ValidationError):
        Brand.model_validate({"id": "clinic", "name": "Clinic", "colors": {"primary": "blue"}})


def test_brand_defaults():
    brand = Brand.model_validate({"id": "clinic", "name": "Clinic", "colors": {"primary": "#1d4e89"}})
    assert brand.paper == "letter"
    assert brand.colors.accent == "#5b6770"
    assert brand.emergency is None and brand.emergency_number is None and brand.locale is None  # the locale's


def test_personalisation_language_is_a_language_code():
    assert Personalisation.model_validate({"language": "es"}).language == "es"
    with pytest.raises(ValidationError):
        Personalisation.model_validate({"language": "Spanish"})


# --- frozen ----------------------------------------------------------------


def test_loaded_topic_is_frozen():
    topic = load_topic(MINIMAL, CTX)
    with pytest.raises(ValidationError, match="frozen"):
        topic.title = "Changed"  # type: ignore[misc]
    assert topic.title == "Test topic"


def test_nested_models_of_a_loaded_topic_are_frozen():
    topic = load_topic(MINIMAL, CTX)
    rec = topic.sections[0].recommendations[0]
    with pytest.raises(ValidationError, match="frozen"):
        rec.clinician = "Changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        topic.review.status = "approved"  # type: ignore[misc]
    with pytest.raises((TypeError, AttributeError)):
        topic.sections[0].recommendations.append(rec)  # type: ignore[attr-defined]


def test_localized_text_is_frozen():
    text = LocalizedText.model_validate("Drink water.")
    with pytest.raises(ValidationError):
        text.root = {"en": "Changed"}  # type: ignore[misc]


def test_topic_lookups():
    topic = load_topic(MINIMAL, CTX)
    assert isinstance(topic, Topic)
    assert [r.id for r in topic.recommendations()] == ["fluids"]
    assert topic.reference("test-guideline").title == "A test guideline"
    with pytest.raises(KeyError):
        topic.reference("nope")
