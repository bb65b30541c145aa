"""Every warning a diet sheet and its letterhead can give is said in Spanish above a Spanish preview.

Before, check_words knew the warnings of the sample files only: others ('its name mentions an allergy of
this patient', "'caffeine' is not left out for this patient; nothing to test", a colour too light on the grey
boxes, on a black-and-white printer or under the review mark, a letterhead without a phone number) stayed
English, marked lang="en", on a Spanish page. A ratio printed '4.4:1' where Spain writes '4,4:1'.

The sweep below works out hundreds of customisations with the diet library itself, so a warning it adds or
rewords without words in check_words fails here; each pattern of check_words has an example that reaches it.
"""

from __future__ import annotations

import html
import io
import random
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from handouts.brand_rules import brand_colours_readable, brand_has_phone
from handouts.context import Context
from handouts.diet.errors import DietError
from handouts.diet.sheet import work_out
from handouts.glyphs import missing_warnings
from handouts.logo_advice import advice
from handouts.models.diet_customisation import DietCustomisation
from handouts.rendered import LaidOut
from handouts.web import create_app
from handouts.web.check_words import CHECKS, say_check
from samples import ROOT
from webclient import form_as_sent

TODAY = date(2025, 9, 1)

POOLS: dict[str, list[object]] = {
    "plan": ["low-fodmap", "trigger-foods"],
    "allergies": [[], ["milk"], ["wheat"], ["peanut"], ["egg", "fish", "shellfish", "soy"]],
    "intolerances": [[], ["lactose"], ["dairy"], ["honey"], ["caffeine"]],
    "keep": [[], ["milk"], ["caffeine"], ["dairy"], ["lactose"]],
    "eliminate": [[], ["caffeine"], ["alcohol"]],
    "avoid": [[], ["honey"], ["coffee"], ["chicken", "fresh-meat", "lentils", "chickpeas", "beans"]],
    "enjoy": [[], ["peanut-butter"], ["cow-milk"]],
    "reintroduction_order": [None, ["fructans", "gos", "lactose", "sorbitol"], ["dairy", "caffeine"],
                             ["gluten", "lactose"], ["caffeine", "dairy", "gluten"]],
    "test_foods": [{}, {"lactose": "cow-milk"}, {"caffeine": "coffee"}, {"excess-fructose": "honey"},
                   {"gluten": "wheat-bread"}, {"dairy": "cow-milk"}, {"fructans": "cow-milk"}],
    "extra_foods": [[], [{"name": "Kombucha", "group": "drinks"}],
                    [{"name": "Peanut-free bar", "group": "snacks", "carries": []}]],
    "phase_lengths": [{}, {"elimination": "1 week"}, {"elimination": "8 weeks"}],
}
"""Choices a dietitian makes, each field's few kinds: together they reach every warning of handouts.diet."""


def diet_warnings(count: int = 400) -> dict[str, dict[str, object]]:
    """The sheet warnings of `count` customisations drawn from POOLS (the same every run), each with one
    customisation that gives it."""
    context = Context.default(today=TODAY)
    draw = random.Random(8)
    found: dict[str, dict[str, object]] = {}
    for _ in range(count):
        data = {key: draw.choice(choices) for key, choices in POOLS.items()}
        data = {key: value for key, value in data.items() if value not in ([], {}, None)}
        try:
            customisation = DietCustomisation.model_validate(data)
            sheet = work_out(context.load_plan(customisation.plan), context.catalogue, customisation, "en")
        except (DietError, ValueError):
            continue
        for warning in sheet.warnings:
            found.setdefault(warning, data)
    return found


COLOURS = {"white": "#0077ff", "grey boxes": "#0066ff", "grey printer": "#786699", "review mark": "#007799"}
"""A primary colour too light for text where each check of handouts.brand_rules finds it so first."""


def brand_warnings() -> list[str]:
    """A letterhead's warnings as the diet preview says them ('field: message', handouts.views.brand_warnings)."""
    found = [f"{'.'.join(flag.loc)}: {flag.message}" for colour in COLOURS.values()
             for flag in brand_colours_readable({"colors": {"primary": colour}}, None)]  # type: ignore[arg-type]
    found += [f"{'.'.join(flag.loc)}: {flag.message}" if flag.loc else flag.message
              for data in ({"contact": {}}, {}) for flag in brand_has_phone(data, None)]  # type: ignore[arg-type]
    return found


def box_warnings() -> list[str]:
    """A patient's notes whose characters no font of the sheet has: counted by field, with the fonts to install;
    the content's own (a letterhead's name in a script no font has): named, by their Unicode names."""
    return [warning for notes in ("ሰላም", "ሰ", "漢字", "\U0001F600") for details in ({"notes": notes}, None)
            for warning in missing_warnings(notes, details)]


