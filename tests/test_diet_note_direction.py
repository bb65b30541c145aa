"""A dietitian's note in Arabic or Hebrew reads right to left on the diet sheet, as on the handout.

Laid out in a left-to-right paragraph after the English label, "خذ Ibuprofen ثم Paracetamol" printed
its words in reverse order for an Arabic reader (handouts/views/textdir.py).
"""

from __future__ import annotations


import pytest

from handouts.html import render_html
from pdfutil import lines
from samples import printed_file, sheet_with_notes

ARABIC_NOTE = "خذ Ibuprofen ثم Paracetamol"  # "take Ibuprofen, then Paracetamol"
ENGLISH_NOTE = "Bring this sheet to your visit."


def test_a_right_to_left_first_line_puts_the_label_on_its_own_line(tmp_path):
    view = sheet_with_notes(tmp_path, [ARABIC_NOTE, ENGLISH_NOTE])
    assert [n.dir for n in view.notes] == ["rtl", None]
    html = render_html(view)
    assert '<p class="note-line"><strong>From your dietitian:</strong></p>' in html
    assert f'<p class="note-line" dir="rtl"><span>{ARABIC_NOTE}</span></p>' in html


def test_a_left_to_right_first_line_keeps_the_label_beside_it(tmp_path):
    view = sheet_with_notes(tmp_path, [ENGLISH_NOTE, ARABIC_NOTE])
    html = render_html(view)
    assert f'<p class="note-line"><strong>From your dietitian:</strong> <span>{ENGLISH_NOTE}</span></p>' in html
    assert 'dir="rtl"' in html


@pytest.mark.parametrize("first", ["arabic", "english"])
def test_the_arabic_note_prints_right_to_left_from_the_right_edge(tmp_path, first):
    notes = [ARABIC_NOTE, ENGLISH_NOTE] if first == "arabic" else [ENGLISH_NOTE, ARABIC_NOTE]
    pdf = printed_file(sheet_with_notes(tmp_path, notes), tmp_path, "rtl.pdf")
    found = lines(pdf)
    (arabic,) = [ln for ln in found if "Ibuprofen" in ln.text]
    assert arabic.text.index("Paracetamol") < arabic.text.index("Ibuprofen"), arabic.text
    (english,) = [ln for ln in found if ENGLISH_NOTE in ln.text]
    assert arabic.x > english.x + 40, "set from the right edge, not the left"
