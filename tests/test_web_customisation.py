"""The diet form's choices saved as a customisation file, and loaded again at the follow-up visit.

The file is the one `handouts diet PLAN --customize FILE` reads; loading checks
it with the same rules; what the form cannot show travels with it and is saved
again. The server keeps nothing.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import documents
from handouts.cli import main
from handouts.context import Context
from handouts.web.customisation import MAX_FILE_BYTES
from pdfutil import text
from webclient import app_fixtures, raw_client

ROOT = Path(__file__).resolve().parent.parent
MARIA = ROOT / "data" / "customisations" / "maria-trigger-foods.yaml"
PLAN = "/diets/trigger-foods"
TODAY = date(2025, 9, 1)
FORM = {"patient": "Robin Example", "dietitian": "Chris Patel, RD", "start_date": "2025-10-06",
        "follow_up": "2025-11-03", "allergies": ["sesame"], "intolerances": ["lactose"], "phase_lengths": "3 weeks",
        "notes": "Coffee in the morning is fine.\nCall me if you lose weight."}


app, client = app_fixtures(TODAY)


def upload(client, data: bytes, name: str = "saved.yaml", plan: str = PLAN):
    return client.post(f"{plan}/load", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def hidden_more(page: str) -> str:
    match = re.search(r'name="more" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def test_save_gives_a_file_the_diet_command_reads(client, tmp_path):
    response = client.post(f"{PLAN}/customisation", data=FORM)
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="trigger-foods-customisation.yaml"'  # no name, no date
    assert response.headers["Cache-Control"] == "no-store"
    saved = tmp_path / "robin.yaml"
    saved.write_bytes(response.data)
    body = response.text
    assert "plan: trigger-foods" in body and "patient: Robin Example" in body and "allergies: [sesame]" in body
    assert "phase_lengths: {elimination: 3 weeks}" in body
    # the command line accepts it and makes the same sheet the form makes
    out = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(main, ["diet", "trigger-foods", "--customize", str(saved), "--as-of", "2025-09-01",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    from_form = client.post(f"{PLAN}/sheet", data={**FORM, "action": "download"})
    (tmp_path / "form.pdf").write_bytes(from_form.data)
    assert text(out) == text(tmp_path / "form.pdf")
    assert "Robin Example" in text(out) and "Call me if you lose weight." in text(out)


def test_saving_the_file_is_an_audit_line_without_the_patient(app, client, monkeypatch):
    """The file carries the patient's name and dates off the server, as a printed sheet does: audited the same way."""
    import json

    lines: list[str] = []
    monkeypatch.setattr(app.extensions["handouts"].audit, "_write", lines.append)
    assert client.post(f"{PLAN}/customisation", data=FORM).status_code == 200
    assert client.post(f"{PLAN}/customisation", data={**FORM, "phase_lengths": "soon"}).status_code == 400
    assert len(lines) == 1, lines  # a refused form hands nothing out
    said = json.loads(lines[0])
    assert {k: said[k] for k in ("action", "document", "topic", "audience", "personalised")} == {
        "action": "save", "document": "diet-customisation", "topic": "trigger-foods", "audience": "patient",
        "personalised": True}
    assert "Robin" not in lines[0] and "2025-10-06" not in lines[0] and "Patel" not in lines[0]


def test_save_checks_the_form_like_the_sheet(client):
    response = client.post(f"{PLAN}/customisation", data={**FORM, "phase_lengths": "soon"})
    assert response.status_code == 400
    assert "Length of the first step" in response.text
    assert 'value="Robin Example"' in response.text  # the form comes back as typed


