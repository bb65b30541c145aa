"""A Spanish page's form problems are in Spanish, and a length typed in Spanish is read.

Reproduction: on the diet form with the page in Spanish, a first step of '0 days' said
'Duración de la primera etapa: input should be greater than or equal to 1', a follow-up
before the start 'the follow-up comes before the start date', and '4 semanas' (what the
hint's Spanish invited) was refused in English: the models' and rules' English reached
the page. Each library message is made here for real, so a rewording there fails a test
instead of bringing English back on the page.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from handouts.context import Context
from handouts.diet.rules import customisation_consistency
from handouts.diet.errors import DietError
from handouts.diet.schedule import check_dates, date_problem
from handouts.models import Personalisation
from handouts.models.diet_customisation import DietCustomisation, PhaseLength
from handouts.validation import problems_from_validation
from handouts.web import form_words
from handouts.web.forms import diet_request
from handouts.yamlsource import parse
from webclient import app_fixtures, form_as_sent

TODAY = date(2025, 9, 1)
SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}
DIET = "/diets/trigger-foods/sheet"

app, client = app_fixtures(TODAY)


def model_message(model: type, value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(value)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


def customisation_message(text: str) -> str:
    """A customisation's problem as validation words it: never quoting what was typed."""
    source = parse(text, "c.yaml")
    with pytest.raises(ValidationError) as caught:
        DietCustomisation.model_validate(source.data)
    return problems_from_validation(caught.value, source, DietCustomisation)[0].message


def loaded_messages(*lines: str) -> list[str]:
    """A customisation file's problems as loading it says them (handouts.web.customisation.read_upload):
    the model's and the diet rules', against plan 'trigger-foods'."""
    from handouts import documents
    from handouts.errors import ContentError
    from handouts.loading import validate

    ctx = Context.default(today=TODAY)
    plan = documents.diet_inputs("trigger-foods", None, "default", ctx).plan
    said = []
    for line in lines:
        with pytest.raises(ContentError) as caught:
            validate(parse(f"plan: trigger-foods\n{line}\n", "c.yaml"), "diet-customisation", ctx.with_plan(plan))
        said += [problem.message for problem in caught.value.problems]
    return said


def parsed_message(text: str) -> str:
    """A file's problem before any key is read (an empty file, a list at the top)."""
    from handouts.errors import ContentError

    with pytest.raises(ContentError) as caught:
        parse(text, "c.yaml")
    return caught.value.problems[0].message


def library_messages() -> list[str]:
    """Every problem form_words knows, as the library words it today."""
    ctx = Context.default(today=TODAY)
    (_, follow_up), = customisation_consistency({"start_date": date(2025, 9, 2), "follow_up": date(2025, 9, 1)}, ctx)
    return [
        model_message(PhaseLength, {"value": 0, "unit": "days"}),
        model_message(PhaseLength, {"value": 400, "unit": "days"}),
        model_message(PhaseLength, {"value": 60, "unit": "weeks"}),
        model_message(PhaseLength, "4 semanas"),
        customisation_message("phase_lengths: {elimination: 4 semanas}\n"),
        follow_up,
        model_message(Personalisation, {"visit_date": "2025-09-02", "follow_up": "2025-09-01"}),
        str(date_problem(date(1990, 1, 1), TODAY)),
        str(date_problem(date(2099, 1, 1), TODAY)),
        past_follow_up_message(),
        model_message(Personalisation, {"patient_name": "Ana \u202eX"}),
        model_message(Personalisation, {"notes": "hola\u0007"}),
        customisation_message("language: sp\n"),
        customisation_message("language: zz\n"),
        customisation_message("language: sp-MX\n"),
        *loaded_messages("notez: x", "Sam Rivera allergic: x", "allergies: [peanutt]", "allergies: [zzzzqq]",
                         "eliminate: [nothing]", "eliminate: [dairyy]", "avoid: [qqqzzz]", "avoid: [almond-mil]",
                         "intolerances: [qqqqzz]", "intolerances: [lactos]", "start_date: 2025-13-01",
                         "start_date: 1/9/2025", "phase_lengths: {nope: 3 weeks}",
                         "phase_lengths: {eliminaton: 3 weeks}", "patient: [1]", "allergies: 3",
                         "plan: trigger-foods", f"notes: {'x' * 2001}", "extra_foods: [{name: Kombucha}]",
                         "notes: take 5 u daily", f"avoid: [{','.join('x' * 201)}]"),
        parsed_message("# nothing yet\n"),
        parsed_message("- plan: trigger-foods\n"),
        parsed_message("plan: [\n"),
    ]


def past_follow_up_message() -> str:
    """A sheet with no start date and a follow-up already past, as the diet view refuses it at print."""
    with pytest.raises(DietError) as caught:
        check_dates(DietCustomisation.model_validate({"follow_up": date(2025, 8, 1)}), TODAY)
    field, _, problem = str(caught.value).partition(": ")  # the form says it at the field's label
    assert field == "follow_up"
    return problem


