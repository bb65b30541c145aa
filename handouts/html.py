"""View model → HTML. Templates lay out a view; they decide nothing about content."""

from __future__ import annotations

from functools import cache

import jinja2

from handouts.kinds import document_kind
from handouts.resources import asset_dir, icon_path
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
def environment() -> jinja2.Environment:
    """Autoescape everything (content is text, never markup); undefined names are errors.

    select_autoescape() would not escape '*.html.j2', hence autoescape=True.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(asset_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["refs"] = _refs
    return env


def icon_file_uri(name: str) -> str:
    """A shipped pictogram as the renderer loads it: a file under styles/, which its fetcher allows."""
    return icon_path(name).as_uri()


def render_html(view: View) -> str:
    """The HTML for a view model, laid out by its document kind's template."""
    template = environment().get_template(document_kind(view.frame.kind).template)
    return template.render(view=view, frame=view.frame, brand=view.frame.brand, icon_src=icon_file_uri)
