"""The rules never traded away: content is text, fetching is fenced, writes are atomic."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from handouts import documents
from handouts.context import Context
from handouts.atomic import write_atomic
from handouts.render import RenderError, renderer
from pdfutil import text
from samples import printed

ROOT = Path(__file__).resolve().parent.parent
TOPIC = (ROOT / "data" / "topics" / "leaky-gut.yaml").read_text(encoding="utf-8")
TODAY = date(2026, 1, 15)


def topic_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TOPIC
    path = tmp_path / "topics" / "leaky-gut.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TOPIC.replace(old, new, 1), encoding="utf-8")
    return path


def test_markup_in_content_prints_as_literal_text(tmp_path):
    payload = '<b>bold</b> <img src="file:///etc/passwd"> <script>x()</script>'
    path = topic_with(tmp_path, "  en: Leaky gut syndrome", f"  en: '{payload}'")  # the handout's title
    view = documents.build_view("patient", documents.topic_inputs(path, "default"), None, Context.default(TODAY))
    html = documents.render_bytes(view, "html").decode()
    assert "<script>" not in html and '<img src="file:///etc/passwd">' not in html
    assert "&lt;script&gt;" in html
    out = documents.write_document(view, tmp_path / "out.pdf")
    assert "<b>bold</b>" in text(out)


@pytest.fixture(scope="module")
def handout():
    """The default patient handout's view and HTML, for the fetcher's tests: the shortest document
    (the whole page is laid out before the fetcher's refusals are raised)."""
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), None, Context.default(TODAY))
    return view, documents.render_bytes(view, "html").decode()


def test_fetcher_refuses_files_outside_the_allowed_folders(tmp_path, handout):
    view, html = handout
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    html = html.replace("<main>", f'<main><img src="{secret.as_uri()}" alt="">', 1)
    with pytest.raises(RenderError, match="refused to load"):
        renderer().pdf_from_html(html, "patient-handout", view.frame.brand)


def test_fetcher_refuses_the_network(handout):
    view, html = handout
    html = html.replace("<main>", '<main><img src="http://127.0.0.1:9/x.png" alt="">', 1)
    with pytest.raises(RenderError, match="127.0.0.1"):
        renderer().pdf_from_html(html, "patient-handout", view.frame.brand)


LOGO_WAVE_STROKE = b"0.74902 0.890196 0.878431 RG"  # #bfe3e0: drawn only by the Riverside logo


def _handout(brand: str):
    return documents.build_view("patient", documents.topic_inputs("leaky-gut", brand), None, Context.default(TODAY))


def test_brand_logo_is_drawn_from_its_folder(tmp_path):
    """WeasyPrint draws the SVG into the page, so look for the logo's own stroke colour."""
    def first_page(brand: str) -> bytes:
        out = tmp_path / f"{brand}.pdf"
        out.write_bytes(printed(_handout(brand)).data)  # riverside's: compared across processes below
        return pypdf.PdfReader(str(out)).pages[0].get_contents().get_data()

    assert LOGO_WAVE_STROKE in first_page("riverside")
    assert LOGO_WAVE_STROKE not in first_page("default")  # no logo, no stroke: the check can fail


def test_failed_render_leaves_the_existing_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"%PDF-1.7 good old file")
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), None, Context.default(TODAY))

    def explode(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(type(renderer()), "write", explode)  # documents.render lays out, then writes
    with pytest.raises(RuntimeError):
        documents.write_document(view, target)
    assert target.read_bytes() == b"%PDF-1.7 good old file"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"], "no temp file left behind"


def test_interrupted_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "x.pdf"

    class Interrupt(BaseException):
        pass

    from handouts.atomic import atomic_writer

    with pytest.raises(Interrupt):
        with atomic_writer(target) as handle:
            handle.write(b"half")
            raise Interrupt
    assert list(tmp_path.iterdir()) == []
    write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"


def test_same_inputs_give_byte_identical_pdfs(tmp_path):
    view = documents.build_view("clinician", documents.topic_inputs("leaky-gut", "riverside"), None, Context.default(TODAY))
    first = documents.render_bytes(view)
    assert documents.render_bytes(view) == first


def test_a4_brand_prints_on_a4(tmp_path):
    brand = (ROOT / "data" / "brands" / "default.yaml").read_text() + "paper: a4\n"
    (tmp_path / "a4.yaml").write_text(brand)
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", tmp_path / "a4.yaml"), None, Context.default(TODAY))
    out = documents.write_document(view, tmp_path / "a4.pdf")
    width, height = (float(v) for v in pypdf.PdfReader(str(out)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


def test_archive_variant_is_pdf_a(tmp_path):
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), None, Context.default(TODAY))
    out = documents.write_document(view, tmp_path / "a.pdf", variant="archive")
    xmp = pypdf.PdfReader(str(out)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", xmp)


def test_patient_text_is_never_markup_even_in_notes(tmp_path):
    from handouts.models import Personalisation

    person = Personalisation(notes='<a href="http://evil.example">click</a>')
    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "default"), person, Context.default(TODAY))
    html = documents.render_bytes(view, "html").decode()
    assert "evil.example" in html and '<a href="http://evil.example">' not in html


def test_identical_bytes_across_processes():
    """Determinism must not depend on one process's state (fonts, caches, ids): a fresh process prints
    the bytes this one (its renderer warm from the tests before) printed."""
    import hashlib
    import subprocess
    import sys

    code = (
        "import sys, hashlib; from datetime import date; from handouts import documents;"
        "from handouts.context import Context;"
        "v = documents.build_view('patient', documents.topic_inputs('leaky-gut', 'riverside'), None, Context.default(date(2026, 1, 15)));"
        "print(hashlib.sha256(documents.render_bytes(v)).hexdigest())"
    )
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert fresh == hashlib.sha256(printed(_handout("riverside")).data).hexdigest()
