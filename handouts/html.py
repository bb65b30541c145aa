"""View model → HTML. Templates lay out a view; they decide nothing about content."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from handouts.i18n import translations
from handouts.kinds import document_kind
from handouts.resources import asset_dir
from handouts.views.base import View


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
        loader=jinja2.FileSystemLoader(str(asset_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language, region), newstyle=True)  # type: ignore[attr-defined]
    env.filters["refs"] = _refs
    return env


def _render(view: View, as_part: bool) -> str:
    locale = view.frame.locale
    template = environment(locale.language, locale.region).get_template(document_kind(view.frame.kind).template)
    return template.render(view=view, frame=view.frame, brand=view.frame.brand, as_part=as_part)


def render_html(view: View) -> str:
    """The HTML for a view model, laid out by its document kind's template, in its own language.

    A view in several languages (handouts.views.parts) prints each part's body in
    an element tagged with that part's language, in one document.
    """
    parts = getattr(view, "parts", None)
    if not parts:
        return _render(view, as_part=False)
    bodies = tuple(Part(p.frame.lang, Markup(_render(p, as_part=True))) for p in parts)
    locale = view.frame.locale
    template = environment(locale.language, locale.region).get_template("parts.html.j2")
    return template.render(view=view, frame=view.frame, brand=view.frame.brand, as_part=False, parts=bodies)


@dataclass(frozen=True)
class Part:
    lang: str
    html: Markup
