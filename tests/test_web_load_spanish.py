"""The Spanish Load page says a file's problems in Spanish: where, its YAML, a note's dose forms.

Reproduction: on /diets/trigger-foods/load?hl=es, a file with `phase_lengths: {nope: 3 weeks}` was
refused at 'phase_lengths, the 1st entry', `notes: take 5 u daily` with the dose list's English
('at character 6, U or u for units (...): write the word 'units' (the note prints as typed)'), and
`plan: [` with 'YAML syntax: a '[' or '{' is never closed ...'. Each is made here for real, so a
new hint or a new entry in the dose list fails a test instead of bringing English back.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from handouts import ismp, yamlhints
from handouts.errors import ContentError
from handouts.web import file_words, form_words
from handouts.yamlsource import parse
from webclient import app_fixtures

TODAY = date(2025, 9, 1)
LOAD = "/diets/trigger-foods/load"

app, client = app_fixtures(TODAY)


def refused(client, saved: bytes, page: str) -> str:
    response = client.post(LOAD, query_string={"hl": page}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(saved), "saved.yaml")})
    assert response.status_code == 400
    return html.unescape(re.sub(r"\s+", " ", response.text))


@pytest.mark.parametrize(("saved", "spanish", "english"), [
    (b"plan: trigger-foods\nphase_lengths: {elimination: 3 weeks, nope: 2 weeks}\n",
     "saved.yaml:2:39: phase_lengths, la 2.ª entrada: no es un paso del plan «trigger-foods»",
     "saved.yaml:2:39: phase_lengths, the 2nd entry: not a phase of plan 'trigger-foods'"),
    (b"plan: trigger-foods\nnotes: take 5 u daily\n",
     "saved.yaml:2:1: notes: en la posición 6, «U» o «u» por «units» (la U se lee como 0 o 4 (4U parece 40) o como "
     "cc): escriba la palabra «units» (en una nota en español, «unidades») (la nota se imprime tal como se escribe)",
     "saved.yaml:2:1: notes: at character 6, U or u for units (U read as 0 or 4 (4U seen as 40) or as cc): write "
     "the word 'units' (the note prints as typed)"),
    (b"plan: trigger-foods\nnotes: Take .5 mg QD\n",
     "notes: en la posición 6, un punto decimal sin cero delante (.5 mg se lee como 5 mg si no se ve el punto): "
     "escriba un cero antes del punto (0.5 mg); en la posición 12, «QD» (se confunde con q.i.d. (cuatro veces al "
     "día)): escriba «daily» (en una nota en español, «a diario») (la nota se imprime tal como se escribe)",
     "notes: at character 6, a naked decimal point (.5 mg is read as 5 mg when the point is missed): write a zero "
     "before the point (0.5 mg); at character 12, 'QD' (mistaken for q.i.d. (four times daily)): write 'daily' "
     "(the note prints as typed)"),
    (b"plan: [\n",
     "saved.yaml:2:1: sintaxis YAML: un «[» o una «{» no se cierra nunca (un texto que empieza con uno de ellos debe "
     "ir entre comillas)",
     "saved.yaml:2:1: YAML syntax: a '[' or '{' is never closed (a text that starts with one must be in quotes)"),
    (b"plan: trigger-foods\nextra_foods: [{name: Kombucha}]\n",
     "saved.yaml:2:15: extra_foods[0].group: falta una clave obligatoria",
     "saved.yaml:2:15: extra_foods[0].group: required key is missing"),
], ids=["a typed key's place", "a dose form in the notes", "two in one note", "YAML syntax", "a missing key"])
def test_a_refused_file_is_said_in_the_pages_language(client, saved, spanish, english):
    shown = refused(client, saved, "es")
    assert f"No se puede cargar el archivo: {spanish}" in shown or spanish in shown, shown
    for word in ("the 1st entry", "the 2nd entry", "YAML syntax", "at character", "prints as typed", "required key"):
        assert word not in shown
    assert english in refused(client, saved, "en")  # the English page says it as the command line does


YAML = {  # a file → the hint it gets
    "colon": "title: Gut health: what helps\n",
    "indent more": "plan: trigger-foods\nnotes: a\n  b: c\n",
    "after quote": 'notes: "abc" def\n',
    "indent differently": "notes: a\n- b\n",
    "no colon": "plan: trigger-foods\nnotes\nx: y\n",
    "quote": "notes: 'abc\n",
    "list": "allergies: [a, b\nnotes: x\n",
    "group": "phase_lengths: {a: b\nnotes: x\n",
    "flow": "plan: [\n",
    "percent": "notes: %x\n",
    "tab": "plan: trigger-foods\n\tnotes: x\n",
    "control": "notes: a\x01b\n",
}


def yaml_messages() -> list[str]:
    said = []
    for text in YAML.values():
        with pytest.raises(ContentError) as caught:
            parse(text, "c.yaml")
        said.append(caught.value.problems[0].message)
    # a hint whose opening line the parser did not say
    said += ["YAML syntax: " + yamlhints.plain(problem, context, "x", 0, None) for problem, context in (
        ("could not find expected ':'", "while scanning a simple key"),
        ("found unexpected end of stream", "while scanning a quoted scalar"),
        ("expected ',' or ']', but got '<stream end>'", "while parsing a flow sequence"),
        ("expected ',' or '}', but got '<stream end>'", "while parsing a flow mapping"))]
    return said


def test_every_yaml_hint_is_one_the_parser_still_gives_and_is_said_in_spanish(app):
    messages = yaml_messages()
    for pattern, _ in file_words.HINTS:
        assert any(pattern.fullmatch(m.removeprefix("YAML syntax: ")) for m in messages), pattern.pattern
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert [form_words.say(m) for m in messages] == messages
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        spanish = [form_words.say(m) for m in messages]
    for english, said in zip(messages, spanish, strict=True):
        assert said.startswith("sintaxis YAML: ") and said != english.replace("YAML syntax: ", "sintaxis YAML: "), said
    assert spanish[0] == ('sintaxis YAML: un texto que contiene «: » debe ir entre comillas, por ejemplo: title: '
                          '"Salud intestinal: lo que ayuda"')


def test_every_dose_form_checked_in_notes_has_its_words_in_the_pages_languages(app):
    """An entry added to data/lint/ismp.toml with `in_notes` needs its Spanish in file_words.NOTE_WORDS."""
    used = {word for parts in file_words.note_parts().values() for word in parts}
    assert used == set(file_words.NOTE_WORDS)
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        for rest in file_words.note_parts():
            message = f"at character 3, {rest} (the note prints as typed)"
            said = form_words.say(message)
            assert said.startswith("en la posición 3, ") and "write" not in said and "prints as typed" not in said


def test_every_entry_of_the_dose_list_in_notes_is_what_a_note_is_told():
    """file_words rebuilds each note message from the list: the library's own, word for word."""
    said = {problem.split(", ", 1)[1] for text in ("5.0 mg", "1.50 mg", ".5 mg", "5 u", "5 µg", "5 cc", "5 IU", "QD",
                                                   "QOD", "1,0 mg", "1,50 mg", "1.000 mg", ",5 mg")
            for language in (None, "es") for problem in ismp.notes_problems(f"x {text} y", language=language)}
    assert said and said <= set(file_words.note_parts()), said - set(file_words.note_parts())
    assert len({text.split(" (")[0] for text in said}) == len({parts[0] for parts in file_words.note_parts().values()})


