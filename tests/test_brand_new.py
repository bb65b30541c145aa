"""handouts brand new (answers piped in), and validate checking a brand completely."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from cliutil import assert_clean_exit, run
from handouts.cli import brand_cmd
from handouts.colour import readable_on_white

from conftest import DATA

LOGO = DATA / "brands" / "riverside" / "logo.svg"


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


SUNNY = answers(
    "Sunny Side Clinic",  # practice name
    "",  # id: the suggested sunny-side-clinic
    "",  # language and country: the workspace's, else en-US
    "(217) 555-0199",  # phone
    "1 Main Street", "Springfield, IL 62701", "",  # address, ended by an empty line
    "#1d4e89",  # main colour
    "",  # accent: the default
    str(LOGO),  # logo file
    "",  # its description: the default
    "a4",  # paper
)


def test_a_new_brand_from_piped_answers_is_valid_and_renders_by_id(clinic):
    result = run("brand", "new", input=SUNNY)
    assert result.exit_code == 0, result.output
    brand = clinic / "data" / "brands" / "sunny-side-clinic.yaml"
    text = brand.read_text(encoding="utf-8")
    for line in ("id: sunny-side-clinic", "name: Sunny Side Clinic", "logo: sunny-side-clinic/logo.svg",
                 "logo_alt: Sunny Side Clinic logo", "primary: '#1d4e89'", "phone: (217) 555-0199",
                 "- Springfield, IL 62701", "paper: a4"):
        assert line in text, line
    assert (clinic / "data" / "brands" / "sunny-side-clinic" / "logo.svg").read_bytes() == LOGO.read_bytes()
    assert "warning" not in result.stderr
    checked = run("validate", "sunny-side-clinic", "--format", "json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["files"][0]["problems"] == []
    rendered = run("render", "leaky-gut", "--audience", "patient", "--brand", "sunny-side-clinic",
                   "--format", "html", "-o", "s.html")
    assert rendered.exit_code == 0, rendered.output
    assert "Sunny Side Clinic" in (clinic / "s.html").read_text(encoding="utf-8")


@pytest.fixture
def at_terminal(monkeypatch):
    """Answers typed at a terminal: a wrong one is explained and asked again."""
    monkeypatch.setattr(brand_cmd, "_at_terminal", lambda: True)


def test_a_colour_not_written_as_hex_is_explained_and_asked_again_at_a_terminal(clinic, at_terminal):
    result = run("brand", "new", input=answers("Blue Clinic", "", "", "555-0100", "", "blue", "#123", "#1D4E89",
                                               "", "", ""))
    assert result.exit_code == 0, result.output
    assert result.output.count("write it as #RRGGBB") == 2 and "[0-9a-fA-F]" not in result.output
    assert "primary: '#1d4e89'" in (clinic / "data" / "brands" / "blue-clinic.yaml").read_text(encoding="utf-8")


def test_a_wrong_piped_answer_stops_before_the_next_answer_is_taken_for_it(clinic):
    """Asked again, the colour question took the accent's line as its retry, and every answer after it
    landed one question late (the logo file as the accent, the paper as the logo...)."""
    piped = answers("Blue Clinic", "", "", "555-0100", "", "blue", "#1D4E89", "", "", "a4")
    result = run("brand", "new", input=piped)
    assert_clean_exit(result, 2)
    assert "the answer 'blue' to 'Main colour for headings, #RRGGBB' was not used" in result.stderr
    assert "write it as #RRGGBB" in result.stderr and "nothing was written" in result.stderr
    assert result.stderr.count("write it as #RRGGBB") == 1, "not asked again"
    assert "Accent colour" not in result.stderr, "no later question is asked"
    assert not (clinic / "data" / "brands" / "blue-clinic.yaml").exists()
    assert not (clinic / "data" / "brands" / "blue-clinic").exists()


@pytest.mark.parametrize(("lines", "question"), [
    (("   ",), "Practice name"),
    (("Id Clinic", "Not An Id"), "Brand id"),
    (("Paper Clinic", "", "", "", "", "#1d4e89", "", "", "legal"), "Paper size, letter or a4"),
    (("Locale Clinic", "", "Portuguese"), "Your patients' language and country, e.g. en-US, en-GB, es-MX, pt-BR"),
])
def test_every_question_stops_on_a_wrong_piped_answer(clinic, lines, question):
    result = run("brand", "new", input=answers(*lines, "", "", "", "", "", "", "", "", ""))
    assert_clean_exit(result, 2)
    assert f"to '{question}' was not used" in result.stderr
    assert list((clinic / "data" / "brands").glob("*clinic*")) == []


def test_a_light_colour_and_no_phone_are_warned_with_the_shade_that_will_print(clinic):
    shade, darkened = readable_on_white("#ffcc00")
    assert darkened
    result = run("brand", "new", input=answers("Yellow Clinic", "", "", "", "", "#ffcc00", "", "", ""))
    assert result.exit_code == 0, result.output
    assert f"#ffcc00 is too light for text on white (1.5:1, below 4.5:1): text will print in the darker {shade}" \
        in result.stderr
    assert "no phone number (contact.phone)" in result.stderr
    checked = run("validate", "yellow-clinic")
    assert checked.exit_code == 0  # warnings: it prints, but deserves a look
    assert "yellow-clinic.yaml:8:3: warning: colors.primary:" in checked.stderr and shade in checked.stderr


def test_an_existing_brand_is_kept_unless_forced(clinic):
    riverside = clinic / "data" / "brands" / "riverside.yaml"
    before = riverside.read_bytes()
    result = run("brand", "new", input=answers("Riverside", "riverside", "", "555-0100", "", "#0b6e69", "", "", ""))
    assert result.exit_code == 2 and "exists" in result.output and "--force" in result.output
    assert riverside.read_bytes() == before
    result = run("brand", "new", "--force", input=answers("Riverside", "riverside", "", "555-0100", "",
                                                          "#0b6e69", "", "", ""))
    assert result.exit_code == 0 and riverside.read_bytes() != before


def test_answers_that_end_too_soon_write_nothing(clinic):
    result = run("brand", "new", input=answers("Half Clinic", "", "", "555-0100"))
    assert result.exit_code == 2 and "standard input ended before the question" in result.output
    assert not (clinic / "data" / "brands" / "half-clinic.yaml").exists()


def test_a_logo_that_is_not_an_image_is_asked_again(clinic, tmp_path, at_terminal):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run("brand", "new", input=answers("Logo Clinic", "", "", "555-0100", "", "#1d4e89", "",
                                               str(tmp_path / "notes.txt"), str(tmp_path / "none.svg"), "", ""))
    assert result.exit_code == 0, result.output
    assert "a logo must be an SVG, PNG or JPEG file" in result.output and "no file" in result.output


def test_a_piped_logo_that_is_not_an_image_stops(clinic, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run("brand", "new", input=answers("Logo Clinic", "", "", "555-0100", "", "#1d4e89", "",
                                               str(tmp_path / "notes.txt"), "", ""))
    assert_clean_exit(result, 2)
    assert "a logo must be an SVG, PNG or JPEG file" in result.stderr and "was not used" in result.stderr
    assert not (clinic / "data" / "brands" / "logo-clinic.yaml").exists()


def test_a_logo_that_would_not_print_is_asked_again_with_the_reason(clinic, tmp_path, at_terminal):
    (tmp_path / "remote.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                         'xmlns:xlink="http://www.w3.org/1999/xlink"><image '
                                         'xlink:href="https://example.com/x.png"/></svg>', encoding="utf-8")
    result = run("brand", "new", input=answers("Remote Clinic", "", "", "555-0100", "", "#1d4e89", "",
                                               str(tmp_path / "remote.svg"), "", ""))
    assert result.exit_code == 0, result.output
    assert "remote.svg' would not print:" in result.output
    assert not (clinic / "data" / "brands" / "remote-clinic").exists()


def test_brand_new_needs_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("brand", "new", input="x\n")
    assert result.exit_code == 2 and "handouts init DIR" in result.output


def test_piped_answers_read_as_a_transcript_one_question_a_line(clinic):
    """Piped, every question ran together on one line of standard error, and the first warning
    (or the error) went on at the end of it. A real pipe: the test runner echoes answers itself."""
    piped = answers("Pale Clinic", "", "", "", "", "#ddeeff", "", "", "")
    done = subprocess.run([sys.executable, "-m", "handouts", "brand", "new"], cwd=clinic, input=piped,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[:5] == ["Practice name: Pale Clinic", "Brand id [pale-clinic]: pale-clinic",
                         "Your patients' language and country, e.g. en-US, en-GB, es-MX, pt-BR [en-US]: en-US",
                         "Phone (empty: none): ", "Address line 1 (empty: done): "]
    assert "Main colour for headings, #RRGGBB: #ddeeff" in lines
    assert "Paper size, letter or a4 [letter]: letter" in lines
    assert any(line.startswith("data/brands/pale-clinic.yaml:") and "warning" in line for line in lines)
    assert done.stdout == "data/brands/pale-clinic.yaml\n"


def test_a_wrong_piped_answer_shows_the_usage_of_brand_new(clinic):
    """The usage line was the group's ('handouts brand [OPTIONS] COMMAND'), not the command's."""
    result = run("brand", "new", input=answers("Blue Clinic", "", "", "", "", "blue"))
    assert_clean_exit(result, 2)
    assert "Usage: handouts brand new [OPTIONS]" in result.stderr
    assert "Try 'handouts brand new --help' for help." in result.stderr


@pytest.mark.parametrize("typed", ["'{path}'", '"{path}"', "{escaped}", "{path}"],
                         ids=["dropped, quoted", "double-quoted", "dropped, spaces escaped", "as typed"])
def test_a_logo_dragged_onto_the_terminal_is_found(tmp_path, typed):
    """A file dragged into a terminal arrives quoted or with its spaces escaped: 'no file' followed."""
    from handouts import brand_maker

    logo = tmp_path / "Our logo.svg"
    logo.write_bytes(LOGO.read_bytes())
    answer = typed.format(path=logo, escaped=str(logo).replace(" ", "\\ ")) + " "
    assert brand_maker.check_logo(answer) == logo


# --- a picture larger than print needs ------------------------------------------------------------


def _picture(path, size, mode="RGBA", colour=(20, 40, 120, 255)):
    from PIL import Image

    Image.new(mode, size, colour if mode == "RGBA" else 90).save(path)
    return path


def _with_logo(name: str, logo) -> str:
    return answers(name, "", "", "01632 960 100", "", "#1d4e89", "", str(logo), "", "a4")


def test_a_picture_sharper_than_print_needs_is_shrunk_as_it_is_copied(clinic, tmp_path):
    """A 6000-pixel logo printed at 3,400 dpi: every PDF carried all of it. Copied, it is the size
    print needs, still transparent, and that is what the PDF embeds."""
    import io

    import pypdf

    wide = _picture(tmp_path / "wide.png", (6000, 100))
    result = run("brand", "new", input=_with_logo("Wide Clinic", wide))
    assert result.exit_code == 0, result.output
    assert "shrank the logo from 6,000 by 100 to 1,370 by 23 pixels" in result.stderr
    assert "warning" not in result.stderr, "the copy draws no 'too sharp' warning"
    from PIL import Image

    with Image.open(clinic / "data" / "brands" / "wide-clinic" / "logo.png") as copied:
        assert copied.size == (1370, 23) and copied.mode == "RGBA"
    assert wide.stat().st_size > 0 and Image.open(wide).size == (6000, 100), "the practice's own file is untouched"
    rendered = run("render", "leaky-gut", "--audience", "patient", "--brand", "wide-clinic", "-o", "w.pdf")
    assert rendered.exit_code == 0, rendered.output
    page = pypdf.PdfReader(io.BytesIO((clinic / "w.pdf").read_bytes())).pages[0]
    assert [(image.image.size) for image in page.images] == [(1370, 23)]


def test_a_picture_over_the_pixel_limit_is_taken_and_shrunk_not_refused(clinic, tmp_path):
    """A 4100-pixel-square export was refused ('the limit is 16,777,216 pixels'): a practice manager had
    to find an image editor. `brand new` now shrinks it."""
    big = _picture(tmp_path / "big.png", (4100, 4100), mode="L")
    result = run("brand", "new", input=_with_logo("Big Clinic", big))
    assert result.exit_code == 0, result.output
    assert "shrank the logo from 4,100 by 4,100 to 425 by 425 pixels" in result.stderr
    assert run("validate", "big-clinic").exit_code == 0


def test_a_picture_that_suits_print_is_copied_byte_for_byte(clinic, tmp_path):
    small = _picture(tmp_path / "small.png", (600, 200))
    result = run("brand", "new", input=_with_logo("Small Clinic", small))
    assert result.exit_code == 0 and "shrank" not in result.stderr, result.output
    assert (clinic / "data" / "brands" / "small-clinic" / "logo.png").read_bytes() == small.read_bytes()


def test_a_picture_too_large_even_to_shrink_stops_with_the_reason(clinic, tmp_path):
    from handouts import logo_fit

    huge = tmp_path / "huge.png"
    with huge.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(logo_fit.MAX_INPUT_BYTES + 1)
    result = run("brand", "new", input=_with_logo("Huge Clinic", huge))
    assert_clean_exit(result, 2)
    assert "a logo to shrink may be at most 25 MB" in result.stderr
    assert not (clinic / "data" / "brands" / "huge-clinic.yaml").exists()


def test_a4_for_a_us_brand_says_the_locale_still_decides_the_emergency_number(clinic):
    """`init` leaves the locale out: the new brand, given the default en-US, prints 911 whatever its
    paper, and the note says where the practice's region goes: the brand file's locale."""
    result = run("brand", "new", input=SUNNY)
    assert result.exit_code == 0, result.output
    assert "locale: en-US" in (clinic / "data" / "brands" / "sunny-side-clinic.yaml").read_text(encoding="utf-8")
    assert "note: this brand's locale is en-US, so its documents print 'call 911'" in result.stderr
    assert "change its locale in the brand file (e.g. locale: en-GB)" in result.stderr


def test_a4_in_a_us_workspace_says_the_locale_still_decides_the_emergency_number(clinic):
    """A UK practice answering a4 in a workspace left at en-US got a brand whose handouts said
    'In an emergency, call 911', with nothing said about it."""
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# locale = "en-US"', 'locale = "en-US"'),
                      encoding="utf-8")
    result = run("brand", "new", input=SUNNY)
    assert result.exit_code == 0, result.output
    assert ("note: this workspace's locale is en-US, so every brand's documents print 'call 911' for an emergency"
            in result.stderr)
    assert 'set its locale in handouts.toml (e.g. locale = "en-GB")' in result.stderr
    letter = run("brand", "new", input=SUNNY.replace("Sunny Side", "Letter Side").replace("a4\n", "letter\n"))
    assert letter.exit_code == 0 and "workspace's locale" not in letter.stderr, letter.output


def test_a_logo_given_as_a_web_address_says_to_save_the_picture(clinic):
    result = run("brand", "new", input=_with_logo("Web Clinic", "https://web-clinic.example/logo.png"))
    assert_clean_exit(result, 2)
    assert ("'https://web-clinic.example/logo.png' is a web address, and handouts never fetches from the web: "
            "save the picture from the website") in result.stderr


@pytest.mark.parametrize("mode", ["P", "I;16", "LA"])
def test_a_palette_or_16_bit_picture_is_shrunk_smoothly(tmp_path, mode):
    """A 16-bit grey PNG could not be resized at all ('image has wrong mode'); a palette one was resized
    pixel by pixel, with jagged edges."""
    from PIL import Image

    from handouts import logo_fit

    path = tmp_path / "logo.png"
    Image.new(mode, (6000, 100)).save(path)
    fitted = logo_fit.fitted(path, path.read_bytes())
    with Image.open(io.BytesIO(fitted.data)) as copied:
        assert copied.size == (1370, 23) and copied.mode == "RGBA"


# --- the brand's language and country ----------------------------------------------------------------


def test_a_spanish_brand_records_its_locale_and_describes_its_logo_in_spanish(clinic):
    """The brand file named no locale, and its logo's description was English whatever the brand's
    language: a plain string in a brand file is read as the brand's language, so Spanish screen
    readers read 'Clínica Sol logo' in a Spanish voice."""
    result = run("brand", "new", input=answers("Clínica Sol", "", "es-MX", "555-0100", "", "#1d4e89", "",
                                               str(LOGO), "", ""))
    assert result.exit_code == 0, result.output
    text = (clinic / "data" / "brands" / "clinica-sol.yaml").read_text(encoding="utf-8")
    assert "locale: es-MX" in text and "logo_alt: Logotipo de Clínica Sol" in text
    assert "paper: letter" in text  # Mexico's paper, the question's default
    assert "Describe the logo for screen readers, in Spanish [Logotipo de Clínica Sol]" in result.stderr
    assert "note:" not in result.stderr


def test_a_brand_in_a_language_without_the_tools_words_asks_for_its_logo_description_and_says_why(clinic):
    """No default in English for a Portuguese brand: the description is the practice's to write. The
    note says now, not at the first visit, that its documents need a language handouts has words in."""
    no_description = run("brand", "new", input=answers("Clínica São João", "", "pt-BR", "", "", "#1d4e89", "",
                                                       str(LOGO), "", ""))
    assert_clean_exit(no_description, 2)
    assert "to 'Describe the logo for screen readers, in Portuguese' was not used" in no_description.stderr
    result = run("brand", "new", input=answers("Clínica São João", "", "pt-BR", "", "", "#1d4e89", "",
                                               str(LOGO), "Logotipo da Clínica São João", ""))
    assert result.exit_code == 0, result.output
    text = (clinic / "data" / "brands" / "clinica-sao-joao.yaml").read_text(encoding="utf-8")
    assert "locale: pt-BR" in text and "logo_alt: Logotipo da Clínica São João" in text
    assert "paper: a4" in text  # Brazil's paper, the question's default
    assert "warning: locale: handouts has no Portuguese ('pt') words of its own yet" in result.stderr
    assert "e.g. --lang en for English with BR dates and paper" in result.stderr
    english = run("render", "leaky-gut", "--audience", "patient", "--brand", "clinica-sao-joao", "--lang", "en",
                  "--format", "html", "-o", "en.html")
    assert english.exit_code == 0, english.output
    assert "In an emergency, call 192." in (clinic / "en.html").read_text(encoding="utf-8")  # SAMU, Brazil's


@pytest.mark.parametrize(("typed", "said"), [
    ("pt", "give the country too, e.g. 'pt-BR'"),
    ("es-419", "names an area of several countries"),
])
def test_a_locale_without_one_country_is_refused(clinic, typed, said):
    result = run("brand", "new", input=answers("Area Clinic", "", typed, "", "", "#1d4e89", "", "", ""))
    assert_clean_exit(result, 2)
    assert said in result.stderr and not (clinic / "data" / "brands" / "area-clinic.yaml").exists()


def test_the_workspace_locale_is_the_default(clinic):
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\nlocale = "en-GB"\n', encoding="utf-8")
    result = run("brand", "new", input=answers("Quay Surgery", "", "", "", "", "#1d4e89", "", "", ""))
    assert result.exit_code == 0, result.output
    text = (clinic / "data" / "brands" / "quay-surgery.yaml").read_text(encoding="utf-8")
    assert "locale: en-GB" in text and "paper: a4" in text


def test_a_workspace_set_to_a_bare_language_offers_it_with_a_country(clinic):
    """A workspace may say 'es' alone; offered as it was, the default was refused as having no country."""
    config = clinic / "handouts.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\nlocale = "es"\n', encoding="utf-8")
    result = run("brand", "new", input=answers("Clínica Luz", "", "", "", "", "#1d4e89", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "locale: es-US" in (clinic / "data" / "brands" / "clinica-luz.yaml").read_text(encoding="utf-8")
