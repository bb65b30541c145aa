"""Custom properties (`var(--x)`) replaced by their values once, before WeasyPrint sees a stylesheet.

Why: WeasyPrint keeps a declaration that uses var() unparsed and, for every element
it applies to, substitutes and re-validates its tokens when layout first reads the
property; for our handout that was about 7% of a warm render. Our stylesheets declare
custom properties only in plain `:root` rules (base.css, a kind's sheet, its
large-print layer, the brand's colours), so every element sees the same values, and
substituting the last declared value of each, in cascade order, gives exactly the
computed values WeasyPrint would have found.

Anything that static substitution could get wrong makes `resolve` return None and the
renderer keeps the stylesheets as written: a custom property declared anywhere but a
top-level `:root` rule (an element could override it), declared `!important`, a var()
with a fallback, a name never declared, or a cycle. A test holds every shipped
stylesheet to the fast path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import tinycss2

from handouts.errors import HandoutsError

_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(,[^)]*)?\)")
_DECLARES = re.compile(r"(?:^|[{;\s])--[A-Za-z0-9_-]+\s*:")


class _Unresolvable(HandoutsError):
    """These stylesheets use custom properties in a way static substitution cannot reproduce
    (never leaves this module: `resolve` returns None instead)."""


def _root_values(css: str, values: dict[str, str]) -> None:
    """Add the custom properties `css` declares in top-level `:root` rules; raise if it declares any elsewhere."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            raise _Unresolvable(rule.message)
        content = tinycss2.serialize(rule.content or [])
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                              skip_whitespace=True):
                if declaration.type != "declaration":
                    raise _Unresolvable("something other than a declaration in :root")
                if declaration.name.startswith("--"):
                    if declaration.important:
                        raise _Unresolvable(f"{declaration.name} is !important")
                    values[declaration.name] = tinycss2.serialize(declaration.value).strip()
                elif _DECLARES.search(tinycss2.serialize(declaration.value)):
                    raise _Unresolvable("a custom property nested in :root")
        elif _DECLARES.search(content):
            raise _Unresolvable("a custom property declared outside :root")


def _substitute(text: str, values: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if match.group(2) is not None:
            raise _Unresolvable(f"var({name}) has a fallback")
        if name not in values:
            raise _Unresolvable(f"{name} is never declared")
        if name in seen:
            raise _Unresolvable(f"{name} refers to itself")
        return _substitute(values[name], values, (*seen, name))

    return _VAR.sub(value, text)


def resolve_kept(sheets: Sequence[str]) -> list[str] | None:
    """`resolve(sheets)`, kept in the content cache (handouts.contentcache) per text: parsing a
    document's stylesheets to find their values takes a new process 6-8 ms, the same every time."""
    from handouts import contentcache

    made = contentcache.derived("css", "\0".join(sheets).encode("utf-8", "surrogateescape"),
                                lambda: json.dumps(resolve(sheets)).encode("utf-8"))
    return json.loads(made)  # type: ignore[no-any-return]


def resolve(sheets: Sequence[str]) -> list[str] | None:
    """The stylesheets (in cascade order) with every var() replaced by its value, or None if that
    could change what they mean (see the module's docstring)."""
    values: dict[str, str] = {}
    try:
        for css in sheets:
            _root_values(css, values)
        return [_substitute(css, values) for css in sheets]
    except _Unresolvable:
        return None