def test_load_puts_the_file_back_into_the_form(client):
    page = upload(client, MARIA.read_bytes(), "maria.yaml")
    assert page.status_code == 200
    body = page.text
    assert "Loaded the saved choices" in body
    assert 'value="Maria Okafor"' in body and 'value="Chris Patel, RD"' in body and 'value="2025-10-06"' in body
    assert 'value="3 weeks"' in body
    for box in ("allergies-shellfish", "allergies-sesame", "intolerances-lactose"):
        assert re.search(rf'id="{box}" checked', body), box
    assert not re.search(r'id="allergies-peanut" checked', body)
    assert "One cup of coffee in the morning is fine." in body
    # what the form has no fields for is listed and carried
    assert "Kept from the plan: caffeine" in body and "Extra foods: Kombucha" in body
    assert '"extra_foods"' in hidden_more(body)


def test_a_loaded_file_round_trips_unchanged(client, tmp_path):
    """Load at the follow-up visit, save again: the same customisation, nothing lost."""
    body = upload(client, MARIA.read_bytes()).text
    form = {
        "patient": "Maria Okafor", "dietitian": "Chris Patel, RD", "start_date": "2025-10-06",
        "allergies": ["shellfish", "sesame"], "intolerances": ["lactose"], "phase_lengths": "3 weeks",
        "notes": "One cup of coffee in the morning is fine.\nCall me if you lose weight without trying.",
        "more": hidden_more(body),
    }
    saved = tmp_path / "again.yaml"
    saved.write_bytes(client.post(f"{PLAN}/customisation", data=form).data)
    ctx = Context.default(TODAY)
    original = documents.diet_inputs(None, MARIA, "default", ctx).customisation
    again = documents.diet_inputs(None, saved, "default", ctx).customisation
    assert again.model_dump(exclude={"notes"}) == original.model_dump(exclude={"notes"})
    assert again.notes.strip() == original.notes.strip()
    # and the sheet printed from the loaded form has what only the file said
    sheet = client.post(f"{PLAN}/sheet", data={**form, "action": "download"})
    (tmp_path / "sheet.pdf").write_bytes(sheet.data)
    assert "Kombucha" in text(tmp_path / "sheet.pdf")


@pytest.mark.parametrize(("data", "says"), [
    (b"plan: trigger-foods\nallergies: [shelfish]\n", "saved.yaml:2:13: allergies[0]: unknown allergen"),
    (b"plan: low-fodmap\n", "saved.yaml:1:1: plan: this file is for plan &#39;low-fodmap&#39;"),
    (b"patient: [\n", "saved.yaml:2:1: YAML syntax"),
    (b"\x80\x81plan: trigger-foods\n", "saved.yaml:1:1: not UTF-8 text"),
    ("plan: trigger-foods\n".encode("utf-16"), "saved.yaml: saved as UTF-16 (Notepad&#39;s &#39;Unicode&#39; or "
                                              "&#39;UTF-16 LE&#39;), not UTF-8: save the file as UTF-8"),
    (b"plan: trigger-foods\nnotes: caf\xe9\n", "saved.yaml:2:11: not UTF-8 text: save the file as UTF-8"),
    (b"- a list\n", "saved.yaml:1:1: expected a mapping"),
    (b"notes: !foo [a]\n", "saved.yaml:1:8: YAML tags"),
    (b"notes: " + b"x" * (MAX_FILE_BYTES + 10), "larger than 64 KB"),
], ids=["unknown allergen", "another plan", "syntax", "not UTF-8", "UTF-16", "code page", "a list", "a custom tag",
        "too big"])
def test_a_bad_file_is_refused_with_its_location(client, data, says):
    page = upload(client, data)
    assert page.status_code == 400
    assert says in page.text, re.findall(r'href="#field-file">([^<]*)', page.text)
    assert "Traceback" not in page.text


def test_a_parser_that_gives_up_is_the_files_problem(client, monkeypatch):
    """Whatever the YAML library raises on a strange file, the page names the file instead of failing."""
    from handouts.web import customisation

    def gives_up(text, name):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(customisation, "parse", gives_up)
    page = upload(client, b"plan: trigger-foods\n")
    assert page.status_code == 400
    assert "saved.yaml: could not be read (RecursionError)" in page.text