STRUCTURE = {  # a file → what the reader refuses in its structure, and that said in Spanish
    "notes: !foo [a]\n": "no se admiten etiquetas YAML («!nombre»); escriba el valor sin etiqueta (entre comillas si "
                         "es un texto)",
    "notes: !!python/name:os.system x\n": "no se admiten etiquetas YAML como «tag:yaml.org,2002:python/name:os.system»; "
                                          "escriba el valor sin etiqueta (entre comillas si es un texto)",
    "plan: trigger-foods\n---\nnotes: x\n": "un segundo documento YAML («---»); un archivo de contenido tiene uno solo",
    "[a]: 1\n": "una clave debe ser un texto simple, no una lista ni un conjunto de claves",
    "plan: trigger-foods\n<<: {a: 1}\n": "no se admiten claves de combinación («<<»); escriba las claves una por una",
    "notes: *a\n": "el alias «*a» no tiene antes un ancla «&a»",
    "notes: *a!b\n": "un alias («*nombre») no tiene antes un ancla («&nombre»)",
    f"notes: {'1' * 103}\n": "un número de 103 cifras; póngalo entre comillas si es un texto",
    f"notes: {'[' * 70}\n": "anidado en más de 64 niveles; el contenido necesita muchos menos",
    'notes: "\\udc00"\n': "«\\udc00» es la mitad de un par sustituto UTF-16, no un carácter: escriba el carácter mismo",
    "notes: ._\n": "«._» no es un valor válido: <span lang=\"en\">could not convert string to float: &#39;.&#39;</span>",
    "notes: &a [*a]\n": "el alias «*a» está dentro de su propia ancla «&a»",
    "notes: &a x\nx: {*a : 1}\n": "un alias («*a») no puede ser una clave",
    "a: &a x\nb: [" + ", ".join(["*a"] * 1001) + "]\n": "más de 1000 alias («*nombre») en un mismo archivo",
    "a: &a [" + ", ".join(["x"] * 200) + "]\nb: [" + ", ".join(["*a"] * 60) + "]\n":
        "los alias se expanden a más de 10,000 valores o 1 MiB de texto (en «*a»); escriba el contenido completo o use "
        "menos alias",
}