def test_every_known_problem_is_one_the_library_still_says(app):
    messages = library_messages()
    for pattern, _ in form_words.KNOWN:
        assert any(pattern.fullmatch(m) for m in messages), pattern.pattern
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        # in English each is said as before (the length's value is quoted only when the page may quote it)
        # (pydantic's 'Input should' as the located errors write it: 'input should')
        assert [form_words.say(m) for m in messages if "semanas" not in m] == [
            m if m.startswith("YAML") else m[0].lower() + m[1:] for m in messages if "semanas" not in m]


def test_every_known_problem_is_said_in_spanish(app):
    with app.test_request_context("/", headers=SPANISH):
        said = [form_words.say(m) for m in library_messages()]
    assert said == [
        "debe ser mayor o igual que 1",
        "dura más de un año: indique como máximo 365 días",
        "dura más de un año: indique como máximo 52 semanas",
        "esto no es una duración: escriba, por ejemplo, «4 semanas» o «10 días»",
        "esto no es una duración: escriba, por ejemplo, «4 semanas» o «10 días»",
        "la fecha de seguimiento es anterior a la fecha de inicio",
        "la fecha de seguimiento es anterior a la fecha de la visita",
        "esta fecha es anterior al 2000-01-01: indique una fecha del 2000-01-01 al 2027-09-01",
        "esta fecha cae más de 2 años después de hoy (2025-09-01): indique una fecha del 2000-01-01 al 2027-09-01",
        "la cita de seguimiento ya pasó y ninguna fecha de inicio indica que la hoja es de un plan ya en marcha: "
        "revise el año o indique la fecha de inicio; hoy es 2025-09-01",
        "contiene un carácter invisible, RIGHT-TO-LEFT OVERRIDE (U+202E), en la posición 5, que cambiaría u "
        "ocultaría lo que se imprime; quítelo",
        "contiene un carácter invisible, un carácter de control (U+0007), en la posición 5, que cambiaría u "
        "ocultaría lo que se imprime; quítelo",
        "esto no es un código de idioma que handouts conozca (el código de dos letras del idioma, si lo tiene, como "
        "«en» o «es»); ¿quiso decir «es» (español)? handouts imprime en en, es",
        "esto no es un código de idioma que handouts conozca (el código de dos letras del idioma, si lo tiene, como "
        "«en» o «es»); handouts imprime en en, es",
        "esto no es un código de idioma que handouts conozca (el código de dos letras del idioma, si lo tiene, como "
        "«en» o «es»); ¿quiso decir «es-MX» (español)? handouts imprime en en, es",
        "clave desconocida «notez»; ¿quiso decir «notes»?",
        "clave desconocida, que no se repite aquí (puede contener datos del paciente); claves válidas aquí: plan, "
        "patient, dietitian, start_date, follow_up, eliminate, keep, avoid, enjoy, extra_foods, allergies, "
        "intolerances, phase_lengths, reintroduction_order, test_foods, notes, language",
        "alérgeno desconocido; ¿quiso decir «peanut»?",
        "alérgeno desconocido (alérgenos: milk, egg, peanut, tree-nuts, soy, wheat, fish, shellfish, sesame)",
        "categoría desconocida: el catálogo de alimentos no tiene ese identificador",
        "categoría desconocida; ¿quiso decir «dairy»?",
        "alimento desconocido: el catálogo de alimentos no tiene ese identificador",
        "alimento desconocido; ¿quiso decir «almond-milk»?",
        "categoría o alimento desconocido: el catálogo de alimentos no tiene ese identificador",
        "categoría o alimento desconocido; ¿quiso decir «lactose»?",
        "ese día no existe en el calendario (AAAA-MM-DD: año, mes, día)",
        "no es una fecha en el formato aceptado: escriba las fechas como AAAA-MM-DD, por ejemplo, 2025-07-14 (la "
        "única forma aceptada: día/mes/año y mes/día/año se leen de forma distinta en cada país)",
        "no es un paso del plan «trigger-foods» (pasos: elimination, reintroduction, long-term)",
        "no es un paso del plan «trigger-foods»; ¿quiso decir «elimination»? (pasos: elimination, reintroduction, "
        "long-term)",
        "escriba un texto aquí, no una lista",
        "escriba una lista aquí, como [primero, segundo], no un número",
        "clave repetida «plan» (aparece primero en la línea 1)",
        "admite como máximo 2000 caracteres",
        "falta una clave obligatoria",
        "en la posición 6, «U» o «u» por «units» (la U se lee como 0 o 4 (4U parece 40) o como cc): escriba la "
        "palabra «units» (en una nota en español, «unidades») (la nota se imprime tal como se escribe)",
        "201 entradas, más de las que usa cualquier documento: indique como máximo 200 (cada entrada se comprueba "
        "cuando no haya más)",
        "el archivo está vacío (o solo tiene comentarios): se esperaban claves al principio del archivo, una «clave: "
        "valor» por línea",
        "se esperaba un conjunto de claves al principio del archivo",
        "sintaxis YAML: un «[» o una «{» no se cierra nunca (un texto que empieza con uno de ellos debe ir entre "
        "comillas)",
    ]