def test_load_without_a_file(client):
    page = client.post(f"{PLAN}/load", data={}, content_type="multipart/form-data")
    assert page.status_code == 400
    assert "choose a customisation file" in page.text


def test_a_tampered_hidden_field_is_a_form_problem(client):
    response = client.post(f"{PLAN}/sheet", data={**FORM, "action": "download", "more": '{"patient": "x"}'})
    assert response.status_code == 400
    assert "load the file again" in response.text


@pytest.mark.parametrize("more", [
    "[" * 20_000,  # deeper than the JSON parser goes
    '{"eliminate": ' + "[" * 900 + "]" * 900 + "}",  # parsed, but deeper than any check after it goes
], ids=["unparsable", "parsed"])
@pytest.mark.parametrize("route", ["sheet", "customisation"])
def test_a_hidden_field_nested_deep_is_a_form_problem_not_a_failure(client, more, route):
    response = client.post(f"{PLAN}/{route}", data={**FORM, "action": "download", "more": more})
    assert response.status_code == 400
    assert "load the file again" in response.text


def test_loading_and_saving_are_forms_like_any_other(app):
    client = raw_client(app)
    headers = {"Origin": "http://evil.example"}
    assert client.post(f"{PLAN}/customisation", data=FORM, headers=headers).status_code == 403
    assert client.post(f"{PLAN}/load", data={"file": (io.BytesIO(MARIA.read_bytes()), "m.yaml")},
                       content_type="multipart/form-data", headers=headers).status_code == 403


@pytest.mark.parametrize("page, says", [
    ("en", "Language: 'sp' is not a code handouts knows for a language; did you mean 'es' (Spanish)? "
           "Handouts prints in en, es."),
    ("es", "Idioma: «sp» no es un código de idioma que handouts conozca; ¿quiso decir «es» (español)? "
           "Handouts imprime en en, es."),
])
def test_a_carried_language_that_is_no_language_says_the_one_meant(client, page, says):
    """A crafted form carrying `language: sp` printed a page listing every text 'sp' lacks and how to add a
    language to handouts; it now says what --lang and a batch row say, in the page's language, and hands
    nothing out."""
    form = {**FORM, "more": '{"language":"sp"}'}
    for route in ("sheet", "customisation"):
        response = client.post(f"{PLAN}/{route}", query_string={"hl": page}, data={**form, "action": "download"})
        assert response.status_code == 400 and response.mimetype == "text/html"
        shown = html.unescape(re.sub(r"\s+", " ", response.text))
        assert says in shown, shown
        assert "no 'sp' text" not in shown and "Adding a language" not in shown


@pytest.mark.parametrize("page, says", [
    ("en", "The file cannot be loaded: saved.yaml:{line}:1: language: this is not a code handouts knows for a "
           "language (a language's two-letter code where it has one, as 'en' or 'es'); did you mean 'es' (Spanish)? "
           "handouts prints in en, es"),
    ("es", "No se puede cargar el archivo: saved.yaml:{line}:1: language: esto no es un código de idioma que handouts "
           "conozca (el código de dos letras del idioma, si lo tiene, como «en» o «es»); ¿quiso decir «es» "
           "(español)? handouts imprime en en, es"),
])
def test_a_loaded_language_that_is_no_language_is_refused_at_its_line(client, page, says):
    """A file saying `language: sp` was loaded into the form, and the sheet then said 'sp' is no language; the
    command line listed every text 'sp' lacks. It is now refused when loaded, at its line, as `handouts diet`
    refuses it, in the page's language; the form is not filled from it."""
    saved = MARIA.read_bytes() + b"language: sp\n"
    line = saved.decode("utf-8").splitlines().index("language: sp") + 1
    response = client.post(f"{PLAN}/load", query_string={"hl": page}, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(saved), "saved.yaml")})
    assert response.status_code == 400
    shown = html.unescape(re.sub(r"\s+", " ", response.text))
    assert says.format(line=line) in shown, shown
    assert "no 'sp' text" not in shown and "Adding a language" not in shown
    assert "Maria" not in shown