def test_what_the_reader_refuses_in_a_files_structure_is_said_in_spanish(app):
    messages = []
    for text in STRUCTURE:
        with pytest.raises(ContentError) as caught:
            parse(text, "c.yaml")
        messages.append(caught.value.problems[0].message)
    for pattern, _ in file_words.STRUCTURE:
        assert any(pattern.fullmatch(m) for m in messages), pattern.pattern
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert [form_words.say(m) for m in messages] == list(STRUCTURE.values())


RULES = {  # a customisation's lines → what the diet rules or the model say, and that said in Spanish
    "test_foods: {lactose: apple}": "«apple» no contiene «lactose», así que no sirve para probarlo",
    "keep: [apple]": "«apple» es un alimento, no una categoría: póngalo en «avoid» o en «enjoy»",
    "enjoy: [milk]": "«milk» es una categoría, no un alimento: póngala en «eliminate» o en «keep»",
    "extra_foods: [{name: Kombucha, group: drink}]": "grupo de alimentos desconocido; ¿quiso decir «drinks»? (grupos: "
                                                     "grains, dairy, fruit, vegetables, protein, nuts-seeds, drinks, "
                                                     "snacks, fats-condiments)",
    "extra_foods: [{name: Kombucha, group: zzzzzz}]": "grupo de alimentos desconocido (grupos: grains, dairy, fruit, "
                                                      "vegetables, protein, nuts-seeds, drinks, snacks, "
                                                      "fats-condiments)",
    "eliminate: [dairy]\nkeep: [dairy]": "esta entrada está a la vez en «eliminate» y en «keep»",
    "allergies: [peanut, peanut]": "entrada repetida (aparece primero en allergies[0])",
    "extra_foods: [{name: Kombucha, group: drinks}, {name: Kombucha, group: drinks}]":
        "alimento extra repetido (aparece primero en extra_foods[0].name)",
    "test_foods: {polyols: apple}": "«polyols» es un grupo de categorías: pruebe sus partes una por una (sorbitol, "
                                    "mannitol)",
    "reintroduction_order: [sorbitol]": "no se deja fuera para este paciente, así que no hay nada que volver a probar",
    "allergies: [milk]\neliminate: [milk]\nreintroduction_order: [milk]":
        "una alergia de este paciente (allergies[0]): nunca se vuelve a probar",
    "allergies: [milk]\ntest_foods: {lactose: cow-milk}":
        "el alimento de prueba contiene una alergia de este paciente (allergies[0]): elija otro alimento de prueba",
    "phase_lengths: {reintroduction: 2 weeks}": "la duración de la fase de reintroducción viene de su calendario de "
                                                "pruebas; quítela",
    'patient: ""': "no puede estar vacío",
    "extra_foods: [{name: Almond milk, group: drinks}]": "este es el alimento «almond-milk» del catálogo: ponga "
                                                         "«almond-milk» en «avoid» o en «enjoy» en lugar de añadirlo "
                                                         "otra vez",
    "extra_foods: [{name: Rice, group: grains}]": "«Rice» es el alimento «rice» del catálogo: ponga «rice» en «avoid» "
                                                  "o en «enjoy» en lugar de añadirlo otra vez",
}


