"""A translation has its own review, bound to the English it translates."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from handouts import documents, translations
from handouts.context import Context
from handouts.lint.translation_checks import check_translations
from handouts.models import LocalizedText, Personalisation

ROOT = Path(__file__).resolve().parent.parent
CTX = Context.default(date(2025, 8, 1))
SPANISH = Personalisation(language="es")


@pytest.fixture(scope="module")
def inputs():
    return documents.topic_inputs("leaky-gut", "riverside", CTX)


def with_translation(inputs, **record):
    topic = inputs.topic
    current = {"status": "approved", "translator": "T. Translator", "reviewer": "R. Reviewer",
               "reviewed": date(2025, 7, 20), "source_sha256": translations.english_sha256(topic),
               "text_sha256": translations.translated_sha256(topic, "es")}
    es = topic.translations["es"].model_copy(update={**current, **record})
    return documents.TopicInputs(topic.model_copy(update={"translations": {"es": es}}), inputs.brand,
                                 inputs.brand_folder, inputs.source)


def test_the_shipped_spanish_is_a_draft_bound_to_todays_english(inputs):
    topic = inputs.topic
    assert topic.translations["es"].status == "draft"
    assert topic.translations["es"].source_sha256 == translations.english_sha256(topic)
    frame = documents.build_view("patient", inputs, SPANISH, CTX).frame
    assert [m.label for m in frame.marks] == ["BORRADOR", "TRADUCCIÓN EN BORRADOR"]


def test_an_approved_translation_of_the_current_english_prints_without_its_mark(inputs):
    frame = documents.build_view("patient", with_translation(inputs), SPANISH, CTX).frame
    assert "TRADUCCIÓN EN BORRADOR" not in [m.label for m in frame.marks]
    assert frame.translation_line.startswith("Traducción al español revisada por R. Reviewer el 20 de julio de 2025 · "
                                             "versión\u00a0")


def test_an_english_edit_makes_an_approved_translation_stale(inputs):
    approved = with_translation(inputs)
    topic = approved.topic
    edited = topic.model_copy(update={"about": LocalizedText({**topic.about.root, "en": "An edited English text."})})
    assert translations.english_sha256(edited) != translations.english_sha256(topic)
    stale = documents.TopicInputs(edited, inputs.brand, inputs.brand_folder, inputs.source)
    frame = documents.build_view("patient", stale, SPANISH, CTX).frame
    assert frame.translation.state == "stale"
    assert "TRADUCCIÓN EN BORRADOR" in [m.label for m in frame.marks]
    issues = list(check_translations(edited))
    assert [(i.rule, i.severity) for i in issues if i.rule == "stale-translation"] == [("stale-translation", "error")]


def test_the_hash_is_of_the_english_only(inputs):
    topic = inputs.topic
    spanish_edit = topic.model_copy(update={"about": LocalizedText({**topic.about.root, "es": "Otro texto."})})
    assert translations.english_sha256(spanish_edit) == translations.english_sha256(topic)


def test_lint_lists_texts_a_language_lacks_where_the_english_is(inputs):
    topic = inputs.topic
    lacking = topic.model_copy(update={"about": LocalizedText({"en": topic.about.root["en"]})})
    issues = [i for i in check_translations(lacking) if i.rule == "missing-translation"]
    assert [(i.loc, i.severity) for i in issues] == [(("about", "en"), "warning")]


def test_a_missing_text_refuses_the_language_and_says_where(inputs):
    topic = inputs.topic
    lacking = topic.model_copy(update={"disclaimer": topic.disclaimer.model_copy(
        update={"patient": LocalizedText({"en": topic.disclaimer.patient.root["en"]})})})
    with pytest.raises(translations.MissingTranslation) as caught:
        documents.build_view("patient", documents.TopicInputs(lacking, inputs.brand, inputs.brand_folder,
                                                              inputs.source), SPANISH, CTX)
    (problem,) = caught.value.problems
    assert problem.field == "disclaimer.patient" and problem.path.endswith("leaky-gut.yaml") and problem.line > 0
    # and which languages it does print in, for a batch row's one line, also after crossing to a cluster's client
    refused = pickle.loads(pickle.dumps(caught.value))
    assert refused.available == ("en",) and refused.problems == caught.value.problems
    assert refused.in_one_line == "no Spanish translation yet; available: English (en)"


def test_an_untranslated_food_name_prints_in_english_tagged_english():
    ctx = CTX.with_locale("es")
    inputs = documents.diet_inputs("trigger-foods", None, "riverside", ctx)
    catalogue = inputs.catalogue
    group = catalogue.groups[0]
    food = group.foods[0]
    bare = food.model_copy(update={"name": LocalizedText({"en": food.name.root["en"]})})
    fields = {name: getattr(catalogue, name) for name in type(catalogue).model_fields}
    fields["groups"] = (group.model_copy(update={"foods": (bare, *group.foods[1:])}), *catalogue.groups[1:])
    changed = type(catalogue).model_construct(**fields)  # not model_copy: that keeps its cached food index
    view = documents.build_view("diet-sheet", documents.DietInputs(
        inputs.plan, changed, None, inputs.brand, inputs.brand_folder, inputs.source), None, ctx)
    items = {f.id: f for g in view.groups for f in (*g.avoid, *g.enjoy)}
    assert items[food.id].lang == "en" and items[food.id].name == food.name.root["en"]
    assert all(f.lang is None for fid, f in items.items() if fid != food.id)