def problems(page: str) -> str:
    start = page.index('class="problems"') if 'class="problems"' in page else page.index("Revise el formulario")
    return page[start:start + 600]


@pytest.mark.parametrize(("form", "spanish", "english"), [
    ({"phase_lengths": "0 days"}, "Duración del primer paso: debe ser mayor o igual que 1", "input should"),
    ({"phase_lengths": "400 days"}, "Duración del primer paso: dura más de un año: indique como máximo 365 días",
     "longer than"),
    ({"phase_lengths": "60 semanas"}, "dura más de un año: indique como máximo 52 semanas", "weeks"),
    ({"phase_lengths": "catorce"}, "Duración del primer paso: esto no es una duración: escriba, por ejemplo, «4 semanas» o «10 días»",
     "is not a length"),
    ({"start_date": "2025-09-02", "follow_up": "2025-09-01"},
     "Fecha de seguimiento: la fecha de seguimiento es anterior a la fecha de inicio", "comes before"),
    ({"start_date": "1990-01-01"}, "Fecha de inicio: esta fecha es anterior al 2000-01-01", "give a date"),
])
def test_the_spanish_diet_form_says_its_problems_in_spanish(client, form, spanish, english):
    page = client.post(DIET, data={"action": "download", "language": "es", **form}, headers=SPANISH)
    assert page.status_code == 400
    shown = problems(page.text)
    assert spanish in shown and english not in shown


def test_the_spanish_topic_form_says_a_pasted_invisible_character_in_spanish(client):
    page = client.post("/topics/leaky-gut/patient", headers=SPANISH, data={
        "action": "download", "patient_name": "Ana\u202e López"})
    assert page.status_code == 400
    assert "Nombre del paciente: contiene un carácter invisible" in page.text and "remove it" not in page.text


def test_the_spanish_topic_form_says_a_follow_up_before_the_visit_in_spanish(client):
    page = client.post("/topics/leaky-gut/patient", headers=SPANISH, data={
        "action": "download", "visit_date": "2025-09-02", "follow_up": "2025-09-01"})
    assert page.status_code == 400
    assert "Fecha de seguimiento: la fecha de seguimiento es anterior a la fecha de la visita." in page.text
    assert "before the visit date" not in page.text


@pytest.mark.parametrize(("typed", "kept"), [
    ("4 semanas", "4 weeks"), ("1 semana", "1 weeks"), ("10 días", "10 days"), ("10 dias", "10 days"),
    ("1 Día", "1 days"), ("3semanas", "3 weeks"), ("4 weeks", "4 weeks"), ("10 day", "10 days"),
    ("4 meses", "4 meses"), ("catorce", "catorce"),
])
def test_a_length_typed_in_spanish_is_kept_as_the_files_english(typed, kept):
    assert form_words.english_length(typed) == kept


def test_the_diet_form_reads_a_spanish_length_and_its_hint_offers_spanish_examples(client):
    request = diet_request(MultiDict({"phase_lengths": " 4 semanas "}), allergens=(), intolerances=(),
                           first_phase="elimination", brands=("default",), default_brand="default")
    assert request.customisation == {"phase_lengths": {"elimination": "4 weeks"}}
    hint = client.get("/diets/trigger-foods", headers=SPANISH).text
    assert "Por ejemplo, «4 semanas» o «10 días»." in hint and "4 weeks" not in hint


def test_a_loaded_files_length_is_shown_in_the_pages_words_and_read_back(client):
    """Before: a file's '3 weeks' filled the Spanish form's field as '3 weeks', beside a hint asking
    for '4 semanas'."""
    saved = b"plan: trigger-foods\nphase_lengths: {elimination: 3 weeks}\n"
    page = client.post(f"{DIET.rsplit('/', 1)[0]}/load", headers=SPANISH, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(saved), "saved.yaml")})
    assert page.status_code == 200
    assert 'name="phase_lengths" maxlength="40" value="3 semanas"' in page.text
    again = client.post(f"{DIET.rsplit('/', 1)[0]}/customisation", headers=SPANISH,
                        data=form_as_sent(page.text, "diet-form"))
    assert "phase_lengths: {elimination: 3 weeks}" in again.text
    english = client.post(f"{DIET.rsplit('/', 1)[0]}/load", headers={"Accept-Language": "en"},
                          content_type="multipart/form-data", data={"file": (io.BytesIO(saved), "saved.yaml")})
    assert 'value="3 weeks"' in english.text
