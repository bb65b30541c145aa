"""A reference's DOI and URL print as links over their own words, never inside each other's markup.

Issue reproduction: a reference whose URL was its DOI's address (https://doi.org/10...., a common
way to write one) had the URL's link put inside the DOI link's href: the clinician brief printed
'https://doi.org/10.1136/gut. 2006.091108">doi:10.1136/gut.2006.091108' and no link worked."""

from __future__ import annotations

import io

import pypdf

from handouts import documents
from handouts.context import Context
from handouts.models import Reference
from handouts.views.citations import format_references
from samples import edited_copy

DOI = "10.1136/gut.2006.091108"


def _entry(**fields: str) -> str:
    record = {"id": "ref", "kind": "guideline", "type": "article-journal", "title": "Short bowel",
              "author": [{"family": "Nightingale", "given": "J."}], "issued": {"date-parts": [[2006]]}, **fields}
    (entry,) = format_references([Reference.model_validate(record)])
    return str(entry.text)


def test_a_url_that_is_its_doi_address_stays_out_of_the_doi_link():
    text = _entry(DOI=DOI, URL=f"https://doi.org/{DOI}")
    assert f'<a href="https://doi.org/{DOI}">doi:{DOI}</a>' in text
    assert 'href="<a' not in text


def test_the_brief_prints_the_reference_without_markup(tmp_path):
    path = edited_copy(tmp_path, ("URL: https://gut.bmj.com/content/55/suppl_4/iv1", f"URL: https://doi.org/{DOI}"))
    ctx = Context.default()
    view = documents.build_view("clinician", documents.topic_inputs(path, "riverside", ctx), None, ctx)
    reader = pypdf.PdfReader(io.BytesIO(documents.render(view).data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Nightingale J" in text and f"doi:{DOI}" in text
    assert '">' not in text and "href" not in text
    links = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or ()
             if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]}
    assert f"https://doi.org/{DOI}" in links
