"""Content on the web page in the page's language, where a reviewed translation says it.

The page's own words follow the clinician's language (handouts.web.words); content
(a diet plan's title, a food category's name) is written in English and may carry
translations with their own review (handouts.translations). A page in Spanish shows
the Spanish text when the content's Spanish translation is approved and unchanged
since; otherwise the English, tagged `lang="en"` so a screen reader pronounces it
as English instead of reading English words with Spanish sounds. Clinician content
(a topic's condition) is English only, and is tagged the same way; a topic is named by
its patient title where that translation is reviewed, else by its English title.

A page's `<title>` cannot hold a tag: an English name there says so in the page's
language ('Leaky gut syndrome (en inglés)'), so the window's name is honest about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, g, has_request_context
from markupsafe import Markup, escape

from handouts import translations
from handouts.models.common import LocalizedText
from handouts.web.words import gettext, language

SOURCE = translations.SOURCE


@dataclass(frozen=True)
class Shown:
    """A piece of content as the page shows it: its text, and its language when the page's differs."""

    text: str
    lang: str | None = None

    @property
    def lang_attr(self) -> Markup:
        """` lang="en"` for the element holding the text, or nothing when it is in the page's language."""
        return Markup(' lang="%s"') % self.lang if self.lang else Markup("")

    def __html__(self) -> Markup:
        """The text, in a span tagged with its language when that is not the page's (for use inside a sentence)."""
        if self.lang:
            return Markup('<span lang="%s">%s</span>') % (self.lang, self.text)
        return escape(self.text)

    def __str__(self) -> str:
        return self.text


def reviewed(content: Any, lang: str) -> bool:
    """Whether `content`'s translation into `lang` is approved and its English unchanged since.

    Hashing a plan's English is not free: each piece of content is judged once per request."""
    if lang == SOURCE:
        return True
    if not has_request_context():
        return _reviewed(content, lang)
    judged: dict[tuple[int, str], bool] = g.setdefault("reviewed_translations", {})
    key = (id(content), lang)
    if key not in judged:
        judged[key] = _reviewed(content, lang)
    return judged[key]


def _reviewed(content: Any, lang: str) -> bool:
    found = translations.state(content, lang)
    return found is None or found.approved


def shown(text: LocalizedText | str | None, *content: Any, lang: str | None = None) -> Shown:
    """`text` for a page in `lang` (default: this request's page language).

    `content` is what the text belongs to (a plan, the food catalogue): its translation
    must be reviewed for its words to be shown; with no content given, `text` is
    English-only content (a plain string, or a LocalizedText shown in English).
    """
    page = lang or language()
    if text is None:
        return Shown("")
    if isinstance(text, str):
        return Shown(text, None if page == SOURCE else SOURCE)
    if page != SOURCE and content and text.has(page) and all(reviewed(c, page) for c in content):
        return Shown(text.get(page))
    return Shown(text.get(SOURCE), None if page == SOURCE else SOURCE)


def topic_title(topic: Any, lang: str | None = None) -> Shown:
    """A topic's name on a page in `lang` (default: the page's): its patient title in that language where
    the topic's translation into it is reviewed; else its English title, tagged as English."""
    page = lang or language()
    if page != SOURCE and topic.patient_title is not None:
        translated = shown(topic.patient_title, topic, lang=page)
        if translated.lang is None:
            return translated
    return shown(topic.title, lang=page)


def page_title(name: Shown) -> str:
    """`name` as a page's `<title>` says it, where no tag can mark its language: with '(in English)' in the
    page's language when it is not in that language."""
    return gettext("%(title)s (in English)", title=name.text) if name.lang else name.text


def install(app: Flask) -> None:
    """Templates get `shown(text, content...)`, `topic_title(topic)` and `page_title(shown)`."""
    app.jinja_env.globals.update(shown=shown, topic_title=topic_title, page_title=page_title)


__all__ = ["Shown", "install", "page_title", "reviewed", "shown", "topic_title"]