def test_what_the_diet_rules_say_of_a_file_is_said_in_spanish(app):
    from handouts import documents
    from handouts.context import Context
    from handouts.loading import validate

    ctx = Context.default(today=TODAY)
    plan = documents.diet_inputs("trigger-foods", None, "default", ctx).plan
    messages = []
    for lines in RULES:
        with pytest.raises(ContentError) as caught:
            validate(parse(f"plan: trigger-foods\n{lines}\n", "c.yaml"), "diet-customisation", ctx.with_plan(plan))
        (problem,) = caught.value.problems
        messages.append(problem.message)
    for pattern, _ in file_words.RULES:
        assert any(pattern.fullmatch(m) for m in messages), pattern.pattern
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert [form_words.say(m) for m in messages] == list(RULES.values())
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        said = [form_words.say(m) for m in messages]
    assert said[:-2] == [m[0].lower() + m[1:] for m in messages[:-2]] and said[-1] == messages[-1]
    assert said[-2] == ("this is the catalogue's food 'almond-milk': list 'almond-milk' under 'avoid' or 'enjoy' "
                        "instead of adding it again")  # a name with a space is not quoted back on a page


def test_a_parser_that_gives_up_is_said_in_the_pages_language(client, monkeypatch):
    from handouts.web import customisation

    def gives_up(text, name):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(customisation, "parse", gives_up)
    shown = refused(client, b"plan: trigger-foods\n", "es")
    assert ("saved.yaml: no se pudo leer (RecursionError): el archivo está mal formado; «handouts validate» sobre él "
            "dice más") in shown, shown


def test_yaml_the_reader_cannot_read_is_said_in_the_pages_language(client, monkeypatch):
    from handouts import yamlevents

    def odd(self, event):
        raise KeyError("x")

    monkeypatch.setattr(yamlevents._Builder, "feed", odd)
    assert "saved.yaml:1:1: no se puede leer el YAML aquí (KeyError)" in refused(client, b"plan: trigger-foods\n", "es")


def test_the_entries_an_allergy_is_listed_at_are_joined_in_the_pages_words(app):
    """'allergies[0] and allergies[1]' (handouts.diet.policy.entries_text) reads 'allergies[0] y allergies[1]'."""
    message = "an allergy of this patient (allergies[0], allergies[2] and allergies[3]): it is never brought back"
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        said = form_words.say(message)
    assert said == "una alergia de este paciente (allergies[0], allergies[2] y allergies[3]): nunca se vuelve a probar"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert form_words.say(message) == message


def test_a_practices_plan_without_reintroduction_is_said_in_the_pages_language(app):
    """Only a practice's own plan can lack the step (the shipped ones have it): the message as the rule words it."""
    from handouts import documents
    from handouts.context import Context
    from handouts.diet import rules

    ctx = Context.default(today=TODAY)
    shipped = documents.diet_inputs("trigger-foods", None, "default", ctx).plan
    plan = shipped.model_copy(update={"id": "gluten-only", "reintroduction": None})
    found = [m for _, m in rules.plan_fit({"reintroduction_order": ["gluten"]}, plan, ctx)]
    assert "plan 'gluten-only' has no reintroduction step" in found
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert form_words.say("plan 'gluten-only' has no reintroduction step") == ("el plan «gluten-only» no tiene "
                                                                                   "paso de reintroducción")


def load_page(client, saved: bytes, page: str) -> str:
    """The Load page's raw HTML for a refused file: what is marked English is seen as it is marked."""
    response = client.post(LOAD, query_string={"hl": page}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(saved), "saved.yaml")})
    assert response.status_code == 400
    return re.sub(r"\s+", " ", response.text)


@pytest.mark.parametrize(("saved", "spanish", "english"), [
    (b"plan: trigger-foods\ntest_foods: {polyols: apple}\n",
     "saved.yaml:2:14: test_foods, la 1.ª entrada: «polyols» es un grupo de categorías: pruebe sus partes una por "
     "una (sorbitol, mannitol)",
     "'polyols' is a group of categories: test its parts one at a time (sorbitol, mannitol)"),
    (b"plan: trigger-foods\nnotes: " + b"[" * 70 + b"\n",
     "saved.yaml:2:71: anidado en más de 64 niveles; el contenido necesita muchos menos",
     "nested more than 64 levels deep; content needs far fewer"),
    (b'plan: trigger-foods\nnotes: "\\ud800"\n',
     "saved.yaml:2:8: «\\ud800» es la mitad de un par sustituto UTF-16, no un carácter: escriba el carácter mismo",
     "'\\ud800' is half of a UTF-16 surrogate pair, not a character: write the character itself"),
    (b"plan: trigger-foods\nnotes: -0o_\n",
     "saved.yaml:2:8: «-0o_» no es un valor válido: "
     "<span lang=\"en\">invalid literal for int() with base 8: &#39;&#39;</span>",
     "'-0o_' is not a valid value: invalid literal for int() with base 8: ''"),
], ids=["a group of categories", "nested too deep", "half a surrogate pair", "not a valid value"])
def test_what_the_rules_and_the_reader_say_is_said_on_the_spanish_load_page(client, saved, spanish, english):
    """Python's own words, which handouts cannot say again, are kept and marked English for a screen reader."""
    assert f"No se puede cargar el archivo: {spanish}</p>" in load_page(client, saved, "es")
    assert english in html.unescape(load_page(client, saved, "en"))  # as the command line says it