@pytest.mark.parametrize("page, says", [
    ("en", "Language: 'sp-MX' is not a code handouts knows for a language; did you mean 'es-MX' (Spanish)? "
           "Handouts prints in en, es."),
    ("es", "Idioma: «sp-MX» no es un código de idioma que handouts conozca; ¿quiso decir «es-MX» (español)? "
           "Handouts imprime en en, es."),
])
def test_a_carried_language_with_a_region_says_the_one_meant_with_its_region(client, page, says):
    """A crafted form carrying `language: sp-MX` was refused with no suggestion (the form's own check asked
    for a language named 'sp-MX'); it now says what `handouts diet` says of the same file, 'es-MX'."""
    form = {**FORM, "more": '{"language":"sp-MX"}'}
    for route in ("sheet", "customisation"):
        response = client.post(f"{PLAN}/{route}", query_string={"hl": page}, data={**form, "action": "download"})
        assert response.status_code == 400 and response.mimetype == "text/html"
        shown = html.unescape(re.sub(r"\s+", " ", response.text))
        assert says in shown, shown


def at_size(size: int) -> bytes:
    """Maria's customisation padded with a comment to exactly `size` bytes."""
    saved = MARIA.read_bytes()
    return saved + b"# " + b"x" * (size - len(saved) - 3) + b"\n"


def test_a_file_the_command_line_takes_loads_and_one_it_refuses_is_refused(client, tmp_path):
    """The Load button took at most 32 KB while `handouts diet --customize` takes 64 KiB: a file the command
    line printed from was refused on the web. Both now read the same cap, and the form's post holds it."""
    at_limit, over = tmp_path / "at-limit.yaml", tmp_path / "over.yaml"
    at_limit.write_bytes(at_size(64 * 1024))
    over.write_bytes(at_size(64 * 1024 + 1))
    loaded = upload(client, at_limit.read_bytes())
    assert loaded.status_code == 200 and "Loaded the saved choices" in loaded.text
    printed = CliRunner().invoke(main, ["diet", "trigger-foods", "--customize", str(at_limit), "--as-of",
                                        "2025-09-01", "-o", str(tmp_path / "sheet.pdf")])
    assert printed.exit_code == 0, printed.output
    refused = upload(client, over.read_bytes())
    assert refused.status_code == 400 and "larger than 64 KB: not a customisation file" in refused.text
    cli_refused = CliRunner().invoke(main, ["diet", "trigger-foods", "--customize", str(over), "--as-of",
                                            "2025-09-01", "-o", str(tmp_path / "no.pdf")])
    assert cli_refused.exit_code != 0 and "64 KiB" in cli_refused.output, cli_refused.output
    assert not (tmp_path / "no.pdf").exists()


def test_a_loaded_file_asking_a_language_the_sheet_lacks_says_so_at_once(client):
    """`language: fr` loaded: the form fell back to English and only 'Language: fr' under the file's other
    settings hinted at it, until printing refused it. The page now says so as the file is loaded, in its
    own language, and still fills the form."""
    english = upload(client, b"plan: trigger-foods\npatient: Sam\nlanguage: fr\n")
    shown = html.unescape(re.sub(r"\s+", " ", english.text))
    assert english.status_code == 200 and "Loaded the saved choices" in shown
    assert "Language: no French translation yet; available: English (en), Spanish (es)." in shown, shown
    assert 'value="Sam"' in english.text
    spanish = client.post(f"{PLAN}/load", query_string={"hl": "es"}, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"plan: trigger-foods\nlanguage: fr\n"), "saved.yaml")})
    assert "aún no hay traducción al francés; disponibles: inglés (en), español (es)." in html.unescape(spanish.text)
    plain = upload(client, b"plan: trigger-foods\nlanguage: es\n")
    assert "translation yet" not in plain.text
