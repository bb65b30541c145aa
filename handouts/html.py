"""View model → HTML. Templates lay out a view; they decide nothing about content.

Two kinds of HTML come from one template per document:

- the print HTML, which WeasyPrint lays out (and the web preview shows): its
  pictograms and logo are file: URLs the restricted fetcher allows, its
  stylesheets are handed to the renderer separately;
- a standalone page (`--format html`, for a patient portal or an email): the
  same content, language and review marks, with its stylesheets, pictograms and
  logo inside the one file, and nothing that only paper needs (margin-box
  strings); fonts fall back to the reader's own.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from handouts.contentcache import template_cache
from handouts.doseformat import bind_units
from handouts.htmlspace import strip_block_whitespace
from handouts.i18n import translations
from handouts.kept_assets import KeptTemplates, icon_bytes, icon_file, stylesheet_sources
from handouts.kinds import document_kind, kind_stylesheets
from handouts.views.base import View
from handouts.unbroken import (keep_last_words, keep_number_with_word, keep_numbers_whole, keep_range_whole, keep_version_whole,
                               name_pieces, short_name, whole_names)
from handouts.views.frame import PAGE_LABEL, BrandView, Frame, Mark
from handouts.views.textdir import direction


def _refs(numbers: tuple[int, ...]) -> str:
    """[1, 2, 3, 5] → '1-3, 5': compact citation ranges."""
    out: list[str] = []
    nums = sorted(numbers)
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(f"{nums[i]}–{nums[j]}" if j - i >= 2 else ", ".join(str(n) for n in nums[i:j + 1]))
        i = j + 1
    return ", ".join(out)


def _bound_units(value: object) -> object:
    """Every text a template prints, its figures bound to their units (handouts.doseformat.bind_units).

    Plain text only: markup (ours, already escaped) is left as it is; the text filters that return
    markup from content (keep_last_words) bind the units themselves."""
    return bind_units(value) if type(value) is str else value


@cache
def environment(language: str = "en", region: str = "") -> jinja2.Environment:
    """The templates with one locale's words: one environment per locale, never shared state.

    Autoescape everything (content is text, never markup); undefined names are
    errors. select_autoescape() would not escape '*.html.j2', hence
    autoescape=True. The locale's gettext catalogue is installed in this
    environment only (newstyle: `_("Call us at %(phone)s", phone=...)`
    escapes its values), so renders in different languages, in threads of the
    web app, never see each other's words.
    """
    env = jinja2.Environment(
        loader=KeptTemplates(),  # as the process first read them: never a newer version on disk
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=template_cache(),  # compiled once per template change, not once per process
        finalize=_bound_units,
    )
    env.install_gettext_translations(translations(language, region), newstyle=True)  # type: ignore[attr-defined]
    env.filters["refs"] = _refs
    env.filters["unbroken_numbers"] = keep_numbers_whole
    env.filters["unbroken_version"] = keep_version_whole
    env.filters["name_pieces"] = name_pieces
    env.filters["short_name"] = short_name
    env.filters["whole_names"] = whole_names
    env.filters["unbroken_range"] = keep_range_whole
    env.filters["unbroken_last_number"] = keep_number_with_word
    env.filters["last_words"] = keep_last_words
    env.filters["text_dir"] = direction
    env.filters["running_mark"] = running_mark
    env.filters["stacked_marks"] = stacked_marks
    return env


def running_mark(marks: Iterable[Mark]) -> str:
    """Every mark's word for the top margin of pages 2 onwards, on one line: 'REVISIÓN VENCIDA ·
    TRADUCCIÓN EN BORRADOR' (styles/two-marks.css). With the first alone, page 2 of an overdue
    draft translation said only that it was overdue."""
    return " · ".join(mark.label for mark in marks)


def stacked_marks(marks: Iterable[Mark]) -> str:
    """Every mark's word, one a line, for the top margin of a large-print page, where two marks
    and the practice's name do not fit one line (styles/large-print-two-marks.css). No separator:
    stacked, the marks are apart already, and one line ended in a dangling 'REVISIÓN VENCIDA ·'."""
    return "\n".join(mark.label for mark in marks)


def icon_file_uri(name: str) -> str:
    """A shipped pictogram as the renderer loads it: a file under styles/, which its fetcher serves
    as this process first read it (handouts.kept_assets)."""
    return icon_file(name).as_uri()


def data_uri(path: Path, data: bytes | None = None) -> str:
    """A file inside the HTML itself (our own pictograms, a brand's validated logo): `data`, or the file's bytes."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    body = path.read_bytes() if data is None else data
    return f"data:{mime};base64,{base64.b64encode(body).decode('ascii')}"


@cache
def icon_data_uri(name: str) -> str:
    return data_uri(icon_file(name), icon_bytes(name))


def brand_css(brand: BrandView) -> str:
    """The brand's colours and paper. Only validated values reach here: #rrggbb colours, a paper keyword."""
    return (
        f":root {{ --brand-primary: {brand.primary}; --brand-accent: {brand.accent}; }}\n"
        f"@page {{ size: {brand.paper}; }}\n"
    )


_ICON_URL = re.compile(r'url\("icons/([a-z0-9-]+)\.svg"\)')


@cache
def _stylesheet_text(name: str) -> str:
    """One of our own stylesheets, its pictogram url()s made data URIs so nothing is fetched."""
    css = stylesheet_sources()[name].decode("utf-8")
    css = _ICON_URL.sub(lambda m: f'url("{icon_data_uri(m.group(1))}")', css)
    if "</" in css:  # cannot happen with our own files; would end the <style> element early
        raise ValueError(f"styles/{name} cannot be inlined in HTML")
    return css


def page_css(kind: str, brand: BrandView, large_print: bool = False) -> Markup:
    """Everything a standalone page needs to look like the print, in one <style>."""
    parts = [_stylesheet_text("base.css"), *(_stylesheet_text(name) for name in kind_stylesheets(kind, large_print)),
             brand_css(brand), _stylesheet_text("page.css")]
    return Markup("\n".join(parts))


def render_html(view: View) -> str:
    """The print HTML for a view model, laid out by its document kind's template."""
    logo = view.frame.brand.logo_path
    # Without the indentation beside block tags, which prints nothing but costs WeasyPrint a box each.
    return strip_block_whitespace(_render(view, standalone=False, icon_src=icon_file_uri,
                                          logo_src=logo.as_uri() if logo else None))


def render_page(view: View) -> str:
    """A standalone, accessible web page with the print's content: styles, pictograms and logo inside."""
    logo = view.frame.brand.logo_path
    return _render(view, standalone=True, icon_src=icon_data_uri, logo_src=data_uri(logo) if logo else None,
                   page_css=page_css(view.frame.kind, view.frame.brand, view.frame.large_print))


def _render(view: View, **mode: object) -> str:
    """A view in its own language; a view in several (handouts.views.parts) prints each part's
    body in an element tagged with that part's language, in one document.

    The document's running footer is the first part's, with its own lines only (English pages never
    print the Spanish part's 'draft translation' line); each later part brings its own, in its
    language, which takes over from the page it starts on: the English pages of a Spanish and
    English handout say "Under review: not yet approved" and "Page 4 of 5" in English, and its
    top margin "DRAFT", not "BORRADOR" (every mark of the part, as on every page: running_mark). Each later part also opens with its own masthead (the
    practice, its phone and website, the part's own marks), in its language. The watermark
    repeats on every page (a fixed element), so it says each part's marks, one a line:
    "BORRADOR", then "DRAFT"."""
    parts = getattr(view, "parts", None)
    if parts:
        bodies = tuple(Part(p.frame.lang, Markup(_render_one(p, as_part=True, later_part=index > 0,
                                                             page_label=page_label_pieces(p.frame), **mode)),
                            mark=running_mark(p.frame.marks) if index > 0 else None,
                            stacked=stacked_marks(p.frame.marks) if index > 0 else None)
                       for index, p in enumerate(parts))
        labels = dict.fromkeys(m.label for p in parts for m in p.frame.marks)  # every part's marks, once each
        return _render_one(view, template="parts.html.j2", as_part=False, parts=bodies,
                           watermark="\n".join(labels) or None, masthead_marks=parts[0].frame.marks,
                           footer_frame=parts[0].frame, **mode)
    return _render_one(view, as_part=False, **mode)


_PLACES = ("%(page)s", "%(pages)s")


def page_label_pieces(frame: Frame) -> tuple[str, str, str] | None:
    """'Page %(page)s of %(pages)s' in the frame's language as the words before the page number,
    between the two numbers and after them (styles/base.css prints them round the counters);
    None for a language that puts the page count first, which keeps the document's label."""
    label = frame.words.gettext(PAGE_LABEL)
    first, second = label.find(_PLACES[0]), label.find(_PLACES[1])
    if not 0 <= first < second:
        return None
    return label[:first], label[first + len(_PLACES[0]):second], label[second + len(_PLACES[1]):]


def _render_one(view: View, template: str | None = None, **values: object) -> str:
    locale = view.frame.locale
    env = environment(locale.language, locale.region)
    chosen = env.get_template(template or document_kind(view.frame.kind).template)
    return chosen.render(view=view, frame=view.frame, brand=view.frame.brand, **values)


@dataclass(frozen=True)
class Part:
    lang: str
    html: Markup
    mark: str | None = None  # a later part's marks for the top margin, in its language ("" for none)
    stacked: str | None = None  # the same marks one a line, for large print (handouts.html.stacked_marks)
