"""--format html: a standalone, accessible web page with the print's content (a patient portal, an
email), and the format follows the output file's name unless --format says otherwise."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts import documents
from handouts.cli import main
from handouts.context import Context

PERSONAL = ["--brand", "riverside", "--patient-name", "Alex Morgan", "--note", "Bring your food diary."]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


class Page(HTMLParser):
    """What a browser would load and show: tags, attributes, and the text outside <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("img", "meta", "br"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if "style" not in self._in:
            self.text.append(data)

    @property
    def words(self) -> str:
        """The visible text, its white space folded as a browser folds it."""
        return re.sub(r"\s+", " ", "".join(self.text)).strip()


def parse(path: Path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


@pytest.fixture(scope="module")
def patient_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("page") / "handout.html"
    result = run("render", "leaky-gut", "--audience", "patient", *PERSONAL, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_the_name_decides_the_format_unless_format_is_given(tmp_path):
    for name in ("a.html", "b.HTM"):
        result = run("render", "leaky-gut", "--audience", "patient", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = run("render", "leaky-gut", "--audience", "patient", "-o", str(tmp_path / "c.pdf"))
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")

    result = run("render", "leaky-gut", "--audience", "patient", "--format", "pdf", "-o", str(tmp_path / "d.html"))
    assert result.exit_code == 0 and (tmp_path / "d.html").read_bytes().startswith(b"%PDF")
    assert "writing PDF to" in result.output and "whose name says HTML" in result.output

    result = run("render", "leaky-gut", "--audience", "patient", "-o", str(tmp_path / "e.txt"))
    assert result.exit_code == 2 and "cannot tell the format" in result.output
    assert not (tmp_path / "e.txt").exists()

    result = run("diet", "low-fodmap", "-o", str(tmp_path / "sheet.html"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sheet.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_default_name_follows_format_html(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("render", "leaky-gut", "--audience", "patient", "--format", "html").exit_code == 0
    assert (tmp_path / "leaky-gut-patient.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_page_is_standalone(patient_page):
    """Everything inside the one file: styles, pictograms, logo. Nothing to fetch, nothing to run."""
    html, page = parse(patient_page)
    assert not [t for t, _ in page.tags if t in ("link", "script", "iframe", "object", "embed")]
    for tag, attrs in page.tags:
        for attr in ("src", "href"):
            value = attrs.get(attr)
            # The practice's email address is a link the reader may press: nothing is fetched.
            pressed = tag == "a" and attr == "href" and value is not None and value.startswith("mailto:")
            assert value is None or value.startswith("data:") or pressed, (tag, attr, value[:60] if value else value)
    assert "file:" not in html and "http://" not in html and "https://" not in html
    assert not re.search(r"url\((?![\"']?data:)", html), "every url() in the styles is inlined"
    assert "@font-face" not in html, "no font files: the reader's own fonts stand in"
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "--brand-primary: #0b6e69" in style, "the brand's colours"
    logos = [a for t, a in page.tags if t == "img" and "logo" in (a.get("class") or "")]
    assert len(logos) == 1 and logos[0]["src"].startswith("data:image/svg+xml;base64,")


def test_the_page_is_accessible_and_keeps_the_review_marks(patient_page):
    html, page = parse(patient_page)
    assert page.tags[0] == ("html", {"lang": "en"})
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) >= 8 and all(a.get("alt") for a in images), "every picture says what it shows"
    assert [t for t, _ in page.tags].count("main") == 1 and ("footer", {"class": "page-end"}) in page.tags
    text = page.words
    assert "DRAFT: not clinically approved" in text
    # the running lines of the print, said once at the end instead of dumped at the top
    assert 'class="running"' not in html
    review = "Under review: not yet approved · updated July 2, 2025"
    footer = "Riverside Family Practice · Questions? Call (217) 555-0142, Monday to Friday, 8 am to 6 pm."
    assert text.count(review) == 1 and text.count(footer) == 1
    assert text.index(review) > text.index("This handout gives general information")


def test_the_page_has_the_prints_content(patient_page):
    _, page = parse(patient_page)
    text = page.words
    ctx = Context.default()
    from handouts.models import Personalisation

    view = documents.build_view("patient", documents.topic_inputs("leaky-gut", "riverside", ctx),
                                Personalisation(patient_name="Alex Morgan", notes="Bring your food diary."), ctx)
    for item in (*view.helps, *view.avoid, *view.medicines):
        assert item.action in text and item.detail in text, item.id
    for line in (view.bottom_line, view.about, *view.get_help_now, *view.call_us, view.disclaimer,
                 "Alex Morgan", "Bring your food diary.", "In an emergency, call 911."):
        assert line in text, line
