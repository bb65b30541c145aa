"""Cross-field rules for a brand file: its logo sits in the brand's own folder and is printable;
and warnings for what prints but reads badly (a colour too light for text, no phone number)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from handouts.colour import (MIN_TEXT_CONTRAST, TINT, WATERMARK, contrast, contrast_in_grey, contrast_on_white,
                             contrast_under_mark, printed_grey, readable_on_white)
from handouts.errors import display_path
from handouts.file_rules import id_names_another_file
from handouts.models.brand import HEX_COLOUR
from handouts.validation import Flag, Rule, RuleContext, RuleFinding


def safe_relative(value: str) -> PurePosixPath | None:
    """A relative path that stays inside its folder, or None."""
    if not value or "\\" in value or ":" in value:
        return None
    rel = PurePosixPath(value)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    return rel


def is_web_address(value: str) -> bool:
    """'https://…', 'http://…', '//host/…' or 'www.…': a logo copied from a website's address bar."""
    lowered = value.strip().lower()
    return lowered.startswith(("http://", "https://", "ftp://", "//", "www."))


def _stays_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is in `folder`; a link loop is (it leads nowhere: the next check says so)."""
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, in Python 3.11
        return True


def brand_logo_inside_folder(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    logo = data.get("logo") if isinstance(data, dict) else None
    if not isinstance(logo, str) or ctx.file is None:
        return
    rel = safe_relative(logo)
    folder = Path(ctx.file).resolve().parent
    if is_web_address(logo):
        yield ("logo",), (f"logo '{logo}' is a web address, and handouts never fetches from the web: save the "
                          f"picture into {display_path(folder)} and give its path relative to this file "
                          f"(e.g. {data.get('id') if isinstance(data.get('id'), str) else 'brand'}/logo.png)")
    elif rel is None or not _stays_inside(folder / rel, folder):
        yield ("logo",), f"logo '{logo}' points outside the brand's folder; give a path inside {display_path(folder)}"
    elif not (folder / rel).is_file():
        from handouts.inputfile import why_not_a_file

        why = why_not_a_file(folder / rel)  # a FIFO there is not missing: say what it is
        yield ("logo",), (f"logo file '{logo}' does not exist in {display_path(folder)}" if why == "no such file"
                          else f"logo '{logo}' {why.replace('; give a file', '; give an image file')}")
    else:
        from handouts.logo import problems  # the same checks render makes before it prints the logo
        from handouts.logo_advice import advice

        found = problems(folder / rel)
        for message in found:
            yield ("logo",), message
        if not found:  # it prints: say what would print badly
            for message in advice(folder / rel):
                yield Flag(("logo",), message, "warning", "brand-logo")
    if not data.get("logo_alt"):
        yield ("logo_alt",), "a logo needs alt text ('logo_alt') for screen readers"


def _where_too_light(colour: str) -> str:
    """Where a colour that prints darkened falls below 4.5:1, the first of: white paper, the grey boxes, printed
    in grey, the review mark's letters."""
    ratio, on_tint = contrast_on_white(colour), contrast(colour, TINT)
    if ratio < MIN_TEXT_CONTRAST:
        return f"on white ({ratio:.1f}:1, below {MIN_TEXT_CONTRAST}:1)"
    if on_tint < MIN_TEXT_CONTRAST:
        return (f"on the grey boxes its headings sit in ({on_tint:.1f}:1 on {TINT}, below {MIN_TEXT_CONTRAST}:1; "
                f"{ratio:.1f}:1 on white)")
    if contrast_in_grey(colour) < MIN_TEXT_CONTRAST:
        return (f"printed on a black-and-white printer (it prints as the grey {printed_grey(colour)}, "
                f"{contrast_in_grey(colour):.1f}:1 where lowest, below {MIN_TEXT_CONTRAST}:1)")
    return (f"where it crosses the DRAFT or REVIEW OVERDUE mark printed across a draft's pages "
            f"({contrast_under_mark(colour):.1f}:1 on its {WATERMARK}, below {MIN_TEXT_CONTRAST}:1)")


def brand_colours_readable(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """WCAG's 4.5:1 on white, on the grey boxes and under the review mark, in colour and printed in grey: a
    lighter colour prints darkened, and the warning names the shade."""
    colours = data.get("colors") if isinstance(data, dict) else None
    if not isinstance(colours, dict):
        return
    for name in ("primary", "accent"):
        value = colours.get(name)
        if not isinstance(value, str) or not re.match(HEX_COLOUR, value.strip()):
            continue  # the model says how to write it
        shade, darkened = readable_on_white(value.strip())
        if darkened:
            where = _where_too_light(value.strip())
            yield Flag(("colors", name), (
                f"{value} is too light for text {where}: "
                f"text will print in the darker {shade} instead; choose a darker colour to decide the shade yourself"
            ), "warning", "brand-colour")


def brand_has_phone(data: Any, ctx: RuleContext) -> Iterator[RuleFinding]:
    """Handouts tell patients to call the practice: without a number they cannot.

    Worded for every document, not one: render and diet say a brand's warnings as validate does, word for
    word, and a batch once for jobs of every audience; a clinician brief and a diet sheet have no 'When to
    get help' box, only the letterhead."""
    contact = data.get("contact") if isinstance(data, dict) else None
    if not (isinstance(contact, dict) and contact.get("phone")):
        where = ("contact",) if isinstance(contact, dict) else ()
        yield Flag(where, (
            "no phone number (contact.phone): handouts tell patients to call the practice; every document's "
            "letterhead prints without one, and a patient handout's 'When to get help' box prints a write-in "
            "line 'Our phone: ______' instead"
        ), "warning", "brand-phone")


BRAND_RULES: tuple[Rule, ...] = (brand_logo_inside_folder, brand_colours_readable, brand_has_phone,
                                 id_names_another_file)