def logo_warnings(folder: Path) -> list[str]:
    """A letterhead's logo that prints but reads badly (handouts.logo_advice), as the diet preview says it."""
    from PIL import Image

    Image.new("RGB", (4000, 1200), (20, 60, 90)).save(folder / "sharp.png")
    Image.new("RGB", (300, 90), (255, 255, 255)).save(folder / "pale.png")
    svg = '<svg xmlns="http://www.w3.org/2000/svg"{size}>{body}</svg>'
    drawings = {
        "unsized.svg": svg.format(size="", body='<rect width="10" height="10" fill="#123456"/>'),
        "pale.svg": svg.format(size=' viewBox="0 0 30 10"', body='<rect width="10" height="10" fill="#fdfdfd"/>'),
        "font.svg": svg.format(size=' viewBox="0 0 30 10"',
                               body='<text font-family="Futura, sans-serif" fill="#123456">Clínica Sur</text>'),
        "nofont.svg": svg.format(size=' viewBox="0 0 30 10"', body='<text fill="#123456">Clínica Sur</text>'),
    }
    for name, text in drawings.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [f"logo: {message}" for name in ("sharp.png", "pale.png", *drawings) for message in advice(folder / name)]


WRITTEN = [
    # handouts.diet.schedule's shapes the catalogue's own allergens and tests never meet (an allergy that
    # covers a category the plan tests; a plan's test food moved away with no other food to test with)
    "reintroduction_order[0]: an allergy of this patient (allergies[0]), so it is never brought back",
    "allergies[1]: the plan's reintroduction tests it, but an allergy of this patient is never brought back",
    "reintroduction: no safe test food for 'gos' in the catalogue for this patient; it is left out of the schedule: "
    "choose one with the patient",
    "test food for 'gos': 'lentils' (from the plan) is under 'avoid' for this patient (to test with it after all, "
    "name it under 'test_foods')",
    # handouts.diet.balance: a group the plan alone leaves out stands at no entry
    "every food in 'Drinks' is left out for this patient; this group usually provides fluid: plan with the patient "
    "where these will come from",
]


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app([ROOT / "data"], "riverside", today=lambda: TODAY)


def in_spanish(app: Flask, warning: str, region: str = "es") -> str | None:
    with app.test_request_context("/?hl=es"):
        return say_check(warning)


_KEPT = re.compile(r"«[^»]*»|`[^`]*`|<span lang=\"en\">.*?</span>|\([^)]*\[\d+\][^)]*\)|'[^']*'|"
                   r"#[0-9a-f]{3,8}|\b[a-z_]+(?:\[\d+\]|\.[a-z_]+)+|\b[a-z_]+_[a-z_]+\b", re.I)
"""What a Spanish warning keeps as written: ids, the file's keys, colours, a catalogue's English marked so."""
_ENGLISH = re.compile(r"\b(?:the|this|is|are|for|and|with|it|of|not|to|on|in|print|prints|left|out)\b")


def assert_spanish(warning: str, said: str | None) -> None:
    assert said is not None, f"English only on a Spanish page: {warning}"
    place = warning.partition(": ")[0]
    if re.fullmatch(r"[a-z_]+(?:\[\d+\]|\.[a-z_]+)*(?: \(with .*\))?", place):
        assert said.startswith(f"{place}: "), (warning, said)
    words = _KEPT.sub(" ", said)
    assert not _ENGLISH.findall(words), (warning, said)


def test_every_warning_the_diet_library_gives_is_said_in_spanish(app):
    warnings = diet_warnings()
    assert len(warnings) >= 50  # the sweep still reaches the library's many shapes
    for warning in warnings:
        assert_spanish(warning, in_spanish(app, warning))


EXAMPLES = [*brand_warnings(), *box_warnings(), *WRITTEN]


@pytest.mark.parametrize("warning", EXAMPLES, ids=[re.sub(r"\W+", "-", w[:48]) for w in EXAMPLES])
def test_the_letterheads_and_the_notes_warnings_are_said_in_spanish(app, warning):
    assert_spanish(warning, in_spanish(app, warning))


def test_a_logos_warnings_are_said_in_spanish_with_spains_numbers(app, spain_app, tmp_path):
    warnings = logo_warnings(tmp_path)
    assert len(warnings) == 6, warnings
    for warning in warnings:
        assert_spanish(warning, in_spanish(app, warning))
    with spain_app.test_request_context("/?hl=es"):
        sharp = say_check(warnings[0])
    assert sharp is not None and sharp.startswith("logo: sharp.png mide 4.000 por 1.200 píxeles"), sharp


def test_every_pattern_has_a_warning_that_reaches_it(tmp_path):
    """A pattern no warning of the library reaches is words for a message that no longer exists."""
    warnings = [*diet_warnings(), *EXAMPLES, *logo_warnings(tmp_path)]
    unreached = [pattern.pattern[:80] for pattern, _ in CHECKS if not any(pattern.fullmatch(w) for w in warnings)]
    assert not unreached


