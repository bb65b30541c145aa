"""A document's HTML, made viewable in a browser.

The HTML a document renders is meant for WeasyPrint: its stylesheets are
handed to the renderer separately and its logo is a file: URL, neither of
which a browser loads. The preview links the same print stylesheets, the
bundled fonts and the brand's logo through the restricted routes in
routes/assets.py, and adds a small screen stylesheet (static/preview.css).
The document's own HTML is not changed otherwise.

Why an HTML preview and not the PDF inline: it needs no WeasyPrint render
(tens of milliseconds as the clinician ticks and types), it works where a
browser's PDF viewer is switched off by policy (such browsers save every
inline PDF to Downloads, and a preview must never leave a file with a
patient's name behind), and it zooms and reads like the rest of the page.
Print and Download always give the real PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import url_for
from markupsafe import escape

from handouts import diary_room
from handouts.documents import page_count_warning, view_languages
from handouts.html import icon_file_uri
from handouts.kinds import document_kind, kind_stylesheets
from handouts.views.base import View
from handouts.views.pictograms import shipped_images
from handouts.web import words
from handouts.web.check_words import say_check
from handouts.web.words import N_, gettext, ngettext


def stylesheet_urls(kind: str, brand_id: str, large_print: bool = False) -> list[str]:
    """The same stylesheets, in the same order, as the renderer applies."""
    return [
        url_for("assets.fonts_css"),
        url_for("assets.stylesheet", name="base.css"),
        *(url_for("assets.stylesheet", name=name) for name in kind_stylesheets(kind, large_print)),
        url_for("assets.brand_css", brand_id=brand_id),
        url_for("static", filename="preview.css"),
    ]


def pages_notice(view: View, pages: int) -> str:
    """How long the printout will be, said before anyone prints: a warning past the page target."""
    languages = view_languages(view)
    count = ngettext("%(num)d page", "%(num)d pages", pages)
    if page_count_warning(view.frame.kind, pages, view.frame.large_print, languages):
        kind = document_kind(view.frame.kind) if isinstance(view.frame.kind, str) else view.frame.kind
        target = kind.page_target_for(view.frame.large_print, languages)
        over = escape(gettext("when printed: over its %(target)s-page target: check the last page before printing "
                              "(fewer items or shorter notes bring it back).", target=target))
        return f'<p class="preview-pages over" role="alert"><strong>{escape(count)}</strong> {over}</p>\n'
    fits = gettext("%(pages)s when printed.", pages=count)
    return f'<p class="preview-pages" role="status">{escape(fits)}</p>\n'


DIARY_SPLIT = N_("the symptom diary runs over two pages (its last days or the lines under them go overleaf): the "
                 "practice's name in the running header and the brand's footer leave too little room on its page "
                 "for seven days at %(mm)s mm each, the least to write in by hand; a shorter practice name or footer "
                 "in the brand keeps it on one page")
"""handouts.diary_room.DIARY_SPLIT, which the layout of a preview finds, in the page's words."""

SAID: dict[str, Callable[[], str]] = {diary_room.DIARY_SPLIT: lambda: gettext(DIARY_SPLIT, mm=diary_room.MIN_ROW_MM)}
"""The checks the app has words of its own for, each said in the page's language."""


def _said(warning: str) -> str | None:
    """A check in the page's words, or None: the app has none for it."""
    return SAID[warning]() if warning in SAID else say_check(warning)


def checks_notice(warnings: Sequence[str]) -> str:
    """What the checks found for the person making the document (a diet sheet's: an allergen asked
    under 'Enjoy', a test left out for want of a safe food, a length outside the plan's range, a
    diary run over two pages), said above the preview as the command line says it on stderr; never
    printed. A check the app has words for (`SAID`, handouts.web.check_words) is said in the page's language;
    the others speak English (as on the command line), so they are marked as English on a page in another
    language."""
    if not warnings:
        return ""
    page = words.language()
    heading = escape(gettext("Before you print, check (not printed on the sheet):"))
    english = "" if page == "en" else ' lang="en"'
    items = "".join(f"<li>{escape(said)}</li>" if (said := _said(w)) is not None else f"<li{english}>{escape(w)}</li>"
                    for w in warnings)
    return (f'<div class="preview-checks" role="status" lang="{escape(page)}"><p><strong>{heading}</strong></p>'
            f"<ul>{items}</ul></div>\n")


def browser_html(document_html: str, view: View, brand_id: str, pages: int | None = None,
                 checks: Sequence[str] = (), details: Mapping[str, object] | None = None) -> str:
    """The document's HTML with links the browser can follow, its printed length if known, and
    what its checks found (`checks_notice`), with any character no font of ours can print: the
    browser shows it from its own fonts, the PDF as an empty box. The patient's `details`
    (handouts.glyphs.patient_details) are counted by field, never shown, as the command line and
    batch say them: the same words wherever the document is made, and none a screen shared with
    the patient, a screenshot or a support ticket would carry."""
    from handouts.glyphs import missing_warnings, visible_text

    checks = (*checks, *missing_warnings(visible_text(document_html), details))
    html = document_html
    logo = view.frame.brand.logo_path
    if logo is not None:
        # exactly as the document template wrote it (autoescaped)
        html = html.replace(str(escape(logo.as_uri())), str(escape(url_for("assets.logo", brand_id=brand_id))))
    for name in shipped_images():
        html = html.replace(str(escape(icon_file_uri(name))), str(escape(url_for("assets.icon", name=name))))
    links = "".join(
        f'<link rel="stylesheet" href="{escape(url)}">\n'
        for url in stylesheet_urls(view.frame.kind, brand_id, view.frame.large_print)
    )
    head_end = html.find("</head>")  # content is escaped, so the first one is the real one
    if head_end < 0:
        return html
    html = html[:head_end] + links + html[head_end:]
    notices = (pages_notice(view, pages) if pages is not None else "") + checks_notice(checks)
    if notices:
        body = html.find("<body")
        body_end = html.find(">", body) + 1 if body >= 0 else 0
        html = html[:body_end] + "\n" + notices + html[body_end:]
    return html