def test_a_value_not_quoted_back_is_said_without_pythons_words(app):
    """Python's words repeat the value: where the page may not quote it, neither is said."""
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        said = form_words.say("'0x a' is not a valid value: invalid literal for int() with base 16: ' a'")
    assert said == "esto no es un valor válido; póngalo entre comillas si es un texto"


ENJOYED = b"plan: trigger-foods\neliminate: [caffeine, excess-fructose]\n"
"""A file leaving out excess fructose, where the catalogue has a food named 'Pear drink' that does not carry it."""


def test_a_food_the_sheet_would_wrongly_list_under_enjoy_is_said_in_spanish(tmp_path):
    """A practice's catalogue food named like a category a file leaves out ('Pear drink', excess fructose).
    Its name has no Spanish, and the merged catalogue's Spanish is not reviewed: the catalogue's English
    names are quoted marked English, so a screen reader reads them as English."""
    from handouts.web import create_app
    from webclient import PageClient

    folder = tmp_path / "practice"
    (folder / "foods").mkdir(parents=True)
    (folder / "foods" / "catalogue.yaml").write_text(
        "categories:\n  - {id: fizz, kind: trigger, name: Fizzy drinks, unverified: a test category}\n"
        "groups:\n  - id: drinks\n    name: Drinks\n    foods:\n"
        "      - {id: pear-cider-vinegar, name: Pear drink, unverified: not rated}\n", encoding="utf-8")
    app = create_app([folder], today=lambda: TODAY)
    app.test_client_class = PageClient
    shown = html.unescape(load_page(app.test_client(), ENJOYED, "es"))
    assert ('saved.yaml:2:23: eliminate[1]: el alimento «pear-cider-vinegar» («<span lang="en">Pear drink</span>») '
            'aparecería en «Disfrute», pero su nombre menciona «<span lang="en">pear</span>», señal de <span lang="en">'
            'Excess fructose (fruit sugar)</span> («excess-fructose»), que esta personalización deja fuera: en el '
            "catálogo de alimentos, etiquete el alimento con «excess-fructose»") in shown
    assert "would be listed" not in shown
    english = html.unescape(load_page(app.test_client(), ENJOYED, "en"))  # as the command line says it
    assert ("food 'pear-cider-vinegar' ('Pear drink') would be listed under 'Enjoy', but its name mentions 'pear', "
            "a sign of Excess fructose (fruit sugar) ('excess-fructose')") in english


def test_a_food_under_enjoy_is_named_in_spanish_where_the_catalogues_spanish_is_reviewed(tmp_path):
    """Before: the Spanish Load page quoted the catalogue's English names («Pear drink», Excess fructose) where
    the catalogue has reviewed Spanish ones («Bebida de pera», Exceso de fructosa). The word its name mentions
    is the catalogue's English keyword: it stays, marked English."""
    import shutil

    from handouts.approve import approve_translation
    from handouts.context import Context
    from handouts.web import create_app
    from webclient import PageClient

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", data)
    catalogue = data / "foods" / "catalogue.yaml"
    drink = ("      - id: pear-drink\n        name:\n          en: Pear drink\n          es: Bebida de pera\n"
             "        unverified: not rated\n")
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("      - id: pear\n", drink + "      - id: pear\n", 1),
                         encoding="utf-8")
    approve_translation(catalogue, "es", "Dr. Ana Revisora", Context.default(TODAY, data_dirs=[data]), on=TODAY)
    app = create_app(data, today=lambda: TODAY)
    app.test_client_class = PageClient
    shown = html.unescape(load_page(app.test_client(), ENJOYED, "es"))
    assert ('saved.yaml:2:23: eliminate[1]: el alimento «pear-drink» («Bebida de pera») aparecería en «Disfrute», '
            'pero su nombre menciona «<span lang="en">pear</span>», señal de Exceso de fructosa (azúcar de la fruta) '
            "(«excess-fructose»)") in shown, shown
    assert "Pear drink" not in shown and "Excess fructose" not in shown
    # the form says it the same way, the file's 'eliminate' travelling with it (web/customisation.py)
    form = app.test_client().post("/diets/trigger-foods/sheet", query_string={"hl": "es"}, data={
        "action": "download", "more": json.dumps({"eliminate": ["caffeine", "excess-fructose"]})})
    assert form.status_code == 400
    said = html.unescape(re.sub(r"\s+", " ", form.text))
    assert ('el alimento «pear-drink» («Bebida de pera») aparecería en «Disfrute», pero su nombre menciona '
            '«<span lang="en">pear</span>»') in said, said
    assert "&lt;span" not in form.text


