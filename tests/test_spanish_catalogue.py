"""A medical translator's review of the Spanish catalogue: one word for one term, one register,
Spanish quotes, and no agreement a placeholder cannot keep."""

from __future__ import annotations

import re
from datetime import date

from babel.messages.pofile import read_po

from handouts import i18n
from webclient import app_fixtures

SPANISH = {"Accept-Language": "es"}

app, client = app_fixtures(date(2025, 9, 1))


def entries() -> list[tuple[str, str]]:
    """(English id, Spanish) for every message, each plural form its own pair."""
    with i18n.catalogue_path("es").open("rb") as handle:
        catalogue = read_po(handle)
    pairs = []
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        pairs += [(ids[min(i, len(ids) - 1)], s) for i, s in enumerate(strings)]
    return pairs


def test_a_plans_step_is_paso_on_the_form_as_on_the_sheet():
    """The diet form said 'primera etapa' for the step the printed sheet calls 'Paso 1'."""
    steps = [(en, es) for en, es in entries() if re.search(r"\bsteps?\b", en, re.I) and "may help" not in en]
    assert len(steps) >= 10
    for en, es in steps:
        assert re.search(r"\bpasos?\b", es, re.I) and "etapa" not in es, (en, es)


def test_values_are_quoted_with_spanish_quotes():
    """Most of the catalogue quotes a value «así»; a few messages kept the English 'así'."""
    quoted = [(en, es) for en, es in entries() if re.search(r"'%\(\w+\)s'", es)]
    assert not quoted


def test_a_sentence_the_patient_reads_as_usted_not_as_a_tu_command():
    """'En el paso 1 evita gluten…' reads as a tú command; the sheet's own first line says 'usted evita'."""
    said = dict(entries())["In step 1 you leave out"]
    assert "usted" in said


def test_a_topics_other_names_do_not_take_a_gender_from_its_name(client):
    """'%(name)s; también llamado …' made every condition masculine ('permeabilidad … llamado')."""
    page = client.get("/", headers=SPANISH).text
    assert "también llamado" not in page and "; otros nombres: " in page


def test_a_search_count_needs_no_agreement_with_its_numbers(client):
    """'0 de 1 temas coinciden': the noun and verb followed neither number."""
    page = client.get("/?q=zzzz", headers=SPANISH).text
    assert "de 1 temas" not in page and "Temas que coinciden con «zzzz»: 0 de 1." in page


def test_a_label_before_a_list_of_foods_agrees_with_a_list():
    """'También se deja fuera: lactosa, fructanos' — the verb was singular before a list."""
    said = dict(entries())
    for label in ("Also left out", "Also left out (single foods)"):
        assert said[label].startswith("También se dejan fuera"), said[label]


def test_the_button_that_unticks_a_group_is_named_for_what_it_does(client):
    """Its name (what a screen reader says) was 'No marcar nada: Qué evitar', 'do not tick anything',
    an instruction rather than the button's action."""
    page = client.get("/topics/leaky-gut", headers=SPANISH).text
    assert 'aria-label="Desmarcar todo: Qué evitar"' in page and "No marcar nada" not in page


def test_foods_moved_between_lists_are_not_called_spoiled():
    """'Alimentos pasados a evitar': 'alimentos pasados' reads as food gone off. The labels name the
    sheet's own lists instead."""
    said = dict(entries())
    assert said["Foods moved to avoid"] == "Alimentos movidos a «Evite»" and said["Leave out:"] == "Evite:"
    assert said["Foods moved to enjoy"] == "Alimentos movidos a «Disfrute»" and said["Enjoy:"] == "Disfrute:"
    assert not [es for _, es in entries() if "pasados" in es]
