"""Patients' names in any of the world's major scripts print, in fonts that travel with handouts.

Chinese, Korean, Devanagari and Thai used to print as empty boxes, and Arabic
and Hebrew printed only where a system font happened to cover them. Now every
glyph comes from a font handouts ships (PyPI) or installs (make: CJK, emoji),
and a character none of them has is a warning that names it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from handouts import documents, glyphs, resources
from handouts.context import Context
from handouts.cli import main
from handouts.models import Personalisation
from handouts.views.patient import notes
from handouts.views.textdir import direction
from pdfutil import fonts, lines

TODAY = date(2026, 1, 15)
NAMES = {
    "Latin (Vietnamese)": "Nguyễn Thị Ánh Đào",
    "Greek": "Αλέξανδρος Παπαδόπουλος",
    "Cyrillic": "Анна Иванова",
    "Arabic": "فاطمة الزهراء",
    "Hebrew": "דוד כהן",
    "Devanagari": "अनीता शर्मा",
    "Thai": "สมชาย ใจดี",
    "Chinese": "王小明",
    "Japanese": "山田 はなこ",
    "Korean": "김민준",
}
FONT_FOR = {
    "Greek": "Handouts-Noto-Sans", "Arabic": "Handouts-IBM-Plex-Sans-Arabic", "Hebrew": "Handouts-Heebo",
    "Devanagari": "Handouts-Noto-Sans-Devanagari", "Thai": "Handouts-Noto-Sans-Thai",
    "Chinese": "Handouts-Noto-Sans-CJK",
}
EMOJI = "\U0001F642"
# A note in Arabic naming two medicines in Latin letters: "take Ibuprofen, then Paracetamol".
ARABIC_NOTE = "خذ Ibuprofen ثم Paracetamol"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    assert glyphs.coverage("王김").missing == (), "the CJK fallback font is missing: make test installs fonts-noto-cjk"
    person = Personalisation(patient_name=NAMES["Greek"], clinician=NAMES["Korean"],
                             notes="\n".join([*NAMES.values(), f"Smile {EMOJI}", ARABIC_NOTE]))
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside"), person, Context.default(TODAY))
    return documents.write_document(view, tmp_path_factory.mktemp("scripts") / "names.pdf")


def test_every_script_prints_in_an_embedded_subset_of_our_own_fonts(handout):
    rows = fonts(handout)
    assert all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows), rows
    names = [r["name"].split("+", 1)[1] for r in rows]
    # no glyph from whatever the machine happens to have installed: output is the same everywhere
    assert all(n.startswith(("Atkinson-Hyperlegible", "Handouts-", "Noto-Color-Emoji")) for n in names), names
    for script, font in FONT_FOR.items():
        assert any(n.startswith(font) for n in names), (script, names)
    assert "Noto-Color-Emoji" in names, names


def test_every_name_is_in_the_text_layer(handout):
    text = flat(" ".join(page.extract_text() for page in pypdf.PdfReader(str(handout)).pages))
    for script, name in NAMES.items():
        if script == "Devanagari":
            # WeasyPrint maps each glyph to one piece of text, so a conjunct drawn as several
            # glyphs may come back reordered; every letter must still be there
            assert not Counter(flat(name)) - Counter(text), (script, name)
        else:
            assert flat(name) in text, (script, name)


def test_system_fonts_are_loaded_only_for_text_that_needs_them():
    assert glyphs.coverage("Jo Example, Αλέξανδρος, Анна").system_families == ()
    assert glyphs.coverage("王小明").system_families == ("Handouts Noto Sans CJK",)
    emoji = glyphs.coverage(f"Sam {EMOJI}")
    assert emoji.system_families == () and emoji.missing == ()


@pytest.mark.parametrize("script", NAMES)
def test_our_fonts_cover_every_sample_name(script):
    assert glyphs.coverage(NAMES[script]).missing == ()


def test_a_character_no_font_has_is_a_warning_naming_its_field(tmp_path):
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "patient",
                                       "--patient-name", "Jo \ue000 Example", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning: patient_name: 1 character prints as an empty box" in result.output
    assert "U+E000" not in result.output, "a patient's characters are counted, not named (test_glyph_privacy)"
    assert out.exists()


def test_no_warning_when_every_character_prints(tmp_path):
    result = CliRunner().invoke(main, ["render", "leaky-gut", "--audience", "patient",
                                       "--patient-name", NAMES["Thai"], "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 0 and "empty box" not in result.output, result.output


def test_warning_names_every_missing_character_once():
    [warning] = glyphs.missing_warnings("\ue000\ue001\ue000 \U000F0000 ok")
    assert "U+E000" in warning and "U+E001" in warning and "U+F0000" in warning
    assert warning.count("U+E000") == 1


def test_joiners_and_spaces_need_no_glyph():
    assert glyphs.coverage("a\u200db\u200c\u00a0c\u200f\ufe0f").missing == ()


def test_base_css_lists_the_fallbacks_in_the_order_resources_declares_them():
    css = (resources.asset_dir("styles") / "base.css").read_text(encoding="utf-8")
    stack = re.search(r"--font:(.*?);", css, re.S).group(1)
    listed = re.findall(r'"([^"]+)"', stack)
    families = [resources.BODY_FAMILY, *(f for f, *_ in resources.PYPI_FALLBACKS),
                *dict.fromkeys(f for f, *_ in resources.SYSTEM_FALLBACKS)]
    assert listed == families
    assert stack.strip().endswith("sans-serif")


def test_a_note_in_arabic_reads_right_to_left_around_the_latin_words_in_it(handout):
    """Laid out left to right, the note printed its words in reverse order for an Arabic reader:
    "Ibuprofen" first from the left, so read from the right "Paracetamol" came first."""
    (line,) = [ln for ln in lines(handout) if "Ibuprofen" in ln.text]
    assert line.text.index("Paracetamol") < line.text.index("Ibuprofen"), line.text
    others = [ln for ln in lines(handout) if ln.page == line.page and ln.text.startswith("Smile")]
    assert others and line.x > others[0].x + 40, "set from the right edge, not the left"


def test_a_note_line_reads_right_to_left_when_its_first_letter_does():
    assert [n.dir for n in notes(f"{ARABIC_NOTE}\n{NAMES['Hebrew']}\n2 × {NAMES['Arabic']}", "en")] == ["rtl"] * 3
    for script in ("Latin (Vietnamese)", "Greek", "Cyrillic", "Devanagari", "Thai", "Chinese", "Korean"):
        assert direction(NAMES[script]) is None, script
    assert direction("Take ثم") is None and direction("12 / 3") is None


def _embedded_font_dates(pdf: Path) -> dict[str, int]:
    """Each embedded TrueType program's head.modified (seconds since 1904), by its PDF font name."""
    import io as _io

    from fontTools.ttLib import TTFont

    dates: dict[str, int] = {}
    for page in pypdf.PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            if "/FontFile2" in descriptor:
                program = TTFont(_io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                dates[str(font["/BaseFont"]).split("+", 1)[1]] = program["head"].modified
    return dates


def test_embedded_fonts_keep_their_own_dates_so_a_reprint_is_byte_identical(handout):
    """WeasyPrint saved the static instance of a variable fallback (Noto Sans for a Greek name) and
    the emoji font with fontTools' date of saving: two renders a second apart differed in bytes."""
    from fontTools.misc.timeTools import timestampNow

    dates = _embedded_font_dates(handout)
    assert {"Handouts-Noto-Sans", "Handouts-Noto-Sans-Devanagari", "Handouts-Noto-Sans-Thai"} <= set(dates), dates
    day = 24 * 3600
    rendered_lately = {name: when for name, when in dates.items() if when > timestampNow() - day}
    assert not rendered_lately, rendered_lately


ARABIC_FIRST = "حداد Layla"
LATIN_FIRST = "Layla حداد"


def _arabic_at(text: str) -> int:
    return next(i for i, char in enumerate(text) if unicodedata.bidirectional(char) == "AL")


def _row_of(pdf: Path, first_word: str) -> list[str]:
    """The words printed beside `first_word` on page 1, left to right (the Arabic face sits a little
    higher than the Latin one, so pdfutil.lines would part them)."""
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = [(float(x), float(y), w) for x, y, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', xml)]
    x0, y0 = next((x, y) for x, y, w in words if w == first_word)
    return [w for x, y, w in sorted(words) if abs(y - y0) < 6 and x >= x0]


def test_a_name_that_starts_in_arabic_reads_right_to_left_inside_an_english_line(tmp_path):
    """Set left to right, "حداد Layla" printed Arabic first from the left, so an Arabic reader, reading
    from the right, met "Layla" first. It is now set as a browser's dir="auto" sets it: the name's own
    direction, apart from the words around it. A name that starts in Latin letters prints as typed."""
    from samples import printed_file

    person = Personalisation(patient_name=ARABIC_FIRST, clinician=LATIN_FIRST)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside"), person, Context.default(TODAY))
    pdf = printed_file(view, tmp_path, "names.pdf")
    row = " ".join(_row_of(pdf, "For:"))
    patient, clinician = row.split("From:")
    assert patient.index("Layla") < _arabic_at(patient), row  # from the right: حداد, then Layla
    assert clinician.index("Layla") < _arabic_at(clinician), row  # from the left: Layla, then حداد


def test_every_name_on_a_diet_sheet_takes_its_own_direction(tmp_path):
    from dataclasses import replace

    from handouts.html import render_html
    from samples import sheet_with_notes

    view = replace(sheet_with_notes(tmp_path, ["Keep the diary."]), patient=ARABIC_FIRST, dietitian=LATIN_FIRST)
    html = render_html(view)
    assert html.count(f'dir="rtl">{ARABIC_FIRST}</span>') == 2  # "For:" and the diary's "Name:"
    assert f'<span class="visit-value">{LATIN_FIRST}</span>' in html
