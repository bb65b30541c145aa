"""Where a Spanish-speaking patient lives decides the emergency number and the paper.

Reproduction: a workspace set up in Spain (handouts.toml: locale = "es-ES") printed
`handouts render leaky-gut --audience patient --lang es` (and the diet sheet) as es-US:
'Llame al 911' and letter paper, because --lang replaced the workspace's locale and a
bare language took its region only from the brand, which (the default brand) names none.
"""

from __future__ import annotations

from datetime import date

import pytest

from handouts import documents
from handouts.context import Context
from handouts.locale import Locale, resolve
from handouts.models import Personalisation
from samples import ROOT

TODAY = date(2025, 9, 1)


@pytest.mark.parametrize(("choices", "brand", "home", "expected"), [
    (("es",), None, "es-ES", Locale("es", "ES")),  # the workspace's region, when the brand names none
    (("es",), "en-GB", "es-ES", Locale("es", "GB")),  # the brand's region first, as the README says
    (("es",), None, None, Locale("es", "US")),
    (("es",), None, "es", Locale("es", "US")),  # a bare workspace locale has no region to give
    (("es-MX",), None, "es-ES", Locale("es", "MX")),  # a full tag sets both
    ((None, "es-ES"), None, "es-ES", Locale("es", "ES")),
    ((None, None), "en-GB", "es-ES", Locale("en", "GB")),
])
def test_a_bare_language_takes_its_region_from_the_brand_else_the_workspace(choices, brand, home, expected):
    assert resolve(*choices, brand=brand, home=home) == expected


def spanish_in_spain() -> Context:
    """A workspace in Spain, and a command's `--lang es`."""
    return Context.default(TODAY, locale="es-ES").with_locale("es")


def test_the_handout_for_a_workspace_in_spain_says_112_on_a4():
    ctx = spanish_in_spain()
    view = documents.build_view("patient", documents.topic_inputs(ROOT / "data/topics/leaky-gut.yaml", "default", ctx),
                                Personalisation(language="es"), ctx)
    assert view.frame.locale == Locale("es", "ES")
    assert view.frame.brand.emergency_number == "112" and view.frame.brand.paper == "a4"


def test_the_diet_sheet_for_a_workspace_in_spain_is_on_a4():
    ctx = spanish_in_spain()
    view = documents.build_view("diet-sheet", documents.diet_inputs("trigger-foods", None, "default", ctx), None, ctx)
    assert view.frame.locale == Locale("es", "ES") and view.frame.brand.paper == "a4"


def test_a_us_workspace_still_prints_spanish_as_es_us():
    ctx = Context.default(TODAY, locale="en-US").with_locale("es")
    view = documents.build_view("patient", documents.topic_inputs(ROOT / "data/topics/leaky-gut.yaml", "default", ctx),
                                Personalisation(language="es"), ctx)
    assert view.frame.locale == Locale("es", "US") and view.frame.brand.emergency_number == "911"


def test_the_web_app_of_a_workspace_in_spain_prints_the_forms_spanish_for_spain():
    """The web form names a bare language ('es'); the app took no locale from the workspace at all."""
    from handouts.web import create_app
    from webclient import PageClient

    for locale, number, paper in ((None, "911", "paper-letter"), ("es-ES", "112", "paper-a4")):
        app = create_app(today=lambda: TODAY, locale=locale)
        app.test_client_class = PageClient
        client = app.test_client()
        handout = client.post("/topics/leaky-gut/patient", data={"action": "preview", "language": "es"}).text
        assert f"Llame al {number} o vaya" in handout, locale
        sheet = client.post("/diets/trigger-foods/sheet", data={"action": "preview", "language": "es"}).text
        assert paper in sheet, locale


def test_handouts_serve_hands_the_workspaces_locale_to_the_app(clinic, monkeypatch):
    from click.testing import CliRunner

    import handouts.web.server
    from handouts.cli import main

    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# locale = "en-US"', 'locale = "es-ES"'),
                      encoding="utf-8")
    assert 'locale = "es-ES"' in config.read_text(encoding="utf-8")
    served: list[tuple[object, ...]] = []
    monkeypatch.setattr(handouts.web.server, "serve", lambda *args: served.append(args))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert served[0][6] == "es-ES"  # serve(host, port, data_dir, brand, config, jobs, locale)


@pytest.mark.parametrize("tag", ["es-419", "es_419", "ES-419"])
def test_latin_american_spanish_as_an_area_is_refused_with_what_to_give_instead(tag):
    """'es-419' is a valid language tag (Spanish for Latin America); it was refused as 'not a
    language code', which sent the clinician looking for a typing mistake."""
    from handouts.errors import UsageError
    from handouts.locale import parse

    with pytest.raises(UsageError) as refused:
        parse(tag)
    message = str(refused.value)
    assert "not a language code" not in message
    assert "several countries" in message and "'es-MX'" in message and "('es')" in message


def test_the_paper_help_names_mexico_among_the_letter_countries():
    """A clinician in Mexico read '--paper … letter in the US and Canada, else A4' and expected A4; es-MX
    prints on letter, as Mexico does."""
    from click.testing import CliRunner

    from handouts.cli import main

    assert Locale("es", "MX").paper == "letter" and Locale("es", "ES").paper == "a4"
    for command in ("render", "diet"):
        shown = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert "letter in the US, Canada, Mexico and the other countries that use it, else A4" in shown