# -- on the page ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spain(tmp_path_factory) -> Path:
    """A practice in Spain whose letterheads are each too light somewhere, and one has no phone number."""
    folder = tmp_path_factory.mktemp("spain")
    shutil.copytree(ROOT / "data" / "brands" / "riverside", folder / "brands" / "riverside")
    brand = (ROOT / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8").replace(
        "locale: en-US", "locale: es-ES")
    for name, colour in COLOURS.items():
        brand_id = name.replace(" ", "-")
        text = brand.replace("id: riverside", f"id: {brand_id}").replace('primary: "#0b6e69"', f'primary: "{colour}"')
        if name == "review mark":
            text = text.replace("  phone: (217) 555-0142\n", "")
        (folder / "brands" / f"{brand_id}.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def spain_app(spain: Path) -> Flask:
    made = create_app([spain], "white", today=lambda: TODAY)
    made.extensions["handouts"].renderers.laid_out = lambda view, key=None: LaidOut(2)  # the layout is not tested here
    return made


FILE = ("plan: low-fodmap\nstart_date: 2025-09-01\nallergies: [peanut]\neliminate: [caffeine]\n"
        "extra_foods:\n  - {name: Peanut-free bar, group: snacks, carries: []}\n")
"""A bar whose name mentions this patient's allergy; a category left out for this patient that no test brings
back, with no order of the dietitian's ('add `reintroduction_order` with it and the plan's tests')."""


def checks_box(app: Flask, brand: str, page_language: str) -> str:
    """The checks above the preview of FILE, loaded and previewed with letterhead `brand`."""
    client = app.test_client()
    client.get("/", query_string={"hl": page_language})
    loaded = client.post("/diets/low-fodmap/load", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(FILE.encode()), "sam.yaml")})
    assert loaded.status_code == 200, loaded.text
    preview = client.post("/diets/low-fodmap/sheet",
                          data=form_as_sent(loaded.text, "diet-form", action="preview", brand=brand))
    assert preview.status_code == 200, preview.text
    return re.search(r'<div class="preview-checks"[^>]*>(.*?)</div>', preview.text, re.S).group(1)


@pytest.mark.parametrize(("brand", "said"), [
    ("white", "#0077ff es demasiado claro para texto sobre blanco (4,1:1, por debajo de 4,5:1)"),
    ("grey-boxes", "sobre los recuadros grises en los que van sus títulos (4,4:1 sobre #f2f4f6, por debajo de 4,5:1; "
                   "4,8:1 sobre blanco)"),
    ("grey-printer", "impreso en una impresora en blanco y negro (se imprime como el gris #717171, 4,4:1 donde menos"),
    ("review-mark", "donde cruza la marca BORRADOR o REVISIÓN VENCIDA"),
])
def test_a_spanish_preview_says_every_check_in_spanish_with_decimal_commas(spain_app, brand, said):
    english, spanish = checks_box(spain_app, brand, "en"), checks_box(spain_app, brand, "es")
    items = re.findall(r"<li[^>]*>.*?</li>", spanish, re.S)
    assert len(items) == len(re.findall(r"<li[^>]*>", english)) >= 3
    assert 'lang="en"' not in spanish, items
    assert "extra_foods[0]: su nombre menciona una alergia de este paciente (allergies[0])" in spanish
    assert ("eliminate[0]: «caffeine» queda fuera solo para este paciente y ninguna prueba de reintroducción lo "
            "devuelve, así que la hoja nunca dice cuándo volver a probarlo: añada `reintroduction_order` con él") \
        in html.unescape(spanish)
    assert said in spanish
    assert re.search(r"\d\.\d:1", english)  # English keeps its decimal point
    if brand == "review-mark":
        assert "contact: no hay número de teléfono (contact.phone)" in spanish


def test_the_topic_page_says_its_letterheads_warning_in_spanish(spain_app):
    """The visit page names the letterhead's warnings above its form: they were English, unmarked, on a
    Spanish page."""
    client = spain_app.test_client()
    spanish = client.get("/topics/leaky-gut?hl=es").text
    warnings = re.findall(r'<p class="warning">(.*?)</p>', spanish, re.S)
    assert warnings == ["colors.primary: #0077ff es demasiado claro para texto sobre blanco (4,1:1, por debajo "
                        "de 4,5:1): el texto se imprimirá en su lugar en el tono más oscuro #0066db; elija un color "
                        "más oscuro para decidir usted el tono"]
    english = client.get("/topics/leaky-gut?hl=en").text
    assert re.findall(r'<p class="warning">(.*?)</p>', english, re.S) == [
        "colors.primary: #0077ff is too light for text on white (4.1:1, below 4.5:1): text will print in the darker "
        "#0066db instead; choose a darker colour to decide the shade yourself"]