def test_a_yaml_readers_problem_handouts_has_no_words_for_is_said_in_general_its_english_marked(client, app):
    """`notes: !<b c> x`: ruamel's 'expected '>' but found ' '' followed 'sintaxis YAML:' as if Spanish."""
    saved = b"plan: trigger-foods\nnotes: !<b c> x\n"
    assert ("No se puede cargar el archivo: saved.yaml:2:11: sintaxis YAML: el archivo no es YAML válido en la "
            "línea 2; el lector de YAML dice: <span lang=\"en\">expected &#39;&gt;&#39; but found &#39; &#39;</span>"
            "</p>") in load_page(client, saved, "es")
    english = load_page(client, saved, "en")
    assert "saved.yaml:2:11: YAML syntax: expected &#39;&gt;&#39; but found &#39; &#39;</p>" in english
    assert "<span lang" not in english.split('id="problems"')[1].split("</ul>")[0]
    with app.test_request_context("/", headers={"Accept-Language": "es"}):  # a file-level one: no line to name
        assert form_words.say("YAML syntax: found <b>") == ('sintaxis YAML: el archivo no es YAML válido; el lector '
                                                            'de YAML dice: <span lang="en">found &lt;b&gt;</span>')


ALLERGIES = {  # an allergy that is a category or a food of the catalogue → what the page says of it in Spanish
    "dairy": "«dairy» es una categoría de alimentos desencadenantes, no un alérgeno; ¿quiso decir «milk»?",
    "polyols": "«polyols» es un grupo de categorías, no un alérgeno: para dejar fuera esta entrada para este "
               "paciente, póngala en «intolerances» (alérgenos: milk, egg, peanut, tree-nuts, soy, wheat, fish, "
               "shellfish, sesame)",
    "cow-milk": "«cow-milk» es un alimento, no un alérgeno; ¿quiso decir «milk»?",
    "apple": "«apple» es un alimento, no un alérgeno: para que no aparezca en la hoja de este paciente, póngalo en "
             "«avoid», o añada un alérgeno para él al catálogo de alimentos de su consulta (alérgenos: milk, egg, "
             "peanut, tree-nuts, soy, wheat, fish, shellfish, sesame)",
}


def test_an_allergy_that_is_a_category_or_a_food_is_said_in_spanish(client, app):
    """`allergies: [dairy]` on the Spanish Load page said "'dairy' is a trigger category, not an allergen; ..."."""
    for value, spanish in ALLERGIES.items():
        shown = refused(client, f"plan: trigger-foods\nallergies: [{value}]\n".encode(), "es")
        assert f"saved.yaml:2:13: allergies[0]: {spanish}" in shown, shown
        english = refused(client, f"plan: trigger-foods\nallergies: [{value}]\n".encode(), "en")
        assert f"allergies[0]: '{value}' is " in english and "not an allergen" in english
    pages = [refused(client, f"plan: trigger-foods\nallergies: [{value}]\n".encode(), "en") for value in ALLERGIES]
    for pattern, _ in file_words.ALLERGY:  # each is one the rules still give
        assert any(pattern.search(page) for page in pages), pattern.pattern
    with app.test_request_context("/", headers={"Accept-Language": "es"}):  # a food carrying two allergens
        assert form_words.say("'pesto' is a food, not an allergen; did you mean 'milk' or 'tree-nuts'?") == (
            "«pesto» es un alimento, no un alérgeno; ¿quiso decir «milk» o «tree-nuts»?")
