"""A prescription item's patient text never states a dose, in any language or spelling.

Reproduction: the rule that keeps prescription doses off the patient handout
only knew abbreviated units and the English 'tablets'/'capsules'/'drops'.
"Tome 2 cápsulas al día", "Take 200 milligrams a day" or "two tablets" in a
prescription item's patient text validated, and printed under the handout's
medicines.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts.context import Context
from handouts.errors import ContentError
from handouts.loading import load_checked
from handouts.rules import mentions_dose
from samples import copy_of

CTX = Context.default(date(2025, 8, 1))
LOPERAMIDE_ES = ("            Si tiene mucha diarrea, su equipo de salud puede sugerirle una medicina para\n"
                 "            frenarla. Tómela solo como le indiquen.\n")


@pytest.mark.parametrize("text", [
    "Take 200 milligrams a day", "0.5 micrograms", "Take two tablets at night", "2 pills twice a day",
    "1 sachet in water", "2 puffs", "1 teaspoon", "2 tsp", "Tome 2 cápsulas al día", "Tome de 2 a 4 tabletas",
    "5 gotas", "10 unidades", "dos comprimidos", "500 miligramos", "2 sobres",
])
def test_spelled_out_and_spanish_doses_are_doses(text):
    assert mentions_dose(text)


@pytest.mark.parametrize("text", [
    "Su médico puede recetarle una pastilla", "a pill that slows the gut", "en 2 semanas", "over 10 years",
    "Ask about 2 things", "often", "Tome dosis pequeñas", "las tres comidas",
])
def test_words_that_are_not_doses_are_not(text):
    assert not mentions_dose(text)


def test_a_spanish_dose_in_a_prescription_items_patient_text_is_refused_at_its_line(tmp_path):
    path = copy_of(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.count(LOPERAMIDE_ES) == 1
    path.write_text(text.replace(LOPERAMIDE_ES, "            Tome 2 cápsulas después de cada evacuación.\n"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_checked(path, "topic", CTX)
    problems = [p for p in raised.value.problems if "must not state a dose" in p.message]
    assert [(p.field, p.message.split("(")[-1]) for p in problems] == [
        ("sections[5].recommendations[0].patient", "'2 cápsulas'); the dose is clinician-only")]
